"""The `chapters` app: its commands, and the policy that turns every way a run
can end into one message and an exit status.

Nothing here reads the data file or imports Rich or YAML at import time, so
`--help` and `convert` are fast and work even when the data file is broken.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from chaptercli.cli import cache, exchange, feeds, lookup, media, viewing
from chaptercli.cli.context import emitter
from chaptercli.errors import ChapterError
from chaptercli.render.emit import BROKEN_PIPE, ERROR, INTERNAL, INTERRUPTED, output_closed


class _ChaptersGroup(TyperGroup):
    """Turns every expected failure into one message and an exit status, in one place."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """As Click's, but a usage error is one line, like the tool's own errors."""
        import sys

        arguments = _globals_first(list(sys.argv[1:] if args is None else args))
        try:
            done = super().main(
                arguments,
                prog_name or "chapters",
                complete_var,
                False,
                windows_expand_args,
                **extra,
            )
            code = done if isinstance(done, int) else 0
        except typer.TyperException as error:  # Click's usage errors, and Abort
            code = _usage_error(error, extra.get("obj"))
        except typer.Abort:
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code

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


def _usage_error(error: Any, obj: Any) -> int:
    """`chapters: no such option: --json (see chapters import -h)`, on stderr."""
    from chaptercli.render.emit import Emitter
    from chaptercli.render.env import Environment

    if type(error).__name__ == "NoArgsIsHelpError":
        return ERROR  # the help has been shown: that is the message
    context = getattr(error, "ctx", None)
    if context is not None:
        obj = context.find_root().obj
    command = context.command_path if context is not None else "chapters"
    message = error.format_message().rstrip(".")
    message = message[:1].lower() + message[1:]
    env = obj if isinstance(obj, Environment) else Environment.detect()
    Emitter(env).error(f"{message} (see {command} -h)")
    return int(getattr(error, "exit_code", ERROR))


def _globals_first(args: list[str]) -> list[str]:
    """`--color WHEN` and `--no-pager` may come anywhere before `--`: they are
    moved in front of the command, where the app's own options are read."""
    hoisted: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg.startswith("--color=") or arg == "--no-pager":
            hoisted.append(arg)
        elif arg == "--color" and index + 1 < len(args):
            hoisted += args[index : index + 2]
            index += 1
        else:
            rest.append(arg)
        index += 1
    return hoisted + rest


def _discard(stdout: Any) -> None:
    """The reader went away (`chapters list | head -1`): drop what is still buffered,
    so Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout has no file descriptor (as under a test runner)


app = typer.Typer(
    name="chapters",
    cls=_ChaptersGroup,
    help="Navigate, search and convert the chapters of long episodes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Colour(str, enum.Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        from chaptercli.render.emit import Emitter
        from chaptercli.render.env import Environment

        Emitter(Environment.detect()).text(f"chapters {version('chaptercli')}\n")
        raise typer.Exit(0)


@app.callback()
def _options(
    ctx: typer.Context,
    colour: Annotated[
        Colour,
        typer.Option(
            "--color",
            help="Colour and terminal layout: auto (on a terminal, unless NO_COLOR is set), "
            "always (as on a terminal, even into a pipe), or never. Allowed anywhere on "
            "the command line.",
            metavar="WHEN",
        ),
    ] = Colour.AUTO,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Never page long output (as PAGER=cat does)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Navigate, search and convert the chapters of long episodes."""
    env = emitter(ctx).env
    if colour is Colour.ALWAYS:
        env.stdout_terminal = env.stderr_terminal = env.colour = True
    elif colour is Colour.NEVER:
        env.colour = False
    if no_pager:
        env.pager = None


app.command("list")(lookup.list_chapters)
app.command()(lookup.episodes)
app.command()(lookup.show)
app.command()(lookup.search)
app.command()(lookup.at)
app.command()(lookup.convert)
app.command("open")(viewing.open_chapter)
app.command()(viewing.browse)
app.command()(viewing.timeline)
app.command()(exchange.export)
app.command("import")(exchange.import_chapters)
app.command()(exchange.check)
app.command()(media.embed)
app.command()(media.split)

cache_app = typer.Typer(help="Look after the library index.", no_args_is_help=True)
cache_app.command("info")(cache.cache_info)
cache_app.command("clear")(cache.cache_clear)
app.add_typer(cache_app, name="cache")

feed_app = typer.Typer(help="Fill a library from podcast feeds.", no_args_is_help=True)
feed_app.command("add")(feeds.feed_add)
feed_app.command("update")(feeds.feed_update)
feed_app.command("list")(feeds.feed_list)
feed_app.command("remove")(feeds.feed_remove)
app.add_typer(feed_app, name="feed")


def main() -> None:
    app(prog_name="chapters")
