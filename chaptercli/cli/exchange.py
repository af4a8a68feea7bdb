"""Commands that turn chapters into files and check them: export, import, check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chaptercli.cli.context import finish, open_library, progress
from chaptercli.cli.options import (
    EpisodeOption,
    FileOption,
    ForceOption,
    FormatOption,
    JsonOption,
    NoCacheOption,
    OutputOption,
    PlatformOption,
    ReadFormatOption,
)

if TYPE_CHECKING:
    from chaptercli.results import TextResult


def _write_out(ctx: typer.Context, result: TextResult, output: Path | None, force: bool) -> None:
    """A file format goes out byte for byte: to a file atomically, or to stdout
    (no -o, or `-o -`)."""
    if output is not None and str(output) != "-":
        from dataclasses import replace

        from chaptercli.files import write_atomic

        write_atomic(output, result.text, force=force)
        result = replace(result, text="")
    finish(ctx, result)


def export(
    ctx: typer.Context,
    to: FormatOption,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not warn about what the format drops.")
    ] = False,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write an episode's chapters in another format."""
    from chaptercli import queries

    library = open_library(ctx, file, no_cache)
    _write_out(ctx, queries.export(library, episode, to, quiet), output, force)


def import_chapters(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="The chapters file to read, in any supported format ('-' for stdin).",
            metavar="FILE",
        ),
    ],
    from_format: ReadFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Convert a chapters file of any supported format into chaptercli's YAML."""
    from chaptercli import queries
    from chaptercli.loader import read_source

    if source != "-" and (imported := queries.import_media(Path(source))) is not None:
        _write_out(ctx, imported, output, force)
        return
    text = read_source(source)
    name = "<stdin>" if source == "-" else source
    _write_out(ctx, queries.import_text(text, name, from_format), output, force)


def check(
    ctx: typer.Context,
    platform: PlatformOption = None,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Check the chapters, and with --for, a platform's rules. Exit 1 on any error.

    Checks each file named (or found in a directory) on its own.
    """
    from chaptercli.checking import check_files
    from chaptercli.discovery import default_paths
    from chaptercli.platforms import resolve_platform
    from chaptercli.progress import SILENT

    chosen = None if platform is None else resolve_platform(platform)
    # The bundled episode is read directly, as the other commands read it.
    paths, mine = (file, False) if file else default_paths()
    result = check_files(paths, chosen, bool(file) or mine, progress(ctx) or SILENT)
    finish(ctx, result, json)
