"""The line formats in detail: what mp4chaps, CUE and description readers make of
each variation people's files have, and what the writers put in the file.

Each case here is a place mutation testing found the tests did not pin: the
expected values are written out, each with the variation it stands for."""

from __future__ import annotations

import pytest

from chaptercli import formats
from chaptercli.errors import ChapterError
from chaptercli.formats.base import DISTINCT, GENERIC, NOT_IT
from chaptercli.model import Chapter, Episode

BOM = "\ufeff"  # what Notepad and Exact Audio Copy put before a UTF-8 file


def chapters(text: str, name: str | None = None, source: str = "x.txt") -> list[tuple[int, str]]:
    return [(c.start_ms, c.title) for c in formats.read(text, source, name).episode.chapters]


# mp4chaps (chapters.txt)


def test_mp4chaps_time_ends_at_the_first_tab_even_with_a_tab_in_the_title() -> None:
    # Tab-separated lines (a spreadsheet's columns pasted), a title with a tab of its own.
    text = "00:00:00.000\tIntro\tpart one\n00:01:00.000\tNext\n"
    assert chapters(text) == [(0, "Intro\tpart one"), (60_000, "Next")]


def test_mp4chaps_a_time_without_a_title() -> None:
    assert chapters("00:00:00.000\n00:01:00.000 Next\n", "mp4chaps") == [(0, ""), (60_000, "Next")]


@pytest.mark.parametrize(
    ("title", "kept", "links"),
    [
        ("Old <http://e.org/>", "Old", 1),  # http as well as https
        ("Q&A <live> <https://e.org/qa>", "Q&A <live>", 1),  # the last <…> is the link
        ("See <https://e.org/x>!", "See <https://e.org/x>!", 0),  # not at the end
        ("Intro <live>", "Intro <live>", 0),  # brackets, no link
        ("A <https://e.org/ >", "A <https://e.org/ >", 0),  # a space inside: no link
        ("Read<https://e.org/>", "Read<https://e.org/>", 0),  # glued to the title
        ("<https://e.org/>", "<https://e.org/>", 0),  # the whole title
    ],
)
def test_mp4chaps_leaves_out_only_a_trailing_link(title: str, kept: str, links: int) -> None:
    read = formats.read(f"00:00:00.000 {title}\n00:01:00.000 Next\n", "x.txt", "mp4chaps")
    assert [c.title for c in read.episode.chapters] == [kept, "Next"]
    assert read.notes == (("left out the links (<https://…>) of 1 chapter",) if links else ())


def test_mp4chaps_with_a_byte_order_mark_is_still_mp4chaps() -> None:
    read = formats.read(f"{BOM}00:00:00.000 Intro\n00:01:00.000 Next\n", "chapters.txt")
    assert read.name == "mp4chaps"
    assert chapters(f"{BOM}00:00:00.000 Intro\n00:01:00.000 Next\n", "mp4chaps") == [
        (0, "Intro"), (60_000, "Next"),
    ]  # fmt: skip
    assert read.notes == ()


def test_mp4chaps_is_sniffed_when_more_than_half_the_lines_are_its_own() -> None:
    sniff = formats.reader("mp4chaps").sniff
    half = "00:00:00.000 Intro\nprose\n00:01:00.000 Next\nmore prose\n"
    assert sniff(half) == NOT_IT  # two of four: a text that mentions such times
    assert sniff(half + "00:02:00.000 Last\n") == DISTINCT  # three of five
    assert sniff("prose\n00:00:00.000 A\n00:01:00.000 B\n00:02:00.000 C\n") == NOT_IT


def test_mp4chaps_frames_message_in_full() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read("00:00:00.000 A\n00:01:00:12 B\n", "x.txt", "mp4chaps")
    assert str(caught.value) == (
        "x.txt: line 2: '00:01:00:12' counts frames, and the file does not say how many a "
        "second: write the time as HH:MM:SS.mmm"
    )


# CUE sheets

SHEET = 'FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    TITLE "One"\n    INDEX 01 00:00:00\n'


def test_cue_with_a_byte_order_mark_keeps_its_first_line() -> None:
    # Exact Audio Copy writes UTF-8 sheets with a BOM, PERFORMER first.
    text = f'{BOM}PERFORMER "Show"\nTITLE "Ep"\n{SHEET}'
    episode = formats.read(text, "x.cue").episode
    assert (episode.podcast, episode.title) == ("Show", "Ep")
    assert formats.reader("cue").sniff(f"{BOM}TRACK 01 AUDIO\nINDEX 01 00:00:00\n") == DISTINCT


def test_cue_sniff_is_sure_only_with_an_index() -> None:
    assert formats.scores(SHEET)[0] == (DISTINCT, "cue")
    assert formats.reader("cue").sniff('FILE "a.wav" WAVE\nTRACK 01 AUDIO\nTITLE "x"\n') == GENERIC
    assert formats.reader("cue").sniff('TITLE "x"\nINDEX 01 00:00:00\n') == NOT_IT


def test_cue_tracks_before_the_first_file_line_are_one_file_with_it() -> None:
    # A sheet whose FILE line came after its first track (hand-edited): still one file.
    text = 'TRACK 01 AUDIO\nINDEX 01 00:00:00\nFILE "a.mp3" MP3\nTRACK 02 AUDIO\nINDEX 01 1:00:00\n'
    assert chapters(text, source="x.cue") == [(0, ""), (60_000, "")]
    with pytest.raises(ChapterError, match=r"^x.cue: the sheet spans 2 files; chapters restart"):
        formats.read(f'{SHEET}FILE "b.wav" WAVE\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n', "x.cue")


def test_cue_untitled_sheet_and_tracks() -> None:
    episode = formats.read("TRACK 01 AUDIO\nINDEX 01 00:00:00\n", "my-episode.cue").episode
    assert episode.title == "my-episode"  # the file's name, as for every untitled format
    assert [c.title for c in episode.chapters] == [""]


def test_cue_frame_75_is_refused() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read("TRACK 01 AUDIO\nINDEX 01 00:00:75\n", "x.cue")
    assert str(caught.value) == "x.cue: line 2: bad INDEX time 'INDEX 01 00:00:75'"
    assert chapters("TRACK 01 AUDIO\nINDEX 01 00:00:74\n", source="x.cue") == [(987, "")]


@pytest.mark.parametrize(
    ("url", "line"),
    [
        ("https://e.org/media/ep12.mp3?x=1", 'FILE "ep12.mp3" MP3'),
        ("https://e.org/ep.wav", 'FILE "ep.wav" WAVE'),
        ("https://e.org/ep.FLAC", 'FILE "ep.FLAC" WAVE'),  # EAC's lossless images: WAVE
        ("https://e.org/ep.aif", 'FILE "ep.aif" AIFF'),  # the sheet format's own type
        ("https://e.org/ep.aiff", 'FILE "ep.aiff" AIFF'),
        ("https://e.org/ep.m4a", 'FILE "ep.m4a" MP3'),
    ],
)
def test_cue_file_line_names_the_episode_file_and_its_type(url: str, line: str) -> None:
    episode = Episode("T", (Chapter(1, 0, None, "a"),), url=url)
    assert formats.write(episode, "cue").splitlines()[1] == line


# Video descriptions


@pytest.mark.parametrize(
    "line",
    [
        "100. 0:00 Intro",  # a list past 99 chapters
        "1) - 0:00 Intro",  # a number and a dash
        "⭐️ - 0:00 Intro",  # an emoji (two code points) and a dash
        "⭐️ - (0:00) Intro",  # the same, the time in brackets
        "1.(0:00) Intro",
        "[0:00]Intro",  # no space after the bracket
        "1." + " " * 12 + "0:00 Intro",  # a list aligned in columns
        "1.   ⭐️    - 0:00 Intro",  # a marker of 12 characters, the most there may be
    ],
)
def test_a_list_marker_before_the_time(line: str) -> None:
    assert chapters(f"{line}\n1:00 Next\n", "youtube") == [(0, "Intro"), (60_000, "Next")]


@pytest.mark.parametrize(
    "line",
    [
        "1000. 0:00 Intro",  # four digits are a year or a count, not a list number
        "1.a 0:00 Intro",
        ".... 0:00 Intro",  # four marks: more than a marker
        "At 0:00 we begin",  # prose: a word before the time
        "1.    ⭐️    - 0:00 Intro",  # 13 characters
    ],
)
def test_what_is_no_list_marker_makes_the_line_prose(line: str) -> None:
    assert chapters(f"{line}\n1:00 Next\n2:00 Last\n", "youtube") == [
        (60_000, "Next"), (120_000, "Last"),
    ]  # fmt: skip


def test_a_sentence_with_a_time_and_an_unclosed_bracket_is_prose() -> None:
    assert chapters("Join us at 0:00 (Paris time\nNext 1:00\n", "youtube") == [(60_000, "Next")]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Intro(0:00)", "Intro"),
        ("Intro ( 0:00 )", "Intro"),
        ("Intro (0:00 [live]", "Intro [live]"),  # the bracket around the time left open
        ("Intro (0:00) [live]", "Intro [live]"),
        ("Intro (0:00)[live]", "Intro [live]"),
    ],
)
def test_a_bracketed_time_last(line: str, title: str) -> None:
    assert chapters(f"{line}\nNext 1:00\n", "youtube") == [(0, title), (60_000, "Next")]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("0:00 2:00 is a title - with a dash", "2:00 is a title - with a dash"),  # no range
        ("0:00 Xbox news", "Xbox news"),
    ],
)
def test_a_title_after_the_time_is_kept_whole(line: str, title: str) -> None:
    assert chapters(f"{line}\n1:00 Next\n", "youtube") == [(0, title), (60_000, "Next")]


def test_a_description_with_a_byte_order_mark_and_titles_first() -> None:
    assert chapters(f"{BOM}Intro 0:00\nNext 1:00\n") == [(0, "Intro"), (60_000, "Next")]
    assert chapters("Xbox news 0:00\nNext 1:00\n") == [(0, "Xbox news"), (60_000, "Next")]


def test_the_style_with_more_lines_wins_over_a_later_sentence_ending_in_a_time() -> None:
    text = "0:00 Intro\n4:01 Next\n\nThanks for watching! New episodes every Friday at 18:00\n"
    assert chapters(text) == [(0, "Intro"), (241_000, "Next")]


def test_a_title_that_is_a_number_is_a_title_when_few_are() -> None:
    # A song or a year as a chapter's title; refused only when most titles are such.
    assert chapters("0:00 Intro\n1:00 1999\n", "youtube") == [(0, "Intro"), (60_000, "1999")]
    assert chapters("0:00 Intro\n1:00 1999\n2:00 2001\n3:00 Outro\n", "youtube") == [
        (0, "Intro"), (60_000, "1999"), (120_000, "2001"), (180_000, "Outro"),
    ]  # fmt: skip


def test_titles_of_time_characters_alone_are_pieces_whichever_they_use() -> None:
    every = "1-2–3—4>5,6.7:8 9 0"  # each character a piece of a time may have
    with pytest.raises(ChapterError, match=r"most titles would be pieces of times \(line 1: "):
        formats.read(f"0:00 {every}\n1:00 {every}\n", "d.txt", "youtube")


def test_a_piece_of_a_time_is_quoted_to_60_characters() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(f"0:00 {'9' * 70}\n1:00 {'8' * 70}\n", "d.txt", "youtube")
    assert str(caught.value) == (
        "d.txt: not a video description: most titles would be pieces of times "
        f"(line 1: '{'9' * 60}')"
    )


def test_as_many_lines_with_fractions_as_chapters_is_no_description() -> None:
    text = "0:00 Intro\n1:00 Next\n00:01:30.500 a\n00:02:00.000 b\n"
    with pytest.raises(ChapterError) as caught:
        formats.read(text, "d.txt", "youtube")
    assert str(caught.value) == (
        "d.txt: not a video description: 2 lines hold times with fractions of a second, "
        "which a description does not have (line 3)"
    )
    assert chapters(text[: text.rindex("00:02")], "youtube") == [(0, "Intro"), (60_000, "Next")]
