"""Podcasting 2.0 JSON chapters (podcast namespace, version 1.2).

    {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}

A chapter with `"toc": false` is a silent marker (an image change, say) that
players keep out of the table of contents: it is kept as a hidden chapter. A
chapter's `url` and `img` are its link and picture. A chapter in the table of
contents without a title is kept, with an empty title, which `chapters check`
reports. Keys this project has no place for (location, producers' own) are
ignored.
"""

from __future__ import annotations

from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import (
    build,
    chapter_objects,
    json_or_none,
    json_text,
    load_json,
    optional_text,
)
from chaptercli.formats.base import (
    BULLETS,
    DISTINCT,
    EVERYTHING,
    NOT_IT,
    SUMMARIES,
    URL,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import ms_to_seconds, parse_time, seconds_to_ms

VERSION = "1.2.0"


def sniff(text: str) -> int:
    data = json_or_none(text)
    fits = (
        isinstance(data, dict)
        and isinstance(data.get("chapters"), list)
        and all(isinstance(c, dict) and "startTime" in c for c in data["chapters"])
    )
    return DISTINCT if fits else NOT_IT


def _seconds(value: Any, where: str) -> int:
    # Some producers write "hh:mm:ss" strings where the spec says a number.
    if isinstance(value, str):
        return parse_time(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return seconds_to_ms(value)
    raise ChapterError(f"{where}: expected a number of seconds, not {repr(value)[:60]}")


def read(text: str, source: str) -> Reading:
    data = load_json(text, source, "a JSON object with a 'chapters' list")
    drafts = []
    for where, item in chapter_objects(data, source):
        if "startTime" not in item:
            raise ChapterError(f"{where}: missing 'startTime'")
        title = item.get("title")
        if title is not None and not isinstance(title, str):
            raise ChapterError(f"{where}: 'title' must be a string, not {repr(title)[:60]}")
        end = item.get("endTime")
        drafts.append(
            ChapterDraft(
                start_ms=_seconds(item["startTime"], where),
                end_ms=None if end is None else _seconds(end, where),
                title=title or "",
                url=optional_text(item, "url", where),
                image=optional_text(item, "img", where),
                hidden=item.get("toc") is False,
            )
        )
    title = data.get("title") if isinstance(data.get("title"), str) else None
    podcast = data.get("podcastName") if isinstance(data.get("podcastName"), str) else None
    return Reading(build(source, drafts, title=title, podcast=podcast))


def write(episode: Episode) -> str:
    chapters: list[dict[str, Any]] = []
    for chapter in episode.chapters:
        item: dict[str, Any] = {"startTime": ms_to_seconds(chapter.start_ms)}
        if chapter.end_ms is not None:
            item["endTime"] = ms_to_seconds(chapter.end_ms)
        item["title"] = chapter.title
        if chapter.image is not None:
            item["img"] = chapter.image
        if chapter.url is not None:
            item["url"] = chapter.url
        if chapter.hidden:
            item["toc"] = False
        chapters.append(item)
    data: dict[str, Any] = {"version": VERSION, "title": episode.title}
    if episode.podcast:
        data["podcastName"] = episode.podcast
    data["chapters"] = chapters
    return json_text(data)


FORMAT: Reader = TwoWay(
    name="podcast2",
    example='{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}',
    carries=EVERYTHING - {URL, SUMMARIES, BULLETS},
    write=write,
    read=read,
    sniff=sniff,
)
