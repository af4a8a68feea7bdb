"""Chapter file formats, one module each, behind one small interface.

A format module has NAME, a one-line EXAMPLE, the episode details it CARRIES,
`write(episode) -> str` and, unless it is export-only, `read(text, source) ->
Episode` and `sniff(text) -> bool` (does this text look like the format?).
Modules are imported only when used.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from types import ModuleType
from typing import cast

from chaptercli.errors import ChapterError
from chaptercli.model import Episode

# In the order content is tried when no format is named: most specific first.
NAMES = (
    "ffmetadata",
    "webvtt",
    "podcast2",
    "json",
    "psc",
    "ogm",
    "cue",
    "shownotes",
    "yaml",
    "youtube",
    "markdown",
)
_MODULES = {"yaml": "chaptersyaml", "json": "jsonfile"}

# What an episode can hold beyond chapter starts and titles, in the words a
# warning uses; each format module's CARRIES is the part of it that it keeps.
PODCAST = "podcast name"
URL = "url"
SUMMARIES = "summaries"
BULLETS = "bullets"
ENDS = "end times"
MILLISECONDS = "fractions of a second"
BELOW_A_FRAME = "times finer than 1/75 s"
EVERYTHING = frozenset({PODCAST, URL, SUMMARIES, BULLETS, ENDS, MILLISECONDS, BELOW_A_FRAME})


def get(name: str) -> ModuleType:
    if name not in NAMES:
        raise ChapterError(f"unknown format {name!r}: choose one of {', '.join(NAMES)}")
    return importlib.import_module(f"chaptercli.formats.{_MODULES.get(name, name)}")


def readable() -> list[str]:
    return [name for name in NAMES if hasattr(get(name), "read")]


def detect(text: str, source: str) -> str:
    """The name of the format the text is in, or an error saying what was expected."""
    for name in readable():
        sniff = cast(Callable[[str], bool], get(name).sniff)
        if sniff(text):
            return name
    raise ChapterError(
        f"{source}: cannot tell which chapter format this is; expected one of these "
        "(or name it with --from):",
        [f"  {name}: {get(name).EXAMPLE}" for name in readable()],
    )


def read(text: str, source: str, name: str | None = None) -> tuple[str, Episode]:
    """The episode in text, read as format `name` or as the format detected."""
    chosen = name or detect(text, source)
    module = get(chosen)
    if not hasattr(module, "read"):
        raise ChapterError(f"{chosen} can only be written, not read")
    return chosen, cast(Callable[[str, str], Episode], module.read)(text, source)


def write(episode: Episode, name: str) -> str:
    return cast(Callable[[Episode], str], get(name).write)(episode)


def dropped(episode: Episode, name: str) -> list[str]:
    """What the episode has that format `name` cannot carry, in words."""
    carries = get(name).CARRIES
    chapters = episode.chapters
    has = {
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
