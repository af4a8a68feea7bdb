"""How each command's answer looks to a person: results laid out as lines and
grids (painted by `paint.Output`). Every untrusted text goes through `clean`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from chaptercli.render.paint import DIM, TIME, Block, Grid, Line, Output
from chaptercli.render.sanitize import clean
from chaptercli.times import format_seconds, format_time

if TYPE_CHECKING:
    from chaptercli.entries import Entry
    from chaptercli.model import Chapter, Episode
    from chaptercli.results import (
        CacheInfoResult,
        ConversionResult,
        EpisodesResult,
        ListResult,
        ShowResult,
    )
    from chaptercli.transcripts.cue import Cue


def timestamp(ms: int, url: str | None, style: str = TIME) -> Line:
    """A time, clickable to the episode at that second when the episode has a web
    url (terminal hyperlinks go to web pages only, never a local path)."""
    from chaptercli.navigate import link_at, url_kind

    web = url is not None and url_kind(url) == "web"
    return Line().add(format_time(ms), style, link_at(url, ms) if web and url else None)


def length(ms: int | None) -> str:
    return "—" if ms is None else format_time(ms)


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def episode_header(episode: Episode) -> list[Line]:
    title = Line()
    if episode.podcast:
        title.add(clean(episode.podcast), "bold cyan").add(" — ")
    title.add(clean(episode.title), "bold")
    about = Line().add(f"{plural(len(episode.chapters), 'chapter')} · ", DIM)
    about.add(length(episode.length_ms), DIM)
    if episode.length_ms is None:
        about.add(" (last chapter open-ended)", DIM)
    return [title, about]


def chapter_grid() -> Grid:
    """Rows of (number, time or label, text); wrapped text stays in its column."""
    return Grid(justify=["right", "right", "left"], styles=[DIM, "", ""])


HIDDEN_LABEL = " (hidden)"


def chapter_title(chapter: Chapter, style: str = "") -> Line | str:
    """A chapter's title as a cell: a hidden chapter's dimmed, and marked so
    that piped output says it too."""
    if not chapter.hidden:
        return Line().add(clean(chapter.title), style) if style else clean(chapter.title)
    return Line().add(clean(chapter.title), DIM).add(HIDDEN_LABEL, DIM)


def chapter_row(
    grid: Grid, chapter: Chapter, title: Line | None = None, url: str | None = None
) -> None:
    heading = title or chapter_title(chapter, "bold")
    grid.add(str(chapter.number), timestamp(chapter.start_ms, url), heading)


def speaker_line(speaker: str | None, words: Line | None = None) -> Line:
    """What was said, after the speaker's name when the transcript gives it."""
    line = Line()
    if speaker:
        line.add(clean(speaker), "bold").add(": ")
    line.pieces += words.pieces if words else []
    return line


def said_grid(cues: Sequence[Cue], url: str | None) -> Grid:
    """What was said: each cue's time (a link to it) and the speaker's words."""
    grid = Grid(justify=["right", "left"], styles=["", ""])
    for cue in cues:
        grid.add(timestamp(cue.start_ms, url), speaker_line(cue.speaker, Line([clean(cue.text)])))
    return grid


def entry_line(entry: Entry) -> Line:
    line = Line()
    if entry.podcast:
        line.add(clean(entry.podcast), "bold cyan").add(" — ")
    return line.add(clean(entry.title), "bold").add(f"  ({clean(entry.path)})", DIM)


def show_list(out: Output, result: ListResult) -> None:
    blocks: list[Block] = []
    for episode in result.episodes:
        if blocks:
            blocks.append(Line())
        table = Grid(
            justify=["right", "right", "right", "right", "left"],
            header=["#", "Start", "End", "Length", "Title"],
            styles=[DIM, TIME, "", DIM, ""],
            drop=(2, 3, 0),  # narrow: End, then Length, then the number go first
        )
        for chapter in episode.chapters:
            table.add(
                str(chapter.number),
                timestamp(chapter.start_ms, episode.url),
                "open" if chapter.end_ms is None else format_time(chapter.end_ms),
                length(chapter.duration_ms),
                chapter_title(chapter),
            )
        blocks += [*episode_header(episode), Line(), table]
    out.print(*blocks)


def show_episodes(out: Output, result: EpisodesResult) -> None:
    library = result.library
    table = Grid(
        justify=["right", "left", "left", "right", "right", "left"],
        header=["#", "Podcast", "Title", "Chapters", "Length", "File"],
        styles=[DIM, "cyan", "bold", "", "", DIM],
        wrap={1, 2},
        drop=(5, 4, 3, 1),  # narrow: File, Length, Chapters, Podcast go first
        min_wrap=16,
    )
    for entry in library.entries:
        place = entry.path if entry.position == 1 else f"{entry.path} #{entry.position}"
        table.add(str(library.number(entry)), clean(entry.podcast or ""), clean(entry.title),
                  str(entry.chapter_count), length(entry.length_ms), clean(place))  # fmt: skip
    out.print(table)


def show_chapter(out: Output, result: ShowResult) -> None:
    episode, chapter = result.episode, result.chapter
    heading = Line().add(f"{chapter.number}. ", "bold cyan")
    heading.add(clean(chapter.title), DIM if chapter.hidden else "bold")
    if chapter.hidden:
        heading.add(HIDDEN_LABEL, DIM)
    where = timestamp(chapter.start_ms, episode.url).add(" – " + (
        "open" if chapter.end_ms is None else format_time(chapter.end_ms)
    ), TIME)  # fmt: skip
    if chapter.duration_ms is not None:
        where.add(f" ({format_time(chapter.duration_ms)})", DIM)
    where.add(f"  chapter {chapter.number} of {len(episode.chapters)}", DIM)
    blocks: list[Block] = [heading, where, *_links(chapter)]
    if chapter.summary:
        blocks += [Line(), Line([clean(chapter.summary)])]
    if chapter.bullets:
        bullets = Grid(justify=["left", "left"])
        for bullet in chapter.bullets:
            bullets.add("•", clean(bullet))
        blocks += [Line(), bullets]
    if result.said is not None:
        said = plural(len(result.said), "cue")
        blocks += [Line(), Line().add(f"said ({said}):", DIM), said_grid(result.said, episode.url)]
    out.print(*blocks)


def _links(chapter: Chapter) -> list[Line]:
    """The chapter's link and picture, as text; clickable only where the url
    policy would open them (http and https)."""
    from chaptercli.navigate import web_link

    lines = []
    for word, value in (("link", chapter.url), ("image", chapter.image)):
        if value is not None:
            lines.append(Line().add(f"{word} ", DIM).add(clean(value), "", web_link(value)))
    return lines


def show_cache_info(out: Output, info: CacheInfoResult) -> None:
    grid = Grid(justify=["left", "left"], styles=[DIM, ""])
    grid.add("index", clean(info.path) + ("" if info.exists else " (not built yet)"))
    grid.add("size", f"{info.bytes / 1e6:.1f} MB")
    grid.add("files", str(info.files))
    grid.add("episodes", str(info.episodes))
    out.print(grid)


def show_conversions(out: Output, result: ConversionResult) -> None:
    """A clock time gives seconds, seconds a clock time."""
    lines = []
    for text, ms, was_clock in result.rows:
        answer = format_seconds(ms) if was_clock else format_time(ms)
        lines.append(Line().add(clean(text)).add(" = ", DIM).add(answer, "bold"))
    out.print(*lines)
