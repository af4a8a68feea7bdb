"""A WebVTT chapters track:

    WEBVTT

    1
    00:00:00.000 --> 00:04:01.000
    Llama 4: what’s new…

Every cue needs an end; `&`, `<` and `>` in titles are written as entities,
so a title can never hold `-->` or a tag, and line breaks become spaces
(a blank line would end the cue).
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
    PODCAST,
    SUMMARIES,
    TITLE,
    URL,
    Reader,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed

NAME = "webvtt"

_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$", re.ASCII)


def sniff(text: str) -> bool:
    first = lines_of(text.lstrip("\ufeff"))[0]
    return first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))


def _ms(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def read(text: str, source: str) -> Episode:
    if not sniff(text):
        raise ChapterError(f"{source}: a WebVTT file must start with WEBVTT")
    lines = lines_of(text.lstrip("\ufeff"))
    drafts: list[ChapterDraft] = []
    index = 1
    while index < len(lines):
        timing = _TIMING.match(lines[index])
        if not timing:
            if "-->" in lines[index]:
                raise ChapterError(
                    f"{source}: line {index + 1}: bad cue timing {lines[index][:60]!r} "
                    "(expected [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt)"
                )
            index += 1  # blank lines, cue identifiers, NOTE and STYLE blocks
            continue
        title_lines = []
        index += 1
        while index < len(lines) and lines[index].strip():
            title_lines.append(lines[index])
            index += 1
        drafts.append(
            ChapterDraft(
                start_ms=_ms(*timing.groups()[:4]),
                end_ms=_ms(*timing.groups()[4:]),
                title=html.unescape(" ".join(title_lines)),
            )
        )
    return build(source, drafts)


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
