"""The episode and its chapters, as loaded and validated."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Chapter:
    """One chapter: the half-open span [start_ms, end_ms).

    end_ms is None only for an open-ended last chapter (no end, no duration).
    url and image are links as the source gave them (untrusted: the url policy
    decides what may be opened); a hidden chapter is kept but, as players do,
    not navigated to (Podcasting 2.0 `toc: false`, Matroska ChapterFlagHidden)."""

    number: int
    start_ms: int
    end_ms: int | None
    title: str
    summary: str | None = None
    bullets: tuple[str, ...] = ()
    url: str | None = None
    image: str | None = None
    hidden: bool = False

    @property
    def duration_ms(self) -> int | None:
        return None if self.end_ms is None else self.end_ms - self.start_ms

    def contains(self, ms: int) -> bool:
        return self.start_ms <= ms and (self.end_ms is None or ms < self.end_ms)


@dataclass(frozen=True)
class Episode:
    title: str
    chapters: tuple[Chapter, ...]
    podcast: str | None = None
    url: str | None = None
    duration_ms: int | None = None
    # The transcript's path as the file gave it, relative to that file (read only
    # when a command needs it: chaptercli.transcripts).
    transcript: str | None = None
    # Where it was loaded from, for messages; not part of the episode's data.
    source: str = field(default="", compare=False)

    @property
    def length_ms(self) -> int | None:
        """The episode's length: its duration, else where the last chapter ends."""
        if self.duration_ms is not None:
            return self.duration_ms
        return self.chapters[-1].end_ms if self.chapters else None

    def chapter_at(self, ms: int) -> Chapter | None:
        return chapter_at(self.chapters, ms)

    def plays_until(self, chapter: Chapter) -> int | None:
        return plays_until(self.chapters, chapter)

    def chapter_after(self, ms: int) -> Chapter | None:
        return chapter_after(self.chapters, ms)


def chapter_at(chapters: Sequence[Chapter], ms: int) -> Chapter | None:
    """The chapter playing at ms: at a boundary, the one that starts there. A hidden
    chapter is never playing: as players do, the visible chapter before it plays on
    through it (and through any hidden ones right after it)."""
    index = bisect_right([c.start_ms for c in chapters], ms) - 1
    if index < 0 or not chapters[index].contains(ms):
        return None
    while chapters[index].hidden:
        if index == 0 or chapters[index - 1].end_ms != chapters[index].start_ms:
            return None  # a hidden chapter after a gap, or first: nothing visible plays
        index -= 1
    return chapters[index]


def plays_until(chapters: Sequence[Chapter], chapter: Chapter) -> int | None:
    """Where a chapter stops playing: its end, or the end of the hidden chapters
    that follow it without a gap (they play on as part of it)."""
    end = chapter.end_ms
    for following in chapters[chapters.index(chapter) + 1 :]:
        if not following.hidden or end is None or following.start_ms != end:
            break
        end = following.end_ms
    return end


def chapter_after(chapters: Sequence[Chapter], ms: int) -> Chapter | None:
    """The first visible chapter that starts later than ms."""
    index = bisect_right([c.start_ms for c in chapters], ms)
    return next((c for c in chapters[index:] if not c.hidden), None)


def without_hidden(episode: Episode) -> Episode:
    """The episode as a player lists it, for a format with no word for a hidden
    chapter: hidden chapters left out, the chapter before each playing on through
    it, the rest numbered again. With nothing visible, the episode as it is."""
    chapters = episode.chapters
    if not any(c.hidden for c in chapters) or all(c.hidden for c in chapters):
        return episode
    shown = [c for c in chapters if not c.hidden]
    return replace(episode, chapters=tuple(
        replace(c, number=number, end_ms=plays_until(chapters, c))
        for number, c in enumerate(shown, 1)
    ))  # fmt: skip
