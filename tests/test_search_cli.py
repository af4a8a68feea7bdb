"""search as a person uses it: whole words, episode titles, one episode, which text
matched (also when piped), and --rank grouped by chapter."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

Write = Callable[..., Path]

LIBRARY = {
    "one.yaml": """\
podcast: Show
title: The war on daily AI
chapters:
  - {start: "0:00", title: Dwarkesh remains, summary: Nothing about it here.}
  - {start: "1:00", title: AI at war, bullets: [an AI war bullet]}
""",
    "two.yaml": """\
podcast: Show
title: Second
chapters:
  - {start: "0:00", title: alpha beta, bullets: [one alpha]}
  - {start: "1:00", title: gamma, summary: alpha alpha alpha alpha}
""",
}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    for name, text in LIBRARY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_whole_words(invoke: Invoke, library: Path) -> None:
    loose = invoke("search", "war", "-f", str(library / "one.yaml"))
    assert loose.stdout.splitlines() == [
        "       episode  The war on daily AI",
        "1 0:00 title    Dwarkesh remains",
        "2 1:00 title    AI at war",
        "       bullet 1 an AI war bullet",
    ]
    whole = invoke("search", "war", "-w", "-f", str(library / "one.yaml"))
    assert whole.stdout.splitlines() == [
        "       episode  The war on daily AI",
        "2 1:00 title    AI at war",
        "       bullet 1 an AI war bullet",
    ]
    ai = invoke("search", "AI", "--word", "--in", "title", "-f", str(library / "one.yaml"))
    assert ai.stdout.splitlines() == ["2 1:00 title AI at war"]


def test_episode_titles_are_searched_and_said_so(invoke: Invoke, library: Path) -> None:
    result = invoke("search", "daily", "-f", str(library))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Show — The war on daily AI  ({library}/one.yaml)",
        "  episode The war on daily AI",
    ]
    data = json.loads(invoke("search", "daily", "-f", str(library), "--json").stdout)
    assert data["matches"] == [
        {"episode": {"number": 1, "podcast": "Show", "title": "The war on daily AI",
                     "file": f"{library}/one.yaml"},
         "chapter": None, "start": None, "field": "episode", "bullet": None,
         "text": "The war on daily AI", "spans": [[11, 16]]}
    ]  # fmt: skip
    only_chapters = invoke("search", "daily", "-f", str(library), "--in", "title")
    assert only_chapters.exit_code == 1
    assert only_chapters.stderr == "chapters: nothing matches 'daily'\n"


def test_search_in_one_episode(invoke: Invoke, library: Path) -> None:
    result = invoke("search", "alpha", "-f", str(library), "--episode", "second")
    assert result.stdout.splitlines() == [
        f"Show — Second  ({library}/two.yaml)",
        "1 0:00 title    alpha beta",
        "       bullet 1 one alpha",
        "2 1:00          gamma",
        "       summary  alpha alpha alpha alpha",
    ]
    wrong = invoke("search", "alpha", "-f", str(library), "--episode", "third")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("chapters: no episode title contains 'third'; the episodes are:")


def test_rank_groups_each_chapter_once_in_rank_order(invoke: Invoke, library: Path) -> None:
    result = invoke("search", "alpha", "--rank", "-f", str(library / "two.yaml"))
    assert result.exit_code == 0
    # The summary that says alpha four times ranks first; chapter 1 comes once,
    # with both of its matches, not split around chapter 2.
    assert result.stdout.splitlines() == [
        "2 1:00          gamma",
        "       summary  alpha alpha alpha alpha",
        "1 0:00 title    alpha beta",
        "       bullet 1 one alpha",
    ]


def test_rank_refuses_what_it_cannot_do(invoke: Invoke) -> None:
    result = invoke("search", "x", "--rank", "--word")
    assert result.exit_code == 2
    assert result.stderr == (
        "chapters: --rank matches words by their stem: it cannot be combined with --regex, "
        "--case-sensitive or --word\n"
    )
