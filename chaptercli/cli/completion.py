"""Shell completion for chapter references."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chaptercli.errors import ChapterError

if TYPE_CHECKING:
    from chaptercli.model import Chapter


def completing(choices: Callable[[str], list[str]]) -> Callable[[Any, Any, str], list[Any]]:
    """Click's completion hook for a list of choices. Click's, not Typer's
    `autocompletion`: that keeps only values that start with what was typed, in
    its case, so `VT` would offer nothing and a title found by a word inside it,
    or quoted for bash, would never be offered."""

    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(value) for value in choices(incomplete)]

    return complete


def complete_ref(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    """Click's completion hook for REF (see `completing`)."""
    from typer._click.shell_completion import CompletionItem

    return [CompletionItem(value, help=help) for value, help in ref_choices(ctx, incomplete)]


def ref_choices(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
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
    return offered(chapters, incomplete, os.environ.get("_CHAPTERS_COMPLETE", ""))


def offered(chapters: list[Chapter], typed: str, shell: str) -> list[tuple[str, str]]:
    """Numbers that start with what was typed (with their titles), and titles that
    hold it, in any case and accent. bash inserts a completion as it is given, so
    a title goes to bash quoted; zsh and fish quote what they insert themselves."""
    from chaptercli.search import fold_text

    wanted = fold_text(typed.strip("'\""))
    numbers = [(str(c.number), c.title) for c in chapters if str(c.number).startswith(wanted)]
    quote = shlex.quote if shell.startswith("complete_bash") else str
    titles = [(quote(c.title), f"chapter {c.number}") for c in chapters
              if wanted and wanted in fold_text(c.title)]  # fmt: skip
    return numbers + titles
