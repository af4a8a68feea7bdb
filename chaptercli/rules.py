"""Rules a chapter list must or should follow: the structural ones the loader
enforces, and each platform's. Pure: chapters in, problems out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chaptercli.model import Chapter
from chaptercli.platforms import Platform
from chaptercli.times import format_time

ERROR = "error"
WARNING = "warning"
INFO = "info"


# The structural rules that make a file unusable; the loader refuses these.
FATAL_RULES = frozenset({"order", "same-start", "overlap", "end-before-start", "past-duration"})


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR, WARNING or INFO
    rule: str  # a short name: "order", "youtube-min-length", ...
    message: str
    chapter: Chapter | None = None


def chapter_label(number: int, title: object) -> str:
    """`chapter 3 "Title"`, as every message names a chapter."""
    if not isinstance(title, str):
        return f"chapter {number}"
    short = title if len(title) <= 60 else title[:59] + "…"
    return f'chapter {number} "{short}"'


def label(chapter: Chapter) -> str:
    return chapter_label(chapter.number, chapter.title)


def structural(chapters: Sequence[Chapter], duration_ms: int | None) -> list[Problem]:
    """Order, overlap, ends and duration; gaps and empty titles are reported too."""
    problems: list[Problem] = []

    def add(severity: str, rule: str, chapter: Chapter, message: str) -> None:
        problems.append(Problem(severity, rule, message, chapter))

    for index, chapter in enumerate(chapters):
        start, end = chapter.start_ms, chapter.end_ms
        previous = chapters[index - 1] if index else None
        if previous is not None:
            if start < previous.start_ms:
                add(
                    ERROR,
                    "order",
                    chapter,
                    f"starts at {format_time(start)}, before chapter {previous.number} "
                    f"({format_time(previous.start_ms)}): chapters must be in time order",
                )
            elif start == previous.start_ms:
                add(
                    ERROR,
                    "same-start",
                    chapter,
                    f"starts at {format_time(start)}, the same time as chapter {previous.number}",
                )
            elif previous.end_ms is not None and previous.end_ms > start:
                add(
                    ERROR,
                    "overlap",
                    chapter,
                    f"starts at {format_time(start)}, before chapter {previous.number} ends "
                    f"({format_time(previous.end_ms)}): chapters overlap",
                )
            elif previous.end_ms is not None and previous.end_ms < start:
                add(
                    INFO,
                    "gap",
                    chapter,
                    f"starts at {format_time(start)}, {format_time(start - previous.end_ms)} "
                    f"after chapter {previous.number} ends: nothing plays in between",
                )
        if end is not None and end <= start:
            add(
                ERROR,
                "end-before-start",
                chapter,
                f"end {format_time(end)} is not after start {format_time(start)}",
            )
        if duration_ms is not None:
            if start >= duration_ms:
                add(
                    ERROR,
                    "past-duration",
                    chapter,
                    f"starts at {format_time(start)}, at or after the end of the episode "
                    f"(duration {format_time(duration_ms)})",
                )
            elif end is not None and end > duration_ms:
                add(
                    ERROR,
                    "past-duration",
                    chapter,
                    f"ends at {format_time(end)}, after the end of the episode "
                    f"(duration {format_time(duration_ms)})",
                )
        if not chapter.title.strip():
            add(ERROR, "empty-title", chapter, "has no title")
    return problems


def platform(name: Platform, chapters: Sequence[Chapter]) -> list[Problem]:
    """The rules a platform applies before it shows chapters."""
    checks = {
        "youtube": _youtube,
        "spotify": _spotify,
        "podcast2": _podcast2,
        "webvtt": _webvtt,
    }
    return checks[name](chapters)


def _starts_at_zero_and_enough(name: str, chapters: Sequence[Chapter]) -> list[Problem]:
    problems = []
    first = chapters[0]
    if first.start_ms != 0:
        problems.append(
            Problem(
                ERROR,
                f"{name}-first-at-zero",
                f"{name}: the first chapter must start at 0:00, this one starts at "
                f"{format_time(first.start_ms)}",
                first,
            )
        )
    if len(chapters) < 3:
        problems.append(
            Problem(
                ERROR,
                f"{name}-min-chapters",
                f"{name}: needs at least 3 chapters, the episode has {len(chapters)}",
            )
        )
    return problems


def _shorter_than(
    chapters: Sequence[Chapter], shortest_ms: int, severity: str, rule: str, wording: str
) -> list[Problem]:
    return [
        Problem(severity, rule, f"{wording} {shortest_ms // 1000} s long, this one is "
                f"{format_time(length)}", chapter)
        for chapter in chapters
        if (length := chapter.duration_ms) is not None and length < shortest_ms
    ]  # fmt: skip


def _youtube(chapters: Sequence[Chapter]) -> list[Problem]:
    problems = _starts_at_zero_and_enough("youtube", chapters)
    problems += _shorter_than(
        chapters, 10_000, ERROR, "youtube-min-length", "youtube: chapters must be at least"
    )
    problems += [
        Problem(
            INFO,
            "youtube-whole-seconds",
            f"youtube: timestamps are whole seconds; {format_time(chapter.start_ms)} "
            f"will be written as {format_time(round_to_second(chapter.start_ms))}",
            chapter,
        )
        for chapter in chapters
        if chapter.start_ms % 1000
    ]
    return problems


def _spotify(chapters: Sequence[Chapter]) -> list[Problem]:
    problems = _starts_at_zero_and_enough("spotify", chapters)
    problems += _shorter_than(
        chapters, 30_000, WARNING, "spotify-short", "spotify: advises chapters of at least"
    )
    problems += [
        Problem(
            WARNING,
            "spotify-long-title",
            f"spotify: advises titles under 40 characters, this one has {len(chapter.title)}",
            chapter,
        )
        for chapter in chapters
        if len(chapter.title) > 40
    ]
    return problems


def _podcast2(chapters: Sequence[Chapter]) -> list[Problem]:
    # The format needs only a startTime; titles are optional but a chapter
    # without one shows as a blank entry in the table of contents.
    return [
        Problem(
            WARNING,
            "podcast2-title",
            "podcast2: a chapter without a title shows as a blank entry",
            chapter,
        )
        for chapter in chapters
        if not chapter.title.strip()
    ]


def _webvtt(chapters: Sequence[Chapter]) -> list[Problem]:
    return [
        Problem(
            ERROR,
            "webvtt-end",
            "webvtt: every cue needs an end; this chapter has none (give it an end, or "
            "give the episode a duration)",
            chapter,
        )
        for chapter in chapters
        if chapter.end_ms is None
    ]


def round_to_second(ms: int) -> int:
    """The nearest whole second, halves up, as formats without fractions need."""
    return (ms + 500) // 1000 * 1000
