"""The terminal a command writes to, decided once and passed in.

Everything that depends on where output goes (a terminal or a pipe, colour or
not, how many columns) is read here, from the streams and the environment
variables, and nowhere else. Tests build an `Environment` directly to say "a
20-column terminal" or "piped"; the command builds one with `detect()`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO


@dataclass
class Environment:
    stdout: IO[str]
    stderr: IO[str]
    stdout_terminal: bool  # lay out for a person: tables, wrapping, colour where allowed
    stderr_terminal: bool
    colour: bool  # colours on the streams that are terminals
    width: int | None = None  # columns; None: the terminal's own (or COLUMNS)
    environ: Mapping[str, str] = field(default_factory=dict)
    pager: str | None = None  # a shell command that pages long output on a terminal

    @classmethod
    def detect(
        cls,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Environment:
        """The process's own streams, read as Rich reads them: FORCE_COLOR and
        TTY_COMPATIBLE=1 make a stream a terminal, TERM=dumb and TTY_COMPATIBLE=0 a
        pipe; NO_COLOR turns colour off."""
        environ = os.environ if environ is None else environ
        out = stdout or sys.stdout
        err = stderr or sys.stderr
        columns = environ.get("COLUMNS", "")
        width = int(columns) if columns.isascii() and columns.isdigit() else 0
        return cls(
            stdout=out,
            stderr=err,
            stdout_terminal=_is_terminal(out, environ),
            stderr_terminal=_is_terminal(err, environ),
            colour=not environ.get("NO_COLOR"),
            width=width or None,
            environ=environ,
            pager=_pager(out, environ),
        )

    def write(self, text: str, stderr: bool = False) -> None:
        """Text out in one go. To a real file descriptor the bytes go straight to
        `os.write` until all are taken: a reader that went away (`| head -1`) then
        raises BrokenPipeError, which a buffered stream may never report."""
        stream = self.stream(stderr)
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):  # a StringIO, a test runner's stream
            stream.write(text)
            stream.flush()
            return
        stream.flush()
        encoding = getattr(stream, "encoding", None) or "utf-8"
        data = memoryview(text.encode(encoding, getattr(stream, "errors", None) or "strict"))
        while data:
            data = data[os.write(fd, data) :]

    def stream(self, stderr: bool = False) -> IO[str]:
        return self.stderr if stderr else self.stdout

    def is_terminal(self, stderr: bool = False) -> bool:
        return self.stderr_terminal if stderr else self.stdout_terminal

    def for_rich(self) -> dict[str, str]:
        """The variables Rich reads, without the ones this environment has decided
        (Rich would take `COLUMNS=²` for a number and fail)."""
        decided = ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")
        return {key: value for key, value in self.environ.items() if key not in decided}

    def lines(self) -> int:
        """Rows of the terminal (LINES, else its own, else 24): more output is paged."""
        rows = self.environ.get("LINES", "")
        if rows.isascii() and rows.isdigit() and int(rows):
            return int(rows)
        try:
            return os.get_terminal_size(self.stdout.fileno()).lines or 24
        except (AttributeError, ValueError, OSError):
            return 24

    def page(self, text: str) -> bool:
        """Show text through the pager when it is longer than the terminal; whether
        it did (else the caller writes it)."""
        if self.pager is None or text.count("\n") < self.lines():
            return False
        import subprocess

        environ = {**self.environ, "LESS": self.environ.get("LESS", "FRX")}
        try:
            # A shell command, as git runs $PAGER: it is the user's own setting.
            pager = subprocess.Popen(self.pager, shell=True, stdin=subprocess.PIPE,  # noqa: S602
                                     env=environ)  # fmt: skip
        except OSError:
            return False
        try:
            if pager.stdin is not None:
                pager.stdin.write(text.encode("utf-8", "replace"))
                pager.stdin.close()
        except BrokenPipeError:  # quit before reading it all: that is the person's choice
            pass
        while True:
            try:
                pager.wait()
                return True
            except KeyboardInterrupt:  # the pager handles Ctrl-C; wait for it to end
                continue

    def columns(self) -> int:
        """Columns to lay a picture out in: the width asked for, else the terminal's,
        else 80."""
        if self.width is not None:
            return self.width
        try:
            return os.get_terminal_size(self.stdout.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            return 80


def _pager(stream: IO[str], environ: Mapping[str, str]) -> str | None:
    """The pager for long output, as git chooses it: CHAPTERS_PAGER, else PAGER,
    else `less -FRX`; none unless stdout really is a terminal, nor when the
    choice is empty or `cat`."""
    try:
        if not stream.isatty() or environ.get("TERM") == "dumb":
            return None
    except (AttributeError, ValueError):
        return None
    pager = environ.get("CHAPTERS_PAGER", environ.get("PAGER", "less -FRX")).strip()
    return None if pager in ("", "cat") else pager


def _is_terminal(stream: IO[str], environ: Mapping[str, str]) -> bool:
    if environ.get("TTY_COMPATIBLE") == "0":
        return False
    if environ.get("FORCE_COLOR") or environ.get("TTY_COMPATIBLE") == "1":
        return True  # a terminal even when it cannot tell
    try:
        return stream.isatty() and environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
