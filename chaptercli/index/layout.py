"""Where the index keeps a file's rows, and how a chapter is stored: light, for
every command that reads the index (writing needs chaptercli.index.rows).

Every row of a file carries the file's number in its id's high bits (FILE_SHIFT):
its episodes, chapters and texts are `file_id << FILE_SHIFT | place`, so the rows
of a set of files are a few ranges of ids, which SQLite and the full-text index
seek to directly, however many other files the index holds.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from chaptercli.index.storage import FILE_SHIFT
from chaptercli.index.words import SEPARATOR
from chaptercli.model import Chapter, Episode

MOST_SPANS = 16  # separate ranges of ids a library's rows are read in, at most


def first_id(file_id: int) -> int:
    return file_id << FILE_SHIFT


def row_spans(file_ids: Iterable[int]) -> list[tuple[int, int]]:
    """The ranges of ids that hold the rows of these files: one per run of
    consecutive file ids, the closest runs merged to keep them few (rows of other
    files between them are then read too, and passed over by the caller)."""
    runs: list[list[int]] = []
    for file_id in sorted(file_ids):
        if runs and file_id == runs[-1][1] + 1:
            runs[-1][1] = file_id
        else:
            runs.append([file_id, file_id])
    if len(runs) > MOST_SPANS:  # cut only at the widest gaps
        by_gap = sorted(range(len(runs) - 1), key=lambda n: runs[n + 1][0] - runs[n][1])
        cuts = [*sorted(by_gap[len(by_gap) - MOST_SPANS + 1 :]), len(runs) - 1]
        starts = [0, *(cut + 1 for cut in cuts[:-1])]
        runs = [[runs[start][0], runs[cut][1]] for start, cut in zip(starts, cuts, strict=True)]
    return [(first_id(low), first_id(high + 1) - 1) for low, high in runs]


def packed_starts(episode: Episode) -> bytes:
    return array("q", [chapter.start_ms for chapter in episode.chapters]).tobytes()


def starts_of(packed: bytes) -> array[int]:
    starts = array("q")
    starts.frombytes(packed)
    return starts


def stored_bullets(bullets: Sequence[str]) -> str | None:
    """Bullets as stored: None for none, else joined by SEPARATOR; as JSON after a NUL
    when one holds SEPARATOR or NUL (splitting is faster than JSON to read back)."""
    if not bullets:
        return None
    joined = SEPARATOR.join(bullets)
    if "\x00" in joined or joined.count(SEPARATOR) != len(bullets) - 1:
        return "\x00" + json.dumps(bullets, ensure_ascii=False)
    return joined


def stored_extras(chapter: Chapter) -> str | None:
    """A chapter's link, picture and hiddenness as stored: None when it has none
    (nearly every chapter), else JSON."""
    if chapter.url is None and chapter.image is None and not chapter.hidden:
        return None
    return json.dumps([chapter.url, chapter.image, chapter.hidden], ensure_ascii=False)


def chapter_from_row(row: Sequence[Any]) -> Chapter:
    """A chapter from its stored columns: number, start_ms, end_ms, title, summary,
    bullets, extras."""
    number, start, end, title, summary, bullets, extras = row
    if bullets is None:
        chapter = Chapter(number, start, end, title, summary)
    elif bullets.startswith("\x00"):
        # rare: a bullet holding SEPARATOR or NUL
        chapter = Chapter(number, start, end, title, summary, tuple(json.loads(bullets[1:])))
    else:
        chapter = Chapter(number, start, end, title, summary, tuple(bullets.split(SEPARATOR)))
    if extras is None:
        return chapter
    url, image, hidden = json.loads(extras)
    return replace(chapter, url=url, image=image, hidden=hidden)
