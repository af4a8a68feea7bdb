"""The JSON contract of `--json` (documented in the README). Plain dicts, no output."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from chaptercli.model import Chapter, Episode
from chaptercli.navigate import Position
from chaptercli.rules import Problem
from chaptercli.times import format_time, ms_to_seconds

if TYPE_CHECKING:
    from pathlib import Path

    from chaptercli.entries import Entry
    from chaptercli.feeds.subscriptions import Subscription
    from chaptercli.library import Library
    from chaptercli.opener import Plan
    from chaptercli.results import Checked, SearchResult
    from chaptercli.search import Match
    from chaptercli.transcripts.cue import Cue

# json.dumps escapes C0 controls but not C1 (U+0080-U+009F, where 8-bit CSI
# lives), the line and paragraph separators or the bidirectional overrides:
# escape those too, so JSON shown in a terminal cannot drive or disguise it.
# Lone surrogates (a file name that was not UTF-8) are escaped too: written raw they
# are no UTF-8 at all, escaped they are valid JSON that names the same bytes.
_UNSAFE_IN_JSON = re.compile(
    "[\u0080-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ud800-\udfff\ufeff]"
)


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
        "url": chapter.url,
        "image": chapter.image,
        "hidden": chapter.hidden,
    }


def episode_object(episode: Episode) -> dict[str, Any]:
    return {
        "podcast": episode.podcast,
        "title": episode.title,
        "url": episode.url,
        "duration_seconds": _seconds(episode.length_ms),
        "chapters": [chapter_object(c) for c in episode.chapters],
    }


def entry_object(library: Library, entry: Entry) -> dict[str, Any]:
    """Which episode: its number in `chapters episodes`, names and file."""
    return {
        "number": library.number(entry),
        "podcast": entry.podcast,
        "title": entry.title,
        "file": entry.path,
    }


def episodes_object(library: Library) -> list[dict[str, Any]]:
    return [
        {
            **entry_object(library, entry),
            "chapters": entry.chapter_count,
            "duration_seconds": _seconds(entry.length_ms),
        }
        for entry in library.entries
    ]


def library_object(
    library: Library, entries: Sequence[Entry], episodes: Sequence[Episode]
) -> dict[str, Any]:
    return {
        "episodes": [
            {"episode": entry_object(library, entry), **episode_object(episode)}
            for entry, episode in zip(entries, episodes, strict=True)
        ]
    }


def search_object(result: SearchResult) -> dict[str, Any]:
    entries: dict[Entry, dict[str, Any]] = {}
    matches: list[dict[str, Any]] = []
    for group in result.groups():
        if group.entry not in entries:
            entries[group.entry] = entry_object(result.library, group.entry)
        episode = entries[group.entry]
        if group.chapter is None:
            matches.append({"episode": episode, "chapter": None, "start": None, "field": "episode",
                            "bullet": None, "text": group.entry.title,
                            "spans": [list(span) for span in group.title_spans]})  # fmt: skip
        for match in group.matches:
            matches.append(
                {
                    "episode": episode,
                    "chapter": match.chapter.number,
                    "start": format_time(match.chapter.start_ms),
                    "field": match.field,
                    "bullet": match.bullet,
                    "text": match.text,
                    "spans": [list(span) for span in match.spans],
                    **_said_object(match, group.entry.url),
                }
            )
    return {"query": " ".join(result.words), "matches": matches}


def _said_object(match: Match, url: str | None) -> dict[str, Any]:
    """What a match in a transcript adds: when it was said, by whom, the link there."""
    if match.time_ms is None:
        return {}
    from chaptercli.navigate import link_at

    return {
        "time": format_time(match.time_ms),
        "time_seconds": ms_to_seconds(match.time_ms),
        "speaker": match.speaker,
        "url": link_at(url, match.time_ms) if url else None,
    }


def cues_object(cues: Sequence[Cue]) -> list[dict[str, Any]]:
    return [
        {
            "start": format_time(cue.start_ms),
            "start_seconds": ms_to_seconds(cue.start_ms),
            "end_seconds": _seconds(cue.end_ms),
            "speaker": cue.speaker,
            "text": cue.text,
        }
        for cue in cues
    ]


def shown_chapter_object(chapter: Chapter, said: Sequence[Cue] | None) -> dict[str, Any]:
    """`show`: the chapter, and what was said in it when that was asked for."""
    shown = chapter_object(chapter)
    return shown if said is None else {**shown, "transcript": cues_object(said)}


def positions_object(
    library: Library,
    positions: Sequence[tuple[Entry, Position]],
    said: Mapping[Entry, Sequence[Cue]],
) -> list[dict[str, Any]]:
    return [
        {"episode": entry_object(library, entry), **position_object(position, said.get(entry))}
        for entry, position in positions
    ]


def position_object(position: Position, said: Sequence[Cue] | None = None) -> dict[str, Any]:
    """Where a time falls; what is said then, for an episode with a transcript."""
    heard = {} if said is None else {"transcript": cues_object(said)}
    return {
        "time": format_time(position.time_ms),
        "seconds": ms_to_seconds(position.time_ms),
        "chapter": None if position.chapter is None else chapter_object(position.chapter),
        "offset_seconds": _seconds(position.offset_ms),
        "remaining_seconds": _seconds(position.remaining_ms),
        "next": None if position.next is None else chapter_object(position.next),
        "url": position.link,
        **heard,
    }


def problems_object(checked: Sequence[Checked]) -> list[dict[str, Any]]:
    return [problem_object(problem, item.source) for item in checked
            for problem in item.problems]  # fmt: skip


def problem_object(problem: Problem, source: str) -> dict[str, Any]:
    chapter = problem.chapter
    return {
        "file": source,
        "severity": problem.severity,
        "rule": problem.rule,
        "chapter": None if chapter is None else chapter.number,
        "start": None if chapter is None else format_time(chapter.start_ms),
        "title": None if chapter is None else chapter.title,
        "message": problem.message,
    }


def plan_object(chapter: Chapter, plan: Plan, opened: bool) -> dict[str, Any]:
    return {
        "chapter": chapter.number,
        "start": format_time(chapter.start_ms),
        "link": plan.link,
        "command": plan.command,
        "opened": opened,
    }


def conversions_object(rows: Sequence[tuple[str, int, bool]]) -> list[dict[str, Any]]:
    return [
        {"input": text, "seconds": ms_to_seconds(ms), "clock": format_time(ms)}
        for text, ms, _ in rows
    ]


def cache_info_object(
    path: str, exists: bool, size: int, files: int, episodes: int
) -> dict[str, Any]:
    return {"path": path, "exists": exists, "bytes": size, "files": files, "episodes": episodes}


def subscriptions_object(library: Path, subscriptions: Sequence[Subscription]) -> dict[str, Any]:
    """`feed list --json`: each feed, and each of its items with its file (null:
    no chapters), where its chapters came from and its transcript."""
    feeds = []
    for feed in subscriptions:
        episodes = [
            {"title": r.title, "file": None if r.file is None else str(library / r.file),
             "chapters_from": r.chapters_from,
             "transcript": None if r.transcript is None else str(library / r.transcript)}
            for r in feed.episodes
        ]  # fmt: skip
        feeds.append({"url": feed.url, "title": feed.title, "etag": feed.etag,
                      "last_modified": feed.last_modified, "episodes": episodes})  # fmt: skip
    return {"library": str(library), "feeds": feeds}


def dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
