"""A media file into its episode: the chapters its container holds, its duration
from the media, its title and podcast from its tags, and as its url the file
itself (so `chapters open 3 -f book.m4b` plays it from chapter 3)."""

from __future__ import annotations

import os
from pathlib import Path

from chaptercli.drafts import ChapterDraft, EpisodeDraft, validate
from chaptercli.errors import ChapterError, DataError
from chaptercli.formats.base import Reading
from chaptercli.media import kinds, tools
from chaptercli.media.found import MediaChapters
from chaptercli.times import format_time

_NEEDED_FOR = "reading chapters from media"


def chapters_of(path: str, kind: str) -> MediaChapters:
    """What the file's container holds; a DataError naming the file and its problem
    for a file that is damaged or not what its first bytes promise."""
    tools.mutagen("_file", _NEEDED_FOR)  # the message, before any file is opened
    try:
        found = _read(path, kind)
    except ChapterError as error:
        raise DataError(path, [error.message.removeprefix(f"{path}: ")]) from None
    except MemoryError:
        raise DataError(path, ["its tags claim more memory than can be had"]) from None
    except Exception as error:  # mutagen's errors, and any damage it trips on
        raise DataError(path, [f"not a readable {kinds.NAMES[kind]} file: "
                               f"{_reason(error)}"]) from None  # fmt: skip
    if found.duration_ms is not None and found.duration_ms <= 0:
        found.duration_ms = None  # a truncated file's length can come out negative
    return found


def _read(path: str, kind: str) -> MediaChapters:
    if kind == kinds.MP3:
        from chaptercli.media import id3

        return id3.read(path)
    if kind == kinds.MP4:
        from chaptercli.media import mp4

        return mp4.read(path)
    if kind == kinds.MATROSKA:
        from chaptercli.media import matroska

        return matroska.read(path)
    from chaptercli.media import vorbis

    return vorbis.read(path, kind)


def _reason(error: Exception) -> str:
    """mutagen's reason in one line; it wraps a failed read (an OSError saying
    nothing) when the tags claim more than the file holds."""
    inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error
    text = str(inner).strip().splitlines()
    return (text[0][:200] if text else "") or "its tags claim more than the file holds"


def read_media(path: str, kind: str) -> Reading:
    """The episode in the media file, validated like any chapters file."""
    found = chapters_of(path, kind)
    if not found.chapters:
        raise DataError(path, [f"this {kinds.NAMES[kind]} {kinds.NO_CHAPTERS}"])
    duration = found.duration_ms
    if duration is not None and beyond(found.chapters, duration):
        # Kept, so that the file loads; `chapters check -f` says what players will do.
        found.notes.append(f"chapters go past the media's duration ({format_time(duration)}): "
                           "`chapters check` says which")  # fmt: skip
        duration = None
    draft = EpisodeDraft(
        title=found.title or Path(path).stem,
        chapters=found.chapters,
        podcast=found.podcast,
        url=Path(os.path.abspath(path)).as_uri(),
        duration_ms=duration,
    )
    return Reading(validate(draft, path, strict=True), tuple(found.notes))


def beyond(chapters: list[ChapterDraft | None], duration_ms: int) -> bool:
    """Whether a chapter starts or ends past the duration."""
    return any(c is not None and (c.start_ms >= duration_ms or (c.end_ms or 0) > duration_ms)
               for c in chapters)  # fmt: skip
