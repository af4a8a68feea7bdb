"""Writing a file so that it is either wholly there or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from chaptercli.errors import ChapterError
from chaptercli.filebytes import kind_of


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write text to path through a temporary file in the same directory and a
    rename, so a failure at any point leaves the old file (or no file) intact
    and no temporary file behind. Refuses to replace a file unless force, and
    replaces only a regular file: never a directory, a symbolic link (which could
    point anywhere), a FIFO, a socket or a device."""
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise ChapterError(f"cannot write {path}: {error.strerror or error}") from None
    if existing is not None:
        if not stat.S_ISREG(existing.st_mode):
            raise ChapterError(f"{path} is {kind_of(existing.st_mode)}: only a regular file is "
                               "replaced")  # fmt: skip
        if not force:
            raise ChapterError(f"{path} already exists: use --force to overwrite it")
    try:
        mode = existing.st_mode & 0o777 if existing is not None else _new_file_mode()
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
            place_without_replacing(temporary, path)
    except FileExistsError:
        _remove(temporary)
        raise ChapterError(f"{path} already exists: use --force to overwrite it") from None
    except OSError as error:
        _remove(temporary)
        raise ChapterError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        _remove(temporary)
        raise


def place_without_replacing(temporary: str, path: Path) -> None:
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
