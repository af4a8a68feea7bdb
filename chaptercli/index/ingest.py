"""Bringing the index up to date: which files changed since they were stored,
reading and parsing those (in worker processes when there are many), and
replacing their rows.

A file is trusted from the index while its size and modification time are what
they were when it was read, and, for a file modified within RACY_NS of that
reading (when a change might not have moved the clock), while its bytes still
hash the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from chaptercli.entries import Entry, entry_of
from chaptercli.errors import DataError
from chaptercli.index.rows import Batch, PreparedEpisode, prepare_episode
from chaptercli.index.storage import reason
from chaptercli.model import Episode
from chaptercli.reading import parse_file

RACY_NS = 2_000_000_000  # file systems may keep mtimes in whole seconds (or two)
PARALLEL_FROM = 64  # files to parse before more processes pay for themselves
BATCH_CHAPTERS = 5000  # chapter rows held before a batch is written


class FileRead(NamedTuple):
    """One file read and parsed, ready to store. Plain data: it crosses processes."""

    path: str
    size: int | None  # None: the file could not be read
    mtime_ns: int
    digest: str
    episodes: list[PreparedEpisode]
    errors: list[tuple[str, list[str]]]  # each broken part: its source, its problems


class Update(NamedTuple):
    """What bringing the index up to date found."""

    present: list[str]  # the files that could be looked at, in the order given
    missing: list[DataError]  # the files that could not
    parsed: list[str]  # the files read and parsed afresh: new, changed or unconfirmed


def update(db: sqlite3.Connection, files: Sequence[Path]) -> Update:
    """Re-read and store the files that changed; trust the rest."""
    stats: dict[str, os.stat_result] = {}
    missing: list[DataError] = []
    for path in files:
        try:
            stats[str(path)] = path.stat()
        except FileNotFoundError:
            missing.append(DataError(str(path), ["no such file"]))
        except OSError as error:
            missing.append(DataError(str(path), [f"cannot read: {reason(error)}"]))
    known = {
        row[0]: row
        for row in db.execute(
            "SELECT path, size, mtime_ns, digest, indexed_ns FROM files "
            "WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(list(stats)),),
        )
    }
    stale = [p for p, st in stats.items() if not _fresh(p, st, known.get(p))]
    if stale:
        _store(db, stale, read_files(stale))
    _settle(db, stats, known, set(stale))
    return Update(list(stats), missing, stale)


def _fresh(path: str, stat: os.stat_result, row: tuple[Any, ...] | None) -> bool:
    """Whether the stored rows of a file still hold what it says."""
    if row is None or (row[1], row[2]) != (stat.st_size, stat.st_mtime_ns):
        return False
    if stat.st_mtime_ns < row[4] - RACY_NS:
        return True
    try:  # changed within the clock's resolution of being read: compare contents
        return bool(_digest(Path(path).read_bytes()) == row[3])
    except OSError:
        return False


def _settle(
    db: sqlite3.Connection,
    stats: dict[str, os.stat_result],
    known: dict[str, Any],
    stale: set[str],
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
            db.executemany("UPDATE files SET indexed_ns = ? WHERE path = ?", settled)


def _store(db: sqlite3.Connection, paths: Sequence[str], results: Iterable[FileRead]) -> None:
    """Replace what the index holds for each file read, in one transaction;
    rows are written in batches across files, ids given out here."""
    now = time.time_ns()
    db.execute("BEGIN IMMEDIATE")
    try:
        # Looked up under the write lock: another command may have stored some
        # of these files since this one looked.
        known = {
            row[0]
            for row in db.execute(
                "SELECT path FROM files WHERE path IN (SELECT value FROM json_each(?))",
                (json.dumps(list(paths)),),
            )
        }
        next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM episodes").fetchone()[0]
        batch = Batch()
        for result in results:
            if result.path in known:
                _forget(db, result.path)
            if result.size is None:
                continue
            batch.files.append(
                (result.path, result.size, result.mtime_ns, result.digest, now,
                 json.dumps(result.errors))
            )  # fmt: skip
            for position, prepared in enumerate(result.episodes, 1):
                batch.add(next_id, result.path, position, prepared)
                next_id += 1
            if len(batch.chapters) > BATCH_CHAPTERS:
                batch.write(db)
        batch.write(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fts', 'stale')")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _forget(db: sqlite3.Connection, path: str) -> None:
    ids = "SELECT id FROM episodes WHERE path = ?"
    db.execute(f"DELETE FROM folds WHERE episode_id IN ({ids})", (path,))
    db.execute(f"DELETE FROM chapters WHERE episode_id IN ({ids})", (path,))
    db.execute("DELETE FROM episodes WHERE path = ?", (path,))
    db.execute("DELETE FROM files WHERE path = ?", (path,))


def store_episodes(
    db: sqlite3.Connection, entries: Sequence[Entry], episode_of: Callable[[Entry], Episode]
) -> list[Entry]:
    """Episodes already read, stored under keys 1, 2, …: the entries, so keyed."""
    batch = Batch()
    keyed = []
    for key, entry in enumerate(entries, 1):
        episode = episode_of(entry)
        batch.add(key, entry.path, entry.position, prepare_episode(episode))
        keyed.append(entry_of(episode, entry.path, entry.position, key))
    db.execute("BEGIN")
    batch.write(db)
    db.execute("COMMIT")
    return keyed


def read_file(path: str) -> FileRead:
    # The loader only when a file is read: commands served from the index never need it.
    from chaptercli.loader import read_bytes

    try:
        stat = os.stat(path)
        raw = read_bytes(Path(path))
    except OSError as error:
        return FileRead(path, None, 0, "", [], [(path, [f"cannot read: {reason(error)}"])])
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
