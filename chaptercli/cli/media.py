"""Commands that write media files: embed (chapters into a media file) and split
(a media file into one file a chapter)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chaptercli.cli.context import finish, open_library
from chaptercli.cli.options import EpisodeOption, FileOption, ForceOption, NoCacheOption

if TYPE_CHECKING:
    from chaptercli.model import Episode

MediaArgument = Annotated[
    Path,
    typer.Argument(
        help="The media file: MP3, MP4/M4A/M4B, Matroska/WebM, Ogg/Opus or FLAC.",
        metavar="MEDIA",
    ),
]


def _episode(
    ctx: typer.Context, file: list[Path] | None, episode: str | None, no_cache: bool
) -> Episode:
    """The one episode whose chapters go into the media (-f, else the default)."""
    library = open_library(ctx, file, no_cache)
    return library.episode(library.one(episode))


def embed(
    ctx: typer.Context,
    media: MediaArgument,
    file: FileOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write a new media file here instead of changing MEDIA."
        ),
    ] = None,
    force: ForceOption = False,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the chapters (from -f) into a media file, streams copied untouched."""
    from chaptercli.media.embed import embed as embed_chapters
    from chaptercli.results import NoteResult

    chosen = _episode(ctx, file, episode, no_cache)
    count, warnings = embed_chapters(media, chosen, output, force)
    note = f"wrote {count} chapters into {output or media}"
    finish(ctx, NoteResult(note=note, warnings=warnings))


def split(
    ctx: typer.Context,
    media: MediaArgument,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The directory to write one file a chapter into."),
    ],
    file: FileOption = None,
    hidden: Annotated[
        bool, typer.Option("--hidden/--no-hidden", help="Make files of hidden chapters too.")
    ] = False,
    force: ForceOption = False,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Cut a media file into one file a chapter (stream copy, no re-encoding)."""
    from chaptercli.media.split import split as split_media
    from chaptercli.results import NoteResult

    written = split_media(media, _episode(ctx, file, episode, no_cache), output, hidden, force)
    finish(ctx, NoteResult(note=f"wrote {len(written)} files into {output}"))
