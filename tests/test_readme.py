"""The README's promises that a test can hold it to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import ROOT

from chaptercli.formats.base import BULLETS, ENDS, PODCAST, SUMMARIES, TITLE, URL

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_exactly_two_setup_commands() -> None:
    install, test = setup_commands()
    assert 'pip install ".[media]"' in install and install.endswith("chapters list")
    assert 'pip install ".[test,media]"' in test and test.endswith("pytest")
    assert test.startswith("sh tests/install-system-deps.sh && ")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_every_command_is_documented() -> None:
    commands = ["list", "show REF", "search WORDS...", "at TIME", "convert TIME...",
                "export --to FORMAT", "import FILE", "check", "timeline", "open REF",
                "browse", "embed MEDIA", "split MEDIA -o DIR"]  # fmt: skip
    for command in commands:
        assert f"`chapters {command}`" in README


def format_rows() -> dict[str, list[str]]:
    """The README's format table: name -> [one line of it, keeps, drops]."""
    table = README.split("| format | one line of it | keeps | drops |", 1)[1].split("\n\n")[0]
    rows = {}
    for line in table.strip().split("\n")[1:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[re.findall(r"`(\w+)`", cells[0])[0]] = cells[1:]
    return rows


def test_every_format_is_documented() -> None:
    from chaptercli import formats

    assert sorted(format_rows()) == sorted(formats.names())  # each one row, and no others


# The README's word for each thing a format may drop.
README_WORD = {TITLE: "episode title", PODCAST: "podcast", URL: "url", SUMMARIES: "summaries",
               BULLETS: "bullets", ENDS: "ends"}  # fmt: skip


@pytest.mark.parametrize("name", sorted(format_rows()))
def test_what_each_format_drops_is_what_it_declares(name: str) -> None:
    from chaptercli import formats

    drops = format_rows()[name][2]
    if name not in formats.writable_names():
        assert drops == "nothing: it is never written"
        return
    carries = formats.writer(name).carries
    for what, word in README_WORD.items():
        assert (word in drops) == (what not in carries), (name, what, drops)


def test_the_export_warning_is_as_shown(invoke: Invoke, tmp_path: Path) -> None:
    shown = README.split("```text\n$ chapters export --to youtube -o description.txt\n", 1)[1]
    result = invoke("export", "--to", "youtube", "-o", str(tmp_path / "description.txt"))
    assert result.exit_code == 0
    assert result.stderr == shown.split("```", 1)[0]


def test_index_location_is_current() -> None:
    from chaptercli.index import FILE_NAME

    assert f"chaptercli/{FILE_NAME}" in README


def test_benchmark_figures_are_in_the_readme() -> None:
    for figure in ("1. chapters list", "2. chapters convert", "3. warm search", "4. cold search",
                   "5. peak memory"):  # fmt: skip
        assert figure in README


def test_the_timeline_picture_is_there() -> None:
    assert "![chapters timeline --at 45:00](docs/timeline.svg)" in README
    picture = (ROOT / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert picture.startswith("<svg") and "DeepSeek" in picture
