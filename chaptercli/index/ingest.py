"""Bringing the index up to date: which files changed since they were stored,
reading and parsing those (in worker processes when there are many), and
replacing their rows.

A file is stored under its resolved path, and trusted from the index while its
stamp (device and inode, size, modification and change times) is what it was
when its bytes were read; and, for a file changed within RACY_NS of that
reading (when a further change might not move its clock), while its bytes still
hash the same. Only what a file's bytes say is stored: that a file is missing,
unreadable, not a regular file or too large is found out again by every
command, so it is never remembered after it stops being true.
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

from chaptercli.discovery import LibraryFile
from chaptercli.entries import Entry, entry_of
from chaptercli.errors import DataError
from chaptercli.filebytes import read_regular, regular_status
from chaptercli.index.rows import Batch, PreparedEpisode, prepare_episode
from chaptercli.model import Episode
from chaptercli.reading import parse_file

RACY_NS = 2_000_000_000  # file systems may keep times in whole seconds (or two)
PARALLEL_FROM = 64  # files to parse before more processes pay for themselves
BATCH_CHAPTERS = 5000  # chapter rows held before a batch is written


class FileRead(NamedTuple):
    """One file read and parsed, ready to store. Plain data: it crosses processes."""

    path: str  # as named: what messages say
    key: str  # what the index stores it under
    stamp: str | None  # None: the file could not be read, and errors say why
    digest: str
    episodes: list[PreparedEpisode]
    errors: list[tuple[str, list[str]]]  # each broken part: its place after the path, problems


class Update(NamedTuple):
    """What bringing the index up to date found."""

    present: list[tuple[str, str]]  # the files read or trusted, in order: path as named, key
    missing: list[DataError]  # the files that could not be read
    parsed: list[str]  # the files read and parsed afresh: new, changed or unconfirmed


def file_key(real: str) -> str:
    """What the index stores a file under: its resolved path, as text SQLite can hold.
    A name that is not UTF-8 (lone surrogates in Python) is spelled in hex after a
    mark no absolute path starts with, so every file keeps a key of its own."""
    try:
        real.encode("utf-8")
    except UnicodeEncodeError:
        return "\\x" + os.fsencode(real).hex()
    return real


def stamp(status: os.stat_result) -> str:
    """What moves when a file is replaced or changed: its device and inode (another
    file, as `cp -p` or a switched link make), its size and times, the change time
    included (set by the kernel on any write, chmod or utime; nothing sets it back).
    Text, because SQLite's integers stop at 2^63 and inodes and times need not."""
    return (f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}:"
            f"{status.st_ctime_ns}")  # fmt: skip


def _changed_ns(status: os.stat_result) -> int:
    # The change time, or on Windows (where st_ctime is the creation) the modification.
    return max(status.st_mtime_ns, status.st_ctime_ns)


def update(db: sqlite3.Connection, files: Sequence[LibraryFile]) -> Update:
    """Re-read and store the files that changed; trust the rest."""
    looked: dict[str, tuple[str, os.stat_result]] = {}  # by key: the path as named, status
    missing: list[DataError] = []
    for file in files:
        try:
            looked[file_key(file.real)] = (str(file.path), regular_status(file.path))
        except DataError as error:
            missing.append(error)
    known = {
        row[0]: row
        for row in db.execute(
            "SELECT path, stamp, digest, indexed_ns FROM files "
            "WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(list(looked)),),
        )
    }
    stale: list[tuple[str, str]] = []
    confirmed: list[tuple[str, int]] = []  # racy files whose bytes were found unchanged
    for key, (path, status) in looked.items():
        verdict = _verdict(path, status, known.get(key))
        if verdict == STALE:
            stale.append((path, key))
        elif verdict == CONFIRMED:
            confirmed.append((key, _changed_ns(status)))
    unreadable = _store(db, [key for _, key in stale], read_files(stale)) if stale else []
    _settle(db, confirmed)
    missing += [DataError(result.path, problems) for result in unreadable
                for _, problems in result.errors]  # fmt: skip
    gone = {result.key for result in unreadable}
    return Update(
        [(path, key) for key, (path, _) in looked.items() if key not in gone],
        missing,
        [path for path, key in stale if key not in gone],
    )


TRUSTED, CONFIRMED, STALE = "trusted", "confirmed", "stale"


def _verdict(path: str, status: os.stat_result, row: tuple[Any, ...] | None) -> str:
    """Whether the stored rows of a file still hold what it says: TRUSTED on its
    stamp, CONFIRMED by hashing its bytes (it changed within RACY_NS of being
    read), or STALE."""
    if row is None or row[1] != stamp(status):
        return STALE
    if _changed_ns(status) < row[3] - RACY_NS:
        return TRUSTED
    try:  # changed within the clock's resolution of being read: compare contents
        return CONFIRMED if _digest(read_regular(Path(path))[0]) == row[2] else STALE
    except DataError:
        return STALE


def _settle(db: sqlite3.Connection, confirmed: list[tuple[str, int]]) -> None:
    """Files that were racy when read but have been still since: their contents
    were just confirmed, so later commands may trust their stamps alone."""
    now = time.time_ns()
    settled = [(now, key) for key, changed_ns in confirmed if changed_ns < now - RACY_NS]
    if settled:
        # Busy or read-only: no harm, the next command confirms them again.
        with contextlib.suppress(sqlite3.OperationalError):
            db.executemany("UPDATE files SET indexed_ns = ? WHERE path = ?", settled)


def _store(
    db: sqlite3.Connection, keys: Sequence[str], results: Iterable[FileRead]
) -> list[FileRead]:
    """Replace what the index holds for each file read, in one transaction; rows
    are written in batches across files, ids given out here. The files that could
    not be read are forgotten, not stored: they are returned."""
    now = time.time_ns()
    unreadable = []
    db.execute("BEGIN IMMEDIATE")
    try:
        # Looked up under the write lock: another command may have stored some
        # of these files since this one looked.
        known = {
            row[0]
            for row in db.execute(
                "SELECT path FROM files WHERE path IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),),
            )
        }
        next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM episodes").fetchone()[0]
        batch = Batch()
        for result in results:
            if result.key in known:
                _forget(db, result.key)
            if result.stamp is None:
                unreadable.append(result)
                continue
            batch.files.append(
                (result.key, result.stamp, result.digest, now, json.dumps(result.errors))
            )
            for position, prepared in enumerate(result.episodes, 1):
                batch.add(next_id, result.key, position, prepared)
                next_id += 1
            if len(batch.chapters) > BATCH_CHAPTERS:
                batch.write(db)
        batch.write(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fts', 'stale')")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return unreadable


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
        # Not looked up by path: the path as named, in a form SQLite takes whatever it is.
        batch.add(key, file_key(entry.path), entry.position, prepare_episode(episode))
        keyed.append(entry_of(episode, entry.path, entry.position, key))
    db.execute("BEGIN")
    batch.write(db)
    db.execute("COMMIT")
    return keyed


def read_file(file: tuple[str, str]) -> FileRead:
    """A file (its path as named, its key) read and parsed; its problems, if it
    cannot be read now, kept apart from what its bytes say."""
    path, key = file
    try:
        raw, status = read_regular(Path(path))
    except DataError as error:
        return FileRead(path, key, None, "", [], [("", error.problems)])
    episodes, errors = parse_file(raw, path)
    return FileRead(
        path,
        key,
        stamp(status),
        _digest(raw),
        [prepare_episode(e) for e in episodes],
        [(error.source.removeprefix(path), error.problems) for error in errors],
    )


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the command stops its workers itself.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_files(files: Sequence[tuple[str, str]]) -> Iterator[FileRead]:
    """Read and parse files, on every core when there are enough to be worth it."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(files) < PARALLEL_FROM or sys.platform != "linux":
        yield from map(read_file, files)
        return
    import concurrent.futures
    import multiprocessing

    pool = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts
    )
    try:
        yield from pool.map(read_file, files, chunksize=max(1, len(files) // (workers * 8)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _digest(raw: bytes) -> str:
    import hashlib  # only when a file is read: most commands never need it

    return hashlib.blake2b(raw, digest_size=16).hexdigest()
