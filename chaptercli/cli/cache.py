"""`chapters cache`: look after the library index."""

from __future__ import annotations

import typer

from chaptercli.cli.context import emitter, finish
from chaptercli.cli.options import JsonOption
from chaptercli.errors import ChapterError


def cache_info(ctx: typer.Context, json: JsonOption = False) -> None:
    """Where the index is, its size, and how many files and episodes it holds."""
    from chaptercli import index
    from chaptercli.results import CacheInfoResult

    found = index.info()
    if found.note:
        emitter(ctx).note(found.note)
    result = CacheInfoResult(path=str(found.path), exists=found.exists, bytes=found.bytes,
                             files=found.files, episodes=found.episodes)  # fmt: skip
    finish(ctx, result, json)


def cache_clear(ctx: typer.Context) -> None:
    """Delete the index; the next command over a library builds it again."""
    from chaptercli import index
    from chaptercli.results import NoteResult

    path = index.index_path()
    try:
        removed = index.remove(path)
    except OSError as error:
        raise ChapterError(f"cannot remove the index {path}: {error.strerror or error}") from None
    note = f"removed {removed[0]}" if removed else "there was no index to remove"
    finish(ctx, NoteResult(note=note))
