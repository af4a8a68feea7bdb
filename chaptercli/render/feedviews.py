"""What `chapters feed` shows a person: what a run wrote, and a library's
subscriptions. Every title and URL comes from a feed: shown through `clean`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chaptercli.render.paint import DIM, Grid, Line, Output
from chaptercli.render.sanitize import clean

if TYPE_CHECKING:
    from chaptercli.results import FeedListResult, FeedRunResult


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def show_run(out: Output, result: FeedRunResult) -> None:
    """A line a feed: what it wrote, or that it had not changed."""
    lines = []
    for feed in result.outcome.feeds:
        line = Line().add(clean(feed.title) or "(untitled feed)", "bold").add(" ")
        line.add(clean(feed.url), DIM).add(": ")
        if feed.failed:
            line.add("failed (said above)", "red")
        elif feed.not_modified:
            line.add("not modified since the last fetch: nothing written")
        else:
            done = [f"{_count(feed.written, 'episode')} written"]
            if feed.unchanged:
                done.append(f"{feed.unchanged} unchanged")
            if feed.without_chapters:
                done.append(f"{feed.without_chapters} without chapters")
            line.add(", ".join(done))
        lines.append(line)
    lines.append(Line().add("library: ", DIM).add(clean(str(result.outcome.library))))
    out.print(*lines)


def show_subscriptions(out: Output, result: FeedListResult) -> None:
    """Each feed, then its items: title, where the chapters came from, file."""
    blocks: list[Line | Grid] = [Line().add("library: ", DIM).add(clean(str(result.library)))]
    if not result.subscriptions:
        blocks.append(Line().add("no feeds yet: chapters feed add URL subscribes to one"))
    for feed in result.subscriptions:
        title = clean(feed.title) or "(not fetched yet)"
        blocks.append(Line().add(title, "bold").add(" ").add(clean(feed.url), DIM))
        grid = Grid(justify=["left", "left", "left"], styles=["", DIM, DIM])
        for record in feed.episodes:
            source = record.chapters_from or "no chapters"
            if record.transcript:
                source += " + transcript"
            grid.add("  " + (clean(record.title) or "(untitled)"), clean(source),
                     record.file or "-")  # fmt: skip
        if feed.episodes:
            blocks.append(grid)
    out.print(*blocks)
