"""An RSS 2.0 or Atom feed, read into its podcast title and items.

Parsed with defusedxml (no entity expanded, nothing fetched), in the encoding
the feed declares (a byte-order mark, else the XML declaration, else UTF-8).
Links are resolved against the feed's URL (or, for a local file, the feed's
own `atom:link rel="self"`); each item keeps what its episode is made of.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, tostring

from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.feeds.notes import html_text
from chaptercli.times import parse_time

PODCAST = "https://podcastindex.org/namespace/1.0"
# The namespace's URL changed once; feeds carry either.
PODCAST_NAMESPACES = (
    PODCAST,
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)
PSC = "http://podlove.org/simple-chapters"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"

# Prefixes feeds use without declaring them (gPodder's podcastparser keeps test feeds
# that do): declared for them when the parser finds an unbound prefix.
_KNOWN_PREFIXES = {"podcast": PODCAST, "itunes": ITUNES, "psc": PSC, "content": CONTENT,
                   "atom": ATOM}  # fmt: skip
_ROOT_TAG = re.compile(r"<(?:rss|feed)\b[^>]{0,10000}")
_DECLARATION = re.compile(rb"""^<\?xml[^>]{0,200}?\?>""")
_ENCODING = re.compile(rb"""\s+encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


@dataclass(frozen=True)
class Link:
    """A file an item links to: a chapters file or a transcript."""

    url: str
    type: str = ""
    language: str = ""


@dataclass(frozen=True)
class Item:
    """One item of the feed, as found: what its episode is made of."""

    key: str  # what identifies it across fetches: its guid, else enclosure, link or title
    title: str
    url: str | None  # the enclosure (the media file)
    duration_ms: int | None
    chapters: Link | None  # podcast:chapters
    psc: str | None  # its psc:chapters element, as XML, for the psc reader
    notes: str  # the show notes as text, HTML stripped
    transcripts: tuple[Link, ...]
    problems: tuple[str, ...] = ()  # links refused (file:, relative with nothing to resolve)


@dataclass(frozen=True)
class Feed:
    title: str
    items: tuple[Item, ...]


def decode(raw: bytes, source: str) -> str:
    """The feed's text, in the encoding it declares."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            encoding = codec
            break
    else:
        declaration = _DECLARATION.match(raw)
        found = _ENCODING.search(declaration.group(0)) if declaration else None
        encoding = found.group(1).decode("ascii") if found else "utf-8"
    try:
        return raw.decode(encoding)
    except LookupError:
        raise ChapterError(f"{source}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        raise ChapterError(
            f"{source}: not {encoding} text: byte 0x{raw[error.start]:02x} at offset {error.start}"
        ) from None
    except UnicodeError:  # a codec that is no text encoding ('undefined', 'punycode')
        raise ChapterError(f"{source}: {encoding!r} is not a text encoding") from None


def _root(raw: bytes, source: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    text = decode(raw, source).lstrip("\ufeff")
    # Decoded already: the declaration must not make the parser decode it again.
    text = re.sub(r"^<\?xml[^>]{0,200}?\?>", "", text, count=1)
    try:
        try:
            root: Element = fromstring(text.encode("utf-8"))
        except ParseError as error:
            if "unbound prefix" not in str(error) or (declared := _declared(text)) == text:
                raise
            root = fromstring(declared.encode("utf-8"))
    except DefusedXmlException as error:
        raise ChapterError(f"{source}: refused unsafe XML ({error})") from None
    except (ParseError, ValueError) as error:
        raise ChapterError(f"{source}: not well-formed XML: {error}") from None
    return root


def _declared(text: str) -> str:
    """The text with the usual feed prefixes declared on its root, where they are not."""
    found = _ROOT_TAG.search(text)
    if found is None:
        return text
    tag = found.group(0)
    missing = "".join(f' xmlns:{prefix}="{space}"' for prefix, space in _KNOWN_PREFIXES.items()
                      if f"xmlns:{prefix}=" not in tag)  # fmt: skip
    return text[: found.end()] + missing + text[found.end() :]


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _space(tag: object) -> str:
    text = str(tag)
    return text[1:].split("}", 1)[0] if text.startswith("{") else ""


def _children(element: Element, name: str, spaces: tuple[str, ...] = ("",)) -> list[Element]:
    return [c for c in element if _local(c.tag) == name and _space(c.tag) in spaces]


def _text(element: Element, name: str, spaces: tuple[str, ...] = ("",)) -> str:
    found = _children(element, name, spaces)
    return "".join(found[0].itertext()).strip() if found else ""


def parse_feed(raw: bytes, source: str, base: str | None) -> Feed:
    """The feed's title and items; base is the URL relative links are resolved
    against (None for a local file: its own `atom:link rel="self"`, if any)."""
    root = _root(raw, source)
    if _local(root.tag) == "feed" and _space(root.tag) == ATOM:
        channel, item_name, spaces = root, "entry", (ATOM,)
    else:
        channels = _children(root, "channel")
        if _local(root.tag) != "rss" or not channels:
            raise ChapterError(f"{source}: not an RSS or Atom feed (its root is "
                               f"<{_local(root.tag)[:40]}>)")  # fmt: skip
        channel, item_name, spaces = channels[0], "item", ("",)
    base = base or _self_link(channel)
    title = _text(channel, "title", spaces)
    items = tuple(_item(element, base, spaces) for element in _children(channel, item_name, spaces))
    return Feed(title=title, items=items)


def _self_link(channel: Element) -> str | None:
    for link in _children(channel, "link", (ATOM,)):
        if link.get("rel") == "self" and link.get("href"):
            return link.get("href")
    return None


class _Links:
    """Resolves an item's links against the feed's URL, keeping those refused."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.problems: list[str] = []

    def resolve(self, href: str | None, what: str) -> str | None:
        from chaptercli.feeds.client import FetchError, check_scheme

        href = (href or "").strip()
        if not href:
            return None
        url = urljoin(self.base, href) if self.base else href
        try:
            check_scheme(url)
        except FetchError as error:
            self.problems.append(f"its {what} link {error.message}")
            return None
        return url


def _item(element: Element, base: str | None, spaces: tuple[str, ...]) -> Item:
    links = _Links(base)
    atom = spaces == (ATOM,)
    enclosure = _enclosure(element, atom)
    title = _text(element, "title", spaces)
    guid = _text(element, "id" if atom else "guid", spaces)
    page = _page(element, atom)
    chapters = next(
        (
            Link(url, child.get("type", ""))
            for child in _children(element, "chapters", PODCAST_NAMESPACES)
            if (url := links.resolve(child.get("url"), "podcast:chapters"))
        ),
        None,
    )
    transcripts = tuple(
        Link(url, child.get("type", ""), child.get("language", ""))
        for child in _children(element, "transcript", PODCAST_NAMESPACES)
        if (url := links.resolve(child.get("url"), "podcast:transcript"))
    )
    psc = next(iter(_children(element, "chapters", (PSC,))), None)
    return Item(
        key=guid or enclosure or page or title,
        title=title,
        url=links.resolve(enclosure, "enclosure"),
        duration_ms=_duration(_text(element, "duration", (ITUNES,))),
        chapters=chapters,
        psc=tostring(psc, encoding="unicode") if psc is not None else None,
        notes=_notes(element, atom),
        transcripts=transcripts,
        problems=tuple(links.problems),
    )


def _enclosure(element: Element, atom: bool) -> str:
    if atom:
        found = [c for c in _children(element, "link", (ATOM,)) if c.get("rel") == "enclosure"]
    else:
        found = _children(element, "enclosure")
    return (found[0].get("href" if atom else "url") or "").strip() if found else ""


def _page(element: Element, atom: bool) -> str:
    if atom:
        pages = [
            c
            for c in _children(element, "link", (ATOM,))
            if c.get("rel", "alternate") == "alternate"
        ]
        return (pages[0].get("href") or "").strip() if pages else ""
    return _text(element, "link")


def _notes(element: Element, atom: bool) -> str:
    """The show notes: the fullest text the item has, as plain text."""
    if atom:
        choices = [_text(element, "content", (ATOM,)), _text(element, "encoded", (CONTENT,)),
                   _text(element, "summary", (ATOM,))]  # fmt: skip
    else:
        choices = [_text(element, "encoded", (CONTENT,)), _text(element, "description")]
    choices.append(_text(element, "summary", (ITUNES,)))
    return html_text(next((text for text in choices if text), ""))


def _duration(text: str) -> int | None:
    """`itunes:duration` in any of its forms: seconds, MM:SS, H:MM:SS."""
    if not text:
        return None
    try:
        return parse_time(text)
    except TimeSyntaxError:
        return None  # a duration that cannot be read is left out, not the episode
