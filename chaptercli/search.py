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
from dataclasses import dataclass
from functools import lru_cache

from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode

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


@dataclass(frozen=True)
class Match:
    """Where a search matched: one text of one chapter."""

    chapter: Chapter
    field: str  # "title", "summary" or "bullet"
    bullet: int | None  # the bullet's number from 1, for field "bullet"
    text: str
    spans: tuple[tuple[int, int], ...]  # [from, to) offsets into text


@lru_cache(maxsize=4096)
def _fold_char(char: str, casefold: bool) -> str:
    plain = char.translate(_TYPOGRAPHY)
    if plain == char:
        decomposed = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold() if casefold else plain


def fold(text: str, casefold: bool = True) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index in text it came from."""
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            piece = char.lower() if casefold else char
        else:
            piece = _fold_char(char, casefold)
        pieces.append(piece)
        origins.extend([index] * len(piece))
    return "".join(pieces), origins


def fold_words(words: Iterable[str], casefold: bool = True) -> list[str]:
    return [fold(word, casefold)[0] for word in words if word.strip()]


class Matcher:
    """Finds every query term in a text, or reports that one is missing."""

    def __init__(
        self, terms: Sequence[str], regex: bool = False, case_sensitive: bool = False
    ) -> None:
        cleaned = [term for term in terms if term.strip()]
        if not cleaned:
            raise ChapterError("nothing to search for: give at least one word")
        self.casefold = not case_sensitive
        flags = 0 if case_sensitive else re.IGNORECASE
        patterns = (
            [_compile(fold(term, casefold=False)[0], flags) for term in cleaned]
            if regex
            else [re.compile(re.escape(word), flags) for word in fold_words(cleaned, self.casefold)]
        )
        self.patterns = patterns

    def spans(self, text: str) -> tuple[tuple[int, int], ...] | None:
        """Spans of every term in text, merged; None unless all terms occur."""
        folded, origins = fold(text, self.casefold)
        found: list[tuple[int, int]] = []
        for pattern in self.patterns:
            hits = [m.span() for m in pattern.finditer(folded) if m.end() > m.start()]
            if not hits and not pattern.search(folded):
                return None
            found.extend((origins[start], origins[end - 1] + 1) for start, end in hits)
        return _merge(found)


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise ChapterError(f"bad regular expression {pattern!r}: {error}") from None


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


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
