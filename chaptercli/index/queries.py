"""Reading the library back from the index: its episodes and the problems of its
files, one whole episode, the chapters around a time in each episode, and plain
search. Every query reads the rows of the library's own files (by ranges of ids:
chaptercli.index.rows), never the whole index."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from chaptercli.entries import Entry, Found
from chaptercli.errors import DataError
from chaptercli.index.layout import chapter_from_row, row_spans, starts_of
from chaptercli.index.storage import FILE_SHIFT
from chaptercli.index.words import SEPARATOR, match_expression
from chaptercli.model import Chapter, Episode
from chaptercli.search import Match, Matcher, text_at, wanted_fields

_PLACE = (1 << FILE_SHIFT) - 1  # an id's low bits: its place in its file
_CHAPTER = "c.id, c.number, c.start_ms, c.end_ms, c.title, c.summary, c.bullets, c.extras"


def rows_of(
    db: sqlite3.Connection, sql: str, file_ids: Iterable[int], *args: Any, shift: int = FILE_SHIFT
) -> list[tuple[Any, ...]]:
    """Rows of `sql` (whose first column is an id, and whose `{span}` is a condition
    on it, its last placeholders) that belong to these files, span by span. With
    shift 0, the ids are the files' own."""
    return list(each_row(db, sql, file_ids, *args, shift=shift))


def each_row(
    db: sqlite3.Connection, sql: str, file_ids: Iterable[int], *args: Any, shift: int = FILE_SHIFT
) -> Iterator[tuple[Any, ...]]:
    """rows_of, one row at a time: large rows need not all be held at once."""
    wanted = set(file_ids)
    for low, high in row_spans(wanted):
        span = (low >> FILE_SHIFT << shift, ((high + 1) >> FILE_SHIFT << shift) - 1)
        for row in db.execute(sql.format(span="BETWEEN ? AND ?"), (*args, *span)):
            if row[0] >> shift in wanted:
                yield row


def entries_in(db: sqlite3.Connection, files: list[tuple[str, int]]) -> list[Entry]:
    """The episodes of the files (each its path as named, its id), in file order,
    then in their place in each file."""
    order = {file_id: (n, path) for n, (path, file_id) in enumerate(files)}
    rows = rows_of(db, "SELECT id, podcast, title, chapter_count, length_ms, url "
                   "FROM episodes WHERE id {span}", order)  # fmt: skip
    rows.sort(key=lambda row: (order[row[0] >> FILE_SHIFT][0], row[0]))
    return [Entry(order[key >> FILE_SHIFT][1], key & _PLACE, podcast, title, count, length, url,
                  key)
            for key, podcast, title, count, length, url in rows]  # fmt: skip


def errors_in(db: sqlite3.Connection, files: list[tuple[str, int]]) -> list[DataError]:
    """The problems found when the files (or parts of them) were read, in file order,
    each named after the path the file has now."""
    order = {file_id: (n, path) for n, (path, file_id) in enumerate(files)}
    rows = rows_of(db, "SELECT id, errors FROM files WHERE errors != '[]' AND id {span}", order,
                   shift=0)  # fmt: skip
    if not rows:
        return []
    import json

    rows.sort(key=lambda row: order[row[0]][0])
    return [
        DataError(order[file_id][1] + place, problems)
        for file_id, text in rows
        for place, problems in json.loads(text)
    ]


def episode(db: sqlite3.Connection, entry: Entry) -> Episode:
    podcast, title, url, duration, first, count = db.execute(
        "SELECT podcast, title, url, duration_ms, first_chapter, chapter_count FROM episodes "
        "WHERE id = ?",
        (entry.key,),
    ).fetchone()
    rows = db.execute(
        f"SELECT {_CHAPTER} FROM chapters c WHERE id BETWEEN ? AND ? ORDER BY id",
        (first, first + count - 1),
    ).fetchall()
    chapters = tuple(chapter_from_row(row[1:]) for row in rows)
    return Episode(title, chapters, podcast, url, duration, source=entry.path)


def chapters_by_id(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Chapter]:
    rows = db.execute(
        f"SELECT {_CHAPTER} FROM json_each(?) k JOIN chapters c ON c.id = k.value",
        (str(sorted(set(ids))),),
    ).fetchall()
    return {row[0]: chapter_from_row(row[1:]) for row in rows}


def windows(db: sqlite3.Connection, entries: Sequence[Entry], ms: int) -> list[list[Chapter]]:
    """For each episode, its chapters around ms: the last that starts at or before
    it and the first that starts after it (what `at` needs of an episode)."""
    keys = {entry.key for entry in entries}
    places: dict[int, list[int]] = {}
    files = {key >> FILE_SHIFT for key in keys}
    for key, first, packed in rows_of(
        db, "SELECT id, first_chapter, starts FROM episodes WHERE id {span}", files
    ):
        if key in keys:
            starts = starts_of(packed)
            after = bisect_right(starts, ms)
            places[key] = [first + n for n in (after - 1, after) if 0 <= n < len(starts)]
    chapters = chapters_by_id(db, (i for ids in places.values() for i in ids))
    windows = {key: [chapters[i] for i in ids] for key, ids in places.items()}
    for entry in entries:
        if any(chapter.hidden for chapter in windows.get(entry.key, ())):
            # Around a hidden chapter the one playing may start further back, and
            # the next visible one come later: the whole episode (hidden ones are rare).
            windows[entry.key] = list(episode(db, entry).chapters)
    return [windows[entry.key] for entry in entries]


def title_keys(db: sqlite3.Connection, entries: Sequence[Entry], words: Sequence[str]) -> set[int]:
    """The episodes whose folded titles hold every folded word."""
    keys = {entry.key for entry in entries}
    rows = rows_of(db, "SELECT id, folded_title FROM episodes WHERE id {span}",
                   {key >> FILE_SHIFT for key in keys})  # fmt: skip
    return {key for key, title in rows if key in keys and all(w in title for w in words)}


def search(
    db: sqlite3.Connection, entries: Sequence[Entry], matcher: Matcher, fields: Sequence[str]
) -> list[Found]:
    """Plain search. The full-text table finds the chapters that may hold every
    word (chaptercli.index.words); SQLite keeps those whose folded texts do; the
    matcher then checks each of their texts that holds them all, exactly as a
    search without the index does."""
    words = matcher.folded_words
    expression = match_expression(db, words)
    if expression == "":
        return []
    holding = "".join(" AND instr(f.folded, ?)" for _ in words)
    if expression is None:  # nothing to look up: every chapter is read
        sql = (f"SELECT c.episode_id, f.folded, {_CHAPTER} FROM folds f "
               f"JOIN chapters c ON c.id = f.id WHERE 1{holding} AND f.id {{span}}")  # fmt: skip
        args: tuple[str, ...] = tuple(words)
    else:
        sql = (f"SELECT c.episode_id, f.folded, {_CHAPTER} FROM words JOIN folds f "
               "ON f.id = words.rowid JOIN chapters c ON c.id = words.rowid "
               f"WHERE words MATCH ?{holding} AND words.rowid {{span}}")  # fmt: skip
        args = (expression, *words)
    by_key = {entry.key: (n, entry) for n, entry in enumerate(entries)}
    kinds = wanted_fields(fields)
    stored_folds = matcher.casefold  # the stored folds are this matcher's: not folded again
    single = len(words) == 1
    found = []
    for key, folded, *row in each_row(db, sql, {k >> FILE_SHIFT for k in by_key}, *args):
        place = by_key.get(key)
        if place is None:
            continue
        chapter = chapter_from_row(row[1:])
        # Only the texts that hold every word (by the stored folds) are matched in full.
        for seq, part in enumerate(folded.split(SEPARATOR)):
            if not (words[0] in part if single else all(word in part for word in words)):
                continue
            field, bullet, text = text_at(chapter, seq)
            if field not in kinds:
                continue
            same = stored_folds and "\x00" not in text and SEPARATOR not in text
            spans = matcher.spans(text, part if same else None)
            if spans is not None:
                match = Match(chapter, field, bullet, text, spans)
                found.append((place[0], chapter.number, seq, Found(place[1], match)))
    found.sort(key=lambda item: item[:3])  # episode order, chapter order, text order
    return [item[3] for item in found]


def said(db: sqlite3.Connection, file_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """What `check` says of each file that loaded whole: per episode, in order, its
    place in the file, chapter count, first chapter's id, and problems (the
    structural rules', and each platform's by name) as stored. Files with
    problems of loading are left out."""
    clean = {row[0] for row in rows_of(db, "SELECT id FROM files WHERE errors = '[]' "
                                       "AND id {span}", file_ids, shift=0)}  # fmt: skip
    found: dict[int, list[tuple[Any, ...]]] = {file_id: [] for file_id in clean}
    rows = rows_of(db, "SELECT e.id, place, chapter_count, first_chapter, problems, platforms "
                   "FROM episodes e JOIN checks k ON k.id = e.id WHERE e.id {span} ORDER BY e.id",
                   clean)  # fmt: skip
    for key, *row in rows:
        found[key >> FILE_SHIFT].append(tuple(row))
    return found
