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
        rows[re.findall(r"`([\w-]+)`", cells[0])[0]] = cells[1:]
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
    for figure in ("1. warm search, N=1,000 ÷ convert", "2. warm search, N=10,000 ÷ grep",
                   "3. warm search, N=1,000, sharing", "4. cold search", "5. peak memory",
                   "6. episodes", "7. at 45:00", "8. show 3", "9. list --episode 12",
                   "10. search optimize --rank", "11. check -f DIR, unchanged",
                   "12. chapters list ÷ import floor", "13. chapters convert ÷ import floor",
                   "100,000 episodes"):  # fmt: skip
        assert figure in README


def test_the_timeline_picture_is_there() -> None:
    assert "![chapters timeline --at 45:00](docs/timeline.svg)" in README
    picture = (ROOT / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert picture.startswith("<svg") and "DeepSeek" in picture


def test_the_feeds_example_is_as_shown(invoke: Invoke, tmp_path: Path) -> None:
    """The Feeds section's session, run: the same output, but for where the checkout
    and the library are (and so the hashes that name the files)."""
    block = README.split("## Feeds", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    hashes = re.compile(r"feed-[0-9a-f]{12}/[0-9a-f]{16}")
    sessions = re.findall(r"^\$ chapters (.+)\n((?:(?!\$ ).*\n)*)", block, flags=re.MULTILINE)
    assert len(sessions) == 4
    for command, shown in sessions:
        args = command.replace("~/podcasts", str(tmp_path)).split()
        args = [str(ROOT / arg) if arg.startswith("examples/") else arg for arg in args]
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        got = result.stdout.replace(str(ROOT), "/home/me/chaptercli")
        got = got.replace(str(tmp_path), "/home/me/podcasts")
        assert hashes.sub("feed-ID", got) == hashes.sub("feed-ID", shown), command
