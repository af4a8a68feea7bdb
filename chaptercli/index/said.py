"""Transcripts as the index holds them (chaptercli.index.cuerows): whether they
changed since their chapters files were stored, and the cues a search must look at.

A match of a search starts in one cue, and every term starts there: so the
first word of every term is in that cue, and in the row of folded cues that owns
it. The rows holding those words give the candidates (found by the full-text
table `said_words`, as chaptercli.index.words finds chapters); the matcher
(chaptercli.transcripts.spoken.find_said) then decides on the stored cues, as
without the index. Plain words never run past their cue, so the cues of each
candidate row are enough; a phrase may run on into the next cues (of any
length), so for phrases every cue of a candidate episode is matched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from chaptercli.entries import Entry
from chaptercli.index.cuerows import transcript_stamp
from chaptercli.index.queries import each_row, rows_of
from chaptercli.index.storage import FILE_SHIFT
from chaptercli.index.words import match_expression
from chaptercli.search import Matcher, phrase_words
from chaptercli.transcripts.cue import Cue


def changed(db: sqlite3.Connection, file_ids: Iterable[int]) -> set[int]:
    """The files whose transcripts changed or went since they were stored: one
    look at each transcript."""
    rows = rows_of(db, "SELECT id, file, stamp FROM transcripts WHERE id {span}", file_ids)
    return {key >> FILE_SHIFT for key, file, stamp in rows if transcript_stamp(file) != stamp}


class Windows(NamedTuple):
    """What a search must look at in the transcripts of some episodes."""

    cues: dict[int, list[list[Cue]]]  # by episode key: runs of cues to match, in time order
    unread: set[int]  # episodes whose transcripts could not be read: read again


def _first_words(matcher: Matcher) -> tuple[list[str], bool] | None:
    """The folded first word of every term (what the cue a match starts in holds),
    and whether a term is a phrase; None when a term has spaces of its own (it may
    start in the space between cues) or its words cannot be told."""
    firsts, phrases, at = [], False, 0
    for term in matcher.terms:
        words = phrase_words(term)
        phrases = phrases or words is not None
        if words is None and (term.strip() != term or any(char.isspace() for char in term)):
            return None
        count = len(words) if words else 1
        if at + count > len(matcher.folded_words):
            return None
        firsts.append(matcher.folded_words[at])
        at += count
    return (firsts, phrases) if at == len(matcher.folded_words) else None


def windows(db: sqlite3.Connection, entries: Sequence[Entry], matcher: Matcher) -> Windows | None:
    """The cues of the episodes' transcripts that may hold a match; None when the
    index cannot tell (the transcripts are then read)."""
    narrowing = _first_words(matcher)
    if narrowing is None:
        return None
    firsts, phrases = narrowing
    keys = {entry.key for entry in entries}
    files = {key >> FILE_SHIFT for key in keys}
    expression = match_expression(db, firsts)
    holding = "".join(" AND instr(s.folded, ?)" for _ in firsts)
    columns = "SELECT s.id, s.episode_id, s.first_cue, s.last_cue FROM"
    if expression is None:  # nothing to look up: every row is read
        sql, args = f"{columns} said s WHERE 1{holding} AND s.id {{span}}", tuple(firsts)
    else:
        sql = (f"{columns} said_words JOIN said s ON s.id = said_words.rowid WHERE "
               f"said_words MATCH ?{holding} AND said_words.rowid {{span}}")  # fmt: skip
        args = (expression, *firsts)
    rows = [] if expression == "" else [
        row for row in each_row(db, sql, files, *args) if row[1] in keys]  # fmt: skip
    if phrases:  # every cue of each candidate episode
        candidates = {row[1] for row in rows}
        rows = [(key, key, first, first + count - 1) for key, first, count in rows_of(
            db, "SELECT id, first_cue, cue_count FROM transcripts WHERE id {span}", files)
            if key in candidates]  # fmt: skip
    found: dict[int, list[list[Cue]]] = {}
    for _, key, first, last in sorted(rows):
        cues = db.execute("SELECT start_ms, end_ms, speaker, text FROM cues "
                          "WHERE id BETWEEN ? AND ? ORDER BY id", (first, last))  # fmt: skip
        found.setdefault(key, []).append([Cue(*cue) for cue in cues])
    unread = {key for (key,) in rows_of(db, "SELECT id FROM transcripts WHERE bad AND id {span}",
                                        files) if key in keys}  # fmt: skip
    return Windows(found, unread)
