"""yt-dlp's `.info.json` (`yt-dlp --write-info-json`), read only:

    {"title": "…", "channel": "…", "webpage_url": "https://…", "duration": 4074.0,
     "chapters": [{"start_time": 0.0, "end_time": 241.0, "title": "Intro"}, …]}

`webpage_url` is the episode's url, `channel` (or `uploader`) its podcast,
`duration` its length. Times are seconds, rounded to milliseconds. A video
without chapters has `"chapters": null`: that is said, not guessed.
"""

from __future__ import annotations

from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, json_or_none
from chaptercli.formats.base import DISTINCT, NOT_IT, SIGNED, Reader, Reading, ReadOnly
from chaptercli.times import seconds_to_ms

# Keys only yt-dlp's info file has, beside its chapters.
_OWN_KEYS = ("webpage_url", "extractor", "extractor_key")


def _chapters(data: Any) -> list[Any] | None:
    if not isinstance(data, dict):
        return None
    chapters = data.get("chapters")
    if isinstance(chapters, list) and all(
        isinstance(c, dict) and "start_time" in c for c in chapters
    ):
        return chapters
    return None


def sniff(text: str) -> int:
    data = json_or_none(text)
    if not isinstance(data, dict) or "chapters" not in data:
        return NOT_IT
    if any(key in data for key in _OWN_KEYS):
        return SIGNED  # even with "chapters": null, which reading then says
    return DISTINCT if _chapters(data) is not None else NOT_IT


def _seconds(item: dict[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return seconds_to_ms(value)
    raise ChapterError(f"{where}: '{key}' must be a number of seconds, not {str(value)[:60]!r}")


def _text(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        if isinstance(data.get(key), str) and data[key].strip():
            return str(data[key]).strip()
    return None


def read(text: str, source: str) -> Reading:
    data = json_or_none(text)
    if not isinstance(data, dict):
        raise ChapterError(f"{source}: expected yt-dlp's .info.json, a JSON object")
    if data.get("chapters") is None and "chapters" in data:
        raise ChapterError(f'{source}: the video has no chapters ("chapters": null)')
    chapters = _chapters(data)
    if chapters is None:
        raise ChapterError(
            f"{source}: expected yt-dlp's .info.json, with 'chapters': "
            '[{"start_time": …, "end_time": …, "title": …}]'
        )
    drafts = []
    for number, item in enumerate(chapters, 1):
        where = f"{source}: chapter {number}"
        start = _seconds(item, "start_time", where)
        if start is None:
            raise ChapterError(f"{where}: 'start_time' is null")
        title = item.get("title")
        end = _seconds(item, "end_time", where)
        drafts.append(ChapterDraft(start, title if isinstance(title, str) else "", end))
    duration = data.get("duration")
    episode = build(
        source,
        drafts,
        title=_text(data, "title", "fulltitle"),
        podcast=_text(data, "channel", "uploader"),
        url=_text(data, "webpage_url"),
        duration_ms=_seconds(data, "duration", source) if duration is not None else None,
    )
    return Reading(episode)


FORMAT: Reader = ReadOnly(
    name="ytdlp",
    example='yt-dlp\'s .info.json: {"chapters": [{"start_time": 0.0, "title": "Intro"}], …}',
    read=read,
    sniff=sniff,
)
