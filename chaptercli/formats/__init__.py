"""Chapter file formats: one module each, and the one registry that lists them.

A format module ends with `FORMAT: Reader = TwoWay(...)` (or `FORMAT: Writer =
ExportOnly(...)`), see `base`; registering it is one line in FORMATS. Everything
else comes from that list: the names `--to` and `--from` offer, the listings in
help and errors, the order content is tried in, and the formats the tests
cover. A module is imported only when its format is used. docs/formats.md
walks through adding one.
"""

from __future__ import annotations

import importlib
import itertools
from typing import TYPE_CHECKING, NamedTuple

from chaptercli.errors import ChapterError

if TYPE_CHECKING:
    from chaptercli.formats.base import Reader, Writer
    from chaptercli.model import Episode

# `base` (the protocols, the words of `carries`) is imported where a format is
# used: the command line imports this module as it starts, for the names alone.


class Registered(NamedTuple):
    """A format's line in the registry: what the command line needs to offer it
    without importing it, and where its FORMAT is."""

    name: str
    module: str
    readable: bool = True


# In the order content is tried when no format is named: most specific first.
FORMATS: list[Registered] = [
    Registered("ffmetadata", "chaptercli.formats.ffmetadata"),
    Registered("webvtt", "chaptercli.formats.webvtt"),
    Registered("podcast2", "chaptercli.formats.podcast2"),
    Registered("json", "chaptercli.formats.jsonfile"),
    Registered("psc", "chaptercli.formats.psc"),
    Registered("ogm", "chaptercli.formats.ogm"),
    Registered("cue", "chaptercli.formats.cue"),
    Registered("shownotes", "chaptercli.formats.shownotes"),
    Registered("yaml", "chaptercli.formats.chaptersyaml"),
    Registered("youtube", "chaptercli.formats.youtube"),
    Registered("markdown", "chaptercli.formats.markdown", readable=False),
]


def names() -> list[str]:
    """Every format, in the registry's order."""
    return [entry.name for entry in FORMATS]


def readable_names() -> list[str]:
    """The formats that can be imported, in the order content is tried."""
    return [entry.name for entry in FORMATS if entry.readable]


def writer(name: str) -> Writer:
    """The format called name, or an error listing the formats there are."""
    for entry in FORMATS:
        if entry.name == name:
            return _load(entry)
    raise ChapterError(f"unknown format {name!r}: choose one of {', '.join(names())}")


def reader(name: str) -> Reader:
    """The format called name, or an error saying it cannot be read."""
    from chaptercli.formats.base import Reader

    chosen = writer(name)
    if not isinstance(chosen, Reader):
        raise ChapterError(f"{name} can only be written, not read")
    return chosen


def _load(entry: Registered) -> Writer:
    from chaptercli.formats.base import Reader, Writer

    loaded = getattr(importlib.import_module(entry.module), "FORMAT", None)
    if not isinstance(loaded, Reader if entry.readable else Writer) or loaded.name != entry.name:
        kind = "Reader" if entry.readable else "Writer"
        raise TypeError(f"{entry.module}.FORMAT must be a {kind} named {entry.name!r}")
    return loaded


def detect(text: str, source: str) -> str:
    """The name of the format the text is in, or an error saying what was expected."""
    for name in readable_names():  # imported one by one: the first that fits ends it
        if reader(name).sniff(text):
            return name
    expected = "\n".join(f"  {name}: {reader(name).example}" for name in readable_names())
    raise ChapterError(
        f"{source}: cannot tell which chapter format this is; expected one of these "
        f"(or name it with --from):\n{expected}"
    )


def read(text: str, source: str, name: str | None = None) -> tuple[str, Episode]:
    """The episode in text, read as format `name` or as the format detected."""
    chosen = name or detect(text, source)
    return chosen, reader(chosen).read(text, source)


def write(episode: Episode, name: str) -> str:
    return writer(name).write(episode)


def dropped(episode: Episode, name: str) -> list[str]:
    """What the episode has that format `name` cannot carry, in words."""
    from chaptercli.formats.base import (
        BELOW_A_FRAME,
        BULLETS,
        ENDS,
        MILLISECONDS,
        PODCAST,
        SUMMARIES,
        TITLE,
        URL,
    )

    carries = writer(name).carries
    chapters = episode.chapters
    has = {
        TITLE: bool(episode.title),
        PODCAST: episode.podcast is not None,
        URL: episode.url is not None,
        SUMMARIES: any(c.summary for c in chapters),
        BULLETS: any(c.bullets for c in chapters),
        ENDS: _ends_not_implied(episode),
        MILLISECONDS: any(t % 1000 for t in _times(episode)),
        BELOW_A_FRAME: any((t * 75) % 1000 for t in _times(episode)),
    }
    lost = [what for what, present in has.items() if present and what not in carries]
    if MILLISECONDS in lost and BELOW_A_FRAME in lost:
        lost.remove(BELOW_A_FRAME)  # said already
    return lost


def _times(episode: Episode) -> list[int]:
    return [t for c in episode.chapters for t in (c.start_ms, c.end_ms) if t is not None]


def _ends_not_implied(episode: Episode) -> bool:
    """True when some end is not simply where the next chapter starts."""
    chapters = episode.chapters
    for chapter, following in itertools.pairwise(chapters):
        if chapter.end_ms != following.start_ms:
            return True
    return chapters[-1].end_ms is not None
