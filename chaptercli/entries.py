"""Value types for a library's episodes and search hits: what the index, the
library and the renderers pass between them. Plain data, no I/O."""

from __future__ import annotations

from typing import Any, NamedTuple

from chaptercli.model import Episode
from chaptercli.search import Match


class Entry(NamedTuple):
    """One episode of the library, as listed: enough to name and choose it."""

    path: str
    position: int  # its place in its file, from 1
    podcast: str | None
    title: str
    chapter_count: int
    length_ms: int | None
    url: str | None = None
    key: Any = None  # where the index keeps it

    def name(self) -> str:
        return f"{self.podcast} — {self.title}" if self.podcast else self.title


class Found(NamedTuple):
    """A search match and the episode it is in."""

    entry: Entry
    match: Match


def entry_of(episode: Episode, path: str, position: int, key: Any = None) -> Entry:
    return Entry(
        path=path,
        position=position,
        podcast=episode.podcast,
        title=episode.title,
        chapter_count=len(episode.chapters),
        length_ms=episode.length_ms,
        url=episode.url,
        key=key,
    )
