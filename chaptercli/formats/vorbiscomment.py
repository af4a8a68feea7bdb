"""Vorbis comment chapters (the Xiph "Chapter Extension"), as Ogg Vorbis, Opus
and FLAC files hold them and `metaflac --export-tags-to`, `vorbiscomment -l`
or ffmpeg's ffmetadata of such a file show them:

    TITLE=An episode
    CHAPTER000=00:00:00.000
    CHAPTER000NAME=Intro
    CHAPTER000URL=https://…

Numbers have three digits, from 000 as ffmpeg writes them; `ogm` is the
2-digit form mkvmerge reads. Read by the same reader as `ogm` (any width,
any case, the chapter's `URL` its link, `TITLE` and `ALBUM` the episode and
the podcast); written with `TITLE`, `ALBUM` and each chapter's `URL`.
"""

from __future__ import annotations

from chaptercli.errors import ChapterError
from chaptercli.formats import ogm
from chaptercli.formats._common import lines_of, one_line
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    CHAPTER_URLS,
    DISTINCT,
    MILLISECONDS,
    NOT_IT,
    PODCAST,
    TITLE,
    Reader,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed

_SNIFFED_LINES = 20
_MOST = 1000  # CHAPTER000 to CHAPTER999


def sniff(text: str) -> int:
    """Its own when a chapter's time is keyed with exactly three digits."""
    for line in lines_of(text.lstrip("\ufeff"))[:_SNIFFED_LINES]:
        key, equals, _ = line.strip().partition("=")
        digits = key[len("CHAPTER") :]
        if equals and key[:7].upper() == "CHAPTER" and len(digits) == 3 and digits.isdecimal():
            return DISTINCT
    return NOT_IT


def write(episode: Episode) -> str:
    if len(episode.chapters) > _MOST:
        raise ChapterError(
            f"vorbiscomment holds at most {_MOST} chapters (CHAPTER000 to CHAPTER999), "
            f"and the episode has {len(episode.chapters)}"
        )
    lines = [f"TITLE={one_line(episode.title)}"]
    if episode.podcast:
        lines.append(f"ALBUM={one_line(episode.podcast)}")
    for index, chapter in enumerate(episode.chapters):
        key = f"CHAPTER{index:03d}"
        lines += [f"{key}={format_fixed(chapter.start_ms)}", f"{key}NAME={one_line(chapter.title)}"]
        if chapter.url is not None:
            lines.append(f"{key}URL={one_line(chapter.url)}")
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="vorbiscomment",
    example="CHAPTER000=00:00:00.000, CHAPTER000NAME=Intro and CHAPTER000URL=https://… lines",
    carries=frozenset({TITLE, PODCAST, MILLISECONDS, BELOW_A_FRAME, CHAPTER_URLS}),
    write=write,
    read=ogm.read,
    sniff=sniff,
)
