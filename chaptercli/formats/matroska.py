"""Matroska XML chapters, as `mkvmerge --chapters` reads them and `mkvextract
chapters` writes them:

    <Chapters>
      <EditionEntry>
        <ChapterAtom>
          <ChapterTimeStart>00:00:00.000000000</ChapterTimeStart>
          <ChapterTimeEnd>00:04:01.000000000</ChapterTimeEnd>
          <ChapterDisplay><ChapterString>Intro</ChapterString></ChapterDisplay>
        </ChapterAtom>
      </EditionEntry>
    </Chapters>

Times are nanoseconds, rounded to milliseconds. `ChapterFlagHidden` (and a
chapter switched off with `ChapterFlagEnabled` 0, which players skip too)
makes a hidden chapter. Of several editions, the default one (else the first)
is read, and a note says so. Nested chapters are flattened in order: a parent
is kept up to where its first sub-chapter starts (left out when they start
together, with a note). The title is the first ChapterDisplay's. Read with
defusedxml: no entity is expanded and nothing is fetched; the walk is one pass
without recursion, linear at any depth.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build, count
from chaptercli.formats._xml import content, head_has, local, parse
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    ENDS,
    HIDDEN,
    MILLISECONDS,
    NOT_IT,
    SIGNED,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time

_ATOM = "ChapterAtom"


def sniff(text: str) -> int:
    return SIGNED if head_has(text, "<Chapters", "<EditionEntry") else NOT_IT


def _child(element: Element, name: str) -> Element | None:
    return next((child for child in element if local(child.tag) == name), None)


def _value(element: Element, name: str) -> str | None:
    found = _child(element, name)
    return None if found is None else (found.text or "").strip()


def _time(atom: Element, name: str, where: str) -> int | None:
    text = _value(atom, name)
    if text is None:
        return None
    hours, _, rest = text.partition(":")
    if not (hours.isascii() and hours.isdigit() and rest.count(":") == 1):
        raise ChapterError(f"{where}: bad {name} {text[:60]!r} (expected HH:MM:SS.nnnnnnnnn)")
    try:
        return parse_time(text)
    except TimeSyntaxError as error:
        raise ChapterError(f"{where}: {name}: {error.message}") from None


def _draft(atom: Element, where: str) -> ChapterDraft:
    start = _time(atom, "ChapterTimeStart", where)
    if start is None:
        raise ChapterError(f"{where}: missing ChapterTimeStart")
    display = _child(atom, "ChapterDisplay")
    title = _value(display, "ChapterString") if display is not None else None
    hidden = _value(atom, "ChapterFlagHidden") == "1" or _value(atom, "ChapterFlagEnabled") == "0"
    return ChapterDraft(start, title or "", _time(atom, "ChapterTimeEnd", where), hidden=hidden)


def _atoms(element: Element) -> list[Element]:
    return [child for child in element if local(child.tag) == _ATOM]


def _flattened(edition: Element, source: str) -> tuple[list[ChapterDraft], int]:
    """The edition's chapters in order, nested ones after their parent; and how
    many parents were left out for starting with their first sub-chapter."""
    drafts: list[ChapterDraft] = []
    left_out = 0
    stack = list(reversed(_atoms(edition)))
    while stack:
        atom = stack.pop()
        where = f"{source}: chapter {len(drafts) + left_out + 1}"
        draft = _draft(atom, where)
        nested = _atoms(atom)
        if nested:
            stack.extend(reversed(nested))
            first = _draft(nested[0], where + ", its first sub-chapter").start_ms
            if first <= draft.start_ms:
                left_out += 1
                continue
            draft.end_ms = first
        drafts.append(draft)
    return drafts, left_out


def read(text: str, source: str) -> Reading:
    root = parse(text, source)
    if local(root.tag) != "Chapters":
        raise ChapterError(f"{source}: expected Matroska chapters: <Chapters><EditionEntry>…")
    editions = [child for child in root if local(child.tag) == "EditionEntry"]
    if not editions:
        raise ChapterError(f"{source}: no chapters found: no EditionEntry in <Chapters>")
    default = [e for e in editions if _value(e, "EditionFlagDefault") == "1"]
    edition = (default or editions)[0]
    drafts, left_out = _flattened(edition, source)
    drafts.sort(key=lambda draft: draft.start_ms)
    notes = []
    if len(editions) > 1:
        which = "default" if default else "first"
        notes.append(f"the file has {len(editions)} editions: read the {which}")
    if left_out:
        notes.append(
            f"left out {count(left_out, 'chapter')} that start together with their first "
            "sub-chapter (nested chapters are read flat)"
        )
    return Reading(build(source, drafts), tuple(notes))


def _clock(ms: int) -> str:
    return format_fixed(ms) + "000000"


def write(episode: Episode) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "",
        '<!-- <!DOCTYPE Chapters SYSTEM "matroskachapters.dtd"> -->',
        "",
        "<Chapters>",
        "  <EditionEntry>",
        "    <EditionFlagDefault>1</EditionFlagDefault>",
    ]
    for chapter in episode.chapters:
        lines += [
            "    <ChapterAtom>",
            f"      <ChapterTimeStart>{_clock(chapter.start_ms)}</ChapterTimeStart>",
        ]
        if chapter.end_ms is not None:
            lines.append(f"      <ChapterTimeEnd>{_clock(chapter.end_ms)}</ChapterTimeEnd>")
        if chapter.hidden:
            lines.append("      <ChapterFlagHidden>1</ChapterFlagHidden>")
        lines += [
            "      <ChapterDisplay>",
            f"        <ChapterString>{content(chapter.title)}</ChapterString>",
            "        <ChapterLanguage>und</ChapterLanguage>",
            "      </ChapterDisplay>",
            "    </ChapterAtom>",
        ]
    lines += ["  </EditionEntry>", "</Chapters>"]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="matroska",
    example="<Chapters><EditionEntry><ChapterAtom><ChapterTimeStart>00:00:00.000000000…",
    carries=frozenset({ENDS, MILLISECONDS, BELOW_A_FRAME, HIDDEN}),
    write=write,
    read=read,
    sniff=sniff,
)
