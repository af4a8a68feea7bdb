"""Shell completion for chapter references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chaptercli.errors import ChapterError


def complete_ref(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Chapter numbers (with their titles), and titles, of the episodes the
    command line names, loaded as the command itself would load them."""
    from chaptercli.cli.context import load_library

    def ignore(*message: object) -> None:
        pass  # completion must never print

    # While completing, Click has not converted the options yet: -f holds strings.
    files = [Path(name) for name in ctx.params.get("file") or ()]
    try:
        loaded = load_library(files, False, notify=ignore, report=ignore)
        try:
            entries = loaded.choose(ctx.params.get("episode"))
            chapters = [c for e in entries for c in loaded.episode(e).chapters]
        finally:
            loaded.close()
    except (ChapterError, OSError, ValueError):
        return []  # completion must never fail loudly
    typed = incomplete.lower()
    numbers = [(str(c.number), c.title) for c in chapters if str(c.number).startswith(typed)]
    titles = [
        (c.title, f"chapter {c.number}") for c in chapters if typed and typed in c.title.lower()
    ]
    return numbers + titles
