"""The timeline picture: the chapters on one bar, a ruler and a legend; on a
terminal, or saved as SVG or HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chaptercli import timeline
from chaptercli.render.paint import DIM, TIME, Block, Grid, Line, Output, rich_block
from chaptercli.render.sanitize import clean
from chaptercli.render.views import chapter_title, episode_header
from chaptercli.times import format_time

if TYPE_CHECKING:
    from chaptercli.model import Episode
    from chaptercli.results import TimelineResult

# A segment's colour, and the colour of its number on it: every pair keeps the
# contrast WCAG AA asks of text (4.5:1), and still does in a 16-colour terminal
# (Rich takes the nearest of its standard colours). Colours of the 256-colour
# cube, so a 256-colour terminal shows them exactly; neighbours differ in hue.
_SEGMENT_COLOURS = [("#005faf", "#ffffff"), ("#d75f00", "#000000"), ("#87af00", "#000000"),
                    ("#5f5fd7", "#ffffff"), ("#d7af00", "#000000"), ("#af00af", "#ffffff"),
                    ("#5fd7af", "#000000"), ("#af0000", "#ffffff")]  # fmt: skip
_SELECTED = "bold black on bright_white"
_SEGMENT_FILLS = ["█", "▒"]  # without colour, neighbours still differ
_HIDDEN_FILL = "░"  # a hidden chapter: shown faint, with or without colour


def _segment_style(index: int) -> str:
    """The style of the index-th segment (and of its number in the legend, which
    so reads as a key to the bar whatever the terminal's background)."""
    background, foreground = _SEGMENT_COLOURS[index % len(_SEGMENT_COLOURS)]
    return f"bold {foreground} on {background}"


def timeline_bar(episode: Episode, width: int, colour: bool, selected: int | None = None) -> Line:
    """The bar: a segment a chapter, numbered where the number fits; `selected` (a
    chapter number) stands out."""
    bar: list[tuple[str, str]] = [(" ", "")] * width
    for index, segment in enumerate(timeline.segments(episode, width)):
        cells = segment.stop - segment.first
        if segment.chapter.hidden:
            style = DIM if colour else ""
            text = [_HIDDEN_FILL] * cells
        elif colour:
            style = _segment_style(index)
            text = [" "] * cells
        else:
            style = ""
            text = [_SEGMENT_FILLS[index % 2]] * cells
        if segment.chapter.number == selected:
            style = _SELECTED if colour else "reverse"
        if timeline.label_fits(segment):
            label = str(segment.chapter.number)
            offset = (cells - len(label)) // 2
            text[offset : offset + len(label)] = label
        for at, char in enumerate(text):
            bar[segment.first + at] = (char, style)
    return Line([(char, style) if style else char for char, style in bar])


def timeline_blocks(
    episode: Episode, width: int, colour: bool, at_ms: int | None = None
) -> list[Block]:
    """The picture: a marker line for --at, the bar, the ruler, and a legend."""
    width = max(width, 20)
    length = timeline.span_ms(episode)
    blocks: list[Block] = []
    if at_ms is not None:
        where = min(timeline.column(at_ms, length, width), width - 1)
        label = f"▼ {format_time(at_ms)}"
        if where + len(label) > width:
            label = f"{format_time(at_ms)} ▼"
            where = max(where - len(label) + 1, 0)
        blocks.append(Line().add(" " * where).add(label, "bold yellow"))
    marks, labels = timeline.ruler(length, width)
    blocks += [timeline_bar(episode, width, colour), Line().add(marks, DIM),
               Line().add(labels, DIM), Line()]  # fmt: skip
    legend = Grid(justify=["right", "right", "left"], styles=["bold", TIME, ""])
    for index, chapter in enumerate(episode.chapters):
        number = Line().add(str(chapter.number), _segment_style(index) if colour else "")
        legend.add(number, format_time(chapter.start_ms), chapter_title(chapter))
    return [*episode_header(episode), Line(), *blocks, legend]


def show_timeline(out: Output, result: TimelineResult) -> None:
    width = result.width or out.width
    out.print(*timeline_blocks(result.episode, width, out.colour, result.at_ms))


def timeline_picture(episode: Episode, kind: str, width: int, at_ms: int | None = None) -> str:
    """The timeline as an SVG or HTML document (Rich records and exports it)."""
    import io

    from rich.console import Console, Group

    console = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", highlight=False, markup=False, emoji=False,
    )  # fmt: skip
    blocks = timeline_blocks(episode, width, True, at_ms)
    console.print(Group(*(rich_block(block, width) for block in blocks)))
    title = clean(episode.title)
    if kind == "svg":
        return console.export_svg(title=title)
    return console.export_html(inline_styles=True)
