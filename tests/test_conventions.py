"""The conventions every command-line user expects: --version, --color, one-line
usage errors, exit status 141 when the reader goes away."""

from __future__ import annotations

import os
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
            "'bullets', 'episode', 'transcript' (see chapters search -h)",
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


def run_in_a_pty(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """The command with a real terminal as its stdout: its status and what it showed."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "chaptercli", *args], stdout=follower,
                               stderr=follower, env={**os.environ, **env})  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


@pytest.mark.timeout(120)
def test_long_output_in_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = {"PAGER": f"cat > {paged}", "LINES": "10", "COLUMNS": "100", "TERM": "xterm"}
    status, shown = run_in_a_pty(["list"], env)
    assert status == 0 and shown == ""
    text = paged.read_text(encoding="utf-8")
    assert "Llama 4: what’s new, why efficiency matters," in text
    assert "\x1b[" in text  # colours kept, for less -R

    paged.unlink()
    status, shown = run_in_a_pty(["list", "--no-pager"], env)
    assert status == 0 and not paged.exists()
    assert "Llama 4: what’s new" in shown

    status, shown = run_in_a_pty(["convert", "90"], env)  # short: no pager
    assert status == 0 and not paged.exists()
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown) == "90 = 1:30\r\n"


def test_no_pager_when_piped(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    result = subprocess.run([sys.executable, "-m", "chaptercli", "list"], capture_output=True,
                            env={**os.environ, "PAGER": f"cat > {paged}",
                                 "LINES": "5"}, timeout=60)  # fmt: skip
    assert result.returncode == 0 and not paged.exists()
    assert result.stdout.decode().startswith("Dwarkesh Podcast — Mark Zuckerberg")
