"""Readable show notes in Markdown (export only), each timestamp a link to
that second when the episode has a url."""

from __future__ import annotations

import re

from chaptercli.errors import ChapterError
from chaptercli.formats._common import one_line
from chaptercli.formats.base import CHAPTER_EXTRAS, EVERYTHING, ExportOnly, Writer
from chaptercli.model import Episode
from chaptercli.navigate import link_at, url_kind
from chaptercli.times import format_time

# Inline syntax anywhere (emphasis, code, links, HTML, entities, tables);
# block syntax (lists, headings, quotes) only where a line starts.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+#=>])")


def escape(text: str) -> str:
    """Text that Markdown shows as typed: no emphasis, links, HTML or headings."""
    escaped = _INLINE.sub(r"\\\1", one_line(text))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def _stamp(episode: Episode, ms: int) -> str:
    """A time, linked to that second of the episode's web page (links are
    percent-encoded, so nothing in one can end the link or start HTML)."""
    clock = format_time(ms)
    url = episode.url or ""
    link = link_at(url, ms) if url_kind(url) == "web" else None
    return f"[{clock}](<{link}>)" if link else clock


def write(episode: Episode) -> str:
    if episode.url and url_kind(episode.url) is None:
        raise ChapterError(
            f"markdown links timestamps to the episode's url, and will not link "
            f"{episode.url[:200]!r}: only http and https links (or a local file, not linked)"
        )
    lines = [f"# {escape(episode.title)}", ""]
    about = []
    if episode.podcast:
        about.append(f"*{escape(episode.podcast)}*")
    if episode.length_ms is not None:
        about.append(format_time(episode.length_ms))
    about.append(f"{len(episode.chapters)} chapters")
    lines += [" · ".join(about), ""]
    for chapter in episode.chapters:
        lines += [f"- {_stamp(episode, chapter.start_ms)} {escape(chapter.title)}"]
    for chapter in episode.chapters:
        span = format_time(chapter.start_ms)
        if chapter.end_ms is not None:
            span += f" – {format_time(chapter.end_ms)}"
        lines += ["", f"## {chapter.number}. {escape(chapter.title)}", "", f"*{span}*"]
        if chapter.summary:
            lines += ["", escape(chapter.summary)]
        if chapter.bullets:
            lines += [""] + [f"- {escape(bullet)}" for bullet in chapter.bullets]
    return "\n".join(lines) + "\n"


FORMAT: Writer = ExportOnly(
    name="markdown",
    example="### [4:01](https://…#t=241) Title, then the summary and bullets",
    carries=EVERYTHING - CHAPTER_EXTRAS,
    write=write,
)
