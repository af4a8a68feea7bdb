"""An episode's transcript as the index's rows, read where its chapters file is
parsed (chaptercli.index.reads), with the same readers and the same errors.

Its cues as they are; and, to narrow a search, its cues folded and joined by
spaces (as chaptercli.transcripts.spoken joins them) in rows of CUES_PER_ROW,
each row owning its own cues. With every transcript its stamp (size and
modification time, taken before it is read), so that the chapters file naming it
is read again when the transcript changes or goes (chaptercli.index.said). One
that cannot be read is stored as that: a search reads it again, to report it
exactly as without the index.
"""

from __future__ import annotations

import os
import time
from typing import Any, NamedTuple

from chaptercli.errors import DataError
from chaptercli.index.words import storable, words_of
from chaptercli.search import fold_text

CUES_PER_ROW = 10
GONE = "gone"  # the stamp of a transcript that could not be looked at
UNSETTLED = "unsettled"  # the stamp of one changed just before it was read
SETTLED_NS = 2_000_000_000  # as chaptercli.index.ingest.RACY_NS: file clocks may be coarse


class PreparedTranscript(NamedTuple):
    """A transcript as rows for the index. Plain data: it crosses processes."""

    file: str  # where it is looked at: the resolved chapters file's folder, and its path
    stamp: str
    bad: bool  # it could not be read: no cues
    cues: list[tuple[Any, ...]]  # start_ms, end_ms, speaker, text
    rows: list[tuple[int, int, str]]  # first and last cue (places in cues), their folds


def transcript_stamp(file: str, settled_before: int | None = None) -> str:
    """Its size and modification time; UNSETTLED, which no later look equals, when
    it was modified after `settled_before` (a further change might not move its
    clock: it is read again until it has been still for a while)."""
    try:
        status = os.stat(file)
    except (OSError, ValueError):
        return GONE
    if settled_before is not None and status.st_mtime_ns >= settled_before:
        return UNSETTLED
    return f"{status.st_size}:{status.st_mtime_ns}"


def prepare_transcript(
    chapters_file: str, resolved: str, path: str, vocabulary: set[bytes]
) -> PreparedTranscript:
    """The transcript `path` named by a chapters file (as named, and resolved). The
    words of its folded rows join the vocabulary (chaptercli.index.words)."""
    from chaptercli.transcripts.place import transcript_file
    from chaptercli.transcripts.read import read_transcript

    file = os.path.join(os.path.dirname(resolved), path)
    # First: a change while it is read is seen next time.
    stamp = transcript_stamp(file, time.time_ns() - SETTLED_NS)
    try:
        cues = read_transcript(transcript_file(chapters_file, path))
    except DataError:
        return PreparedTranscript(file, stamp, True, [], [])
    rows = [
        (first, min(first + CUES_PER_ROW, len(cues)) - 1,
         storable(fold_text(" ".join(cue.text for cue in cues[first : first + CUES_PER_ROW]))))
        for first in range(0, len(cues), CUES_PER_ROW)
    ]  # fmt: skip
    vocabulary.update(words_of(folded for _, _, folded in rows))
    return PreparedTranscript(file, stamp, False, [tuple(cue) for cue in cues], rows)
