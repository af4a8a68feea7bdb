"""mkvmerge's simple (OGM) chapters, and the Vorbis comment chapters of Ogg,
Opus and FLAC files:

    CHAPTER01=00:00:00.000
    CHAPTER01NAME=Intro
    CHAPTER001URL=https://…

No end times. The fraction is read as a decimal fraction (`.5` is 500 ms,
not 5 ms, a mistake some readers make). Keys are read in any case, numbered
from 00 or 01 with any width; a chapter's `URL` is its link. A dump's other
tags (`ENCODER=`, …) have no place here and are left out, with a note. `TITLE`
and `ALBUM` (or `ARTIST`) of a Vorbis comment dump name the episode and the
podcast. Lines are split by hand: reading is linear in the text. The
`vorbiscomment` format reads with this reader and writes the 3-digit form.
"""

from __future__ import annotations

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build, lines_of, one_line, skipped
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

_KEY = "CHAPTER"
_SNIFFED_LINES = 20
_DIGITS = "0123456789"
_EPISODE_TAGS = ("TITLE", "ALBUM", "ARTIST")


def _split_key(key: str) -> tuple[str, str] | None:
    """(chapter number without leading zeros, what follows it) for `CHAPTERnn…`."""
    if key[: len(_KEY)].upper() != _KEY:
        return None
    rest = key[len(_KEY) :]
    number = rest[: len(rest) - len(rest.lstrip(_DIGITS))]
    if not number:
        return None
    return number.lstrip("0") or "0", rest[len(number) :].upper()


def sniff(text: str) -> int:
    for line in lines_of(text.lstrip("\ufeff"))[:_SNIFFED_LINES]:
        key, equals, _ = line.strip().partition("=")
        if equals and (parts := _split_key(key)) and parts[1] == "":
            return DISTINCT
    return NOT_IT


def _is_field_name(key: str) -> bool:
    """A Vorbis comment field name: printable ASCII, no `=`."""
    return bool(key) and all(" " <= char <= "}" for char in key)


def _time(text: str, value: str, where: str) -> int:
    hours, _, rest = text.strip().partition(":")
    if hours.isdigit() and hours.isascii() and rest.count(":") == 1:
        try:
            return parse_time(text)
        except TimeSyntaxError as error:
            raise ChapterError(f"{where}: {error.message}") from None
    raise ChapterError(f"{where}: bad time {value[:60]!r} (expected HH:MM:SS.mmm)")


def _span(value: str, where: str) -> tuple[int, int | None]:
    """A chapter's start, and its end where the chapter extension's first draft
    wrote one (`start-->end`, or `start-end`)."""
    start, arrow, end = value.partition("-->")
    if not arrow:
        start, _, end = value.partition("-")
    return _time(start, value, where), _time(end, value, where) if end.strip() else None


def read(text: str, source: str) -> Reading:
    starts: dict[str, tuple[int, int, int | None]] = {}  # chapter number -> (line, start, end)
    names: dict[str, tuple[int, str]] = {}
    links: dict[str, str] = {}
    tags: dict[str, str] = {}
    for line_number, raw in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if not line:
            continue
        key, equals, value = line.partition("=")
        parts = _split_key(key) if equals else None
        where = f"{source}: line {line_number}"
        if parts is None:
            if not (equals and _is_field_name(key)):
                raise ChapterError(
                    f"{where}: expected CHAPTERnn= or CHAPTERnnNAME=, found {line[:60]!r}"
                )
            tags.setdefault(key.upper(), value)
            continue
        number, kind = parts
        if kind == "":
            if number in starts:
                raise ChapterError(f"{where}: a second time for chapter {key[:60]}")
            starts[number] = (line_number, *_span(value, where))
        elif kind == "NAME":
            names[number] = (line_number, value)
        elif kind == "URL":
            links[number] = value.strip()
        else:
            tags.setdefault(key.upper(), value)
    drafts = [
        ChapterDraft(
            start_ms=start,
            title=names.pop(number, (0, ""))[1],
            end_ms=end,
            url=links.get(number) or None,
        )
        for number, (_, start, end) in sorted(starts.items(), key=lambda item: item[1][0])
    ]
    notes = []
    if names:
        unplaced = sorted(line for line, _ in names.values())
        notes.append(skipped("naming a chapter that has no time", unplaced))
    if other := sorted(tag for tag in tags if tag not in _EPISODE_TAGS):
        notes.append(f"skipped the other tags: {', '.join(other[:10])}")
    podcast = tags.get("ALBUM") or tags.get("ARTIST")
    return Reading(build(source, drafts, title=tags.get("TITLE"), podcast=podcast), tuple(notes))


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
