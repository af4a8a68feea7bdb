"""Commands that read chapters: list, episodes, show, search, at, convert."""

from __future__ import annotations

from typing import Annotated

import typer

from chaptercli.cli.context import finish, open_library
from chaptercli.cli.options import (
    EpisodeOption,
    FileOption,
    JsonOption,
    NoCacheOption,
    RefArgument,
    SearchField,
)


def list_chapters(
    ctx: typer.Context,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Show every chapter: number, start, end, length and title."""
    from chaptercli import queries

    finish(ctx, queries.list_episodes(open_library(ctx, file, no_cache), episode), json)


def episodes(
    ctx: typer.Context,
    file: FileOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """The episodes found: podcast, title, number of chapters, length and file."""
    from chaptercli.results import EpisodesResult

    library = open_library(ctx, file, no_cache)
    finish(ctx, EpisodesResult(library=library, skipped=len(library.skipped)), json)


def show(
    ctx: typer.Context,
    ref: RefArgument,
    file: FileOption = None,
    episode: EpisodeOption = None,
    transcript: Annotated[
        bool,
        typer.Option("--transcript", help="Also what was said in it, from the transcript."),
    ] = False,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Show one chapter: title, time range, summary and bullets (and, with
    --transcript, what was said in it, with times and speakers)."""
    from chaptercli import queries

    library = open_library(ctx, file, no_cache)
    finish(ctx, queries.show_chapter(library, episode, ref, transcript), json)


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(help="Words that must all occur in one text.", metavar="WORDS..."),
    ],
    fields: Annotated[
        list[SearchField] | None,
        typer.Option(
            "--in",
            help="Search only chapter titles, summaries, bullets, episode titles or "
            "transcripts (repeatable).",
        ),
    ] = None,
    word: Annotated[
        bool,
        typer.Option("--word", "-w", help="Match whole words only (AI does not find daily)."),
    ] = False,
    regex: Annotated[
        bool, typer.Option("--regex", "-E", help="Read each word as a regular expression.")
    ] = False,
    case_sensitive: Annotated[
        bool, typer.Option("--case-sensitive", help="Match upper and lower case exactly.")
    ] = False,
    rank: Annotated[
        bool,
        typer.Option(
            "--rank",
            help="Order by relevance across the library, matching words by their stem "
            "(optimize finds optimizations).",
        ),
    ] = False,
    cite: Annotated[
        bool,
        typer.Option(
            "--cite", help="Print each match as a Markdown quote: speaker, episode, time and link."
        ),
    ] = False,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Find chapters whose title, summary or bullets, episodes whose title, and
    the moments in transcripts that mention all the WORDS. Quoted words
    ('"export controls"') match as a phrase.

    Exit status 1 when nothing matches, as grep does.
    """
    from chaptercli import queries

    matcher = queries.matcher_for(words, regex, case_sensitive, rank, word)
    wanted = [f.value for f in fields or SearchField]
    library = open_library(ctx, file, no_cache)
    result = queries.search_library(library, matcher, words, wanted, rank, episode, cite)
    finish(ctx, result, json)


def at(
    ctx: typer.Context,
    time: Annotated[
        str,
        typer.Argument(
            help="A time: 45:00, 1:02:45, 1h2m, or plain seconds (2700).", metavar="TIME"
        ),
    ],
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """What is playing at TIME: the chapter, how far in, what is left, what comes next.

    With several episodes loaded and no --episode, in each episode that is that long.
    """
    from chaptercli import queries
    from chaptercli.times import parse_time

    ms = parse_time(time)
    finish(ctx, queries.positions(open_library(ctx, file, no_cache), episode, ms), json)


def convert(
    ctx: typer.Context,
    times: Annotated[
        list[str],
        typer.Argument(
            help="Clock times (1:02:45, 1h2m45s) or seconds (3765).", metavar="TIMES..."
        ),
    ],
    json: JsonOption = False,
) -> None:
    """Convert clock times to seconds and seconds to clock times."""
    from chaptercli.results import ConversionResult
    from chaptercli.times import looks_like_clock, parse_time

    rows = [(text, parse_time(text), looks_like_clock(text)) for text in times]
    finish(ctx, ConversionResult(rows=rows), json)
