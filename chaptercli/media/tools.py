"""The programs and the library media work needs: ffmpeg, ffprobe and mkvtoolnix
found on PATH, mutagen imported only when a media file is met; each missing one
named in a message that says which command needs it and how to get it."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from chaptercli.errors import ChapterError

TIMEOUT_S = 60  # no tool may hang a command: a stream copy of a long book fits well inside
MAX_OUTPUT = 16 * 1024 * 1024  # what a tool may say on stdout (ffprobe's JSON of a file)

_PACKAGES = {"ffmpeg": "ffmpeg", "ffprobe": "ffmpeg", "mkvpropedit": "mkvtoolnix",
             "mkvextract": "mkvtoolnix"}  # fmt: skip


def find(tool: str, needed_for: str) -> str:
    """The path of a program on PATH, or an error naming it and what needs it."""
    path = shutil.which(tool)
    if path is None:
        raise ChapterError(f"{tool} is not installed (not found on PATH): {needed_for} needs "
                           f"it; install the {_PACKAGES[tool]} package")  # fmt: skip
    return path


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def run(args: list[str], source: str, what: str) -> bytes:
    """A program's standard output; its failure, a timeout or too much output is
    an error naming the file it worked on and what it was doing."""
    try:
        done = subprocess.run(  # noqa: S603 - a tool found on PATH, arguments as a list
            args, capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL, check=False
        )
    except subprocess.TimeoutExpired:
        raise ChapterError(f"{source}: {what} took more than {TIMEOUT_S} s and was "
                           "stopped") from None  # fmt: skip
    except OSError as error:
        raise ChapterError(f"{source}: cannot run {args[0]}: {error.strerror or error}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1][:300] if said else f"exit status {done.returncode}"
        raise ChapterError(f"{source}: {what} failed: {reason}")
    if len(done.stdout) > MAX_OUTPUT:
        raise ChapterError(f"{source}: {what} said more than {MAX_OUTPUT // 2**20} MiB")
    return done.stdout


def mutagen(module: str, needed_for: str) -> Any:
    """A module of mutagen (`mp3`, `id3`, …), untyped on purpose (mutagen's types
    are partial), or an error naming the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(f"mutagen.{module}")
    except ImportError:
        raise ChapterError(f"{needed_for} needs media support, which is not installed: "
                           "pip install 'chaptercli[media]'") from None  # fmt: skip
