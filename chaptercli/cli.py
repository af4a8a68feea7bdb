"""The `chapters` command: parse options, call the core, hand results to rendering.

Nothing here reads the data file or imports Rich or YAML at import time, so
`--help` and `convert` are fast and work even when the data file is broken.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from chaptercli.errors import ChapterError

if TYPE_CHECKING:
    from chaptercli.model import Episode

EXIT_NO_MATCH = 1
EXIT_PROBLEMS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


class _ChaptersGroup(TyperGroup):
    """Turns every expected failure into one message and an exit status, in one place."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
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
    help="Navigate, search and convert the chapters of a long episode.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        envvar="CHAPTERS_PATH",
        show_envvar=True,
        help="Chapters YAML file to read (default: the bundled episode).",
        dir_okay=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]


class SearchField(str, enum.Enum):
    TITLE = "title"
    SUMMARY = "summary"
    BULLETS = "bullets"


def _episode(file: Path | None) -> Episode:
    from chaptercli.loader import bundled_path, load_episode

    return load_episode(file if file is not None else bundled_path())


def _output() -> Any:
    from chaptercli.render import Output

    return Output()


@app.command("list")
def list_chapters(file: FileOption = None, json: JsonOption = False) -> None:
    """Show every chapter: number, start, end, length and title."""
    from chaptercli import render

    episode = _episode(file)
    if json:
        from chaptercli.jsonshape import episode_object

        render.write_json(episode_object(episode))
    else:
        render.render_list(_output(), episode)


@app.command()
def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="Chapter number (7), a time (45:00, 90s) or words from its title.",
            metavar="REF",
        ),
    ],
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Show one chapter: title, time range, summary and bullets."""
    from chaptercli import render
    from chaptercli.navigate import resolve_ref

    episode = _episode(file)
    chapter = resolve_ref(episode, ref)
    if json:
        from chaptercli.jsonshape import chapter_object

        render.write_json(chapter_object(chapter))
    else:
        render.render_show(_output(), episode, chapter)


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
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Find chapters whose title, summary or bullets mention all the WORDS.

    Exit status 1 when nothing matches, as grep does.
    """
    from chaptercli import render
    from chaptercli.search import FIELDS, Matcher
    from chaptercli.search import search as run_search

    matcher = Matcher(words, regex=regex, case_sensitive=case_sensitive)
    episode = _episode(file)
    wanted = [f.value for f in fields] if fields else list(FIELDS)
    matches = run_search(episode, matcher, wanted)
    if json:
        from chaptercli.jsonshape import search_object

        render.write_json(search_object(words, matches))
    elif matches:
        render.render_search(_output(), matches)
    else:
        render.error(f"nothing matches {' '.join(words)!r}")
    if not matches:
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
    json: JsonOption = False,
) -> None:
    """What is playing at TIME: the chapter, how far in, what is left, what comes next."""
    from chaptercli import render
    from chaptercli.navigate import position_at
    from chaptercli.times import parse_time

    ms = parse_time(time)
    episode = _episode(file)
    position = position_at(episode, ms)
    if json:
        from chaptercli.jsonshape import position_object

        render.write_json(position_object(position))
    else:
        render.render_position(_output(), episode, position)


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


FormatOption = Annotated[
    str,
    typer.Option(
        "--to",
        help="Format to write: shownotes, youtube, podcast2, psc, webvtt, ffmetadata, ogm, "
        "cue, markdown, json or yaml.",
        show_default=False,
    ),
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
) -> None:
    """Write the episode's chapters in another format."""
    from chaptercli import formats

    formats.get(to)  # an unknown format is an error before anything is read
    episode = _episode(file)
    text = formats.write(episode, to)
    lost = formats.dropped(episode, to)
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
        str | None,
        typer.Option(
            "--from",
            help="Its format, when detection guesses wrong: shownotes, youtube, podcast2, "
            "psc, webvtt, ffmetadata, ogm, cue, json or yaml.",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Convert a chapters file of any supported format into chaptercli's YAML."""
    from chaptercli import formats
    from chaptercli.formats import chaptersyaml
    from chaptercli.loader import read_source

    if from_format is not None:
        formats.get(from_format)
    text = read_source(source)
    _, episode = formats.read(text, "<stdin>" if source == "-" else source, from_format)
    _emit(chaptersyaml.write(episode), output, force)


@app.command()
def check(
    platform: Annotated[
        str | None,
        typer.Option(
            "--for", help="Also apply a platform's rules: youtube, spotify, podcast2 or webvtt."
        ),
    ] = None,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Check the chapters, and with --for, a platform's rules. Exit 1 on any error."""
    from chaptercli import render, rules
    from chaptercli.loader import bundled_path, load_episode

    if platform is not None and platform not in rules.PLATFORMS:
        raise ChapterError(
            f"unknown platform {platform!r}: choose one of {', '.join(rules.PLATFORMS)}"
        )
    episode = load_episode(file if file is not None else bundled_path(), strict=False)
    problems = rules.structural(episode.chapters, episode.duration_ms)
    if platform is not None:
        problems += rules.platform(platform, episode.chapters)
    if json:
        from chaptercli.jsonshape import problem_object

        render.write_json([problem_object(problem) for problem in problems])
    else:
        render.render_problems(_output(), episode, problems, platform)
    if any(problem.severity == rules.ERROR for problem in problems):
        raise typer.Exit(EXIT_PROBLEMS)


def main() -> None:
    app(prog_name="chapters")
