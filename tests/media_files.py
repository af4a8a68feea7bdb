"""Small real media files for the media tests, made once a session with ffmpeg (a
3-second 440 Hz sine, mono, at a low bitrate) in every container, with chapters
written by the other tools: ffmpeg's -map_chapters, mutagen and mkvmerge."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

FFMETADATA = """;FFMETADATA1
title=Ep Title
artist=Pod
album=Pod Album
[CHAPTER]
TIMEBASE=1/1000
START=0
END=1234
title=First
[CHAPTER]
TIMEBASE=1/1000
START=1234
END=3000
title=Second
"""

# Containers ffmpeg writes chapters into (FLAC it does not: mutagen writes those).
FFMPEG_CHAPTERED = ("mp3", "m4a", "m4b", "mkv", "webm", "opus")
NO_OFFSET = 0xFFFFFFFF


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args], check=True)


def tone(path: Path, *extra: str) -> Path:
    """A 3-second sine in path's container, with the extra output options."""
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", *extra, "-ac", "1",
           "-b:a", "32k", str(path))  # fmt: skip
    return path


def make_all(directory: Path) -> Path:
    assert shutil.which("ffmpeg") and shutil.which("mkvmerge"), (
        "ffmpeg and mkvtoolnix are needed: tests/install-system-deps.sh installs them"
    )
    meta = directory / "meta.txt"
    meta.write_text(FFMETADATA, encoding="utf-8")
    for ext in FFMPEG_CHAPTERED:
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-i", str(meta), "-map", "0",
               "-map_metadata", "1", "-map_chapters", "1", "-ac", "1", "-b:a", "32k",
               str(directory / f"ffmpeg.{ext}"))  # fmt: skip
    for ext in ("mp3", "m4a", "mkv", "webm", "opus", "flac", "ogg"):
        tone(directory / f"plain.{ext}", "-metadata", "artist=Pod")
    return directory


def probe_chapters(path: Path) -> list[tuple[int, int, str]]:
    """ffprobe's chapters: start and end in milliseconds, title."""
    done = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
                          check=True, capture_output=True)  # fmt: skip
    found = json.loads(done.stdout)["chapters"]
    return [(round(float(c["start_time"]) * 1000), round(float(c["end_time"]) * 1000),
             c.get("tags", {}).get("title", "")) for c in found]  # fmt: skip


def stream_hash(path: Path) -> str:
    """The md5 of every audio packet, as ffmpeg copies them: equal when untouched."""
    done = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a",
                           "-c", "copy", "-f", "streamhash", "-hash", "md5", "-"],
                          check=True, capture_output=True)  # fmt: skip
    return done.stdout.decode()


def chap(element_id: str, start: int, end: int, *subs: object) -> object:
    from mutagen.id3 import CHAP

    return CHAP(element_id=element_id, start_time=start, end_time=end, start_offset=NO_OFFSET,
                end_offset=NO_OFFSET, sub_frames=list(subs))  # fmt: skip
