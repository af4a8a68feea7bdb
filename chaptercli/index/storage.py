"""Where the index file lives and what it holds: its schema and format version,
opening it (creating or replacing an older format), telling damage from a busy
or read-only file, and removing it.

Every row of a file carries the file's number in its id's high bits (FILE_SHIFT):
its episodes, chapters and texts are `file_id << FILE_SHIFT | place`, so the rows
of a set of files are a few ranges of ids, which SQLite and the full-text index
seek to directly, however many other files the index holds.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

FORMAT_VERSION = 9
FILE_NAME = f"index-v{FORMAT_VERSION}.sqlite"
BUSY_TIMEOUT_S = 10
FILE_SHIFT = 32  # a file's rows: ids file_id << 32 ... (file_id + 1) << 32 - 1
WAL_LIMIT = 64 * 1024 * 1024  # the write-ahead log is cut back to this after a checkpoint

_SCHEMA = """
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, stamp TEXT, digest TEXT,
    indexed_ns INTEGER, errors TEXT, ranked INTEGER);
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY, podcast TEXT, title TEXT, url TEXT, duration_ms INTEGER,
    chapter_count INTEGER, length_ms INTEGER, folded_title TEXT, first_chapter INTEGER,
    starts BLOB, texts INTEGER, words INTEGER);
CREATE TABLE checks (id INTEGER PRIMARY KEY, place TEXT, problems TEXT, platforms TEXT);
CREATE TABLE chapters (
    id INTEGER PRIMARY KEY, episode_id INTEGER, number INTEGER, start_ms INTEGER,
    end_ms INTEGER, title TEXT, summary TEXT, bullets TEXT, extras TEXT);
CREATE TABLE folds (id INTEGER PRIMARY KEY, folded TEXT);
CREATE VIRTUAL TABLE words USING fts5(
    folded, content='folds', content_rowid='id', tokenize='ascii', detail='none');
CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE fts_texts (
    id INTEGER PRIMARY KEY, episode_id INTEGER, chapter_id INTEGER, seq INTEGER, field TEXT,
    bullet INTEGER, text TEXT);
CREATE VIRTUAL TABLE texts_fts USING fts5(
    text, content='fts_texts', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY, file TEXT, stamp TEXT, bad INTEGER, first_cue INTEGER,
    cue_count INTEGER);
CREATE TABLE cues (id INTEGER PRIMARY KEY, start_ms INTEGER, end_ms INTEGER, speaker TEXT,
    text TEXT);
CREATE TABLE said (
    id INTEGER PRIMARY KEY, episode_id INTEGER, first_cue INTEGER, last_cue INTEGER, folded TEXT);
CREATE VIRTUAL TABLE said_words USING fts5(
    folded, content='said', content_rowid='id', tokenize='ascii', detail='none');
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
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


def code_stamp() -> str:
    """What the stored rows were made by: the size and time of each module of the
    core. The index keeps what the loader, the rules and folding made of each file;
    after an upgrade (or any change to them) it is built again, never trusted."""
    package = Path(__file__).resolve().parent.parent
    parts = []
    for folder in (package, package / "index"):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                status = entry.stat()
                parts.append(f"{entry.name}:{status.st_size}:{status.st_mtime_ns}")
    return ",".join(parts)


def reason(error: BaseException) -> str:
    """An OS error's words without its number ("Permission denied")."""
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


def size_on_disk(path: Path) -> int:
    """Bytes of the index file and its write-ahead log (the -shm file is only a map)."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def connect(path: Path) -> sqlite3.Connection:
    """The index file at path, created (or emptied, if of another format or made by
    other code) as needed."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        made_by = code_stamp()
        if not _current(db, made_by):
            if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                # A new file: pages freed by pruning can be given back.
                db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            _create(db, made_by)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    except BaseException:
        db.close()
        raise
    return db


def connect_in_memory() -> sqlite3.Connection:
    """An empty index that lives only as long as its connection."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    _create(db, made_by="")
    return db


def _current(db: sqlite3.Connection, made_by: str) -> bool:
    """Whether the file holds this format, made by this code."""
    if db.execute("PRAGMA user_version").fetchone()[0] != FORMAT_VERSION:
        return False
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
    except sqlite3.OperationalError:  # no meta table: damaged; made again
        return False
    return row is not None and row[0] == made_by


def _create(db: sqlite3.Connection, made_by: str) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        if made_by and _current(db, made_by):  # another command made it meanwhile
            db.execute("COMMIT")
            return
        if db.execute("SELECT 1 FROM sqlite_master").fetchone():
            # Virtual tables first: dropping one drops its shadow tables with it.
            names = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY sql NOT LIKE 'CREATE VIRTUAL%'"
            ).fetchall()
            for (name,) in names:
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
        # One statement at a time: executescript() would commit the transaction.
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('code', ?)", (made_by,))
        db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise


def rollback(db: sqlite3.Connection) -> None:
    """Undo the transaction under way, if one still is: SQLite may have rolled it
    back itself (an interrupted statement, a full disk), and a failing ROLLBACK
    must not replace what went wrong (a Ctrl-C would become "the index failed")."""
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
