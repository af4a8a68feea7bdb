"""A toy chapter format: a title line, then a chapter a line, its start in
milliseconds and its title.

    TOY Episode title
    0 Intro
    241000 Benchmarks vs real users

docs/formats.md builds this module step by step; the tests register it to
prove that a registered format is offered, round-tripped and fuzzed.
"""

from __future__ import annotations

import re

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    MILLISECONDS,
    NOT_IT,
    SIGNED,
    TITLE,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode

HEADER = "TOY "
_CHAPTER = re.compile(r"(\d{1,15})(?: (.*))?", re.ASCII)


def sniff(text: str) -> int:
    return SIGNED if text.lstrip("\ufeff").startswith(HEADER) else NOT_IT


def read(text: str, source: str) -> Reading:
    lines = lines_of(text.lstrip("\ufeff"))
    if not lines[0].startswith(HEADER):
        raise ChapterError(f"{source}: a toy file starts with {HEADER!r}")
    chapters = []
    for number, line in enumerate(lines[1:], 2):
        if not line:
            continue
        match = _CHAPTER.fullmatch(line)
        if not match:
            raise ChapterError(
                f"{source}: line {number}: expected milliseconds and a title, found {line[:60]!r}"
            )
        chapters.append(ChapterDraft(start_ms=int(match[1]), title=match[2] or ""))
    return Reading(build(source, chapters, title=lines[0][len(HEADER) :]))


def write(episode: Episode) -> str:
    lines = [HEADER + one_line(episode.title)]
    lines += [f"{chapter.start_ms} {one_line(chapter.title)}" for chapter in episode.chapters]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="toy",
    example="TOY Episode title, then lines such as '241000 Benchmarks vs real users'",
    carries=frozenset({TITLE, MILLISECONDS, BELOW_A_FRAME}),
    write=write,
    read=read,
    sniff=sniff,
)
