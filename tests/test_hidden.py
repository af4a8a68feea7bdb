"""Hidden chapters (Podcasting 2.0 `toc: false`, Matroska ChapterFlagHidden):
kept, shown dimmed and marked "(hidden)", skipped by `at` and by navigation;
a chapter's link and image shown as text, linked only where the url policy
allows (http and https). Through single files (`--no-cache -f`), and through
the index, whose `at` reads only the chapters around the time."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from test_browse import drive, library, selected

from chaptercli.browse import BrowseApp
from chaptercli.model import Chapter, Episode

Write = Callable[..., Path]

EPISODE = """\
title: Ep
chapters:
- start: "0:00"
  title: Intro
- start: "1:00"
  title: Sponsor
  hidden: true
  url: https://example.org/sponsor
  image: "javascript:alert(1)"
- start: "1:30"
  title: Image change
  hidden: true
- start: "2:00"
  title: Main
  end: "5:00"
"""


@pytest.fixture
def path(write: Write) -> Path:
    return write(EPISODE)


def test_list_marks_hidden_chapters(invoke: Invoke, path: Path) -> None:
    result = invoke("list", "--no-cache", "-f", str(path))
    assert result.stdout.split("\n")[3:8] == [
        "#  Start   End  Length  Title",
        "1   0:00  1:00    1:00  Intro",
        "2   1:00  1:30    0:30  Sponsor (hidden)",
        "3   1:30  2:00    0:30  Image change (hidden)",
        "4   2:00  5:00    3:00  Main",
    ]


def test_hidden_is_dim_on_a_terminal(invoke: Invoke, path: Path) -> None:
    result = invoke("list", "--no-cache", "-f", str(path), env={"FORCE_COLOR": "1"})
    line = next(line for line in result.stdout.split("\n") if "Sponsor" in line)
    assert line.rstrip().endswith("  \x1b[2mSponsor\x1b[0m\x1b[2m (hidden)\x1b[0m")
    main = next(line for line in result.stdout.split("\n") if "Main" in line)
    assert main.rstrip().endswith("  Main")  # a visible title is not dimmed


def test_show_gives_the_link_and_image_as_text(invoke: Invoke, path: Path) -> None:
    assert invoke("show", "2", "--no-cache", "-f", str(path)).stdout == (
        "2. Sponsor (hidden)\n"
        "1:00 – 1:30 (0:30)  chapter 2 of 4\n"
        "link https://example.org/sponsor\n"
        "image javascript:alert(1)\n"
    )
    shown = invoke("show", "2", "--no-cache", "-f", str(path), env={"FORCE_COLOR": "1"}).stdout
    assert re.sub(r"id=\d+;", "id=N;", shown).split("\n")[2:4] == [
        "\x1b[2mlink \x1b[0m\x1b]8;id=N;https://example.org/sponsor\x1b\\"
        "https://example.org/sponsor\x1b]8;;\x1b\\",
        "\x1b[2mimage \x1b[0mjavascript:alert(1)",  # not a link: the url policy refuses it
    ]


def test_at_skips_hidden_chapters(invoke: Invoke, path: Path) -> None:
    assert invoke("at", "1:45", "--no-cache", "-f", str(path)).stdout == (
        "1:45 is 1:45 into chapter 1 of 4, 0:15 left\n"
        "1 0:00 Intro\n"
        "       next, in 0:15:\n"
        "4 2:00 Main\n"
    )


def test_at_skips_hidden_chapters_in_an_indexed_library(
    invoke: Invoke, path: Path, write: Write
) -> None:
    """In a library `at` reads the two chapters around the time from the index; around
    a hidden one it needs the whole episode to find the visible chapter before it."""
    write('title: Other\nchapters:\n- {start: "0:00", title: Only, end: "9:00"}\n', "b.yaml")
    expected = (
        "Other  ({other})\n"
        "1:45 is 1:45 into chapter 1 of 1, 7:15 left\n"
        "1 0:00 Only\n"
        "\n"
        "Ep  ({path})\n"
        "1:45 is 1:45 into chapter 1 of 4, 0:15 left\n"
        "1 0:00 Intro\n"
        "       next, in 0:15:\n"
        "4 2:00 Main\n"
    ).format(path=path, other=path.parent / "b.yaml")
    for _ in range(2):  # cold, then warm from the index
        assert invoke("at", "1:45", "-f", str(path.parent)).stdout == expected


def test_timeline_shows_hidden_chapters_faint(invoke: Invoke, path: Path) -> None:
    result = invoke("timeline", "--no-cache", "-f", str(path), "--width", "40")
    assert result.stdout.split("\n")[3] == "███1████░2░░░3░░▒▒▒▒▒▒▒▒▒▒▒4▒▒▒▒▒▒▒▒▒▒▒▒"
    assert result.stdout.split("\n")[8:10] == ["2 1:00 Sponsor (hidden)",
                                              "3 1:30 Image change (hidden)"]  # fmt: skip


def test_the_chapter_playing_is_the_visible_one() -> None:
    chapters = (
        Chapter(1, 0, 10, "a"),
        Chapter(2, 10, 20, "hidden", hidden=True),
        Chapter(3, 25, 30, "hidden after a gap", hidden=True),
        Chapter(4, 30, 40, "b"),
    )
    ep = Episode("E", chapters)
    assert [ep.chapter_at(ms) for ms in (0, 15, 22, 27, 30)] == [
        chapters[0], chapters[0], None, None, chapters[3],
    ]  # fmt: skip
    assert ep.plays_until(chapters[0]) == 20
    assert ep.chapter_after(0) == chapters[3]
    first_hidden = Episode("E", (Chapter(1, 0, 10, "x", hidden=True), Chapter(2, 10, None, "y")))
    assert first_hidden.chapter_at(5) is None
    assert first_hidden.plays_until(first_hidden.chapters[1]) is None


def test_browse_steps_over_hidden_chapters(path: Path) -> None:
    assert drive(BrowseApp(library(path)), ["n"], selected) == 4
    assert drive(BrowseApp(library(path)), ["n", "n", "p"], selected) == 1


def test_a_format_without_hidden_chapters_leaves_them_out(invoke: Invoke, path: Path) -> None:
    """Found by the attack pass: exports said hidden chapters "were left out" and
    wrote them as ordinary ones. Left out they are, the chapter before them playing
    on through them, as a player lists the episode."""
    result = invoke("export", "--to", "webvtt", "--no-cache", "-f", str(path))
    assert result.stdout == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:02:00.000\nIntro\n\n"
        "2\n00:02:00.000 --> 00:05:00.000\nMain\n"
    )
    assert result.stderr == (
        "chapters: warning: webvtt cannot carry the episode's title, chapter links, chapter "
        "images, hidden chapters: they were left out\n"
    )
    kept = invoke("export", "--to", "podcast2", "--no-cache", "-f", str(path)).stdout
    assert [c.get("toc") for c in json.loads(kept)["chapters"]] == [None, False, False, None]


def test_terminal_links_go_to_web_pages_only_and_percent_encoded(
    invoke: Invoke, write: Write
) -> None:
    """Found by the attack pass: a `file:` url or a path made every timestamp a
    hyperlink to a local file, and a chapter link went into the OSC 8 target raw."""
    local = write('title: T\nurl: "file:///etc/passwd"\nchapters:\n- {start: "0:00", title: one}\n')
    shown = invoke("list", "--no-cache", "-f", str(local), env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b]8;" not in shown
    odd = write('title: T\nchapters:\n- {start: "0:00", title: one, '
                'url: "https://x.example/a b\\"<>"}\n', "odd.yaml")  # fmt: skip
    shown = invoke("show", "1", "--no-cache", "-f", str(odd), env={"FORCE_COLOR": "1"}).stdout
    target = re.search(r"\x1b\]8;id=\d+;([^\x1b]*)\x1b\\", shown)
    assert target is not None and target.group(1) == "https://x.example/a%20b%22%3C%3E"
