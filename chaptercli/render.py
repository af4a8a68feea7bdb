"""Everything a person sees, through Rich. The only module that writes to the terminal.

Titles, summaries and bullets are untrusted: they only ever enter Rich as
`Text` (never parsed as markup), after `clean` has removed control characters.
Piped output is the same picture without colour, box lines or wrapping, one
record a line, so grep and head work on it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import IO, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from chaptercli import jsonshape
from chaptercli.model import Chapter, Episode
from chaptercli.navigate import Position
from chaptercli.rules import Problem
from chaptercli.search import Match
from chaptercli.times import format_seconds, format_time

# C0 and C1 controls (ESC, CSI, OSC, BEL, ...), DEL, and the bidirectional
# embedding/override/isolate marks that can make text read differently.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029\x85]+")
_PIPE_WIDTH = 100_000  # piped output is never wrapped

HIGHLIGHT = "bold underline yellow"
DIM = "dim"


def clean(text: str, one_line: bool = True) -> str:
    """Untrusted text made safe to show: no control characters; on one line if asked."""
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


class Output:
    """A place to write: a terminal (colour, tables, wrapping) or a pipe (plain lines)."""

    def __init__(self, file: IO[str] | None = None, stderr: bool = False) -> None:
        probe = Console(file=file, stderr=stderr)
        self.terminal = probe.is_terminal
        options: dict[str, Any] = {
            "file": file,
            "stderr": stderr,
            "highlight": False,
            "markup": False,
            "emoji": False,
        }
        if not self.terminal:
            options.update(width=_PIPE_WIDTH, color_system=None)
        self.console = Console(**options)

    def print(self, *renderables: RenderableType) -> None:
        """Each renderable on its own line(s)."""
        group = Group(*renderables)
        if self.terminal:
            self.console.print(group)
            return
        with self.console.capture() as capture:
            self.console.print(group)
        lines = capture.get().split("\n")
        self.console.file.write("\n".join(line.rstrip() for line in lines))
        self.console.file.flush()


def write_json(value: object) -> None:
    """JSON goes out with a plain write: a Rich console would wrap and colour it."""
    sys.stdout.write(jsonshape.dumps(value) + "\n")


def error(message: str) -> None:
    err = Output(stderr=True)
    text = Text()
    for line in clean(message, one_line=False).split("\n"):
        if text:
            text.append("\n")
        text.append(line)
    prefix = Text("chapters: ", style="bold red")
    err.print(Text.assemble(prefix, text))


def warn(message: str) -> None:
    err = Output(stderr=True)
    err.print(Text.assemble(("chapters: warning: ", "bold yellow"), clean(message)))


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_problems(
    out: Output, episode: Episode, problems: Sequence[Problem], platform: str | None
) -> None:
    """One line a problem: severity, the chapter (number, time, title), the rule broken."""
    lines: list[RenderableType] = []
    for problem in problems:
        line = Text.assemble((f"{problem.severity}: ", _SEVERITY_STYLE[problem.severity]))
        if problem.chapter is not None:
            chapter = problem.chapter
            line.append(f"chapter {chapter.number} at {format_time(chapter.start_ms)} ")
            line.append(f'"{clean(chapter.title)}"', style="bold")
            line.append(": ")
        line.append(clean(problem.message))
        line.append(f" [{problem.rule}]", style=DIM)
        lines.append(line)
    counts = [
        f"{n} {severity}{'s' if n != 1 else ''}"
        for severity in ("error", "warning", "info")
        if (n := sum(problem.severity == severity for problem in problems)) or severity == "error"
    ]
    errors = sum(problem.severity == "error" for problem in problems)
    checked = f"{len(episode.chapters)} chapters checked" + (f" for {platform}" if platform else "")
    summary = f"{checked}: {', '.join(counts)}"
    lines.append(Text(summary, style="bold red" if errors else "green"))
    out.print(*lines)


def _table(out: Output, **kwargs: Any) -> Table:
    style = box.SIMPLE_HEAD if out.terminal else None
    return Table(box=style, pad_edge=False, show_edge=False, **kwargs)


def _span(start_ms: int, end_ms: int | None) -> str:
    return f"{format_time(start_ms)} – {'open' if end_ms is None else format_time(end_ms)}"


def _length(ms: int | None) -> str:
    return "—" if ms is None else format_time(ms)


def _episode_header(episode: Episode) -> Text:
    header = Text()
    if episode.podcast:
        header.append(clean(episode.podcast), style="bold cyan")
        header.append(" — ")
    header.append(clean(episode.title), style="bold")
    count = len(episode.chapters)
    header.append(f"\n{count} chapter{'s' if count != 1 else ''}", style=DIM)
    header.append(f" · {_length(episode.length_ms)}", style=DIM)
    if episode.length_ms is None:
        header.append(" (last chapter open-ended)", style=DIM)
    return header


def render_list(out: Output, episode: Episode) -> None:
    table = _table(out)
    table.add_column("#", justify="right", style=DIM)
    table.add_column("Start", justify="right", style="cyan", no_wrap=True)
    table.add_column("End", justify="right", no_wrap=True)
    table.add_column("Length", justify="right", style=DIM, no_wrap=True)
    table.add_column("Title", overflow="fold")
    for chapter in episode.chapters:
        table.add_row(
            str(chapter.number),
            format_time(chapter.start_ms),
            "open" if chapter.end_ms is None else format_time(chapter.end_ms),
            _length(chapter.duration_ms),
            Text(clean(chapter.title)),
        )
    out.print(_episode_header(episode), Text(), table)


def _bullet_grid(rows: Sequence[tuple[Text, Text]]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for label, text in rows:
        grid.add_row(label, text)
    return grid


def render_show(out: Output, episode: Episode, chapter: Chapter) -> None:
    heading = Text.assemble((f"{chapter.number}. ", "bold cyan"), (clean(chapter.title), "bold"))
    where = Text(_span(chapter.start_ms, chapter.end_ms), style="cyan")
    if chapter.duration_ms is not None:
        where.append(f" ({format_time(chapter.duration_ms)})", style=DIM)
    where.append(f"  chapter {chapter.number} of {len(episode.chapters)}", style=DIM)
    parts: list[RenderableType] = [heading, where]
    if chapter.summary:
        parts += [Text(), Text(clean(chapter.summary))]
    if chapter.bullets:
        parts += [Text(), _bullet_grid([(Text("•"), Text(clean(b))) for b in chapter.bullets])]
    out.print(*parts)


def _highlighted(match: Match) -> Text:
    # Spans index the original text; `clean` may drop characters, so clean piecewise.
    text = Text()
    cursor = 0
    for start, end in match.spans:
        text.append(clean(match.text[cursor:start]))
        text.append(clean(match.text[start:end]), style=HIGHLIGHT)
        cursor = end
    text.append(clean(match.text[cursor:]))
    return text


def _chapter_grid() -> Table:
    """Rows of (number, time or label, text); wrapped text stays in its column."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style=DIM, no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _add_chapter_row(grid: Table, chapter: Chapter, title: Text | None = None) -> None:
    heading = title if title is not None else Text(clean(chapter.title))
    heading.stylize("bold")
    grid.add_row(str(chapter.number), Text(format_time(chapter.start_ms), style="cyan"), heading)


def render_search(out: Output, matches: Sequence[Match]) -> None:
    grid = _chapter_grid()
    chapters: list[Chapter] = []
    for match in matches:
        if not chapters or chapters[-1] is not match.chapter:
            if chapters and out.terminal:
                grid.add_row()
            chapters.append(match.chapter)
            title_match = _highlighted(match) if match.field == "title" else None
            _add_chapter_row(grid, match.chapter, title_match)
        if match.field != "title":
            label = "summary" if match.field == "summary" else f"• {match.bullet}"
            grid.add_row("", Text(label, style=DIM), _highlighted(match))
    parts: list[RenderableType] = [grid]
    if out.terminal:
        count = len(matches)
        parts.append(
            Text(
                f"{count} match{'es' if count != 1 else ''} in {len(chapters)} "
                f"chapter{'s' if len(chapters) != 1 else ''}",
                style=DIM,
            )
        )
    out.print(*parts)


def render_position(out: Output, episode: Episode, position: Position) -> None:
    when = Text(format_time(position.time_ms), style="bold cyan")
    grid = _chapter_grid()
    if position.chapter is not None:
        chapter = position.chapter
        line = when + Text(
            f" is {format_time(position.offset_ms or 0)} into chapter "
            f"{chapter.number} of {len(episode.chapters)}"
        )
        if position.remaining_ms is not None:
            line.append(f", {format_time(position.remaining_ms)} left", style=DIM)
        _add_chapter_row(grid, chapter)
    else:
        line = when + Text(" is between chapters: nothing is playing")
    if position.next is not None:
        wait = position.next.start_ms - position.time_ms
        grid.add_row("", "", Text(f"next, in {format_time(wait)}:", style=DIM))
        _add_chapter_row(grid, position.next)
    parts: list[RenderableType] = [line, grid]
    if position.link:
        parts.append(Text("open at ", style=DIM) + Text(clean(position.link)))
    out.print(*parts)


def render_conversions(out: Output, rows: Sequence[tuple[str, int, bool]]) -> None:
    """Each (input, ms, input_was_clock): a clock gives seconds, seconds a clock."""
    lines = Text()
    for index, (text, ms, was_clock) in enumerate(rows):
        result = format_seconds(ms) if was_clock else format_time(ms)
        if index:
            lines.append("\n")
        lines.append(clean(text))
        lines.append(" = ", style=DIM)
        lines.append(result, style="bold")
    out.print(lines)
