"""Podlove JSON chapters: what Podlove Publisher serves and the Podlove Web
Player reads, a list of chapters with times as text:

    [{"start": "00:00:00.000", "title": "Intro", "href": "https://…", "image": "https://…"}]

The Web Player's configuration holds the same list as its `chapters`, beside
the episode's `title`, `permalink` (its url) and `duration`: that is read too.
Times are Normal Play Time, as in Podlove Simple Chapters; a chapter's
`href` and `image` are its link and picture (empty means none). The list
need not be in order (the player's own example is not): it is sorted. A
number where a time should be is refused: seconds or milliseconds cannot be
told apart.
"""

from __future__ import annotations

from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build, json_or_none, json_text, optional_text
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    CHAPTER_IMAGES,
    CHAPTER_URLS,
    DISTINCT,
    GENERIC,
    MILLISECONDS,
    NOT_IT,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time

_EXPECTED = '[{"start": "00:00:00.000", "title": "Intro", "href": "", "image": ""}]'


def _chapters(data: Any) -> list[Any] | None:
    """The chapter list of a bare list, or of a player configuration (never of
    this project's own JSON, whose chapters have `start_seconds`)."""
    chapters = data.get("chapters") if isinstance(data, dict) else data
    if not isinstance(chapters, list) or not chapters:
        return None
    if all(isinstance(c, dict) and "start" in c and "start_seconds" not in c for c in chapters):
        return chapters
    return None


def sniff(text: str) -> int:
    """A bare list is its own; a configuration only with the player's own keys
    (`permalink`, a chapter's `href`): without them it is this project's JSON."""
    data = json_or_none(text)
    chapters = _chapters(data)
    if chapters is None:
        return NOT_IT
    if isinstance(data, list) or "permalink" in data or any("href" in c for c in chapters):
        return DISTINCT
    return GENERIC


def _time(value: Any, what: str, where: str) -> int:
    if not isinstance(value, str):
        raise ChapterError(
            f"{where}: '{what}' must be a time as text such as \"00:04:01.000\", not "
            f"{repr(value)[:60]} (seconds or milliseconds? it cannot be told)"
        )
    try:
        return parse_time(value)
    except TimeSyntaxError as error:
        raise ChapterError(f"{where}: '{what}': {error.message}") from None


def read(text: str, source: str) -> Reading:
    data = json_or_none(text)
    chapters = _chapters(data)
    if chapters is None:
        raise ChapterError(f"{source}: expected Podlove JSON chapters: {_EXPECTED}")
    drafts = []
    for number, item in enumerate(chapters, 1):
        where = f"{source}: chapter {number}"
        drafts.append(
            ChapterDraft(
                start_ms=_time(item["start"], "start", where),
                title=optional_text(item, "title", where) or "",
                url=optional_text(item, "href", where),
                image=optional_text(item, "image", where),
            )
        )
    drafts.sort(key=lambda draft: draft.start_ms)
    config = data if isinstance(data, dict) else {}
    duration = config.get("duration")
    episode = build(
        source,
        drafts,
        title=optional_text(config, "title", source),
        url=optional_text(config, "permalink", source),
        duration_ms=None if duration is None else _time(duration, "duration", source),
    )
    return Reading(episode)


def write(episode: Episode) -> str:
    return json_text(
        [
            {
                "start": format_fixed(chapter.start_ms),
                "title": chapter.title,
                "href": chapter.url or "",
                "image": chapter.image or "",
            }
            for chapter in episode.chapters
        ]
    )


FORMAT: Reader = TwoWay(
    name="podlove-json",
    example=_EXPECTED,
    carries=frozenset({MILLISECONDS, BELOW_A_FRAME, CHAPTER_URLS, CHAPTER_IMAGES}),
    write=write,
    read=read,
    sniff=sniff,
)
