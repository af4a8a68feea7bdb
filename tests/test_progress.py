"""A first run over a large library shows how it goes on a terminal (files done,
episodes, rate, time left), once it looks like taking more than about a second;
a pipe, or quick work, gets nothing."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chaptercli.cli import app
from chaptercli.render import progress
from chaptercli.render.env import Environment
from chaptercli.render.progress import TerminalProgress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def terminal(stderr: io.StringIO, stderr_terminal: bool = True) -> Environment:
    return Environment(stdout=io.StringIO(), stderr=stderr, stdout_terminal=False,
                       stderr_terminal=stderr_terminal, colour=False, width=100)  # fmt: skip


def run(seconds_a_file: float, files: int) -> tuple[str, bool]:
    """Work of so many files at this pace: what reached stderr, and whether a bar showed."""
    stderr, clock = io.StringIO(), Clock()
    shown = TerminalProgress(terminal(stderr), clock)
    shown.start(files, files * 1000)
    ever = False
    for _ in range(files):
        clock.now += seconds_a_file
        shown.advance(1, 2)
        ever = ever or shown.bar is not None
    shown.stop()
    assert shown.bar is None
    return stderr.getvalue(), ever


def test_quick_work_shows_nothing() -> None:
    assert run(0.001, 500) == ("", False)  # half a second in all
    assert run(0.2, 4) == ("", False)  # slow files, but a second in all


def test_long_work_shows_files_episodes_rate_and_time_left() -> None:
    shown, ever = run(0.05, 100)  # judged after a quarter of a second: five seconds in all
    assert ever
    # Its last state (a file each 0.05 s, 2 episodes each), then the line cleared.
    assert "indexing" in shown and "100/100 files 200 episodes 20 files/s 0:00:00" in shown
    assert shown.endswith("\x1b[2K")


def invoke(env: Environment, *args: str) -> int:
    return CliRunner().invoke(app, list(args), obj=env).exit_code


def test_a_command_shows_it_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "lib", 12)
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0)
    monkeypatch.setattr(progress, "LONG_S", -1)  # any work is long
    piped = io.StringIO()
    assert invoke(terminal(piped, stderr_terminal=False), "episodes", "-f",
                  str(tmp_path / "lib")) == 0  # fmt: skip
    assert piped.getvalue() == ""
    (tmp_path / "cache2").mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache2"))
    shown = io.StringIO()
    env = terminal(shown)
    assert invoke(env, "episodes", "-f", str(tmp_path / "lib")) == 0
    assert "indexing" in shown.getvalue() and "12 episodes" in shown.getvalue()
    assert env.stdout.getvalue().count("Episode ") == 12  # type: ignore[attr-defined]
    shown.truncate(0)
    assert invoke(env, "episodes", "-f", str(tmp_path / "lib")) == 0  # nothing to read now
    assert shown.getvalue() == ""
