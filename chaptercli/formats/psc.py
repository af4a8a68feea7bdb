"""Podlove Simple Chapters 1.2 (XML), alone or inside a feed:

    <psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
      <psc:chapter start="00:00:00.000" title="Intro"/>
    </psc:chapters>

A chapter's `href` and `image` are its link and picture. Read with
defusedxml: no entity is expanded and nothing is fetched. A feed (RSS `item`s
or Atom `entry`s) holds one episode's chapters an item: the first item with
chapters is read, as its own episode (its title and link, the feed's title as
the podcast), and a note says how many others there were.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build
from chaptercli.formats._xml import attribute, head_has, local, parse
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    CHAPTER_IMAGES,
    CHAPTER_URLS,
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
_EPISODES = ("item", "entry")  # RSS and Atom


def sniff(text: str) -> int:
    if head_has(text, NAMESPACE):
        return SIGNED
    return DISTINCT if head_has(text, "<psc:chapter") else NOT_IT


def _child_text(element: Element, name: str) -> str | None:
    found = next((child for child in element if local(child.tag) == name), None)
    return (found.text or "").strip() or None if found is not None else None


def _link(item: Element) -> str | None:
    """The episode's web page: RSS `<link>url</link>`, Atom `<link href=…/>`."""
    for child in item:
        if local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
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
        name = local(element.tag)
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
    root = parse(text, source)
    groups = _groups(root)
    if not groups:
        raise ChapterError(f"{source}: no chapters found: no item of the feed has psc:chapters")
    item, elements = groups[0]
    drafts = []
    for number, element in enumerate(elements, 1):
        start, title = element.get("start"), element.get("title")
        if start is None:
            raise ChapterError(f"{source}: chapter {number}: missing 'start'")
        drafts.append(
            ChapterDraft(
                start_ms=parse_time(start),
                title=title or "",
                url=element.get("href") or None,
                image=element.get("image") or None,
            )
        )
    drafts.sort(key=lambda draft: draft.start_ms)  # readers must sort, says the spec
    if item is None:
        return Reading(build(source, drafts))
    channel = next((e for e in root.iter() if local(e.tag) in ("channel", "feed")), None)
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
        start = format_fixed(chapter.start_ms)
        links = "".join(
            f" {key}={attribute(value)}"
            for key, value in (("href", chapter.url), ("image", chapter.image))
            if value is not None
        )
        lines.append(f'  <psc:chapter start="{start}" title={attribute(chapter.title)}{links}/>')
    lines.append("</psc:chapters>")
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="psc",
    example='<psc:chapters version="1.2" …><psc:chapter start="00:00:00.000" title="Intro"/>',
    carries=frozenset({MILLISECONDS, BELOW_A_FRAME, CHAPTER_URLS, CHAPTER_IMAGES}),
    write=write,
    read=read,
    sniff=sniff,
)
