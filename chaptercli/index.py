"""The on-disk index of a library: parsed episodes and folded texts in SQLite.

It only ever saves work; it never changes an answer. A file is trusted from
the index while its size and modification time are what they were when it was
read, and, for a file modified within RACY_NS of that reading (when a change
might not have moved the clock), while its bytes still hash the same.
Everything a command reads comes from one snapshot, so another command
rewriting the index meanwhile cannot mix two states.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from chaptercli.entries import Entry, Found, entry_of
from chaptercli.errors import ChapterError, DataError
from chaptercli.library import parse_file
from chaptercli.model import Chapter, Episode
from chaptercli.search import FIELDS, Match, Matcher, chapter_texts, fold_text, wanted_fields

FORMAT_VERSION = 4
FILE_NAME = f"index-v{FORMAT_VERSION}.sqlite"
RACY_NS = 2_000_000_000  # file systems may keep mtimes in whole seconds (or two)
PARALLEL_FROM = 64  # files to parse before more processes pay for themselves
BUSY_TIMEOUT_S = 10
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # around FTS matches; stripped if in the text

_SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT,
    indexed_ns INTEGER, errors TEXT);
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY, path TEXT, position INTEGER, podcast TEXT, title TEXT,
    url TEXT, duration_ms INTEGER, chapter_count INTEGER, length_ms INTEGER);
CREATE INDEX episodes_by_path ON episodes(path);
CREATE TABLE chapters (
    episode_id INTEGER, number INTEGER, start_ms INTEGER, end_ms INTEGER, title TEXT,
    summary TEXT, bullets TEXT, PRIMARY KEY (episode_id, number));
CREATE TABLE folds (episode_id INTEGER, number INTEGER, folded TEXT);
CREATE INDEX folds_by_episode ON folds(episode_id);
CREATE TABLE fts_texts (
    id INTEGER PRIMARY KEY, episode_id INTEGER, chapter INTEGER, seq INTEGER,
    field TEXT, bullet INTEGER, text TEXT);
CREATE VIRTUAL TABLE texts_fts USING fts5(
    text, content='fts_texts', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/chaptercli, else the platform's cache directory."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "chaptercli"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "chaptercli"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "chaptercli" / "Cache"
    return Path.home() / ".cache" / "chaptercli"


def index_path() -> Path:
    return cache_dir() / FILE_NAME


def open_index() -> tuple[Index | None, str | None]:
    """The index, or None and a one-line note on why the files are read directly."""
    path = index_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: no home directory
        return None, f"cannot create the cache directory {path.parent} ({_why(error)}); " + (
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


def _why(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def is_damage(error: sqlite3.Error) -> bool:
    """Whether an error says the index file is broken (rather than busy or read-only)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error)
    return not isinstance(error, sqlite3.OperationalError) or any(
        sign in text for sign in ("malformed", "no such table", "no such column")
    )


def remove(path: Path) -> list[Path]:
    """Delete the index and its WAL files; the ones that existed."""
    removed = []
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            candidate.unlink()
            removed.append(candidate)
        except FileNotFoundError:
            pass
    return removed


class Index:
    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Index:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != FORMAT_VERSION:
                cls._create(db, drop_old=version != 0)
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            db.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    @classmethod
    def in_memory(cls) -> Index:
        db = sqlite3.connect(":memory:", isolation_level=None)
        cls._create(db, drop_old=False)
        return cls(db, None)

    @staticmethod
    def _create(db: sqlite3.Connection, drop_old: bool) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            if drop_old:
                names = db.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'texts_fts_%'"
                ).fetchall()
                for (name,) in names:
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'files'").fetchone():
                # One statement at a time: executescript() would commit the transaction.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # Bringing the index up to date, and reading the library from it.

    def refresh(self, files: Sequence[Path]) -> tuple[list[Entry], list[DataError]]:
        """Re-read what changed, then read the library from one snapshot."""
        stats: dict[str, os.stat_result] = {}
        missing: list[DataError] = []
        for path in files:
            try:
                stats[str(path)] = path.stat()
            except FileNotFoundError:
                missing.append(DataError(str(path), ["no such file"]))
            except OSError as error:
                missing.append(DataError(str(path), [f"cannot read: {_why(error)}"]))
        known = {
            row[0]: row
            for row in self.db.execute(
                "SELECT path, size, mtime_ns, digest, indexed_ns FROM files "
                "WHERE path IN (SELECT value FROM json_each(?))",
                (json.dumps(list(stats)),),
            )
        }
        stale = [p for p, st in stats.items() if not self._fresh(p, st, known.get(p))]
        if stale:
            self._store(stale, read_files(stale))
        self._settle(stats, known, set(stale))
        self.db.execute("BEGIN")  # one snapshot for everything this command reads
        return self._entries(list(stats)), missing + self._errors(list(stats))

    def _settle(
        self, stats: dict[str, os.stat_result], known: dict[str, Any], stale: set[str]
    ) -> None:
        """Files that were racy when read but have been still since: their contents
        were just confirmed, so later commands may trust their mtimes alone."""
        now = time.time_ns()
        settled = [
            (now, path)
            for path, stat in stats.items()
            if path in known and path not in stale
            and stat.st_mtime_ns >= known[path][4] - RACY_NS
            and stat.st_mtime_ns < now - RACY_NS
        ]  # fmt: skip
        if settled:
            # Busy or read-only: no harm, the next command confirms them again.
            with contextlib.suppress(sqlite3.OperationalError):
                self.db.executemany("UPDATE files SET indexed_ns = ? WHERE path = ?", settled)

    @staticmethod
    def _fresh(path: str, stat: os.stat_result, row: tuple[Any, ...] | None) -> bool:
        if row is None or (row[1], row[2]) != (stat.st_size, stat.st_mtime_ns):
            return False
        if stat.st_mtime_ns < row[4] - RACY_NS:
            return True
        try:  # changed within the clock's resolution of being read: compare contents
            return bool(_digest(Path(path).read_bytes()) == row[3])
        except OSError:
            return False

    def _store(self, paths: Sequence[str], results: Iterable[FileRead]) -> None:
        """Replace what the index holds for each file read, in one transaction;
        rows are written in batches across files, ids given out here."""
        now = time.time_ns()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # Looked up under the write lock: another command may have stored some
            # of these files since this one looked.
            known = {
                row[0]
                for row in self.db.execute(
                    "SELECT path FROM files WHERE path IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(paths)),),
                )
            }
            next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM episodes").fetchone()[0]
            batch = _Batch()
            for result in results:
                if result.path in known:
                    self._forget(result.path)
                if result.size is None:
                    continue
                batch.files.append(
                    (result.path, result.size, result.mtime_ns, result.digest, now,
                     json.dumps(result.errors))
                )  # fmt: skip
                for position, prepared in enumerate(result.episodes, 1):
                    batch.add(next_id, result.path, position, prepared)
                    next_id += 1
                if len(batch.chapters) > 5000:
                    batch.write(self.db)
            batch.write(self.db)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('fts', 'stale')")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _forget(self, path: str) -> None:
        ids = "SELECT id FROM episodes WHERE path = ?"
        self.db.execute(f"DELETE FROM folds WHERE episode_id IN ({ids})", (path,))
        self.db.execute(f"DELETE FROM chapters WHERE episode_id IN ({ids})", (path,))
        self.db.execute("DELETE FROM episodes WHERE path = ?", (path,))
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    def _entries(self, paths: list[str]) -> list[Entry]:
        order = {path: n for n, path in enumerate(paths)}
        rows = self.db.execute(
            "SELECT id, path, position, podcast, title, chapter_count, length_ms, url "
            "FROM episodes "
            "WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(paths),),
        ).fetchall()
        rows.sort(key=lambda row: (order[row[1]], row[2]))
        return [Entry(path, position, podcast, title, count, length, url, key)
                for key, path, position, podcast, title, count, length, url in rows]  # fmt: skip

    def _errors(self, paths: list[str]) -> list[DataError]:
        rows = self.db.execute(
            "SELECT path, errors FROM files WHERE path IN (SELECT value FROM json_each(?)) "
            "AND errors != '[]'",
            (json.dumps(paths),),
        ).fetchall()
        order = {path: n for n, path in enumerate(paths)}
        rows.sort(key=lambda row: order[row[0]])
        return [
            DataError(source, problems) for _, text in rows for source, problems in json.loads(text)
        ]

    def episode(self, entry: Entry) -> Episode:
        row = self.db.execute(
            "SELECT podcast, title, url, duration_ms FROM episodes WHERE id = ?", (entry.key,)
        ).fetchone()
        chapters = self.db.execute(
            "SELECT number, start_ms, end_ms, title, summary, bullets FROM chapters "
            "WHERE episode_id = ? ORDER BY number",
            (entry.key,),
        ).fetchall()
        return Episode(
            title=row[1],
            chapters=tuple(_chapter(c) for c in chapters),
            podcast=row[0],
            url=row[2],
            duration_ms=row[3],
            source=entry.path,
        )

    # Searching.

    def search(
        self, entries: Sequence[Entry], matcher: Matcher, fields: Sequence[str]
    ) -> list[Found]:
        """Plain search. SQLite finds the chapters whose folded texts hold every
        word somewhere (a superset); the matcher then checks each text of
        those chapters, exactly as a search without the index does."""
        # LIKE scans faster than instr(); on text already lower-cased, its ASCII
        # case-insensitivity can only let more through, never fewer.
        words = matcher.folded_words
        conditions = " AND ".join("folded LIKE ? ESCAPE '\\'" for _ in words)
        patterns = ["%" + re.sub(r"([%_\\])", r"\\\1", word) + "%" for word in words]
        candidates = self.db.execute(
            f"SELECT episode_id, number, folded FROM folds WHERE {conditions}", patterns
        ).fetchall()
        by_key = {entry.key: (n, entry) for n, entry in enumerate(entries)}
        # Which texts of each candidate hold every word, from the stored folds: only
        # those are read and matched in full.
        texts = {
            (key, number): [
                seq
                for seq, part in enumerate(folded.split(SEPARATOR))
                if all(word in part for word in words)
            ]
            for key, number, folded in candidates
            if key in by_key
        }
        chapters = self._chapters({place for place, seqs in texts.items() if seqs})
        kinds = wanted_fields(fields)
        found = []
        for (key, number), chapter in chapters.items():
            order, entry = by_key[key]
            every = list(chapter_texts(chapter))
            for seq in texts[key, number]:
                field, bullet, text = every[seq]
                spans = matcher.spans(text) if field in kinds else None
                if spans is not None:
                    match = Match(chapter, field, bullet, text, spans)
                    found.append((order, number, seq, Found(entry, match)))
        found.sort(key=lambda item: item[:3])  # episode order, chapter order, text order
        return [item[3] for item in found]

    def rank(
        self, entries: Sequence[Entry], words: Sequence[str], fields: Sequence[str]
    ) -> list[Found]:
        """Full-text search with stemming, most relevant first (bm25)."""
        terms = [w for w in words if any(ch.isalnum() for ch in w)]
        if not terms:
            raise ChapterError("nothing to rank: give at least one word with letters or digits")
        self._build_fts()
        query = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
        names = _field_names(fields)
        rows = self.db.execute(
            "SELECT t.episode_id, t.chapter, t.field, t.bullet, t.text, "
            f"highlight(texts_fts, 0, '{_MARK_OPEN}', '{_MARK_CLOSE}') "
            "FROM texts_fts JOIN fts_texts t ON t.id = texts_fts.rowid "
            f"WHERE texts_fts MATCH ? AND t.field IN ({', '.join('?' * len(names))}) "
            "ORDER BY bm25(texts_fts)",
            (query, *names),
        ).fetchall()
        by_key = {entry.key: entry for entry in entries}
        rows = [row for row in rows if row[0] in by_key]
        chapters = self._chapters({(row[0], row[1]) for row in rows})
        return [
            Found(by_key[key], Match(chapters[key, number], field, bullet, text,
                                     _marked_spans(text, marked)))
            for key, number, field, bullet, text, marked in rows
        ]  # fmt: skip

    def _build_fts(self) -> None:
        """Fill the full-text table from the chapters, once after each change."""
        state = self.db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone()
        if state and state[0] == "built":
            return
        in_snapshot = self.db.in_transaction
        if in_snapshot:
            self.db.execute("COMMIT")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM fts_texts")
            rows = self.db.execute(
                "SELECT episode_id, number, start_ms, end_ms, title, summary, bullets FROM chapters"
            ).fetchall()
            self.db.executemany(
                "INSERT INTO fts_texts (episode_id, chapter, seq, field, bullet, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(row[0], row[1], seq, field, bullet, text)
                 for row in rows
                 for seq, (field, bullet, text) in enumerate(chapter_texts(_chapter(row[1:])))],
            )  # fmt: skip
            self.db.execute("INSERT INTO texts_fts(texts_fts) VALUES ('rebuild')")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('fts', 'built')")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        if in_snapshot:
            self.db.execute("BEGIN")

    def _chapters(self, keys: set[tuple[int, int]]) -> dict[tuple[int, int], Chapter]:
        if not keys:
            return {}
        rows = self.db.execute(
            "SELECT c.episode_id, c.number, c.start_ms, c.end_ms, c.title, c.summary, c.bullets "
            "FROM json_each(?) AS k JOIN chapters c "
            "ON c.episode_id = json_extract(k.value, '$[0]') "
            "AND c.number = json_extract(k.value, '$[1]')",
            (json.dumps(sorted(keys)),),
        ).fetchall()
        return {(row[0], row[1]): _chapter(row[1:]) for row in rows}

    # For --no-cache --rank: the same full-text search over episodes read just now.

    def add_all(
        self, entries: Sequence[Entry], episode_of: Callable[[Entry], Episode]
    ) -> list[Entry]:
        batch = _Batch()
        keyed = []
        for key, entry in enumerate(entries, 1):
            episode = episode_of(entry)
            batch.add(key, entry.path, entry.position, prepare_episode(episode))
            keyed.append(entry_of(episode, entry.path, entry.position, key))
        self.db.execute("BEGIN")
        batch.write(self.db)
        self.db.execute("COMMIT")
        return keyed

    def close(self) -> None:
        self.db.close()

    def stats(self) -> dict[str, int]:
        files, episodes = self.db.execute(
            "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM episodes)"
        ).fetchone()
        return {"files": files, "episodes": episodes}


class PreparedEpisode(NamedTuple):
    """An episode as rows for the index, made where the file was parsed."""

    row: tuple[Any, ...]  # podcast, title, url, duration_ms, chapter_count, length_ms
    chapters: list[tuple[Any, ...]]  # number, start_ms, end_ms, title, summary, bullets
    folds: list[tuple[int, str]]  # number, folded texts


class FileRead(NamedTuple):
    """One file read and parsed, ready to store. Plain data: it crosses processes."""

    path: str
    size: int | None  # None: the file could not be read
    mtime_ns: int
    digest: str
    episodes: list[PreparedEpisode]
    errors: list[tuple[str, list[str]]]  # each broken part: its source, its problems


class _Batch:
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
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)", self.files)
        db.executemany("INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.episodes)
        db.executemany("INSERT INTO chapters VALUES (?, ?, ?, ?, ?, ?, ?)", self.chapters)
        db.executemany("INSERT INTO folds VALUES (?, ?, ?)", self.folds)
        self.__init__()  # type: ignore[misc]


# Folded texts are stored per chapter, joined by SEPARATOR. NUL and SEPARATOR in
# the texts become spaces: SQLite's LIKE stops at a NUL, and the separator must
# only ever separate. A query word holding either is searched without the index.
SEPARATOR = "\x01"


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


# One encoder for every call: json.dumps() with options builds a new one each time.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def prepare_episode(episode: Episode) -> PreparedEpisode:
    return PreparedEpisode(
        row=(episode.podcast, episode.title, episode.url, episode.duration_ms,
             len(episode.chapters), episode.length_ms),
        chapters=[(c.number, c.start_ms, c.end_ms, c.title, c.summary, _encode_json(c.bullets))
                  for c in episode.chapters],
        folds=list(zip((c.number for c in episode.chapters), chapter_folds(episode), strict=True)),
    )  # fmt: skip


def can_search(matcher: Matcher) -> bool:
    """Whether the index can answer this search (else the files are searched)."""
    return not matcher.regex and not any(
        char in word for word in matcher.folded_words for char in "\x00" + SEPARATOR
    )


def read_file(path: str) -> FileRead:
    from chaptercli.loader import read_bytes

    try:
        stat = os.stat(path)
        raw = read_bytes(Path(path))
    except OSError as error:
        return FileRead(path, None, 0, "", [], [(path, [f"cannot read: {_why(error)}"])])
    except DataError as error:  # too large: remembered, so it is not read again
        return FileRead(path, stat.st_size, stat.st_mtime_ns, "", [], [(path, error.problems)])
    episodes, errors = parse_file(raw, path)
    return FileRead(
        path,
        stat.st_size,
        stat.st_mtime_ns,
        _digest(raw),
        [prepare_episode(e) for e in episodes],
        [(error.source, error.problems) for error in errors],
    )


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the command stops its workers itself.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_files(paths: Sequence[str]) -> Iterator[FileRead]:
    """Read and parse files, on every core when there are enough to be worth it."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(paths) < PARALLEL_FROM or sys.platform != "linux":
        yield from map(read_file, paths)
        return
    import concurrent.futures
    import multiprocessing

    pool = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts
    )
    try:
        yield from pool.map(read_file, paths, chunksize=max(1, len(paths) // (workers * 8)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _digest(raw: bytes) -> str:
    import hashlib  # only when a file is read: most commands never need it

    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _chapter(row: Sequence[Any]) -> Chapter:
    number, start, end, title, summary, bullets = row
    return Chapter(number, start, end, title, summary, tuple(json.loads(bullets)))


def _field_names(fields: Sequence[str]) -> list[str]:
    wanted = set(fields) or set(FIELDS)
    return [{"bullets": "bullet"}.get(f, f) for f in FIELDS if f in wanted]


def _marked_spans(text: str, marked: str) -> tuple[tuple[int, int], ...]:
    """Spans of the FTS matches, from the markers highlight() put around them."""
    spans: list[tuple[int, int]] = []
    plain: list[str] = []
    start = 0
    for char in marked:
        if char == _MARK_OPEN:
            start = len(plain)
        elif char == _MARK_CLOSE:
            spans.append((start, len(plain)))
        else:
            plain.append(char)
    return tuple(spans) if "".join(plain) == text else ()
