"""The project's own YAML: the schema of data/chapters.yaml."""

from __future__ import annotations

from typing import Any

import yaml

from chaptercli.errors import ChapterError
from chaptercli.formats._common import Escapes
from chaptercli.formats.base import DISTINCT, EVERYTHING, NOT_IT, Reader, Reading, TwoWay
from chaptercli.loader import episode_from_data, parse_yaml
from chaptercli.model import Episode
from chaptercli.render.sanitize import clean
from chaptercli.times import format_time


def sniff(text: str) -> int:
    if "chapters" not in text:
        return NOT_IT  # no need to parse what cannot be one
    try:
        data = parse_yaml(text.encode("utf-8"), "")
    except ChapterError:
        return NOT_IT
    chapters = data.get("chapters") if isinstance(data, dict) else None
    fits = isinstance(chapters, list) and all(
        isinstance(item, dict) and "start" in item for item in chapters
    )
    return DISTINCT if fits else NOT_IT


def read(text: str, source: str) -> Reading:
    return Reading(episode_from_data(parse_yaml(text.encode("utf-8"), source), source))


class _Clock(str):
    """A time, always written quoted so YAML 1.1 cannot read it as a number."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_clock(dumper: yaml.SafeDumper, value: _Clock) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Text with control or format characters goes double-quoted, the one style with
    # escapes: the emitter escapes controls, and `write` the format characters.
    style = '"' if clean(value, one_line=False) != value else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


# Bidi and zero-width characters, which the emitter writes as they are (and only ever
# inside a double-quoted scalar, see above), as YAML escapes: the exact text, no raw byte.
_ESCAPES = Escapes(lambda code: f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")


_Dumper.add_representer(_Clock, _represent_clock)
_Dumper.add_representer(str, _represent_text)


def episode_mapping(episode: Episode) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if episode.podcast is not None:
        data["podcast"] = episode.podcast
    data["title"] = episode.title
    if episode.url is not None:
        data["url"] = episode.url
    if episode.duration_ms is not None:
        data["duration"] = _Clock(format_time(episode.duration_ms))
    chapters = []
    for chapter in episode.chapters:
        item: dict[str, Any] = {"start": _Clock(format_time(chapter.start_ms))}
        if chapter.end_ms is not None:
            item["end"] = _Clock(format_time(chapter.end_ms))
        item["title"] = chapter.title
        if chapter.summary is not None:
            item["summary"] = chapter.summary
        if chapter.bullets:
            item["bullets"] = list(chapter.bullets)
        chapters.append(item)
    data["chapters"] = chapters
    return data


def write(episode: Episode) -> str:
    text = yaml.dump(
        episode_mapping(episode),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )
    return text.translate(_ESCAPES)


FORMAT: Reader = TwoWay(
    name="yaml",
    example='chaptercli\'s YAML: title: …, chapters: [{start: "0:00", title: …}]',
    carries=EVERYTHING,
    write=write,
    read=read,
    sniff=sniff,
)
