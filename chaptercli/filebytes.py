"""A file's bytes, read only from a regular file and never waiting.

A FIFO named `*.yaml` would make a read wait for a writer forever, a device
could be endless: anything but a regular file is refused by name, before it is
opened. It is opened without blocking all the same, and looked at again once
open, in case another file took its place meanwhile. Light on imports: the
index looks at every file of a library through here on every command.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from chaptercli.errors import DataError
from chaptercli.media.kinds import HEAD_BYTES
from chaptercli.media.kinds import kind_of as kind_of_media

# Far more than any episode's chapters; a bigger file is refused before it is read.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Of a media file (an audiobook may be gigabytes), only its start is read here: what
# tells its container, and what the index hashes; its tags are read from its path.
MEDIA_HEAD_BYTES = 1024 * 1024

# Opening never waits: not for a FIFO's writer (refused after fstat), nor for a terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def too_large(size: int) -> str:
    mib = 1024 * 1024
    limit = MAX_FILE_BYTES // mib
    return f"too large to be a chapters file ({size / mib:.0f} MiB; the limit is {limit} MiB)"


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words: "a FIFO", "a directory", …"""
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISLNK, "a symbolic link"),
             (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "a device")


def regular_status(path: str | Path) -> os.stat_result:
    """The status of a regular file; a DataError for anything else (a FIFO, a device,
    a socket, a directory), or for a file that cannot be looked at."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise _unreadable(error, str(path)) from None
    return status if stat.S_ISREG(status.st_mode) else _regular(status, str(path))


def read_regular(path: str | Path) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes, and its status (fstat) just before they were read."""
    source = str(path)
    regular_status(path)
    try:
        with open(os.open(path, _OPEN_FLAGS), "rb") as stream:
            status = _regular(os.fstat(stream.fileno()), source)
            head = stream.read(HEAD_BYTES)
            if kind_of_media(head) is not None:  # read from its path by the media readers
                return head + stream.read(MEDIA_HEAD_BYTES - len(head)), status
            if status.st_size > MAX_FILE_BYTES:
                raise DataError(source, [too_large(status.st_size)])
            # Sized by the file: read(n) sets aside n bytes before it reads.
            raw = head + stream.read(max(status.st_size + 1 - len(head), 1))
            if len(raw) > status.st_size:  # grown since (or sized 0, as in /proc): read on
                raw += stream.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as error:
        raise _unreadable(error, source) from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise DataError(source, [f"too large to be a chapters file (it grew past the limit of "
                                 f"{limit} MiB as it was read)"])  # fmt: skip
    return raw, status


def media_kind(path: Path) -> str | None:
    """The media container a regular file's first bytes say it is, or None: only
    those bytes are read (a chapters file may be large)."""
    regular_status(path)
    try:
        with open(os.open(path, _OPEN_FLAGS), "rb") as stream:
            _regular(os.fstat(stream.fileno()), str(path))
            return kind_of_media(stream.read(HEAD_BYTES))
    except OSError as error:
        raise _unreadable(error, str(path)) from None


def read_bytes(path: str | Path) -> bytes:
    return read_regular(path)[0]


def _regular(status: os.stat_result, source: str) -> os.stat_result:
    if not stat.S_ISREG(status.st_mode):
        raise DataError(source, [f"is {kind_of(status.st_mode)}, not a chapters file"])
    return status


def _unreadable(error: OSError, source: str) -> DataError:
    if isinstance(error, FileNotFoundError):
        return DataError(source, ["no such file"])
    return DataError(source, [f"cannot read: {error.strerror or error}"])


def playable(path: Path) -> bool:
    """Whether a player may be started on path: False when there is no such file; a
    DataError when it is no regular file, or its first bytes are text (a `file:` url
    naming /etc/passwd plays nothing). Media is binary; an empty file is let through."""
    if not os.path.lexists(path):
        return False
    regular_status(path)
    try:
        with open(os.open(path, _OPEN_FLAGS), "rb") as stream:
            head = stream.read(4096)
    except OSError as error:
        raise _unreadable(error, str(path)) from None
    if head and kind_of_media(head) is None and b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as cut:
            if cut.start < len(head) - 3:  # not merely a character cut at 4096 bytes
                return True
        raise DataError(str(path), ["is text, not audio or video: not opened in a player"])
    return True
