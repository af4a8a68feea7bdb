"""Which media container a file is, from its first bytes: never from its name.
Imports nothing heavy, since every chapters file read passes through here."""

from __future__ import annotations

MP3 = "mp3"
MP4 = "mp4"
MATROSKA = "matroska"
OGG = "ogg"
FLAC = "flac"

# In words, for messages.
NAMES = {MP3: "MP3", MP4: "MP4", MATROSKA: "Matroska", OGG: "Ogg", FLAC: "FLAC"}

# What a directory walk picks up as media beside *.yaml (what it is, the reading
# finds out from the bytes).
SUFFIXES = (
    ".mp3", ".m4a", ".m4b", ".mp4", ".m4v", ".mov",
    ".mkv", ".mka", ".webm", ".opus", ".ogg", ".oga", ".flac",
)  # fmt: skip

HEAD_BYTES = 12  # as many as `kind_of` needs


def kind_of(head: bytes) -> str | None:
    """The container whose signature the bytes start with, or None."""
    if head.startswith(b"ID3") or _mpeg_frame(head):
        return MP3
    if head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return MATROSKA
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"fLaC"):
        return FLAC
    return None


def _mpeg_frame(head: bytes) -> bool:
    """An MPEG audio frame header of layer III or II with a valid bitrate and rate:
    eleven sync bits, then no reserved version, bitrate or sample rate. (Not layer
    I, which nobody uses for podcasts: its first bytes may be UTF-16's FF FE.)"""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer in (1, 2) and bitrate not in (0, 15) and rate != 3


# How a media file without chapters is refused: named when it was asked for, passed
# over (and counted) when a directory walk came upon it.
NO_CHAPTERS = "file has no chapters"
