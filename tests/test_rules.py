"""The rules a chapter list must follow, and each platform's: every problem written out."""

from __future__ import annotations

import pytest

from chaptercli.model import Chapter
from chaptercli.rules import (
    ERROR,
    INFO,
    WARNING,
    Problem,
    chapter_label,
    label,
    platform,
    round_to_second,
    structural,
)


def test_labels_name_a_chapter_and_shorten_long_titles() -> None:
    assert chapter_label(3, "Intro") == 'chapter 3 "Intro"'
    assert chapter_label(3, "x" * 60) == f'chapter 3 "{"x" * 60}"'  # 60 characters fit
    assert chapter_label(3, "x" * 61) == f'chapter 3 "{"x" * 59}…"'
    assert chapter_label(4, ["not", "text"]) == "chapter 4"
    assert label(Chapter(7, 0, None, "Outro")) == 'chapter 7 "Outro"'


def test_every_structural_rule_with_its_message() -> None:
    one = Chapter(1, 5_000, 60_000, "a")
    two = Chapter(2, 3_000, 70_000, "b")  # before the chapter it follows
    three = Chapter(3, 3_000, 80_000, "c")  # the same start
    four = Chapter(4, 70_000, 90_000, "d")  # before three ends
    five = Chapter(5, 100_000, 100_000, " ")  # after a gap; ends where it starts; no title
    six = Chapter(6, 120_000, 130_000, "f")  # at the end of the episode
    assert structural([one, two, three, four, five, six], 120_000) == [
        Problem(ERROR, "order", "starts at 0:03, before chapter 1 (0:05): chapters must be in "
                "time order", two),
        Problem(ERROR, "same-start", "starts at 0:03, the same time as chapter 2", three),
        Problem(ERROR, "overlap", "starts at 1:10, before chapter 3 ends (1:20): chapters "
                "overlap", four),
        Problem(INFO, "gap", "starts at 1:40, 0:10 after chapter 4 ends: nothing plays in "
                "between", five),
        Problem(ERROR, "end-before-start", "end 1:40 is not after start 1:40", five),
        Problem(ERROR, "empty-title", "has no title", five),
        Problem(INFO, "gap", "starts at 2:00, 0:20 after chapter 5 ends: nothing plays in "
                "between", six),
        Problem(ERROR, "past-duration", "starts at 2:00, at or after the end of the episode "
                "(duration 2:00)", six),
    ]  # fmt: skip


def test_ends_against_the_duration() -> None:
    last = Chapter(2, 60_000, 130_000, "b")
    assert structural([Chapter(1, 0, 60_000, "a"), last], 120_000) == [
        Problem(ERROR, "past-duration", "ends at 2:10, after the end of the episode "
                "(duration 2:00)", last),
    ]  # fmt: skip
    touching = [Chapter(1, 0, 60_000, "a"), Chapter(2, 60_000, 120_000, "b")]
    assert structural(touching, 120_000) == []  # ends exactly at the end: fine
    assert structural(touching, None) == []


def test_youtube() -> None:
    first = Chapter(1, 0, 10_000, "a")  # exactly 10 s: long enough
    short = Chapter(2, 10_000, 19_999, "b")
    fraction = Chapter(3, 19_999, None, "c")
    assert platform("youtube", [first, short, fraction]) == [
        Problem(ERROR, "youtube-min-length", "youtube: chapters must be at least 10 s long, "
                "this one is 0:09.999", short),
        Problem(INFO, "youtube-whole-seconds", "youtube: timestamps are whole seconds; "
                "0:19.999 will be written as 0:20", fraction),
    ]  # fmt: skip
    late = Chapter(1, 5_000, 60_000, "a")
    assert platform("youtube", [late, Chapter(2, 60_000, 120_000, "b")]) == [
        Problem(ERROR, "youtube-first-at-zero", "youtube: the first chapter must start at 0:00, "
                "this one starts at 0:05", late),
        Problem(ERROR, "youtube-min-chapters", "youtube: needs at least 3 chapters, the episode "
                "has 2"),
    ]  # fmt: skip


def test_spotify() -> None:
    fine = Chapter(1, 0, 30_000, "x" * 40)  # 30 s and 40 characters: both just right
    short = Chapter(2, 30_000, 59_999, "y" * 41)
    assert platform("spotify", [fine, short, Chapter(3, 59_999, None, "z")]) == [
        Problem(WARNING, "spotify-short", "spotify: advises chapters of at least 30 s long, "
                "this one is 0:29.999", short),
        Problem(WARNING, "spotify-long-title", "spotify: advises titles under 40 characters, "
                "this one has 41", short),
    ]  # fmt: skip
    assert platform("spotify", [Chapter(1, 1_000, None, "a")]) == [
        Problem(ERROR, "spotify-first-at-zero", "spotify: the first chapter must start at 0:00, "
                "this one starts at 0:01", Chapter(1, 1_000, None, "a")),
        Problem(ERROR, "spotify-min-chapters", "spotify: needs at least 3 chapters, the episode "
                "has 1"),
    ]  # fmt: skip


def test_podcast2_and_webvtt() -> None:
    blank = Chapter(2, 60_000, None, " ")
    chapters = [Chapter(1, 0, 60_000, "a"), blank]
    assert platform("podcast2", chapters) == [
        Problem(WARNING, "podcast2-title", "podcast2: a chapter without a title shows as a "
                "blank entry", blank),
    ]  # fmt: skip
    assert platform("webvtt", chapters) == [
        Problem(ERROR, "webvtt-end", "webvtt: every cue needs an end; this chapter has none "
                "(give it an end, or give the episode a duration)", blank),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("ms", "rounded"), [(0, 0), (499, 0), (500, 1000), (1_499, 1000), (2_500, 3000)]
)
def test_round_to_second_takes_halves_up(ms: int, rounded: int) -> None:
    assert round_to_second(ms) == rounded
