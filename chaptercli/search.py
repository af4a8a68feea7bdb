"""Finding words in chapters. Pure: no I/O, no output.

Text is folded before matching (accents dropped, typographic quotes and
dashes made ASCII, case folded) so that typing `Llama's` finds `Llama’s` and
`naive` finds `naïve`. Each folded character remembers where it came from, so
match spans are offsets into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode
from chaptercli.regexes import Budget, Pattern

FIELDS = ("title", "summary", "bullets")

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
        "\u2026": "...",
    }
)  # fmt: skip


class Match(NamedTuple):
    """Where a search matched: one text of one chapter."""

    chapter: Chapter
    field: str  # "title", "summary", "bullet" or "transcript"
    bullet: int | None  # the bullet's number from 1, for field "bullet"
    text: str
    spans: tuple[tuple[int, int], ...]  # [from, to) offsets into text
    # For field "transcript": when the words were said, and by whom if the transcript says.
    time_ms: int | None = None
    speaker: str | None = None


@lru_cache(maxsize=4096)
def _fold_char(char: str, casefold: bool) -> str:
    if char.isascii():
        return char.lower() if casefold else char
    plain = char.translate(_TYPOGRAPHY)
    if plain == char:
        decomposed = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold() if casefold else plain


class _FoldTable(dict[int, str]):
    """A str.translate table that folds each character as _fold_char does,
    filled in as characters are met: folding then runs at C speed."""

    def __init__(self, casefold: bool) -> None:
        super().__init__()
        self.casefold = casefold

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code), self.casefold)
        return folded


_FOLD_TABLES = {True: _FoldTable(casefold=True), False: _FoldTable(casefold=False)}


class _OddTable(dict[int, str]):
    """A str.translate table that drops each character folding into exactly one
    (and keeps the others): what is left of a text says whether offsets carry over."""

    def __init__(self, casefold: bool) -> None:
        super().__init__()
        self.casefold = casefold

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kept = self[code] = "" if len(_fold_char(char, self.casefold)) == 1 else char
        return kept


_ODD_TABLES = {True: _OddTable(casefold=True), False: _OddTable(casefold=False)}


_NON_ASCII_RUN = re.compile("([^\x00-\x7f]+)")


def fold_text(text: str, casefold: bool = True) -> str:
    """The folded text alone: what `fold(text)[0]` is, computed fast. Runs of
    ASCII are lower-cased whole; only the rest goes character by character."""
    if text.isascii():
        return text.lower() if casefold else text
    parts = _NON_ASCII_RUN.split(text)  # ASCII at even places, the rest at odd ones
    parts[1::2] = [part.translate(_FOLD_TABLES[casefold]) for part in parts[1::2]]
    if casefold:
        parts[0::2] = [part.lower() for part in parts[0::2]]
    return "".join(parts)


def fold(text: str, casefold: bool = True) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index in text it came from."""
    folded = fold_text(text, casefold)
    origins = _origins(text, folded, casefold)
    return folded, list(range(len(text))) if origins is None else origins


def _origins(text: str, folded: str, casefold: bool) -> list[int] | None:
    """Where each character of folded came from in text; None when folding was
    one character for one, so that offsets carry over unchanged."""
    if len(folded) == len(text) and not (
        "".join(_NON_ASCII_RUN.findall(text)).translate(_ODD_TABLES[casefold])
    ):
        return None
    origins: list[int] = []
    for index, char in enumerate(text):
        origins.extend([index] * len(_fold_char(char, casefold)))
    return origins


def fold_words(words: Iterable[str], casefold: bool = True) -> list[str]:
    return [fold_text(word, casefold) for word in words if word.strip()]


def phrase_words(term: str) -> list[str] | None:
    """The words of a quoted phrase ("export controls"), or None for a plain word."""
    if len(term) > 2 and term[0] == term[-1] == '"':
        return term[1:-1].split() or None
    return None


class _Words:
    """A plain word, or a quoted phrase (its words in order, any spacing between):
    every place it occurs in folded text (as a whole word only, if asked: not
    inside a longer one, so AI does not find "daily")."""

    def __init__(self, word: str, flags: int, whole: bool = False) -> None:
        phrase = phrase_words(word)
        pattern = r"\s+".join(map(re.escape, phrase)) if phrase else re.escape(word)
        self.compiled = re.compile(rf"(?<!\w){pattern}(?!\w)" if whole else pattern, flags)
        # Where str.find finds just what the pattern would: the word itself, matched
        # exactly, or ignoring case in ASCII (where only ASCII letters have cases;
        # elsewhere, ignoring case, "i" finds "ı" too).
        self.word = None if whole or phrase else word
        self.exact = not flags & re.IGNORECASE
        self.ascii = word.isascii()

    def find(self, folded: str) -> list[tuple[int, int]] | None:
        word = self.word
        if word is None or not (self.exact or (self.ascii and folded.isascii())):
            return [m.span() for m in self.compiled.finditer(folded)] or None
        spans = []
        start = folded.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
        return spans or None


class Matcher:
    """Finds every query term in a text, or reports that one is missing."""

    def __init__(
        self,
        terms: Sequence[str],
        regex: bool = False,
        case_sensitive: bool = False,
        whole_words: bool = False,
    ) -> None:
        cleaned = [term for term in terms if term.strip()]
        if not cleaned:
            raise ChapterError("nothing to search for: give at least one word")
        self.regex = regex
        self.casefold = not case_sensitive
        # Every plain word (those of a phrase each alone), folded and lower-cased: a
        # text that matches holds them all.
        self.folded_words = [] if regex else _single(fold_words(cleaned))
        # The words and phrases as they must appear in the folded text (case kept if asked).
        self.terms = [] if regex else fold_words(cleaned, self.casefold)
        self.words = _single(self.terms)
        budget = Budget()  # one time limit for the whole search, all patterns and texts
        flags = 0 if case_sensitive else re.IGNORECASE
        self.patterns: list[_Words | Pattern] = (
            [Pattern(_whole(fold_text(term, casefold=False), whole_words), case_sensitive, budget)
             for term in cleaned]
            if regex
            else [_Words(term, flags, whole_words) for term in self.terms]
        )  # fmt: skip

    def term_spans(self, folded: str) -> list[list[tuple[int, int]]] | None:
        """Each term's spans in text folded as this matcher folds (`casefold`);
        None unless every term occurs."""
        if not self.regex and not all(word in folded for word in self.words):
            return None  # the cheap test first: most texts hold none of the words
        found = []
        for pattern in self.patterns:
            hits = pattern.find(folded)
            if hits is None:
                return None
            found.append(hits)
        return found

    def spans(self, text: str, folded: str | None = None) -> tuple[tuple[int, int], ...] | None:
        """Spans of every term in text, merged; None unless all terms occur. `folded`:
        the text folded as this matcher folds it, when that is known already."""
        if folded is None:
            folded = fold_text(text, self.casefold)
        every = self.term_spans(folded)
        if every is None:
            return None
        found = [span for spans in every for span in spans]
        return merge(unfold_spans(text, folded, found, self.casefold))


def _single(terms: list[str]) -> list[str]:
    """Terms with each phrase's quotes taken off and its words listed alone."""
    return [word for term in terms for word in (phrase_words(term) or [term])]


def _whole(pattern: str, whole_words: bool) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)" if whole_words else pattern


def unfold_spans(
    text: str, folded: str, spans: list[tuple[int, int]], casefold: bool = True
) -> list[tuple[int, int]]:
    """Spans into folded (text folded) as spans into text itself."""
    origins = None if text.isascii() else _origins(text, folded, casefold)
    if origins is None:  # folding kept lengths: the offsets carry over
        return spans
    return [(origins[start], origins[end - 1] + 1) for start, end in spans]


def merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans sorted, those that touch or overlap made one."""
    if len(spans) == 1:
        return (spans[0],)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def wanted_fields(fields: Iterable[str]) -> set[str]:
    """The Match.field values that `fields` (title, summary, bullets) asks for."""
    names = {"bullets": "bullet"}
    return {names.get(f, f) for f in (tuple(fields) or FIELDS)}


def chapter_texts(
    chapter: Chapter, fields: Iterable[str] = FIELDS
) -> Iterator[tuple[str, int | None, str]]:
    """(field, bullet number, text) for each searchable text of a chapter, in order."""
    wanted = set(fields)
    if "title" in wanted:
        yield "title", None, chapter.title
    if "summary" in wanted and chapter.summary:
        yield "summary", None, chapter.summary
    if "bullets" in wanted:
        for number, bullet in enumerate(chapter.bullets, 1):
            yield "bullet", number, bullet


def text_at(chapter: Chapter, place: int) -> tuple[str, int | None, str]:
    """What `chapter_texts(chapter)` gives at `place` (from 0), the others unmade."""
    if place == 0:
        return "title", None, chapter.title
    if chapter.summary:
        if place == 1:
            return "summary", None, chapter.summary
        place -= 1
    return "bullet", place, chapter.bullets[place - 1]


def search(episode: Episode, matcher: Matcher, fields: Iterable[str] = FIELDS) -> list[Match]:
    """Every text of the episode in which all of the matcher's terms occur, in chapter order."""
    fields = tuple(fields) or FIELDS
    matches = []
    for chapter in episode.chapters:
        for field, bullet, text in chapter_texts(chapter, fields):
            spans = matcher.spans(text)
            if spans is not None:
                matches.append(Match(chapter, field, bullet, text, spans))
    return matches
