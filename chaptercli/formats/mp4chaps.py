"""mp4v2's `chapters.txt` (what `mp4chaps --export` writes and `--import` reads,
and m4b-tool and tone use): a chapter a line, its start and its title.

    00:00:00.000 Intro
    00:04:01.000 Benchmarks vs real users

Read as mp4chaps reads it: leading spaces and `#` comment lines are skipped, the
time runs to the first space or tab, the title is the rest. A line that does
not start with a digit is skipped (with a note). A title ending in `<https://…>`
(chaptertool writes a chapter's link so) keeps its text and leaves the link out.
Frame timecodes (`HH:MM:SS:FF`) need the video's frame rate, which the file does
not hold: they are refused. Lines are split by hand: linear in the text.
"""

from __future__ import annotations

import re

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build, count, lines_of, one_line, skipped
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    DISTINCT,
    MILLISECONDS,
    NOT_IT,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time

# What makes a line mp4chaps' own: hours, minutes, seconds and a fraction.
_OWN_TIME = re.compile(r"\d{1,9}:\d\d:\d\d\.\d{1,9}", re.ASCII)
_FRAMES = re.compile(r"\d{1,9}:\d\d:\d\d:\d\d", re.ASCII)


def _time_and_title(line: str) -> tuple[str, str]:
    space = min((at for at in (line.find(" "), line.find("\t")) if at >= 0), default=len(line))
    return line[:space], line[space + 1 :].strip()


def _without_link(title: str) -> tuple[str, bool]:
    """The title without a trailing ` <https://…>`, and whether it had one."""
    at = title.rfind("<") if title.endswith(">") else -1
    link = title[at + 1 : -1]
    whole = link.startswith(("http://", "https://")) and not any(c.isspace() for c in link)
    if at > 0 and title[at - 1].isspace() and whole:
        return title[:at].rstrip(), True
    return title, False


def _is_own(line: str) -> bool:
    return bool(_OWN_TIME.fullmatch(_time_and_title(line)[0]))


def sniff(text: str) -> int:
    lines = [line.strip() for line in lines_of(text.lstrip("\ufeff"))]
    lines = [line for line in lines if line and not line.startswith("#")]
    own = sum(1 for line in lines if _is_own(line))
    return DISTINCT if lines and _is_own(lines[0]) and own * 2 > len(lines) else NOT_IT


def read(text: str, source: str) -> Reading:
    drafts: list[ChapterDraft] = []
    others: list[int] = []
    links = 0
    for number, raw in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line[0].isdigit():
            others.append(number)
            continue
        stamp, title = _time_and_title(line)
        where = f"{source}: line {number}"
        if _FRAMES.fullmatch(stamp):
            raise ChapterError(
                f"{where}: {stamp!r} counts frames, and the file does not say how many a "
                "second: write the time as HH:MM:SS.mmm"
            )
        try:
            start = parse_time(stamp)
        except TimeSyntaxError as error:
            raise ChapterError(f"{where}: {error.message} (expected HH:MM:SS.mmm)") from None
        title, linked = _without_link(title)
        links += linked
        drafts.append(ChapterDraft(start_ms=start, title=title))
    notes = [skipped("not starting with a time", others)] if others else []
    if links:
        notes.append(f"left out the links (<https://…>) of {count(links, 'chapter')}")
    return Reading(build(source, drafts), tuple(notes))


def write(episode: Episode) -> str:
    lines = [f"{format_fixed(c.start_ms)} {one_line(c.title)}" for c in episode.chapters]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="mp4chaps",
    example="mp4v2's chapters.txt: lines such as '00:04:01.000 Benchmarks vs real users'",
    carries=frozenset({MILLISECONDS, BELOW_A_FRAME}),
    write=write,
    read=read,
    sniff=sniff,
)
