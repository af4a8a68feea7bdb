"""An episode as the index's rows, made where the file was parsed (chaptercli.index
.layout says where they go).

Per chapter, its texts folded and joined by SEPARATOR (what the full-text table
finds words in); per episode, its chapters' start times packed (what `at`
bisects) and what `check` would say of it (the structural rules, and each
platform's), so that neither needs the chapters of every episode.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

from chaptercli import rules
from chaptercli.index.cuerows import PreparedTranscript
from chaptercli.index.layout import first_id, packed_starts, stored_bullets, stored_extras
from chaptercli.index.words import SEPARATOR, storable, words_of
from chaptercli.model import Episode
from chaptercli.platforms import PLATFORMS
from chaptercli.search import chapter_texts, fold_text

# One encoder for every call: json.dumps() with options builds a new one each time.
json_text = json.JSONEncoder(ensure_ascii=False).encode


class PreparedEpisode(NamedTuple):
    """An episode as rows for the index. Plain data: it crosses processes."""

    row: tuple[Any, ...]  # podcast, title, url, duration_ms, chapter_count, length_ms,
    #                       folded title; starts, texts, words
    checks: tuple[str, str, str]  # its place in its file, the problems check finds
    chapters: list[tuple[Any, ...]]  # number, start_ms, end_ms, title, summary, bullets, extras
    folds: list[str]  # per chapter, its texts folded
    transcript: PreparedTranscript | None = None  # when it names one


def chapter_folds(episode: Episode) -> list[str]:
    """Per chapter, its texts folded: where the index looks for words. Folding
    goes character by character, so the joined texts are folded in one go."""
    return [
        fold_text(SEPARATOR.join(storable(text) for _, _, text in chapter_texts(c)))
        for c in episode.chapters
    ]


def _said(problems: list[rules.Problem]) -> list[tuple[Any, ...]]:
    """Problems as stored: severity, rule, message, chapter number (or None)."""
    return [(p.severity, p.rule, p.message, p.chapter and p.chapter.number) for p in problems]


def prepare_episode(
    episode: Episode, vocabulary: set[bytes], place: str = "", unknown: Sequence[str] = ()
) -> PreparedEpisode:
    """The rows of an episode at `place` in its file (": episode 2", or nothing):
    with what `check` says of it (the `unknown` keys, the structural rules, and each
    platform's), and for ranking how many texts and words it has. Its words join
    the vocabulary."""
    folds = chapter_folds(episode)
    typos = [rules.Problem(rules.WARNING, "unknown-key", warning) for warning in unknown]
    structural = typos + rules.structural(episode.chapters, episode.duration_ms)
    texts = sum(fold.count(SEPARATOR) + 1 for fold in folds)
    words = words_of(folds)
    vocabulary.update(words)
    return PreparedEpisode(
        row=(episode.podcast, episode.title, episode.url, episode.duration_ms,
             len(episode.chapters), episode.length_ms, fold_text(episode.title),
             packed_starts(episode), texts, len(words)),
        checks=(place, json_text(_said(structural)),
                json_text({name: _said(rules.platform(name, episode.chapters))
                              for name in PLATFORMS})),
        chapters=[(c.number, c.start_ms, c.end_ms, c.title, c.summary, stored_bullets(c.bullets),
                   stored_extras(c))
                  for c in episode.chapters],
        folds=folds,
    )  # fmt: skip


class Batch:
    """Rows waiting to be written, across files: fewer, larger executemany calls.
    A file's episodes are numbered from its first id + 1, its chapters likewise."""

    def __init__(self) -> None:
        self.files: list[tuple[Any, ...]] = []
        self.episodes: list[tuple[Any, ...]] = []
        self.checks: list[tuple[Any, ...]] = []
        self.chapters: list[tuple[Any, ...]] = []
        self.folds: list[tuple[int, str]] = []
        self.transcripts: list[tuple[Any, ...]] = []
        self.cues: list[tuple[Any, ...]] = []
        self.said: list[tuple[Any, ...]] = []

    def add_file(self, file_id: int, episodes: Sequence[tuple[int, PreparedEpisode]]) -> None:
        """A file's episodes, each with its place in the file (from 1)."""
        chapter_id = cue_id = said_id = first_id(file_id)
        for position, prepared in episodes:
            episode_id = first_id(file_id) + position
            self.episodes.append((episode_id, *prepared.row[:7], chapter_id + 1,
                                  *prepared.row[7:]))  # fmt: skip
            self.checks.append((episode_id, *prepared.checks))
            for chapter, fold in zip(prepared.chapters, prepared.folds, strict=True):
                chapter_id += 1
                self.chapters.append((chapter_id, episode_id, *chapter))
                self.folds.append((chapter_id, fold))
            said = prepared.transcript
            if said is not None:
                self.transcripts.append((episode_id, said.file, said.stamp, said.bad, cue_id + 1,
                                         len(said.cues)))  # fmt: skip
                self.cues += [(cue_id + n, *cue) for n, cue in enumerate(said.cues, 1)]
                self.said += [(said_id + n, episode_id, cue_id + 1 + first, cue_id + 1 + last,
                               folded)
                              for n, (first, last, folded) in enumerate(said.rows, 1)]  # fmt: skip
                cue_id += len(said.cues)
                said_id += len(said.rows)

    def __len__(self) -> int:
        return len(self.chapters) + len(self.cues)

    def write(self, db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, 0)", self.files)
        db.executemany("INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       self.episodes)  # fmt: skip
        db.executemany("INSERT INTO checks VALUES (?, ?, ?, ?)", self.checks)
        db.executemany("INSERT INTO chapters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.chapters)
        db.executemany("INSERT INTO folds VALUES (?, ?)", self.folds)
        db.executemany("INSERT INTO words (rowid, folded) VALUES (?, ?)", self.folds)
        db.executemany("INSERT INTO transcripts VALUES (?, ?, ?, ?, ?, ?)", self.transcripts)
        db.executemany("INSERT INTO cues VALUES (?, ?, ?, ?, ?)", self.cues)
        db.executemany("INSERT INTO said VALUES (?, ?, ?, ?, ?)", self.said)
        db.executemany("INSERT INTO said_words (rowid, folded) VALUES (?, ?)",
                       [(row[0], row[4]) for row in self.said])  # fmt: skip
        self.__init__()  # type: ignore[misc]
