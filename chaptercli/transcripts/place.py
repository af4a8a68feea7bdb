"""Where an episode's transcript file is: relative to its chapters file, and
never outside that file's folder.

The path comes from a file that may have come from anywhere (a feed): it may
not be absolute, climb out with `..`, name a url or a drive, or lead out
through a symbolic link. Checked twice: as written, when the YAML is loaded
(`transcript_path_problem`, so the message names its line), and as the file
system resolves it, when the transcript is opened (`transcript_file`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from chaptercli.errors import DataError

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}:")
STDIN = "<stdin>"


def transcript_path_problem(path: str) -> str | None:
    """Why a `transcript:` value cannot be used, or None when it can."""
    if not path.strip():
        return "is empty: give the transcript file's path, relative to this file"
    if "\x00" in path or "\\" in path:
        return "must be a path with / between folders (no backslashes or NUL characters)"
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).anchor:
        return (f"must be a path relative to this file's folder, not {path[:200]!r}: "
                "an absolute path is refused")  # fmt: skip
    if _SCHEME.match(path):
        return (f"must be a file in this file's folder, not {path[:200]!r}: download it "
                "(`chapters feed` does) and give its path")  # fmt: skip
    if ".." in PurePosixPath(path).parts:
        return f"must stay inside this file's folder: {path[:200]!r} climbs out with '..'"
    return None


def transcript_file(chapters_file: str, path: str) -> Path:
    """The transcript's file, found from the chapters file that names it; a
    DataError (naming the chapters file) when it would lead outside its folder."""
    if chapters_file == STDIN:
        raise DataError(STDIN, ["its transcript cannot be found: a transcript's path is "
                                "relative to the chapters file, and standard input has no "
                                "folder (give the file with -f)"])  # fmt: skip
    problem = transcript_path_problem(path)
    if problem:
        raise DataError(chapters_file, [f"'transcript' {problem}"])
    folder = Path(os.path.realpath(Path(chapters_file).parent))
    target = Path(os.path.realpath(folder / path))
    if not target.is_relative_to(folder):
        escape = f"{path[:200]!r} leads outside this file's folder (through a symbolic link)"
        raise DataError(chapters_file, [f"'transcript' {escape}: refused"])
    return target
