"""Everything a person sees. The only module that writes to the terminal.

Commands' results are laid out once, as lines of styled pieces and grids of
cells; `Output` then paints them. On a terminal that is Rich: colour, tables,
wrapping to the window. Piped, it is plain text: no colour, no box lines, no
wrapping, one record a line, so grep and head work on it, and Rich is not even
imported.

Titles, summaries and bullets are untrusted: `clean` removes control
characters from them, and they reach Rich only as `Text`, never as markup.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from chaptercli.times import format_seconds, format_time

if TYPE_CHECKING:
    from chaptercli.entries import Entry, Found
    from chaptercli.library import Library
    from chaptercli.model import Chapter, Episode
    from chaptercli.navigate import Position
    from chaptercli.rules import Problem
    from chaptercli.search import Match

# C0 and C1 controls (ESC, CSI, OSC, BEL, ...), DEL, the bidirectional marks,
# embeddings, overrides and isolates that can make text read differently, and the
# invisible characters that can hide or split a word (zero-width space, word
# joiner, byte-order mark). The zero-width (non-)joiners stay: scripts need them.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029\x85]+")

HIGHLIGHT = "bold underline yellow"
DIM = "dim"
TIME = "cyan"

Piece = str | tuple[str, str] | tuple[str, str, str]  # text, (text, style), (…, link)


def clean(text: str, one_line: bool = True) -> str:
    """Untrusted text made safe to show: no control characters; on one line if asked."""
    if text.isprintable():  # no controls, breaks or bidi marks: the common case
        return text
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


class Line:
    """A line of styled pieces (it may wrap on a terminal)."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: list[Piece] | None = None) -> None:
        self.pieces = pieces if pieces is not None else []

    def add(self, text: str, style: str = "", link: str | None = None) -> Line:
        """Append text; with a link, a terminal makes it clickable (a pipe shows the text)."""
        if link:
            self.pieces.append((text, style, clean(link)))
        else:
            self.pieces.append((text, style) if style else text)
        return self


def _timestamp(ms: int, url: str | None, style: str = TIME) -> Line:
    """A time, clickable to the episode at that second when the episode has a url."""
    from chaptercli.navigate import link_at

    return Line().add(format_time(ms), style, link_at(url, ms) if url else None)


class Grid:
    """Rows of cells in aligned columns; the last column wraps on a terminal."""

    __slots__ = ("header", "justify", "rows", "styles", "wrap")

    def __init__(
        self,
        justify: list[str],  # "left" or "right", a column each
        header: list[str] | None = None,  # a table with a header row, else a bare grid
        styles: list[str] | None = None,
        wrap: set[int] | None = None,  # columns that may wrap besides the last
    ) -> None:
        self.justify = justify
        self.header = header
        self.styles = styles
        self.wrap = {len(justify) - 1} | (wrap or set())
        self.rows: list[list[Line | str]] = []

    def add(self, *cells: Line | str) -> None:
        self.rows.append(list(cells))


Block = Line | Grid


def _text(piece: Piece) -> str:
    return piece if isinstance(piece, str) else piece[0]


def _cells(text: str) -> int:
    """Terminal columns text takes: wide characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


class Output:
    """Where results go: a terminal (Rich) or a pipe (plain lines)."""

    def __init__(self, file: IO[str] | None = None, stderr: bool = False) -> None:
        self.stream = file or (sys.stderr if stderr else sys.stdout)
        self.terminal = self._is_terminal(stderr)
        self.console: Any = None
        if self.terminal:
            from rich.console import Console

            self.console = Console(file=file, stderr=stderr, highlight=False, markup=False,
                                   emoji=False)  # fmt: skip

    @property
    def colour(self) -> bool:
        """Whether colours will show (a terminal, and NO_COLOR not set)."""
        return bool(self.terminal and not self.console.no_color and self.console.color_system)

    @property
    def width(self) -> int:
        """Columns to lay a picture out in: the terminal's, or COLUMNS (else 80) in a pipe."""
        if self.terminal:
            return int(self.console.width)
        import os

        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else 80

    def _is_terminal(self, stderr: bool) -> bool:
        import os

        if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
            return True  # as Rich honours them: a terminal even when it cannot tell
        try:
            return self.stream.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            return False

    def print(self, *blocks: Block) -> None:
        if self.terminal:
            from rich.console import Group

            self.console.print(Group(*(_rich(block) for block in blocks)))
        else:
            self.stream.write("".join(line + "\n" for b in blocks for line in self._plain(b)))
            self.stream.flush()

    # Painting a pipe: plain text.

    def _plain(self, block: Block) -> list[str]:
        if isinstance(block, Line):
            return ["".join(_text(p) for p in block.pieces)]
        rows = [[c if isinstance(c, str) else "".join(map(_text, c.pieces)) for c in row]
                for row in ([block.header] if block.header else []) + block.rows]  # fmt: skip
        gap = "  " if block.header else " "
        last = len(block.justify) - 1  # the last column is never padded: it need not be measured
        widths = [max((_cells(row[i]) for row in rows), default=0) for i in range(last)]
        lines = []
        for row in rows:
            cells = [
                cell.rjust(widths[i] + len(cell) - _cells(cell))
                if block.justify[i] == "right"
                else cell.ljust(widths[i] + len(cell) - _cells(cell))
                for i, cell in enumerate(row[:last])
            ]
            lines.append(gap.join([*cells, *row[last:]]).rstrip())
        return lines


def rich_text(line: Line) -> Any:
    """A line as Rich Text: styles applied, never parsed as markup."""
    from rich.style import Style
    from rich.text import Text

    text = Text()
    for piece in line.pieces:
        if isinstance(piece, str):
            text.append(piece)
        elif len(piece) == 3:  # a link: set as a style attribute, never parsed as markup
            text.append(piece[0], Style.parse(piece[1] or "none") + Style(link=piece[2]))
        else:
            text.append(piece[0], piece[1])
    return text


def _rich(block: Block) -> Any:
    """A block as Rich draws it on a terminal."""
    from rich.text import Text

    if isinstance(block, Line):
        return rich_text(block)
    from rich import box
    from rich.table import Table

    if block.header:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    else:
        table = Table.grid(padding=(0, 1))
    for i, justify in enumerate(block.justify):
        style = block.styles[i] if block.styles else ""
        header = block.header[i] if block.header else ""
        table.add_column(header, justify=justify, style=style,  # type: ignore[arg-type]
                         no_wrap=i not in block.wrap, overflow="fold")  # fmt: skip
    for row in block.rows:
        table.add_row(*(rich_text(c) if isinstance(c, Line) else Text(c) for c in row))
    return table


def write_json(value: object) -> None:
    """JSON goes out with a plain write: a Rich console would wrap and colour it."""
    from chaptercli.jsonshape import dumps

    sys.stdout.write(dumps(value) + "\n")


def _to_stderr(prefix: str, style: str, message: str) -> None:
    lines = clean(message, one_line=False).split("\n")
    line = Line().add(prefix, style)
    line.add(lines[0])
    Output(stderr=True).print(line, *(Line([text]) for text in lines[1:]))


def error(message: str) -> None:
    _to_stderr("chapters: ", "bold red", message)


def warn(message: str) -> None:
    _to_stderr("chapters: warning: ", "bold yellow", message)


def note(message: str) -> None:
    _to_stderr("chapters: ", DIM, message)


def _length(ms: int | None) -> str:
    return "—" if ms is None else format_time(ms)


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _episode_header(episode: Episode) -> list[Line]:
    title = Line()
    if episode.podcast:
        title.add(clean(episode.podcast), "bold cyan").add(" — ")
    title.add(clean(episode.title), "bold")
    about = Line().add(f"{_plural(len(episode.chapters), 'chapter')} · ", DIM)
    about.add(_length(episode.length_ms), DIM)
    if episode.length_ms is None:
        about.add(" (last chapter open-ended)", DIM)
    return [title, about]


def render_lists(out: Output, episodes: Sequence[Episode]) -> None:
    blocks: list[Block] = []
    for episode in episodes:
        if blocks:
            blocks.append(Line())
        table = Grid(
            justify=["right", "right", "right", "right", "left"],
            header=["#", "Start", "End", "Length", "Title"],
            styles=[DIM, TIME, "", DIM, ""],
        )
        for chapter in episode.chapters:
            table.add(
                str(chapter.number),
                _timestamp(chapter.start_ms, episode.url),
                "open" if chapter.end_ms is None else format_time(chapter.end_ms),
                _length(chapter.duration_ms),
                clean(chapter.title),
            )
        blocks += [*_episode_header(episode), Line(), table]
    out.print(*blocks)


def render_episodes(out: Output, library: Library) -> None:
    table = Grid(
        justify=["right", "left", "left", "right", "right", "left"],
        header=["#", "Podcast", "Title", "Chapters", "Length", "File"],
        styles=[DIM, "cyan", "bold", "", "", DIM],
        wrap={1, 2},
    )
    for entry in library.entries:
        place = entry.path if entry.position == 1 else f"{entry.path} #{entry.position}"
        table.add(str(library.number(entry)), clean(entry.podcast or ""), clean(entry.title),
                  str(entry.chapter_count), _length(entry.length_ms), clean(place))  # fmt: skip
    out.print(table)


def render_show(out: Output, episode: Episode, chapter: Chapter) -> None:
    heading = Line().add(f"{chapter.number}. ", "bold cyan").add(clean(chapter.title), "bold")
    where = _timestamp(chapter.start_ms, episode.url).add(" – " + (
        "open" if chapter.end_ms is None else format_time(chapter.end_ms)
    ), TIME)  # fmt: skip
    if chapter.duration_ms is not None:
        where.add(f" ({format_time(chapter.duration_ms)})", DIM)
    where.add(f"  chapter {chapter.number} of {len(episode.chapters)}", DIM)
    blocks: list[Block] = [heading, where]
    if chapter.summary:
        blocks += [Line(), Line([clean(chapter.summary)])]
    if chapter.bullets:
        bullets = Grid(justify=["left", "left"])
        for bullet in chapter.bullets:
            bullets.add("•", clean(bullet))
        blocks += [Line(), bullets]
    out.print(*blocks)


def _highlighted(match: Match, style: str = "") -> Line:
    # Spans index the original text; `clean` may drop characters, so clean piecewise.
    line = Line()
    cursor = 0
    for start, end in match.spans:
        line.add(clean(match.text[cursor:start]), style)
        line.add(clean(match.text[start:end]), f"{style} {HIGHLIGHT}".strip())
        cursor = end
    line.add(clean(match.text[cursor:]), style)
    return line


def _chapter_grid() -> Grid:
    """Rows of (number, time or label, text); wrapped text stays in its column."""
    return Grid(justify=["right", "right", "left"], styles=[DIM, "", ""])


def _chapter_row(
    grid: Grid, chapter: Chapter, title: Line | None = None, url: str | None = None
) -> None:
    heading = title or Line().add(clean(chapter.title), "bold")
    grid.add(str(chapter.number), _timestamp(chapter.start_ms, url), heading)


def _entry_line(entry: Entry) -> Line:
    line = Line()
    if entry.podcast:
        line.add(clean(entry.podcast), "bold cyan").add(" — ")
    return line.add(clean(entry.title), "bold").add(f"  ({clean(entry.path)})", DIM)


def render_search(out: Output, found: Sequence[Found], several: bool = False) -> None:
    """Matches grouped by chapter (and by episode, with several loaded)."""
    blocks: list[Block] = []
    grid = _chapter_grid()
    last_entry: Entry | None = None
    last_chapter: Chapter | None = None
    for hit in found:
        match = hit.match
        if several and hit.entry != last_entry:
            if grid.rows:
                blocks += [grid, Line()]
                grid = _chapter_grid()
            blocks.append(_entry_line(hit.entry))
            last_chapter = None
        if match.chapter != last_chapter or hit.entry != last_entry:
            if grid.rows and out.terminal:
                grid.add("", "", "")
            title = _highlighted(match, "bold") if match.field == "title" else None
            _chapter_row(grid, match.chapter, title, hit.entry.url)
        if match.field != "title":
            label = "summary" if match.field == "summary" else f"• {match.bullet}"
            grid.add("", Line().add(label, DIM), _highlighted(match))
        last_entry, last_chapter = hit.entry, match.chapter
    blocks.append(grid)
    if out.terminal:
        chapters = len({(id(h.entry), h.match.chapter.number) for h in found})
        summary = f"{_plural(len(found), 'match', 'matches')} in {_plural(chapters, 'chapter')}"
        if several:
            summary += f" of {_plural(len({h.entry for h in found}), 'episode')}"
        blocks.append(Line().add(summary, DIM))
    out.print(*blocks)


def _position_blocks(episode_chapters: int, position: Position, url: str | None) -> list[Block]:
    line = _timestamp(position.time_ms, url, "bold cyan")
    grid = _chapter_grid()
    if position.chapter is not None:
        chapter = position.chapter
        line.add(f" is {format_time(position.offset_ms or 0)} into chapter "
                 f"{chapter.number} of {episode_chapters}")  # fmt: skip
        if position.remaining_ms is not None:
            line.add(f", {format_time(position.remaining_ms)} left", DIM)
        _chapter_row(grid, chapter, url=url)
    else:
        line.add(" is between chapters: nothing is playing")
    if position.next is not None:
        wait = position.next.start_ms - position.time_ms
        grid.add("", "", Line().add(f"next, in {format_time(wait)}:", DIM))
        _chapter_row(grid, position.next, url=url)
    blocks: list[Block] = [line, grid]
    if position.link:
        blocks.append(Line().add("open at ", DIM).add(clean(position.link)))
    return blocks


def render_positions(
    out: Output,
    library: Library,
    positions: Sequence[tuple[Entry, Position]],
    several: bool = False,
) -> None:
    blocks: list[Block] = []
    for entry, position in positions:
        if several:
            if blocks:
                blocks.append(Line())
            blocks.append(_entry_line(entry))
        blocks += _position_blocks(entry.chapter_count, position, entry.url)
    out.print(*blocks)


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_problems(
    out: Output, results: Sequence[tuple[Episode, Sequence[Problem]]], platform: str | None
) -> None:
    """One line a problem: severity, the chapter (number, time, title), the rule broken."""
    blocks: list[Block] = []
    for episode, problems in results:
        if len(results) > 1:
            blocks.append(Line().add(clean(episode.source), "bold"))
        for problem in problems:
            line = Line().add(f"{problem.severity}: ", _SEVERITY_STYLE[problem.severity])
            if problem.chapter is not None:
                chapter = problem.chapter
                line.add(f"chapter {chapter.number} at {format_time(chapter.start_ms)} ")
                line.add(f'"{clean(chapter.title)}"', "bold").add(": ")
            line.add(clean(problem.message)).add(f" [{problem.rule}]", DIM)
            blocks.append(line)
        counts = [
            _plural(n, severity)
            for severity in ("error", "warning", "info")
            if (n := sum(p.severity == severity for p in problems)) or severity == "error"
        ]
        checked = f"{_plural(len(episode.chapters), 'chapter')} checked"
        checked += f" for {platform}" if platform else ""
        errors = any(p.severity == "error" for p in problems)
        blocks.append(Line().add(f"{checked}: {', '.join(counts)}",
                                 "bold red" if errors else "green"))  # fmt: skip
    out.print(*blocks)


_SEGMENT_COLOURS = ["blue", "magenta", "cyan", "green", "yellow", "red", "bright_blue",
                    "bright_magenta"]  # fmt: skip
_SEGMENT_FILLS = ["█", "▒"]  # without colour, neighbours still differ


def timeline_bar(episode: Episode, width: int, colour: bool, selected: int | None = None) -> Line:
    """The bar: a segment a chapter, numbered where the number fits; `selected` (a
    chapter number) stands out."""
    from chaptercli import timeline

    bar: list[tuple[str, str]] = [(" ", "")] * width
    for index, segment in enumerate(timeline.segments(episode, width)):
        cells = segment.stop - segment.first
        if colour:
            style = f"bold white on {_SEGMENT_COLOURS[index % len(_SEGMENT_COLOURS)]}"
            text = [" "] * cells
        else:
            style = ""
            text = [_SEGMENT_FILLS[index % 2]] * cells
        if segment.chapter.number == selected:
            style = "bold black on bright_white" if colour else "reverse"
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
    from chaptercli import timeline

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
        number = Line().add(str(chapter.number),
                            f"bold {_SEGMENT_COLOURS[index % len(_SEGMENT_COLOURS)]}"
                            if colour else "")  # fmt: skip
        legend.add(number, format_time(chapter.start_ms), clean(chapter.title))
    return [*_episode_header(episode), Line(), *blocks, legend]


def render_timeline(out: Output, episode: Episode, at_ms: int | None = None) -> None:
    out.print(*timeline_blocks(episode, out.width, out.colour, at_ms))


def timeline_picture(episode: Episode, kind: str, width: int, at_ms: int | None = None) -> str:
    """The timeline as an SVG or HTML document (Rich records and exports it)."""
    import io

    from rich.console import Console, Group

    console = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", highlight=False, markup=False, emoji=False,
    )  # fmt: skip
    blocks = timeline_blocks(episode, width, True, at_ms)
    console.print(Group(*(_rich(block) for block in blocks)))
    title = clean(episode.title)
    if kind == "svg":
        return console.export_svg(title=title)
    return console.export_html(inline_styles=True)


def render_cache_info(out: Output, info: dict[str, Any]) -> None:
    grid = Grid(justify=["left", "left"], styles=[DIM, ""])
    grid.add("index", clean(info["path"]) + ("" if info["exists"] else " (not built yet)"))
    grid.add("size", f"{info['bytes'] / 1e6:.1f} MB")
    grid.add("files", str(info["files"]))
    grid.add("episodes", str(info["episodes"]))
    out.print(grid)


def render_conversions(out: Output, rows: Sequence[tuple[str, int, bool]]) -> None:
    """Each (input, ms, input_was_clock): a clock gives seconds, seconds a clock."""
    lines = []
    for text, ms, was_clock in rows:
        result = format_seconds(ms) if was_clock else format_time(ms)
        lines.append(Line().add(clean(text)).add(" = ", DIM).add(result, "bold"))
    out.print(*lines)
