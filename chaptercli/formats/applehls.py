"""Apple's HLS chapters JSON: the chapter data an HLS Multivariant Playlist
points to with `EXT-X-SESSION-DATA` (Apple, "Providing JavaScript Object
Notation (JSON) chapters"):

    [{"chapter": 1, "start-time": 0, "duration": 241,
      "titles": [{"language": "en", "title": "Intro"}],
      "images": [{"image-category": "chapter", "pixel-width": 1280, "pixel-height": 720,
                  "url": "https://…"}]}]

Times are seconds; a chapter's end is its start plus its `duration`. Of
several titles (one a language) the first is read, and of several images the
first url; `metadata` entries have no place here.
"""

from __future__ import annotations

from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, json_or_none, json_text
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    CHAPTER_IMAGES,
    DISTINCT,
    ENDS,
    MILLISECONDS,
    NOT_IT,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import ms_to_seconds, seconds_to_ms

_START = "start-time"


def sniff(text: str) -> int:
    data = json_or_none(text)
    fits = isinstance(data, list) and data and all(isinstance(c, dict) and _START in c
                                                   for c in data)  # fmt: skip
    return DISTINCT if fits else NOT_IT


def _seconds(item: dict[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return seconds_to_ms(value)
    raise ChapterError(f"{where}: '{key}' must be a number of seconds, not {repr(value)[:60]}")


def _first(item: dict[str, Any], key: str, field: str, where: str) -> str | None:
    entries = item.get(key)
    if entries is None:
        return None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ChapterError(f"{where}: '{key}' must be a list of objects")
    value = next((e.get(field) for e in entries if isinstance(e.get(field), str)), None)
    return value or None


def read(text: str, source: str) -> Reading:
    data = json_or_none(text)
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        raise ChapterError(
            f'{source}: expected Apple HLS chapters: [{{"start-time": 0, "titles": […]}}]'
        )
    drafts = []
    for number, item in enumerate(data, 1):
        where = f"{source}: chapter {number}"
        start = _seconds(item, _START, where)
        if start is None:
            raise ChapterError(f"{where}: missing '{_START}'")
        duration = _seconds(item, "duration", where)
        drafts.append(
            ChapterDraft(
                start_ms=start,
                title=_first(item, "titles", "title", where) or "",
                end_ms=None if duration is None else start + duration,
                image=_first(item, "images", "url", where),
            )
        )
    return Reading(build(source, drafts))


def write(episode: Episode) -> str:
    chapters = []
    for chapter in episode.chapters:
        item: dict[str, Any] = {"chapter": chapter.number, _START: ms_to_seconds(chapter.start_ms)}
        if chapter.duration_ms is not None:
            item["duration"] = ms_to_seconds(chapter.duration_ms)
        item["titles"] = [{"language": "und", "title": chapter.title}]
        if chapter.image is not None:
            item["images"] = [{"image-category": "chapter", "url": chapter.image}]
        chapters.append(item)
    return json_text(chapters)


FORMAT: Reader = TwoWay(
    name="apple-hls",
    example='[{"chapter": 1, "start-time": 0, "titles": [{"language": "en", "title": "Intro"}]}]',
    carries=frozenset({ENDS, MILLISECONDS, BELOW_A_FRAME, CHAPTER_IMAGES}),
    write=write,
    read=read,
    sniff=sniff,
)
