"""The errors a user can act on. The CLI shows their text and exits 2.

An error is a message and, for some, lines of detail (the problems of a file,
the candidates for a reference). Each of `lines()` is meant as one line: the
renderer keeps it on one, whatever untrusted text (a title, a file name) it
quotes, so no text can forge a line of its own.
"""

from __future__ import annotations

from collections.abc import Sequence


class ChapterError(Exception):
    """A problem with the user's input or data, explained in its message."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        self.message = message
        self.details = list(details)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [self.message, *self.details]


class TimeSyntaxError(ChapterError, ValueError):
    """A time that cannot be read."""


class DataError(ChapterError):
    """A chapters file that cannot be used; every problem found is listed."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = [f"{source}: {problem}" for problem in self.problems]
        super().__init__(lines[0] if lines else source, lines[1:])


class RefError(ChapterError):
    """A chapter reference that matches no chapter, or more than one."""

    SHOWN = 20  # candidates listed at most; a library may offer thousands

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        details = [f"  {candidate}" for candidate in self.candidates[: self.SHOWN]]
        if len(self.candidates) > self.SHOWN:
            details.append(f"  … and {len(self.candidates) - self.SHOWN} more")
        super().__init__(message, details)
