"""The words the index finds texts by, and turning a search into a query of them.

A chapter's texts are folded (chaptercli.search.fold_text) and joined by SEPARATOR;
the full-text table splits that at every ASCII character that is not a letter or
a digit (SQLite's `ascii` tokenizer: every other character, accented letters and
all, belongs to a word). `words_of` splits text exactly so, and the index keeps
every word it was ever given in `terms`: the vocabulary a substring is looked up
in. So a folded search word finds every text that holds it: each of its pieces
(split the same way) lies inside one word of such a text, and that word is in
the vocabulary. The matcher then decides, as without the index.

NUL and SEPARATOR in texts become spaces: SQLite's text functions stop at a NUL,
and the separator must only ever separate. A query word holding either is
searched without the index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

SEPARATOR = "\x01"
# The vocabulary looked up for a piece of a word (a substring of words) at most:
# past this a piece narrows too little to be worth it, and is left to the matcher.
MOST_TERMS = 5000

# ASCII characters that are not letters or digits separate words; bytes from 128 up
# (UTF-8 of everything else) belong to them; capitals are made small, as SQLite does.
_SPLIT = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if byte >= 128 or chr(byte).isalnum() else 32
    for byte in range(256)
)


def storable(text: str) -> str:
    if "\x00" in text or SEPARATOR in text:
        return text.replace("\x00", " ").replace(SEPARATOR, " ")
    return text


def words_of(folds: Iterable[str]) -> list[bytes]:
    """The words of folded texts, in UTF-8, as the full-text table splits them."""
    return _encode(" ".join(folds)).translate(_SPLIT).split()


def decoded(words: Iterable[bytes]) -> list[str]:
    return [word.decode("utf-8", "surrogatepass") for word in words]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _pieces(word: str) -> list[tuple[str, bool, bool]]:
    """A folded search word's pieces, each with whether the text may go on before
    it (it begins the word) and after it (it ends the word)."""
    split = _encode(word).translate(_SPLIT)
    pieces = split.split()
    last = len(pieces) - 1
    return [
        (piece.decode("utf-8", "surrogatepass"),
         n == 0 and split[:1] != b" ", n == last and split[-1:] != b" ")
        for n, piece in enumerate(pieces)
    ]  # fmt: skip


def match_expression(db: sqlite3.Connection, words: Sequence[str]) -> str | None:
    """A full-text query that every text holding all the folded words matches
    (and few others): each piece of each word as a word itself, a word beginning
    with it, or any word of the vocabulary holding it. None: nothing narrows the
    search (scan every text); "" : no text can match."""
    clauses = []
    for word in words:
        for piece, open_before, open_after in _pieces(word):
            if not open_before and not open_after:
                clauses.append(_quoted(piece))  # a whole word
                continue
            if not open_before:
                found = db.execute(
                    "SELECT term FROM terms WHERE term >= ? AND term < ? LIMIT ?",
                    (piece, piece + "\U0010ffff", MOST_TERMS + 1),
                ).fetchall()
            else:  # the end of a word, or anywhere in one
                found = db.execute(
                    "SELECT term FROM terms WHERE instr(term, ?) LIMIT ?",
                    (piece, MOST_TERMS + 1),
                ).fetchall()
            if not found:
                return ""
            if len(found) <= MOST_TERMS:
                clauses.append("(" + " OR ".join(_quoted(term) for (term,) in found) + ")")
    return " AND ".join(clauses) or None
