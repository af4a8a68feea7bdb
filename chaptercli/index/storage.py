"""Where the index file lives and what it holds: its schema and format version,
opening it (creating or replacing an older format), telling damage from a busy
or read-only file, and removing it."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

FORMAT_VERSION = 5
FILE_NAME = f"index-v{FORMAT_VERSION}.sqlite"
BUSY_TIMEOUT_S = 10

_SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY, stamp TEXT, digest TEXT, indexed_ns INTEGER, errors TEXT);
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
    """The index file at path, created (or replaced, if of another format) as needed."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != FORMAT_VERSION:
            _create(db, drop_old=version != 0)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        db.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        db.close()
        raise
    return db


def connect_in_memory() -> sqlite3.Connection:
    """An empty index that lives only as long as its connection."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    _create(db, drop_old=False)
    return db


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
