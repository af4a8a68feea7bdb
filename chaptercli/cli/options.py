"""The options and arguments the commands share, as Typer annotations."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from chaptercli.cli.completion import complete_ref

FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        envvar="CHAPTERS_PATH",
        show_envvar=True,
        help="A chapters file, or a directory of them (*.yaml, *.yml, searched below it); "
        "repeat for several. CHAPTERS_PATH takes several, separated by ':'. "
        "Default: the bundled episode.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
EpisodeOption = Annotated[
    str | None,
    typer.Option(
        "--episode",
        "-e",
        help="With several episodes loaded: words from one's title, or its number in "
        "`chapters episodes`.",
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Read every file afresh; do not use the index.")
]
RefArgument = Annotated[
    str,
    typer.Argument(
        help="Chapter number (7), a time (45:00, 90s) or words from its title.",
        metavar="REF",
        autocompletion=complete_ref,
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--to",
        help="Format to write: shownotes, youtube, podcast2, psc, webvtt, ffmetadata, ogm, "
        "cue, markdown, json or yaml.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]


class SearchField(str, enum.Enum):
    TITLE = "title"
    SUMMARY = "summary"
    BULLETS = "bullets"
