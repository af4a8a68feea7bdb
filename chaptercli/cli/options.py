"""The options and arguments the commands share, as Typer annotations."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from chaptercli.choices import (
    PLATFORM_HELP,
    READ_HELP,
    WRITE_HELP,
    complete_format,
    complete_platform,
    complete_readable,
)
from chaptercli.cli.completion import complete_ref, completing
from chaptercli.errors import ChapterError

FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        envvar="CHAPTERS_PATH",
        show_envvar=True,
        help="A chapters file or media file, or a directory of them (*.yaml, *.yml, media, "
        "searched below it); "
        "repeat for several. CHAPTERS_PATH takes several, separated by ':'. "
        "Default: your library (filled by chapters feed) once it holds an episode, else the "
        "bundled episode.",
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
        shell_complete=complete_ref,
    ),
]


def _checked(resolve: Callable[[str], str]) -> Callable[[str | None], str | None]:
    """An option callback: the name resolved, or a usage error saying why not."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return resolve(value)
        except ChapterError as error:
            raise typer.BadParameter(error.message) from None

    return check


def _format_name(name: str) -> str:
    from chaptercli import formats

    return formats.resolve(name)


def _readable_name(name: str) -> str:
    from chaptercli import formats

    return formats.resolve(name, readable=True)


def _platform_name(name: str) -> str:
    from chaptercli.platforms import resolve_platform

    return resolve_platform(name)


FormatOption = Annotated[
    str,
    typer.Option("--to", metavar="FORMAT", help=WRITE_HELP, show_default=False,
                 callback=_checked(_format_name), shell_complete=completing(complete_format)),
]  # fmt: skip
ReadFormatOption = Annotated[
    str | None,
    typer.Option("--from", metavar="FORMAT", help=READ_HELP, callback=_checked(_readable_name),
                 shell_complete=completing(complete_readable)),
]  # fmt: skip
PlatformOption = Annotated[
    str | None,
    typer.Option("--for", metavar="PLATFORM", help=PLATFORM_HELP,
                 callback=_checked(_platform_name), shell_complete=completing(complete_platform)),
]  # fmt: skip
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically); '-' or none: to stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]


class SearchField(str, enum.Enum):
    TITLE = "title"
    SUMMARY = "summary"
    BULLETS = "bullets"
    EPISODE = "episode"
    TRANSCRIPT = "transcript"
