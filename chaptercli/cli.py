"""The `chapters` command: parse options, call the core, hand results to rendering.

Nothing here reads the data file or imports Rich or YAML at import time, so
`--help` and `convert` are fast and work even when the data file is broken.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import typer
from typer.core import TyperGroup

from chaptercli.choices import PLATFORM_HELP, READ_HELP, WRITE_HELP, ReadName, WriteName
from chaptercli.errors import ChapterError
from chaptercli.platforms import Platform

if TYPE_CHECKING:
    from chaptercli.library import Library

EXIT_NO_MATCH = 1
EXIT_PROBLEMS = 1
EXIT_ERROR = 2
EXIT_SKIPPED = 3
EXIT_INTERNAL = 70  # EX_SOFTWARE
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


class _ChaptersGroup(TyperGroup):
    """Turns every expected failure into one message and an exit status, in one place."""

    def invoke(self, ctx: Any) -> Any:
        _run.skipped = False
        if sys.stdout is None:  # started with its output closed (`chapters list >&-`)
            if sys.stderr is not None:
                sys.stderr.write("chapters: standard output is closed\n")
            raise typer.Exit(EXIT_ERROR)
        try:
            result = self._invoke(ctx)
        except typer.Exit as done:
            raise typer.Exit(_with_skipped(done.exit_code)) from None
        except ChapterError as error:
            from chaptercli.render import error as show_error

            show_error(str(error))
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            sys.stderr.write("\ninterrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            _discard_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except (typer.Abort, typer.TyperException):  # usage errors: Click reports them
            raise
        except Exception as error:  # a bug: one line, not a traceback (CHAPTERS_DEBUG shows it)
            if os.environ.get("CHAPTERS_DEBUG"):
                raise
            sys.stderr.write(
                f"chapters: internal error: {type(error).__name__}: {error} (please report "
                "it; set CHAPTERS_DEBUG=1 to see where)\n"
            )
            raise typer.Exit(EXIT_INTERNAL) from None
        if _run.skipped:
            raise typer.Exit(EXIT_SKIPPED)
        return result

    def _invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        finally:
            for close in _run.to_close:
                close()
            _run.to_close.clear()


class _Run:
    """What one command run noticed on its way: whether any file was skipped,
    and what it opened that must be closed when it ends."""

    skipped = False
    to_close: ClassVar[list[Callable[[], None]]] = []


_run = _Run()


def _with_skipped(code: int) -> int:
    # A skipped file outranks "done" and "no match": the answer may be incomplete.
    return EXIT_SKIPPED if _run.skipped and code in (0, EXIT_NO_MATCH) else code


def _discard_stdout() -> None:
    """The reader went away (`chapters list | head -1`): drop what is still buffered,
    so Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout has no file descriptor (as under a test runner)


app = typer.Typer(
    cls=_ChaptersGroup,
    help="Navigate, search and convert the chapters of long episodes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cache_app = typer.Typer(help="Look after the library index.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        envvar="CHAPTERS_PATH",
        show_envvar=True,
        help="A chapters file, or a directory of them (*.yaml, *.yml, searched below it); "
        "repeat for several. CHAPTERS_PATH takes several, separated by ':'. "
        "Default: the bundled episode.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
EpisodeOption = Annotated[
    str | None,
    typer.Option(
        "--episode",
        "-e",
        help="With several episodes loaded: words from one's title, or its number in "
        "`chapters episodes`.",
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Read every file afresh; do not use the index.")
]


class SearchField(str, enum.Enum):
    TITLE = "title"
    SUMMARY = "summary"
    BULLETS = "bullets"


def _library(files: list[Path] | None, no_cache: bool = False) -> Library:
    """The episodes to work on. Broken files are reported once and skipped, except
    when a single file was asked for: then its problem is the answer."""
    from chaptercli import library, render

    paths = files or [library.bundled_path()]
    # The bundled episode is small and ships with the package: no index for it.
    loaded = library.load(paths, use_index=bool(files) and not no_cache, notify=render.note)
    _run.to_close.append(loaded.close)
    if not loaded.entries:
        if len(loaded.skipped) == 1:
            raise loaded.skipped[0]
        for problem in loaded.skipped:
            render.error(str(problem))
        raise ChapterError("no episode could be read from " + ", ".join(map(str, paths)))
    for problem in loaded.skipped:
        render.error(f"skipped: {problem}")
    _run.skipped = bool(loaded.skipped)
    return loaded


def _output() -> Any:
    from chaptercli.render import Output

    return Output()


@app.command("list")
def list_chapters(
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Show every chapter: number, start, end, length and title."""
    from chaptercli import jsonshape, render

    library = _library(file, no_cache)
    chosen = library.choose(episode)
    episodes = [library.episode(entry) for entry in chosen]
    if json:
        if len(episodes) == 1:
            render.write_json(jsonshape.episode_object(episodes[0]))
        else:
            render.write_json(jsonshape.library_object(library, chosen, episodes))
    else:
        render.render_lists(_output(), episodes)


@app.command()
def episodes(
    file: FileOption = None, no_cache: NoCacheOption = False, json: JsonOption = False
) -> None:
    """The episodes found: podcast, title, number of chapters, length and file."""
    from chaptercli import jsonshape, render

    library = _library(file, no_cache)
    if json:
        render.write_json(jsonshape.episodes_object(library))
    else:
        render.render_episodes(_output(), library)


def _complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for REF: chapter numbers (with their titles), and titles."""
    from chaptercli import library

    try:
        files = ctx.params.get("file") or [library.bundled_path()]
        loaded = library.load(files, use_index=bool(ctx.params.get("file")))
        entries = loaded.choose(ctx.params.get("episode"))
        chapters = [c for e in entries for c in loaded.episode(e).chapters]
    except (ChapterError, OSError):
        return []  # completion must never fail loudly
    typed = incomplete.lower()
    numbers = [(str(c.number), c.title) for c in chapters if str(c.number).startswith(typed)]
    titles = [
        (c.title, f"chapter {c.number}") for c in chapters if typed and typed in c.title.lower()
    ]
    return numbers + titles


RefArgument = Annotated[
    str,
    typer.Argument(
        help="Chapter number (7), a time (45:00, 90s) or words from its title.",
        metavar="REF",
        autocompletion=_complete_ref,
    ),
]


@app.command()
def show(
    ref: RefArgument,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Show one chapter: title, time range, summary and bullets."""
    from chaptercli import render
    from chaptercli.navigate import resolve_in_library

    library = _library(file, no_cache)
    entry, chapter = resolve_in_library(library, library.choose(episode), ref)
    if json:
        from chaptercli.jsonshape import chapter_object

        render.write_json(chapter_object(chapter))
    else:
        render.render_show(_output(), library.episode(entry), chapter)


@app.command()
def search(
    words: Annotated[
        list[str],
        typer.Argument(help="Words that must all occur in one text.", metavar="WORDS..."),
    ],
    fields: Annotated[
        list[SearchField] | None,
        typer.Option("--in", help="Search only titles, summaries or bullets (repeatable)."),
    ] = None,
    regex: Annotated[
        bool, typer.Option("--regex", "-E", help="Read each word as a regular expression.")
    ] = False,
    case_sensitive: Annotated[
        bool, typer.Option("--case-sensitive", help="Match upper and lower case exactly.")
    ] = False,
    rank: Annotated[
        bool,
        typer.Option(
            "--rank",
            help="Order by relevance across the library, matching words by their stem "
            "(optimize finds optimizations).",
        ),
    ] = False,
    file: FileOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Find chapters whose title, summary or bullets mention all the WORDS.

    Exit status 1 when nothing matches, as grep does.
    """
    from chaptercli import render
    from chaptercli.search import FIELDS, Matcher

    if rank and (regex or case_sensitive):
        raise ChapterError("--rank matches words by their stem: it cannot be combined "
                           "with --regex or --case-sensitive")  # fmt: skip
    matcher = Matcher(words, regex=regex, case_sensitive=case_sensitive)
    library = _library(file, no_cache)
    wanted = [f.value for f in fields] if fields else list(FIELDS)
    found = library.rank(words, wanted) if rank else library.search(matcher, wanted)
    if json:
        from chaptercli.jsonshape import search_object

        render.write_json(search_object(library, words, found))
    elif found:
        render.render_search(_output(), found, several=len(library) > 1)
    else:
        render.error(f"nothing matches {' '.join(words)!r}")
    if not found:
        raise typer.Exit(EXIT_NO_MATCH)


@app.command()
def at(
    time: Annotated[
        str,
        typer.Argument(
            help="A time: 45:00, 1:02:45, 1h2m, or plain seconds (2700).", metavar="TIME"
        ),
    ],
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """What is playing at TIME: the chapter, how far in, what is left, what comes next.

    With several episodes loaded and no --episode, in each episode that is that long.
    """
    from chaptercli import render
    from chaptercli.navigate import positions_in_library
    from chaptercli.times import parse_time

    ms = parse_time(time)
    library = _library(file, no_cache)
    chosen = library.choose(episode)
    positions = positions_in_library(library, chosen, ms)
    if json:
        from chaptercli import jsonshape

        if len(chosen) == 1:
            render.write_json(jsonshape.position_object(positions[0][1]))
        else:
            render.write_json(jsonshape.positions_object(library, positions))
    else:
        render.render_positions(_output(), library, positions, several=len(chosen) > 1)


@app.command()
def convert(
    times: Annotated[
        list[str],
        typer.Argument(
            help="Clock times (1:02:45, 1h2m45s) or seconds (3765).", metavar="TIMES..."
        ),
    ],
    json: JsonOption = False,
) -> None:
    """Convert clock times to seconds and seconds to clock times."""
    from chaptercli.times import looks_like_clock, parse_time

    rows = [(text, parse_time(text), looks_like_clock(text)) for text in times]
    if json:
        from chaptercli.jsonshape import conversion_object, dumps

        sys.stdout.write(dumps([conversion_object(text, ms) for text, ms, _ in rows]) + "\n")
        return
    from chaptercli.render import render_conversions

    render_conversions(_output(), rows)


@app.command("open")
def open_chapter(
    ref: RefArgument,
    print_only: Annotated[
        bool,
        typer.Option("--print", help="Print the link or the player command; run nothing."),
    ] = False,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Open the episode at a chapter: its web page at that second, or its media file
    in mpv, VLC or ffplay."""
    import shutil

    from chaptercli import render
    from chaptercli.navigate import resolve_in_library
    from chaptercli.opener import has_display, launch, plan_open
    from chaptercli.times import format_time

    library = _library(file, no_cache)
    entry, chapter = resolve_in_library(library, library.choose(episode), ref)
    plan = plan_open(library.episode(entry), chapter.start_ms, shutil.which, has_display())
    printing = print_only or plan.reason is not None
    if json:
        from chaptercli.jsonshape import plan_object

        render.write_json(plan_object(chapter, plan, opened=not printing))
    elif printing:
        if plan.reason and not print_only:
            render.note(plan.reason)
        import shlex

        sys.stdout.write((shlex.join(plan.command) if plan.command else plan.link) + "\n")
    if printing:
        return
    opened_with = launch(plan)
    render.note(f"opening chapter {chapter.number} at {format_time(chapter.start_ms)} "
                f"in {opened_with}")  # fmt: skip


@app.command()
def browse(
    file: FileOption = None, episode: EpisodeOption = None, no_cache: NoCacheOption = False
) -> None:
    """The navigator as a full-screen app: chapters, details, filter as you type, jump.

    Keys: / filter, Esc clear, g go to a time, n / p next and previous, o open, q quit.
    """
    if not sys.stdout.isatty():
        raise ChapterError("browse needs a terminal; for output to a pipe, use list or search")
    library = _library(file, no_cache)
    if episode is not None:
        library.entries = [library.one(episode)]
    from chaptercli.browse import BrowseApp

    BrowseApp(library).run()


@app.command()
def timeline(
    at: Annotated[
        str | None, typer.Option("--at", help="Mark this time on the picture.", metavar="TIME")
    ] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Save the picture as SVG.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Save the picture as HTML.")] = None,
    width: Annotated[
        int, typer.Option("--width", min=20, help="Columns of a saved picture.")
    ] = 100,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a saved picture.")] = False,
    file: FileOption = None,
    episode: EpisodeOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A picture of the episode: its chapters on one bar, a time ruler and a legend."""
    from chaptercli import render
    from chaptercli.times import parse_time

    at_ms = parse_time(at) if at is not None else None
    library = _library(file, no_cache)
    chosen = library.episode(library.one(episode))
    saved = [(kind, path) for kind, path in (("svg", svg), ("html", html)) if path is not None]
    if not saved:
        render.render_timeline(_output(), chosen, at_ms)
        return
    from chaptercli.files import write_atomic

    for kind, path in saved:
        write_atomic(path, render.timeline_picture(chosen, kind, width, at_ms), force=force)


FormatOption = Annotated[
    WriteName, typer.Option("--to", metavar="FORMAT", help=WRITE_HELP, show_default=False)
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]


def _emit(text: str, output: Path | None, force: bool) -> None:
    """File formats go out byte for byte: to a file atomically, or with a plain write."""
    if output is None:
        sys.stdout.write(text)
        return
    from chaptercli.files import write_atomic

    write_atomic(output, text, force=force)


@app.command()
def export(
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
    from chaptercli import formats

    library = _library(file, no_cache)
    chosen = library.episode(library.one(episode))
    text = formats.write(chosen, to)
    lost = formats.dropped(chosen, to)
    _emit(text, output, force)
    if lost and not quiet:
        from chaptercli.render import warn

        warn(f"{to} cannot carry the episode's {', '.join(lost)}: they were left out")


@app.command("import")
def import_chapters(
    source: Annotated[
        str,
        typer.Argument(
            help="The chapters file to read, in any supported format ('-' for stdin).",
            metavar="FILE",
        ),
    ],
    from_format: Annotated[
        ReadName | None, typer.Option("--from", metavar="FORMAT", help=READ_HELP)
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Convert a chapters file of any supported format into chaptercli's YAML."""
    from chaptercli import formats
    from chaptercli.loader import read_source

    text = read_source(source)
    _, imported = formats.read(text, "<stdin>" if source == "-" else source, from_format)
    _emit(formats.write(imported, "yaml"), output, force)


@app.command()
def check(
    platform: Annotated[
        Platform | None, typer.Option("--for", metavar="PLATFORM", help=PLATFORM_HELP)
    ] = None,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Check the chapters, and with --for, a platform's rules. Exit 1 on any error.

    Checks each file named (or found in a directory) on its own.
    """
    from chaptercli import render, rules
    from chaptercli.library import bundled_path, episodes_from_data, files_under
    from chaptercli.loader import parse_yaml, read_bytes

    results = []
    for path in files_under(file or [bundled_path()]):
        episodes, broken = episodes_from_data(parse_yaml(read_bytes(path), str(path)), str(path),
                                              strict=False)  # fmt: skip
        if broken:
            raise broken[0]
        for episode in episodes:
            problems = rules.structural(episode.chapters, episode.duration_ms)
            if platform is not None:
                problems += rules.platform(platform, episode.chapters)
            results.append((episode, problems))
    if json:
        from chaptercli.jsonshape import problem_object

        render.write_json(
            [problem_object(problem, episode) for episode, problems in results
             for problem in problems]
        )  # fmt: skip
    else:
        render.render_problems(_output(), results, platform)
    if any(p.severity == rules.ERROR for _, problems in results for p in problems):
        raise typer.Exit(EXIT_PROBLEMS)


@cache_app.command("info")
def cache_info(json: JsonOption = False) -> None:
    """Where the index is, its size, and how many files and episodes it holds."""
    from chaptercli import index, render

    path = index.index_path()
    info: dict[str, Any] = {"path": str(path), "exists": path.exists(), "bytes": 0,
                            "files": 0, "episodes": 0}  # fmt: skip
    if path.exists():
        info["bytes"] = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        opened, note = index.open_index()
        if note:
            render.note(note)
        if opened is not None:
            info.update(opened.stats())
            opened.close()
    if json:
        render.write_json(info)
    else:
        render.render_cache_info(_output(), info)


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete the index; the next command over a library builds it again."""
    from chaptercli import index, render

    removed = index.remove(index.index_path())
    render.note(f"removed {removed[0]}" if removed else "there was no index to remove")


def main() -> None:
    app(prog_name="chapters")
