"""How search matches, positions in time and check problems look to a person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from chaptercli.render.paint import DIM, HIGHLIGHT, Block, Grid, Line, Output, line_text
from chaptercli.render.sanitize import clean
from chaptercli.render.views import (
    chapter_grid,
    chapter_row,
    entry_line,
    plural,
    said_grid,
    speaker_line,
    timestamp,
)
from chaptercli.times import format_time

if TYPE_CHECKING:
    from chaptercli.entries import Entry
    from chaptercli.model import Chapter
    from chaptercli.navigate import Position
    from chaptercli.results import Checked, CheckResult, PositionsResult, SearchResult
    from chaptercli.search import Match


def _highlighted(text: str, spans: tuple[tuple[int, int], ...], style: str = "") -> Line:
    # Spans index the original text; `clean` may drop characters, so clean piecewise.
    line = Line()
    cursor = 0
    for start, end in spans:
        line.add(clean(text[cursor:start]), style)
        line.add(clean(text[start:end]), f"{style} {HIGHLIGHT}".strip())
        cursor = end
    line.add(clean(text[cursor:]), style)
    return line


def _label(match: Match) -> str:
    """Which text matched, in words a pipe keeps: title, summary, bullet 3."""
    return f"bullet {match.bullet}" if match.field == "bullet" else match.field


def _match_grid() -> Grid:
    """Rows of (number, time, which text matched, the text); text wraps in its column."""
    return Grid(justify=["right", "right", "left", "left"], styles=[DIM, "", DIM, ""])


def show_search(out: Output, result: SearchResult) -> None:
    """Matches grouped by chapter (and by episode, with several loaded), each row
    saying which text matched."""
    # A pipe's lines straight from the matches; transcript matches (a row for when
    # and by whom, a row for the link) go the painted way, as on a terminal.
    if not out.terminal and not any(hit.match.time_ms is not None for hit in result.found):
        out.lines(_plain_search(result))
        return
    several = len(result.library) > 1
    blocks: list[Block] = []
    grid = _match_grid()
    last_entry: Entry | None = None
    for group in result.groups():
        if several and group.entry != last_entry:
            if grid.rows:
                blocks += [grid, Line()]
                grid = _match_grid()
            blocks.append(entry_line(group.entry))
        elif grid.rows and out.terminal:
            grid.add("", "", "", "")
        last_entry = group.entry
        if group.chapter is None:
            grid.add("", "", "episode", _highlighted(group.entry.title, group.title_spans, "bold"))
            continue
        chapter = group.chapter
        titled = next((m for m in group.matches if m.field == "title"), None)
        heading = (_highlighted(titled.text, titled.spans, "bold") if titled
                   else Line().add(clean(chapter.title), "bold"))  # fmt: skip
        stamp = timestamp(chapter.start_ms, group.entry.url)
        grid.add(str(chapter.number), stamp, "title" if titled else "", heading)
        for match in group.matches:
            if match.time_ms is not None:
                _said_rows(grid, match, match.time_ms, group.entry.url)
            elif match is not titled:
                grid.add("", "", _label(match), _highlighted(match.text, match.spans))
    blocks.append(grid)
    if out.terminal:
        blocks.append(Line().add(_summary(result, several), DIM))
    out.print(*blocks)


def _plain_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """What `_highlighted` shows in a pipe: the text, cleaned piece by piece."""
    if text.isprintable():
        return text
    return line_text(_highlighted(text, spans))


def _plain_search(result: SearchResult) -> Iterator[str]:
    """The search view for a pipe, as `Output` would paint its lines and grids there
    (one grid per episode, its columns padded), made straight from the matches."""
    several = len(result.library) > 1
    rows: list[tuple[str, str, str, str]] = []
    last_entry: Entry | None = None
    for group in result.groups():
        if several and group.entry != last_entry:
            if rows:
                yield from _plain_grid(rows)
                yield ""
                rows = []
            yield line_text(entry_line(group.entry))
        last_entry = group.entry
        if group.chapter is None:
            rows.append(("", "", "episode", _plain_text(group.entry.title, group.title_spans)))
            continue
        chapter = group.chapter
        titled = next((m for m in group.matches if m.field == "title"), None)
        heading = _plain_text(titled.text, titled.spans) if titled else clean(chapter.title)
        rows.append((str(chapter.number), format_time(chapter.start_ms),
                     "title" if titled else "", heading))  # fmt: skip
        rows += [("", "", _label(m), _plain_text(m.text, m.spans))
                 for m in group.matches if m is not titled]  # fmt: skip
    yield from _plain_grid(rows)


def _plain_grid(rows: list[tuple[str, str, str, str]]) -> Iterator[str]:
    """Rows of (number, time, label, text) as `_match_grid` paints them in a pipe."""
    number = max(len(row[0]) for row in rows)
    time = max(len(row[1]) for row in rows)
    label = max(len(row[2]) for row in rows)
    for first, second, third, text in rows:
        yield f"{first:>{number}} {second:>{time}} {third:<{label}} {text}".rstrip()


def _said_rows(grid: Grid, match: Match, ms: int, url: str | None) -> None:
    """A match in a transcript: when it was said (a link there), by whom, the words;
    then the link that opens the episode at that second, for a pipe too."""
    from chaptercli.navigate import link_at

    words = _highlighted(match.text, match.spans)
    grid.add("", timestamp(ms, url), "said", speaker_line(match.speaker, words))
    link = link_at(url, ms) if url else None
    if link:
        grid.add("", "", "", Line().add("open at ", DIM).add(clean(link)))


def _summary(result: SearchResult, several: bool) -> str:
    found = result.found
    chapters = len({(h.entry, h.match.chapter.number) for h in found})
    count = len(found) + len(result.episode_titles)
    summary = f"{plural(count, 'match', 'matches')} in {plural(chapters, 'chapter')}"
    if result.episode_titles:
        summary += f" and {plural(len(result.episode_titles), 'episode title')}"
    if several:
        episodes = {h.entry for h in found} | {entry for entry, _ in result.episode_titles}
        summary += f" of {plural(len(episodes), 'episode')}"
    return summary


def _where(position: Position, episode_chapters: int) -> tuple[str, str]:
    """What follows the time: where it falls, and (dimmed) how long is left."""
    chapter = position.chapter
    if chapter is None:
        return " is between chapters: nothing is playing", ""
    left = "" if position.remaining_ms is None else f", {format_time(position.remaining_ms)} left"
    return (f" is {format_time(position.offset_ms or 0)} into chapter {chapter.number} "
            f"of {episode_chapters}", left)  # fmt: skip


def _next(position: Position, upcoming: Chapter) -> str:
    return f"next, in {format_time(upcoming.start_ms - position.time_ms)}:"


def _position_blocks(episode_chapters: int, position: Position, url: str | None) -> list[Block]:
    line = timestamp(position.time_ms, url, "bold cyan")
    grid = chapter_grid()
    where, left = _where(position, episode_chapters)
    line.add(where)
    if left:
        line.add(left, DIM)
    if position.chapter is not None:
        chapter_row(grid, position.chapter, url=url)
    if position.next is not None:
        grid.add("", "", Line().add(_next(position, position.next), DIM))
        chapter_row(grid, position.next, url=url)
    blocks: list[Block] = [line, grid]
    if position.link:
        blocks.append(Line().add("open at ", DIM).add(clean(position.link)))
    return blocks


def _plain_positions(result: PositionsResult) -> Iterator[str]:
    """The positions view for a pipe, as `Output` would paint its lines and grids
    there, made straight from the positions."""
    for number, (entry, position) in enumerate(result.positions):
        if result.several:
            if number:
                yield ""
            yield line_text(entry_line(entry))
        where, left = _where(position, entry.chapter_count)
        yield format_time(position.time_ms) + where + left
        rows = []
        if position.chapter is not None:
            rows.append(_plain_row(position.chapter))
        if position.next is not None:
            rows += [("", "", _next(position, position.next)), _plain_row(position.next)]
        if rows:
            number_width = max(len(row[0]) for row in rows)
            time_width = max(len(row[1]) for row in rows)
            for first, second, text in rows:
                yield f"{first:>{number_width}} {second:>{time_width}} {text}".rstrip()
        if position.link:
            yield "open at " + clean(position.link)


def _plain_row(chapter: Chapter) -> tuple[str, str, str]:
    """A chapter as `chapter_row` lays it out, in a pipe."""
    return str(chapter.number), format_time(chapter.start_ms), clean(chapter.title)


def show_positions(out: Output, result: PositionsResult) -> None:
    # A pipe's lines straight from the positions, unless a transcript says what was
    # being said: that goes the painted way, as on a terminal.
    if not out.terminal and not result.said:
        out.lines(_plain_positions(result))
        return
    blocks: list[Block] = []
    for entry, position in result.positions:
        if result.several:
            if blocks:
                blocks.append(Line())
            blocks.append(entry_line(entry))
        blocks += _position_blocks(entry.chapter_count, position, entry.url)
        said = result.said.get(entry)
        if said is not None:
            heading = "said then:" if said else "said then: nothing (a pause in the transcript)"
            blocks += [Line().add(heading, DIM), said_grid(said, entry.url)] if said else [
                Line().add(heading, DIM)]  # fmt: skip
    out.print(*blocks)


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def show_problems(out: Output, result: CheckResult) -> None:
    """One line a problem: severity, the chapter (number, time, title), the rule
    broken; with several files or episodes, each under its name."""
    blocks: list[Block] = []
    for item in result.checked:
        if len(result.checked) > 1:
            blocks.append(Line().add(clean(item.source), "bold"))
        for problem in item.problems:
            line = Line().add(f"{problem.severity}: ", _SEVERITY_STYLE[problem.severity])
            if problem.chapter is not None:
                chapter = problem.chapter
                line.add(f"chapter {chapter.number} at {format_time(chapter.start_ms)} ")
                line.add(f'"{clean(chapter.title)}"', "bold").add(": ")
            line.add(clean(problem.message)).add(f" [{problem.rule}]", DIM)
            blocks.append(line)
        blocks.append(_tally(item, result.platform))
    out.print(*blocks)


def _tally(item: Checked, platform: str | None) -> Line:
    problems = item.problems
    counts = [
        plural(n, severity)
        for severity in ("error", "warning", "info")
        if (n := sum(p.severity == severity for p in problems)) or severity == "error"
    ]
    if item.chapters is None:
        checked = "could not be loaded"
    else:
        checked = f"{plural(item.chapters, 'chapter')} checked"
        checked += f" for {platform}" if platform else ""
    errors = any(p.severity == "error" for p in problems)
    return Line().add(f"{checked}: {', '.join(counts)}", "bold red" if errors else "green")
