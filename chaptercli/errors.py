"""The errors a user can act on. The CLI shows their text and exits 2."""

from __future__ import annotations

from collections.abc import Sequence


class ChapterError(Exception):
    """A problem with the user's input or data, explained in its message."""


class TimeSyntaxError(ChapterError, ValueError):
    """A time that cannot be read."""


class DataError(ChapterError):
    """A chapters file that cannot be used; every problem found is listed."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {problem}" for problem in self.problems))


class RefError(ChapterError):
    """A chapter reference that matches no chapter, or more than one."""

    SHOWN = 20  # candidates listed at most; a library may offer thousands

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        lines = [message, *(f"  {candidate}" for candidate in self.candidates[: self.SHOWN])]
        if len(self.candidates) > self.SHOWN:
            lines.append(f"  … and {len(self.candidates) - self.SHOWN} more")
        super().__init__("\n".join(lines))
