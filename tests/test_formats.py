"""Every format, both ways, exactly; titles that try to break them; what readers accept.

The formats come from the registry, and what each keeps from its declared
`carries`: a newly registered format is in every test here."""

from __future__ import annotations

import json

import jsonschema
import pytest
from helpers import FIXTURES, ROOT, two_way
from hypothesis import given
from hypothesis import strategies as st

from chaptercli import formats
from chaptercli.errors import ChapterError, DataError
from chaptercli.formats import _common, psc
from chaptercli.formats.base import BELOW_A_FRAME, ENDS, EVERYTHING, MILLISECONDS, Reader, Writer
from chaptercli.model import Chapter, Episode
from chaptercli.times import parse_time

TWO_WAY = two_way()
SCHEMA = json.loads((ROOT / "tests" / "podcast2-chapters.schema.json").read_text())
HOUR = 3_600_000


def episode(
    starts: list[int], last_end: int | None, titles: list[str] | None = None, **kw: object
) -> Episode:
    titles = titles or [f"Chapter {n}" for n in range(1, len(starts) + 1)]
    ends = [*starts[1:], last_end]
    chapters = tuple(
        Chapter(n, start, end, title)
        for n, (start, end, title) in enumerate(zip(starts, ends, titles, strict=True), 1)
    )
    return Episode(title="An episode", chapters=chapters, **kw)  # type: ignore[arg-type]


def round_trip(ep: Episode, name: str) -> Episode:
    return formats.read(formats.write(ep, name), f"export.{name}", name)[1]


@pytest.mark.parametrize("name", TWO_WAY)
def test_detection_finds_every_format_of_the_seed(name: str) -> None:
    seed = formats.read((FIXTURES / "seed_shownotes.txt").read_text("utf-8"), "seed.txt")[1]
    assert formats.detect(formats.write(seed, name), "x") == name


def keeps(name: str, what: str) -> bool:
    return what in formats.writer(name).carries


def precision(name: str) -> int:
    """How far a time may move through the format, in ms: half a second
    without fractions, half a frame (1/75 s) without finer times."""
    if not keeps(name, MILLISECONDS):
        return 500
    return 0 if keeps(name, BELOW_A_FRAME) else 7


def expected_ends(ep: Episode, name: str) -> list[int | None]:
    if keeps(name, ENDS):
        return [c.end_ms for c in ep.chapters]
    return [c.end_ms for c in ep.chapters[:-1]] + [None]  # ends only from the next start


def assert_same_times(ep: Episode, back: Episode, name: str) -> None:
    slack = precision(name)
    assert len(back.chapters) == len(ep.chapters)
    for chapter, got in zip(ep.chapters, back.chapters, strict=True):
        assert abs(got.start_ms - chapter.start_ms) <= slack, (name, chapter, got)
    got_ends = [c.end_ms for c in back.chapters]
    for want, got_end in zip(expected_ends(ep, name), got_ends, strict=True):
        if want is None:
            assert got_end is None
        else:
            assert got_end is not None and abs(got_end - want) <= slack


@st.composite
def episodes(draw: st.DrawFn, quantum: int = 1, gap: int = 1) -> Episode:
    """Episodes up to 150 hours long: past 24 h and 100 h, starting at 0 or later."""
    count = draw(st.integers(1, 8))
    steps = draw(st.lists(st.integers(1, 20 * HOUR // quantum), min_size=count, max_size=count))
    first = draw(st.sampled_from([0, 0, draw(st.integers(0, HOUR // quantum))]))
    starts, at = [], first
    for step in steps:
        starts.append(at * quantum)
        at += max(step, gap)
    return episode(starts, at * quantum)


@pytest.mark.parametrize("name", TWO_WAY)
@given(data=st.data())
def test_export_then_import_gives_back_times_and_titles(name: str, data: st.DataObject) -> None:
    quantum = 1 if keeps(name, MILLISECONDS) else 1000
    gap = 1 if keeps(name, BELOW_A_FRAME) else 20  # two chapters within a frame would merge
    ep = data.draw(episodes(quantum=quantum, gap=gap))
    back = round_trip(ep, name)
    assert_same_times(ep, back, name)
    assert [c.title for c in back.chapters] == [c.title for c in ep.chapters]


@pytest.mark.parametrize("name", TWO_WAY)
def test_long_times_and_zero_survive(name: str) -> None:
    starts = [0, 24 * HOUR, 100 * HOUR + 1_000, 123 * HOUR + 59 * 60_000 + 59_000]
    ep = episode(starts, 150 * HOUR)
    back = round_trip(ep, name)
    assert [c.start_ms for c in back.chapters] == starts  # exact, none wraps at 24 h
    assert back.chapters[0].start_ms == 0


EXACT = [name for name in TWO_WAY if keeps(name, MILLISECONDS) and keeps(name, BELOW_A_FRAME)]


@pytest.mark.parametrize("name", EXACT)
def test_milliseconds_are_rounded_never_truncated(name: str) -> None:
    starts = [0, 1005, 2675, 4350, 8_999, 62_500]
    back = round_trip(episode(starts, 70_001), name)
    assert [c.start_ms for c in back.chapters] == starts


def test_exact_values_in_the_files() -> None:
    ep = episode([0, 1005, 62_500], 3_765_000)
    ffmeta = formats.write(ep, "ffmetadata")
    assert "START=1005\nEND=62500\n" in ffmeta  # not 1004: seconds*1000 truncates
    assert "TIMEBASE=1/1000" in ffmeta
    pod = json.loads(formats.write(ep, "podcast2"))
    assert [c["startTime"] for c in pod["chapters"]] == [0, 1.005, 62.5]
    assert "00:00:01.005 --> 00:01:02.500" in formats.write(ep, "webvtt")
    assert "CHAPTER02=00:00:01.005" in formats.write(ep, "ogm")
    assert 'start="00:01:02.500"' in formats.write(ep, "psc")
    assert "INDEX 01 01:41:38" in formats.write(episode([0, 101_507], None), "cue")  # 38.025 f


def test_cue_minutes_exceed_99() -> None:
    text = formats.write(episode([0, 100 * 60_000, 1000 * 60_000 + 40], None), "cue")
    assert "INDEX 01 100:00:00" in text
    assert "INDEX 01 1000:00:03" in text  # 40 ms is 3 frames


def test_youtube_rounds_to_whole_seconds() -> None:
    text = formats.write(episode([0, 1_499, 2_500, 3_765_000], None), "youtube")
    assert text.split("\n")[:4] == ["0:00 Chapter 1", "0:01 Chapter 2", "0:03 Chapter 3",
                                    "1:02:45 Chapter 4"]  # fmt: skip


HOSTILE_TITLE = 'Evil\nline --> & < > " = ; # \\ [red] end'
ONE_LINE = 'Evil line --> & < > " = ; # \\ [red] end'
# What each format gives back: a format registered without an entry here fails
# the test below until someone writes down what it does to such a title.
HOSTILE_TITLE_BACK = {
    "ffmetadata": HOSTILE_TITLE,
    "webvtt": ONE_LINE,
    "podcast2": HOSTILE_TITLE,
    "json": HOSTILE_TITLE,
    "psc": HOSTILE_TITLE,
    "matroska": HOSTILE_TITLE,
    "vorbiscomment": ONE_LINE,
    "podlove-json": HOSTILE_TITLE,
    "audacity": ONE_LINE,
    "apple-chapters": HOSTILE_TITLE,
    "apple-hls": HOSTILE_TITLE,
    "ogm": ONE_LINE,
    "mp4chaps": ONE_LINE,
    "cue": "Evil line --> & < > ″ = ; # \\ [red] end",
    "shownotes": ONE_LINE,
    "yaml": HOSTILE_TITLE,
    "youtube": ONE_LINE,
}


@pytest.mark.parametrize("name", TWO_WAY)
def test_hostile_titles_do_not_break_the_format(name: str) -> None:
    assert name in HOSTILE_TITLE_BACK, f"write down what {name} does to a hostile title"
    titles = ["Intro", HOSTILE_TITLE, "Outro = ; #"]
    ep = episode([0, 60_000, 120_000], 180_000, titles)
    back = round_trip(ep, name)
    assert len(back.chapters) == 3  # no chapter appeared or vanished
    assert back.chapters[1].title == HOSTILE_TITLE_BACK[name]
    assert back.chapters[2].title == "Outro = ; #"
    assert [c.start_ms for c in back.chapters] == [0, 60_000, 120_000]


def test_escapes_as_each_format_requires() -> None:
    ep = episode([0, 60_000], 90_000, ["A & B <i>", "x = y; z # w \\ v\nnext"])
    vtt = formats.write(ep, "webvtt")
    assert "A &amp; B &lt;i&gt;" in vtt
    ffmeta = formats.write(ep, "ffmetadata")
    assert "title=x \\= y\\; z \\# w \\\\ v\\\nnext\n" in ffmeta
    xml = formats.write(ep, "psc")
    assert 'title="A &amp; B &lt;i&gt;"' in xml
    assert "&#10;" in xml
    md = formats.write(ep, "markdown")
    assert "A \\& B \\<i\\>" in md


def test_psc_drops_characters_xml_cannot_hold() -> None:
    ep = episode([0], 1000, ["bell\x07 and esc\x1b ok"])
    back = round_trip(ep, "psc")
    assert back.chapters[0].title == "bell and esc ok"


@pytest.mark.parametrize("name", ["webvtt", "ffmetadata"])
def test_formats_that_need_ends_say_what_is_missing(name: str) -> None:
    open_ended = episode([0, 60_000], None)
    with pytest.raises(ChapterError, match=r"duration is missing") as caught:
        formats.write(open_ended, name)
    assert 'chapter 2 "Chapter 2" has none' in str(caught.value)


def test_missing_ends_are_filled_from_the_next_start_and_the_duration() -> None:
    text = "WEBVTT\n\n00:00.000 --> 01:00.000\na\n\n01:00.000 --> 02:00.000\nb\n"
    ep = formats.read(text, "x.vtt").episode
    assert [c.end_ms for c in ep.chapters] == [60_000, 120_000]
    youtube = formats.read("0:00 a\n1:00 b\n", "x.txt")[1]
    assert [c.end_ms for c in youtube.chapters] == [60_000, None]


def test_dropped_says_what_a_format_loses() -> None:
    ep = Episode(
        "T",
        (Chapter(1, 0, 60_500, "a", "sum", ("b",)), Chapter(2, 60_500, 90_000, "c")),
        podcast="P",
        url="https://example.org/a.mp3",
    )
    assert formats.dropped(ep, "youtube") == [
        "title", "podcast name", "url", "summaries", "bullets", "end times",
        "fractions of a second",
    ]  # fmt: skip
    assert formats.dropped(ep, "cue") == ["url", "summaries", "bullets", "end times",
                                          "times finer than 1/75 s"]  # fmt: skip
    assert formats.dropped(ep, "psc") == ["title", "podcast name", "url", "summaries",
                                          "bullets", "end times"]  # fmt: skip
    assert formats.dropped(ep, "webvtt") == ["title", "podcast name", "url", "summaries",
                                             "bullets"]  # fmt: skip
    assert formats.dropped(ep, "yaml") == []
    assert formats.dropped(ep, "markdown") == []
    untitled = Episode("", ep.chapters)
    assert formats.dropped(untitled, "psc") == ["summaries", "bullets", "end times"]
    gap = Episode("T", (Chapter(1, 0, 10_000, "a"), Chapter(2, 20_000, None, "b")))
    assert formats.dropped(gap, "ogm") == ["title", "end times"]  # the end before the gap
    assert formats.dropped(Episode("T", gap.chapters[1:]), "ogm") == ["title"]


def test_seed_shownotes_import_is_the_bundled_yaml() -> None:
    text = (FIXTURES / "seed_shownotes.txt").read_text(encoding="utf-8")
    name, ep, _ = formats.read(text, "seed.txt")
    assert name == "shownotes"
    assert ep.podcast == "Dwarkesh Podcast"
    assert formats.write(ep, "yaml") == (ROOT / "data" / "chapters.yaml").read_text("utf-8")


def test_shownotes_written_by_us_keep_podcast_and_title_apart() -> None:
    ep = Episode("Podcast — Episode", (Chapter(1, 0, 10_000, "a", "s", ("x", "y")),), "A Show")
    text = formats.write(ep, "shownotes")
    assert text == "A Show\nPodcast — Episode\nCHAPTERS\n- 0:00 – 0:10\na\ns\n- •x\n- •y\n"
    back = formats.read(text, "x.txt")[1]
    assert (back.podcast, back.title, back.chapters) == (ep.podcast, ep.title, ep.chapters)


@pytest.mark.parametrize(
    ("line", "podcast", "title"),
    [
        ("Lex Fridman PodcastSam Altman: OpenAI", "Lex Fridman Podcast", "Sam Altman: OpenAI"),
        ("The Daily ShowEpisode 4", "The Daily Show", "Episode 4"),
        ("Just a title — with a dash", None, "Just a title — with a dash"),
    ],
)
def test_shownotes_header(line: str, podcast: str | None, title: str) -> None:
    ep = formats.read(f"{line}\nCHAPTERS\n- 0:00 - 1:00\nA title\n", "x.txt")[1]
    assert (ep.podcast, ep.title) == (podcast, title)


def test_shownotes_errors_name_the_line() -> None:
    with pytest.raises(ChapterError, match=r"line 6: expected a chapter's times"):
        formats.read("T\nCHAPTERS\n- 0:00 – 1:00\nTitle\nSummary\nstray text\n", "x.txt",
                     "shownotes")  # fmt: skip


@pytest.mark.parametrize(
    ("text", "starts", "titles"),
    [
        ("0:00 Intro\n4:01 Next\n1:02:45 Last\n", [0, 241_000, 3_765_000],
         ["Intro", "Next", "Last"]),
        ("(00:00) Intro\n(04:01) Next\n", [0, 241_000], ["Intro", "Next"]),
        ("00:00 - Intro\n04:01 – Next\n", [0, 241_000], ["Intro", "Next"]),
        ("[0:00] Intro\n[4:01] Next\n", [0, 241_000], ["Intro", "Next"]),
        ("Intro 0:00\nNext - 4:01\n", [0, 241_000], ["Intro", "Next"]),
        ("Intro (0:00)\nNext (4:01)\n", [0, 241_000], ["Intro", "Next"]),
        ("Great episode! Timestamps:\n\n0:00 Intro\n4:01 Next\n\nFollow us at 10:30 daily\n"
         "Recorded 12:00 - 13:00 at home\n", [0, 241_000], ["Intro", "Next"]),
        ("Subscribe!\r\n0:00 Intro\r\n1:00 Next\r\n", [0, 60_000], ["Intro", "Next"]),
    ],
)  # fmt: skip
def test_youtube_reader_is_lenient_and_ignores_prose(
    text: str, starts: list[int], titles: list[str]
) -> None:
    name, ep, _ = formats.read(text, "description.txt")
    assert name == "youtube"
    assert [c.start_ms for c in ep.chapters] == starts
    assert [c.title for c in ep.chapters] == titles


@pytest.mark.parametrize("fixture", ["simple.json", "complex.json"])
def test_podcast_namespace_examples_import_cleanly(fixture: str) -> None:
    text = (FIXTURES / "podcast2" / fixture).read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), SCHEMA)  # our schema accepts the spec's own examples
    name, ep, _ = formats.read(text, fixture)
    assert name == "podcast2"
    assert ep.chapters[0].title == "Intro"
    assert ep.chapters[-1].start_ms == 6_089_000
    assert "" not in [c.title for c in ep.chapters if not c.hidden]


def test_podcast2_silent_chapter_is_hidden_links_and_images_kept() -> None:
    text = (FIXTURES / "podcast2" / "complex.json").read_text(encoding="utf-8")
    ep = formats.read(text, "complex.json")[1]
    assert (ep.title, ep.podcast) == ("Episode 7 - Making Progress", "John's Awesome Podcast")
    donations = next(c for c in ep.chapters if c.title == "Donations")
    silent = ep.chapters[donations.number]  # the toc:false image change after it
    assert (donations.start_ms, donations.end_ms, donations.url, donations.hidden) == (
        4_600_000,
        4_826_000,
        "https://example.com/paypal_link",
        False,
    )
    assert (silent.start_ms, silent.title, silent.image, silent.hidden) == (
        4_826_000,
        "",
        "https://example.com/images/parisfrance.jpg",
        True,
    )
    # As players do, Donations plays on through the hidden chapter, to the next one.
    assert ep.chapter_at(4_900_000) == donations
    assert ep.plays_until(donations) == 5_510_000
    assert ep.chapter_after(4_700_000) == ep.chapters[donations.number + 1]


def test_podcast2_reader_tolerates_what_producers_do() -> None:
    text = json.dumps(
        {"version": "1.2.0", "chapters": [
            {"startTime": "00:00:00", "title": "clock string", "weird": {"x": [1]}},
            {"startTime": 61.5, "endTime": 90},
        ]}
    )  # fmt: skip
    ep = formats.read(text, "x.json")[1]
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 61_500, "clock string"),
        (61_500, 90_000, ""),  # kept, with an empty title that `check` reports
    ]


def test_podcast2_export_validates_against_the_schema() -> None:
    ep = Episode("T", (Chapter(1, 0, 1005, "a"), Chapter(2, 1005, None, "b")), "P")
    data = json.loads(formats.write(ep, "podcast2"))
    jsonschema.validate(data, SCHEMA)
    assert data["version"] == "1.2.0" and data["podcastName"] == "P"
    assert "endTime" not in data["chapters"][1]


@pytest.mark.parametrize(
    ("timebase", "start", "ms"),
    [(None, "1005000000", 1005), ("1/1000", "1005", 1005), ("1/75", "76", 1013),
     ("1/1000000", "1000500", 1001), ("1/90000", "90090", 1001)],
)  # fmt: skip
def test_ffmetadata_honours_any_timebase(timebase: str | None, start: str, ms: int) -> None:
    base = f"TIMEBASE={timebase}\n" if timebase else ""
    text = f";FFMETADATA1\n[CHAPTER]\n{base}START={start}\nEND={int(start) * 10}\ntitle=a\n"
    ep = formats.read(text, "x.txt")[1]
    assert ep.chapters[0].start_ms == ms


def test_ffmetadata_reader() -> None:
    text = (
        ";FFMETADATA1\ntitle=Ep\\=1\nartist=Show\n; a comment\n[STREAM]\ntitle=not a chapter\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=multi\\\nline \\; \\# \\\\\n"
    )
    ep = formats.read(text, "x.txt")[1]
    assert (ep.title, ep.podcast) == ("Ep=1", "Show")
    assert ep.chapters[0].title == "multi\nline ; # \\"
    with pytest.raises(ChapterError, match="START must be a whole number"):
        formats.read(";FFMETADATA1\n[CHAPTER]\nSTART=.97\nEND=2\n", "x.txt")


def test_ogm_reads_fractions_as_decimals() -> None:
    text = "CHAPTER01=00:00:00.000\nCHAPTER01NAME=a\nCHAPTER02=00:00:01.5\nCHAPTER02NAME=b = c\n"
    ep = formats.read(text, "x.txt")[1]
    assert [(c.start_ms, c.title) for c in ep.chapters] == [(0, "a"), (1500, "b = c")]


def test_cue_reader() -> None:
    text = (
        'PERFORMER "Show"\nTITLE "Ep"\nFILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    TITLE "One"\n'
        "    INDEX 00 00:00:00\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    TITLE Two\n"
        "    INDEX 01 123:04:74\n"
    )
    ep = formats.read(text, "x.cue")[1]
    assert (ep.podcast, ep.title) == ("Show", "Ep")
    assert [(c.start_ms, c.title) for c in ep.chapters] == [(0, "One"), (7_384_987, "Two")]


def test_psc_reader_accepts_a_feed_and_sorts() -> None:
    text = (
        f'<rss xmlns:psc="{psc.NAMESPACE}"><channel><item><psc:chapters version="1.2">'
        '<psc:chapter start="7:48" title="Second"/><psc:chapter start="0" title="First &amp; '
        'best"/><psc:chapter start="01:35:52.5" title="Third" href="http://x"/>'
        "</psc:chapters></item></channel></rss>"
    )
    ep = formats.read(text, "feed.xml")[1]
    assert [(c.start_ms, c.title) for c in ep.chapters] == [
        (0, "First & best"), (468_000, "Second"), (5_752_500, "Third"),
    ]  # fmt: skip


def test_webvtt_reader_skips_notes_and_settings() -> None:
    text = (
        "\ufeffWEBVTT - chapters\n\nNOTE made by hand\n\nintro\n00:00.000 --> 00:10.000 "
        "align:start\nIntro &amp; hello\n\n100:00:00.000 --> 100:00:01.000\nLate\n"
    )
    ep = formats.read(text, "x.vtt")[1]
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 10_000, "Intro & hello"), (360_000_000, 360_001_000, "Late"),
    ]  # fmt: skip
    with pytest.raises(ChapterError, match="line 3: bad cue timing"):
        formats.read("WEBVTT\n\n0:00.000 --> 0:10.000\nx\n", "x.vtt")


def test_json_reads_back_list_json() -> None:
    ep = Episode(
        "T", (Chapter(1, 0, 1005, "a", "s", ("b",)),), "P", "https://e.org/x", duration_ms=2000
    )
    back = round_trip(ep, "json")
    assert back == ep


def test_unknown_content_says_what_was_expected() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read("just some words\nand more\n", "notes.txt")
    message = str(caught.value)
    assert message.startswith("notes.txt: cannot tell which chapter format this is")
    assert (
        "\n  webvtt: WEBVTT, then cues: '00:00:00.000 --> 00:04:01.000' and a title line\n"
        in message
    )
    listed = [line.split(":")[0].strip() for line in message.split("\n")[1:]]
    assert listed == formats.readable_names()  # every readable format, in the order tried
    assert "markdown" not in message  # export only


def test_unknown_format_name() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.writer("srt")
    assert str(caught.value) == (
        "unknown format 'srt': choose one of ffmetadata, webvtt, podcast2, apple-hls, "
        "podlove-json, json, psc, matroska, apple-chapters, vorbiscomment, ogm, cue, audacity, "
        "mp4chaps, shownotes, yaml, youtube, markdown"
    )
    with pytest.raises(ChapterError, match=r"^markdown can only be written, not read$"):
        formats.read("# T\n", "x.md", "markdown")
    with pytest.raises(ChapterError, match=r"^ytdlp can only be read, not written$"):
        formats.writer("yt-dlp")


def test_markdown_links_each_timestamp_when_there_is_a_url() -> None:
    ep = Episode(
        "T", (Chapter(1, 0, 60_000, "Intro", "Hello *world*", ("one",)),),
        url="https://www.youtube.com/watch?v=x",
    )  # fmt: skip
    text = formats.write(ep, "markdown")
    assert "- [0:00](<https://www.youtube.com/watch?v=x&t=0>) Intro" in text
    assert "Hello \\*world\\*" in text and "\n- one\n" in text
    plain = formats.write(Episode("T", ep.chapters), "markdown")
    assert "- 0:00 Intro" in plain


def test_default_title_comes_from_the_file_name() -> None:
    assert _common.default_title("/x/my-show-42.vtt") == "my-show-42"
    assert _common.default_title("-") == "Imported chapters"
    assert _common.default_title("<stdin>") == "Imported chapters"


def test_an_empty_title_podcast_or_url_in_a_file_counts_as_none() -> None:
    text = '{"title": "", "podcast": "", "url": "", "chapters": [{"start": "0:00", "title": "a"}]}'
    ep = formats.read(text, "/x/my-show.json")[1]
    assert (ep.title, ep.podcast, ep.url) == ("my-show", None, None)
    text = '{"version": "1.2.0", "podcastName": "", "chapters": [{"startTime": 0}]}'
    assert formats.read(text, "-")[1].podcast is None


def test_times_are_exact_in_imports() -> None:
    assert parse_time("1.005") == 1005
    ep = formats.read('{"version": "1", "chapters": [{"startTime": 1.005}]}', "x")[1]
    assert ep.chapters[0].start_ms == 1005


def test_a_time_past_a_million_hours_is_refused_as_yaml_refuses_it() -> None:
    """An import is written as YAML, whose loader reads no time past a million hours."""
    hours = "1" * 36
    too_large = "time too large: over a million hours (1000000:00:00)"
    with pytest.raises(DataError) as caught:
        formats.read(f"WEBVTT\n\n00:00.000 --> 1{hours}:00:00.000\nx\n", "x.vtt")
    assert str(caught.value) == f"x.vtt: chapter 1 \"x\": bad 'end': {too_large}"
    with pytest.raises(DataError) as caught:
        formats.read(f"WEBVTT\n\n{hours}:00:00.000 --> 1{hours}:00:00.000\nx\n", "x.vtt")
    assert caught.value.problems == [
        f"chapter 1 \"x\": bad 'start': {too_large}",
        f"chapter 1 \"x\": bad 'end': {too_large}",
    ]
    text = '{"title": "t", "chapters": [{"start": "0:00"}], "duration_seconds": 1e300}'
    with pytest.raises(ChapterError) as caught_json:
        formats.read(text, "x.json")
    assert caught_json.value.lines() == ["x.json: " + too_large]


def test_imported_files_are_validated_like_yaml() -> None:
    with pytest.raises(ChapterError, match="chapters must be in time order"):
        formats.read("CHAPTER01=00:01:00.000\nCHAPTER02=00:00:30.000\n", "x.txt")


@pytest.mark.parametrize("entry", formats.FORMATS, ids=lambda entry: entry.name)
def test_every_registered_format_is_what_its_line_says(entry: formats.Registered) -> None:
    loaded = formats.reader(entry.name) if entry.readable else formats.writer(entry.name)
    assert loaded.name == entry.name
    assert loaded.example.strip() and "\n" not in loaded.example
    assert isinstance(loaded, Reader) == entry.readable
    assert isinstance(loaded, Writer) == entry.writable
    if isinstance(loaded, Writer):
        assert loaded.carries <= EVERYTHING


def test_the_registry_in_order() -> None:
    assert formats.names() == [
        "ffmetadata", "webvtt", "podcast2", "ytdlp", "ffprobe", "apple-hls", "podlove-json", "json",
        "psc", "matroska", "apple-chapters", "vorbiscomment", "ogm", "pyscenedetect", "cue",
        "audacity", "mp4chaps", "shownotes", "yaml", "youtube", "markdown",
    ]  # fmt: skip
    assert formats.readable_names() == formats.names()[:-1]
    read_only = ("ytdlp", "ffprobe", "pyscenedetect")
    assert formats.writable_names() == [name for name in formats.names() if name not in read_only]


def test_a_registry_line_that_points_at_no_format_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = [formats.Registered("errors", "chaptercli.errors"),
              formats.Registered("misnamed", "chaptercli.formats.ogm"),
              formats.Registered("half", "chaptercli.formats.markdown"),
              formats.Registered("unwritable", "chaptercli.formats.ytdlp")]  # fmt: skip
    monkeypatch.setattr(formats, "FORMATS", broken)
    both = "Reader and Writer"
    for name, message in [
        ("errors", f"chaptercli.errors.FORMAT must be a {both} named 'errors'"),
        ("misnamed", f"chaptercli.formats.ogm.FORMAT must be a {both} named 'misnamed'"),
        ("half", f"chaptercli.formats.markdown.FORMAT must be a {both} named 'half'"),
        ("unwritable", f"chaptercli.formats.ytdlp.FORMAT must be a {both} named 'unwritable'"),
    ]:
        with pytest.raises(TypeError) as caught:
            formats.writer(name)
        assert str(caught.value) == message
