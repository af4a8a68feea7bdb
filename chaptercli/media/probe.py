"""What ffprobe says of a media file: its chapters (as ffmpeg-based players see
them), its duration and its tags, with times in exact milliseconds."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, NamedTuple

from chaptercli.errors import ChapterError
from chaptercli.media import tools


class ProbedChapter(NamedTuple):
    start_ms: int
    end_ms: int
    title: str


class Probed(NamedTuple):
    chapters: list[ProbedChapter]
    duration_ms: int | None
    tags: dict[str, str]  # the container's and the first audio stream's, keys in lower case
    format_name: str


def probe(path: str, needed_for: str) -> Probed:
    """ffprobe's chapters, duration and tags of the file; an error if ffprobe
    cannot read it (its last line of complaint is the reason)."""
    ffprobe = tools.find("ffprobe", needed_for)
    args = [ffprobe, "-v", "error", "-show_chapters", "-show_format", "-show_streams",
            "-of", "json", plain(path)]  # fmt: skip
    raw = tools.run(args, path, "reading it with ffprobe")
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        raise ChapterError(f"{path}: ffprobe's answer could not be read") from None
    return _probed(data if isinstance(data, dict) else {})


def plain(path: str) -> str:
    """A path ffmpeg takes as a file, never as a protocol (`http:`, `concat:`)."""
    return path if path.startswith(("/", "./")) else "./" + path


def _probed(data: dict[str, Any]) -> Probed:
    fmt = data.get("format") if isinstance(data.get("format"), dict) else {}
    assert isinstance(fmt, dict)  # noqa: S101 - narrowed above
    tags: dict[str, str] = {}
    streams = [s for s in data.get("streams") or [] if isinstance(s, dict)]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    for holder in (*audio[:1], fmt):  # the container's tags win
        found = holder.get("tags")
        if isinstance(found, dict):
            tags.update({str(k).lower(): str(v) for k, v in found.items()})
    chapters = []
    for item in data.get("chapters") or []:
        if isinstance(item, dict):
            title = (
                item.get("tags", {}).get("title", "") if isinstance(item.get("tags"), dict) else ""
            )
            chapters.append(ProbedChapter(_ms(item, "start"), _ms(item, "end"), str(title)))
    return Probed(chapters, _seconds_ms(fmt.get("duration")), tags, str(fmt.get("format_name", "")))


def _ms(item: dict[str, Any], which: str) -> int:
    """A chapter time in milliseconds, exactly, from its count of time-base units."""
    try:
        units = int(item[which])
        num, den = (int(part) for part in str(item["time_base"]).split("/"))
        return round(Fraction(units * num * 1000, den))
    except (KeyError, ValueError, ZeroDivisionError):
        raise ChapterError(f"ffprobe gave a chapter {which} that is not a time") from None


def _seconds_ms(value: object) -> int | None:
    try:
        return round(Fraction(str(value)) * 1000) if value is not None else None
    except (ValueError, ZeroDivisionError):
        return None
