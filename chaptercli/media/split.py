"""`chapters split`: one file per chapter, cut from the media by stream copy (no
re-encoding), named `NN - Title.ext` in words safe on every file system, tagged
with the chapter's title, its track number and total, and the episode as album."""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from chaptercli.errors import ChapterError
from chaptercli.media import tools
from chaptercli.media.embed import may_write, media_kind, muxer, replacing
from chaptercli.media.probe import plain
from chaptercli.model import Chapter, Episode

MAX_TITLE_BYTES = 120  # of a name's title part, in UTF-8: names stay well under 255 bytes
_UNSAFE = set('/\\:*?"<>|')  # separators and what Windows refuses in a name


def safe_name(number: int, width: int, title: str, suffix: str) -> str:
    """`07 - Title.mp3`: no separators, no characters Windows refuses, no control
    or format characters, no trailing dots or spaces, the title capped in bytes
    (on a character boundary); `Chapter 7` for a title with nothing left."""
    kept = "".join(
        "_" if c in _UNSAFE else " " if unicodedata.category(c)[0] in "CZ" else c
        for c in unicodedata.normalize("NFC", title)
    )
    kept = " ".join(kept.split())
    encoded = kept.encode("utf-8")[:MAX_TITLE_BYTES]
    kept = encoded.decode("utf-8", "ignore").rstrip(". ")
    return f"{number:0{width}d} - {kept or f'Chapter {number}'}{suffix.lower()}"


def split(media: Path, episode: Episode, directory: Path, hidden: bool, force: bool) -> list[Path]:
    """The files written, one a chapter, each whole or not at all."""
    media_kind(media)  # a clear error for what is not media, before any file is made
    ffmpeg = tools.find("ffmpeg", "chapters split")
    chosen = [c for c in episode.chapters if hidden or not c.hidden]
    if not chosen:
        raise ChapterError("every chapter is hidden: use --hidden to split them all the same")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ChapterError(f"cannot make {directory}: {error.strerror or error}") from None
    width = max(2, len(str(len(chosen))))
    names = [
        directory / safe_name(n, width, c.title, media.suffix) for n, c in enumerate(chosen, 1)
    ]
    for name in names:  # all refused before any is written; --force: regular files only
        may_write(name, force)
    for number, (chapter, name) in enumerate(zip(chosen, names, strict=True), 1):
        _cut(ffmpeg, media, chapter, name, (number, len(chosen)), episode, force)
    return names


def _cut(ffmpeg: str, media: Path, chapter: Chapter, name: Path, track: tuple[int, int],
         episode: Episode, force: bool) -> None:  # fmt: skip
    span = ["-ss", f"{chapter.start_ms}ms"]
    if chapter.end_ms is not None:
        span += ["-to", f"{chapter.end_ms}ms"]
    # A NUL cannot be in an argument (and no tag needs one).
    tags = {"title": chapter.title.replace("\0", ""), "track": f"{track[0]}/{track[1]}",
            "album": episode.title.replace("\0", "")}  # fmt: skip
    with replacing(name, name.suffix, force) as temporary:
        tools.run([ffmpeg, "-v", "error", "-nostdin", "-y", *span, "-i", plain(str(media)),
                   "-map", "0", "-map", "-0:d?", "-c", "copy", "-map_chapters", "-1",
                   *(arg for key, value in tags.items() for arg in ("-metadata", f"{key}={value}")),
                   "-f", muxer(name), plain(str(temporary))], str(media),
                  f"cutting chapter {chapter.number} with ffmpeg")  # fmt: skip
        os.chmod(temporary, stat.S_IMODE(os.stat(media).st_mode))  # as the media, not 0600
