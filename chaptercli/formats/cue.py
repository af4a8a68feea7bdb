"""A CUE sheet, one track a chapter:

    PERFORMER "Podcast"
    TITLE "Episode"
    FILE "episode.mp3" MP3
      TRACK 01 AUDIO
        TITLE "Intro"
        INDEX 01 00:00:00

Times are minutes:seconds:frames at 75 frames a second; minutes may exceed 99
(a long episode), which several readers get wrong. Precision is 1/75 s.
CUE has no escape for a double quote: one in a title is written as ″.

A sheet whose tracks lie in several FILEs (one a song, say) cannot be one
episode's chapters: every file's times start again at 0, and the reader says so.
Lines are matched by anchored patterns without overlapping repeats: linear.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import (
    DISTINCT,
    GENERIC,
    MILLISECONDS,
    NOT_IT,
    PODCAST,
    TITLE,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode

FRAMES = 75

_TRACK = re.compile(r"TRACK\s+\d{1,9}\s+\S", re.ASCII | re.IGNORECASE)
_INDEX = re.compile(r"INDEX\s+(\d{1,3})\s+(\d{1,9}):(\d{1,2}):(\d{1,2})", re.ASCII | re.IGNORECASE)
_FIELD = re.compile(r'(TITLE|PERFORMER)\s+(?:"(.*)"|(\S.*))', re.ASCII | re.IGNORECASE)
_FILE = re.compile(r"FILE\s", re.ASCII | re.IGNORECASE)
# The FILE line's type, by the audio file's extension: the sheet format (CDRWIN) has
# AIFF, WAVE and MP3 for audio; players take WAVE for any lossless file (EAC's FLAC).
_FILE_TYPES = {".wav": "WAVE", ".flac": "WAVE", ".aif": "AIFF", ".aiff": "AIFF"}


def sniff(text: str) -> int:
    lines = [line.strip() for line in lines_of(text.lstrip("\ufeff"))]
    if not any(_TRACK.match(line) for line in lines):
        return NOT_IT
    return DISTINCT if any(_INDEX.fullmatch(line) for line in lines) else GENERIC


def frames(ms: int) -> int:
    return int(Fraction(ms * FRAMES, 1000) + Fraction(1, 2))  # nearest frame, halves up


def msf(ms: int) -> str:
    seconds, frame = divmod(frames(ms), FRAMES)
    minutes, second = divmod(seconds, 60)
    return f"{minutes:02d}:{second:02d}:{frame:02d}"


def read(text: str, source: str) -> Reading:
    album: dict[str, str] = {}
    drafts: list[ChapterDraft] = []
    in_track = False
    files = 0  # FILEs with tracks
    new_file = False
    for line_number, raw in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if _FILE.match(line):
            new_file = True
            continue
        if _TRACK.match(line):
            files += new_file
            new_file = False
            in_track = True
            drafts.append(ChapterDraft(start_ms=-1, title=""))
            continue
        field = _FIELD.fullmatch(line)
        if field:
            value = field[2] if field[2] is not None else field[3]
            if in_track:
                if field[1].upper() == "TITLE":
                    drafts[-1].title = value
            else:
                album[field[1].upper()] = value
            continue
        index = _INDEX.fullmatch(line)
        if index and in_track and int(index[1]) == 1:
            minutes, seconds, frame = int(index[2]), int(index[3]), int(index[4])
            if seconds > 59 or frame >= FRAMES:
                raise ChapterError(f"{source}: line {line_number}: bad INDEX time {line!r}")
            total = Fraction((minutes * 60 + seconds) * FRAMES + frame, FRAMES) * 1000
            drafts[-1].start_ms = int(total + Fraction(1, 2))
    if files > 1:
        raise ChapterError(
            f"{source}: the sheet spans {files} files; chapters restart in each, so they "
            "cannot be one episode's chapters (give each file a sheet of its own)"
        )
    for number, draft in enumerate(drafts, 1):
        if draft.start_ms < 0:
            raise ChapterError(f"{source}: track {number} has no INDEX 01")
    episode = build(source, drafts, title=album.get("TITLE"), podcast=album.get("PERFORMER"))
    return Reading(episode)


def _quoted(text: str) -> str:
    return '"' + one_line(text).replace('"', "″") + '"'


def _file_name(episode: Episode) -> str:
    if episode.url:
        name = PurePosixPath(urlsplit(episode.url).path).name
        if name:
            return name
    return "episode.mp3"


def write(episode: Episode) -> str:
    lines = []
    if episode.podcast:
        lines.append(f"PERFORMER {_quoted(episode.podcast)}")
    lines.append(f"TITLE {_quoted(episode.title)}")
    file_name = _file_name(episode)
    kind = _FILE_TYPES.get(PurePosixPath(file_name.lower()).suffix, "MP3")
    lines.append(f"FILE {_quoted(file_name)} {kind}")
    for chapter in episode.chapters:
        lines += [
            f"  TRACK {chapter.number:02d} AUDIO",
            f"    TITLE {_quoted(chapter.title)}",
            f"    INDEX 01 {msf(chapter.start_ms)}",
        ]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="cue",
    example='TRACK 01 AUDIO, TITLE "Intro", INDEX 01 00:00:00 (mm:ss:ff)',
    carries=frozenset({TITLE, PODCAST, MILLISECONDS}),
    write=write,
    read=read,
    sniff=sniff,
)
