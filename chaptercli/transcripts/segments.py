"""The Podcasting 2.0 JSON transcript:

    {"version": "1.0.0", "segments": [
        {"speaker": "Darth Vader", "startTime": 0.5, "endTime": 0.75, "body": "I"}, …]}

Times are seconds; `endTime` and `speaker` may be left out. Segments may be
single words (for word-by-word highlighting): search joins them, so a phrase
is found across them.
"""

from __future__ import annotations

import json
from typing import Any

from chaptercli.errors import DataError, TimeSyntaxError
from chaptercli.times import seconds_to_ms
from chaptercli.transcripts.cue import Cue
from chaptercli.transcripts.markup import single_spaced

_KINDS = ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
          (type(None), "nothing (null)"))  # fmt: skip


def _kind(value: object) -> str:
    return next((name for kind, name in _KINDS if isinstance(value, kind)), "a number")


def _seconds(segment: dict[str, Any], key: str, where: str) -> int | None:
    value = segment.get(key)
    if value is None and key == "endTime":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError("", [f"{where}: '{key}' must be a number of seconds, not {_kind(value)}"])
    try:
        return seconds_to_ms(value)
    except TimeSyntaxError as error:
        raise DataError("", [f"{where}: bad '{key}': {error.message}"]) from None


def _segment(number: int, segment: Any) -> Cue:
    where = f"segment {number}"
    if not isinstance(segment, dict):
        raise DataError("", [f"{where}: must be a mapping with startTime and body, "
                             f"not {_kind(segment)}"])  # fmt: skip
    start = _seconds(segment, "startTime", where) or 0  # never None: it is required
    end = _seconds(segment, "endTime", where)
    if end is not None and end < start:
        raise DataError("", [f"{where}: ends (endTime) before it starts (startTime)"])
    body, speaker = segment.get("body"), segment.get("speaker")
    if not isinstance(body, str):
        raise DataError("", [f"{where}: 'body' must be text, not {_kind(body)}"])
    if speaker is not None and not isinstance(speaker, str):
        raise DataError("", [f"{where}: 'speaker' must be text, not {_kind(speaker)}"])
    return Cue(start, end, (speaker or "").strip() or None, single_spaced(body))


def read_segments(text: str, source: str) -> list[Cue]:
    """The cues of a JSON transcript; a DataError naming the first bad segment."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(source, [f"line {error.lineno}, column {error.colno}: not JSON: "
                                 f"{error.msg}"]) from None  # fmt: skip
    except RecursionError:
        raise DataError(source, ["nested too deeply to be a transcript"]) from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise DataError(source, ["a JSON transcript is a mapping with 'segments' (a list of "
                                 "startTime, endTime, speaker and body)"])  # fmt: skip
    try:
        cues = [_segment(number, segment) for number, segment in enumerate(segments, 1)]
    except DataError as error:
        raise DataError(source, error.problems) from None
    if not cues:
        raise DataError(source, ["'segments' is empty: the transcript says nothing"])
    return cues
