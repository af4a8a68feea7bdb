"""Audacity label tracks (File > Export > Labels; Import > Labels): a label a
line, its start and end in seconds and its text, separated by tabs:

    0.000000	241.000000	Intro
    241.000000	241.000000	A point label

A point label (end equal to start) has no end of its own: it runs to the next
label. A line that starts with a backslash holds the frequencies of the label
above it (a spectral selection) and is skipped. Lines are split by hand:
reading is linear in the text.
"""

from __future__ import annotations

from fractions import Fraction

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    DISTINCT,
    ENDS,
    MILLISECONDS,
    NOT_IT,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode

_SNIFFED_LINES = 20
_LONGEST_NUMBER = 30
_DIGITS = frozenset("0123456789.")


def _seconds(text: str) -> int | None:
    """Milliseconds for seconds such as `241.5` or `241,500000` (a decimal comma,
    as Audacity writes in some locales), rounded; None when it is not one."""
    text = text.strip().replace(",", ".")
    if len(text) > _LONGEST_NUMBER or not set(text) <= _DIGITS or text.count(".") > 1:
        return None
    if not text.strip("."):
        return None
    return int(Fraction(text) * 1000 + Fraction(1, 2))


def _label(line: str) -> tuple[int, int, str] | None:
    start, tab, rest = line.partition("\t")
    end, tab2, title = rest.partition("\t")
    start_ms, end_ms = _seconds(start), _seconds(end)
    if not (tab and tab2) or start_ms is None or end_ms is None:
        return None
    return start_ms, end_ms, title


def sniff(text: str) -> int:
    lines = [line for line in lines_of(text.lstrip("\ufeff"))[:_SNIFFED_LINES] if line.strip()]
    labels = [line for line in lines if not line.startswith("\\")]
    return DISTINCT if labels and all(_label(line) for line in labels) else NOT_IT


def read(text: str, source: str) -> Reading:
    drafts = []
    for number, line in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        if not line.strip() or line.startswith("\\"):
            continue
        label = _label(line)
        if label is None:
            raise ChapterError(
                f"{source}: line {number}: expected start, end and label separated by tabs "
                f"(seconds such as 241.000000), found {line[:60]!r}"
            )
        start, end, title = label
        end_ms = None if end == start else end  # a point label
        drafts.append(ChapterDraft(start, title.strip(), end_ms, line=number))
    return Reading(build(source, drafts))


def _clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    return f"{seconds}.{millis:03d}000"


def write(episode: Episode) -> str:
    lines = []
    for chapter in episode.chapters:
        end = chapter.start_ms if chapter.end_ms is None else chapter.end_ms
        lines.append(f"{_clock(chapter.start_ms)}\t{_clock(end)}\t{one_line(chapter.title)}")
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="audacity",
    example="0.000000<TAB>241.000000<TAB>Intro (an Audacity label track)",
    carries=frozenset({ENDS, MILLISECONDS, BELOW_A_FRAME}),
    write=write,
    read=read,
    sniff=sniff,
)
