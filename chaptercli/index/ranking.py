"""Ranked full-text search (`search --rank`): SQLite's FTS5 with the Porter stemmer
finds the texts, and they are ordered by BM25 computed over the episodes asked
about, not the whole index, so that another library in it never changes an order.

A file's texts enter the full-text table on the first ranked search that needs
them, and leave it with the file's other rows when it changes."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Collection, Sequence
from typing import Any

from chaptercli.entries import Entry, Found, entry_of
from chaptercli.errors import ChapterError
from chaptercli.index import queries
from chaptercli.index.keys import file_key
from chaptercli.index.layout import chapter_from_row, first_id
from chaptercli.index.rows import Batch, prepare_episode
from chaptercli.index.storage import FILE_SHIFT, rollback
from chaptercli.index.words import words_of
from chaptercli.model import Episode
from chaptercli.progress import SILENT, Progress
from chaptercli.search import FIELDS, Match, chapter_texts, fold_text

K1, B = 1.2, 0.75  # BM25's constants, as FTS5 has them
RANKED_AT_ONCE = 256  # files whose texts are put into the full-text table together
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # around FTS matches; stripped if in the text
_HIGHLIGHT = f"highlight(texts_fts, 0, '{_MARK_OPEN}', '{_MARK_CLOSE}')"
_FOUND = ("FROM texts_fts JOIN fts_texts t ON t.id = texts_fts.rowid "
          "WHERE texts_fts MATCH ? AND texts_fts.rowid {span}")  # fmt: skip

Spans = tuple[tuple[int, int], ...]


def rank(
    db: sqlite3.Connection,
    entries: Sequence[Entry],
    words: Sequence[str],
    fields: Sequence[str],
    progress: Progress = SILENT,
) -> list[Found]:
    """Full-text search with stemming, most relevant first; ties in library order.
    Putting texts into the full-text table first says how it goes to `progress`."""
    terms = [w for w in words if any(ch.isalnum() for ch in w)]
    if not terms:
        raise ChapterError("nothing to rank: give at least one word with letters or digits")
    by_key = {entry.key: (n, entry) for n, entry in enumerate(entries)}
    files = {key >> FILE_SHIFT for key in by_key}
    _rank_files(db, files, progress)
    phrases = ['"' + term.replace('"', '""') + '"' for term in terms]
    sql = ("SELECT t.episode_id, t.id, t.chapter_id, t.seq, t.field, t.bullet, t.text, "
           f"{_HIGHLIGHT} ")  # fmt: skip
    rows = [row for row in queries.rows_of(db, sql + _FOUND, files, " AND ".join(phrases))
            if row[0] in by_key]  # fmt: skip
    if not rows:
        return []
    spans = [_marked(row[6], row[7]) for row in rows]
    hits, holding = [spans], [len(rows)]
    if len(phrases) > 1:  # each phrase's own matches, and how many texts hold it
        hits = [_hits(db, phrase, [row[1] for row in rows]) for phrase in phrases]
        holding = [_holding(db, phrase, files, by_key) for phrase in phrases]
    texts, length = _totals(db, by_key)
    weights = [max(math.log((texts - n + 0.5) / (n + 0.5)), 1e-6) for n in holding]
    wanted = _field_names(fields)
    chapters = queries.chapters_by_id(db, (row[2] for row in rows if row[4] in wanted))
    scored = []
    for number, (key, _, chapter_id, seq, field, bullet, text, _) in enumerate(rows):
        if field not in wanted:
            continue
        size = len(words_of([fold_text(text)])) * K1 * B * texts / length + K1 * (1 - B)
        score = sum(weight * len(found[number]) * (K1 + 1) / (len(found[number]) + size)
                    for weight, found in zip(weights, hits, strict=True))  # fmt: skip
        order, entry = by_key[key]
        match = Match(chapters[chapter_id], field, bullet, text, spans[number])
        scored.append((-score, order, match.chapter.number, seq, Found(entry, match)))
    scored.sort(key=lambda item: item[:4])
    return [item[4] for item in scored]


def _totals(db: sqlite3.Connection, by_key: Collection[int]) -> tuple[int, int]:
    """How many texts the episodes have, and how many words in all."""
    rows = queries.rows_of(db, "SELECT id, texts, words FROM episodes WHERE id {span}",
                           {key >> FILE_SHIFT for key in by_key})  # fmt: skip
    chosen = [row for row in rows if row[0] in by_key]
    return sum(row[1] for row in chosen), max(1, sum(row[2] for row in chosen))


def _hits(db: sqlite3.Connection, phrase: str, ids: list[int]) -> list[Spans]:
    """Where one phrase matches each of the texts (by id, in that order)."""
    rows = db.execute(
        f"SELECT t.id, t.text, {_HIGHLIGHT} FROM json_each(?) k "
        "JOIN texts_fts ON texts_fts.rowid = k.value JOIN fts_texts t ON t.id = k.value "
        "WHERE texts_fts MATCH ?",
        (str(ids), phrase),
    ).fetchall()
    marked = {text_id: _marked(text, highlighted) for text_id, text, highlighted in rows}
    return [marked.get(text_id, ()) for text_id in ids]


def _holding(db: sqlite3.Connection, phrase: str, files: set[int], by_key: Collection[int]) -> int:
    """How many texts of the episodes hold the phrase."""
    rows = queries.rows_of(db, "SELECT t.episode_id " + _FOUND, files, phrase)
    return sum(row[0] in by_key for row in rows)


def _rank_files(db: sqlite3.Connection, files: set[int], progress: Progress) -> None:
    """Put the texts of the files not in the full-text table yet into it, a few
    hundred files at a time (in a write transaction of its own: the command's
    snapshot is taken again after; interrupted, nothing changes)."""
    unranked = "SELECT id FROM files WHERE ranked = 0 AND id IN (SELECT value FROM json_each(?))"
    if not db.execute(unranked, (str(sorted(files)),)).fetchone():
        return
    in_snapshot = db.in_transaction
    if in_snapshot:
        db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    try:  # looked for again under the write lock: another command may have done some
        missing = [row[0] for row in db.execute(unranked, (str(sorted(files)),))]
        progress.start(len(missing), 0)
        for start in range(0, len(missing), RANKED_AT_ONCE):
            some = missing[start : start + RANKED_AT_ONCE]
            texts = _texts(db, some)
            db.executemany("INSERT INTO fts_texts VALUES (?, ?, ?, ?, ?, ?, ?)", texts)
            db.executemany("INSERT INTO texts_fts (rowid, text) VALUES (?, ?)",
                           ((row[0], row[6]) for row in texts))  # fmt: skip
            db.execute("UPDATE files SET ranked = 1 WHERE id IN (SELECT value FROM json_each(?))",
                       (str(some),))  # fmt: skip
            progress.advance(len(some), len({row[1] for row in texts}))
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise
    finally:
        progress.stop()
    if in_snapshot:
        db.execute("BEGIN")


def _texts(db: sqlite3.Connection, files: list[int]) -> list[tuple[Any, ...]]:
    """The rows of every text of the files' chapters, numbered in each file from its
    first id on."""
    counters = {file_id: first_id(file_id) for file_id in files}
    texts = []
    for chapter_id, episode_id, *chapter in queries.each_row(
        db, "SELECT c.id, c.episode_id, c.number, c.start_ms, c.end_ms, c.title, c.summary, "
        "c.bullets, c.extras FROM chapters c WHERE c.id {span} ORDER BY c.id", files,
    ):  # fmt: skip
        file_id = chapter_id >> FILE_SHIFT
        for seq, (field, bullet, text) in enumerate(chapter_texts(chapter_from_row(chapter))):
            counters[file_id] += 1
            texts.append((counters[file_id], episode_id, chapter_id, seq, field, bullet, text))
    return texts


def store_episodes(
    db: sqlite3.Connection, entries: Sequence[Entry], episode_of: Callable[[Entry], Episode]
) -> list[Entry]:
    """Episodes already read (for --no-cache --rank), stored as the index would
    store their files: the entries, so keyed."""
    file_ids: dict[str, int] = {}
    by_file: dict[int, list[tuple[int, Entry, Episode]]] = {}
    for entry in entries:
        file_id = file_ids.setdefault(entry.path, len(file_ids) + 1)
        by_file.setdefault(file_id, []).append((entry.position, entry, episode_of(entry)))
    batch = Batch()
    keyed = {}
    for path, file_id in file_ids.items():
        # Not looked up by path: the path as named, in a form SQLite takes whatever it is.
        batch.files.append((file_id, file_key(path), "", "", 0, "[]"))
        found = by_file[file_id]
        batch.add_file(file_id, [(place, prepare_episode(episode, set()))
                                 for place, _, episode in found])  # fmt: skip
        for place, entry, episode in found:
            keyed[entry] = entry_of(episode, entry.path, place, first_id(file_id) + place)
    db.execute("BEGIN")
    batch.write(db)
    db.execute("COMMIT")
    return [keyed[entry] for entry in entries]


def _field_names(fields: Sequence[str]) -> set[str]:
    wanted = set(fields) or set(FIELDS)
    return {{"bullets": "bullet"}.get(f, f) for f in FIELDS if f in wanted}


def _marked(text: str, marked: str) -> Spans:
    """Spans of the FTS matches, from the markers highlight() put around them; none
    when the text holds a marker itself."""
    plain = marked.replace(_MARK_CLOSE, "").split(_MARK_OPEN)
    if _MARK_OPEN in text or _MARK_CLOSE in text or "".join(plain) != text:
        return ()
    spans = []
    at = len(plain[0])
    for part, piece in zip(marked.split(_MARK_OPEN)[1:], plain[1:], strict=True):
        spans.append((at, at + part.index(_MARK_CLOSE)))
        at += len(piece)
    return tuple(spans)
