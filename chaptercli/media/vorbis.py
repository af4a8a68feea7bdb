"""Chapters in Vorbis comments (Ogg Opus, Ogg Vorbis, FLAC): CHAPTER001=00:01:02.500,
CHAPTER001NAME=Title, CHAPTER001URL=link, read and written with mutagen.

ffmpeg reads a chapter time as `%02d:%02d:%02d.%03d`: a fraction of other than
three digits comes out wrong (`00:00:01.5` as 1.005 s), so this module writes
exactly three, and says when a file has other."""

from __future__ import annotations

import re
from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.media import kinds, tools
from chaptercli.media.found import MediaChapters
from chaptercli.model import Episode

_KEY = re.compile(r"CHAPTER(\d{1,4})(NAME|URL)?", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,4}):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?")
ROUNDED = "vorbis-time-rounded"
PREFIX = "CHAPTER"


def open_file(path: str, kind: str) -> Any:
    """mutagen's view of the file: Opus, Vorbis, FLAC in Ogg, or native FLAC."""
    needed_for = "Ogg and FLAC chapters"
    if kind == kinds.FLAC:
        return tools.mutagen("flac", needed_for).FLAC(path)
    opus, vorbis = tools.mutagen("oggopus", needed_for), tools.mutagen("oggvorbis", needed_for)
    flac = tools.mutagen("oggflac", needed_for)
    for kind_class in (opus.OggOpus, vorbis.OggVorbis, flac.OggFLAC):
        try:
            return kind_class(path)
        except Exception:  # noqa: S112 - not this codec: try the next
            continue
    raise ChapterError(f"{path}: an Ogg file of no codec chaptercli reads (Opus, Vorbis, FLAC)")


def read(path: str, kind: str) -> MediaChapters:
    audio = open_file(path, kind)
    length = getattr(audio.info, "length", 0)
    found = MediaChapters([], round(length * 1000) if length else None)
    comments = list(audio.tags or [])
    fields: dict[int, dict[str, str]] = {}
    for key, value in comments:
        match = _KEY.fullmatch(key)
        if match:
            number, part = int(match[1]), (match[2] or "").upper()
            fields.setdefault(number, {}).setdefault(part, value)
        elif key.lower() == "title":
            found.title = found.title or value.strip() or None
        elif key.lower() in ("album", "artist") and not found.podcast:
            found.podcast = value.strip() or None
    for number in sorted(fields):
        found.chapters.append(_draft(fields[number], number, found))
    return found


def _draft(parts: dict[str, str], number: int, found: MediaChapters) -> ChapterDraft | None:
    written = parts.get("", "").strip()
    match = _TIME.fullmatch(written)
    if match is None:
        found.notes.append(f"CHAPTER{number:03d}: {written[:40]!r} is not a time "
                           "(HH:MM:SS.mmm); the chapter is left out")  # fmt: skip
        return None
    hours, minutes, seconds, fraction = match.groups()
    fraction = fraction or ""
    if len(fraction) != 3:
        found.problems.append((ROUNDED, f"CHAPTER{number:03d}={written}: ffmpeg-based players "
                               "read only a fraction of exactly three digits (this one as "
                               f"{_as_ffmpeg_reads(match.groups())}); `chapters embed` writes "
                               "three"))  # fmt: skip
    ms = round(float("0." + fraction) * 1000) if fraction else 0
    start = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms
    return ChapterDraft(start_ms=start, title=parts.get("NAME", "").strip(),
                        url=parts.get("URL", "").strip() or None)  # fmt: skip


def _as_ffmpeg_reads(groups: tuple[str | Any, ...]) -> str:
    """The time as ffmpeg's `%03d` takes the fraction: its first three digits as a
    number of milliseconds, however many there are."""
    hours, minutes, seconds, fraction = groups
    ms = int(fraction[:3]) if fraction else 0
    return f"{int(hours):02d}:{int(minutes):02d}:{int(seconds):02d}.{ms:03d}"


def clock(ms: int) -> str:
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}.{milli:03d}"


def write(path: str, kind: str, episode: Episode) -> None:
    """The episode's chapters as the file's CHAPTERnnn comments (from 001, as the
    Vorbis chapter extension numbers them), replacing any there; every other
    comment is kept."""
    audio = open_file(path, kind)
    if audio.tags is None:
        audio.add_tags()
    kept = [(k, v) for k, v in audio.tags if not _KEY.fullmatch(k)]
    shown = episode.chapters  # without the hidden ones: Vorbis comments cannot mark one
    if len(shown) > 999:
        raise ChapterError(f"{path}: Vorbis comments number at most 999 chapters")
    audio.tags.clear()
    new = list(kept)
    for number, chapter in enumerate(shown, 1):
        new += [(f"{PREFIX}{number:03d}", clock(chapter.start_ms)),
                (f"{PREFIX}{number:03d}NAME", chapter.title)]  # fmt: skip
        if chapter.url:
            new.append((f"{PREFIX}{number:03d}URL", chapter.url))
    for key, value in new:
        audio.tags.append((key, value))
    audio.save()
