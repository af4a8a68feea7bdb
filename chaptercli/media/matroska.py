"""Matroska/WebM chapters: read from `mkvextract`'s chapter XML when mkvtoolnix is
installed (editions, nested and hidden chapters, as stored), else from ffprobe
(which shows the first edition's top-level chapters only); written with
`mkvpropedit --chapters`, in place on a copy."""

from __future__ import annotations

import os
import tempfile
from typing import Any
from xml.sax.saxutils import escape

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.media import probe, tools
from chaptercli.media.found import MediaChapters
from chaptercli.model import Episode

MAX_ATOMS = 100_000  # chapters taken from one file at most


def read(path: str) -> MediaChapters:
    probed = probe.probe(path, "reading Matroska chapters")
    tags = probed.tags
    found = MediaChapters([], probed.duration_ms, tags.get("title"),
                          tags.get("album") or tags.get("artist"))  # fmt: skip
    if tools.have("mkvextract"):
        extract = tools.find("mkvextract", "reading Matroska chapters")
        xml = tools.run([extract, probe.plain(path), "chapters", "-"], path,
                        "reading its chapters with mkvextract")  # fmt: skip
        if xml.strip():
            found.chapters = _from_xml(xml, path, found.notes)
            return found
    found.chapters = [ChapterDraft(start_ms=c.start_ms, end_ms=c.end_ms, title=c.title)
                      for c in probed.chapters]  # fmt: skip
    return found


def _from_xml(xml: bytes, path: str, notes: list[str]) -> list[ChapterDraft | None]:
    """The default edition's chapters (the first edition's, when none is marked
    default), nested ones in place after their parent."""
    import defusedxml.ElementTree as SafeTree

    try:
        root = SafeTree.fromstring(xml)
    except Exception as error:  # defusedxml's refusals and expat's errors alike
        raise ChapterError(f"{path}: its chapters cannot be read: {error}") from None
    editions = root.findall("EditionEntry")
    if not editions:
        return []
    chosen = next((e for e in editions if (e.findtext("EditionFlagDefault") or "").strip() == "1"),
                  editions[0])  # fmt: skip
    if len(editions) > 1:
        which = "first" if chosen is editions[0] else "default"
        notes.append(f"it has {len(editions)} chapter editions: the {which} one is read")
    drafts: list[ChapterDraft | None] = []
    pending = list(reversed(chosen.findall("ChapterAtom")))
    while pending and len(drafts) < MAX_ATOMS:
        atom = pending.pop()
        drafts.append(_draft(atom, path))
        pending += reversed(atom.findall("ChapterAtom"))
    return drafts


def _draft(atom: Any, path: str) -> ChapterDraft:
    end = atom.findtext("ChapterTimeEnd")
    return ChapterDraft(
        start_ms=_ms(atom.findtext("ChapterTimeStart") or "", path),
        end_ms=_ms(end, path) if end else None,
        title=(atom.findtext("ChapterDisplay/ChapterString") or "").strip(),
        hidden=(atom.findtext("ChapterFlagHidden") or "0").strip() == "1",
    )


def _ms(text: str, path: str) -> int:
    """`HH:MM:SS.nnnnnnnnn` to milliseconds, rounded."""
    try:
        hours, minutes, seconds = text.strip().split(":")
        nanoseconds = (int(hours) * 3600 + int(minutes) * 60) * 10**9 + round(
            float(seconds) * 10**9
        )
    except ValueError:
        raise ChapterError(f"{path}: a chapter time {text[:40]!r} that is not a time") from None
    return (nanoseconds + 500_000) // 1_000_000


def _clock(ms: int) -> str:
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}.{milli:03d}000000"


def chapters_xml(episode: Episode) -> str:
    """The episode as Matroska chapter XML, as `mkvmerge --chapters` reads it."""
    atoms = []
    for chapter in episode.chapters:
        end = "" if chapter.end_ms is None else (
            f"<ChapterTimeEnd>{_clock(chapter.end_ms)}</ChapterTimeEnd>")  # fmt: skip
        atoms.append(
            f"<ChapterAtom><ChapterUID>{chapter.number}</ChapterUID>"
            f"<ChapterTimeStart>{_clock(chapter.start_ms)}</ChapterTimeStart>{end}"
            f"<ChapterFlagHidden>{int(chapter.hidden)}</ChapterFlagHidden>"
            f"<ChapterDisplay><ChapterString>{escape(_xml_safe(chapter.title))}</ChapterString>"
            "<ChapterLanguage>und</ChapterLanguage></ChapterDisplay></ChapterAtom>"
        )
    edition = f"<EditionFlagDefault>1</EditionFlagDefault>{''.join(atoms)}"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Chapters><EditionEntry>{edition}' + (
        "</EditionEntry></Chapters>\n"
    )


def _xml_safe(text: str) -> str:
    """Without the characters XML 1.0 cannot hold at all (most C0 controls)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def write(path: str, episode: Episode) -> None:
    """The episode's chapters into the Matroska file at path (a copy: it is changed
    in place), replacing its chapters."""
    propedit = tools.find("mkvpropedit", "chapters embed into Matroska")
    fd, xml_path = tempfile.mkstemp(suffix=".xml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(chapters_xml(episode))
        tools.run([propedit, probe.plain(path), "--chapters", xml_path], path,
                  "writing its chapters with mkvpropedit")  # fmt: skip
    finally:
        os.unlink(xml_path)
