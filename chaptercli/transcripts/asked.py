"""What the commands ask of transcripts, across the chosen episodes of a library:
the matches of a search (with their chapters), what was said at a time, and
what was said in a chapter."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from chaptercli.errors import DataError
from chaptercli.search import Match
from chaptercli.transcripts.cue import Cue, said_at
from chaptercli.transcripts.shelf import Transcripts
from chaptercli.transcripts.spoken import find_said, may_hold

if TYPE_CHECKING:
    from chaptercli.entries import Entry, Found
    from chaptercli.library import Library
    from chaptercli.model import Chapter, Episode
    from chaptercli.search import Matcher

TRANSCRIPT = "transcript"  # the field of a match in what was said


def chapter_of(episode: Episode, ms: int) -> Chapter:
    """The chapter playing at ms; in a gap between chapters, the one before it (before
    the first chapter, the first)."""
    playing = episode.chapter_at(ms)
    if playing is not None:
        return playing
    before = [chapter for chapter in episode.chapters if chapter.start_ms <= ms]
    return before[-1] if before else episode.chapters[0]


class Unread(list[DataError]):
    """Transcripts that could not be read: each skipped, and said once."""

    def warnings(self) -> list[str]:
        return [f"transcript skipped: {line}" for error in self for line in error.lines()]


def search_transcripts(
    library: Library, entries: Sequence[Entry], matcher: Matcher, unread: Unread
) -> list[Found]:
    """Where the words were said in each episode's transcript, in library and time
    order. A transcript that cannot be read is the answer's error for a single
    episode; with several, it is skipped and added to `unread`."""
    from chaptercli.entries import Found

    transcripts = Transcripts(library)
    indexed = library.spoken(entries, matcher)  # None: every transcript is read
    found = []
    for entry in entries:
        if indexed is not None and entry.key not in indexed.unread:
            # The index's candidate cues (a bad transcript is read again, to say why).
            found += [Found(entry, match) for cues in indexed.cues.get(entry.key, ())
                      for match in said_matches(library.episode(entry), cues, matcher)]  # fmt: skip
            continue
        try:
            cues = transcripts.cues(entry, partial(may_hold, matcher))
        except DataError as error:
            if len(entries) == 1:
                raise
            unread.append(error)
            continue
        if cues:
            found += [Found(entry, match)
                      for match in said_matches(library.episode(entry), cues, matcher)]  # fmt: skip
    return found


def said_matches(episode: Episode, cues: Sequence[Cue], matcher: Matcher) -> list[Match]:
    """Where the words were said in an episode, each as a match in its chapter."""
    return [
        Match(chapter_of(episode, said.cue.start_ms), TRANSCRIPT, None, said.text, said.spans,
              said.cue.start_ms, said.cue.speaker)
        for said in find_said(cues, matcher)
    ]  # fmt: skip


def in_reading_order(library: Library, found: Sequence[Found]) -> list[Found]:
    """Matches by episode, then chapter; a chapter's own texts before what was said in
    it, and that by time (sorting is stable: the rest keeps its order)."""

    def place(hit: Found) -> tuple[int, int, bool, int]:
        match = hit.match
        return (library.number(hit.entry), match.chapter.number, match.field == TRANSCRIPT,
                match.time_ms or 0)  # fmt: skip

    return sorted(found, key=place)


def said_at_positions(
    library: Library, entries: Sequence[Entry], ms: int, unread: Unread
) -> dict[Entry, list[Cue]]:
    """For each episode with a transcript, the cues being said at ms."""
    transcripts = Transcripts(library)
    said = {}
    for entry in entries:
        try:
            cues = transcripts.cues(entry)
        except DataError as error:
            if len(entries) == 1:
                raise
            unread.append(error)
            continue
        if cues is not None:
            said[entry] = said_at(cues, ms)
    return said


def said_in(library: Library, entry: Entry, chapter: Chapter) -> list[Cue]:
    """The cues said during the chapter (any part of them)."""
    cues = Transcripts(library).needed(entry)
    return [cue for cue in cues if cue.overlaps(chapter.start_ms, chapter.end_ms)]
