"""The navigator's own JSON: what `chapters list --json` prints, read back."""

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
)
from chaptercli.formats.base import DISTINCT, EVERYTHING, NOT_IT, Reader, Reading, TwoWay
from chaptercli.jsonshape import episode_object
from chaptercli.model import Episode
from chaptercli.times import parse_time, seconds_to_ms


def sniff(text: str) -> int:
    data = json_or_none(text)
    fits = (
        isinstance(data, dict)
        and isinstance(data.get("chapters"), list)
        and all(isinstance(c, dict) and "start" in c for c in data["chapters"])
    )
    return DISTINCT if fits else NOT_IT


def _text(value: Any, where: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ChapterError(f"{where}: '{key}' must be a string, not {repr(value)[:60]}")


def _time(value: Any, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str):
        return parse_time(value)
    raise ChapterError(f"{where}: '{key}' must be a clock string such as \"1:02:45\"")


def read(text: str, source: str) -> Reading:
    data = load_json(text, source, "the JSON of `chapters list --json`")
    drafts = []
    for where, item in chapter_objects(data, source):
        bullets = item.get("bullets") or []
        if not isinstance(bullets, list) or not all(isinstance(b, str) for b in bullets):
            raise ChapterError(f"{where}: 'bullets' must be a list of strings")
        start = _time(item.get("start"), where, "start")
        if start is None:
            raise ChapterError(f"{where}: missing 'start'")
        drafts.append(
            ChapterDraft(
                start_ms=start,
                end_ms=_time(item.get("end"), where, "end"),
                title=_text(item.get("title"), where, "title") or "",
                summary=_text(item.get("summary"), where, "summary"),
                bullets=tuple(bullets),
            )
        )
    duration = data.get("duration_seconds")
    duration_ms = None
    if isinstance(duration, (int, float)) and not isinstance(duration, bool):
        duration_ms = seconds_to_ms(duration)
    episode = build(
        source,
        drafts,
        title=_text(data.get("title"), source, "title"),
        podcast=_text(data.get("podcast"), source, "podcast"),
        url=_text(data.get("url"), source, "url"),
        duration_ms=duration_ms,
    )
    return Reading(episode)


def write(episode: Episode) -> str:
    return json_text(episode_object(episode))


FORMAT: Reader = TwoWay(
    name="json",
    example='`chapters list --json` output: {"title": …, "chapters": [{"start": "0:00", …}]}',
    carries=EVERYTHING,
    write=write,
    read=read,
    sniff=sniff,
)
