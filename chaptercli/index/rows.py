"""An episode as the index's rows, and a stored chapter back into a Chapter.

Folded texts are stored per chapter, joined by SEPARATOR. NUL and SEPARATOR in
the texts become spaces: SQLite's LIKE stops at a NUL, and the separator must
only ever separate. A query word holding either is searched without the index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

from chaptercli.model import Chapter, Episode
from chaptercli.search import chapter_texts, fold_text

SEPARATOR = "\x01"

# One encoder for every call: json.dumps() with options builds a new one each time.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode


class PreparedEpisode(NamedTuple):
    """An episode as rows for the index, made where the file was parsed."""

    row: tuple[Any, ...]  # podcast, title, url, duration_ms, chapter_count, length_ms
    chapters: list[tuple[Any, ...]]  # number, start_ms, end_ms, title, summary, bullets
    folds: list[tuple[int, str]]  # number, folded texts


def _storable(text: str) -> str:
    if "\x00" in text or SEPARATOR in text:
        return text.replace("\x00", " ").replace(SEPARATOR, " ")
    return text


def chapter_folds(episode: Episode) -> list[str]:
    """Per chapter, its texts folded: where the index looks for words. Folding
    goes character by character, so the joined texts are folded in one go."""
    return [
        fold_text(SEPARATOR.join(_storable(text) for _, _, text in chapter_texts(c)))
        for c in episode.chapters
    ]


def prepare_episode(episode: Episode) -> PreparedEpisode:
    return PreparedEpisode(
        row=(episode.podcast, episode.title, episode.url, episode.duration_ms,
             len(episode.chapters), episode.length_ms),
        chapters=[(c.number, c.start_ms, c.end_ms, c.title, c.summary, _encode_json(c.bullets))
                  for c in episode.chapters],
        folds=list(zip((c.number for c in episode.chapters), chapter_folds(episode), strict=True)),
    )  # fmt: skip


def chapter_from_row(row: Sequence[Any]) -> Chapter:
    """A chapter from its stored columns: number, start_ms, end_ms, title, summary, bullets."""
    number, start, end, title, summary, bullets = row
    return Chapter(number, start, end, title, summary, tuple(json.loads(bullets)))


class Batch:
    """Rows waiting to be written, across files: fewer, larger executemany calls."""

    def __init__(self) -> None:
        self.files: list[tuple[Any, ...]] = []
        self.episodes: list[tuple[Any, ...]] = []
        self.chapters: list[tuple[Any, ...]] = []
        self.folds: list[tuple[Any, ...]] = []

    def add(self, episode_id: int, path: str, position: int, prepared: PreparedEpisode) -> None:
        self.episodes.append((episode_id, path, position, *prepared.row))
        self.chapters += [(episode_id, *chapter) for chapter in prepared.chapters]
        self.folds += [(episode_id, *fold) for fold in prepared.folds]

    def write(self, db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?)", self.files)
        db.executemany("INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.episodes)
        db.executemany("INSERT INTO chapters VALUES (?, ?, ?, ?, ?, ?, ?)", self.chapters)
        db.executemany("INSERT INTO folds VALUES (?, ?, ?)", self.folds)
        self.__init__()  # type: ignore[misc]
