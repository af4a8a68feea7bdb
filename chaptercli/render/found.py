"""How search matches, positions in time and check problems look to a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chaptercli.render.paint import DIM, HIGHLIGHT, Block, Line, Output
from chaptercli.render.sanitize import clean
from chaptercli.render.views import chapter_grid, chapter_row, entry_line, plural, timestamp
from chaptercli.times import format_time

if TYPE_CHECKING:
    from chaptercli.entries import Entry
    from chaptercli.model import Chapter
    from chaptercli.navigate import Position
    from chaptercli.results import CheckResult, PositionsResult, SearchResult
    from chaptercli.search import Match


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


def show_search(out: Output, result: SearchResult) -> None:
    """Matches grouped by chapter (and by episode, with several loaded)."""
    found = result.found
    several = len(result.library) > 1
    blocks: list[Block] = []
    grid = chapter_grid()
    last_entry: Entry | None = None
    last_chapter: Chapter | None = None
    for hit in found:
        match = hit.match
        if several and hit.entry != last_entry:
            if grid.rows:
                blocks += [grid, Line()]
                grid = chapter_grid()
            blocks.append(entry_line(hit.entry))
            last_chapter = None
        if match.chapter != last_chapter or hit.entry != last_entry:
            if grid.rows and out.terminal:
                grid.add("", "", "")
            title = _highlighted(match, "bold") if match.field == "title" else None
            chapter_row(grid, match.chapter, title, hit.entry.url)
        if match.field != "title":
            label = "summary" if match.field == "summary" else f"• {match.bullet}"
            grid.add("", Line().add(label, DIM), _highlighted(match))
        last_entry, last_chapter = hit.entry, match.chapter
    blocks.append(grid)
    if out.terminal:
        chapters = len({(id(h.entry), h.match.chapter.number) for h in found})
        summary = f"{plural(len(found), 'match', 'matches')} in {plural(chapters, 'chapter')}"
        if several:
            summary += f" of {plural(len({h.entry for h in found}), 'episode')}"
        blocks.append(Line().add(summary, DIM))
    out.print(*blocks)


def _position_blocks(episode_chapters: int, position: Position, url: str | None) -> list[Block]:
    line = timestamp(position.time_ms, url, "bold cyan")
    grid = chapter_grid()
    if position.chapter is not None:
        chapter = position.chapter
        line.add(f" is {format_time(position.offset_ms or 0)} into chapter "
                 f"{chapter.number} of {episode_chapters}")  # fmt: skip
        if position.remaining_ms is not None:
            line.add(f", {format_time(position.remaining_ms)} left", DIM)
        chapter_row(grid, chapter, url=url)
    else:
        line.add(" is between chapters: nothing is playing")
    if position.next is not None:
        wait = position.next.start_ms - position.time_ms
        grid.add("", "", Line().add(f"next, in {format_time(wait)}:", DIM))
        chapter_row(grid, position.next, url=url)
    blocks: list[Block] = [line, grid]
    if position.link:
        blocks.append(Line().add("open at ", DIM).add(clean(position.link)))
    return blocks


def show_positions(out: Output, result: PositionsResult) -> None:
    blocks: list[Block] = []
    for entry, position in result.positions:
        if result.several:
            if blocks:
                blocks.append(Line())
            blocks.append(entry_line(entry))
        blocks += _position_blocks(entry.chapter_count, position, entry.url)
    out.print(*blocks)


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def show_problems(out: Output, result: CheckResult) -> None:
    """One line a problem: severity, the chapter (number, time, title), the rule broken."""
    blocks: list[Block] = []
    platform = result.platform
    for episode, problems in result.checked:
        if len(result.checked) > 1:
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
            plural(n, severity)
            for severity in ("error", "warning", "info")
            if (n := sum(p.severity == severity for p in problems)) or severity == "error"
        ]
        checked = f"{plural(len(episode.chapters), 'chapter')} checked"
        checked += f" for {platform}" if platform else ""
        errors = any(p.severity == "error" for p in problems)
        blocks.append(Line().add(f"{checked}: {', '.join(counts)}",
                                 "bold red" if errors else "green"))  # fmt: skip
    out.print(*blocks)
