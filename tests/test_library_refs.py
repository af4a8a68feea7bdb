"""A chapter or a time asked of several episodes at once, with exact answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

SHORT = """\
podcast: Show
title: Short episode
duration: "1:30"
chapters:
- {start: "0:00", title: Opening}
- {start: "1:00", title: Distillation again}
"""
LONG = """\
podcast: Show
title: Long episode
duration: "3:00"
chapters:
- {start: "0:00", title: Intro}
- {start: "1:00", title: Distillation basics}
- {start: "2:00", title: Outro}
"""


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """Two episodes, the shorter first."""
    root = tmp_path / "two"
    root.mkdir()
    (root / "a.yaml").write_text(SHORT, encoding="utf-8")
    (root / "b.yaml").write_text(LONG, encoding="utf-8")
    return root


@pytest.mark.parametrize("ref", ["2", "1:00"])
def test_a_number_or_a_time_needs_one_episode(invoke: Invoke, two: Path, ref: str) -> None:
    result = invoke("show", ref, "-f", str(two))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"chapters: 2 episodes are loaded: say which one '{ref}' is in with --episode (words "
        "from its title, or its number):\n"
        f"     1  Show — Short episode  ({two}/a.yaml)\n"
        f"     2  Show — Long episode  ({two}/b.yaml)\n"
    )


def test_title_words_may_pick_a_chapter_of_any_episode(invoke: Invoke, two: Path) -> None:
    result = invoke("show", "intro", "-f", str(two))
    assert result.exit_code == 0
    assert result.stdout == "1. Intro\n0:00 – 1:00 (1:00)  chapter 1 of 3\n"
    again = json.loads(invoke("show", "again", "-f", str(two), "--json").stdout)
    assert (again["number"], again["title"]) == (2, "Distillation again")


def test_title_words_found_in_several_episodes(invoke: Invoke, two: Path) -> None:
    result = invoke("show", "distillation", "-f", str(two))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "chapters: 2 chapters in 2 episodes match 'distillation'; add words, or choose an "
        "episode with --episode:\n"
        "  Show — Short episode:  2      1:00  Distillation again\n"
        "  Show — Long episode:  2      1:00  Distillation basics\n"
    )


def test_title_words_found_nowhere(invoke: Invoke, two: Path) -> None:
    result = invoke("show", "zebra", "-f", str(two))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "chapters: no chapter title in any episode contains 'zebra' (try `chapters search`)\n"
    )
    blank = invoke("show", "  ", "-f", str(two))
    assert blank.stderr == (
        "chapters: no chapter given: use a number, a time or words from a title\n"
    )


def test_at_skips_the_episodes_that_are_over_by_then(invoke: Invoke, two: Path) -> None:
    result = invoke("at", "2:00", "-f", str(two))
    assert result.exit_code == 0
    assert result.stdout == (
        f"Show — Long episode  ({two}/b.yaml)\n"
        "2:00 is 0:00 into chapter 3 of 3, 1:00 left\n"
        "3 2:00 Outro\n"
    )
    both = json.loads(invoke("at", "1:15", "-f", str(two), "--json").stdout)
    found = [(p["episode"]["number"], p["chapter"]["title"], p["remaining_seconds"]) for p in both]
    assert found == [(1, "Distillation again", 15), (2, "Distillation basics", 45)]


def test_at_past_the_end_of_every_episode(invoke: Invoke, two: Path) -> None:
    result = invoke("at", "3:00", "-f", str(two))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "chapters: 3:00 is past the end of every episode loaded\n"


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_regex_search_of_a_library(invoke: Invoke, two: Path, cache: list[str]) -> None:
    result = invoke("search", "--regex", r"dist\w+ation [ab]", "-f", str(two), *cache)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        f"Show — Short episode  ({two}/a.yaml)\n"
        "2 1:00 title Distillation again\n"
        "\n"
        f"Show — Long episode  ({two}/b.yaml)\n"
        "2 1:00 title Distillation basics\n"
    )
