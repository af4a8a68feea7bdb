"""The one writer to standard output and standard error.

A command hands its result to `Emitter.show`, which picks the person's view
(`views`, `found`, `picture`) or the JSON contract (`jsonshape`), says what
needs saying on stderr, and works out the exit status. Messages (errors,
warnings, notes) go out here too, cleaned of control characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chaptercli.errors import ChapterError
from chaptercli.render.env import Environment
from chaptercli.render.paint import DIM, Line, Output
from chaptercli.render.sanitize import clean

if TYPE_CHECKING:
    from chaptercli import results as r

# Exit statuses (the README's table).
DONE = 0
NO_MATCH = 1  # search found nothing; check found an error
ERROR = 2  # bad data or bad usage
SKIPPED = 3  # done, but files were skipped: the answer may be incomplete
INTERNAL = 70  # a bug (EX_SOFTWARE)
INTERRUPTED = 130
BROKEN_PIPE = 141  # the reader of the output went away


def output_closed() -> bool:
    """Whether the command was started with its output closed (`chapters list >&-`);
    if so, it says so on stderr (when that is open)."""
    import sys

    if sys.stdout is not None:
        return False
    if sys.stderr is not None:
        sys.stderr.write("chapters: standard output is closed\n")
    return True


class Emitter:
    def __init__(self, env: Environment) -> None:
        self.env = env

    # Messages, on stderr.

    def _to_stderr(self, prefix: str, style: str, message: str | ChapterError) -> None:
        # Each line the code meant stays one line: quoted text cannot forge another.
        lines = message.lines() if isinstance(message, ChapterError) else [message]
        first = Line().add(prefix, style).add(clean(lines[0]))
        Output(self.env, stderr=True).print(first, *(Line([clean(text)]) for text in lines[1:]))

    def error(self, message: str | ChapterError, prefix: str = "") -> None:
        self._to_stderr(f"chapters: {prefix}", "bold red", message)

    def warn(self, message: str) -> None:
        self._to_stderr("chapters: warning: ", "bold yellow", message)

    def note(self, message: str) -> None:
        self._to_stderr("chapters: ", DIM, message)

    def interrupted(self) -> None:
        self.env.write("\ninterrupted\n", stderr=True)

    # Data, on stdout, with plain writes: never wrapped or coloured.

    def json(self, value: object) -> None:
        from chaptercli.jsonshape import dumps

        self.env.write(dumps(value) + "\n")

    def text(self, text: str) -> None:
        """A file's text, byte for byte into a pipe or file; on a terminal, cleaned
        (lines and tabs kept) so no control or format character reaches it."""
        self.env.write(clean(text, one_line=False) if self.env.stdout_terminal else text)

    # Results.

    def show(self, result: r.Result, as_json: bool = False) -> int:
        """Show a result as JSON or to a person; the exit status it calls for."""
        if as_json:
            self.json(_JSON[type(result).__name__](result))
        else:
            _HUMAN[type(result).__name__](self, result)
        for warning in result.warnings:
            self.warn(warning)
        for note in result.notes:
            self.note(note)
        status = NO_MATCH if result.failed else DONE
        return SKIPPED if result.skipped and status in (DONE, NO_MATCH) else status


def _search(emitter: Emitter, result: r.SearchResult) -> None:
    if result.cite and not result.failed:
        from chaptercli.render.cite import cite

        emitter.text(cite(result))
    elif not result.failed:
        from chaptercli.render.found import show_search

        show_search(Output(emitter.env), result)
    else:
        emitter.error(f"nothing matches {' '.join(result.words)!r}")


def _open(emitter: Emitter, result: r.OpenResult) -> None:
    if result.opened:
        return  # the command opens it, then says so
    if result.plan.reason and not result.print_only:
        emitter.note(result.plan.reason)
    import shlex

    plan = result.plan
    emitter.text((shlex.join(plan.command) if plan.command else plan.link) + "\n")


def _lazy(module: str, name: str) -> Callable[[Emitter, Any], None]:
    """A view from a module imported only when it is shown."""

    def show(emitter: Emitter, result: Any) -> None:
        import importlib

        view = getattr(importlib.import_module(f"chaptercli.render.{module}"), name)
        view(Output(emitter.env), result)

    return show


# Keyed by the result class's name: this module is imported when the CLI starts, the
# results (and dataclasses) only when a command has one.
_HUMAN: dict[str, Callable[[Emitter, Any], None]] = {
    "ListResult": _lazy("views", "show_list"),
    "EpisodesResult": _lazy("views", "show_episodes"),
    "ShowResult": _lazy("views", "show_chapter"),
    "SearchResult": _search,
    "PositionsResult": _lazy("found", "show_positions"),
    "ConversionResult": _lazy("views", "show_conversions"),
    "OpenResult": _open,
    "CheckResult": _lazy("found", "show_problems"),
    "TimelineResult": _lazy("picture", "show_timeline"),
    "CacheInfoResult": _lazy("views", "show_cache_info"),
    "TextResult": lambda emitter, result: emitter.text(result.text),
    "NoteResult": lambda emitter, result: emitter.note(result.note),
    "FeedRunResult": _lazy("feedviews", "show_run"),
    "FeedListResult": _lazy("feedviews", "show_subscriptions"),
}


def _json(name: str, *fields: str) -> Callable[[Any], object]:
    """A JSON shape from jsonshape, given the result's fields."""

    def shape(result: Any) -> object:
        from chaptercli import jsonshape

        return getattr(jsonshape, name)(*(getattr(result, f) for f in fields))

    return shape


def _lazy_json(name: str) -> Callable[[Any], object]:
    """A JSON shape from jsonshape, given the whole result."""

    def shape(result: Any) -> object:
        from chaptercli import jsonshape

        return getattr(jsonshape, name)(result)

    return shape


def _list_json(result: r.ListResult) -> object:
    from chaptercli import jsonshape

    if len(result.episodes) == 1:
        return jsonshape.episode_object(result.episodes[0])
    return jsonshape.library_object(result.library, result.entries, result.episodes)


def _positions_json(result: r.PositionsResult) -> object:
    from chaptercli import jsonshape

    if result.several:
        return jsonshape.positions_object(result.library, result.positions, result.said)
    entry, position = result.positions[0]
    return jsonshape.position_object(position, result.said.get(entry))


_JSON: dict[str, Callable[[Any], object]] = {
    "ListResult": _list_json,
    "EpisodesResult": _json("episodes_object", "library"),
    "ShowResult": _json("shown_chapter_object", "chapter", "said"),
    "SearchResult": _lazy_json("search_object"),
    "PositionsResult": _positions_json,
    "ConversionResult": _json("conversions_object", "rows"),
    "OpenResult": _json("plan_object", "chapter", "plan", "opened"),
    "CheckResult": _json("problems_object", "checked"),
    "CacheInfoResult": _json("cache_info_object", "path", "exists", "bytes", "files", "episodes"),
    "FeedListResult": _json("subscriptions_object", "library", "subscriptions"),
}
