"""Video-description timestamps: `0:00 Title` lines.

Reading is lenient in the ways descriptions vary: `(00:00) Title`, `[0:00] Title`,
`00:00 - Title`, `00:00-Title`, `1. 0:00 Title`, `• 0:00 Title`, `Title 0:00`,
`Title (0:00)`, `Title 4:26 (a note)`, and a time alone on its line with the
title on the next. Every other line is prose and ignored. Each line is read by
hand around one bounded pattern (a clock time), so reading is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build, lines_of, one_line, skipped
from chaptercli.formats.base import LOOSE, NOT_IT, Reader, Reading, TwoWay
from chaptercli.model import Episode
from chaptercli.rules import round_to_second
from chaptercli.times import format_time, parse_time

# A clock time standing alone: not inside a longer number or clock, not followed
# by a fraction (a description's times have none). Bounded: linear to search.
_STAMP = re.compile(r"(?<![\w:.,])\d{1,3}(?::\d\d){1,2}(?!\d|:\d|[.,]\d)", re.ASCII)
# A clock time with a fraction of a second: what other formats' lines hold.
_FRACTION = re.compile(r"\d:\d\d[.,]\d", re.ASCII)
# What may stand between a time and its title, either side.
_SEPARATORS = " \t-–—:|>•*~="
_DASHES = "-–—"  # between two times, a range: `0:00 - 4:01 Title`
_OPENERS, _CLOSERS = "([", ")]"
# A title made of these alone is a piece of a time (`.198`, `--> 4:01`), not a title.
_TIME_PIECES = frozenset("0123456789:.,-–—> ")
_MARKER_CHARS = 12  # a list marker before a time is short: `12.`, `•`, `⭐️`, `1) -`

_FIRST, _ALONE, _LAST = "first", "alone", "last"


@dataclass
class _Scan:
    """What the lines of a text hold, before it is judged."""

    chapters: list[tuple[int, int, str]] = field(default_factory=list)  # line, ms, title
    before_zero: list[int] = field(default_factory=list)  # lines with a time before 0:00
    out_of_order: list[int] = field(default_factory=list)
    fractions: list[int] = field(default_factory=list)  # lines with times this cannot read


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _is_marker(prefix: str) -> bool:
    """Is what comes before a time a list marker (`1.`, `•`, `-`, an emoji)?"""
    if len(prefix) > _MARKER_CHARS:
        return False
    rest = prefix.strip()
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if 0 < digits <= 3 and rest[digits : digits + 1] in (".", ")"):
        rest = rest[digits + 1 :]
    rest = rest.replace(" ", "")
    return len(rest) <= 3 and not any(char.isalnum() for char in rest)


def _ms(stamp: str) -> int | None:
    try:
        return parse_time(stamp)
    except TimeSyntaxError:
        return None  # 1:75 and the like: not a time


def _after_stamp(rest: str) -> str:
    """What follows a time, past the bracket that closes around it."""
    rest = rest.lstrip()
    return rest[1:] if rest[:1] in tuple(_CLOSERS) else rest


def _parse(line: str) -> tuple[str, int, str] | None:
    """(kind, ms, title) for a line with a time first, alone or last; else None."""
    first = _STAMP.search(line)
    if first is None:
        return None
    last = first
    for last in _STAMP.finditer(line, first.end()):  # noqa: B007 - the last one is wanted
        pass
    before = line[: first.start()].rstrip()
    opened = before.endswith(tuple(_OPENERS))
    if _is_marker(before[:-1] if opened else before):
        ms = _ms(first[0])
        rest = _after_stamp(line[first.end() :])
        end = _STAMP.match(rest.lstrip(_SEPARATORS))
        if end and any(
            dash in rest[: len(rest) - len(rest.lstrip(_SEPARATORS))] for dash in _DASHES
        ):
            rest = _after_stamp(rest.lstrip(_SEPARATORS)[end.end() :])  # `0:00 - 4:01 Title`
        title = _collapse(rest.lstrip(_SEPARATORS + "."))
        return None if ms is None else (_FIRST if title else _ALONE, ms, title)
    before = line[: last.start()].rstrip()
    opened = before.endswith(tuple(_OPENERS))
    note = line[last.end() :].strip()
    if opened:
        before = before[:-1]
        note = note[1:].lstrip() if note[:1] in tuple(_CLOSERS) else note
    if note and not (note[0] in _OPENERS and note[-1] in _CLOSERS):
        return None  # prose that mentions a time
    title = _collapse(f"{before.rstrip(_SEPARATORS)} {note}")
    ms = _ms(last[0])
    return None if ms is None or not title else (_LAST, ms, title)


def _increasing(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The longest run of chapters whose times go forward (the fewest lines dropped);
    of runs as long, the one that keeps the earliest lines. O(n log n)."""
    longest = [0] * len(found)  # the longest run that starts at each chapter
    heads: list[int] = []  # the latest start of a run of each length, negated: ascending
    for index in range(len(found) - 1, -1, -1):
        key = -found[index][1]
        length = bisect_left(heads, key)
        longest[index] = length + 1
        if length == len(heads):
            heads.append(key)
        else:
            heads[length] = key
    kept: list[tuple[int, int, str]] = []
    wanted = len(heads)
    for index, chapter in enumerate(found):
        if wanted and longest[index] == wanted and (not kept or chapter[1] > kept[-1][1]):
            kept.append(chapter)
            wanted -= 1
    return kept


def _scan(text: str) -> _Scan:
    scan = _Scan()
    by_style: dict[str, list[tuple[int, int, str]]] = {_FIRST: [], _LAST: []}
    waiting: tuple[int, int] | None = None  # a time alone, waiting for its title line
    for number, raw in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if not line:
            continue
        parsed = _parse(line)
        if waiting is not None:
            by_style[_FIRST].append((*waiting, "" if parsed else _collapse(line)))
            waiting = None
            if parsed is None:
                continue
        if parsed is None:
            if _FRACTION.search(line):
                scan.fractions.append(number)
            continue
        kind, ms, title = parsed
        if kind == _ALONE:
            waiting = (number, ms)
        else:
            by_style[kind].append((number, ms, title))
    if waiting is not None:
        by_style[_FIRST].append((*waiting, ""))
    # A description uses one style; lines of the other are prose that mentions a time.
    found = max(by_style[_FIRST], by_style[_LAST], key=len)
    zero = next((index for index, (_, ms, _) in enumerate(found) if ms == 0), 0)
    scan.before_zero = [number for number, _, _ in found[:zero]]
    scan.chapters = _increasing(found[zero:])
    kept = {number for number, _, _ in scan.chapters}
    scan.out_of_order = [number for number, _, _ in found[zero:] if number not in kept]
    return scan


def _is_piece_of_a_time(title: str) -> bool:
    return any(char.isdigit() for char in title) and set(title) <= _TIME_PIECES


def _nonsense(scan: _Scan) -> str | None:
    """What makes the text something other than a description, if anything does."""
    if scan.fractions and len(scan.fractions) >= len(scan.chapters):
        return (
            f"{len(scan.fractions)} lines hold times with fractions of a second, which a "
            f"description does not have (line {scan.fractions[0]})"
        )
    pieces = [(number, title) for number, _, title in scan.chapters if _is_piece_of_a_time(title)]
    if pieces and len(pieces) * 2 > len(scan.chapters):
        number, title = pieces[0]
        return f"most titles would be pieces of times (line {number}: {title[:60]!r})"
    return None


def sniff(text: str) -> int:
    scan = _scan(text)
    return LOOSE if len(scan.chapters) >= 2 and _nonsense(scan) is None else NOT_IT


def read(text: str, source: str) -> Reading:
    scan = _scan(text)
    problem = _nonsense(scan)
    if problem:
        raise ChapterError(f"{source}: not a video description: {problem}")
    if not scan.chapters:
        raise ChapterError(
            f"{source}: no chapters found: no line starts or ends with a time such as "
            "0:00 or 1:02:45"
        )
    notes = []
    if scan.before_zero:
        notes.append(skipped("with a time before the first 0:00", scan.before_zero))
    if scan.out_of_order:
        notes.append(skipped("out of time order", scan.out_of_order))
    drafts = [ChapterDraft(start_ms=ms, title=title) for _, ms, title in scan.chapters]
    return Reading(build(source, drafts), tuple(notes))


def write(episode: Episode) -> str:
    lines = []
    for chapter in episode.chapters:
        stamp = format_time(round_to_second(chapter.start_ms))
        lines.append(f"{stamp} {one_line(chapter.title)}")
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="youtube",
    example="description lines such as '0:00 Intro' or '(1:02:45) Title'",
    carries=frozenset(),
    write=write,
    read=read,
    sniff=sniff,
)
