"""Reading the library back from the index: its episodes and the problems of
its files, one whole episode, plain search, and ranked full-text search."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence

from chaptercli.entries import Entry, Found
from chaptercli.errors import ChapterError, DataError
from chaptercli.index.rows import SEPARATOR, chapter_from_row
from chaptercli.model import Chapter, Episode
from chaptercli.search import FIELDS, Match, Matcher, chapter_texts, wanted_fields

_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # around FTS matches; stripped if in the text


def entries_in(db: sqlite3.Connection, files: list[tuple[str, str]]) -> list[Entry]:
    """The episodes of the files (each its path as named, its key), in file order,
    then in their place in each file."""
    order = {key: (n, path) for n, (path, key) in enumerate(files)}
    rows = db.execute(
        "SELECT id, path, position, podcast, title, chapter_count, length_ms, url "
        "FROM episodes "
        "WHERE path IN (SELECT value FROM json_each(?))",
        (json.dumps(list(order)),),
    ).fetchall()
    rows.sort(key=lambda row: (order[row[1]][0], row[2]))
    return [Entry(order[key][1], position, podcast, title, count, length, url, episode_id)
            for episode_id, key, position, podcast, title, count, length, url in rows]  # fmt: skip


def errors_in(db: sqlite3.Connection, files: list[tuple[str, str]]) -> list[DataError]:
    """The problems found when the files (or parts of them) were read, in file order,
    each named after the path the file has now."""
    order = {key: (n, path) for n, (path, key) in enumerate(files)}
    rows = db.execute(
        "SELECT path, errors FROM files WHERE path IN (SELECT value FROM json_each(?)) "
        "AND errors != '[]'",
        (json.dumps(list(order)),),
    ).fetchall()
    rows.sort(key=lambda row: order[row[0]][0])
    return [
        DataError(order[key][1] + place, problems)
        for key, text in rows
        for place, problems in json.loads(text)
    ]


def episode(db: sqlite3.Connection, entry: Entry) -> Episode:
    row = db.execute(
        "SELECT podcast, title, url, duration_ms FROM episodes WHERE id = ?", (entry.key,)
    ).fetchone()
    chapters = db.execute(
        "SELECT number, start_ms, end_ms, title, summary, bullets FROM chapters "
        "WHERE episode_id = ? ORDER BY number",
        (entry.key,),
    ).fetchall()
    return Episode(
        title=row[1],
        chapters=tuple(chapter_from_row(c) for c in chapters),
        podcast=row[0],
        url=row[2],
        duration_ms=row[3],
        source=entry.path,
    )


def can_search(matcher: Matcher) -> bool:
    """Whether the index can answer this search (else the files are searched)."""
    return not matcher.regex and not any(
        char in word for word in matcher.folded_words for char in "\x00" + SEPARATOR
    )


def search(
    db: sqlite3.Connection, entries: Sequence[Entry], matcher: Matcher, fields: Sequence[str]
) -> list[Found]:
    """Plain search. SQLite finds the chapters whose folded texts hold every
    word somewhere (a superset); the matcher then checks each text of
    those chapters, exactly as a search without the index does."""
    # LIKE scans faster than instr(); on text already lower-cased, its ASCII
    # case-insensitivity can only let more through, never fewer.
    words = matcher.folded_words
    conditions = " AND ".join("folded LIKE ? ESCAPE '\\'" for _ in words)
    patterns = ["%" + re.sub(r"([%_\\])", r"\\\1", word) + "%" for word in words]
    candidates = db.execute(
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
    chapters = _chapters(db, {place for place, seqs in texts.items() if seqs})
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
    db: sqlite3.Connection, entries: Sequence[Entry], words: Sequence[str], fields: Sequence[str]
) -> list[Found]:
    """Full-text search with stemming, most relevant first (bm25)."""
    terms = [w for w in words if any(ch.isalnum() for ch in w)]
    if not terms:
        raise ChapterError("nothing to rank: give at least one word with letters or digits")
    _build_fts(db)
    query = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
    names = _field_names(fields)
    rows = db.execute(
        "SELECT t.episode_id, t.chapter, t.field, t.bullet, t.text, "
        f"highlight(texts_fts, 0, '{_MARK_OPEN}', '{_MARK_CLOSE}') "
        "FROM texts_fts JOIN fts_texts t ON t.id = texts_fts.rowid "
        f"WHERE texts_fts MATCH ? AND t.field IN ({', '.join('?' * len(names))}) "
        "ORDER BY bm25(texts_fts)",
        (query, *names),
    ).fetchall()
    by_key = {entry.key: entry for entry in entries}
    rows = [row for row in rows if row[0] in by_key]
    chapters = _chapters(db, {(row[0], row[1]) for row in rows})
    return [
        Found(by_key[key], Match(chapters[key, number], field, bullet, text,
                                 _marked_spans(text, marked)))
        for key, number, field, bullet, text, marked in rows
    ]  # fmt: skip


def _build_fts(db: sqlite3.Connection) -> None:
    """Fill the full-text table from the chapters, once after each change."""
    state = db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone()
    if state and state[0] == "built":
        return
    in_snapshot = db.in_transaction
    if in_snapshot:
        db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM fts_texts")
        rows = db.execute(
            "SELECT episode_id, number, start_ms, end_ms, title, summary, bullets FROM chapters"
        ).fetchall()
        db.executemany(
            "INSERT INTO fts_texts (episode_id, chapter, seq, field, bullet, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(row[0], row[1], seq, field, bullet, text)
             for row in rows
             for seq, (field, bullet, text) in enumerate(chapter_texts(chapter_from_row(row[1:])))],
        )  # fmt: skip
        db.execute("INSERT INTO texts_fts(texts_fts) VALUES ('rebuild')")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fts', 'built')")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if in_snapshot:
        db.execute("BEGIN")


def _chapters(db: sqlite3.Connection, keys: set[tuple[int, int]]) -> dict[tuple[int, int], Chapter]:
    if not keys:
        return {}
    rows = db.execute(
        "SELECT c.episode_id, c.number, c.start_ms, c.end_ms, c.title, c.summary, c.bullets "
        "FROM json_each(?) AS k JOIN chapters c "
        "ON c.episode_id = json_extract(k.value, '$[0]') "
        "AND c.number = json_extract(k.value, '$[1]')",
        (json.dumps(sorted(keys)),),
    ).fetchall()
    return {(row[0], row[1]): chapter_from_row(row[1:]) for row in rows}


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
