"""`chapters embed`: an episode's chapters written into a media file, in place or
into a new file, always through a temporary file beside the target and a rename,
so the original is never half-written. Streams are copied, never re-encoded."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from chaptercli.errors import ChapterError
from chaptercli.filebytes import kind_of as kind_of_file
from chaptercli.filebytes import media_kind as media_kind_of
from chaptercli.files import place_without_replacing
from chaptercli.media import kinds, tools
from chaptercli.media.found import MediaChapters
from chaptercli.media.read import beyond, chapters_of
from chaptercli.model import Episode
from chaptercli.times import format_time

WRITES = "chapters embed"


def media_kind(path: Path) -> str:
    """The container of a media file named on the command line, or an error."""
    kind = media_kind_of(path)
    if kind is None:
        raise ChapterError(f"{path}: not a media file chaptercli can write chapters into "
                           "(MP3, MP4/M4A/M4B, Matroska/WebM, Ogg, FLAC)")  # fmt: skip
    return kind


def embed(media: Path, episode: Episode, output: Path | None, force: bool) -> tuple[int, list[str]]:
    """Write the episode's chapters into media (or into output, a copy of it with
    them): how many chapters the written file holds, and notes on what the
    container could not keep."""
    kind = media_kind(media)
    before = chapters_of(str(media), kind)
    episode = _with_ends(episode, before.duration_ms)
    target = output or media
    may_write(target, force or output is None)
    notes = _refusals(episode, before, kind, target)
    if not can_hide(kind, target):
        episode = replace(episode, chapters=tuple(c for c in episode.chapters if not c.hidden))
    with replacing(target, media.suffix, force or output is None) as temporary:
        _write(media, temporary, kind, episode)
        after = chapters_of(str(temporary), kind)
        if after.problems:  # never leave a file that `chapters check` would flag
            raise ChapterError(f"{media}: the written file would not pass the check: "
                               f"{after.problems[0][1]}")  # fmt: skip
        os.chmod(temporary, stat.S_IMODE(os.stat(media).st_mode))
    return len(after.chapters), notes


@contextlib.contextmanager
def replacing(target: Path, suffix: str, overwrite: bool) -> Iterator[Path]:
    """A new temporary file in target's directory, renamed onto target when the block
    ends well (atomically: the same file system) and removed whatever happens. Not
    to overwrite, it is linked into place instead, which fails if the name was taken
    meanwhile: a file someone else made while the work went on is never replaced."""
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=suffix)  # fmt: skip
        os.close(fd)
    except OSError as error:
        raise ChapterError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        yield Path(temporary)
        if overwrite:
            os.replace(temporary, target)
        else:
            place_without_replacing(temporary, target)
    except FileExistsError:
        raise ChapterError(f"{target} already exists: use --force to overwrite it") from None
    except OSError as error:
        raise ChapterError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def may_write(target: Path, replace_ok: bool) -> None:
    try:
        existing = target.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise ChapterError(f"cannot write {target}: {error.strerror or error}") from None
    if not stat.S_ISREG(existing.st_mode):
        raise ChapterError(f"{target} is {kind_of_file(existing.st_mode)}: only a regular file is "
                           "replaced")  # fmt: skip
    if not replace_ok:
        raise ChapterError(f"{target} already exists: use --force to overwrite it")


def _with_ends(episode: Episode, duration_ms: int | None) -> Episode:
    """The last chapter ended at the media's end when the chapters leave it open."""
    last = episode.chapters[-1]
    if last.end_ms is not None or duration_ms is None or duration_ms <= last.start_ms:
        return episode
    return replace(episode, chapters=(*episode.chapters[:-1], replace(last, end_ms=duration_ms)))


def _refusals(episode: Episode, media: MediaChapters, kind: str, target: Path) -> list[str]:
    """An error for chapters the media cannot hold; notes on what it drops."""
    duration = media.duration_ms
    from chaptercli.drafts import ChapterDraft

    drafts: list[ChapterDraft | None] = [
        ChapterDraft(start_ms=c.start_ms, end_ms=c.end_ms, title=c.title) for c in episode.chapters
    ]
    if duration is not None and beyond(drafts, duration):
        late = next(c for c in episode.chapters
                    if c.start_ms >= duration or (c.end_ms or 0) > duration)  # fmt: skip
        raise ChapterError(f"{episode.source or 'the chapters'}: chapter {late.number} goes past "
                           f"the end of the media ({format_time(duration)}): players would not "
                           "show it")  # fmt: skip
    notes = []
    hidden = sum(c.hidden for c in episode.chapters)
    if hidden and not can_hide(kind, target):
        what = "WebM" if target.suffix.lower() == ".webm" else kinds.NAMES[kind]
        if kind == kinds.MATROSKA and what != "WebM":
            what = "Matroska written by ffmpeg (mkvpropedit is not installed)"
        notes.append(f"{what} cannot mark a chapter hidden: the {hidden} hidden chapters are "
                     "left out")  # fmt: skip
    return notes


def can_hide(kind: str, target: Path) -> bool:
    """Whether the container keeps a chapter hidden (ID3: left out of the CTOC;
    Matroska: ChapterFlagHidden, which WebM does not have and ffmpeg does not write)."""
    matroska = kind == kinds.MATROSKA and target.suffix.lower() != ".webm"
    return kind == kinds.MP3 or (matroska and tools.have("mkvpropedit"))


def _write(media: Path, temporary: Path, kind: str, episode: Episode) -> None:
    if kind == kinds.MP4 or (kind == kinds.MATROSKA and not tools.have("mkvpropedit")):
        _ffmpeg_copy(media, temporary, episode)
        return
    shutil.copyfile(media, temporary)
    if kind == kinds.MP3:
        from chaptercli.media import id3

        id3.write(str(temporary), episode, None)
    elif kind == kinds.MATROSKA:
        from chaptercli.media import matroska

        matroska.write(str(temporary), episode)
    else:
        from chaptercli.media import vorbis

        vorbis.write(str(temporary), kind, episode)


def muxer(media: Path) -> str:
    """ffmpeg's muxer for a copy of media, by its name (a temporary file's says nothing)."""
    muxers = {".m4a": "ipod", ".m4b": "ipod", ".mov": "mov", ".webm": "webm", ".mkv": "matroska",
              ".mka": "matroska", ".mp3": "mp3", ".opus": "opus", ".ogg": "ogg", ".oga": "ogg",
              ".flac": "flac"}  # fmt: skip
    return muxers.get(media.suffix.lower(), "mp4")


def _ffmpeg_copy(media: Path, temporary: Path, episode: Episode) -> None:
    """A stream copy of media with the episode's chapters (ffmpeg writes an MP4's
    QuickTime chapter track and its Nero chpl atom both), every stream and tag kept
    but the old chapter track (a data stream: ffmpeg makes it anew)."""
    from chaptercli import formats
    from chaptercli.media.probe import plain

    ffmpeg = tools.find("ffmpeg", WRITES)
    fd, metadata = tempfile.mkstemp(suffix=".ffmetadata")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(formats.write(episode, "ffmetadata"))
        tools.run([ffmpeg, "-v", "error", "-nostdin", "-y", "-i", plain(str(media)),
                   "-f", "ffmetadata", "-i", plain(metadata), "-map", "0", "-map", "-0:d?",
                   "-map_metadata", "0", "-map_chapters", "1", "-c", "copy",
                   "-f", muxer(media), plain(str(temporary))], str(media),
                  "copying it with ffmpeg")  # fmt: skip
    finally:
        os.unlink(metadata)
