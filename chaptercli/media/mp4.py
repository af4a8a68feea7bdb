"""MP4/M4A/M4B/MOV chapters, which come in two kinds: the QuickTime chapter track
(a text track the audio's `tref chap` points to: what Apple players read, and
what ffprobe reports when there is one) and the Nero `chpl` atom (what many
Android apps read: mutagen reads it). Both are read, and a difference between
them is said. ffmpeg writes both, by stream copy."""

from __future__ import annotations

from typing import Any

from chaptercli.drafts import ChapterDraft
from chaptercli.media import probe, tools
from chaptercli.media.found import MediaChapters

ONE_KIND = "mp4-one-kind"
DISAGREE = "mp4-kinds-disagree"


def read(path: str) -> MediaChapters:
    mp4 = tools.mutagen("mp4", "MP4 chapters")
    try:
        audio = mp4.MP4(path)
    except mp4.MP4MetadataError as error:
        if "codec can't decode" not in str(error):
            raise
        return _probed_only(path)
    nero = [(round(c.start * 1000), c.title or "") for c in (audio.chapters or [])]
    track = _has_chapter_track(path)
    tags = audio.tags or {}
    length = audio.info.length
    podcast = _tag(tags, "\xa9alb") or _tag(tags, "\xa9ART")
    found = MediaChapters([], round(length * 1000) if length else None, _tag(tags, "\xa9nam"),
                          podcast)  # fmt: skip
    if track:
        probed = probe.probe(path, "reading an MP4's QuickTime chapter track")
        quicktime = [(c.start_ms, c.title) for c in probed.chapters]
        found.chapters = [ChapterDraft(start_ms=c.start_ms, end_ms=c.end_ms, title=c.title)
                          for c in probed.chapters]  # fmt: skip
        if probed.duration_ms:
            found.duration_ms = probed.duration_ms
        if nero and nero != quicktime:
            differ = _first_difference(quicktime, nero)
            said = (f"its QuickTime chapter track ({len(quicktime)} chapters) and its Nero chpl "
                    f"atom ({len(nero)}) disagree: {differ}")  # fmt: skip
            found.notes.append(f"{said}; the QuickTime track is read")
            found.problems.append((DISAGREE, f"{said}: Apple and Android players show different "
                                   "chapters; `chapters embed` writes both alike"))  # fmt: skip
    else:
        found.chapters = [ChapterDraft(start_ms=s, title=t) for s, t in nero]
    if bool(nero) != track:
        have, lack = ("a Nero chpl atom", "QuickTime chapter track (what Apple players read)")
        if track:
            have, lack = ("a QuickTime chapter track", "Nero chpl atom (what AntennaPod and "
                          "many Android apps read)")  # fmt: skip
        found.problems.append((ONE_KIND, f"it has {have} but no {lack}; `chapters embed` writes "
                               "both"))  # fmt: skip
    return found


def _probed_only(path: str) -> MediaChapters:
    """What ffprobe reads of an MP4 whose chpl atom mutagen refuses: ffmpeg cuts a
    chpl title at 255 bytes, inside a character if need be."""
    probed = probe.probe(path, "reading an MP4 whose chpl atom has a title cut short")
    found = MediaChapters(
        [ChapterDraft(start_ms=c.start_ms, end_ms=c.end_ms, title=c.title)
         for c in probed.chapters],
        probed.duration_ms, probed.tags.get("title"),
        probed.tags.get("album") or probed.tags.get("artist"),
    )  # fmt: skip
    found.notes.append("its Nero chpl atom has a title cut inside a character (ffmpeg cuts "
                       "them at 255 bytes): the chapters are read with ffprobe")  # fmt: skip
    return found


def _first_difference(quicktime: list[tuple[int, str]], nero: list[tuple[int, str]]) -> str:
    for number, (mine, theirs) in enumerate(zip(quicktime, nero, strict=False), 1):
        if mine != theirs:
            return (f"chapter {number} is {mine[1][:60]!r} at {mine[0]} ms in the track, "
                    f"{theirs[1][:60]!r} at {theirs[0]} ms in chpl")  # fmt: skip
    return "one has more chapters than the other"


def _tag(tags: Any, key: str) -> str | None:
    values = tags.get(key) or []
    return str(values[0]).strip() or None if values else None


def _has_chapter_track(path: str) -> bool:
    """Whether a track refers (`tref` of type `chap`) to a chapter track."""
    with open(path, "rb") as stream:
        atoms = tools.mutagen("mp4", "MP4 chapters").Atoms(stream)
        if b"moov" not in atoms:
            return False
        for trak in atoms[b"moov"].findall(b"trak"):
            for tref in trak.findall(b"tref"):
                ok, data = tref.read(stream)
                if ok and _refers_to_chapters(data):
                    return True
    return False


def _refers_to_chapters(data: bytes) -> bool:
    """Whether a `tref`'s children (each: size, type, track ids) hold a `chap`."""
    offset = 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        if data[offset + 4 : offset + 8] == b"chap":
            return True
        if size < 8:
            return False
        offset += size
    return False
