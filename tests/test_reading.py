"""What readers make of what they are given: the format detected by how sure each
reader is, nonsense refused with what looked wrong, what was skipped said, the
YAML rules, and exports that carry no byte that drives a terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import FIXTURES

from chaptercli import formats, queries
from chaptercli.errors import ChapterError, DataError
from chaptercli.formats import _common
from chaptercli.formats.base import DISTINCT, LOOSE, NOT_IT, SIGNED
from chaptercli.loader import parse_episode, parse_yaml
from chaptercli.model import Chapter, Episode

CORPUS = FIXTURES / "real_world"
MP4CHAPS = "00:00:00.000 Chapter 1\n00:00:22.198 Chapter 2\n00:01:05.000 Chapter 3\n"


def episode(*titles: str, podcast: str | None = None, summary: str | None = None) -> Episode:
    chapters = tuple(
        Chapter(n, (n - 1) * 60_000, n * 60_000, title, summary)
        for n, title in enumerate(titles, 1)
    )
    return Episode("An episode", chapters, podcast)


# Detection: the surest reader wins.


def test_chapters_txt_is_mp4chaps_not_a_description() -> None:
    read = formats.read(MP4CHAPS, "chapters.txt")
    assert read.name == "mp4chaps"
    assert [(c.start_ms, c.title) for c in read.episode.chapters] == [
        (0, "Chapter 1"), (22_198, "Chapter 2"), (65_000, "Chapter 3"),
    ]  # fmt: skip


def test_scores_rank_the_formats() -> None:
    info = (CORPUS / "video.info.json").read_text(encoding="utf-8")
    assert formats.scores(info)[:2] == [(SIGNED, "ytdlp"), (NOT_IT, "ffmetadata")]
    assert formats.detect(info, "x") == "ytdlp"  # not this project's YAML, which JSON also is
    own_json = formats.write(episode("a", "b"), "json")
    # json and yaml both read it, as surely: the one registered first wins.
    assert [s for s in formats.scores(own_json) if s[0]][:2] == [(DISTINCT, "json"),
                                                                 (DISTINCT, "yaml")]  # fmt: skip
    assert formats.detect(own_json, "x") == "json"
    assert formats.scores("0:00 Intro\n1:00 Next\n")[0] == (LOOSE, "youtube")


# Nonsense under --from is refused, saying what looked wrong and what it looks like.


def test_a_wrong_from_says_what_looked_wrong_and_what_the_file_looks_like() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(MP4CHAPS, "chapters.txt", "youtube")
    assert caught.value.lines() == [
        "chapters.txt: not a video description: 3 lines hold times with fractions of a second, "
        "which a description does not have (line 1)",
        "it looks like mp4chaps: leave out --from, or use --from mp4chaps",
    ]
    vtt = formats.write(episode("a", "b"), "webvtt")
    with pytest.raises(ChapterError) as caught:
        formats.read(vtt, "x.vtt", "youtube")
    assert caught.value.lines()[1] == "it looks like webvtt: leave out --from, or use --from webvtt"


def test_titles_that_are_pieces_of_times_are_refused() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read("0:00 :30\n1:00 :45\n2:00 Talk\n", "pieces.txt", "youtube")
    assert str(caught.value) == (
        "pieces.txt: not a video description: most titles would be pieces of times (line 1: '30')"
    )


def test_no_hint_when_the_named_format_fits_best() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n0:00.000 --> 1\n", "x.vtt", "vtt")
    assert caught.value.details == []


def test_cli_wrong_from_exits_2_with_the_hint(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "chapters.txt"
    path.write_text(MP4CHAPS, encoding="utf-8")
    result = invoke("import", str(path), "--from", "youtube")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[1] == (
        "it looks like mp4chaps: leave out --from, or use --from mp4chaps"
    )


# What was skipped is said.


def test_import_warns_what_was_skipped_and_notes_the_format() -> None:
    text = (CORPUS / "spotify_parentheses.txt").read_text(encoding="utf-8")
    result = queries.import_text(text, "spotify.txt", None)
    assert result.warnings == ["read as youtube; skipped 1 line out of time order: line 5"]
    assert result.notes == []
    clean = queries.import_text("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n", "x.vtt", None)
    assert (clean.warnings, clean.notes) == ([], ["read as webvtt"])
    named = queries.import_text("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n", "x.vtt", "vtt")
    assert (named.warnings, named.notes) == ([], [])


def test_cli_import_says_what_it_skipped(invoke: Invoke) -> None:
    result = invoke("import", str(CORPUS / "spotify_parentheses.txt"))
    assert result.exit_code == 0
    assert result.stderr == (
        "chapters: warning: read as youtube; skipped 1 line out of time order: line 5\n"
    )
    assert result.stdout.count("- start:") == 7


def test_youtube_notes_times_before_the_first_zero() -> None:
    text = "12:30 Best part (below)\n\n0:00 Intro\n1:00 Next\n0:30 Back\n"
    read = formats.read(text, "d.txt")
    assert [(c.start_ms, c.title) for c in read.episode.chapters] == [(0, "Intro"),
                                                                      (60_000, "Next")]  # fmt: skip
    assert read.notes == (
        "skipped 1 line with a time before the first 0:00: line 1",
        "skipped 1 line out of time order: line 5",
    )


def test_skipped_lists_ten_lines_at_most() -> None:
    assert _common.skipped("out of time order", list(range(1, 13))) == (
        "skipped 12 lines out of time order: lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …"
    )


@pytest.mark.parametrize(
    ("line", "title"),
    [("0:00 - 4:01 Intro", "Intro"), ("(00:00 - 02:15) Intro", "Intro"),
     ("0:00–1:30 Intro", "Intro"), ("0:00 2:00 is a title", "2:00 is a title"),
     ("• 0:00 Bullet", "Bullet"), ("12) 0:00 Numbered", "Numbered"),
     ("0:00: Colon", "Colon")],
)  # fmt: skip
def test_a_description_line(line: str, title: str) -> None:
    read = formats.read(f"{line}\n1:00 Next\n", "d.txt", "youtube").episode
    assert [(c.start_ms, c.title) for c in read.chapters] == [(0, title), (60_000, "Next")]


@pytest.mark.parametrize(
    ("line", "title"),
    [("Intro [0:00]", "Intro"), ("Talk | 0:00", "Talk"), ("Talk: 0:00 [live]", "Talk [live]"),
     ("Ends with a dot. 0:00", "Ends with a dot."), ("Intro (part 1) 0:00", "Intro (part 1)")],
)  # fmt: skip
def test_a_description_line_with_the_time_last(line: str, title: str) -> None:
    read = formats.read(f"{line}\nNext 1:00\n", "d.txt", "youtube").episode
    assert [(c.start_ms, c.title) for c in read.chapters] == [(0, title), (60_000, "Next")]


def test_a_time_alone_takes_the_next_line_or_nothing() -> None:
    read = formats.read("0:00\nIntro\n1:00\n2:00 Third\n3:00\n", "d.txt", "youtube")
    assert [(c.start_ms, c.title) for c in read.episode.chapters] == [
        (0, "Intro"), (60_000, ""), (120_000, "Third"), (180_000, ""),
    ]  # fmt: skip


def test_podcast2_keeps_hidden_chapters_without_a_note() -> None:
    text = (FIXTURES / "podcast2" / "complex.json").read_text(encoding="utf-8")
    read = formats.read(text, "complex.json")
    assert read.notes == ()  # nothing left out: the toc:false chapter is kept, hidden
    assert [c.start_ms for c in read.episode.chapters if c.hidden] == [4_826_000]


# The formats added for what people have.


def test_mp4chaps_refuses_frames_and_bad_times() -> None:
    with pytest.raises(ChapterError, match=r"^x.txt: line 2: '00:01:00:12' counts frames"):
        formats.read("00:00:00.000 A\n00:01:00:12 B\n", "x.txt", "mp4chaps")
    with pytest.raises(ChapterError) as caught:
        formats.read("00:00:00.000 A\n1:75 B\n", "x.txt", "mp4chaps")
    assert str(caught.value) == (
        "x.txt: line 2: minutes and seconds must be 0-59 in '1:75' (expected HH:MM:SS.mmm)"
    )


def test_ytdlp_refuses_what_is_not_its_shape() -> None:
    def refused(data: object) -> str:
        with pytest.raises(ChapterError) as caught:
            formats.read(json.dumps(data), "v.info.json", "ytdlp")
        return str(caught.value)

    assert refused([1]) == "v.info.json: expected yt-dlp's .info.json, a JSON object"
    assert refused({"title": "t"}) == (
        "v.info.json: expected yt-dlp's .info.json, with 'chapters': "
        '[{"start_time": …, "end_time": …, "title": …}]'
    )
    assert refused({"chapters": [{"start_time": None}]}) == (
        "v.info.json: chapter 1: 'start_time' is null"
    )
    assert refused({"chapters": [{"start_time": "0.000000"}]}) == (
        "v.info.json: chapter 1: 'start_time' must be a number of seconds, not '0.000000'"
    )
    read = formats.read('{"chapters": [{"start_time": 1.005}]}', "v.json", "ytdlp").episode
    assert [(c.start_ms, c.end_ms, c.title) for c in read.chapters] == [(1005, None, "")]


# Readers' own errors name the place.


def test_ogm_errors() -> None:
    def refused(text: str) -> str:
        with pytest.raises(ChapterError) as caught:
            formats.read(text, "x.txt", "ogm")
        return str(caught.value)

    assert refused("CHAPTER01=00:00:00.000\nCHAPTER01=00:00:01.000\n") == (
        "x.txt: line 2: a second time for chapter CHAPTER01"
    )
    assert refused("CHAPTER01=00:00:00.000\nnot a tag\n") == (
        "x.txt: line 2: expected CHAPTERnn= or CHAPTERnnNAME=, found 'not a tag'"
    )
    assert refused("CHAPTER01=1:00.000\n") == (
        "x.txt: line 1: bad time '1:00.000' (expected HH:MM:SS.mmm)"
    )
    assert refused("CHAPTER01=0:61:00.000\n") == (
        "x.txt: line 1: minutes and seconds must be 0-59 in '0:61:00.000'"
    )
    read = formats.read("CHAPTER01=00:00:00.000\nCHAPTER02NAME=lost\nCHAPTER01XY=1\n", "x", "ogm")
    assert read.notes == (
        "skipped 1 line naming a chapter that has no time: line 2",
        "skipped the other tags: CHAPTER01XY",
    )


def test_cue_errors() -> None:
    with pytest.raises(ChapterError, match=r"^x.cue: track 2 has no INDEX 01$"):
        formats.read('TRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nTITLE "b"\n', "x.cue")
    with pytest.raises(ChapterError, match=r"^x.cue: line 2: bad INDEX time 'INDEX 01 00:60:00'"):
        formats.read("TRACK 01 AUDIO\nINDEX 01 00:60:00\n", "x.cue")


def test_cue_reads_back_more_than_999_tracks() -> None:
    many = Episode("T", tuple(Chapter(n, n * 1000, n * 1000 + 1000, "t") for n in range(1, 1002)))
    back = formats.read(formats.write(many, "cue"), "x.cue").episode
    assert len(back.chapters) == 1001
    assert back.chapters[-1].start_ms == 1_001_000


def test_psc_feed_without_chapters_and_declared_encodings() -> None:
    feed = '<rss xmlns:psc="http://podlove.org/simple-chapters"><channel><item><title>t</title>'
    with pytest.raises(ChapterError) as caught:
        formats.read(feed + "</item></channel></rss>", "feed.xml")
    assert str(caught.value) == "feed.xml: no chapters found: no item of the feed has psc:chapters"
    latin = (
        "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
        '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">'
        '<psc:chapter start="0" title="café"/></psc:chapters>'
    )
    assert formats.read(latin, "x.xml").episode.chapters[0].title == "café"
    no_link = feed + '<link rel="enclosure" href="http://e.org/a.mp3"/><link>ftp://x</link>'
    no_link += '<psc:chapter start="0" title="a"/></item></channel></rss>'
    assert formats.read(no_link, "feed.xml").episode.url is None


def test_webvtt_reads_bad_timings_as_errors_after_a_good_cue() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n00:01.000 --> 1:00:00\n", "x.vtt")
    assert str(caught.value) == (
        "x.vtt: line 5: bad cue timing '00:01.000 --> 1:00:00' "
        "(expected [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt)"
    )
    with pytest.raises(ChapterError) as caught:
        formats.read("WEBVTT\n\n00:00.000 -> 00:01.000\nA\n00:00.000 -->\n", "x.vtt")
    assert str(caught.value).startswith("x.vtt: line 5: bad cue timing '00:00.000 -->' ")


# shownotes: what export writes, import reads back in place.


def test_shownotes_summary_like_a_time_range_stays_a_summary() -> None:
    ep = episode("Origins", "Growth", "Decline", summary="- 1990 – 2000")
    back = formats.read(formats.write(ep, "shownotes"), "x.txt").episode
    assert [(c.start_ms, c.end_ms, c.title, c.summary) for c in back.chapters] == [
        (0, 60_000, "Origins", "- 1990 – 2000"),
        (60_000, 120_000, "Growth", "- 1990 – 2000"),
        (120_000, 180_000, "Decline", "- 1990 – 2000"),
    ]


def test_shownotes_summary_that_could_start_the_next_chapter_is_one() -> None:
    """A time range after a title, with a title line under it, is the next chapter
    (here one out of order, refused as such); with a time range under it, a summary."""
    text = "T\nCHAPTERS\n- 0:00 – 1:00\nOrigins\n- 1:00 – 2:00\nGrowth\n- 0:30\nBack in time\n"
    with pytest.raises(ChapterError, match="chapters must be in time order"):
        formats.read(text, "x.txt")
    text = "T\nCHAPTERS\n- 0:00 – 1:00\nOrigins\n- 0:30 – 0:40\n- 1:00 – 2:00\nGrowth\n"
    back = formats.read(text, "x.txt").episode
    assert [(c.title, c.summary) for c in back.chapters] == [("Origins", "- 0:30 – 0:40"),
                                                             ("Growth", None)]  # fmt: skip


def test_shownotes_title_with_a_show_word_keeps_its_words_together() -> None:
    ep = Episode("The rise of LiveJournal", episode("a").chapters)
    text = formats.write(ep, "shownotes")
    assert text.startswith("-\nThe rise of LiveJournal\nCHAPTERS\n")
    back = formats.read(text, "x.txt").episode
    assert (back.podcast, back.title) == (None, "The rise of LiveJournal")
    plain = formats.write(Episode("Plain title", ep.chapters), "shownotes")
    assert plain.startswith("Plain title\nCHAPTERS\n")


# Exports carry no control or format character as a byte a terminal would act on.

EVIL = "A\x1b[31mB\x9b2JC\u202eD\u200bE\x07F\U000e0041G\u2028H 👩\u200d💻"
SHOWN = "A[31mB2JCDEFG H 👩\u200d💻"  # what is left in a line: the joiner stays, for emoji


@pytest.mark.parametrize(
    "name", ["webvtt", "ogm", "cue", "youtube", "shownotes", "mp4chaps", "markdown"]
)
def test_line_formats_drop_controls_and_format_characters(name: str) -> None:
    text = formats.write(episode(EVIL, "b"), name)
    assert (SHOWN.replace("[", "\\[") if name == "markdown" else SHOWN) in text
    assert not set(text) & {"\x1b", "\x9b", "\u202e", "\u200b", "\x07", "\U000e0041", "\u2028"}


def test_ffmetadata_drops_them_but_keeps_line_breaks() -> None:
    text = formats.write(episode(EVIL + "\nnext", "b"), "ffmetadata")
    assert "title=A[31mB2JCDEFG\\\nH 👩\u200d💻\\\nnext\n" in text  # U+2028: a line break
    assert "\x1b" not in text and "\x9b" not in text


@pytest.mark.parametrize("name", ["podcast2", "json", "psc", "yaml"])
def test_json_xml_and_yaml_escape_them_and_read_back_exactly(name: str) -> None:
    text = formats.write(episode(EVIL, "b"), name)
    assert not set(text) & {"\x1b", "\x9b", "\u202e", "\u200b", "\x07", "\U000e0041", "\u2028"}
    back = formats.read(text, f"x.{name}", name).episode
    expected = EVIL.replace("\x1b", "").replace("\x07", "") if name == "psc" else EVIL
    assert back.chapters[0].title == expected  # XML cannot hold ESC or BEL at all
    escaped = {
        "psc": "&#x9B;2JC&#x202E;D&#x200B;E",
        "yaml": "\\x9B2JC\\u202ED\\u200BE\\aF\\U000E0041G\\LH",
    }
    assert escaped.get(name, "\\u009b2JC\\u202eD\\u200bE") in text


# The YAML rules.


def test_a_key_twice_is_an_error_naming_both_lines() -> None:
    text = (
        "title: T\nchapters:\n- {start: '0:00', title: a}\n"
        "podcast: P\nchapters:\n- {start: '0:00', title: b}\n"
    )
    with pytest.raises(DataError) as caught:
        parse_episode(text.encode(), "dup.yaml")
    assert str(caught.value) == (
        "dup.yaml: line 5, column 1: duplicate key 'chapters' (first on line 2): "
        "YAML would keep only the last value"
    )


def test_a_key_twice_in_a_chapter_and_merge_keys() -> None:
    with pytest.raises(DataError, match=r"line 3, column 3: duplicate key 'title' \(first on"):
        parse_yaml(b"chapters:\n- title: a\n  title: b\n  start: 0\n", "x.yaml")
    merged = parse_yaml(b"base: &b {title: a, start: 0}\nc:\n  <<: *b\n  title: b\n", "x.yaml")
    assert merged["c"] == {"title": "b", "start": 0}  # a merge key's values may be overridden


@pytest.mark.parametrize(
    ("written", "seconds"), [("010", 10), ("0010", 10), ("-010", -10), ("0x1A", 26),
                             ("1:30", 90), ("0", 0), ("1_000", 1000), ("0b11", 3)],
)  # fmt: skip
def test_integers_are_never_octal(written: str, seconds: int) -> None:
    assert parse_yaml(f"start: {written}\n".encode(), "x.yaml") == {"start": seconds}


def test_start_010_is_ten_seconds() -> None:
    text = "title: T\nchapters:\n- {start: 0, title: a}\n- {start: 010, title: b}\n"
    assert parse_episode(text.encode(), "x.yaml").chapters[1].start_ms == 10_000


def test_an_integer_of_too_many_digits_is_refused() -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml(("start: " + "9" * 5000 + "\n").encode(), "x.yaml")
    assert str(caught.value) == "x.yaml: line 1, column 8: a number of more than 30 digits"


def test_chapters_and_episodes_together_are_an_error() -> None:
    text = "title: T\nchapters:\n- {start: '0:00', title: a}\nepisodes:\n- title: E\n"
    with pytest.raises(DataError) as caught:
        parse_episode(text.encode(), "both.yaml")
    assert caught.value.problems == [
        "both 'chapters' (one episode) and 'episodes' (several): a file holds one or the "
        "other, and one of them would be lost"
    ]


def test_cli_reports_a_duplicate_key(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("title: T\ntitle: U\nchapters:\n- {start: '0:00', title: a}\n", "utf-8")
    result = invoke("list", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {path}: line 2, column 1: duplicate key 'title' (first on line 1): "
        "YAML would keep only the last value\n"
    )


def test_json_readers_quote_at_most_60_characters_of_a_bad_value() -> None:
    def refused(text: str, name: str) -> str:
        with pytest.raises(ChapterError) as caught:
            formats.read(text, "x.json", name)
        return str(caught.value)

    long_list = json.dumps(list(range(10_000)))
    assert refused('{"chapters": [{"start": "0:00", "title": ' + long_list + "}]}", "json") == (
        "x.json: chapter 1: 'title' must be a string, not " + long_list[:60]
    )
    assert refused('{"chapters": [{"start": 5}]}', "json") == (
        "x.json: chapter 1: 'start' must be a clock string such as \"1:02:45\""
    )
    assert refused('{"chapters": [{"start": "0:00", "bullets": "x"}]}', "json") == (
        "x.json: chapter 1: 'bullets' must be a list of strings"
    )
    assert refused('{"chapters": [{"startTime": true}]}', "podcast2") == (
        "x.json: chapter 1: expected a number of seconds, not True"
    )
    assert refused('{"chapters": [{"startTime": 0, "title": ' + long_list + "}]}", "podcast2") == (
        "x.json: chapter 1: 'title' must be a string, not " + long_list[:60]
    )


def test_small_edges_of_the_readers() -> None:
    assert formats.reader("ytdlp").sniff('{"chapters": [1]}') == NOT_IT
    assert formats.reader("ytdlp").sniff("[1]") == NOT_IT
    for timing in ("00:00.0000 --> 00:01.000", "00:00.000 00:01.000 -->"):
        with pytest.raises(ChapterError, match=re.escape(f"line 3: bad cue timing '{timing}'")):
            formats.read(f"WEBVTT\n\n{timing}\nA\n", "x.vtt")
    untitled = formats.read("CHAPTERS\n- 0:00 – 1:00\nA\n", "notes.txt").episode
    assert (untitled.podcast, untitled.title) == (None, "notes")
    with pytest.raises(ChapterError, match="chapter 1: times cannot be negative"):
        formats.read(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=-5\nEND=10\n", "x.txt")
    cue = formats.write(Episode("T", (Chapter(1, 0, None, "a"),), url="https://e.org/"), "cue")
    assert 'FILE "episode.mp3" MP3' in cue  # the url names no file
