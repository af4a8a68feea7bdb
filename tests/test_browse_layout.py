"""`chapters browse` on screen: at 40, 80 and 160 columns cell by cell, the keys the
footer names, the contrast of the timeline's numbers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rich.text import Text
from test_browse import BrowseApp, drive, footer, generated, library
from textual.widgets import DataTable, Static

from chaptercli.browse.fit import shortened

CHAPTERS_FOOTER = ["/ Filter", "g Go to time", "n Next", "p Previous", "o Open", "q Quit"]
TITLES = {  # the bundled episode's titles, whole
    1: "Llama 4: what’s new, why efficiency matters, and the path to Behemoth",
    4: "Intelligence explosion—yes, but bottlenecks remain: infrastructure, adoption, "
    "and testing constraints",
    11: "Distillation as the superpower of open source: combining strengths while "
    "filtering security risks",
}


def columns(app: BrowseApp) -> list[str]:
    return [str(column.label) for column in app.screen.query_one(DataTable).columns.values()]


def cell(app: BrowseApp, row: int, label: str) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.get_row_at(row)[columns(app).index(label)])


def on_screen(app: BrowseApp) -> bool:
    """Nothing of the table is off to the right, and every footer key is in the window."""
    width = app.size.width
    keys = app.screen.query("FooterKey")
    return app.screen.query_one(DataTable).max_scroll_x == 0 and all(
        key.region.width and key.region.right <= width for key in keys
    )


@pytest.mark.parametrize(
    ("width", "expected_columns", "titles", "keys"),
    [
        (40, ["#", "Start", "Title"],
         ["Llama 4: what’s new…", "Intelligence…", "Distillation as the…"],
         ["/ Filter", "g Go to time", "o Open", "q Quit"]),
        (80, ["#", "Start", "Title"],
         ["Llama 4: what’s new, why…", "Intelligence explosion—yes, but…",
          "Distillation as the superpower…"],
         CHAPTERS_FOOTER),
        (160, ["#", "Start", "Length", "Title"],
         ["Llama 4: what’s new, why efficiency matters, and the…",
          "Intelligence explosion—yes, but bottlenecks remain…",
          "Distillation as the superpower of open source…"],
         CHAPTERS_FOOTER),
    ],
)  # fmt: skip
def test_the_chapters_fit_the_width(
    width: int, expected_columns: list[str], titles: list[str], keys: list[str]
) -> None:
    def check(app: BrowseApp) -> None:
        assert columns(app) == expected_columns
        assert [cell(app, number - 1, "Title") for number in TITLES] == titles
        assert footer(app) == keys
        assert on_screen(app)
        for number, full in TITLES.items():  # cut between words, never inside one
            shown = cell(app, number - 1, "Title").removesuffix("…")
            assert full.startswith(shown) and full[len(shown)] in " ,:"

    drive(BrowseApp(library()), [], check, size=(width, 24))


def test_at_40_columns_the_details_go_below_the_list() -> None:
    def places(app: BrowseApp) -> tuple[str, str]:
        table = app.screen.query_one(DataTable).region
        detail = app.screen.query_one("#detail-pane").region
        beside = (
            "beside" if detail.x >= table.right else "below" if detail.y >= table.bottom else ""
        )
        heading = str(app.screen.query_one("#episode", Static).content)
        return beside, heading

    assert drive(BrowseApp(library()), [], places, size=(40, 24)) == (
        "below",
        "Dwarkesh Podcast — Mark Zuckerberg — AI…",
    )
    assert drive(BrowseApp(library()), [], places, size=(80, 24)) == (
        "beside",
        "Dwarkesh Podcast — Mark Zuckerberg — AI will write most Meta code in 18 months",
    )


def test_a_resized_terminal_is_fitted_again() -> None:
    async def session() -> list[object]:
        app = BrowseApp(library())
        async with app.run_test(size=(160, 24)) as pilot:
            await pilot.pause()
            seen: list[object] = [columns(app), cell(app, 0, "Title"), footer(app)]
            await pilot.resize_terminal(40, 24)
            await pilot.pause()
            return [*seen, columns(app), cell(app, 0, "Title"), footer(app), on_screen(app)]

    assert asyncio.run(session()) == [
        ["#", "Start", "Length", "Title"],
        "Llama 4: what’s new, why efficiency matters, and the…",
        CHAPTERS_FOOTER,
        ["#", "Start", "Title"],
        "Llama 4: what’s new…",
        ["/ Filter", "g Go to time", "o Open", "q Quit"],
        True,
    ]


@pytest.mark.parametrize(
    ("width", "expected_columns", "title"),
    [
        (40, ["#", "Title", "Matches"], "Episode 1: Lumquanerics…"),
        (80, ["#", "Podcast", "Title", "Chapters", "Matches"], "Episode 1: Lumquanerics at did…"),
        (160, ["#", "Podcast", "Title", "Chapters", "Matches"],
         "Episode 1: Lumquanerics at did way “quatornerics” Margaret’s — with Edsger"),
    ],
)  # fmt: skip
def test_the_library_fits_the_width_with_its_matches_in_view(
    tmp_path: Path, width: int, expected_columns: list[str], title: str
) -> None:
    lib = generated(tmp_path / "lib", 4)

    def check(app: BrowseApp) -> list[str]:
        assert columns(app) == expected_columns
        assert on_screen(app)
        return [cell(app, row, label) for row in range(3) for label in ("#", "Title", "Matches")]

    shown = drive(BrowseApp(library(lib)), [], check, size=(width, 24))
    assert shown[:3] == ["1", title, ""]
    assert drive(BrowseApp(library(lib)), [], footer, size=(width, 24)) == [
        "enter Open",
        "/ Search all",
        "q Quit",
    ]
    searched = drive(BrowseApp(library(lib)), ["slash", *"glasses", "enter"], check,
                     size=(width, 24))  # fmt: skip
    assert [searched[0], searched[2], searched[3], searched[5], searched[6], searched[8]] == [
        "2",
        "3",
        "3",
        "2",
        "4",
        "1",
    ]  # episode, matches


def test_shortened_cuts_between_words_with_an_ellipsis() -> None:
    def plain(text: str, width: int) -> str:
        return shortened(Text(text), width).plain

    assert plain("Open source AI strategy", 23) == "Open source AI strategy"  # fits
    assert plain("Open source AI strategy", 22) == "Open source AI…"
    assert plain("Open source: AI", 14) == "Open source…"  # no colon left before the "…"
    assert plain("Supercalifragilistic word", 8) == "Superca…"  # one word too long: cut
    assert plain("日本語のタイトル です", 12) == "日本語のタ…"  # wide characters take two cells
    assert plain("", 5) == ""
    highlighted = Text("DeepSeek, China, and the power")
    highlighted.stylize("bold", 0, 8)
    short = shortened(highlighted, 16)
    assert short.plain == "DeepSeek, China…"
    assert [short.plain[s.start : s.end] for s in short.spans] == ["DeepSeek"]


def test_the_footer_names_enter_and_b_in_a_library(tmp_path: Path) -> None:
    lib = generated(tmp_path / "lib", 4)
    assert drive(BrowseApp(library(lib)), [], footer) == ["enter Open", "/ Search all", "q Quit"]
    assert drive(BrowseApp(library(lib)), ["enter"], footer) == [
        "/ Filter",
        "g Go to time",
        "n Next",
        "p Previous",
        "o Open",
        "b Episodes",
        "q Quit",
    ]
    # one episode: no list to go back to
    assert "b Episodes" not in drive(BrowseApp(library()), [], footer)
    # Esc is named when there is something to clear; while typing, only Esc is
    assert drive(BrowseApp(library(lib)), ["slash", "x"], footer) == ["esc Clear"]
    assert drive(BrowseApp(library(lib)), ["slash", *"glasses", "enter"], footer) == [
        "enter Open",
        "/ Search all",
        "esc Clear",
        "q Quit",
    ]
    assert drive(BrowseApp(library(lib)), ["slash", *"zzz", "enter"], footer) == [
        "/ Search all",
        "esc Clear",
        "q Quit",
    ]  # nothing to open


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.x: https://www.w3.org/TR/WCAG21/#dfn-relative-luminance"""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2.x: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio"""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula() -> None:
    # the examples everyone quotes: black on white 21:1, #777777 on white about 4.48:1
    assert round(contrast((0, 0, 0), (255, 255, 255)), 2) == 21.0
    assert round(contrast((0x77, 0x77, 0x77), (255, 255, 255)), 2) == 4.48


def test_timeline_numbers_keep_contrast_on_every_segment_colour() -> None:
    from rich.color import Color, ColorSystem
    from rich.style import Style

    def styles(app: BrowseApp) -> set[tuple[str, str]]:
        bar = app.screen.query_one("#timeline", Static).content
        assert isinstance(bar, Text)
        found = {Style.parse(str(span.style)) for span in bar.spans}
        return {(s.color.name, s.bgcolor.name) for s in found if s.color and s.bgcolor}

    pairs = drive(BrowseApp(library()), [], styles, size=(160, 24))
    assert len(pairs) == 9  # 8 segment colours, and the selected chapter's
    for foreground, background in pairs:
        # as the colours are given, and as a 16-colour terminal shows them
        for system in (ColorSystem.TRUECOLOR, ColorSystem.STANDARD):
            fg = Color.parse(foreground).downgrade(system).get_truecolor()
            bg = Color.parse(background).downgrade(system).get_truecolor()
            ratio = contrast((fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue))
            assert ratio >= 4.5, (foreground, background, system, ratio)
