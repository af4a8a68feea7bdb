"""The four transcript formats read into cues, from fixtures reproducing what is
found in the wild; bad transcripts named with their place; every reader linear.

Sources of the variations (each fixture is written by hand to reproduce them):
- The podcast namespace's transcript spec and examples,
  github.com/Podcastindex-org/podcast-namespace docs/examples/transcripts/
  (transcripts.md, example.vtt, example.html): `<v Name>` voice tags, `&amp;`,
  SRT speakers as `Name:` starting a card ("start a new card when the speaker
  changes"), the JSON `segments` word by word with `startTime`/`endTime`/`body`/
  `speaker`, HTML `<cite>Kevin:</cite>`, `<cite>Alban :</cite>`, `<time>0:09</time>`,
  `<p>` over several lines, `&#39;`.
- The WebVTT spec (w3.org/TR/webvtt1): the header text after WEBVTT, NOTE and
  STYLE blocks, cue identifiers, `mm:ss.ttt` without hours, cue settings after
  the times, voice classes `<v.loud Name>`, closing `</v>`, `&lt;` `&gt;`.
- SRT as players meet it: a UTF-8 byte-order mark and CRLF (Windows subtitle
  editors), a dot instead of the comma, a two-digit fraction, a missing cue
  number, the SubRip `X1:… X2:…` coordinates after the times, `<i>` tags, a
  blank line inside a cue's text.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from chaptercli.errors import DataError
from chaptercli.transcripts.cue import Cue, said_at, with_ends
from chaptercli.transcripts.read import parse_transcript, read_transcript, transcript_format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"


def test_srt_with_its_quirks() -> None:
    assert read_transcript(FIXTURES / "quirks.srt") == [
        Cue(0, 2760, "Sarah", "Welcome back to the show, where we talk export"),
        Cue(2760, 6090, "Sarah", "controls and chips."),
        Cue(19080, 21450, "Gillian", "Hi, Gillian here."),
        Cue(21450, 25350, "Gillian", "My question is about export controls, again."),
    ]


def test_webvtt_with_voices_comments_styles_and_settings() -> None:
    assert read_transcript(FIXTURES / "voices.vtt") == [
        Cue(0, 5000, "John", "Podcasting 2.0 is really changing the game."),
        Cue(5000, 10000, "Tom Smith", "Yeah, absolutely & the new features are incredible."),
        Cue(10000, 15000, "Tom Smith", "It's amazing <really>."),
    ]


def test_json_segments_word_by_word() -> None:
    assert read_transcript(FIXTURES / "segments.json") == [
        Cue(500, 750, "Darth Vader", "I"),
        Cue(1000, 1250, "Darth Vader", "am"),
        Cue(1500, 2000, "Darth Vader", "your"),
        Cue(2250, 2750, "Darth Vader", "father."),  # no endTime: the next start
        Cue(2750, 3005, None, "Nooooo"),
    ]


def test_html_cite_time_and_paragraphs() -> None:
    assert read_transcript(FIXTURES / "page.html") == [
        Cue(
            0,
            9000,
            "Kevin",
            "We have an update planned where we would like to give the "
            "ability to upload an artwork file",
        ),
        Cue(9000, 3723000, "Alban", "You're triggering Tom right now."),
        Cue(9000, 3723000, "Alban", "And a paragraph & no time of its own."),
        Cue(3723000, None, "Alban", "Much later."),
    ]


def test_html_closing_tags_of_other_elements_are_words_apart() -> None:
    assert parse_transcript("<p>one</time>two<br/>three</p>", "t.html") == [
        Cue(0, None, None, "one two three")
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("\ufeffWEBVTT\n\n", "webvtt"),
        ("WEBVTT\tx", "webvtt"),
        ("WEBVTTX", None),
        ('  {"segments": []}', "json"),
        ("<cite>A</cite>", "html"),
        ("12\n00:00:01,000 --> 00:00:02,000\n", "srt"),
        ("00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
        ("Hello there", None),
    ],
)
def test_the_format_is_told_by_the_content(text: str, kind: str | None) -> None:
    assert transcript_format(text) == kind


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1\n00:00:05,000 --> 00:00:04,000\nx\n",
         "line 2: the cue ends before it starts: '00:00:05,000 --> 00:00:04,000'"),
        ("WEBVTT\n\n00:61.000 --> 00:62.000\nx\n",
         "line 3: minutes and seconds must be 0-59 in 00:61"),
        ("1\n00:00:01 -> 00:00:02 -->\nx\n",
         "line 2: cannot read the cue's times (expected 00:01:02,500 --> 00:01:04,000): "
         "'00:00:01 -> 00:00:02 -->'"),
        ("1\nno times here\n",
         "line 1: expected a cue (a number, or times such as 00:00:01,000 --> 00:00:04,000), "
         "not '1'"),
        ("WEBVTT\n\nNOTE only a comment\n", "no cues: the transcript says nothing"),
        ('{"segments": [{"startTime": 1, "body": "a"}, {"startTime": "2", "body": "b"}]}',
         "segment 2: 'startTime' must be a number of seconds, not text"),
        ('{"segments": [{"startTime": 3, "endTime": 2, "body": "a"}]}',
         "segment 1: ends (endTime) before it starts (startTime)"),
        ('{"segments": [{"startTime": -1, "body": "a"}]}',
         "segment 1: bad 'startTime': time cannot be negative: -1"),
        ('{"segments": [{"startTime": 1, "body": 5}]}',
         "segment 1: 'body' must be text, not a number"),
        ('{"segments": [{"startTime": 1, "body": "a", "speaker": ["x"]}]}',
         "segment 1: 'speaker' must be text, not a list"),
        ('{"segments": ["x"]}', "segment 1: must be a mapping with startTime and body, not text"),
        ('{"segments": []}', "'segments' is empty: the transcript says nothing"),
        ('{"version": "1.0.0"}', "a JSON transcript is a mapping with 'segments' (a list of "
         "startTime, endTime, speaker and body)"),
        ('{"segments": [', "line 1, column 15: not JSON: Expecting value"),
        ("[" * 100_000, "nested too deeply to be a transcript"),
        ("<p>a</p>\n\n<time>1:75</time>",
         "line 3: bad <time>: minutes and seconds must be 0-59 in '1:75'"),
        ("<html><body>No paragraphs</body></html>",
         "no <p> paragraphs: not a transcript as the podcast namespace describes one "
         "(<cite>, <time>, <p>)"),
        ("Just words", "not a transcript this tool reads: expected SRT, WebVTT, the Podcasting 2.0 "
         'JSON ({"segments": …}) or HTML (<cite>, <time>, <p>)'),
    ],
)  # fmt: skip
def test_bad_transcripts_are_named_with_their_place(text: str, problem: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_transcript(text, "ep.srt")
    assert caught.value.lines() == [f"ep.srt: {problem}"]


def test_a_file_that_is_not_text_is_named() -> None:
    with pytest.raises(DataError, match=r"t\.srt: not UTF-8 text: byte 0xff at offset 2"):
        parse_transcript_bytes(b"1\n\xff\n")


def parse_transcript_bytes(raw: bytes) -> list[Cue]:
    from chaptercli.loader import decode_text

    return parse_transcript(decode_text(raw, "t.srt"), "t.srt")


def test_ends_are_filled_from_the_next_later_cue() -> None:
    cues = [Cue(9, None, None, "b"), Cue(0, None, None, "a"), Cue(9, None, None, "c"),
            Cue(12, None, None, "d"), Cue(12, None, None, "e")]  # fmt: skip
    assert with_ends(cues) == [Cue(0, 9, None, "a"), Cue(9, 12, None, "b"), Cue(9, 12, None, "c"),
                               Cue(12, None, None, "d"), Cue(12, None, None, "e")]  # fmt: skip
    assert said_at(with_ends(cues), 12) == [Cue(12, None, None, "d"), Cue(12, None, None, "e")]
    assert said_at(with_ends(cues), 11) == [Cue(9, 12, None, "b"), Cue(9, 12, None, "c")]


SIZE = 1_000_000
HOSTILE = {
    "spaces": " " * SIZE,
    "digits": "1" * SIZE,
    "colons": "1:" * (SIZE // 2),
    "arrows": "-->" * (SIZE // 3),
    "times": "00:00:01,000 " * (SIZE // 13),
    "angles": "<" * SIZE,
    "tags": "<p" * (SIZE // 2),
    "open tags": "<v " * (SIZE // 3),
    "entities": "&amp" * (SIZE // 4),
    "brackets": "{[" * (SIZE // 2),
}
STARTS = {
    "srt": "1\n00:00:00,000 --> 00:00:01,000\n",
    "webvtt": "WEBVTT\n\n00:00.000 --> 00:01.000\n",
    "html": "<cite>A</cite><time>0:00</time><p>",
    "json": '{"segments": [{"body": "',
    "none": "",
}


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("start", sorted(STARTS))
def test_every_reader_ends_on_a_megabyte_line_in_bounded_memory(start: str, kind: str) -> None:
    text = STARTS[start] + HOSTILE[kind]
    tracemalloc.start()
    try:
        cues = parse_transcript(text, "big")
    except DataError as error:
        assert error.lines()[0].startswith("big: ")
        cues = None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert cues is None or all(isinstance(cue, Cue) for cue in cues)
    assert peak < 12 * len(text)
