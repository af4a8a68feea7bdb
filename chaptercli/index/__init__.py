"""The on-disk index of a library: parsed episodes and folded texts in SQLite.

It only ever saves work; it never changes an answer. A file is known by its
resolved path and trusted from the index while it is unchanged
(chaptercli.index.ingest says how that is told); a changed file is read again.
Everything a command reads comes from one snapshot, so another command
rewriting the index meanwhile cannot mix two states.

The parts: storage (the file, its schema, damage), rows (an episode as rows),
ingest (bringing the index up to date), queries (reading and searching it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from chaptercli.discovery import LibraryFile
from chaptercli.entries import Entry, Found
from chaptercli.errors import DataError
from chaptercli.index import ingest, queries
from chaptercli.index.storage import (
    FILE_NAME,
    connect,
    connect_in_memory,
    index_path,
    is_damage,
    reason,
    remove,
    size_on_disk,
)
from chaptercli.model import Episode
from chaptercli.search import Matcher

__all__ = [
    "FILE_NAME",
    "Index",
    "IndexInfo",
    "Refreshed",
    "index_path",
    "info",
    "open_index",
    "remove",
]


class Refreshed(NamedTuple):
    """The library as the index holds it once up to date."""

    entries: list[Entry]
    skipped: list[DataError]  # files that cannot be read, and the problems of broken ones
    parsed: list[str]  # the files read and parsed afresh; the others were trusted


class Index:
    """One connection to an index: brought up to date, then read and searched."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.db = connection
        self.path = path  # None: in memory

    @classmethod
    def open(cls, path: Path) -> Index:
        return cls(connect(path), path)

    @classmethod
    def in_memory(cls) -> Index:
        return cls(connect_in_memory(), None)

    def refresh(self, files: Sequence[LibraryFile]) -> Refreshed:
        """Re-read what changed, then read the library from one snapshot."""
        present, missing, parsed = ingest.update(self.db, files)
        self.db.execute("BEGIN")  # one snapshot for everything this command reads
        return Refreshed(
            queries.entries_in(self.db, present),
            missing + queries.errors_in(self.db, present),
            parsed,
        )

    def episode(self, entry: Entry) -> Episode:
        return queries.episode(self.db, entry)

    @staticmethod
    def can_search(matcher: Matcher) -> bool:
        """Whether the index can answer this search (else the files are searched)."""
        return queries.can_search(matcher)

    def search(
        self, entries: Sequence[Entry], matcher: Matcher, fields: Sequence[str]
    ) -> list[Found]:
        return queries.search(self.db, entries, matcher, fields)

    def rank(
        self, entries: Sequence[Entry], words: Sequence[str], fields: Sequence[str]
    ) -> list[Found]:
        return queries.rank(self.db, entries, words, fields)

    def add_all(
        self, entries: Sequence[Entry], episode_of: Callable[[Entry], Episode]
    ) -> list[Entry]:
        """For --no-cache --rank: episodes read just now, keyed for a full-text search."""
        return ingest.store_episodes(self.db, entries, episode_of)

    def stats(self) -> dict[str, int]:
        files, episodes = self.db.execute(
            "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM episodes)"
        ).fetchone()
        return {"files": files, "episodes": episodes}

    def close(self) -> None:
        self.db.close()

    def abandon(self, error: sqlite3.Error) -> bool:
        """Close after a failure. If the error says the file is damaged, delete it,
        so that the next command builds a new one; whether it did."""
        self.close()
        if self.path is None or not is_damage(error):
            return False
        remove(self.path)
        return True


def open_index() -> tuple[Index | None, str | None]:
    """The index, or None and a one-line note on why the files are read directly."""
    path = index_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: no home directory
        return None, f"cannot create the cache directory {path.parent} ({reason(error)}); " + (
            "reading the files directly"
        )
    try:
        return Index.open(path), None
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            return None, f"cannot use the index {path} ({error}); reading the files directly"
    remove(path)
    try:
        return Index.open(path), f"the index {path} was damaged; it has been rebuilt"
    except sqlite3.Error as error:
        return None, f"cannot use the index {path} ({error}); reading the files directly"


class IndexInfo(NamedTuple):
    """What `chapters cache info` tells about the index."""

    path: Path
    exists: bool
    bytes: int  # of the file and its write-ahead log
    files: int
    episodes: int
    note: str | None  # why it could not be opened, or that it was rebuilt


def info() -> IndexInfo:
    """Where the index is, its size, and how many files and episodes it holds.
    An index not built yet is not created by asking."""
    path = index_path()
    if not path.exists():
        return IndexInfo(path, False, 0, 0, 0, None)
    size = size_on_disk(path)
    opened, note = open_index()
    counts = {"files": 0, "episodes": 0}
    if opened is not None:
        counts = opened.stats()
        opened.close()
    return IndexInfo(path, True, size, counts["files"], counts["episodes"], note)
