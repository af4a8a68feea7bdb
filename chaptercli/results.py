"""What each command found, as values: the renderer shows them (to a person or
as JSON) and works out the exit status from them. Plain data, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chaptercli.entries import Entry, Found
    from chaptercli.library import Library
    from chaptercli.model import Chapter, Episode
    from chaptercli.navigate import Position
    from chaptercli.opener import Plan
    from chaptercli.rules import Problem


@dataclass(frozen=True, kw_only=True)
class Result:
    """What every command's result says besides its answer."""

    skipped: int = 0  # files of the library that could not be read (each reported once)
    warnings: Sequence[str] = ()  # said on stderr after the answer

    @property
    def failed(self) -> bool:
        """An answer that is "no" (nothing found, an error in the data): exit status 1."""
        return False


@dataclass(frozen=True, kw_only=True)
class ListResult(Result):
    library: Library
    entries: Sequence[Entry]
    episodes: Sequence[Episode]


@dataclass(frozen=True, kw_only=True)
class EpisodesResult(Result):
    library: Library


@dataclass(frozen=True, kw_only=True)
class ShowResult(Result):
    episode: Episode
    chapter: Chapter


@dataclass(frozen=True, kw_only=True)
class SearchResult(Result):
    library: Library
    words: Sequence[str]
    found: Sequence[Found]

    @property
    def failed(self) -> bool:
        return not self.found


@dataclass(frozen=True, kw_only=True)
class PositionsResult(Result):
    library: Library
    positions: Sequence[tuple[Entry, Position]]
    several: bool  # several episodes were asked about (JSON is then a list)


@dataclass(frozen=True, kw_only=True)
class ConversionResult(Result):
    rows: Sequence[tuple[str, int, bool]]  # input, ms, whether the input was a clock time


@dataclass(frozen=True, kw_only=True)
class OpenResult(Result):
    chapter: Chapter
    plan: Plan
    print_only: bool  # --print: nothing is opened
    opened: bool  # whether the link or command is to be opened (else it is printed)


@dataclass(frozen=True, kw_only=True)
class CheckResult(Result):
    checked: Sequence[tuple[Episode, Sequence[Problem]]]
    platform: str | None

    @property
    def failed(self) -> bool:
        from chaptercli.rules import ERROR

        return any(p.severity == ERROR for _, problems in self.checked for p in problems)


@dataclass(frozen=True, kw_only=True)
class TimelineResult(Result):
    episode: Episode
    at_ms: int | None


@dataclass(frozen=True, kw_only=True)
class TextResult(Result):
    """A file's text (an export, an import) that goes out byte for byte."""

    text: str
    notes: Sequence[str] = ()  # for the person, on stderr: what was done (the format read)


@dataclass(frozen=True, kw_only=True)
class CacheInfoResult(Result):
    path: str
    exists: bool
    bytes: int
    files: int
    episodes: int


@dataclass(frozen=True, kw_only=True)
class NoteResult(Result):
    """Nothing to show but a line for the person (what was done)."""

    note: str
