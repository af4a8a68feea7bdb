"""browse with a transcript: the selected chapter's words under its details, the
filter reaching what was said; a transcript that cannot be read is a notification."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_browse import drive, rows
from test_transcript_cli import FIXTURES, ONE, TWO
from textual.widgets import Static

from chaptercli.browse import BrowseApp
from chaptercli.library import load


def one_episode(folder: Path) -> Path:
    (folder / "transcripts").mkdir(parents=True)
    shutil.copy(FIXTURES / "quirks.srt", folder / "transcripts" / "one.srt")
    episode = folder / "one.yaml"
    episode.write_text(ONE, encoding="utf-8")
    return episode


def detail(app: BrowseApp) -> str:
    return str(app.screen.query_one("#detail", Static).content)


def test_the_selected_chapter_shows_what_was_said_in_it(tmp_path: Path) -> None:
    app = BrowseApp(load([one_episode(tmp_path)], use_index=False))
    assert drive(app, ["n"], detail) == (
        "2. Mail bag\n0:10 – 0:30\n\nListeners ask about export controls\n\n\n"
        "said:\n0:19.08 Gillian: Hi, Gillian here.\n"
        "0:21.45 Gillian: My question is about export controls, again."
    )


def test_the_filter_reaches_the_transcript(tmp_path: Path) -> None:
    episode = one_episode(tmp_path)
    # "chips" is said in chapter 1 only: no chapter text holds it.
    assert drive(BrowseApp(load([episode], use_index=False)), ["slash", *"chips"], rows) == ["1"]

    def highlighted(app: BrowseApp) -> list[str]:
        content = app.screen.query_one("#detail", Static).content
        return [
            content.plain[s.start : s.end] for s in content.spans if "underline" in str(s.style)
        ]

    app = BrowseApp(load([episode], use_index=False))
    assert drive(app, ["slash", *"chips", "enter"], highlighted) == ["chips"]


def test_a_transcript_that_cannot_be_read_is_said_and_the_rest_browsed(tmp_path: Path) -> None:
    (tmp_path / "two.yaml").write_text(TWO, encoding="utf-8")  # its two.vtt is missing

    def said(app: BrowseApp) -> tuple[list[str], list[str]]:
        return rows(app), [str(n.message) for n in app._notifications]

    assert drive(BrowseApp(load([tmp_path / "two.yaml"], use_index=False)), [], said) == (
        ["1", "2"], [f"{tmp_path}/two.vtt: no such file"])  # fmt: skip
