"""What the XML chapter formats (psc, matroska) share: safe parsing of
untrusted XML, and text escaped so that it reads back exactly and no byte of
it drives a terminal."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from chaptercli.errors import ChapterError
from chaptercli.formats._common import Escapes

# The declaration is short; its encoding pseudo-attribute is looked for there only.
_DECLARATION_CHARS = 200
_ENCODING = re.compile(r"""\s+encoding\s*=\s*["'][^"']{0,40}["']""")
# Characters XML 1.0 does not allow at all, not even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REFS = Escapes(lambda code: f"&#x{code:X};")
# Line ends and tabs as references: a parser would otherwise normalise them.
_WHITESPACE = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


_SNIFFED_CHARS = 4096


def head_has(text: str, *markers: str) -> bool:
    """True when the text's start is XML holding every marker (element names, a
    namespace): a sniffer's look, at the first few kilobytes only."""
    head = text[:_SNIFFED_CHARS].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and all(marker in head for marker in markers)


def local(tag: object) -> str:
    """An element's name without its namespace."""
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


def parse(text: str, source: str) -> Element:
    """The document's root, read with defusedxml: no entity is expanded and
    nothing is fetched; else an error naming the file."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(_without_encoding(text.lstrip("\ufeff")).encode("utf-8"))
    except DefusedXmlException as error:
        raise ChapterError(f"{source}: refused unsafe XML ({error})") from None
    except (ParseError, LookupError, ValueError) as error:
        raise ChapterError(f"{source}: not well-formed XML: {error}") from None
    return root


def attribute(text: str) -> str:
    """text as a quoted attribute value (characters XML cannot hold are dropped)."""
    return quoteattr(_NOT_XML.sub("", text), _WHITESPACE).translate(_CHAR_REFS)


def content(text: str) -> str:
    """text as an element's content (characters XML cannot hold are dropped)."""
    return escape(_NOT_XML.sub("", text), _WHITESPACE).translate(_CHAR_REFS)
