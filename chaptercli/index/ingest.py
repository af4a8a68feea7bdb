"""Bringing the index up to date: which files changed since they were stored
(one pass over what the walk found, against the index in one query), reading
those again, and forgetting the files that are gone.

A file is stored under its resolved path, and trusted from the index while its
stamp (device and inode, size, modification and change times) is what it was
when its bytes were read, and the stamps of the transcripts it names are too
(chaptercli.index.said); and, for a file changed within RACY_NS of that
reading (when a further change might not move its clock), while its bytes still
hash the same. Only what a file's bytes say is stored: that a file is missing,
unreadable, not a regular file or too large is found out again by every
command, so it is never remembered after it stops being true.

What the index holds stays bounded by the files that exist: the files below a
directory that a command walked and did not find are forgotten as it stores,
and once a day a command that stores looks for every other file it holds.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from chaptercli.discovery import LibraryFile, Seen, seen
from chaptercli.errors import DataError
from chaptercli.filebytes import read_regular, regular_status
from chaptercli.index.keys import digest, file_key, path_of
from chaptercli.index.storage import rollback
from chaptercli.progress import SILENT, Progress

if TYPE_CHECKING:
    from chaptercli.index.reads import FileRead

RACY_NS = 2_000_000_000  # file systems may keep times in whole seconds (or two)
BATCH_CHAPTERS = 5000  # chapter rows held before a batch is written
SWEEP_EVERY_NS = 24 * 3600 * 1_000_000_000


class Update(NamedTuple):
    """What bringing the index up to date found."""

    present: list[tuple[str, int]]  # the files read or trusted, in order: path as named, id
    missing: list[DataError]  # the files that could not be read
    parsed: list[str]  # the files read and parsed afresh: new, changed or unconfirmed


def update(
    db: sqlite3.Connection,
    files: Sequence[LibraryFile],
    walked: Sequence[str] = (),
    progress: Progress = SILENT,
) -> Update:
    """Re-read and store the files that changed, forget those gone; trust the rest."""
    looked: dict[str, tuple[str, Seen]] = {}  # by key: the path as named, what was seen
    missing: list[DataError] = []
    for file in files:
        status = file.status
        if status is None or not status.regular:
            try:  # looked at again, to say why it cannot be read
                status = seen(regular_status(file.path))
            except DataError as error:
                missing.append(error)
                continue
        looked[file_key(file.real)] = (file.path, status)
    known, gone = _known(db, looked, walked)
    stale: list[tuple[str, str]] = []
    confirmed: list[tuple[str, int]] = []  # racy files whose bytes were found unchanged
    for key, (path, status) in looked.items():
        row = known.get(key)  # id, stamp, when it was read
        if row is None or row[1] != status.stamp:
            stale.append((path, key))
        elif status.changed_ns >= row[2] - RACY_NS:  # else trusted on its stamp
            if _same_bytes(db, path, key):
                confirmed.append((key, status.changed_ns))
            else:
                stale.append((path, key))
    _with_transcripts_changed(db, looked, known, stale)
    ids = {key: row[0] for key, row in known.items()}
    unreadable: list[FileRead] = []
    if stale or gone:
        from chaptercli.index.reads import read_files  # only to write: reading needs less

        progress.start(len(stale), sum(looked[key][1].size for _, key in stale))
        try:
            stored, unreadable = _store(db, read_files(stale), gone, set(looked), progress)
        finally:
            progress.stop()
        ids |= stored
    _settle(db, confirmed)
    missing += [DataError(result.path, problems) for result in unreadable
                for _, problems in result.errors]  # fmt: skip
    lost = {result.key for result in unreadable}
    return Update(
        [(path, ids[key]) for key, (path, _) in looked.items() if key not in lost],
        missing,
        [path for path, key in stale if key not in lost],
    )


def _with_transcripts_changed(
    db: sqlite3.Connection,
    looked: dict[str, tuple[str, Seen]],
    known: dict[str, tuple[Any, ...]],
    stale: list[tuple[str, str]],
) -> None:
    """Add to `stale` the trusted files whose transcripts changed or went: the
    transcript is part of what is stored of the file that names it."""
    again = {key for _, key in stale}
    trusted = {known[key][0]: (path, key) for key, (path, _) in looked.items()
               if key in known and key not in again}  # fmt: skip
    if trusted:
        from chaptercli.index.said import changed

        stale += [trusted[file_id] for file_id in sorted(changed(db, trusted))]


def _known(
    db: sqlite3.Connection, looked: dict[str, Any], walked: Sequence[str]
) -> tuple[dict[str, tuple[Any, ...]], list[str]]:
    """The stored rows (id, stamp, indexed_ns) of the files looked at, by key; and
    the stored files below the directories walked that were not found. One range
    of the index per directory, and one look-up for the other files."""
    known: dict[str, tuple[Any, ...]] = {}
    below: list[tuple[Any, ...]] = []
    for top in walked:
        prefix = top if top.endswith(os.sep) else top + os.sep
        below += db.execute(
            "SELECT path, id, stamp, indexed_ns FROM files WHERE path > ? AND path < ?",
            (prefix, prefix[:-1] + chr(ord(os.sep) + 1)),
        ).fetchall()
    gone = [row[0] for row in below if row[0] not in looked]
    known = {row[0]: row[1:] for row in below if row[0] in looked}
    rest = [key for key in looked if key not in known]
    if rest:
        import json

        for row in db.execute(
            "SELECT path, id, stamp, indexed_ns FROM files "
            "WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(rest),),
        ):
            known[row[0]] = row[1:]
    return known, gone


def _same_bytes(db: sqlite3.Connection, path: str, key: str) -> bool:
    """Whether a file that changed within RACY_NS of being read (when a further change
    might not have moved its clock) still has the bytes it had."""
    stored = db.execute("SELECT digest FROM files WHERE path = ?", (key,)).fetchone()
    try:
        return stored is not None and digest(read_regular(path)[0]) == stored[0]
    except DataError:
        return False


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
    db: sqlite3.Connection,
    results: Iterable[FileRead],
    gone: Sequence[str],
    present: set[str],
    progress: Progress,
) -> tuple[dict[str, int], list[FileRead]]:
    """Replace what the index holds for each file read, and forget the files gone,
    in one transaction; rows are written in batches across files. A file keeps its
    id (and so its rows' ids) while it is stored. The files that could not be read
    are forgotten, not stored: they are returned. Interrupted, nothing changes."""
    from chaptercli.index import forget
    from chaptercli.index.rows import Batch, json_text
    from chaptercli.index.words import decoded

    now = time.time_ns()
    stored: dict[str, int] = {}
    unreadable = []
    db.execute("BEGIN IMMEDIATE")
    try:
        # Under the write lock: another command may have stored some files since.
        ids = dict(db.execute("SELECT path, id FROM files"))
        next_id = max(ids.values(), default=0) + 1
        dropped = sum(forget.forget_file(db, ids.pop(key)) for key in gone if key in ids)
        if time.time_ns() - forget.number(db, "swept") > SWEEP_EVERY_NS:
            dropped += sum(forget.forget_file(db, ids.pop(key)) for key in _vanished(ids, present))
            forget.put(db, "swept", time.time_ns())
        batch = Batch()
        vocabulary: set[bytes] = set()
        for result in results:
            file_id = ids.get(result.key)
            if file_id is not None:
                dropped += forget.forget_file(db, file_id)
            else:
                file_id, next_id = next_id, next_id + 1
            if result.stamp is None:
                unreadable.append(result)
            else:
                stored[result.key] = file_id
                batch.files.append((file_id, result.key, result.stamp, result.digest, now,
                                    json_text(result.errors)))  # fmt: skip
                batch.add_file(file_id, list(enumerate(result.episodes, 1)))
                vocabulary.update(result.terms)
                if len(batch) > BATCH_CHAPTERS:
                    batch.write(db)
            progress.advance(1, len(result.episodes))
        batch.write(db)
        db.executemany("INSERT OR IGNORE INTO terms VALUES (?)", map(_one, decoded(vocabulary)))
        forget.tidy(db, dropped)
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise
    if dropped:
        with contextlib.suppress(sqlite3.OperationalError):  # busy: next time
            db.execute("PRAGMA incremental_vacuum")
    return stored, unreadable


def _one(value: object) -> tuple[object]:
    return (value,)


def _vanished(ids: dict[str, int], present: set[str]) -> list[str]:
    """The stored files, besides those just looked at, that no longer exist."""
    gone = []
    for key in ids:
        if key in present:
            continue
        try:
            os.stat(path_of(key))
        except (FileNotFoundError, NotADirectoryError):
            gone.append(key)
        except (OSError, ValueError):
            continue  # there, but not to be looked at now: kept
    return gone
