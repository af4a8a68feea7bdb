"""Forgetting a file: every row of it, its words in the full-text tables
included; and keeping the vocabulary from growing with words no file has now."""

from __future__ import annotations

import sqlite3

from chaptercli.index.layout import first_id
from chaptercli.index.storage import FILE_SHIFT

TIDY_FROM = 10_000  # chapters forgotten, at least, before the vocabulary is made again


def number(db: sqlite3.Connection, key: str) -> int:
    """A number kept in the index's meta table (0 until one is put)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return 0 if row is None else int(row[0])


def put(db: sqlite3.Connection, key: str, value: int) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def forget_file(db: sqlite3.Connection, file_id: int) -> int:
    """Delete a file's rows (inside the caller's transaction); how many chapters it had.
    The full-text tables are told each text they drop, from the rows they index."""
    span = (first_id(file_id), first_id(file_id) + (1 << FILE_SHIFT) - 1)
    db.execute("INSERT INTO words (words, rowid, folded) "
               "SELECT 'delete', id, folded FROM folds WHERE id BETWEEN ? AND ?", span)  # fmt: skip
    chapters = db.execute("DELETE FROM folds WHERE id BETWEEN ? AND ?", span).rowcount
    db.execute("DELETE FROM chapters WHERE id BETWEEN ? AND ?", span)
    db.execute("DELETE FROM episodes WHERE id BETWEEN ? AND ?", span)
    db.execute("DELETE FROM checks WHERE id BETWEEN ? AND ?", span)
    db.execute("INSERT INTO said_words (said_words, rowid, folded) "
               "SELECT 'delete', id, folded FROM said WHERE id BETWEEN ? AND ?", span)  # fmt: skip
    for table in ("transcripts", "cues", "said"):
        db.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", span)
    if db.execute("SELECT ranked FROM files WHERE id = ?", (file_id,)).fetchone() != (0,):
        unrank(db, span)
    db.execute("DELETE FROM files WHERE id = ?", (file_id,))
    return chapters


def unrank(db: sqlite3.Connection, span: tuple[int, int]) -> None:
    db.execute("INSERT INTO texts_fts (texts_fts, rowid, text) SELECT 'delete', id, text "
               "FROM fts_texts WHERE id BETWEEN ? AND ?", span)  # fmt: skip
    db.execute("DELETE FROM fts_texts WHERE id BETWEEN ? AND ?", span)


def tidy(db: sqlite3.Connection, dropped: int) -> None:
    """Count the chapters forgotten; once they outnumber those kept, make the
    vocabulary again from the words the full-text tables hold (it is only ever
    added to otherwise), so it stays the size of the texts indexed now."""
    if not dropped:
        return
    dropped += number(db, "dropped")
    kept = db.execute("SELECT count(*) FROM words_docsize").fetchone()[0]  # small rows
    if dropped <= max(kept, TIDY_FROM):
        put(db, "dropped", dropped)
        return
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary "
               "USING fts5vocab(main, words, row)")  # fmt: skip
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.said_vocabulary "
               "USING fts5vocab(main, said_words, row)")  # fmt: skip
    db.execute("DELETE FROM terms")
    db.execute("INSERT INTO terms SELECT term FROM temp.vocabulary")
    db.execute("INSERT OR IGNORE INTO terms SELECT term FROM temp.said_vocabulary")
    put(db, "dropped", 0)
