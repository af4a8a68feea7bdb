"""Where chapters fall on a bar of a given width, and where the ruler's ticks go. Pure.

Columns come from rounding each boundary's exact position, never from adding up
rounded widths, so every segment is within one column of its true share and
the segments always fill the bar exactly.
"""

from __future__ import annotations

from typing import NamedTuple

from chaptercli.model import Chapter, Episode
from chaptercli.times import format_time

_MINUTE = 60_000
# Tick steps a person reads easily, from 10 seconds to 50 hours.
_STEPS = [10_000, 30_000, _MINUTE, 2 * _MINUTE, 5 * _MINUTE, 10 * _MINUTE, 15 * _MINUTE,
          30 * _MINUTE, 60 * _MINUTE, 120 * _MINUTE, 300 * _MINUTE, 600 * _MINUTE,
          1200 * _MINUTE, 3000 * _MINUTE]  # fmt: skip


class Segment(NamedTuple):
    chapter: Chapter
    first: int  # the first column it covers
    stop: int  # the column after its last (first == stop: too short to show)


class Tick(NamedTuple):
    column: int
    label: str


def span_ms(episode: Episode) -> int:
    """The length the bar stands for: the episode's, or (open-ended) a little past
    the last start, so the last chapter still shows."""
    if episode.length_ms is not None:
        return max(episode.length_ms, 1)
    last = episode.chapters[-1].start_ms
    return max(last + max(last // 10, _MINUTE), 1)


def column(ms: int, length_ms: int, width: int) -> int:
    """The column where ms falls, rounded to the nearest boundary."""
    return min(width, max(0, (2 * ms * width + length_ms) // (2 * length_ms)))


def segments(episode: Episode, width: int) -> list[Segment]:
    length = span_ms(episode)
    return [
        Segment(
            chapter,
            column(chapter.start_ms, length, width),
            column(length if chapter.end_ms is None else chapter.end_ms, length, width),
        )
        for chapter in episode.chapters
    ]


def ticks(length_ms: int, width: int) -> list[Tick]:
    """Ticks at a round step, as many as fit with their labels apart."""
    label_width = len(format_time(length_ms)) + 2
    most = max(1, width // label_width)
    step = next((s for s in _STEPS if length_ms // s < most), _STEPS[-1])
    while length_ms // step >= most:  # longer than the table reaches: double it
        step *= 2
    return [Tick(column(ms, length_ms, width), format_time(ms))
            for ms in range(0, length_ms + 1, step)]  # fmt: skip


def ruler(length_ms: int, width: int) -> tuple[str, str]:
    """The tick marks line and the labels line, each exactly width characters."""
    marks = [" "] * width
    labels = [" "] * width
    end = 0
    for tick in ticks(length_ms, width):
        at = min(tick.column, width - 1)
        marks[at] = "╵"
        start = min(max(at - len(tick.label) // 2, 0), width - len(tick.label))
        if start >= end and start >= 0:
            labels[start : start + len(tick.label)] = tick.label
            end = start + len(tick.label) + 1
    return "".join(marks), "".join(labels)


def label_fits(segment: Segment) -> bool:
    """Whether the chapter's number fits in its segment with room to tell it from the next."""
    return segment.stop - segment.first > len(str(segment.chapter.number))
