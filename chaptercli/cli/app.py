"""The `chapters` app: its commands, and the policy that turns every way a run
can end into one message and an exit status.

Nothing here reads the data file or imports Rich or YAML at import time, so
`--help` and `convert` are fast and work even when the data file is broken.
"""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from chaptercli.cli import cache, converting, reading, seeing
from chaptercli.cli.context import emitter
from chaptercli.errors import ChapterError
from chaptercli.render.emit import BROKEN_PIPE, ERROR, INTERNAL, INTERRUPTED, output_closed


class _ChaptersGroup(TyperGroup):
    """Turns every expected failure into one message and an exit status, in one place."""

    def invoke(self, ctx: Any) -> Any:
        if output_closed():
            raise typer.Exit(ERROR)
        emit = emitter(ctx)
        try:
            return super().invoke(ctx)
        except ChapterError as error:
            emit.error(error)
            raise typer.Exit(ERROR) from None
        except KeyboardInterrupt:
            emit.interrupted()
            raise typer.Exit(INTERRUPTED) from None
        except BrokenPipeError:
            _discard(emit.env.stdout)
            raise typer.Exit(BROKEN_PIPE) from None
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors: Click reports them
            raise
        except Exception as error:  # a bug: one line, not a traceback (CHAPTERS_DEBUG shows it)
            if os.environ.get("CHAPTERS_DEBUG"):
                raise
            emit.error(f"internal error: {type(error).__name__}: {error} (please report it; "
                       "set CHAPTERS_DEBUG=1 to see where)")  # fmt: skip
            raise typer.Exit(INTERNAL) from None


def _discard(stdout: Any) -> None:
    """The reader went away (`chapters list | head -1`): drop what is still buffered,
    so Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout has no file descriptor (as under a test runner)


app = typer.Typer(
    cls=_ChaptersGroup,
    help="Navigate, search and convert the chapters of long episodes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("list")(reading.list_chapters)
app.command()(reading.episodes)
app.command()(reading.show)
app.command()(reading.search)
app.command()(reading.at)
app.command()(reading.convert)
app.command("open")(seeing.open_chapter)
app.command()(seeing.browse)
app.command()(seeing.timeline)
app.command()(converting.export)
app.command("import")(converting.import_chapters)
app.command()(converting.check)

cache_app = typer.Typer(help="Look after the library index.", no_args_is_help=True)
cache_app.command("info")(cache.cache_info)
cache_app.command("clear")(cache.cache_clear)
app.add_typer(cache_app, name="cache")


def main() -> None:
    app(prog_name="chapters")
