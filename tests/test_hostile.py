"""Titles, summaries and bullets are untrusted: never interpreted, in any output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import Invoke
from helpers import two_way

from chaptercli import formats
from chaptercli.render.sanitize import clean

Write = Callable[..., Path]

# YAML double-quoted escapes: \e is ESC, \a BEL, \x9b the 8-bit CSI, \u202e RTL override.
HOSTILE = r"""
podcast: "[blink]Pod[/blink]"
title: "Evil \e]8;;http://evil.example\a[red]x[/red]\e[2J"
url: "https://example.org/ep.mp3"
chapters:
  - start: "0:00"
    title: "[bold red]Boom[/] \e[31mred\e[0m \u202eevil\u202c line\nbreak [link=http://x]y[/link]"
    summary: "\x9b31m C1 \x00 nul \e]52;c;SGVsbG8=\a clipboard"
    bullets: ["\e]0;window title\a set title", ":smile: [/] [b]"]
"""

# What a terminal would act on: ESC in any form, 8-bit CSI/OSC, BEL, bidi overrides.
DANGEROUS = re.compile("[\x00\x07\x9b\x9d\u202a-\u202e\u2066-\u2069]|\x1b[\\]P^_]|\x1b\\[2J")
# The one OSC we write ourselves: hyperlinks on timestamps, to the episode's own url.
OUR_LINKS = re.compile(r"\x1b\]8;[^;\x1b]*;(?:https://example\.org/ep\.mp3#t=[0-9.]+)?\x1b\\")


@pytest.fixture
def hostile(write: Write) -> str:
    return str(write(HOSTILE))


COMMANDS = [["list"], ["show", "1"], ["show", "boom"], ["search", "red"], ["at", "0:01"],
            ["search", "clipboard"], ["search", "set", "title"],
            ["search", "[link=http://x]y[/link]"], ["search", "[bold", "red]"]]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}], ids=["piped", "terminal"])
def test_human_output_shows_text_literally(
    invoke: Invoke, hostile: str, command: list[str], env: dict[str, str]
) -> None:
    result = invoke(*command, "-f", hostile, env=env)
    assert result.exit_code == 0, result.output
    assert not DANGEROUS.search(OUR_LINKS.sub("", result.stdout))
    if not env:
        assert "\x1b" not in result.stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    if command[0] in ("list", "show"):
        assert "[bold red]Boom[/]" in plain  # markup printed, not applied
        assert "[link=http://x]y[/link]" in plain
    if command[0] == "search":
        assert all(word in plain for word in command[1:])  # highlighted, still literal
    if command == ["list"]:
        assert "[blink]Pod[/blink]" in plain


@pytest.mark.parametrize("command", COMMANDS)
def test_json_output_escapes_control_characters(
    invoke: Invoke, hostile: str, command: list[str]
) -> None:
    result = invoke(*command, "-f", hostile, "--json")
    assert not DANGEROUS.search(result.stdout)
    assert "\x1b" not in result.stdout
    json.loads(result.stdout)  # still valid, and means the same:


def test_json_keeps_the_exact_text(invoke: Invoke, hostile: str) -> None:
    data = json.loads(invoke("show", "1", "-f", hostile, "--json").stdout)
    assert data["title"] == (
        "[bold red]Boom[/] \x1b[31mred\x1b[0m \u202eevil\u202c line\nbreak [link=http://x]y[/link]"
    )
    assert data["summary"].startswith("\x9b31m C1 \x00 nul")


def test_error_messages_are_cleaned_too(invoke: Invoke, write: Write) -> None:
    path = write('title: T\nchapters:\n- {start: "1:75", title: "\\e]0;pwn\\a[red]x"}\n')
    result = invoke("list", "-f", str(path), env={"FORCE_COLOR": "1"})
    assert result.exit_code == 2
    assert not DANGEROUS.search(result.stderr)
    assert "[red]x" in result.stderr


def test_clean() -> None:
    assert clean("a\x1b[2Jb\x07c\x9bd\u202ee") == "a[2Jbcde"
    assert clean("one\ntwo\r\nthree\tfour") == "one two three four"
    assert clean("keep\nlines", one_line=False) == "keep\nlines"
    assert clean("Llama’s naïve 100× 😀") == "Llama’s naïve 100× 😀"


@pytest.fixture
def hostile_export(write: Write) -> str:
    """HOSTILE with an end, which WebVTT and ffmetadata need."""
    return str(write(HOSTILE.replace('start: "0:00"', 'start: "0:00"\n    end: "1:00"')))


@pytest.mark.parametrize("name", two_way())
def test_every_format_keeps_markup_as_text(
    invoke: Invoke, hostile_export: str, tmp_path: Path, name: str
) -> None:
    out = tmp_path / f"export.{name}"
    exported = invoke("export", "--to", name, "-f", hostile_export, "-o", str(out), "-q")
    assert exported.exit_code == 0, exported.output
    back = invoke("import", str(out), "--from", name)
    assert back.exit_code == 0, back.output
    title = yaml.safe_load(back.stdout)["chapters"][0]["title"]
    assert title.startswith("[bold red]Boom[/] ")
    assert title.endswith("break [link=http://x]y[/link]")


# How an export-only format shows the first title: a format registered without
# an entry here fails until someone writes down what it must show.
MARKUP_IN = {
    "markdown": "\n- [0:00](<https://example.org/ep.mp3#t=0>) \\[bold red\\]Boom\\[/\\] \\[31mred"
}


@pytest.mark.parametrize("name", [n for n in formats.names() if n not in formats.readable_names()])
def test_export_only_formats_keep_markup_as_text(
    invoke: Invoke, hostile_export: str, name: str
) -> None:
    assert name in MARKUP_IN, f"write down how {name} shows a hostile title"
    result = invoke("export", "--to", name, "-f", hostile_export, "-q")
    assert result.exit_code == 0
    assert MARKUP_IN[name] in result.stdout
