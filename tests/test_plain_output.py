"""Piped output is made in one pass, straight from the results (not through the
lines and grids a terminal is painted from), and is byte for byte what it was:
control and format characters dropped piece by piece, each episode's grid
padded on its own, wide characters counted as two columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture
def library(tmp_path: Path) -> Path:
    def chapter(start: str, title: str, **more: object) -> dict[str, object]:
        return {"start": start, "title": title, **more}

    first = {"podcast": "Show", "title": "Alpha — naïve", "url": "https://example.com/a.mp3",
             "chapters": [chapter(f"{n}:00", f"C{n + 1}") for n in range(10)] + [
                 chapter("10:00", "Naïve ideas\u202e", summary="about naive things",
                         bullets=["one naive", "two", "naive\tthree"]),
                 chapter("11:00", "the naive end")]}  # fmt: skip
    chapters = [chapter("0:00", "Start"), chapter("0:10", "line\nbreak naive"),
                chapter("0:20", "x", end="0:30"), chapter("1:00", "after the gap")]  # fmt: skip
    second = {"title": "Beta naive 日本語", "duration": "2:00", "chapters": chapters}
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.yaml").write_text(json.dumps(first, ensure_ascii=False), "utf-8")
    (root / "b.yaml").write_text(json.dumps(second, ensure_ascii=False), "utf-8")
    return root


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_search_piped(invoke: Invoke, library: Path, cache: list[str]) -> None:
    result = invoke("search", "naive", "-f", str(library), *cache)
    assert result.stdout.splitlines() == [
        f"Show — Alpha — naïve  ({library}/a.yaml)",
        "         episode  Alpha — naïve",
        "11 10:00 title    Naïve ideas",
        "         summary  about naive things",
        "         bullet 1 one naive",
        "         bullet 3 naive three",
        "12 11:00 title    the naive end",
        "",
        f"Beta naive 日本語  ({library}/b.yaml)",
        "       episode Beta naive 日本語",
        "2 0:10 title   line break naive",
    ]


def test_at_piped(invoke: Invoke, library: Path) -> None:
    assert invoke("at", "0:25", "-f", str(library)).stdout.splitlines() == [
        f"Show — Alpha — naïve  ({library}/a.yaml)",
        "0:25 is 0:25 into chapter 1 of 12, 0:35 left",
        "1 0:00 C1",
        "       next, in 0:35:",
        "2 1:00 C2",
        "open at https://example.com/a.mp3#t=25",
        "",
        f"Beta naive 日本語  ({library}/b.yaml)",
        "0:25 is 0:05 into chapter 3 of 4, 0:05 left",
        "3 0:20 x",
        "       next, in 0:35:",
        "4 1:00 after the gap",
    ]
    assert invoke("at", "0:45", "-f", str(library), "-e", "2").stdout.splitlines() == [
        "0:45 is between chapters: nothing is playing",
        "       next, in 0:15:",
        "4 1:00 after the gap",
    ]


def test_episodes_piped_count_wide_characters_twice(invoke: Invoke, library: Path) -> None:
    assert invoke("episodes", "-f", str(library)).stdout.splitlines() == [
        "#  Podcast  Title              Chapters  Length  File",
        f"1  Show     Alpha — naïve            12       —  {library}/a.yaml",
        f"2           Beta naive 日本語         4    2:00  {library}/b.yaml",
    ]


@given(st.text(max_size=12))
def test_columns_a_text_takes(text: str) -> None:
    import unicodedata

    from chaptercli.render.paint import _cells

    assert _cells(text) == sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
