"""Vorbis comment chapters and ffprobe's JSON: exact values, and proof with
ffmpeg itself. ffmpeg's Ogg demuxer reads `CHAPTERnnn` comments as chapters
(libavformat/oggparsevorbis.c), so what `vorbiscomment` writes, put into a
real Opus file as its comments, is read back by ffprobe; and ffprobe's own
output of real files made with ffmpeg is what the `ffprobe` reader reads.
The comment layout is the Xiph "Chapter Extension" (wiki.xiph.org
/Chapter_Extension: CHAPTERxxx, CHAPTERxxxNAME, CHAPTERxxxURL, three digits)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import formats
from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode

Write = Callable[..., Path]

EPISODE = Episode(
    "Ep = one",
    (
        Chapter(1, 0, 1005, "Intro", url="https://example.org/intro"),
        Chapter(2, 1005, 2500, "a = b; c\nnext"),
        Chapter(3, 2500, None, "End"),
    ),
    podcast="Pod",
)


def test_vorbiscomment_is_written_with_three_digits_and_links() -> None:
    assert formats.write(EPISODE, "vorbiscomment").split("\n") == [
        "TITLE=Ep = one",
        "ALBUM=Pod",
        "CHAPTER000=00:00:00.000",
        "CHAPTER000NAME=Intro",
        "CHAPTER000URL=https://example.org/intro",
        "CHAPTER001=00:00:01.005",
        "CHAPTER001NAME=a = b; c next",
        "CHAPTER002=00:00:02.500",
        "CHAPTER002NAME=End",
        "",
    ]
    assert formats.dropped(EPISODE, "vorbiscomment") == []


def test_three_digits_are_vorbiscomment_and_two_are_ogm() -> None:
    assert formats.detect("CHAPTER001=00:00:00.000\nCHAPTER001NAME=a\n", "x") == "vorbiscomment"
    assert formats.detect("CHAPTER01=00:00:00.000\nCHAPTER01NAME=a\n", "x") == "ogm"
    # ogm reads the links of a Vorbis comment dump too, now that chapters hold them
    _, ep, notes = formats.read("CHAPTER01=00:00:00.000\nchapter01url=http://a.b/\n", "x", "ogm")
    assert (ep.chapters[0].url, notes) == ("http://a.b/", ())


def test_a_thousand_chapters_is_the_most() -> None:
    many = Episode("E", tuple(Chapter(n, n * 1000, None, "c") for n in range(1, 1002)))
    with pytest.raises(ChapterError) as caught:
        formats.write(many, "vorbiscomment")
    assert caught.value.message == (
        "vorbiscomment holds at most 1000 chapters (CHAPTER000 to CHAPTER999), and the episode "
        "has 1001"
    )


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def ffmpeg_file(path: Path, *options: str, codec: str = "libopus") -> Path:
    assert shutil.which("ffmpeg"), "tests/install-system-deps.sh installs ffmpeg"
    run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", *options,
        "-t", "4", "-c:a", codec, str(path))  # fmt: skip
    return path


@pytest.mark.timeout(120)
def test_ffmpeg_reads_what_vorbiscomment_writes(tmp_path: Path, invoke: Invoke) -> None:
    comments = formats.write(EPISODE, "vorbiscomment").splitlines()
    options = [part for line in comments for part in ("-metadata", line)]
    opus = ffmpeg_file(tmp_path / "ep.opus", *options)
    probed = run("ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json",
                 str(opus))  # fmt: skip
    chapters = json.loads(probed)["chapters"]
    assert [(c["start"], c["tags"]["title"]) for c in chapters] == [
        (0, "Intro"), (1005, "a = b; c next"), (2500, "End"),
    ]  # fmt: skip
    (tmp_path / "probe.json").write_text(probed, encoding="utf-8")
    result = invoke("list", "--no-cache", "-f", str(tmp_path / "probe.json"))
    assert result.exit_code == 0, result.output
    # Opus keeps its tags in the stream, which -show_format does not show: the file names it
    assert result.stdout.split("\n")[:2] == ["probe", "3 chapters · 0:04.007"]
    assert result.stdout.split("\n")[3:7] == [
        "#     Start       End    Length  Title",
        "1      0:00  0:01.005  0:01.005  Intro",
        "2  0:01.005    0:02.5  0:01.495  a = b; c next",
        "3    0:02.5  0:04.007  0:01.507  End",  # ffmpeg ends the last at the stream's end
    ]


FFMETADATA = """;FFMETADATA1
title=Book
[CHAPTER]
TIMEBASE=1/1000
START=0
END=1500
title=One
[CHAPTER]
TIMEBASE=1/1000
START=1500
END=3000
title=Two
"""


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("suffix", "codec"), [("m4a", "aac"), ("mkv", "libopus"),
                                               ("mp3", "libmp3lame")])  # fmt: skip
def test_ffprobe_output_of_real_files_is_read_exactly(
    tmp_path: Path, write: Write, invoke: Invoke, suffix: str, codec: str
) -> None:
    meta = write(FFMETADATA, "chapters.ffmeta")
    media = ffmpeg_file(tmp_path / f"book.{suffix}", "-i", str(meta), "-map_metadata", "1",
                        "-map_chapters", "1", codec=codec)  # fmt: skip
    probed = run("ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(media))
    name, ep, notes = formats.read(probed, f"book.{suffix}.json")
    assert name == "ffprobe"
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 1500, "One"), (1500, 3000, "Two"),
    ]  # fmt: skip
    assert notes == ()
    (tmp_path / "probe.json").write_text(probed, encoding="utf-8")
    converted = invoke("import", str(tmp_path / "probe.json"))
    assert converted.exit_code == 0, converted.output
    assert converted.stdout.split("\n")[:5] == [
        "title: probe", "chapters:", '- start: "0:00"', '  end: "0:01.5"', "  title: One",
    ]  # fmt: skip


def test_ffprobe_json_variations() -> None:
    """Out of order (ID3 chapters in file order), times only as seconds, tags in
    any case, the format's duration and tags, a duration the chapters overrun."""
    text = json.dumps({
        "chapters": [
            {"id": 1, "time_base": "1/44100", "start": 44100, "start_time": "1.000000",
             "end": 88200, "end_time": "2.000000", "tags": {"TITLE": "Second"}},
            {"id": 0, "time_base": "1/1000", "start_time": "0.000000", "end_time": "0.9995"},
        ],
        "format": {"duration": "1.999", "tags": {"title": "Ep", "artist": "Pod"}},
    })  # fmt: skip
    name, ep, notes = formats.read(text, "probe.json")
    assert name == "ffprobe"
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 1000, ""), (1000, 2000, "Second"),
    ]  # fmt: skip
    assert (ep.title, ep.podcast, ep.duration_ms) == ("Ep", "Pod", None)
    assert notes == ("left out the media's duration (0:01.999): chapters run past it",)
    fits = json.loads(text)
    fits["format"]["duration"] = "2.5"
    assert formats.read(json.dumps(fits), "probe.json").episode.duration_ms == 2500


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        ({"time_base": "1/1000", "start": "1e999999999", "start_time": "0"},
         "probe.json: chapter 1: bad 'start' '1e999999999'"),
        ({"time_base": "1/0", "start": 5, "start_time": "0"},
         "probe.json: chapter 1: bad 'time_base' '1/0'"),
        ({"time_base": "1/1000", "start_time": None},
         "probe.json: chapter 1: no start"),
    ],
)  # fmt: skip
def test_ffprobe_json_refused(chapter: dict[str, object], message: str) -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(json.dumps({"chapters": [chapter]}), "probe.json")
    assert caught.value.message == message


def test_ffprobe_without_chapters_says_so() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read('{"chapters": []}', "probe.json", "ffprobe")
    assert caught.value.message == 'probe.json: the media has no chapters ("chapters": [])'


def test_the_corpus_dump_keeps_its_link() -> None:
    """tests/fixtures/real_world/vorbis_comments.txt (a `vorbiscomment -l` dump, see
    its README): the chapter's CHAPTER000URL is now its link."""
    from helpers import FIXTURES

    text = (FIXTURES / "real_world" / "vorbis_comments.txt").read_text(encoding="utf-8")
    ep = formats.read(text, "vorbis_comments.txt").episode
    assert [c.url for c in ep.chapters] == ["https://example.org/intro", None, None]
