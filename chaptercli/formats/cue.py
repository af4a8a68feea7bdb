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
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import MILLISECONDS, PODCAST, TITLE, Reader, TwoWay
from chaptercli.model import Episode

FRAMES = 75

_TRACK = re.compile(r"^TRACK\s+(\d+)\s+\S+", re.ASCII | re.IGNORECASE)
_INDEX = re.compile(r"^INDEX\s+(\d+)\s+(\d+):(\d{1,2}):(\d{1,2})$", re.ASCII | re.IGNORECASE)
_FIELD = re.compile(r'^(TITLE|PERFORMER)\s+(?:"(.*)"|(\S.*))$', re.ASCII | re.IGNORECASE)


def sniff(text: str) -> bool:
    return any(_TRACK.match(line.strip()) for line in lines_of(text.lstrip("\ufeff")))


def frames(ms: int) -> int:
    return int(Fraction(ms * FRAMES, 1000) + Fraction(1, 2))  # nearest frame, halves up


def msf(ms: int) -> str:
    seconds, frame = divmod(frames(ms), FRAMES)
    minutes, second = divmod(seconds, 60)
    return f"{minutes:02d}:{second:02d}:{frame:02d}"


def read(text: str, source: str) -> Episode:
    album: dict[str, str] = {}
    drafts: list[ChapterDraft] = []
    in_track = False
    for line_number, raw in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if _TRACK.match(line):
            in_track = True
            drafts.append(ChapterDraft(start_ms=-1, title=""))
            continue
        field = _FIELD.match(line)
        if field:
            value = field[2] if field[2] is not None else field[3]
            if in_track:
                if field[1].upper() == "TITLE":
                    drafts[-1].title = value
            else:
                album[field[1].upper()] = value
            continue
        index = _INDEX.match(line)
        if index and in_track and int(index[1]) == 1:
            minutes, seconds, frame = int(index[2]), int(index[3]), int(index[4])
            if seconds > 59 or frame >= FRAMES:
                raise ChapterError(f"{source}: line {line_number}: bad INDEX time {line!r}")
            total = Fraction((minutes * 60 + seconds) * FRAMES + frame, FRAMES) * 1000
            drafts[-1].start_ms = int(total + Fraction(1, 2))
    for number, draft in enumerate(drafts, 1):
        if draft.start_ms < 0:
            raise ChapterError(f"{source}: track {number} has no INDEX 01")
    return build(source, drafts, title=album.get("TITLE"), podcast=album.get("PERFORMER"))


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
    kind = "WAVE" if file_name.lower().endswith((".wav", ".aif", ".aiff", ".flac")) else "MP3"
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
