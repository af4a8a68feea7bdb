"""Promises that a one-line slip in the code would break while every other test passed.

Each test here was seen to fail with its slip applied (docs/testing.md lists them):
the end of a chapter is not in it; the temporary file of an atomic write lives
beside its target; 1 ms of overlap is refused; YouTube links round down; a
zero-width space never reaches the terminal; `search --rank --in` narrows.
They go through public surfaces (the command, the core functions) only.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli.errors import ChapterError, DataError
from chaptercli.files import write_atomic
from chaptercli.loader import load_episode
from chaptercli.model import Chapter, Episode
from chaptercli.navigate import link_at, position_at

Write = Callable[..., Path]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Chapter 1 ends at 1:00 and nothing plays until 2:00; chapter 3 starts at 2700.6 s.
GAPS = """\
podcast: Show
title: Gaps
url: https://www.youtube.com/watch?v=abc123
chapters:
  - {start: "0:00", end: "1:00", title: Intro}
  - {start: "2:00", end: "45:00.6", title: Main part, summary: Where the distillation happens.}
  - {start: "45:00.6", end: "50:00", title: Late start}
"""


# 1. A chapter is [start, end): at its exact end, when a gap follows, nothing plays.


def test_the_end_of_a_chapter_followed_by_a_gap_is_in_no_chapter() -> None:
    intro = Chapter(1, 0, 60_000, "Intro")
    main = Chapter(2, 120_000, 180_000, "Main")
    episode = Episode("T", (intro, main), duration_ms=300_000)
    assert intro.contains(59_999) is True
    assert intro.contains(60_000) is False
    assert episode.chapter_at(59_999) is intro
    assert episode.chapter_at(60_000) is None
    assert episode.chapter_at(180_000) is None  # the end of the last chapter, before the end
    position = position_at(episode, 60_000)
    assert (position.chapter, position.next, position.remaining_ms) == (None, main, 60_000)


def test_chapters_at_the_end_of_a_chapter_before_a_gap(invoke: Invoke, write: Write) -> None:
    path = str(write(GAPS))
    result = invoke("at", "1:00", "-f", path)
    assert result.exit_code == 0
    assert result.stdout == (
        "1:00 is between chapters: nothing is playing\n"
        "       next, in 1:00:\n"
        "2 2:00 Main part\n"
        "open at https://www.youtube.com/watch?v=abc123&t=60\n"
    )
    data = json.loads(invoke("at", "0:59.999", "-f", path, "--json").stdout)
    assert (data["chapter"]["number"], data["remaining_seconds"]) == (1, 0.001)


# 3. The temporary file of an atomic write is made in the target's own directory:
# a rename across file systems fails, and a hard link too.


def test_the_temporary_file_is_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "chapters.vtt"
    target.parent.mkdir()
    seen: list[list[str]] = []
    real_fsync = os.fsync

    def listing_fsync(fd: int) -> None:  # called once the text is in the temporary file
        seen.append(sorted(os.listdir(target.parent)))
        real_fsync(fd)

    placed: list[tuple[str, str]] = []
    for name in ("link", "replace"):
        real = getattr(os, name)

        def recording(source: str, destination: Path, _real: Callable[..., None] = real) -> None:
            placed.append((os.path.dirname(source), str(destination)))
            _real(source, destination)

        monkeypatch.setattr(os, name, recording)
    monkeypatch.setattr(os, "fsync", listing_fsync)

    write_atomic(target, "new\n")
    write_atomic(target, "newer\n", force=True)
    # While the text is written: the temporary alone, then beside the file it replaces.
    assert [len(listing) for listing in seen] == [1, 2]
    assert seen[1][1] == "chapters.vtt"
    for temporary in (seen[0][0], seen[1][0]):
        assert re.fullmatch(r"\.chapters\.vtt\..+\.tmp", temporary)
    assert placed == [(str(target.parent), str(target))] * 2
    assert os.listdir(target.parent) == ["chapters.vtt"]
    assert target.read_text(encoding="utf-8") == "newer\n"


def test_export_writes_through_a_temporary_file_beside_the_target(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    seen: list[list[str]] = []
    real_fsync = os.fsync

    def listing_fsync(fd: int) -> None:
        seen.append(os.listdir(out))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", listing_fsync)
    result = invoke("export", "--to", "youtube", "-o", str(out / "yt.txt"), "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert len(seen) == 1 and len(seen[0]) == 1
    assert re.fullmatch(r"\.yt\.txt\..+\.tmp", seen[0][0])
    assert os.listdir(out) == ["yt.txt"]
    written = (out / "yt.txt").read_text(encoding="utf-8")
    assert written.startswith(
        "0:00 Llama 4: what’s new, why efficiency matters, and the path to Behemoth\n"
        "4:01 Benchmarks vs real users"
    )


def test_a_refused_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "taken.txt"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(ChapterError, match=r"taken\.txt already exists: use --force"):
        write_atomic(target, "new\n")
    assert os.listdir(tmp_path) == ["taken.txt"]
    assert target.read_text(encoding="utf-8") == "old\n"


# 4. Chapters may touch but never overlap, not even by a millisecond.


def test_one_millisecond_of_overlap_is_refused(write: Write, invoke: Invoke) -> None:
    path = write(
        "title: T\nchapters:\n- {start: '0:00', end: '4:01.001', title: a}\n"
        "- {start: '4:01', title: b}\n"
    )
    with pytest.raises(DataError) as caught:
        load_episode(path)
    assert caught.value.problems == [
        'line 4: chapter 2 "b": starts at 4:01, before chapter 1 ends (4:01.001): chapters overlap'
    ]
    result = invoke("list", "-f", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f'chapters: {path}: line 4: chapter 2 "b": starts at 4:01, before chapter 1 ends '
        "(4:01.001): chapters overlap\n"
    )


def test_chapters_that_touch_do_not_overlap(write: Write) -> None:
    path = write(
        "title: T\nchapters:\n- {start: '0:00', end: '4:01', title: a}\n"
        "- {start: '4:01', title: b}\n"
    )
    episode = load_episode(path)
    assert [(c.start_ms, c.end_ms) for c in episode.chapters] == [(0, 241_000), (241_000, None)]
    assert episode.chapter_at(241_000) is episode.chapters[1]


# 5. YouTube takes whole seconds: round down, so playback starts at or before the chapter.


@pytest.mark.parametrize(
    ("ms", "seconds"), [(2_700_600, "2700"), (2_700_999, "2700"), (2_701_000, "2701"), (400, "0")]
)
def test_youtube_links_are_floored(ms: int, seconds: str) -> None:
    assert link_at("https://www.youtube.com/watch?v=abc", ms) == (
        f"https://www.youtube.com/watch?v=abc&t={seconds}"
    )
    assert link_at("https://youtu.be/abc", ms) == f"https://youtu.be/abc?t={seconds}"


def test_at_and_open_link_a_fractional_start_to_the_second_before(
    invoke: Invoke, write: Write
) -> None:
    path = str(write(GAPS))
    at = invoke("at", "45:00.6", "-f", path)
    assert at.stdout == (
        "45:00.6 is 0:00 into chapter 3 of 3, 4:59.4 left\n"
        "3 45:00.6 Late start\n"
        "open at https://www.youtube.com/watch?v=abc123&t=2700\n"
    )
    printed = invoke("open", "3", "-f", path, "--print")
    assert (printed.exit_code, printed.stdout, printed.stderr) == (
        0,
        "https://www.youtube.com/watch?v=abc123&t=2700\n",
        "",
    )
    data = json.loads(invoke("open", "late", "-f", path, "--json").stdout)
    assert data["link"] == "https://www.youtube.com/watch?v=abc123&t=2700"


# 6. Invisible characters that can hide or split a word never reach the terminal.

ZERO_WIDTH = (
    'title: "Hidden\\u200bword"\nchapters:\n'
    '  - {start: "0:00", end: "1:00", title: "Zero\\u200bwidth space", '
    'summary: "In\\u200bvisible", bullets: ["b\\u200bullet"]}\n'
)


@pytest.mark.parametrize(
    "env", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}, {}], ids=["colour", "tty", "piped"]
)
def test_a_zero_width_space_is_not_shown(invoke: Invoke, write: Write, env: dict[str, str]) -> None:
    path = str(write(ZERO_WIDTH))
    shown = invoke("show", "1", "-f", path, env={**env, "COLUMNS": "80"})
    assert "\u200b" not in shown.stdout
    assert ANSI.sub("", shown.stdout) == (
        "1. Zerowidth space\n0:00 – 1:00 (1:00)  chapter 1 of 1\n\nInvisible\n\n• bullet\n"
    )
    listed = invoke("list", "-f", path, env={**env, "COLUMNS": "80"})
    assert "\u200b" not in listed.stdout
    plain = ANSI.sub("", listed.stdout).split("\n")
    assert plain[0] == "Hiddenword"
    assert plain[-2].split() == ["1", "0:00", "1:00", "1:00", "Zerowidth", "space"]


# 7. `search --rank --in FIELD` searches that field only, with the index or without.


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_rank_searches_only_the_fields_asked_for(
    invoke: Invoke, tmp_path: Path, cache: list[str]
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "gaps.yaml").write_text(GAPS, encoding="utf-8")
    (library / "other.yaml").write_text(
        "title: Other\nchapters:\n- {start: '0:00', title: Nothing here}\n", encoding="utf-8"
    )
    args = ["search", "distillation", "--rank", "-f", str(library), *cache]
    in_titles = invoke(*args, "--in", "title")
    assert in_titles.exit_code == 1
    assert in_titles.stdout == ""
    assert in_titles.stderr == "chapters: nothing matches 'distillation'\n"
    in_summaries = json.loads(invoke(*args, "--in", "summary", "--json").stdout)
    assert [(m["chapter"], m["field"], m["text"]) for m in in_summaries["matches"]] == [
        (2, "summary", "Where the distillation happens.")
    ]


def test_rank_in_one_file_searches_only_the_fields_asked_for(invoke: Invoke, write: Write) -> None:
    path = str(write(GAPS))
    result = invoke("search", "distillation", "--rank", "--in", "title", "-f", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "chapters: nothing matches 'distillation'\n"


# The README's exit status 70: a bug is one line asking for a report, not a traceback.


def test_an_internal_error_is_one_line_and_exit_70(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("chaptercli.library.load", broken)
    result = invoke("list")
    assert (result.exit_code, result.stdout) == (70, "")
    assert result.stderr == (
        "chapters: internal error: RuntimeError: boom (please report it; set CHAPTERS_DEBUG=1 "
        "to see where)\n"
    )
    debugging = invoke("list", env={"CHAPTERS_DEBUG": "1"})
    assert isinstance(debugging.exception, RuntimeError)
    assert str(debugging.exception) == "boom"
