"""Helpers the format modules share."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from chaptercli.drafts import ChapterDraft, EpisodeDraft, validate
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.model import Chapter, Episode
from chaptercli.rules import chapter_label, label
from chaptercli.times import in_range

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")
# Other controls have no place in a line of a text format: they go.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def build(
    source: str,
    chapters: list[ChapterDraft],
    title: str | None = None,
    podcast: str | None = None,
    url: str | None = None,
    duration_ms: int | None = None,
) -> Episode:
    """An Episode from what a reader found, checked exactly as a YAML file is.

    A time too long to write as a clock is refused as the loader refuses its
    text: an import must give chapters YAML that loads."""
    if not chapters:
        raise ChapterError(f"{source}: no chapters found")
    problems: list[str] = []
    duration_ms = _clock(duration_ms, "duration", "", problems)
    found: list[ChapterDraft | None] = []
    for number, chapter in enumerate(chapters, 1):
        where = chapter_label(number, chapter.title) + ": "
        start_ms = _clock(chapter.start_ms, "start", where, problems)
        end_ms = _clock(chapter.end_ms, "end", where, problems)
        found.append(replace(chapter, end_ms=end_ms) if start_ms is not None else None)
    draft = EpisodeDraft(
        title or default_title(source), found, podcast or None, url or None, duration_ms
    )
    return validate(draft, source, problems=problems)


def _clock(ms: int | None, key: str, where: str, problems: list[str]) -> int | None:
    if ms is None:
        return None
    try:
        in_range(ms)
    except TimeSyntaxError as error:
        problems.append(f"{where}bad '{key}': {error}")
        return None
    return ms


def json_or_none(text: str) -> Any:
    """The JSON value in text, or None when it is not JSON (for sniffing)."""
    try:
        return json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None


def load_json(text: str, source: str, expected: str) -> dict[str, Any]:
    """A JSON object with a 'chapters' list, or an error saying what was wrong."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as error:
        raise ChapterError(f"{source}: not valid JSON: {error}") from None
    except RecursionError:
        raise ChapterError(f"{source}: JSON nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        raise ChapterError(f"{source}: expected {expected}")
    return data


def chapter_objects(data: dict[str, Any], source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for each chapter of a loaded JSON file."""
    for number, item in enumerate(data["chapters"], 1):
        where = f"{source}: chapter {number}"
        if not isinstance(item, dict):
            raise ChapterError(f"{where}: expected an object, not {type(item).__name__}")
        yield where, item


def default_title(source: str) -> str:
    """A title for chapters from a format that has none: the file's name."""
    stem = Path(source).stem
    return stem if stem and not source.startswith("<") and stem != "-" else "Imported chapters"


def one_line(text: str) -> str:
    """Text for a line-based format: line breaks become spaces, other controls go."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def ends(episode: Episode, format_name: str) -> list[tuple[Chapter, int]]:
    """Every chapter with its end, or an error for a format that needs them all."""
    result = []
    for chapter in episode.chapters:
        if chapter.end_ms is None:
            raise ChapterError(
                f"{format_name} needs an end for every chapter, and {label(chapter)} has "
                "none: the episode's duration is missing (add `duration:` to the episode, "
                "or an `end:` to its last chapter)"
            )
        result.append((chapter, chapter.end_ms))
    return result


def lines_of(text: str) -> list[str]:
    """Lines, whatever the line endings (CRLF, CR or LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
