"""Writing a file so that it is either wholly there or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from chaptercli.errors import ChapterError


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write text to path through a temporary file in the same directory and a
    rename, so a failure at any point leaves the old file (or no file) intact
    and no temporary file behind. Refuses to replace a file unless force."""
    if path.is_dir():
        raise ChapterError(f"{path} is a directory")
    if path.exists() and not force:
        raise ChapterError(f"{path} already exists: use --force to overwrite it")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise ChapterError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if force:
            os.replace(temporary, path)
        else:
            _place_without_replacing(temporary, path)
    except FileExistsError:
        _remove(temporary)
        raise ChapterError(f"{path} already exists: use --force to overwrite it") from None
    except OSError as error:
        _remove(temporary)
        raise ChapterError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        _remove(temporary)
        raise


def _place_without_replacing(temporary: str, path: Path) -> None:
    # A hard link fails if the name was taken meanwhile: never clobber a file.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
