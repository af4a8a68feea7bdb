"""What one run of a command carries: its terminal environment, its emitter, the
library it opened. Kept on Click's context, so nothing is module-global."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from chaptercli.errors import ChapterError

if TYPE_CHECKING:
    from chaptercli.library import Library
    from chaptercli.progress import Progress
    from chaptercli.render.emit import Emitter
    from chaptercli.results import Result


def emitter(ctx: Any) -> Emitter:
    """The run's emitter, over the environment the run was given (or detected)."""
    from chaptercli.render.emit import Emitter
    from chaptercli.render.env import Environment

    root = ctx.find_root()
    if not isinstance(root.obj, Environment):
        root.obj = Environment.detect()
    if "chapters.emitter" not in root.meta:
        root.meta["chapters.emitter"] = Emitter(root.obj)
    found: Emitter = root.meta["chapters.emitter"]
    return found


def load_library(
    files: list[Path] | None,
    no_cache: bool,
    notify: Callable[[str], None],
    report: Callable[[ChapterError, str], None],
    progress: Progress | None = None,
) -> Library:
    """The episodes to work on: the files given, else the user's library when it
    holds any (said in a note), else the bundled episode (read directly: it is
    small and ships with the package). Broken files are
    reported and skipped, except when a single file was asked for: then its
    problem is the answer."""
    from chaptercli import library
    from chaptercli.discovery import default_paths
    from chaptercli.progress import SILENT

    if files and any(str(path) == "-" for path in files):
        if len(files) > 1:
            raise ChapterError("-f - reads one chapters file from standard input: name no "
                               "other file with it")  # fmt: skip
        return library.from_stdin()
    paths, mine = (files, False) if files else default_paths()
    if mine:
        notify(f"reading your library {paths[0]} (-f or CHAPTERS_PATH reads other files)")
    loaded = library.load(paths, use_index=(bool(files) or mine) and not no_cache,
                          notify=notify, progress=progress or SILENT)  # fmt: skip
    if not loaded.entries:
        loaded.close()
        if len(loaded.skipped) == 1:
            raise loaded.skipped[0]
        for problem in loaded.skipped:
            report(problem, "")
        raise ChapterError("no episode could be read from " + ", ".join(map(str, paths)))
    named = {str(path) for path in paths}
    chapterless = [p for p in loaded.skipped if _chapterless_media(p, named)]
    if chapterless:  # a music folder is full of them: not one line (and exit 3) each
        loaded.skipped = [p for p in loaded.skipped if p not in chapterless]
        count = len(chapterless)
        notify(f"passed over {count} media file{'s' * (count > 1)} without chapters")
    for problem in loaded.skipped:
        report(problem, "skipped: ")
    return loaded


def _chapterless_media(problem: ChapterError, named: set[str]) -> bool:
    """A media file without chapters that a directory walk came upon."""
    from chaptercli.errors import DataError
    from chaptercli.media.kinds import NO_CHAPTERS

    only = problem.problems if isinstance(problem, DataError) else []
    return (isinstance(problem, DataError) and problem.source not in named
            and len(only) == 1 and only[0].endswith(NO_CHAPTERS))  # fmt: skip


def progress(ctx: Any) -> Progress | None:
    """How reading files into the index is shown: a bar on a terminal's stderr."""
    env = emitter(ctx).env
    if not env.stderr_terminal:
        return None
    from chaptercli.render.progress import TerminalProgress

    return TerminalProgress(env)


def open_library(ctx: Any, files: list[Path] | None, no_cache: bool = False) -> Library:
    """The command's library, closed when the command ends."""
    emit = emitter(ctx)
    loaded = load_library(files, no_cache, emit.note, emit.error, progress(ctx))
    ctx.call_on_close(loaded.close)
    return loaded


def finish(ctx: Any, result: Result, as_json: bool = False) -> None:
    """Show the result; exit with the status it calls for."""
    status = emitter(ctx).show(result, as_json)
    if status:
        raise typer.Exit(status)
