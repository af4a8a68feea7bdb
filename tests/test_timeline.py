"""`chapters timeline`: proportional segments, a ruler, a legend; on screen or saved."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import cells
from hypothesis import given
from hypothesis import strategies as st

from chaptercli import timeline
from chaptercli.discovery import bundled_path
from chaptercli.loader import load_episode
from chaptercli.model import Chapter, Episode

EPISODE = load_episode(bundled_path())
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("width", [20, 33, 40, 80, 137, 200])
def test_segments_are_proportional_within_a_column(width: int) -> None:
    length = EPISODE.length_ms or 1
    segments = timeline.segments(EPISODE, width)
    assert segments[0].first == 0 and segments[-1].stop == width  # the bar is filled
    for before, after in itertools.pairwise(segments):
        assert before.stop == after.first  # no gaps, no overlaps: chapters are contiguous
    for segment in segments:
        exact = (segment.chapter.duration_ms or 0) * width / length
        assert abs((segment.stop - segment.first) - exact) <= 1


@given(
    starts=st.lists(st.integers(0, 10**9), min_size=1, max_size=30, unique=True),
    width=st.integers(20, 400),
)
def test_any_episode_lays_out_within_the_bar(starts: list[int], width: int) -> None:
    starts.sort()
    ends = [*starts[1:], starts[-1] + 1000]
    episode = Episode("T", tuple(Chapter(n, s, e, "t") for n, (s, e) in
                                 enumerate(zip(starts, ends, strict=True), 1)))  # fmt: skip
    segments = timeline.segments(episode, width)
    assert all(0 <= s.first <= s.stop <= width for s in segments)
    length = timeline.span_ms(episode)
    for segment in segments:
        exact = (segment.chapter.duration_ms or 0) * width / length
        assert abs((segment.stop - segment.first) - exact) <= 1
    marks, labels = timeline.ruler(length, width)
    assert len(marks) == len(labels) == width
    assert labels.startswith("0:00")


def test_ruler_steps_are_round_and_labels_apart() -> None:
    assert [t.label for t in timeline.ticks(EPISODE.length_ms or 0, 80)] == [
        "0:00", "10:00", "20:00", "30:00", "40:00", "50:00", "1:00:00", "1:10:00",
    ]  # fmt: skip
    assert [t.label for t in timeline.ticks(EPISODE.length_ms or 0, 20)] == [
        "0:00", "1:00:00",
    ]  # fmt: skip
    long = timeline.ticks(400 * 3_600_000, 80)
    assert long[1].label == "100:00:00" and len(long) <= 80 // 11
    _, labels = timeline.ruler(EPISODE.length_ms or 0, 80)
    assert labels.split() == ["0:00", "10:00", "20:00", "30:00", "40:00", "50:00", "1:00:00",
                              "1:10:00"]  # fmt: skip


@pytest.mark.parametrize("columns", [20, 40, 80, 120])
def test_piped_picture_at_several_widths(invoke: Invoke, columns: int) -> None:
    result = invoke("timeline", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines = result.stdout.split("\n")
    bar, marks, labels = lines[3], lines[4], lines[5]
    assert cells(bar) == columns
    assert set(bar) <= set("█▒0123456789")  # no colour: segments told apart by fill
    assert cells(marks.rstrip()) <= columns and cells(labels.rstrip()) <= columns
    assert labels.startswith("0:00")
    assert lines[7].split()[:2] == ["1", "0:00"]  # the legend: number, start, title
    numbers = [int(n) for n in re.findall(r"\d+", bar)]
    assert numbers == sorted(numbers) and set(numbers) <= set(range(1, 16))
    if columns >= 80:
        assert numbers == list(range(1, 16))


def test_marking_a_time(invoke: Invoke) -> None:
    result = invoke("timeline", "--at", "45:00", env={"COLUMNS": "80"})
    marker = result.stdout.split("\n")[3]
    column = marker.index("▼")
    assert column == round(2_700_000 * 80 / 4_549_000)
    assert marker.endswith("▼ 45:00")
    near_end = invoke("timeline", "--at", "1:15:00", env={"COLUMNS": "80"}).stdout.split("\n")[3]
    assert near_end.endswith("1:15:00 ▼") and cells(near_end) <= 80
    soon = invoke("timeline", "--at", "soon")
    assert (soon.exit_code, soon.stdout) == (2, "")
    assert soon.stderr == (
        "chapters: not a time: 'soon' (expected SS, M:SS, H:MM:SS, 3765s or 1h2m45s)\n"
    )


def test_colour_when_there_is_colour(invoke: Invoke) -> None:
    coloured = invoke("timeline", env={"FORCE_COLOR": "1", "COLUMNS": "80"}).stdout
    assert re.search(r"\x1b\[[0-9;]*4[0-9]m", coloured)  # background colours: the segments
    assert "█" not in coloured
    plain = invoke("timeline", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "80"})
    assert "█" in ANSI.sub("", plain.stdout)  # colour off: fill characters instead


def test_saved_as_svg_and_html(invoke: Invoke, tmp_path: Path) -> None:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    result = invoke("timeline", "--svg", str(svg), "--html", str(html), "--at", "45:00")
    assert result.exit_code == 0 and result.stdout == ""
    picture = svg.read_text(encoding="utf-8")
    assert picture.startswith("<svg") and "DeepSeek" in picture and "45:00" in picture
    page = html.read_text(encoding="utf-8")
    assert "<html" in page.lower() and "Behemoth" in page
    again = invoke("timeline", "--svg", str(svg))
    assert again.exit_code == 2 and "already exists" in again.stderr
    svg.write_text("old", encoding="utf-8")
    forced = invoke("timeline", "--svg", str(svg), "--force")
    assert (forced.exit_code, forced.stdout, forced.stderr) == (0, "", "")
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_hostile_titles_in_saved_pictures(
    invoke: Invoke, tmp_path: Path, write: Callable[..., Path]
) -> None:
    hostile = '"<b onload=x>\\e[31m[red]x[/red]"'
    path = write(f'title: "<script>alert(1)</script>"\nchapters:\n'
                 f'- {{start: "0:00", end: "1:00", title: {hostile}}}\n')  # fmt: skip
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    assert (
        invoke("timeline", "-f", str(path), "--svg", str(svg), "--html", str(html)).exit_code == 0
    )
    for text in (svg.read_text("utf-8"), html.read_text("utf-8")):
        assert "<script>" not in text and "<b onload" not in text and "\x1b" not in text
        assert "[red]x[/red]" in text


def test_open_ended_episode(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write("title: T\nchapters:\n- {start: '0:00', title: a}\n- {start: '10:00', title: b}\n")
    result = invoke("timeline", "-f", str(path), env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert cells(result.stdout.split("\n")[3]) == 40


def test_the_span_of_the_bar() -> None:
    tiny = Episode("T", (Chapter(1, 0, 1, "a"),))  # one millisecond long
    assert timeline.span_ms(tiny) == 1
    assert timeline.segments(tiny, 20) == [timeline.Segment(tiny.chapters[0], 0, 20)]
    # Open-ended: a tenth past the last start (at least a minute), so it still shows.
    open_ended = Episode("T", (Chapter(1, 0, 600_000, "a"), Chapter(2, 600_000, 1_200_000, "b"),
                               Chapter(3, 1_200_000, None, "c")))  # fmt: skip
    assert timeline.span_ms(open_ended) == 1_320_000
    short = Episode("T", (Chapter(1, 0, 30_000, "a"), Chapter(2, 30_000, None, "b")))
    assert timeline.span_ms(short) == 90_000


# Ticks and ruler for lengths and widths at the edges of each choice: the step, the
# last tick, labels that would collide (the later one is left out).
RULERS = [
    (3_600_000, 63,
     [(0, "0:00"), (11, "10:00"), (21, "20:00"), (32, "30:00"), (42, "40:00"), (53, "50:00"),
      (63, "1:00:00")],
     "╵          ╵         ╵          ╵         ╵          ╵        ╵",
     "0:00     10:00     20:00      30:00     40:00      50:00       "),
    (3_599_999, 63,
     [(0, "0:00"), (16, "15:00"), (32, "30:00"), (47, "45:00")],
     "╵               ╵               ╵              ╵               ",
     "0:00          15:00           30:00          45:00             "),
    (360_000_000, 20, [(0, "0:00")], "╵                   ", "0:00                "),
    (1_440_000_000, 88,
     [(0, "0:00"), (22, "100:00:00"), (44, "200:00:00"), (66, "300:00:00"), (88, "400:00:00")],
     "╵                     ╵                     ╵                     ╵                    ╵",
     "0:00              100:00:00             200:00:00             300:00:00        400:00:00"),
    (600_000, 80,
     [(0, "0:00"), (8, "1:00"), (16, "2:00"), (24, "3:00"), (32, "4:00"), (40, "5:00"),
      (48, "6:00"), (56, "7:00"), (64, "8:00"), (72, "9:00"), (80, "10:00")],
     "╵       ╵       ╵       ╵       ╵       ╵       ╵       ╵       ╵       ╵      ╵",
     "0:00  1:00    2:00    3:00    4:00    5:00    6:00    7:00    8:00    9:00 10:00"),
]  # fmt: skip


@pytest.mark.parametrize(("length", "width", "ticks", "marks", "labels"), RULERS)
def test_ticks_and_ruler(
    length: int, width: int, ticks: list[tuple[int, str]], marks: str, labels: str
) -> None:
    assert [tuple(tick) for tick in timeline.ticks(length, width)] == ticks
    assert timeline.ruler(length, width) == (marks, labels)
