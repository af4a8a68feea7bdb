"""Real-world variations, read exactly: every start, end and title of each file
of tests/fixtures/real_world (its README names where each variation was found),
the format detected, and what the reader said it left out."""

from __future__ import annotations

import pytest
from helpers import FIXTURES

from chaptercli import formats
from chaptercli.errors import ChapterError

CORPUS = FIXTURES / "real_world"
M = 60_000
H = 3_600_000

# file -> (format, [(start, end, title)], notes)
# fmt: off
EXPECTED: dict[str, tuple[str, list[tuple[int, int | None, str]], tuple[str, ...]]] = {
    "yt_title_then_time.txt": ("youtube", [
        (45_000, 4 * M + 26_000, "Warm-Up"),
        (4 * M + 26_000, 5 * M + 31_000, "Overture (Incomplete)"),
        (5 * M + 31_000, 20 * M + 9_000, "Night Drive (First time on stage since 2011)"),
        (20 * M + 9_000, 30 * M + 38_000, "R.E.M.I.X."),
        (30 * M + 38_000, H + 13 * M + 40_000, "Radio/Static"),
        (H + 13 * M + 40_000, H + 16 * M + 17_000, "Finale (First time since 2012)"),
        (H + 16 * M + 17_000, None, "Encore [Acoustic]"),
    ], ()),
    "yt_numbered_title_then_time.txt": ("youtube", [
        (0, 11 * M + 47_000, "1. Paths of Confusion"),
        (11 * M + 47_000, 26 * M + 30_000, "2. Shadows & Nothingness"),
        (26 * M + 30_000, None, "3. Poison Yourself...With Thought"),
    ], ()),
    "yt_time_dash_title.txt": ("youtube", [
        (36_000, 2 * M + 42_000, "Opening Number"),
        (2 * M + 42_000, 6 * M + 53_000, "Second Song"),
        (6 * M + 53_000, 21 * M + 12_000, "Crowd Call!"),
        (21 * M + 12_000, None, "Is This The End...?"),
    ], ()),
    "yt_bracketed_latin.txt": ("youtube", [
        (0, 8 * M + 10_000, "1 - Рассвет [Rassvet]"),
        (8 * M + 10_000, 14 * M + 30_000, "2 - Искра [Iskra]"),
        (14 * M + 30_000, None, "3 - Из тумана...[Iz tumana]"),
    ], ()),
    "spotify_parentheses.txt": ("youtube", [
        (0, 12_000, "Chapter 1"),
        (12_000, M + 44_000, "Chapter 2"),
        (M + 44_000, 2 * M + 30_000, "Chapter 3"),
        (2 * M + 30_000, H + 2 * M, "Chapter 4"),
        (H + 2 * M, H + 2 * M + 30_000, "Chapter 6"),
        (H + 2 * M + 30_000, H + 3 * M, "Chapter 7"),
        (H + 3 * M, None, "Chapter 8"),
    ], ("skipped 1 line out of time order: line 5",)),
    "spotify_dash_no_spaces.txt": ("youtube", [
        (0, 30_000, "Chapter 1"), (30_000, M, "Chapter 2"), (M, H + M + 30_000, "Chapter 3"),
        (H + M + 30_000, None, "Chapter 4"),
    ], ()),
    "podcastpage_parentheses_dash.txt": ("youtube", [
        (0, 30_000, "Chapter 1"), (30_000, M, "Chapter 2"), (M, H + M + 30_000, "Chapter 3"),
        (H + M + 30_000, None, "Chapter 4"),
    ], ()),
    "time_alone_title_next.txt": ("youtube", [
        (0, 45_000, "Welcome to the show"),
        (45_000, 90_000, "Introducing a guest"),
        (90_000, None, "The first topic of discussion"),
    ], ()),
    "emoji_sections.txt": ("youtube", [
        (0, 16 * M + 56_000, "Meet Your Instructor"),
        (16 * M + 56_000, 46 * M + 35_000, "Certifications and Exams"),
        (46 * M + 35_000, None, "What Is Cloud Computing"),
    ], ()),
    "keynote_brackets_after_dash.txt": ("youtube", [
        (0, M + 50_000, "Intro hello how to approach this video"),
        (M + 50_000, M + 53_000, "MODULE 0 START (deep learning fundamentals)"),
        (M + 53_000, 6 * M + 31_000, "[Keynote] 1. What is deep learning?"),
        (6 * M + 31_000, 56 * M + 45_000, "[Keynote] 2. Why use deep learning?"),
        (56 * M + 45_000, H + 15 * M + 32_000, "9. Creating our first tensors"),
        (H + 15 * M + 32_000, None, "10. Creating tensors with Variable"),
    ], ()),
    "numbered_and_spaced_times.txt": ("youtube", [
        (0, 4 * M + 1_000, "Intro"),
        (4 * M + 1_000, 9 * M + 21_000, "Benchmarks"),
        (9 * M + 21_000, 15 * M, "Voice and personalization"),
        (15 * M, None, "Closing"),
    ], ()),
    "chaptertool.chapters.txt": ("mp4chaps", [
        (0, 11 * M + 46_612, "Chapter 1"),
        (11 * M + 46_612, 22 * M + 55_525, "Chapter 2"),
        (22 * M + 55_525, 41 * M + 22_670, "Chapter 3"),
        (41 * M + 22_670, H + 9 * M + 17_337, "Chapter 4"),
        (H + 9 * M + 17_337, None, "Chapter 5"),
    ], ("left out the links (<https://…>) of 1 chapter",)),
    "mp4v2.chapters.txt": ("mp4chaps", [
        (0, 4 * M + 1_250, "Intro"),
        (4 * M + 1_250, H + 2 * M + 3_500, "Tabbed title"),
        (H + 2 * M + 3_500, None, "Last one"),
    ], ("skipped 1 line not starting with a time: line 4",)),
    "glued_cues.vtt": ("webvtt", [(0, 1000, "First"), (1000, 2000, "Second"),
                                  (2000, 3000, "Third")], ()),
    "header_then_cue.vtt": ("webvtt", [(0, 4 * M + 1_000, "One-digit hours")], ()),
    "captions_header_note_style.vtt": ("webvtt", [
        (2_200, 5_200, "<c.yellow>Yes, hello</c> & welcome second line"),
    ], ()),
    "vorbis_comments.txt": ("vorbiscomment", [
        (0, 4 * M + 1_500, "Intro"),
        (4 * M + 1_500, H + 2 * M + 3_000, "Benchmarks = real users"),
        (H + 2 * M + 3_000, None, "lower-case keys"),
    ], ("skipped the other tags: ENCODER",)),
    "vorbis_first_draft.txt": ("vorbiscomment", [(0, 5 * M, "Chapter 1"),
                                                 (5 * M, 10 * M, "Chapter 2")], ()),
    "musicbrainz.cue": ("cue", [
        (0, 3 * M + 7_000, "Don't Know"),
        (3 * M + 7_000, 5 * M + 31_987, "Seven Years"),  # 74 frames: 986.67 ms
        (5 * M + 31_987, None, "Lonestar"),
    ], ()),
    "pregap_isrc.cue": ("cue", [
        (0, 5 * M + 5_840, "Friendship ～ for you"),  # INDEX 01, not the pregap's INDEX 00
        (5 * M + 5_840, 7 * M + 50_893, "Say “I love you”."),
        (7 * M + 50_893, None, "オーディオドラマ①"),
    ], ()),
    "feed_three_items.xml": ("psc", [
        (0, 7 * M + 48_000, "Intro"),
        (7 * M + 48_000, H + 35 * M + 52_250, "Main topic"),
        (H + 35 * M + 52_250, None, "Goodbye"),
    ], ("the feed has 3 episodes with chapters: read the first ('Episode 3: Newest'); to read "
        "another, save its psc:chapters on their own",)),
    "atom_feed.xml": ("psc", [
        (37_000, 7 * M + 48_000, "First & best"),
        (7 * M + 48_000, 35 * M + 12_250, "Second"),
        (35 * M + 12_250, 5 * H + 12 * M + 3_500, "Third"),
        (5 * H + 12 * M + 3_500, None, "Fourth"),
    ], ()),
    "video.info.json": ("ytdlp", [
        (0, M, "Intro"), (M, 2 * M + 500, "Middle"), (2 * M + 500, H + 2 * M + 3_400, "End"),
    ], ()),
    "ffmpeg_export.ffmeta": ("ffmetadata", [
        (0, 4 * M + 1_000, "Intro"), (4 * M + 1_000, 9 * M + 21_500, "Multi\nline ; # \\"),
    ], ()),
}
# fmt: on

# file -> (format named with --from, or None to detect; the error, exactly)
REFUSED = {
    "yt_prose_one_time.txt": ("youtube", "yt_prose_one_time.txt: no chapters found: no line "
                              "starts or ends with a time such as 0:00 or 1:02:45"),
    "arrow_lines.vtt": (None, "arrow_lines.vtt: line 3: bad cue timing '-->' (expected "
                        "[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt)"),
    "one_file_a_track.cue": (None, "one_file_a_track.cue: the sheet spans 3 files; chapters "
                             "restart in each, so they cannot be one episode's chapters (give "
                             "each file a sheet of its own)"),
    "data_and_audio_files.cue": (None, "data_and_audio_files.cue: the sheet spans 2 files; "
                                 "chapters restart in each, so they cannot be one episode's "
                                 "chapters (give each file a sheet of its own)"),
    "no_chapters.info.json": (None, 'no_chapters.info.json: the video has no chapters '
                              '("chapters": null)'),
}  # fmt: skip


def test_every_file_of_the_corpus_is_checked() -> None:
    files = {path.name for path in CORPUS.iterdir()} - {"README.md"}
    assert files == set(EXPECTED) | set(REFUSED)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)  # each says where it comes from


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_read_exactly(name: str) -> None:
    fmt, chapters, notes = EXPECTED[name]
    read = formats.read((CORPUS / name).read_text(encoding="utf-8"), name)
    assert read.name == fmt
    assert [(c.start_ms, c.end_ms, c.title) for c in read.episode.chapters] == chapters
    assert read.notes == notes


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_clearly(name: str) -> None:
    named, message = REFUSED[name]
    with pytest.raises(ChapterError) as caught:
        formats.read((CORPUS / name).read_text(encoding="utf-8"), name, named)
    assert str(caught.value) == message


def test_episode_fields_found_in_the_files() -> None:
    def episode(name: str) -> tuple[str, str | None, str | None, int | None]:
        read = formats.read((CORPUS / name).read_text(encoding="utf-8"), name).episode
        return read.title, read.podcast, read.url, read.duration_ms

    assert episode("video.info.json") == (
        "A talk about chapters", "A channel", "https://www.youtube.com/watch?v=aBc-12_xYz9",
        H + 2 * M + 3_400,
    )  # fmt: skip
    assert episode("feed_three_items.xml") == (
        "Episode 3: Newest",
        "Lorem Podcast",
        "http://example.org/episode3",
        None,
    )
    assert episode("atom_feed.xml") == (
        "Atom episode",
        "Lorem Feed",
        "http://example.org/episode1",
        None,
    )
    assert episode("vorbis_comments.txt") == ("An episode", "A podcast", None, None)
    assert episode("musicbrainz.cue") == ("An Album", "A Singer", None, None)
    assert episode("ffmpeg_export.ffmeta") == ("Episode = one", "A podcast", None, None)
    assert episode("glued_cues.vtt") == ("glued_cues", None, None, None)
