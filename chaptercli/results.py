"""What each command found, as values: the renderer shows them (to a person or
as JSON) and works out the exit status from them. Plain data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path

    from chaptercli.entries import Entry, Found
    from chaptercli.feeds.subscriptions import Subscription
    from chaptercli.feeds.sync import Outcome
    from chaptercli.library import Library
    from chaptercli.model import Chapter, Episode
    from chaptercli.navigate import Position
    from chaptercli.opener import Plan
    from chaptercli.rules import Problem
    from chaptercli.search import Match
    from chaptercli.transcripts.cue import Cue


@dataclass(frozen=True, kw_only=True)
class Result:
    """What every command's result says besides its answer."""

    skipped: int = 0  # files of the library that could not be read (each reported once)
    warnings: Sequence[str] = ()  # said on stderr after the answer
    notes: Sequence[str] = ()  # what was done (the format read), on stderr after the answer

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
    said: Sequence[Cue] | None = None  # what was said in it, when asked for


@dataclass(frozen=True, kw_only=True)
class SearchResult(Result):
    library: Library
    words: Sequence[str]
    found: Sequence[Found]
    # Episodes whose own title holds the words, with where in it.
    episode_titles: Sequence[tuple[Entry, tuple[tuple[int, int], ...]]] = ()
    cite: bool = False  # shown as Markdown quotes, for notes

    @property
    def failed(self) -> bool:
        return not self.found and not self.episode_titles

    def groups(self) -> list[SearchGroup]:
        """The matches by chapter, each chapter once, in the order it first comes
        (library order, or relevance with --rank); an episode's title match first,
        then its chapters."""
        grouped: dict[tuple[Entry, int], SearchGroup] = {}
        for entry, spans in self.episode_titles:
            grouped[entry, 0] = SearchGroup(entry, None, [], spans)
        for hit in self.found:
            key = (hit.entry, hit.match.chapter.number)
            if key not in grouped:
                grouped[key] = SearchGroup(hit.entry, hit.match.chapter, [], ())
            grouped[key].matches.append(hit.match)
        if not self.episode_titles:
            return list(grouped.values())
        order = {entry: number for number, entry in enumerate(self.library.entries)}
        return [grouped[key] for key in sorted(grouped, key=lambda k: (order[k[0]], k[1]))]


class SearchGroup(NamedTuple):
    """One chapter's matches, or (chapter None) an episode title's."""

    entry: Entry
    chapter: Chapter | None
    matches: list[Match]
    title_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, kw_only=True)
class PositionsResult(Result):
    library: Library
    positions: Sequence[tuple[Entry, Position]]
    several: bool  # several episodes were asked about (JSON is then a list)
    said: Mapping[Entry, Sequence[Cue]] = field(default_factory=dict)  # with a transcript


@dataclass(frozen=True, kw_only=True)
class ConversionResult(Result):
    rows: Sequence[tuple[str, int, bool]]  # input, ms, whether the input was a clock time


@dataclass(frozen=True, kw_only=True)
class OpenResult(Result):
    chapter: Chapter
    plan: Plan
    print_only: bool  # --print: nothing is opened
    opened: bool  # whether the link or command is to be opened (else it is printed)


class Checked(NamedTuple):
    """One file's episode checked (with how many chapters it has), or (chapters None)
    a file or episode that did not load."""

    source: str
    chapters: int | None
    problems: Sequence[Problem]


@dataclass(frozen=True, kw_only=True)
class CheckResult(Result):
    checked: Sequence[Checked]
    platform: str | None

    @property
    def failed(self) -> bool:
        from chaptercli.rules import ERROR

        return any(p.severity == ERROR for item in self.checked for p in item.problems)


@dataclass(frozen=True, kw_only=True)
class TimelineResult(Result):
    episode: Episode
    at_ms: int | None
    width: int | None = None  # columns asked for; None: the terminal's


@dataclass(frozen=True, kw_only=True)
class TextResult(Result):
    """A file's text (an export, an import) that goes out byte for byte."""

    text: str


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


@dataclass(frozen=True, kw_only=True)
class FeedRunResult(Result):
    """What `feed add` or `feed update` fetched and wrote (failures said on stderr)."""

    outcome: Outcome


@dataclass(frozen=True, kw_only=True)
class FeedListResult(Result):
    """A library's subscriptions and what each item became."""

    library: Path
    subscriptions: Sequence[Subscription]
