"""Video-description timestamps: `0:00 Title` lines.

Reading is lenient in the ways descriptions vary (`(00:00) Title`,
`00:00 - Title`, `[0:00] Title`, `Title 0:00`) and ignores every other line.
"""

from __future__ import annotations

import re

from chaptercli.drafts import ChapterDraft
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import Reader, TwoWay
from chaptercli.model import Episode
from chaptercli.rules import round_to_second
from chaptercli.times import format_time, parse_time

_STAMP = r"\d{1,3}(?::\d{2}){1,2}"
_SEPARATOR = r"[\s\-–—:|.)\]>•*]*"
_TIME_FIRST = re.compile(
    rf"^\W{{0,3}}?[(\[]?({_STAMP})[)\]]?(?:{_SEPARATOR})\s*(\S.*?)\s*$", re.ASCII
)
_TIME_LAST = re.compile(rf"^(\S.*?)(?:{_SEPARATOR})\s*[(\[]?({_STAMP})[)\]]?\s*$", re.ASCII)


def _candidates(text: str) -> list[tuple[int, str]]:
    first: list[tuple[int, str]] = []
    last: list[tuple[int, str]] = []
    for line in lines_of(text):
        match = _TIME_FIRST.match(line.strip())
        if match and match[2]:
            first.append((_parse(match[1]), match[2]))
            continue
        match = _TIME_LAST.match(line.strip())
        if match:
            last.append((_parse(match[2]), match[1]))
    # A description uses one style; lines of the other are prose that mentions a time.
    return first if len(first) >= len(last) else last


def _parse(stamp: str) -> int:
    try:
        return parse_time(stamp)
    except ValueError:
        return -1  # 1:75 and the like: not a timestamp


def _chapters(text: str) -> list[tuple[int, str]]:
    """The chapter list: from the first 0:00 on, each later than the one before."""
    found = [(ms, title) for ms, title in _candidates(text) if ms >= 0]
    zero = next((i for i, (ms, _) in enumerate(found) if ms == 0), 0)
    chosen: list[tuple[int, str]] = []
    for ms, title in found[zero:]:
        if not chosen or ms > chosen[-1][0]:
            chosen.append((ms, title))
    return chosen


def sniff(text: str) -> bool:
    return len(_chapters(text)) >= 2


def read(text: str, source: str) -> Episode:
    drafts = [
        ChapterDraft(start_ms=ms, title=title) for ms, title in _chapters(text.lstrip("\ufeff"))
    ]
    return build(source, drafts)


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
