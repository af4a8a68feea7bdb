"""`chapters browse`, driven headless with Textual's pilot, and compared with snapshots."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from rich.text import Text
from textual.widgets import DataTable, Static

from chaptercli.browse import BrowseApp, ChaptersScreen, EpisodesScreen
from chaptercli.discovery import bundled_path
from chaptercli.library import Library, load

SIZE = (120, 36)


def library(*paths: Path) -> Library:
    return load(list(paths) or [bundled_path()], use_index=False)


def drive(
    app: BrowseApp,
    keys: Sequence[str],
    check: Callable[[BrowseApp], Any],
    size: tuple[int, int] = SIZE,
    settle: float = 0,
) -> Any:
    """Run the app, press the keys, wait `settle` seconds (for what waits for the
    typing to stop) and check."""

    async def session() -> Any:
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            if settle:
                await pilot.pause(settle)
            await pilot.pause()
            return check(app)

    coroutine: Coroutine[Any, Any, Any] = session()
    return asyncio.run(coroutine)


def rows(app: BrowseApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def detail(app: BrowseApp) -> str:
    return str(app.screen.query_one("#detail", Static).content)


def selected(app: BrowseApp) -> int | None:
    screen = app.screen
    assert isinstance(screen, ChaptersScreen)
    return None if screen.selected is None else screen.selected.number


def test_opens_on_the_chapters_with_the_first_selected() -> None:
    def check(app: BrowseApp) -> None:
        assert rows(app) == [str(n) for n in range(1, 16)]
        assert selected(app) == 1
        text = detail(app)
        assert text.startswith("1. Llama 4: what’s new, why efficiency matters")
        assert "• Distillation as the practical bridge" in text

    drive(BrowseApp(library()), [], check)


def test_next_and_previous() -> None:
    assert drive(BrowseApp(library()), ["n", "n", "n", "p"], selected) == 3
    assert drive(BrowseApp(library()), ["p"], selected) == 1  # no further back than the first


def test_the_timeline_marks_the_selection() -> None:
    def check(app: BrowseApp) -> list[str]:
        bar = app.screen.query_one("#timeline", Static).content
        assert isinstance(bar, Text)
        return [bar.plain[span.start : span.end] for span in bar.spans
                if "bright_white" in str(span.style)]  # fmt: skip

    marked = "".join(drive(BrowseApp(library()), ["n", "n", "n", "n", "n", "n", "n"], check))
    assert marked.strip() == "8"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("deepseek", ["8"]),
        ("distil", ["1", "11"]),  # chapter 1 in a bullet, chapter 11 everywhere
        ("llama's license", ["9"]),  # typed ASCII, printed ’
        ("full-duplex", ["3"]),  # printed with a non-breaking hyphen
        ("weirder funnier", ["15"]),
        ("naive", []),
        ("zzz", []),
    ],
)
def test_filter_as_you_type_finds_what_search_finds(words: str, expected: list[str]) -> None:
    shown = drive(BrowseApp(library()), ["slash", *words], rows)
    assert shown == expected


def test_filter_highlights_and_escape_clears() -> None:
    def filtered(app: BrowseApp) -> None:
        table = app.screen.query_one(DataTable)
        title = table.get_row_at(0)[3]
        assert isinstance(title, Text)
        assert [title.plain[s.start : s.end] for s in title.spans] == ["DeepSeek"]
        assert "DeepSeek" in detail(app)

    drive(BrowseApp(library()), ["slash", *"deepseek"], filtered)
    cleared = drive(BrowseApp(library()), ["slash", *"deepseek", "escape"], rows)
    assert len(cleared) == 15


def test_go_to_a_time() -> None:
    assert drive(BrowseApp(library()), ["g", *"45:00", "enter"], selected) == 9
    assert drive(BrowseApp(library()), ["g", *"4:01", "enter"], selected) == 2  # a boundary


def test_go_to_a_bad_time_says_so() -> None:
    said = drive(BrowseApp(library()), ["g", *"soon", "enter"], messages)
    assert said and said[0].startswith("not a time: 'soon'")


def test_open_says_what_it_cannot_do(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "has no url to open" in drive(BrowseApp(library()), ["o"], messages)[0]
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    path = write("title: T\nurl: https://e.org/a.mp3\nchapters:\n"
                 "- {start: '0:00', title: a}\n- {start: '1:00', title: b}\n")  # fmt: skip
    said = drive(BrowseApp(library(path)), ["n", "o"], messages)
    assert said == ["no display to open a browser on: here is the link\nhttps://e.org/a.mp3#t=60"]


def test_untrusted_text_stays_literal(write: Callable[..., Path]) -> None:
    path = write('title: "[bold]T[/bold]"\nchapters:\n- start: "0:00"\n'
                 '  title: "[red]x[/red] \\e[31mred\\e]0;t\\a"\n'
                 '  bullets: ["[link=http://evil]y[/link]"]\n')  # fmt: skip

    def check(app: BrowseApp) -> None:
        title = app.screen.query_one(DataTable).get_row_at(0)[3]
        assert isinstance(title, Text) and title.plain == "[red]x[/red] [31mred]0;t"
        assert "[link=http://evil]y[/link]" in detail(app)
        assert "\x1b" not in detail(app)

    drive(BrowseApp(library(path)), [], check)


def generated(folder: Path, episodes: int) -> Path:
    """A library as bench/generate.py makes it (seeded: the same text every time)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    generate(folder, episodes)
    return folder


def messages(app: BrowseApp) -> list[str]:
    return [n.message for n in app._notifications]


def footer(app: BrowseApp) -> list[str]:
    """The footer's keys, as shown: the key, a space, what it does."""
    return [f"{key.key_display} {key.description}" for key in app.screen.query("FooterKey")]


def test_a_library_starts_with_its_episodes(tmp_path: Path) -> None:
    generated(tmp_path, 4)

    def episodes(app: BrowseApp) -> list[str]:
        assert isinstance(app.screen, EpisodesScreen)
        return rows(app)

    assert drive(BrowseApp(library(tmp_path)), [], episodes) == ["1", "2", "3", "4"]
    opened = drive(BrowseApp(library(tmp_path)), ["down", "enter"], lambda app: app.screen)
    assert isinstance(opened, ChaptersScreen) and opened.episode.title.startswith("Episode")
    back = drive(BrowseApp(library(tmp_path)), ["enter", "b"], lambda app: app.screen)
    assert isinstance(back, EpisodesScreen)


def test_a_library_search_keeps_the_episodes_that_match(tmp_path: Path) -> None:
    texts = {
        "a.yaml": "title: First\nchapters:\n- {start: '0:00', title: Distillation basics}\n",
        "b.yaml": "title: Second\nchapters:\n- {start: '0:00', title: Nothing to see}\n",
        "c.yaml": "title: Third\nchapters:\n- {start: '0:00', title: Intro, "
        "summary: Why distillation works}\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    def episodes(app: BrowseApp) -> list[str]:
        assert isinstance(app.screen, EpisodesScreen)
        return rows(app)

    assert drive(BrowseApp(library(tmp_path)), [], episodes) == ["1", "2", "3"]
    keys = ["slash", *"distillation", "enter"]
    assert drive(BrowseApp(library(tmp_path)), keys, episodes) == ["1", "3"]
    keys = ["slash", *"nothing", "enter"]
    assert drive(BrowseApp(library(tmp_path)), keys, episodes) == ["2"]


def test_quit() -> None:
    assert drive(BrowseApp(library()), ["q"], lambda app: app.is_running) is False


@pytest.mark.parametrize("keys", [["ctrl+c"], ["slash", "d", "ctrl+c"], ["g", "ctrl+c"]])
def test_ctrl_c_quits_even_while_typing(keys: list[str]) -> None:
    assert drive(BrowseApp(library()), keys, lambda app: app.is_running) is False


def test_escape_after_filtering_keeps_the_selected_chapter() -> None:
    def filtered(app: BrowseApp) -> tuple[list[str], int | None]:
        return rows(app), selected(app)

    # "distil" keeps chapters 1 and 11; down selects 11; Esc brings all 15 back, on 11.
    assert drive(BrowseApp(library()), ["slash", *"distil", "enter", "down"],
                 filtered) == (["1", "11"], 11)  # fmt: skip
    keys = ["slash", *"distil", "enter", "down", "escape"]
    assert drive(BrowseApp(library()), keys, filtered) == ([str(n) for n in range(1, 16)], 11)
    # Esc straight from the prompt, too
    keys = ["slash", *"deepseek", "escape"]
    assert drive(BrowseApp(library()), keys, filtered) == ([str(n) for n in range(1, 16)], 8)


def test_enter_opens_the_chapter_as_o_does(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    path = write("title: T\nurl: https://e.org/a.mp3\nchapters:\n"
                 "- {start: '0:00', title: a}\n- {start: '1:00', title: b}\n")  # fmt: skip
    link = ["no display to open a browser on: here is the link\nhttps://e.org/a.mp3#t=60"]
    assert drive(BrowseApp(library(path)), ["n", "enter"], messages) == link
    assert drive(BrowseApp(library(path)), ["n", "o"], messages) == link
    # Enter in the filter's prompt is the prompt's: it closes it, and opens nothing
    assert drive(BrowseApp(library(path)), ["slash", "b", "enter"], messages) == []
    assert drive(BrowseApp(library(path)), ["slash", "b", "enter", "enter"], messages) == link


def test_go_to_past_the_end_is_the_error_at_gives(invoke: Invoke) -> None:
    said = drive(BrowseApp(library()), ["g", *"2:00:00", "enter"], messages)
    assert said == ["2:00:00 is past the end of the episode (1:15:49)"]
    result = invoke("at", "2:00:00")
    assert result.stderr == "chapters: 2:00:00 is past the end of the episode (1:15:49)\n"


def test_go_to_a_time_in_a_gap_says_so(write: Callable[..., Path], invoke: Invoke) -> None:
    path = write("title: T\nduration: '5:00'\nchapters:\n"
                 "- {start: '0:00', end: '1:00', title: a}\n"
                 "- {start: '2:00', end: '3:00', title: b}\n")  # fmt: skip

    def check(app: BrowseApp) -> tuple[list[str], int | None]:
        return messages(app), selected(app)

    assert drive(BrowseApp(library(path)), ["g", *"1:30", "enter"], check) == (
        ["1:30 is between chapters: nothing is playing\nnext, in 0:30: 2. b"],
        2,
    )
    assert drive(BrowseApp(library(path)), ["g", *"3:30", "enter"], check) == (
        ["3:30 is between chapters: nothing is playing"],
        1,
    )
    assert (
        "1:30 is between chapters: nothing is playing"
        in invoke("at", "1:30", "-f", str(path)).stdout
    )


def test_library_search_filters_as_you_type_and_says_what_it_found(tmp_path: Path) -> None:
    lib = generated(tmp_path / "lib", 4)

    def found(app: BrowseApp) -> tuple[list[list[str]], str]:
        table = app.screen.query_one(DataTable)
        numbers_and_matches = [[str(table.get_row_at(i)[0]), str(table.get_row_at(i)[-1])]
                               for i in range(table.row_count)]  # fmt: skip
        return numbers_and_matches, str(app.screen.query_one("#status", Static).content)

    # No Enter: the list follows the typing (once it pauses). "glasses" is in 3 bullets of
    # episode 2, a title and a summary of episode 3, a bullet of episode 4 (see the files).
    assert drive(BrowseApp(library(lib)), ["slash", *"glasses"], found, settle=0.5) == (
        [["2", "3"], ["3", "2"], ["4", "1"]],
        "6 matches in 3 episodes",
    )
    # "compilers": episode 2 by its own title, as `chapters search` finds it too
    assert drive(BrowseApp(library(lib)), ["slash", *"compilers"], found, settle=0.5) == (
        [["1", "1"], ["2", "1"], ["3", "1"], ["4", "1"]],
        "4 matches in 4 episodes",
    )
    assert drive(BrowseApp(library(lib)), ["slash", *"zzz"], found, settle=0.5) == (
        [],
        "nothing matches 'zzz'",
    )
    # Esc: every episode again, the one selected still selected
    keys = ["slash", *"glasses", "enter", "down", "escape"]
    assert drive(BrowseApp(library(lib)), keys, found)[0] == [
        ["1", ""],
        ["2", ""],
        ["3", ""],
        ["4", ""],
    ]
    assert drive(BrowseApp(library(lib)), keys, lambda app: app.screen.selected.title
                 ).startswith("Episode 3:")  # fmt: skip


def test_opening_a_found_episode_takes_the_search_along(tmp_path: Path) -> None:
    lib = generated(tmp_path / "lib", 4)
    # episode 3 (the second row): "glasses" is in chapter 1's title and chapter 5's summary
    assert drive(BrowseApp(library(lib)), ["slash", *"glasses", "enter", "down", "enter"],
                 rows) == ["1", "5"]  # fmt: skip
    # episode 2 matched by its title only: its chapters are all shown
    keys = ["slash", *"compilers", "enter", "down", "enter"]
    assert len(drive(BrowseApp(library(lib)), keys, rows)) == 15


def test_browse_needs_a_terminal(invoke: Invoke) -> None:
    result = invoke("browse")
    assert result.exit_code == 2
    assert result.stderr == (
        "chapters: browse needs a terminal; for output to a pipe, use list or search\n"
    )


# Snapshots of the main screens (pytest-textual-snapshot; `--snapshot-update` to renew).


def test_snapshot_chapters(snap_compare: Any) -> None:
    assert snap_compare(BrowseApp(library()), press=["n", "n"], terminal_size=SIZE)


def test_snapshot_filtered(snap_compare: Any) -> None:
    assert snap_compare(BrowseApp(library()), press=["slash", *"distil"], terminal_size=SIZE)


def test_snapshot_library(snap_compare: Any, tmp_path: Path) -> None:
    lib = generated(tmp_path / "lib", 3)
    assert snap_compare(BrowseApp(library(lib)), terminal_size=SIZE)
