"""`chapters feed add|update|list|remove`: a library that fills itself from podcast
feeds. httpx, Rich's progress bars and the feeds package are imported by these
commands only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chaptercli.cli.context import emitter, finish
from chaptercli.cli.options import JsonOption

if TYPE_CHECKING:
    from chaptercli.feeds.sync import Outcome, Run

IntoOption = Annotated[
    Path | None,
    typer.Option(
        "--into",
        metavar="DIR",
        help="The library to fill: a directory of chapters files. Default: your library "
        "(the platform's user data directory, e.g. ~/.local/share/chaptercli/library), "
        "which commands read when no -f or CHAPTERS_PATH is given.",
    ),
]


def _library(into: Path | None) -> Path:
    from chaptercli.discovery import user_library

    return into if into is not None else user_library()


def _run(ctx: typer.Context, into: Path | None, action: Callable[[Run], Outcome]) -> None:
    """Runs a fetch with progress bars (on a terminal), names each failure once on
    stderr, then shows what was written; exit status 3 if anything failed."""
    import os

    from chaptercli.feeds.client import Limits, user_agent
    from chaptercli.feeds.sync import Run
    from chaptercli.render.fetching import progress_bars
    from chaptercli.results import FeedRunResult

    emit = emitter(ctx)
    limits = Limits.from_environment(os.environ)
    with progress_bars(emit.env) as bars, Run(_library(into), limits, user_agent(), bars) as run:
        outcome = action(run)
    for failure in outcome.failures:
        emit.error(failure)
    finish(ctx, FeedRunResult(outcome=outcome, skipped=len(outcome.failures)))


def feed_add(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(help="The feed: an http(s) URL, or a local feed file.", metavar="SOURCE"),
    ],
    into: IntoOption = None,
) -> None:
    """Subscribe to a podcast feed and write each episode that has chapters."""
    _run(ctx, into, lambda run: run.add(source))


def feed_update(ctx: typer.Context, into: IntoOption = None) -> None:
    """Fetch every subscribed feed again; an unchanged feed costs one request."""
    _run(ctx, into, lambda run: run.update())


def feed_list(ctx: typer.Context, into: IntoOption = None, json: JsonOption = False) -> None:
    """The subscribed feeds and their episodes (those without chapters too)."""
    from chaptercli.feeds.subscriptions import load
    from chaptercli.results import FeedListResult

    library = _library(into)
    finish(ctx, FeedListResult(library=library, subscriptions=load(library)), json)


def feed_remove(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed's URL (or file), as `feed list` shows it.")],
    into: IntoOption = None,
) -> None:
    """Unsubscribe from a feed and delete the files written for it."""
    from chaptercli.feeds.sync import remove
    from chaptercli.results import NoteResult

    library = _library(into)
    gone = remove(library, url)
    written = sum(1 for record in gone.episodes if record.file)
    finish(ctx, NoteResult(note=f"unsubscribed from {gone.url}; deleted its {written} "
                                f"chapters files from {library}"))  # fmt: skip
