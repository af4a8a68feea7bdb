"""The JSON contract of `--json` (documented in the README). Plain dicts, no output."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from chaptercli.model import Chapter, Episode
from chaptercli.navigate import Position
from chaptercli.rules import Problem
from chaptercli.search import Match
from chaptercli.times import format_time, ms_to_seconds

# json.dumps escapes C0 controls but not C1 (U+0080-U+009F, where 8-bit CSI
# lives), the line and paragraph separators or the bidirectional overrides:
# escape those too, so JSON shown in a terminal cannot drive or disguise it.
_UNSAFE_IN_JSON = re.compile("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _seconds(ms: int | None) -> int | float | None:
    return None if ms is None else ms_to_seconds(ms)


def _clock(ms: int | None) -> str | None:
    return None if ms is None else format_time(ms)


def chapter_object(chapter: Chapter) -> dict[str, Any]:
    return {
        "number": chapter.number,
        "start": format_time(chapter.start_ms),
        "end": _clock(chapter.end_ms),
        "start_seconds": ms_to_seconds(chapter.start_ms),
        "end_seconds": _seconds(chapter.end_ms),
        "duration_seconds": _seconds(chapter.duration_ms),
        "title": chapter.title,
        "summary": chapter.summary,
        "bullets": list(chapter.bullets),
    }


def episode_object(episode: Episode) -> dict[str, Any]:
    return {
        "podcast": episode.podcast,
        "title": episode.title,
        "url": episode.url,
        "duration_seconds": _seconds(episode.length_ms),
        "chapters": [chapter_object(c) for c in episode.chapters],
    }


def search_object(words: Sequence[str], matches: Sequence[Match]) -> dict[str, Any]:
    return {
        "query": " ".join(words),
        "matches": [
            {
                "chapter": match.chapter.number,
                "start": format_time(match.chapter.start_ms),
                "field": match.field,
                "bullet": match.bullet,
                "text": match.text,
                "spans": [list(span) for span in match.spans],
            }
            for match in matches
        ],
    }


def position_object(position: Position) -> dict[str, Any]:
    return {
        "time": format_time(position.time_ms),
        "seconds": ms_to_seconds(position.time_ms),
        "chapter": None if position.chapter is None else chapter_object(position.chapter),
        "offset_seconds": _seconds(position.offset_ms),
        "remaining_seconds": _seconds(position.remaining_ms),
        "next": None if position.next is None else chapter_object(position.next),
        "url": position.link,
    }


def problem_object(problem: Problem) -> dict[str, Any]:
    chapter = problem.chapter
    return {
        "severity": problem.severity,
        "rule": problem.rule,
        "chapter": None if chapter is None else chapter.number,
        "start": None if chapter is None else format_time(chapter.start_ms),
        "title": None if chapter is None else chapter.title,
        "message": problem.message,
    }


def conversion_object(text: str, ms: int) -> dict[str, Any]:
    return {"input": text, "seconds": ms_to_seconds(ms), "clock": format_time(ms)}


def dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
