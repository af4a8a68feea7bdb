"""Podlove Simple Chapters 1.2 (XML), alone or inside a feed:

    <psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
      <psc:chapter start="00:00:00.000" title="Intro"/>
    </psc:chapters>

Read with defusedxml: no entity is expanded and nothing is fetched. A feed
(RSS `item`s or Atom `entry`s) holds one episode's chapters an item: the first
item with chapters is read, as its own episode (its title and link, the feed's
title as the podcast), and a note says how many others there were.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import Escapes, build
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    DISTINCT,
    MILLISECONDS,
    NOT_IT,
    SIGNED,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time

NAMESPACE = "http://podlove.org/simple-chapters"
_SNIFFED_CHARS = 4096
# The declaration is short; its encoding pseudo-attribute is looked for there only.
_DECLARATION_CHARS = 200
_ENCODING = re.compile(r"""\s+encoding\s*=\s*["'][^"']{0,40}["']""")
# Characters XML 1.0 does not allow at all, not even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REFS = Escapes(lambda code: f"&#x{code:X};")
_EPISODES = ("item", "entry")  # RSS and Atom


def sniff(text: str) -> int:
    head = text[:_SNIFFED_CHARS].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return NOT_IT
    return SIGNED if NAMESPACE in head else DISTINCT if "<psc:chapter" in head else NOT_IT


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _without_encoding(text: str) -> str:
    """The text is decoded already: whatever encoding its declaration names, it is
    UTF-8 when handed to the parser."""
    if not text.startswith("<?xml"):
        return text
    end = text.find("?>", 0, _DECLARATION_CHARS)
    if end < 0:
        return text
    return _ENCODING.sub("", text[:end], count=1) + text[end:]


def _parse(text: str, source: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(_without_encoding(text.lstrip("\ufeff")).encode("utf-8"))
    except DefusedXmlException as error:
        raise ChapterError(f"{source}: refused unsafe XML ({error})") from None
    except (ParseError, LookupError, ValueError) as error:
        raise ChapterError(f"{source}: not well-formed XML: {error}") from None
    return root


def _child_text(element: Element, name: str) -> str | None:
    found = next((child for child in element if _local(child.tag) == name), None)
    return (found.text or "").strip() or None if found is not None else None


def _link(item: Element) -> str | None:
    """The episode's web page: RSS `<link>url</link>`, Atom `<link href=…/>`."""
    for child in item:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            url = (child.get("href") or child.text or "").strip()
            if url.startswith(("http://", "https://")):
                return url
    return None


def _groups(root: Element) -> list[tuple[Element | None, list[Element]]]:
    """Each episode's chapter elements: one group an item with chapters, or one for
    a document that is not a feed. One walk, without recursion: linear at any depth."""
    chapters: dict[Element | None, list[Element]] = {None: []}
    stack: list[tuple[Element, Element | None]] = [(root, None)]
    while stack:
        element, item = stack.pop()
        name = _local(element.tag)
        if item is None and name in _EPISODES:
            item = element
            chapters[item] = []
        elif name == "chapter":
            chapters[item].append(element)
        stack.extend((child, item) for child in reversed(element))
    if len(chapters) == 1:
        return [(None, chapters[None])]
    return [(item, found) for item, found in chapters.items() if item is not None and found]


def read(text: str, source: str) -> Reading:
    root = _parse(text, source)
    groups = _groups(root)
    if not groups:
        raise ChapterError(f"{source}: no chapters found: no item of the feed has psc:chapters")
    item, elements = groups[0]
    drafts = []
    for number, element in enumerate(elements, 1):
        start, title = element.get("start"), element.get("title")
        if start is None:
            raise ChapterError(f"{source}: chapter {number}: missing 'start'")
        drafts.append(ChapterDraft(start_ms=parse_time(start), title=title or ""))
    drafts.sort(key=lambda draft: draft.start_ms)  # readers must sort, says the spec
    if item is None:
        return Reading(build(source, drafts))
    channel = next((e for e in root.iter() if _local(e.tag) in ("channel", "feed")), None)
    title = _child_text(item, "title")
    notes = []
    if len(groups) > 1:
        named = f" ({title[:60]!r})" if title else ""
        notes.append(
            f"the feed has {len(groups)} episodes with chapters: read the first{named}; "
            "to read another, save its psc:chapters on their own"
        )
    podcast = _child_text(channel, "title") if channel is not None else None
    return Reading(build(source, drafts, title, podcast, _link(item)), tuple(notes))


def write(episode: Episode) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<psc:chapters version="1.2" xmlns:psc="{NAMESPACE}">',
    ]
    for chapter in episode.chapters:
        text = _NOT_XML.sub("", chapter.title)
        title = quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
        start = format_fixed(chapter.start_ms)
        lines.append(f'  <psc:chapter start="{start}" title={title.translate(_CHAR_REFS)}/>')
    lines.append("</psc:chapters>")
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="psc",
    example='<psc:chapters version="1.2" …><psc:chapter start="00:00:00.000" title="Intro"/>',
    carries=frozenset({MILLISECONDS, BELOW_A_FRAME}),
    write=write,
    read=read,
    sniff=sniff,
)
