"""One stretch of speech: the unit every transcript format is read into."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Cue(NamedTuple):
    """Said from start_ms to end_ms (None: until the next cue, for the last one,
    the end of the episode), by speaker when the transcript names one."""

    start_ms: int
    end_ms: int | None
    speaker: str | None
    text: str

    def overlaps(self, start_ms: int, end_ms: int | None) -> bool:
        """Whether any of the cue is said within [start_ms, end_ms)."""
        ends_after = self.end_ms is None or self.end_ms > start_ms or self.start_ms == start_ms
        return ends_after and (end_ms is None or self.start_ms < end_ms)


def with_ends(cues: Sequence[Cue]) -> list[Cue]:
    """Cues in time order, a missing end filled with the next later cue's start
    (the HTML and JSON transcripts may leave ends out; HTML paragraphs may share
    a time)."""
    ordered = sorted(cues, key=lambda cue: cue.start_ms)  # stable: ties keep file order
    filled: list[Cue] = []
    later: int | None = None  # the first start after this cue's, going backwards
    for cue in reversed(ordered):
        if filled and cue.start_ms < filled[-1].start_ms:
            later = filled[-1].start_ms
        filled.append(cue if cue.end_ms is not None or later is None
                      else cue._replace(end_ms=later))  # fmt: skip
    return filled[::-1]


def said_at(cues: Sequence[Cue], ms: int) -> list[Cue]:
    """The cues being said at ms."""
    return [cue for cue in cues if cue.start_ms <= ms and (cue.end_ms is None or ms < cue.end_ms)]
