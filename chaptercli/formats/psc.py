"""Podlove Simple Chapters 1.2 (XML), alone or inside a feed:

    <psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
      <psc:chapter start="00:00:00.000" title="Intro"/>
    </psc:chapters>

Read with defusedxml: no entity is expanded and nothing is fetched.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build
from chaptercli.formats.base import BELOW_A_FRAME, MILLISECONDS, Reader, TwoWay
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time

NAMESPACE = "http://podlove.org/simple-chapters"
_DECLARED_ENCODING = re.compile(r"""^(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
# Characters XML 1.0 does not allow at all, not even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    return head.startswith("<") and (NAMESPACE in head or "<psc:chapter" in head)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def read(text: str, source: str) -> Episode:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    # The text is decoded already: whatever encoding its declaration names, it is UTF-8 now.
    document = _DECLARED_ENCODING.sub(r"\1", text.lstrip("\ufeff"), count=1)
    try:
        root: Element = fromstring(document.encode("utf-8"))
    except DefusedXmlException as error:
        raise ChapterError(f"{source}: refused unsafe XML ({error})") from None
    except (ParseError, LookupError, ValueError) as error:
        raise ChapterError(f"{source}: not well-formed XML: {error}") from None
    drafts = []
    for number, element in enumerate((e for e in root.iter() if _local(e.tag) == "chapter"), 1):
        start, title = element.get("start"), element.get("title")
        if start is None:
            raise ChapterError(f"{source}: chapter {number}: missing 'start'")
        drafts.append(ChapterDraft(start_ms=parse_time(start), title=title or ""))
    drafts.sort(key=lambda draft: draft.start_ms)  # readers must sort, says the spec
    return build(source, drafts)


def write(episode: Episode) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<psc:chapters version="1.2" xmlns:psc="{NAMESPACE}">',
    ]
    for chapter in episode.chapters:
        text = _NOT_XML.sub("", chapter.title)
        title = quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
        lines.append(f'  <psc:chapter start="{format_fixed(chapter.start_ms)}" title={title}/>')
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
