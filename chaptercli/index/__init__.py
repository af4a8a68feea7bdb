"""The on-disk index of a library: parsed episodes, folded texts and their words,
in SQLite.

It only ever saves work; it never changes an answer. A file is known by its
resolved path and trusted from the index while it is unchanged
(chaptercli.index.ingest says how that is told); a changed file is read again.
Everything a command reads comes from one snapshot, so another command
rewriting the index meanwhile cannot mix two states.

The commands reach it only through `Index`, whose methods are the four things a
library needs of any index: freshness and adding and removing files (`update`,
which reads what changed and forgets what is gone), and queries (the rest).
docs/index.md says what another engine would take to stand in for SQLite.

The parts: storage (the file, its schema, damage), layout (where a file's rows
go), rows (an episode as rows), words (what the full-text table finds texts by),
keys (a file's key and stamp), reads (reading files, in worker processes),
cuerows (a transcript as rows), said (transcripts' freshness and search),
ingest (bringing the index up to date), forget (dropping a file), queries
(reading and searching it), ranking (--rank).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
from chaptercli.index.words import SEPARATOR
from chaptercli.model import Chapter, Episode
from chaptercli.progress import SILENT, Progress
from chaptercli.search import Matcher

if TYPE_CHECKING:
    from chaptercli.index.said import Windows

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

    # Freshness, adding and removing.

    def update(
        self, files: Sequence[LibraryFile], walked: Sequence[str] = (), progress: Progress = SILENT
    ) -> ingest.Update:
        """Store again the files that changed, forget those gone below `walked`;
        then read from one snapshot."""
        update = ingest.update(self.db, files, walked, progress)
        self.db.execute("BEGIN")  # one snapshot for everything this command reads
        return update

    def refresh(
        self, files: Sequence[LibraryFile], walked: Sequence[str] = (), progress: Progress = SILENT
    ) -> Refreshed:
        """Bring the files up to date, then read the library."""
        present, missing, parsed = self.update(files, walked, progress)
        return Refreshed(
            queries.entries_in(self.db, present),
            missing + queries.errors_in(self.db, present),
            parsed,
        )

    def add_all(
        self, entries: Sequence[Entry], episode_of: Callable[[Entry], Episode]
    ) -> list[Entry]:
        """For --no-cache --rank: episodes read just now, keyed for a full-text search."""
        from chaptercli.index import ranking

        return ranking.store_episodes(self.db, entries, episode_of)

    # Queries.

    def episode(self, entry: Entry) -> Episode:
        return queries.episode(self.db, entry)

    def windows(self, entries: Sequence[Entry], ms: int) -> list[list[Chapter]]:
        """Each episode's chapters around ms (see queries.windows)."""
        return queries.windows(self.db, entries, ms)

    def chapters(self, ids: Iterable[int]) -> dict[int, Chapter]:
        """Chapters by their ids (as `said` gives them)."""
        return queries.chapters_by_id(self.db, ids)

    def said(self, file_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
        """What `check` says of the files that load whole (see queries.said)."""
        return queries.said(self.db, file_ids)

    def title_keys(self, entries: Sequence[Entry], words: Sequence[str]) -> set[object]:
        """The episodes whose titles, folded, hold all the folded words."""
        return set(queries.title_keys(self.db, entries, words))

    @staticmethod
    def can_search(matcher: Matcher) -> bool:
        """Whether the index can answer this search (else the files are searched)."""
        return not matcher.regex and not any(
            char in word for word in matcher.folded_words for char in "\x00" + SEPARATOR
        )

    def search(
        self, entries: Sequence[Entry], matcher: Matcher, fields: Sequence[str]
    ) -> list[Found]:
        return queries.search(self.db, entries, matcher, fields)

    def spoken(self, entries: Sequence[Entry], matcher: Matcher) -> Windows | None:
        """The transcripts' cues a search must look at (see said.windows)."""
        from chaptercli.index import said

        return said.windows(self.db, entries, matcher)

    def rank(
        self,
        entries: Sequence[Entry],
        words: Sequence[str],
        fields: Sequence[str],
        progress: Progress = SILENT,
    ) -> list[Found]:
        from chaptercli.index import ranking

        return ranking.rank(self.db, entries, words, fields, progress)

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
