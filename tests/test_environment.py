"""The terminal environment is injected: a test says "a 20-column terminal" or "piped"
and every byte the command writes goes to the streams it gave."""

from __future__ import annotations

import io
import re

import pytest
from conftest import run_in
from rich.cells import cell_len

from chaptercli.render.env import Environment

ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9]m")  # a foreground colour


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "8"], ["search", "deepseek"], ["at", "45:00"], ["timeline"],
     ["check", "--for", "spotify"], ["convert", "1:02:45"]],
)  # fmt: skip
def test_every_line_fits_a_20_column_terminal(command: list[str]) -> None:
    status, out, _ = run_in(*command, terminal=True, width=20)
    assert status == 0
    lines = ANSI.sub("", out).split("\n")
    assert max(cell_len(line) for line in lines) <= 20
    assert any(line.strip() for line in lines)


def test_a_wide_terminal_keeps_each_chapter_on_one_line() -> None:
    _, out, _ = run_in("list", terminal=True, width=200, colour=False)
    plain = [line.rstrip() for line in ANSI.sub("", out).split("\n")]
    assert plain[5] == (
        " 1      0:00      4:01     4:01   Llama 4: what’s new, why efficiency matters, "
        "and the path to Behemoth"
    )


def test_colour_is_the_environments_choice() -> None:
    _, coloured, _ = run_in("show", "8", terminal=True, width=80, colour=True)
    _, plain, _ = run_in("show", "8", terminal=True, width=80, colour=False)
    assert COLOUR.search(coloured)
    assert not COLOUR.search(plain)
    assert ANSI.sub("", plain).startswith("8. DeepSeek")


def test_piped_output_is_plain_text() -> None:
    status, out, err = run_in("at", "45:00", terminal=False)
    assert status == 0 and err == ""
    assert out.split("\n")[0] == "45:00 is 4:39 into chapter 9 of 15, 2:58 left"
    assert "\x1b" not in out


def test_errors_go_to_the_environments_stderr() -> None:
    status, out, err = run_in("show", "99", terminal=False)
    assert status == 2 and out == ""
    assert err == "chapters: no chapter 99: the episode has chapters 1 to 15\n"


def test_json_goes_out_plain_even_to_a_terminal() -> None:
    status, out, _ = run_in("convert", "1:02:45", "--json", terminal=True, width=20)
    assert status == 0
    assert (
        out
        == '[\n  {\n    "input": "1:02:45",\n    "seconds": 3765,\n    "clock": "1:02:45"\n  }\n]\n'
    )


def test_detect_reads_the_variables_as_rich_does() -> None:
    stream = io.StringIO()
    piped = Environment.detect(stream, stream, {})
    assert (piped.stdout_terminal, piped.colour, piped.width) == (False, True, None)
    forced = Environment.detect(stream, stream, {"FORCE_COLOR": "1", "COLUMNS": "33"})
    assert (forced.stdout_terminal, forced.width, forced.columns()) == (True, 33, 33)
    assert Environment.detect(stream, stream, {"NO_COLOR": "1"}).colour is False
    not_a_tty = Environment.detect(stream, stream, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"})
    assert not_a_tty.stdout_terminal is False
    assert Environment.detect(stream, stream, {"COLUMNS": "abc"}).columns() == 80
