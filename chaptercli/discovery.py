"""Which files make a library: the episode bundled with chaptercli, and the
chapters files named or found below directories."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
BUNDLED_NAME = "chapters.yaml"


def bundled_path() -> Path:
    """The episode shipped with chaptercli, inside an installed wheel or in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / BUNDLED_NAME
    return installed if installed.is_file() else package.parent / "data" / BUNDLED_NAME


def files_under(paths: Sequence[Path]) -> list[Path]:
    """Every chapters file named or found below the given paths, each once, in order."""
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            found += sorted(_walk(str(path)), key=lambda name: name.split(os.sep))
        else:
            found.append(str(path))
    unique: dict[str, str] = {}
    for name in found:
        unique.setdefault(os.path.abspath(name), name)
    return [Path(name) for name in unique.values()]


def _walk(directory: str) -> Iterable[str]:
    """Chapters files below directory; hidden files and directories are passed over."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return  # unreadable: nothing found there
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.name.endswith(SUFFIXES):
            yield entry.path
