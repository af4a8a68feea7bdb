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
from typing import TYPE_CHECKING, NamedTuple, cast

from chaptercli.errors import ChapterError, TimeSyntaxError

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
    aliases: tuple[str, ...] = ()  # other names people use for it, in lower case
    writable: bool = True


class Imported(NamedTuple):
    """What `read` found: the format's name, the episode, and the reader's notes
    on what it left out (lines skipped, other episodes of a feed)."""

    name: str
    episode: Episode
    notes: tuple[str, ...] = ()


# In the order content is tried when no format is named, most specific first:
# detection takes the format surest of the text, and a tie goes to the earlier.
FORMATS: list[Registered] = [
    Registered("ffmetadata", "chaptercli.formats.ffmetadata", aliases=("ffmeta", "ffmpeg")),
    Registered("webvtt", "chaptercli.formats.webvtt", aliases=("vtt",)),
    Registered("podcast2", "chaptercli.formats.podcast2", aliases=("chapters.json", "pc20")),
    Registered(
        "ytdlp", "chaptercli.formats.ytdlp", aliases=("yt-dlp", "info.json"), writable=False
    ),
    Registered("ffprobe", "chaptercli.formats.ffprobe", writable=False),
    Registered("apple-hls", "chaptercli.formats.applehls", aliases=("hls", "applehls")),
    Registered("podlove-json", "chaptercli.formats.podlovejson", aliases=("podlovejson",)),
    Registered("json", "chaptercli.formats.jsonfile"),
    Registered("psc", "chaptercli.formats.psc", aliases=("podlove", "simple-chapters")),
    Registered(
        "matroska", "chaptercli.formats.matroska", aliases=("mkv", "mkvmerge", "matroska-xml")
    ),
    Registered(
        "apple-chapters",
        "chaptercli.formats.applechapters",
        aliases=("applechapters", "apple-xml", "apple-textstream"),
    ),
    Registered(
        "vorbiscomment", "chaptercli.formats.vorbiscomment", aliases=("vorbis", "vorbis-comments")
    ),
    Registered("ogm", "chaptercli.formats.ogm", aliases=("mkvmerge-simple",)),
    Registered(
        "pyscenedetect",
        "chaptercli.formats.pyscenedetect",
        aliases=("scenedetect",),
        writable=False,
    ),
    Registered("cue", "chaptercli.formats.cue", aliases=("cuesheet",)),
    Registered("audacity", "chaptercli.formats.audacity", aliases=("labels", "audacity-labels")),
    Registered("mp4chaps", "chaptercli.formats.mp4chaps", aliases=("chapters.txt", "mp4v2")),
    Registered("shownotes", "chaptercli.formats.shownotes", aliases=("notes",)),
    Registered("yaml", "chaptercli.formats.chaptersyaml", aliases=("yml", "chaptercli")),
    Registered("youtube", "chaptercli.formats.youtube", aliases=("description", "yt")),
    Registered("markdown", "chaptercli.formats.markdown", readable=False, aliases=("md",)),
]


def names() -> list[str]:
    """Every format, in the registry's order."""
    return [entry.name for entry in FORMATS]


def readable_names() -> list[str]:
    """The formats that can be imported, in the order content is tried."""
    return [entry.name for entry in FORMATS if entry.readable]


def writable_names() -> list[str]:
    """The formats that can be exported."""
    return [entry.name for entry in FORMATS if entry.writable]


def resolve(name: str, readable: bool = False) -> str:
    """The registered name a person meant: any case, or an alias (`VTT`, `ffmeta`,
    `chapters.json`), of a format that can be read (readable) or written (else);
    otherwise an error listing those formats, with the closest guess."""
    wanted = name.strip().lower()
    for entry in FORMATS:
        if wanted == entry.name or wanted in entry.aliases:
            if readable and not entry.readable:
                raise ChapterError(f"{entry.name} can only be written, not read")
            if not readable and not entry.writable:
                raise ChapterError(f"{entry.name} can only be read, not written")
            return entry.name
    offered = readable_names() if readable else writable_names()
    known = {alias: entry.name for entry in FORMATS for alias in (entry.name, *entry.aliases)
             if entry.name in offered}  # fmt: skip
    import difflib

    close = difflib.get_close_matches(wanted, known, n=1)
    guess = f" (did you mean {known[close[0]]}?)" if close else ""
    raise ChapterError(f"unknown format {name!r}{guess}: choose one of {', '.join(offered)}")


def writer(name: str) -> Writer:
    """The format called name (as `resolve` reads it), or an error listing the
    formats that can be written."""
    from chaptercli.formats.base import Writer

    loaded = _load(resolve(name))
    assert isinstance(loaded, Writer)  # noqa: S101 - _load checked it
    return loaded


def reader(name: str) -> Reader:
    """The format called name, or an error listing the formats that can be read."""
    from chaptercli.formats.base import Reader

    loaded = _load(resolve(name, readable=True))
    assert isinstance(loaded, Reader)  # noqa: S101 - _load checked it
    return loaded


def _load(name: str) -> Reader | Writer:
    from chaptercli.formats.base import Reader, Writer

    entry = next(entry for entry in FORMATS if entry.name == name)
    loaded = getattr(importlib.import_module(entry.module), "FORMAT", None)
    kinds = [kind for kind, wanted in ((Reader, entry.readable), (Writer, entry.writable))
             if wanted]  # fmt: skip
    if (
        not all(isinstance(loaded, kind) for kind in kinds)
        or getattr(loaded, "name", None) != entry.name
    ):
        kind = " and ".join(kind.__name__ for kind in kinds)
        raise TypeError(f"{entry.module}.FORMAT must be a {kind} named {entry.name!r}")
    return cast("Reader | Writer", loaded)


def scores(text: str) -> list[tuple[int, str]]:
    """How sure each readable format is that text is in it, surest first (a tie
    in the registry's order)."""
    sniffed = [(reader(name).sniff(text), name) for name in readable_names()]
    order = {name: index for index, name in enumerate(readable_names())}
    return sorted(sniffed, key=lambda scored: (-scored[0], order[scored[1]]))


def detect(text: str, source: str) -> str:
    """The name of the format surest of the text, or an error saying what was expected."""
    score, name = scores(text)[0]
    if score > 0:
        return name
    raise ChapterError(
        f"{source}: cannot tell which chapter format this is; expected one of these "
        "(or name it with --from):",
        [f"  {name}: {reader(name).example}" for name in readable_names()],
    )


def read(text: str, source: str, name: str | None = None) -> Imported:
    """The episode in text, read as format `name` or as the format detected, with
    the reader's notes. When the named format cannot read it and another format
    fits the text better, the error says which."""
    chosen = resolve(name, readable=True) if name else detect(text, source)
    try:
        episode, notes = reader(chosen).read(text, source)
    except TimeSyntaxError as error:  # a reader's time, refused: say which file
        raise _with_hint(ChapterError(f"{source}: {error.message}"), text, chosen) from None
    except ChapterError as error:
        raise _with_hint(error, text, chosen) from None
    return Imported(chosen, episode, notes)


def _with_hint(error: ChapterError, text: str, chosen: str) -> ChapterError:
    score, likely = scores(text)[0]
    if likely == chosen or score <= reader(chosen).sniff(text):
        return error
    hint = f"it looks like {likely}: leave out --from, or use --from {likely}"
    return ChapterError(error.message, [*error.details, hint])


def write(episode: Episode, name: str) -> str:
    """The episode in format `name`; hidden chapters left out where it cannot mark
    them (as `dropped` says), not written as chapters like any other."""
    from chaptercli.formats.base import HIDDEN
    from chaptercli.model import without_hidden

    chosen = writer(name)
    return chosen.write(episode if HIDDEN in chosen.carries else without_hidden(episode))


def dropped(episode: Episode, name: str) -> list[str]:
    """What the episode has that format `name` cannot carry, in words."""
    from chaptercli.formats.base import (
        BELOW_A_FRAME,
        BULLETS,
        CHAPTER_IMAGES,
        CHAPTER_URLS,
        ENDS,
        HIDDEN,
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
        CHAPTER_URLS: any(c.url is not None for c in chapters),
        CHAPTER_IMAGES: any(c.image is not None for c in chapters),
        HIDDEN: any(c.hidden for c in chapters),
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
