"""The README's promises that a test can hold it to."""

from __future__ import annotations

import re

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_exactly_two_setup_commands() -> None:
    install, test = setup_commands()
    assert "pip install ." in install and install.endswith("chapters list")
    assert 'pip install ".[test]"' in test and test.endswith("pytest")
    assert test.startswith("sh tests/install-system-deps.sh && ")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_every_command_is_documented() -> None:
    commands = ["list", "show REF", "search WORDS...", "at TIME", "convert TIME...",
                "export --to FORMAT", "import FILE", "check", "timeline", "open REF",
                "browse"]  # fmt: skip
    for command in commands:
        assert f"`chapters {command}`" in README


def test_every_format_is_documented() -> None:
    from chaptercli import formats

    for name in formats.NAMES:
        assert f"\n| `{name}`" in README, name


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
