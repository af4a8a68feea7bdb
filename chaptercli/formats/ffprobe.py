"""What `ffprobe -show_chapters -of json MEDIA` prints (with `-show_format`,
the file's duration and tags too), read only:

    {"chapters": [{"id": 0, "time_base": "1/1000", "start": 0, "start_time": "0.000000",
                   "end": 241000, "end_time": "241.000000", "tags": {"title": "Intro"}}],
     "format": {"duration": "4074.000000", "tags": {"title": "…", "album": "…"}}}

Times come exactly from `start` and `end` in units of `time_base` (rounded to
milliseconds), else from the `start_time` strings. ffprobe lists ID3 chapters
in file order, unsorted: they are sorted here. The format's `title` tag names
the episode, `album` (or `artist`) the podcast.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, json_or_none
from chaptercli.formats.base import NOT_IT, SIGNED, Reader, Reading, ReadOnly
from chaptercli.times import format_time

_OWN_KEYS = ("time_base", "start_time")
_LONGEST_NUMBER = 40  # digits of a time or a time base: far past any real one
_NUMBER_CHARS = frozenset("0123456789./")  # no exponent: 1e999999999 is no time


def _chapters(data: Any) -> list[Any] | None:
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        return None
    chapters: list[Any] = data["chapters"]
    if all(isinstance(c, dict) and all(key in c for key in _OWN_KEYS) for c in chapters):
        return chapters
    return None


def sniff(text: str) -> int:
    chapters = _chapters(json_or_none(text))
    return SIGNED if chapters else NOT_IT


def _fraction(value: Any, what: str, where: str) -> Fraction:
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    try:
        if not text or len(text) > _LONGEST_NUMBER or not set(text) <= _NUMBER_CHARS:
            raise ValueError
        number = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ChapterError(f"{where}: bad '{what}' {str(value)[:60]!r}") from None
    return number


def _ms(item: dict[str, Any], ticks: str | None, seconds: str, where: str) -> int | None:
    """A time from integer ticks of the time base, else from seconds as text."""
    if ticks and item.get(ticks) is not None and item.get("time_base") is not None:
        base = _fraction(item["time_base"], "time_base", where)
        value = _fraction(item[ticks], ticks, where) * base * 1000
    elif item.get(seconds) is not None:
        value = _fraction(item[seconds], seconds, where) * 1000
    else:
        return None
    return int(value + Fraction(1, 2))  # half up, as every reader here rounds


def _tag(data: Any, *keys: str) -> str | None:
    tags = data.get("tags") if isinstance(data, dict) else None
    if not isinstance(tags, dict):
        return None
    folded = {str(key).lower(): value for key, value in tags.items()}
    for key in keys:
        value = folded.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read(text: str, source: str) -> Reading:
    data = json_or_none(text)
    chapters = _chapters(data)
    if chapters is None:
        raise ChapterError(
            f"{source}: expected the output of ffprobe -show_chapters -of json: "
            '{"chapters": [{"time_base": …, "start": …, "start_time": …, …}]}'
        )
    if not chapters:
        raise ChapterError(f'{source}: the media has no chapters ("chapters": [])')
    drafts = []
    for number, item in enumerate(chapters, 1):
        where = f"{source}: chapter {number}"
        start = _ms(item, "start", "start_time", where)
        if start is None:
            raise ChapterError(f"{where}: no start")
        end = _ms(item, "end", "end_time", where)
        drafts.append(ChapterDraft(start, _tag(item, "title") or "", end))
    drafts.sort(key=lambda draft: draft.start_ms)  # ID3 chapters come in file order
    media = data.get("format") if isinstance(data, dict) else None
    duration = None
    notes = []
    if isinstance(media, dict) and media.get("duration") is not None:
        duration = _ms(media, None, "duration", f"{source}: format")
    last_end = max((d.end_ms or d.start_ms for d in drafts), default=0)
    if duration is not None and last_end > duration:
        notes.append(f"left out the media's duration ({format_time(duration)}): "
                     "chapters run past it")  # fmt: skip
        duration = None
    episode = build(
        source,
        drafts,
        title=_tag(media, "title"),
        podcast=_tag(media, "album", "artist"),
        duration_ms=duration,
    )
    return Reading(episode, tuple(notes))


FORMAT: Reader = ReadOnly(
    name="ffprobe",
    example='ffprobe -show_chapters -of json: {"chapters": [{"time_base": "1/1000", …}]}',
    read=read,
    sniff=sniff,
)
