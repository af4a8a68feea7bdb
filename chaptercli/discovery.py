"""Which files make a library: the episode bundled with chaptercli, and the
chapters files named or found below directories, each with the resolved path
that tells it apart from every other file however it was named."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from chaptercli.errors import DataError
from chaptercli.media.kinds import SUFFIXES as MEDIA_SUFFIXES

# Chapters files, and media files with chapters inside (told apart by content when read).
SUFFIXES = (".yaml", ".yml", *MEDIA_SUFFIXES)
BUNDLED_NAME = "chapters.yaml"


class LibraryFile(NamedTuple):
    """A chapters file as named or found (what messages show), and its resolved path:
    absolute, through every symbolic link (what identifies it)."""

    path: Path
    real: str


def bundled_path() -> Path:
    """The episode shipped with chaptercli, inside an installed wheel or in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / BUNDLED_NAME
    return installed if installed.is_file() else package.parent / "data" / BUNDLED_NAME


class FilesFound(NamedTuple):
    """The chapters files under some paths, and the directories that could not be read."""

    files: list[LibraryFile]
    unreadable: list[DataError]


def files_under(paths: Sequence[Path]) -> FilesFound:
    """Every chapters file named or found below the given paths, in order, each once
    however often and by whatever names (symbolic links, relative paths) it comes; and
    each directory below them that could not be read, so that no answer is silently
    short of its files."""
    found: list[tuple[str, str]] = []
    unreadable: list[DataError] = []
    for path in paths:
        if path.is_dir():
            below = _walk(str(path), os.path.realpath(path), unreadable)
            found += sorted(below, key=lambda named: named[0].split(os.sep))
        else:
            found.append((str(path), os.path.realpath(path)))
    unique: dict[str, str] = {}
    for name, real in found:
        unique.setdefault(real, name)
    return FilesFound([LibraryFile(Path(name), real) for real, name in unique.items()], unreadable)


def _walk(top: str, top_real: str, unreadable: list[DataError]) -> Iterator[tuple[str, str]]:
    """Chapters files below a directory, each with its resolved path; hidden files
    and directories are passed over, and so are links to directories (so no loop).
    Iterative, so no depth of directories exhausts the stack; a file that is not
    a regular file is found too, to be refused by name when it is read."""
    pending = [(top, os.path.join(top_real, ""))]
    while pending:
        directory, real = pending.pop()  # real: resolved, ending in a separator
        try:
            entries = list(os.scandir(directory))
        except OSError as error:
            unreadable.append(DataError(directory, [f"cannot read: {error.strerror or error}"]))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, real + entry.name + os.sep))
            elif entry.name.lower().endswith(SUFFIXES):
                link = entry.is_symlink()
                yield entry.path, os.path.realpath(entry.path) if link else real + entry.name
