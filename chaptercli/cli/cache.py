"""`chapters cache`: look after the library index."""

from __future__ import annotations

import typer

from chaptercli.cli.context import emitter, finish
from chaptercli.cli.options import JsonOption
from chaptercli.errors import ChapterError


def cache_info(ctx: typer.Context, json: JsonOption = False) -> None:
    """Where the index is, its size, and how many files and episodes it holds."""
    from pathlib import Path

    from chaptercli import index
    from chaptercli.results import CacheInfoResult

    emit = emitter(ctx)
    path = index.index_path()
    counts = {"files": 0, "episodes": 0}
    size = 0
    if path.exists():
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        opened, note = index.open_index()
        if note:
            emit.note(note)
        if opened is not None:
            counts.update(opened.stats())
            opened.close()
    result = CacheInfoResult(path=str(path), exists=path.exists(), bytes=size,
                             files=counts["files"], episodes=counts["episodes"])  # fmt: skip
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
