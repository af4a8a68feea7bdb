from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chaptercli.errors import DataError
from chaptercli.loader import load_episode, parse_episode

Write = Callable[..., Path]

GOOD = """\
podcast: Show
title: Episode
chapters:
  - start: "0:00"
    title: One
  - start: "4:01"
    title: Two
    summary: About two.
    bullets: [a, b]
  - start: "1:02:45"
    end: "1:10:00"
    title: Three
"""


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_episode(path)
    assert all(line.startswith(f"{path}: ") for line in str(caught.value).split("\n"))
    return caught.value.problems


def test_loads_and_fills_ends(write: Write) -> None:
    episode = load_episode(write(GOOD))
    assert episode.podcast == "Show" and episode.title == "Episode"
    one, two, three = episode.chapters
    assert (one.number, one.start_ms, one.end_ms) == (1, 0, 241_000)
    assert (two.start_ms, two.end_ms, two.summary, two.bullets) == (
        241_000,
        3_765_000,
        "About two.",
        ("a", "b"),
    )
    assert three.end_ms == 4_200_000
    assert one.summary is None and one.bullets == ()
    assert episode.length_ms == 4_200_000


def test_yaml_11_unquoted_times_are_accepted(write: Write) -> None:
    # YAML 1.1 makes 4:01 the integer 241 and 1:02:45 the integer 3765; 0:00 stays text.
    text = "title: T\nchapters:\n- {start: 0:00, title: a}\n- {start: 4:01, title: b}\n"
    text += "- {start: 1:02:45, end: 1:10:00.5, title: c}\n- {start: 4300, title: d}\n"
    text += "- {start: 4400.25, title: e}\n"
    episode = load_episode(write(text))
    starts = [c.start_ms for c in episode.chapters]
    assert starts == [0, 241_000, 3_765_000, 4_300_000, 4_400_250]
    assert episode.chapters[2].end_ms == 4_200_500


def test_last_chapter_end_comes_from_duration(write: Write) -> None:
    text = 'title: T\nduration: "1:00:00"\nchapters:\n- {start: "0:00", title: a}\n'
    episode = load_episode(write(text))
    assert episode.chapters[0].end_ms == 3_600_000
    assert episode.length_ms == 3_600_000


def test_last_chapter_is_open_ended_without_end_or_duration(write: Write) -> None:
    text = 'title: T\nchapters:\n- {start: "0:00", title: a}\n- {start: "5:00", title: b}\n'
    episode = load_episode(write(text))
    assert episode.chapters[-1].end_ms is None
    assert episode.length_ms is None
    assert episode.chapter_at(10**9) is episode.chapters[-1]


def test_utf8_bom_is_accepted(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_episode(path).title == "Episode"


def test_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.yaml") == ["no such file"]


def test_directory(tmp_path: Path) -> None:
    assert problems(tmp_path) == ["is a directory, not a chapters file"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert problems(path) == ["not UTF-8 text: byte 0xe9 at offset 10"]


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_empty_file(write: Write, text: str) -> None:
    assert problems(write(text)) == ["file is empty"]


def test_yaml_syntax_error_names_the_line(write: Write) -> None:
    found = problems(write('title: T\nchapters:\n  - start: "0:00\n    title: x\n'))
    assert len(found) == 1
    assert found[0].startswith("line 5, column 1: YAML syntax error")
    found = problems(write("title: T\nchapters: [\n"))
    assert found[0].startswith("line 3") and "YAML syntax error" in found[0]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("just words\n", "text"), ("42\n", "a number (42)")],
)
def test_top_level_not_a_mapping(write: Write, text: str, kind: str) -> None:
    assert problems(write(text)) == [
        f"the top level must be a mapping with title and chapters, not {kind}"
    ]


def test_missing_fields(write: Write) -> None:
    found = problems(write("podcast: P\nchapters:\n- {title: a}\n- {start: '1:00'}\n"))
    assert found == [
        "missing 'title'",
        "line 3: chapter 1 \"a\": missing 'start'",
        "line 4: chapter 2: missing 'title'",
    ]


def test_missing_and_empty_chapters(write: Write) -> None:
    assert problems(write("title: T\n")) == ["missing 'chapters' (a list of chapters)"]
    assert problems(write("title: T\nchapters: []\n")) == [
        "line 2: 'chapters' is empty: an episode needs at least one chapter"
    ]
    assert problems(write("title: T\nchapters: {a: 1}\n")) == [
        "line 2: 'chapters' must be a list, not a mapping"
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [("[a, b]", "a list"), ("{a: b}", "a mapping"), ("42", "a number (42) (quote it)"),
     ("yes", "true/false (true) (quote it)")],
)  # fmt: skip
def test_title_must_be_text_and_is_not_coerced(write: Write, value: str, kind: str) -> None:
    found = problems(write(f"title: T\nchapters:\n- start: '0:00'\n  title: {value}\n"))
    assert found == [f"line 4: chapter 1: 'title' must be text, not {kind}"]


def test_other_wrong_types(write: Write) -> None:
    text = (
        "title: T\nurl: [x]\nchapters:\n- start: '0:00'\n  title: a\n  summary: [x]\n"
        "  bullets: just one\n- just text\n"
    )
    assert problems(write(text)) == [
        "line 2: 'url' must be text, not a list",
        "line 6: chapter 1 \"a\": 'summary' must be text, not a list",
        "line 7: chapter 1 \"a\": 'bullets' must be a list of text lines",
        "chapter 2: must be a mapping with start and title, not text",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'1:75'", "bad 'start': minutes and seconds must be 0-59 in '1:75'"),
        ("'soon'", "bad 'start': not a time: 'soon'"),
        ("-5", "bad 'start': time cannot be negative: -5"),
        ("true", "bad 'start': expected a time such as \"1:02:45\", not true/false (true)"),
        ("2024-01-01", "bad 'start': expected a time such as \"1:02:45\", not a date (2024-01-01)"),
        (".nan", "bad 'start': not a finite number of seconds: nan"),
    ],
)
def test_bad_time(write: Write, value: str, message: str) -> None:
    found = problems(write(f"title: T\nchapters:\n- start: {value}\n  title: a\n"))
    assert len(found) == 1
    assert found[0].startswith(f'line 3: chapter 1 "a": {message}')


def test_end_not_after_start(write: Write) -> None:
    text = "title: T\nchapters:\n- {start: '1:00', end: '1:00', title: a}\n"
    assert problems(write(text)) == ['line 3: chapter 1 "a": end 1:00 is not after start 1:00']


def test_chapters_out_of_order(write: Write) -> None:
    text = "title: T\nchapters:\n- {start: '5:00', title: a}\n- {start: '1:00', title: b}\n"
    assert problems(write(text)) == [
        'line 4: chapter 2 "b": starts at 1:00, before chapter 1 (5:00): chapters must be in '
        "time order"
    ]


def test_same_start_time(write: Write) -> None:
    text = "title: T\nchapters:\n- {start: '1:00', title: a}\n- {start: '1:00', title: b}\n"
    assert problems(write(text)) == [
        'line 4: chapter 2 "b": starts at 1:00, the same time as chapter 1'
    ]


def test_overlapping_chapters(write: Write) -> None:
    text = (
        "title: T\nchapters:\n- {start: '0:00', end: '5:00', title: a}\n"
        "- {start: '4:00', title: b}\n"
    )
    assert problems(write(text)) == [
        'line 4: chapter 2 "b": starts at 4:00, before chapter 1 ends (5:00): chapters overlap'
    ]


def test_chapters_past_duration(write: Write) -> None:
    text = (
        "title: T\nduration: '10:00'\nchapters:\n- {start: '0:00', end: '11:00', title: a}\n"
        "- {start: '12:00', title: b}\n"
    )
    assert problems(write(text)) == [
        'line 4: chapter 1 "a": ends at 11:00, after the end of the episode (duration 10:00)',
        'line 5: chapter 2 "b": starts at 12:00, at or after the end of the episode '
        "(duration 10:00)",
    ]


def test_every_problem_is_reported_at_once(write: Write) -> None:
    text = (
        "title: [T]\nchapters:\n- {start: '5:00', title: a}\n- {start: '1:00', title: b}\n"
        "- {start: 'x', title: c}\n- {start: '9:00', title: {d: 1}}\n"
    )
    found = problems(write(text))
    assert len(found) == 4
    assert found[0] == "line 1: 'title' must be text, not a list"
    assert "line 5: chapter 3 \"c\": bad 'start'" in found[1]
    assert found[2] == "line 6: chapter 4: 'title' must be text, not a mapping"
    assert "chapters must be in time order" in found[3]


def test_chapters_after_an_unreadable_one_keep_their_numbers(write: Write) -> None:
    text = (
        'title: T\nduration: "4:00"\nchapters:\n- {start: "0:00", title: a}\n'
        '- {start: soon, title: b}\n- - not a chapter\n- {start: "5:00", title: c}\n'
        '- {start: "4:30", title: d}\n'
    )
    assert problems(write(text)) == [
        "line 5: chapter 2 \"b\": bad 'start': not a time: 'soon' (expected SS, M:SS, H:MM:SS, "
        "3765s or 1h2m45s)",
        "chapter 3: must be a mapping with start and title, not a list",
        'line 4: chapter 1 "a": ends at 5:00, after the end of the episode (duration 4:00)',
        'line 7: chapter 4 "c": starts at 5:00, at or after the end of the episode (duration 4:00)',
        'line 8: chapter 5 "d": starts at 4:30, before chapter 4 (5:00): chapters must be in '
        "time order",
        'line 8: chapter 5 "d": starts at 4:30, at or after the end of the episode (duration 4:00)',
    ]  # chapter 1 ends where the next chapter that could be read starts


def test_gap_between_chapters_is_allowed(write: Write) -> None:
    text = (
        "title: T\nchapters:\n- {start: '0:00', end: '1:00', title: a}\n"
        "- {start: '2:00', end: '3:00', title: b}\n"
    )
    episode = load_episode(write(text))
    assert episode.chapter_at(90_000) is None
    assert episode.chapter_after(90_000) is episode.chapters[1]


def test_long_titles_are_shortened_in_messages() -> None:
    title = "x" * 200
    with pytest.raises(DataError) as caught:
        parse_episode(f"title: T\nchapters:\n- {{start: '1:75', title: {title}}}\n".encode(), "f")
    assert f'chapter 1 "{"x" * 59}…"' in str(caught.value)


def test_safe_loader_builds_no_python_objects(write: Write) -> None:
    text = "title: !!python/object/apply:os.system ['echo pwned']\nchapters: []\n"
    found = problems(write(text))
    assert "could not determine a constructor" in found[0]
