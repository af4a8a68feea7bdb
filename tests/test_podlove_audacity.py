"""Podlove JSON and Audacity label tracks: the variations real files have, with
exact values, through the library and the command line.

Sources: the Podlove Web Player's JSON documentation (podlove-web-player
docs/json.md: `chapters` of `{"start": "00:00:00.500", "title": …}`, listed out
of order, beside `title`, `permalink`, `duration` "00:02.500"), podlove-ui's
chapter type (packages/types/src/chapter.ts: `href`, `image`); the Audacity
manual, "Importing and Exporting Labels" (start, end and label separated by
tabs, seconds with six decimals, a point label's end equal to its start, and
in Audacity 2.3+ a line starting with a backslash after a label holding its
spectral selection's low and high frequencies)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import formats
from chaptercli.errors import ChapterError

Write = Callable[..., Path]

PLAYER_CONFIG = json.dumps({
    "title": "PWP001 – Lorem ipsum",
    "permalink": "https://example.org/pwp001",
    "chapters": [
        {"start": "00:00:00.500", "title": "Chapter Two"},
        {"start": "00:00:00.000", "title": "Chapter One", "href": "", "image": ""},
        {"start": "00:00:01.500", "title": "Chapter Three", "href": "https://example.org/3"},
        {"start": "2", "title": "Chapter Four", "image": "https://example.org/4.jpg"},
    ],
    "summary": {"metadata": "foobar"},
    "duration": "00:02.500",
})  # fmt: skip


def test_web_player_configuration() -> None:
    name, ep, notes = formats.read(PLAYER_CONFIG, "player.json")
    assert name == "podlove-json"
    assert [(c.start_ms, c.end_ms, c.title, c.url, c.image) for c in ep.chapters] == [
        (0, 500, "Chapter One", None, None),  # sorted; empty href and image are none
        (500, 1500, "Chapter Two", None, None),
        (1500, 2000, "Chapter Three", "https://example.org/3", None),
        (2000, 2500, "Chapter Four", None, "https://example.org/4.jpg"),
    ]
    assert (ep.title, ep.url, ep.duration_ms, notes) == (
        "PWP001 – Lorem ipsum",
        "https://example.org/pwp001",
        2500,
        (),
    )


def test_publisher_list_and_what_is_written() -> None:
    text = '[{"start": "00:04:01.000", "title": "B"}, {"start": "0", "title": "A"}]'
    name, ep, _ = formats.read(text, "episode.json")
    assert name == "podlove-json"
    assert [(c.start_ms, c.title) for c in ep.chapters] == [(0, "A"), (241_000, "B")]
    assert json.loads(formats.write(ep, "podlove-json")) == [
        {"start": "00:00:00.000", "title": "A", "href": "", "image": ""},
        {"start": "00:04:01.000", "title": "B", "href": "", "image": ""},
    ]


def test_this_projects_json_is_not_podlove() -> None:
    own = '{"title": "t", "chapters": [{"start": "0:00", "title": "a"}]}'
    assert formats.detect(own, "x") == "json"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"start": 241, "title": "a"}]',
         "x.json: chapter 1: 'start' must be a time as text such as \"00:04:01.000\", not 241 "
         "(seconds or milliseconds? it cannot be told)"),
        ('[{"start": "4:61", "title": "a"}]',
         "x.json: chapter 1: 'start': minutes and seconds must be 0-59 in '4:61'"),
        ('[{"start": "0", "href": 5}]', "x.json: chapter 1: 'href' must be a string, not 5"),
        ("[]", 'x.json: expected Podlove JSON chapters: [{"start": "00:00:00.000", "title": '
               '"Intro", "href": "", "image": ""}]'),
    ],
)  # fmt: skip
def test_podlove_json_refused(text: str, message: str) -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(text, "x.json", "podlove-json")
    assert caught.value.message == message


LABELS = (
    "0.000000\t0.000000\tIntro\n"
    "\\\t100.000000\t2000.000000\n"  # the spectral selection of the label above
    "241.500000\t561.000000\tBenchmarks vs real users\n"
    "561,000000\t561,000000\tDecimal comma, a point label\n"
    "\n"
    "600.0005\t700\t  Spaces around  \n"
)


def test_audacity_labels_exactly() -> None:
    name, ep, notes = formats.read(LABELS, "labels.txt")
    assert name == "audacity"
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 241_500, "Intro"),  # a point label runs to the next label
        (241_500, 561_000, "Benchmarks vs real users"),
        (561_000, 600_001, "Decimal comma, a point label"),
        (600_001, 700_000, "Spaces around"),  # .0005 s rounds half up
    ]
    assert notes == ()


def test_audacity_written_and_refused() -> None:
    ep = formats.read(LABELS, "labels.txt").episode
    assert formats.write(ep, "audacity").split("\n")[:2] == [
        "0.000000\t241.500000\tIntro",
        "241.500000\t561.000000\tBenchmarks vs real users",
    ]
    with pytest.raises(ChapterError) as caught:
        formats.read("0.0\t1.0\tA\n1.0 2.0 B\n", "labels.txt", "audacity")
    assert caught.value.message == (
        "labels.txt: line 2: expected start, end and label separated by tabs (seconds such as "
        "241.000000), found '1.0 2.0 B'"
    )


def test_through_the_command_line(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    labels = write(LABELS, "labels.txt")
    listed = invoke("list", "--no-cache", "-f", str(labels))
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.split("\n")[4] == "1       0:00     4:01.5    4:01.5  Intro"
    imported = invoke("import", str(labels))
    assert imported.stdout.split("\n")[:5] == [
        "title: labels", "chapters:", '- start: "0:00"', '  end: "4:01.5"', "  title: Intro",
    ]  # fmt: skip
    player = write(PLAYER_CONFIG, "player.json")
    out = tmp_path / "labels-again.txt"
    exported = invoke("export", "--no-cache", "-f", str(player), "--to", "audacity", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert exported.stderr == (
        "chapters: warning: audacity cannot carry the episode's title, url, chapter links, "
        "chapter images: they were left out\n"
    )
    assert out.read_text(encoding="utf-8").split("\n")[:2] == [
        "0.000000\t0.500000\tChapter One", "0.500000\t1.500000\tChapter Two",
    ]  # fmt: skip
