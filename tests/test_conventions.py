"""The conventions every command-line user expects: --version, --color, one-line
usage errors, exit status 141 when the reader goes away."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import __version__

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9]m")


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"chapters {__version__}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "x", "--json"], "no such option: --json (see chapters import -h)"),
        (["lst"], "no such command 'lst'. Did you mean 'list'? (see chapters -h)"),
        (["show"], "missing argument 'REF' (see chapters show -h)"),
        (
            ["search", "x", "--in", "nowhere"],
            "invalid value for '--in': 'nowhere' is not one of 'title', 'summary', "
            "'bullets' (see chapters search -h)",
        ),
        (["--color", "sometimes", "list"], "invalid value for '--color': 'sometimes' is not "
         "one of 'auto', 'always', 'never' (see chapters -h)"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"chapters: {message}\n"


def test_no_arguments_shows_the_help(invoke: Invoke) -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "Usage: chapters [OPTIONS] COMMAND [ARGS]..." in result.stdout
    assert "list      Show every chapter" in result.stdout


@pytest.mark.parametrize("where", ["before", "after", "equals"])
def test_color_always_colours_a_pipe_wherever_it_is_given(invoke: Invoke, where: str) -> None:
    args = {
        "before": ["--color", "always", "show", "8"],
        "after": ["show", "8", "--color", "always"],
        "equals": ["show", "--color=always", "8"],
    }[where]
    result = invoke(*args)
    assert result.exit_code == 0
    assert COLOUR.search(result.stdout)


def test_color_never_beats_force_color(invoke: Invoke) -> None:
    result = invoke("show", "8", "--color", "never", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert not COLOUR.search(result.stdout)
    assert "DeepSeek" in result.stdout


def test_a_search_for_the_word_color_after_double_dash(invoke: Invoke) -> None:
    result = invoke("search", "--", "--color")
    assert result.exit_code == 1
    assert result.stderr == "chapters: nothing matches '--color'\n"


@pytest.mark.timeout(120)
def test_exit_141_when_the_reader_goes_away(tmp_path: Path) -> None:
    # Enough output (over 64 KiB, a pipe's buffer) that the reader leaves mid-way.
    chapters = "".join(f"  - {{start: '{n}:00', title: Chapter {n} {'x' * 200}}}\n"
                       for n in range(1, 600))  # fmt: skip
    path = tmp_path / "long.yaml"
    path.write_text(f"title: Long\nchapters:\n  - {{start: '0:00', title: a}}\n{chapters}")
    process = subprocess.Popen(
        [sys.executable, "-m", "chaptercli", "list", "-f", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"Long\n"
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""
