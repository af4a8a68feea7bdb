"""A WebVTT chapters track:

    WEBVTT

    1
    00:00:00.000 --> 00:04:01.000
    Llama 4: what’s new…

Every cue needs an end; `&`, `<` and `>` in titles are written as entities,
so a title can never hold `-->` or a tag, and line breaks become spaces
(a blank line would end the cue).

Read as the WebVTT parser reads: a line with `-->` starts a cue, even right
after another cue's text; the spaces around `-->` may be left out; hours may
have one digit. Timestamps are parsed by hand: reading is linear in the text.
"""

from __future__ import annotations

import html
import re

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, ends, lines_of, one_line
from chaptercli.formats.base import (
    BULLETS,
    EVERYTHING,
    NOT_IT,
    PODCAST,
    SIGNED,
    SUMMARIES,
    TITLE,
    URL,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed

NAME = "webvtt"
ARROW = "-->"
# At most as many digits as a time can sensibly have (a longer run is no time).
_NUMBER = re.compile(r"\d{1,40}", re.ASCII)
_BLOCKS_TO_SKIP = ("NOTE", "STYLE", "REGION")


def sniff(text: str) -> int:
    head = text.lstrip("\ufeff")[:7]
    return SIGNED if head[:6] == "WEBVTT" and head[6:] in ("", " ", "\t", "\n", "\r") else NOT_IT


def _number(line: str, at: int) -> tuple[str, int] | None:
    found = _NUMBER.match(line, at)
    if found is None or line[found.end() : found.end() + 1].isdigit():
        return None
    return found[0], found.end()


def _timestamp(line: str, at: int) -> tuple[int, int] | None:
    """(ms, where it ends) for a timestamp at `at`, as WebVTT collects one:
    `[h…:]mm:ss.ttt`, where a first field of other than two digits, or over 59,
    is the hours."""
    fields = []
    while (found := _number(line, at)) is not None:
        digits, at = found
        fields.append(digits)
        if len(fields) == 3 or line[at : at + 1] != ":":
            break
        at += 1
    hours_first = len(fields[0]) != 2 or int(fields[0]) > 59 if fields else False
    if len(fields) == 2 and not hours_first:
        fields.insert(0, "0")
    fraction = _number(line, at + 1) if line[at : at + 1] == "." else None
    if len(fields) != 3 or fraction is None or len(fraction[0]) != 3:
        return None
    hours, minutes, seconds = (int(field) for field in fields)
    if len(fields[1]) != 2 or len(fields[2]) != 2 or minutes > 59 or seconds > 59:
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction[0]), fraction[1]


def _timing(line: str) -> tuple[int, int] | None:
    """(start, end) of a cue timing line: spaces around the arrow optional, cue
    settings after it ignored."""
    start = _timestamp(line, len(line) - len(line.lstrip(" \t")))
    if start is None:
        return None
    rest = line[start[1] :].lstrip(" \t")
    if not rest.startswith(ARROW):
        return None
    at = len(line) - len(rest) + len(ARROW)
    end = _timestamp(line, at + len(line[at:]) - len(line[at:].lstrip(" \t")))
    return None if end is None else (start[0], end[0])


def read(text: str, source: str) -> Reading:
    if not sniff(text):
        raise ChapterError(f"{source}: a WebVTT file must start with WEBVTT")
    lines = lines_of(text.lstrip("\ufeff"))
    drafts: list[ChapterDraft] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        if ARROW not in line:
            after_blank = not lines[index - 1].strip()
            index += 1
            if after_blank and line.startswith(_BLOCKS_TO_SKIP):
                while index < len(lines) and lines[index].strip():
                    index += 1  # a NOTE, STYLE or REGION block, up to the next blank line
            continue  # blank lines, cue identifiers, header lines
        timing = _timing(line)
        if timing is None:
            raise ChapterError(
                f"{source}: line {index + 1}: bad cue timing {line[:60]!r} "
                "(expected [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt)"
            )
        title_lines = []
        index += 1
        while index < len(lines) and lines[index].strip() and ARROW not in lines[index]:
            title_lines.append(lines[index])
            index += 1
        title = html.unescape(" ".join(title_lines))
        drafts.append(ChapterDraft(start_ms=timing[0], end_ms=timing[1], title=title))
    return Reading(build(source, drafts))


def _escape(title: str) -> str:
    return one_line(title).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(episode: Episode) -> str:
    blocks = ["WEBVTT"]
    for chapter, end in ends(episode, NAME):
        timing = f"{format_fixed(chapter.start_ms)} --> {format_fixed(end)}"
        blocks.append(f"{chapter.number}\n{timing}\n{_escape(chapter.title) or '-'}")
    return "\n\n".join(blocks) + "\n"


FORMAT: Reader = TwoWay(
    name=NAME,
    example="WEBVTT, then cues: '00:00:00.000 --> 00:04:01.000' and a title line",
    carries=EVERYTHING - {TITLE, PODCAST, URL, SUMMARIES, BULLETS},
    write=write,
    read=read,
    sniff=sniff,
)
