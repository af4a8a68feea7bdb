"""mkvmerge's simple (OGM) chapters:

    CHAPTER01=00:00:00.000
    CHAPTER01NAME=Intro

No end times. The fraction is read as a decimal fraction (`.5` is 500 ms,
not 5 ms, a mistake some readers make).
"""

from __future__ import annotations

import re

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import BELOW_A_FRAME, MILLISECONDS, Reader, TwoWay
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time

_TIME_LINE = re.compile(r"^CHAPTER(\d+)=(\S.*?)\s*$", re.ASCII)
_NAME_LINE = re.compile(r"^CHAPTER(\d+)NAME=(.*)$", re.ASCII)
_STAMP = re.compile(r"\d+:\d{1,2}:\d{1,2}(?:\.\d+)?", re.ASCII)


def sniff(text: str) -> bool:
    return any(_TIME_LINE.match(line.strip()) for line in lines_of(text.lstrip("\ufeff"))[:5])


def read(text: str, source: str) -> Episode:
    starts: dict[str, tuple[int, int]] = {}
    names: dict[str, str] = {}
    for line_number, raw in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        named = _NAME_LINE.match(line)
        if named:
            names[named[1]] = named[2]
            continue
        timed = _TIME_LINE.match(line)
        if timed:
            if not _STAMP.fullmatch(timed[2]):
                raise ChapterError(
                    f"{source}: line {line_number}: bad time {timed[2]!r} (expected HH:MM:SS.mmm)"
                )
            starts[timed[1]] = (line_number, parse_time(timed[2]))
        elif line:
            raise ChapterError(
                f"{source}: line {line_number}: expected CHAPTERnn= or CHAPTERnnNAME=, "
                f"found {line[:60]!r}"
            )
    drafts = [
        ChapterDraft(start_ms=ms, title=names.get(key, ""))
        for key, (_, ms) in sorted(starts.items(), key=lambda item: item[1][0])
    ]
    return build(source, drafts)


def write(episode: Episode) -> str:
    width = max(2, len(str(len(episode.chapters))))
    lines = []
    for chapter in episode.chapters:
        key = f"CHAPTER{chapter.number:0{width}d}"
        lines += [f"{key}={format_fixed(chapter.start_ms)}", f"{key}NAME={one_line(chapter.title)}"]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="ogm",
    example="CHAPTER01=00:00:00.000 and CHAPTER01NAME=Intro pairs",
    carries=frozenset({MILLISECONDS, BELOW_A_FRAME}),
    write=write,
    read=read,
    sniff=sniff,
)
