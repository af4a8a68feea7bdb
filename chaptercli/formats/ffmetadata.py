"""ffmpeg's metadata file:

    ;FFMETADATA1
    title=Episode title

    [CHAPTER]
    TIMEBASE=1/1000
    START=0
    END=241000
    title=Llama 4: what’s new…

Written with TIMEBASE=1/1000 always. Read with any TIMEBASE, and without one
as ffmpeg does: in nanoseconds (1/1000000000), not milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, ends
from chaptercli.formats.base import (
    BULLETS,
    EVERYTHING,
    NOT_IT,
    SIGNED,
    SUMMARIES,
    URL,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.render.sanitize import clean

NAME = "ffmetadata"
HEADER = ";FFMETADATA1"
FFMPEG_DEFAULT_TIMEBASE = Fraction(1, 1_000_000_000)
_SPECIAL = re.compile(r"([=;#\\\n])")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def sniff(text: str) -> int:
    return SIGNED if text.lstrip("\ufeff").startswith(HEADER) else NOT_IT


def escape(value: str) -> str:
    """A value as ffmpeg reads it back: specials backslashed; control and format
    characters other than the newline (NUL, which ffmpeg cannot hold, ESC, C1,
    bidi) dropped, so the file carries nothing that drives a terminal."""
    return _SPECIAL.sub(r"\\\1", clean(value, one_line=False))


def _trailing_backslashes(line: str) -> int:
    return len(line) - len(line.rstrip("\\"))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, raw line): a line ending in an escaped newline runs on into
    the next, which belongs to its value. One pass over the text, a line at a time."""
    number = start = 1
    held: list[str] = []
    at = 0
    while at <= len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end]
        at = end + 1
        number += 1
        if _trailing_backslashes(line) % 2 and at <= len(text):
            held.append(line[:-1] + "\n")
            continue
        yield start, "".join(held) + line
        held = []
        start = number


def _unescaped_equals(line: str) -> int:
    """Where the first `=` that no backslash escapes is, or -1. Each run of
    backslashes is counted once, by the one character after it."""
    at = line.find("=")
    while at >= 0:
        before = at
        while before and line[before - 1] == "\\":
            before -= 1
        if (at - before) % 2 == 0:
            return at
        at = line.find("=", at + 1)
    return at


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _timebase(value: str, where: str) -> Fraction:
    match = re.fullmatch(r"\s*(\d{1,18})\s*/\s*(\d{1,18})\s*", value)
    if not match or int(match[2]) == 0 or int(match[1]) == 0:
        raise ChapterError(f"{where}: bad TIMEBASE {value[:60]!r} (expected e.g. 1/1000)")
    return Fraction(int(match[1]), int(match[2]))


def _integer(value: str, key: str, where: str) -> int:
    if not re.fullmatch(r"\s*-?\d{1,30}\s*", value):
        raise ChapterError(
            f"{where}: {key} must be a whole number of TIMEBASE units, not {value[:60]!r}"
        )
    return int(value)


def _to_ms(units: int, timebase: Fraction) -> int:
    exact = units * timebase * 1000
    return int(exact + Fraction(1, 2)) if exact >= 0 else -1  # rounded half up


def read(text: str, source: str) -> Reading:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not sniff(text):
        raise ChapterError(f"{source}: an ffmetadata file must start with {HEADER}")
    globals_: dict[str, str] = {}
    blocks: list[tuple[int, dict[str, str]]] = []
    section: dict[str, str] | None = globals_
    lines = _lines(text)
    next(lines)  # the header
    for line_number, line in lines:
        if not line or line[0] in ";#":
            continue  # blank, or a comment
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if stripped.upper() == "[CHAPTER]":
                blocks.append((line_number, {}))
                section = blocks[-1][1]
            else:
                section = None  # [STREAM] and the like: not chapters
            continue
        equals = _unescaped_equals(line)
        if section is not None and equals >= 0:
            section[_unescape(line[:equals]).strip()] = _unescape(line[equals + 1 :])
    drafts = []
    for number, (line_number, block) in enumerate(blocks, 1):
        where = f"{source}: line {line_number}: chapter {number}"
        timebase = (
            _timebase(block["TIMEBASE"], where)
            if "TIMEBASE" in block
            else (FFMPEG_DEFAULT_TIMEBASE)
        )
        if "START" not in block:
            raise ChapterError(f"{where}: missing START")
        start = _to_ms(_integer(block["START"], "START", where), timebase)
        end = _to_ms(_integer(block["END"], "END", where), timebase) if "END" in block else None
        if start < 0 or (end is not None and end < 0):
            raise ChapterError(f"{where}: times cannot be negative")
        drafts.append(ChapterDraft(start_ms=start, end_ms=end, title=block.get("title", "")))
    podcast = globals_.get("album") or globals_.get("artist")
    return Reading(build(source, drafts, title=globals_.get("title"), podcast=podcast))


def write(episode: Episode) -> str:
    lines = [HEADER, f"title={escape(episode.title)}"]
    if episode.podcast:
        lines.append(f"album={escape(episode.podcast)}")
    for chapter, end in ends(episode, NAME):
        lines += [
            "",
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={chapter.start_ms}",
            f"END={end}",
            f"title={escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name=NAME,
    example=";FFMETADATA1, then [CHAPTER] blocks with TIMEBASE=1/1000, START=, END=, title=",
    carries=EVERYTHING - {URL, SUMMARIES, BULLETS},
    write=write,
    read=read,
    sniff=sniff,
)
