"""SRT and WebVTT transcripts: blocks of a timing line and the words said.

    1                                       WEBVTT
    00:00:00,000 --> 00:00:02,760
    Sarah: In today's episode,              00:00:00.000 --> 00:00:02.760
    you'll learn whether or not you         <v Sarah>In today's episode, …

Read as players read them, with the quirks found in the wild: a byte-order
mark, CRLF or CR line ends, a comma or a dot before the milliseconds (one to
three digits), hours left out, cue settings after the times, cue numbers
missing, text on several lines, a blank line inside a cue's text (kept with
the cue before). The speaker is WebVTT's voice tag (`<v Name>`, classes and
all: `<v.loud Name>`) or, in SRT, a leading `Name:` as the podcast namespace's
SRT advice writes it; a cue that names none was said by the last one named.
Every line is matched by anchored, bounded patterns: reading is linear.
"""

from __future__ import annotations

import html
import re

from chaptercli.errors import DataError, TimeSyntaxError
from chaptercli.times import in_range
from chaptercli.transcripts.cue import Cue
from chaptercli.transcripts.markup import single_spaced, without_tags

ARROW = "-->"
_TIME = r"(?:(\d{1,10}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t]|$)", re.ASCII)
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?[ \t]+([^<>]*)>")
# A speaker's name before a colon: one to three capitalised words, short.
_NAMED = re.compile(r"([A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,2})[ \t]?:[ \t]+(?=\S)")
_BLOCKS_TO_SKIP = ("NOTE", "STYLE", "REGION")


def _ms(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> int:
    if int(minutes) > 59 or int(seconds) > 59:
        raise TimeSyntaxError(f"minutes and seconds must be 0-59 in {minutes}:{seconds}")
    milliseconds = int((fraction or "0").ljust(3, "0"))
    total = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
    return in_range(total + milliseconds)


def _timing(line: str) -> tuple[int, int]:
    found = _TIMING.match(line)
    if found is None:
        raise TimeSyntaxError("cannot read the cue's times (expected 00:01:02,500 --> "
                              f"00:01:04,000): {line[:80]!r}")  # fmt: skip
    groups = found.groups()
    start, end = _ms(*groups[:4]), _ms(*groups[4:])
    if end < start:
        raise TimeSyntaxError(f"the cue ends before it starts: {line[:80]!r}")
    return start, end


def _spoken(lines: list[str], webvtt: bool) -> tuple[str | None, str]:
    """The speaker a cue's lines name (None: not named) and the words said."""
    text = " ".join(line.strip() for line in lines if line.strip())
    speaker = None
    if webvtt:
        voice = _VOICE.search(text)
        if voice:
            speaker = html.unescape(voice[1]).strip() or None
        text = html.unescape(without_tags(text))
    else:
        text = without_tags(text)  # <i>, <b>, <font color=…>
        named = _NAMED.match(text)
        if named:
            speaker, text = named[1], text[named.end() :]
    return speaker, single_spaced(text)


def read_captions(text: str, source: str, webvtt: bool) -> list[Cue]:
    """The cues of an SRT (webvtt False) or WebVTT transcript; a DataError naming
    the line of the first one that cannot be read."""
    lines = text.removeprefix("\ufeff").splitlines()
    number = 0
    if webvtt:  # the header: WEBVTT and whatever follows it up to a blank line
        while number < len(lines) and lines[number].strip():
            number += 1
    cues: list[tuple[int, int, list[str]]] = []  # start, end, lines
    skipping = False
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.strip():
            skipping = False
            continue
        if ARROW in line:
            try:
                start, end = _timing(line)
            except TimeSyntaxError as error:
                raise DataError(source, [f"line {number}: {error.message}"]) from None
            cues.append((start, end, []))
            skipping = False
            continue
        if skipping or (webvtt and line.startswith(_BLOCKS_TO_SKIP)
                        and _blank_before(lines, number - 1)):  # fmt: skip
            skipping = True  # a comment, style or region block, up to a blank line
            continue
        if number < len(lines) and ARROW in lines[number] and _blank_before(lines, number - 1):
            continue  # a cue's number or identifier
        if not cues:
            expected = "a cue (a number, or times such as 00:00:01,000 --> 00:00:04,000)"
            raise DataError(source, [f"line {number}: expected {expected}, not {line[:80]!r}"])
        cues[-1][2].append(line)
    if not cues:
        raise DataError(source, ["no cues: the transcript says nothing"])
    found = []
    speaker = None
    for start, end, said in cues:
        named, words = _spoken(said, webvtt)
        speaker = named or speaker
        found.append(Cue(start, end, speaker, words))
    return found


def _blank_before(lines: list[str], index: int) -> bool:
    """Whether the line at index starts a block (the first, or after a blank line)."""
    return index == 0 or not lines[index - 1].strip()
