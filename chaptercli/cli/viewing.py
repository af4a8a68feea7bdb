"""Commands that show an episode or open it: timeline, open, browse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chaptercli.cli.context import emitter, finish, open_library
from chaptercli.cli.options import (
    EpisodeOption,
    FileOption,
    JsonOption,
    NoCacheOption,
    RefArgument,
)
from chaptercli.errors import ChapterError


def timeline(
    ctx: typer.Context,
    at: Annotated[
        str | None, typer.Option("--at", help="Mark this time on the picture.", metavar="TIME")
    ] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Save the picture as SVG.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Save the picture as HTML.")] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width", min=20, help="Columns: the terminal's by default, 100 for a saved picture."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a saved picture.")] = False,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A picture of the episode: its chapters on one bar, a time ruler and a legend."""
    from chaptercli import queries
    from chaptercli.times import parse_time

    at_ms = parse_time(at) if at is not None else None
    result = queries.timeline(open_library(ctx, file, no_cache), episode, at_ms, width)
    saved = [(kind, path) for kind, path in (("svg", svg), ("html", html)) if path is not None]
    if not saved:
        finish(ctx, result)
        return
    from chaptercli.files import write_atomic
    from chaptercli.render.picture import timeline_picture

    for kind, path in saved:
        picture = timeline_picture(result.episode, kind, width or 100, at_ms)
        write_atomic(path, picture, force=force)


def open_chapter(
    ctx: typer.Context,
    ref: RefArgument,
    print_only: Annotated[
        bool,
        typer.Option("--print", help="Print the link or the player command; run nothing."),
    ] = False,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Open the episode at a chapter: its web page at that second, or its media file
    in mpv, VLC or ffplay."""
    import shutil

    from chaptercli import queries
    from chaptercli.launch import has_display, launch
    from chaptercli.times import format_time

    library = open_library(ctx, file, no_cache)
    result = queries.open_chapter(library, episode, ref, print_only, shutil.which, has_display())
    emit = emitter(ctx)
    status = emit.show(result, json)
    if result.opened:
        opened_with = launch(result.plan)
        chapter = result.chapter
        emit.note(f"opening chapter {chapter.number} at {format_time(chapter.start_ms)} "
                  f"in {opened_with}")  # fmt: skip
    if status:
        raise typer.Exit(status)


def browse(
    ctx: typer.Context,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The navigator as a full-screen app: chapters, details, filter as you type, jump.

    Keys: / filter, Esc clear, g go to a time, n / p next and previous, o open, q quit.
    """
    if not emitter(ctx).env.stdout.isatty():
        raise ChapterError("browse needs a terminal; for output to a pipe, use list or search")
    library = open_library(ctx, file, no_cache)
    if episode is not None:
        library.entries = [library.one(episode)]
    from chaptercli.browse import BrowseApp

    BrowseApp(library).run()
