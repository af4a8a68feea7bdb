"""Reading and parsing the files the index must store again, in worker processes
when there are many, into plain rows that cross processes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from chaptercli.discovery import stamp
from chaptercli.errors import DataError
from chaptercli.filebytes import read_regular
from chaptercli.index.cuerows import prepare_transcript
from chaptercli.index.keys import digest, path_of
from chaptercli.index.rows import PreparedEpisode, prepare_episode
from chaptercli.reading import parse_file

PARALLEL_FROM = 64  # files to parse before more processes pay for themselves


class FileRead(NamedTuple):
    """One file read and parsed, ready to store. Plain data: it crosses processes."""

    path: str  # as named: what messages say
    key: str  # what the index stores it under
    stamp: str | None  # None: the file could not be read, and errors say why
    digest: str
    episodes: list[PreparedEpisode]
    errors: list[tuple[str, list[str]]]  # each broken part: its place after the path, problems
    terms: set[bytes]  # every word of its texts, folded, in UTF-8


def read_file(file: tuple[str, str]) -> FileRead:
    """A file (its path as named, its key) read and parsed; its problems, if it
    cannot be read now, kept apart from what its bytes say."""
    path, key = file
    try:
        raw, status = read_regular(path)
    except DataError as error:
        return FileRead(path, key, None, "", [], [("", error.problems)], set())
    unknown: list[str] = []
    episodes, errors = parse_file(raw, path, unknown)
    vocabulary: set[bytes] = set()
    return FileRead(
        path,
        key,
        stamp(status),
        digest(raw),
        # The file's unknown keys are check's warnings, said with its first episode.
        [
            prepare_episode(
                e, vocabulary, e.source.removeprefix(path), [] if n else unknown
            )._replace(
                transcript=None
                if e.transcript is None
                else prepare_transcript(path, path_of(key), e.transcript, vocabulary)
            )
            for n, e in enumerate(episodes)
        ],
        [(error.source.removeprefix(path), error.problems) for error in errors],
        vocabulary,
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
        # Small chunks: results come back steadily, for the progress shown.
        chunk = max(1, min(16, len(files) // (workers * 8)))
        yield from pool.map(read_file, files, chunksize=chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
