"""Helpers the format modules share."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from chaptercli.drafts import ChapterDraft, EpisodeDraft, validate
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.model import Chapter, Episode
from chaptercli.render.sanitize import clean
from chaptercli.rules import chapter_label, label
from chaptercli.times import in_range

# Line numbers a note lists at most; the count says how many there were.
_LISTED = 10


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


class Escapes(dict[int, str]):
    """A str.translate table for a structured format (JSON, XML) whose writer has
    escaped the C0 controls already: every other character a terminal must not
    get (DEL, C1 controls, bidi and other format characters, line separators:
    what the one sanitizer removes) written as the format's escape instead, so
    the file keeps the exact text and no byte in it drives a terminal."""

    def __init__(self, escape: Callable[[int], str]) -> None:
        super().__init__()
        self._escape = escape

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = self._escape(code) if code >= 0x7F and clean(char) != char else char
        return self[code]


# In JSON a character past U+FFFF is escaped as its UTF-16 pair, as json.dumps writes it.
_JSON_ESCAPES = Escapes(lambda code: json.dumps(chr(code))[1:-1])


def json_text(data: Any) -> str:
    """A JSON document, indented, with every control and format character escaped."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES) + "\n"


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


def optional_text(item: dict[str, Any], key: str, where: str) -> str | None:
    """A JSON object's text value: None when missing or empty, an error when not text."""
    value = item.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ChapterError(f"{where}: '{key}' must be a string, not {repr(value)[:60]}")
    return value


def default_title(source: str) -> str:
    """A title for chapters from a format that has none: the file's name."""
    stem = Path(source).stem
    return stem if stem and not source.startswith("<") and stem != "-" else "Imported chapters"


def one_line(text: str) -> str:
    """Text for a line-based format: line breaks become spaces; control characters
    (C0 and C1) and format characters (bidi, zero-width, tags) go, as on a terminal:
    a file may be shown on one, and no byte in it must drive it."""
    return clean(text).strip()


def count(number: int, thing: str) -> str:
    """`1 chapter`, `3 chapters`."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def skipped(what: str, numbers: list[int]) -> str:
    """A note on lines left out: `skipped 3 lines out of time order: line 7, 9, 12`."""
    listed = ", ".join(str(number) for number in numbers[:_LISTED])
    more = ", …" if len(numbers) > _LISTED else ""
    lines = "line" if len(numbers) == 1 else "lines"
    return f"skipped {count(len(numbers), 'line')} {what}: {lines} {listed}{more}"


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
