"""Painting laid-out output: lines of styled pieces and grids of cells.

Views lay a command's result out once, as `Line`s and `Grid`s; `Output` then
paints them. On a terminal that is Rich: colour, tables, wrapping to the
window. Piped, it is plain text: no colour, no box lines, no wrapping, one
record a line, so grep and head work on it, and Rich is not even imported.
Untrusted text reaches Rich only as `Text`, never as markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from chaptercli.render.sanitize import clean

if TYPE_CHECKING:
    from chaptercli.render.env import Environment

HIGHLIGHT = "bold underline yellow"
DIM = "dim"
TIME = "cyan"

Piece = str | tuple[str, str] | tuple[str, str, str]  # text, (text, style), (…, link)


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


class Grid:
    """Rows of cells in aligned columns; the last column wraps on a terminal.

    On a narrow terminal the columns in `drop` are left out, first to last,
    until the others fit with `min_wrap` cells for each wrapping column; text
    wraps between words, and a word too long for its column ends in "…"."""

    __slots__ = ("drop", "header", "justify", "min_wrap", "rows", "styles", "wrap")

    def __init__(
        self,
        justify: list[str],  # "left" or "right", a column each
        header: list[str] | None = None,  # a table with a header row, else a bare grid
        styles: list[str] | None = None,
        wrap: set[int] | None = None,  # columns that may wrap besides the last
        drop: tuple[int, ...] = (),
        min_wrap: int = 24,
    ) -> None:
        self.justify = justify
        self.header = header
        self.styles = styles
        self.wrap = {len(justify) - 1} | (wrap or set())
        self.drop = drop
        self.min_wrap = min_wrap
        self.rows: list[list[Line | str]] = []

    def add(self, *cells: Line | str) -> None:
        self.rows.append(list(cells))

    def columns_for(self, width: int) -> list[int]:
        """The columns shown in `width` cells."""
        shown = list(range(len(self.justify)))
        for column in self.drop:
            if self._needs(shown) <= width:
                break
            shown.remove(column)
        return shown

    def _needs(self, shown: list[int]) -> int:
        gap = 2 if self.header else 1
        needs = gap * (len(shown) - 1)
        for column in shown:
            cells = [row[column] for row in self.rows]
            if self.header:
                cells.append(self.header[column])
            widest = max((_cells(c if isinstance(c, str) else line_text(c)) for c in cells),
                         default=0)  # fmt: skip
            needs += min(widest, self.min_wrap) if column in self.wrap else widest
        return needs


Block = Line | Grid


def piece_text(piece: Piece) -> str:
    return piece if isinstance(piece, str) else piece[0]


def line_text(line: Line) -> str:
    return "".join(map(piece_text, line.pieces))


class _Widths(dict[int, str]):
    """A str.translate table that makes each character as long as the columns it
    takes (wide: two, combining marks: none), decided once per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.combining(char):
            shown = ""
        else:
            shown = "--" if unicodedata.east_asian_width(char) in "WF" else "-"
        self[code] = shown
        return shown


_WIDTHS = _Widths()
CHUNK = 1 << 18  # characters of plain output written at a time


_NOT_ASCII = re.compile("[^\x00-\x7f]+")


def _cells(text: str) -> int:
    """Terminal columns text takes: wide characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    others = "".join(_NOT_ASCII.findall(text))  # an ASCII character takes one
    return len(text) - len(others) + len(others.translate(_WIDTHS))


class Output:
    """Where results go: a terminal (Rich) or a pipe (plain lines), as the
    environment says."""

    def __init__(self, env: Environment, stderr: bool = False) -> None:
        self.env = env
        self.stderr = stderr
        self.stream = env.stream(stderr)
        self.terminal = env.is_terminal(stderr)
        self.console: Any = None
        if self.terminal:
            from rich.console import Console

            self.console = Console(
                file=self.stream, force_terminal=True, no_color=not env.colour,
                width=env.width, highlight=False, markup=False, emoji=False,
                _environ=env.for_rich(),
            )  # fmt: skip

    @property
    def colour(self) -> bool:
        """Whether colours will show (a terminal, and colour not turned off)."""
        return bool(self.terminal and not self.console.no_color and self.console.color_system)

    @property
    def width(self) -> int:
        """Columns to lay a picture out in."""
        return int(self.console.width) if self.terminal else self.env.columns()

    def lines(self, lines: Iterable[str]) -> None:
        """Plain lines, for a pipe (views build them in one pass when that is all
        there is to show): written in large chunks as they come."""
        chunk: list[str] = []
        size = 0
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size > CHUNK:
                self.env.write("\n".join(chunk) + "\n", self.stderr)
                chunk, size = [], 0
        if chunk:
            self.env.write("\n".join(chunk) + "\n", self.stderr)

    def print(self, *blocks: Block) -> None:
        if self.terminal:
            from rich.console import Group

            group = Group(*(rich_block(block, self.width) for block in blocks))
            if self.env.pager is None or self.stderr:
                self.console.print(group)
                return
            with self.console.capture() as captured:
                self.console.print(group)
            text = captured.get()
            if not self.env.page(text):
                self.env.write(text)
        else:
            text = "".join(line + "\n" for b in blocks for line in self._plain(b))
            self.env.write(text, self.stderr)

    # Painting a pipe: plain text.

    def _plain(self, block: Block) -> list[str]:
        if isinstance(block, Line):
            return ["".join(piece_text(p) for p in block.pieces)]
        rows = [[c if isinstance(c, str) else line_text(c) for c in row]
                for row in ([block.header] if block.header else []) + block.rows]  # fmt: skip
        gap = "  " if block.header else " "
        last = len(block.justify) - 1  # the last column is never padded: it need not be measured
        sizes = [[_cells(cell) for cell in row[:last]] for row in rows]  # each measured once
        widths = [max((size[i] for size in sizes), default=0) for i in range(last)]
        lines = []
        for row, size in zip(rows, sizes, strict=True):
            cells = [
                cell.rjust(widths[i] + len(cell) - size[i])
                if block.justify[i] == "right"
                else cell.ljust(widths[i] + len(cell) - size[i])
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


def rich_block(block: Block, width: int) -> Any:
    """A block as Rich draws it on a terminal `width` cells wide."""
    from rich.text import Text

    if isinstance(block, Line):
        return rich_text(block)
    from rich import box
    from rich.table import Table

    if block.header:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    else:
        table = Table.grid(padding=(0, 1))
    shown = block.columns_for(width)
    for i in shown:
        style = block.styles[i] if block.styles else ""
        header = block.header[i] if block.header else ""
        table.add_column(header, justify=block.justify[i], style=style,  # type: ignore[arg-type]
                         no_wrap=i not in block.wrap, overflow="ellipsis",
                         min_width=len(header) or None)  # fmt: skip
    for row in block.rows:
        table.add_row(*(rich_text(c) if isinstance(c, Line) else Text(c)
                        for i, c in enumerate(row) if i in shown))  # fmt: skip
    return table
