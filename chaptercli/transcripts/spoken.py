"""Finding words in what was said. Pure: cues in, matches out.

A transcript is searched as one text, its cues joined by spaces, so a quoted
phrase is found across the boundary between two cues (and across the single
words of a word-by-word JSON transcript). A match belongs to the cue where it
starts: there every term must start, and its time is that cue's. Cues are
folded one by one (folding goes character by character, so that is folding
the whole), and only cues that matched are mapped back to their own text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from chaptercli.search import Matcher, fold_text, merge, unfold_spans
from chaptercli.transcripts.cue import Cue


class Said(NamedTuple):
    """Where words were said: the cue they start in (and the cues a phrase runs on
    into, their texts joined by spaces in `text`), with the spans of the words."""

    cue: Cue
    text: str
    spans: tuple[tuple[int, int], ...]  # [from, to) offsets into text


def _starts(texts: Sequence[str]) -> list[int]:
    """Where each text starts once they are joined by single spaces."""
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    return starts


def may_hold(matcher: Matcher, text: str) -> bool:
    """Whether a transcript's whole text, markup and all, may hold the words: False
    only when a plain word of letters and digits is nowhere in it, so the
    transcript need not be parsed (words are not split by tags; with numeric
    entities, which may spell letters, it is always parsed)."""
    words = [word for word in matcher.words if word.isalnum()]
    if matcher.regex or not words or "&#" in text:
        return True
    folded = fold_text(text, matcher.casefold)
    return all(word in folded for word in words)


def find_said(cues: Sequence[Cue], matcher: Matcher) -> list[Said]:
    """Each cue where every term of the matcher starts, in time order."""
    folded = [fold_text(cue.text, matcher.casefold) for cue in cues]
    every = matcher.term_spans(" ".join(folded))
    if every is None:
        return []
    starts = _starts(folded)
    # Per cue, per term: the hits that start in it.
    by_cue: dict[int, list[list[tuple[int, int]]]] = {}
    for term, hits in enumerate(every):
        for hit in hits:
            place = by_cue.setdefault(bisect_right(starts, hit[0]) - 1, [[] for _ in every])
            place[term].append(hit)
    found = []
    for number in sorted(by_cue):
        hits = [hit for term in by_cue[number] for hit in term]
        if not all(by_cue[number]):
            continue
        last = max(bisect_right(starts, end - 1) - 1 for _, end in hits)
        found.append(_said(cues, folded, starts, number, last, hits, matcher.casefold))
    return found


def _said(
    cues: Sequence[Cue],
    folded: Sequence[str],
    starts: Sequence[int],
    first: int,
    last: int,
    hits: list[tuple[int, int]],
    casefold: bool,
) -> Said:
    """The match from cue `first` to cue `last`, its hits (offsets into the joined
    folded text) made offsets into the joined original texts of those cues."""
    texts = [cue.text for cue in cues[first : last + 1]]
    own = _starts(texts)  # where each cue starts in the joined original texts

    def original(at: int, end: bool) -> int:
        number = bisect_right(starts, at) - 1
        offset = at - starts[number]
        if offset == len(folded[number]):  # the space after a cue
            return own[number - first] + len(texts[number - first])
        span = unfold_spans(cues[number].text, folded[number], [(offset, offset + 1)], casefold)
        return own[number - first] + (span[0][1] if end else span[0][0])

    spans = [(original(start, False), original(end - 1, True)) for start, end in hits]
    return Said(cues[first], " ".join(texts), merge(spans))
