"""Exports proven with the tools people use them with: ffmpeg, a WebVTT parser, a JSON Schema."""

from __future__ import annotations

import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import webvtt
from conftest import Invoke
from helpers import ROOT

EPISODE = """\
podcast: "Show; #1"
title: "Ep = one"
chapters:
  - {start: "0:00", title: "Plain"}
  - {start: "0:01.005", title: "a = b; c # d \\\\ e\\nnext line"}
  - {start: "0:02.5", title: "Tricky --> <b>&amp;</b> \\"quoted\\""}
  - {start: "24:00:00", title: "A day in"}
  - {start: "100:00:00.001", end: "123:45:06.789", title: "Past a hundred hours"}
"""
STARTS_MS = [0, 1005, 2500, 86_400_000, 360_000_001]
ENDS_MS = [1005, 2500, 86_400_000, 360_000_001, 445_506_789]
TITLES = [
    "Plain",
    "a = b; c # d \\ e\nnext line",
    'Tricky --> <b>&amp;</b> "quoted"',
    "A day in",
    "Past a hundred hours",
]


@pytest.fixture
def episode_file(write) -> Path:  # type: ignore[no-untyped-def]
    return write(EPISODE)


def export(invoke: Invoke, episode_file: Path, name: str, out: Path) -> None:
    result = invoke("export", "--to", name, "-f", str(episode_file), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output


def test_ffmpeg_reads_back_our_ffmetadata(
    invoke: Invoke, episode_file: Path, tmp_path: Path
) -> None:
    assert shutil.which("ffmpeg") and shutil.which("ffprobe"), (
        "ffmpeg is needed: tests/install-system-deps.sh installs it"
    )
    metadata = tmp_path / "chapters.ffmeta"
    export(invoke, episode_file, "ffmetadata", metadata)
    muxed = tmp_path / "episode.mka"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-t", "3", "-i", "anullsrc=r=8000:cl=mono",
         "-i", str(metadata), "-map_metadata", "1", "-map_chapters", "1", "-c:a", "flac",
         str(muxed)],
        check=True, timeout=120,
    )  # fmt: skip
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(muxed)],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    data = json.loads(probe.stdout)
    chapters = data["chapters"]

    def ms(value: int, time_base: str) -> int:
        return int(value * Fraction(time_base) * 1000)

    assert [ms(c["start"], c["time_base"]) for c in chapters] == STARTS_MS
    assert [ms(c["end"], c["time_base"]) for c in chapters] == ENDS_MS
    assert [c["tags"]["title"] for c in chapters] == TITLES
    assert data["format"]["tags"]["title"] == "Ep = one"


def test_webvtt_parser_reads_back_our_track(
    invoke: Invoke, episode_file: Path, tmp_path: Path
) -> None:
    track = tmp_path / "chapters.vtt"
    export(invoke, episode_file, "webvtt", track)
    cues = webvtt.read(str(track))

    def ms(stamp: str) -> int:
        hours, minutes, seconds = stamp.split(":")
        return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)

    assert [ms(c.start) for c in cues] == STARTS_MS
    assert [ms(c.end) for c in cues] == ENDS_MS
    # One line a cue, with the entities a WebVTT renderer decodes back to the title.
    texts = [c.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for c in cues]
    assert texts == [title.replace("\n", " ") for title in TITLES]
    assert all("-->" not in c.raw_text for c in cues)


def test_podcast2_export_is_valid_against_the_schema(
    invoke: Invoke, episode_file: Path, tmp_path: Path
) -> None:
    schema = json.loads((ROOT / "tests" / "podcast2-chapters.schema.json").read_text())
    out = tmp_path / "chapters.json"
    export(invoke, episode_file, "podcast2", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [round(c["startTime"] * 1000) for c in data["chapters"]] == STARTS_MS
    assert [c["title"] for c in data["chapters"]] == TITLES
    with pytest.raises(jsonschema.ValidationError):  # and the schema does reject bad files
        jsonschema.validate({"version": "1.2.0", "chapters": [{"title": "no start"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1.2, "chapters": []}, schema)


def test_bundled_episode_through_ffmpeg(invoke: Invoke, tmp_path: Path) -> None:
    metadata = tmp_path / "seed.ffmeta"
    assert invoke("export", "--to", "ffmetadata", "-o", str(metadata), "-q").exit_code == 0
    muxed = tmp_path / "seed.mka"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-t", "1", "-i", "anullsrc=r=8000:cl=mono",
         "-i", str(metadata), "-map_chapters", "1", "-c:a", "flac", str(muxed)],
        check=True, timeout=120,
    )  # fmt: skip
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(muxed)],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    chapters = json.loads(probe.stdout)["chapters"]
    assert len(chapters) == 15
    assert chapters[13]["tags"]["title"].startswith("Politics and governance")
    assert chapters[13]["start_time"] == "3765.000000"


def test_markdown_renders_hostile_titles_as_typed(invoke: Invoke, write) -> None:  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    path = write(
        'title: "*Not* emphasis"\nurl: https://example.org/ep.mp3\nchapters:\n'
        '- {start: "0:00", title: "[a link](http://evil) <script>x</script> & **b**"}\n'
        '- {start: "1:02.5", title: "1. not a list", summary: "- nor this"}\n'
    )
    text = invoke("export", "--to", "markdown", "-f", str(path), "-q").stdout
    html = MarkdownIt("commonmark").render(text)
    assert "<em>Not</em>" not in html and "<strong>" not in html and "<script>" not in html
    assert "<h1>*Not* emphasis</h1>" in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; **b**" in html
    assert html.count("<a href=") == 2  # only our own timestamp links
    assert '<a href="https://example.org/ep.mp3#t=62.5">1:02.5</a>' in html
    assert "<ol" not in html and "<p>- nor this</p>" in html
