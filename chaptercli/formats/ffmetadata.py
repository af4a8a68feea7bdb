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
from fractions import Fraction

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, ends
from chaptercli.formats.base import BULLETS, EVERYTHING, SUMMARIES, URL, Reader, TwoWay
from chaptercli.model import Episode

NAME = "ffmetadata"
HEADER = ";FFMETADATA1"
FFMPEG_DEFAULT_TIMEBASE = Fraction(1, 1_000_000_000)
_SPECIAL = re.compile(r"([=;#\\\n])")


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").startswith(HEADER)


def escape(value: str) -> str:
    """A value as ffmpeg reads it back: specials backslashed; NUL, which it cannot hold, dropped."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SPECIAL.sub(r"\\\1", text)


def _lines(text: str) -> list[tuple[int, list[tuple[str, bool]]]]:
    """Lines as (line number, [(character, was it escaped)]); an escaped
    newline belongs to its line's value."""
    lines: list[tuple[int, list[tuple[str, bool]]]] = []
    current: list[tuple[str, bool]] = []
    number = start = 1
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append((text[index + 1], True))
            number += text[index + 1] == "\n"
            index += 2
            continue
        if char == "\n":
            lines.append((start, current))
            current = []
            number += 1
            start = number
        else:
            current.append((char, False))
        index += 1
    if current:
        lines.append((start, current))
    return lines


def _text(chars: list[tuple[str, bool]]) -> str:
    return "".join(char for char, _ in chars)


def _timebase(value: str, where: str) -> Fraction:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or int(match[2]) == 0 or int(match[1]) == 0:
        raise ChapterError(f"{where}: bad TIMEBASE {value!r} (expected e.g. 1/1000)")
    return Fraction(int(match[1]), int(match[2]))


def _integer(value: str, key: str, where: str) -> int:
    if not re.fullmatch(r"\s*-?\d+\s*", value):
        raise ChapterError(
            f"{where}: {key} must be a whole number of TIMEBASE units, not {value!r}"
        )
    return int(value)


def _to_ms(units: int, timebase: Fraction) -> int:
    exact = units * timebase * 1000
    return int(exact + Fraction(1, 2)) if exact >= 0 else -1  # rounded half up


def read(text: str, source: str) -> Episode:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not sniff(text):
        raise ChapterError(f"{source}: an ffmetadata file must start with {HEADER}")
    globals_: dict[str, str] = {}
    blocks: list[tuple[int, dict[str, str]]] = []
    section: dict[str, str] | None = globals_
    for line_number, chars in _lines(text)[1:]:
        if not chars or (chars[0][0] in ";#" and not chars[0][1]):
            continue  # blank, or a comment
        line = _text(chars).strip()
        if line.startswith("[") and line.endswith("]"):
            if line.upper() == "[CHAPTER]":
                blocks.append((line_number, {}))
                section = blocks[-1][1]
            else:
                section = None  # [STREAM] and the like: not chapters
            continue
        equals = next((i for i, (c, escaped) in enumerate(chars) if c == "=" and not escaped), None)
        if section is not None and equals is not None:
            section[_text(chars[:equals]).strip()] = _text(chars[equals + 1 :])
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
    return build(source, drafts, title=globals_.get("title"), podcast=podcast)


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
