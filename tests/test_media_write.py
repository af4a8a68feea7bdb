"""`chapters embed` and `chapters split`: what they write is read back exactly by
ffprobe, mutagen and mkvextract, the audio untouched (ffmpeg's stream hashes),
every other tag and the cover art kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Invoke
from media_files import probe_chapters, stream_hash

pytestmark = pytest.mark.timeout(120)

LONG = "Ä" * 100  # 200 bytes of UTF-8
CHAPTERS = f"""title: My Episode
podcast: My Pod
chapters:
- start: "0:00"
  title: Intro
  url: https://example.com/intro
- start: "0:00.5"
  title: Hidden one
  hidden: true
- start: "0:01.25"
  title: "{LONG}"
- start: "0:02.001"
  end: "0:02.9"
  title: "Part: two / three"
"""


@pytest.fixture
def chapters(tmp_path: Path) -> Path:
    path = tmp_path / "chapters.yaml"
    path.write_text(CHAPTERS, encoding="utf-8")
    return path


def embedded(invoke: Invoke, media: Path, tmp_path: Path, name: str, chapters: Path) -> Path:
    path = tmp_path / name
    shutil.copy(media / name, path)
    result = invoke("embed", str(path), "-f", str(chapters), "--no-cache")
    assert result.exit_code == 0, result.output
    assert stream_hash(path) == stream_hash(media / name)
    return path


def test_mp3_id3v23_chap_and_ctoc(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path
) -> None:
    from mutagen.id3 import APIC, ID3

    cover = tmp_path / "covered.mp3"
    shutil.copy(media / "plain.mp3", cover)
    tags = ID3(cover)
    tags.add(APIC(mime="image/png", type=3, desc="cover", data=b"\x89PNG" + bytes(20)))
    tags.save()
    shutil.copy(cover, media / "covered.mp3")  # the original, for the stream hash
    path = embedded(invoke, media, tmp_path, "covered.mp3", chapters)
    assert probe_chapters(path) == [
        (0, 500, "Intro"), (500, 1250, "Hidden one"), (1250, 2001, LONG),
        (2001, 2900, "Part: two / three"),
    ]  # fmt: skip
    tags = ID3(path)
    assert tags.version == (2, 3, 0)
    assert tags.getall("CTOC")[0].child_element_ids == ["chp1", "chp3", "chp4"]
    assert tags.getall("CTOC")[0].flags == 3  # top level, ordered
    assert tags["CHAP:chp1"].sub_frames.getall("WXXX")[0].url == "https://example.com/intro"
    assert tags["TPE1"].text == ["Pod"]
    assert tags.getall("APIC")[0].data == b"\x89PNG" + bytes(20)
    assert invoke("check", "-f", str(path)).exit_code == 0


@pytest.mark.parametrize("name", ["plain.m4a", "ffmpeg.m4b"])
def test_mp4_both_chapter_kinds(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path, name: str
) -> None:
    from mutagen.mp4 import MP4

    path = embedded(invoke, media, tmp_path, name, chapters)
    # MP4 cannot hide a chapter: the hidden one is left out, its time goes to the one before.
    assert probe_chapters(path) == [(0, 1250, "Intro"), (1250, 2001, LONG),
                                    (2001, 2900, "Part: two / three")]  # fmt: skip
    nero = MP4(path).chapters
    assert [(round(c.start * 1000), c.title) for c in nero] == [
        (0, "Intro"), (1250, LONG), (2001, "Part: two / three")]  # fmt: skip
    checked = invoke("check", "-f", str(path))
    assert checked.exit_code == 0
    assert "warning" not in checked.stdout
    again = invoke("embed", str(path), "-f", str(chapters), "--no-cache")  # no second track
    assert again.exit_code == 0
    assert len(probe_chapters(path)) == 3


def test_matroska_with_hidden_flags(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path
) -> None:
    path = embedded(invoke, media, tmp_path, "plain.mkv", chapters)
    xml = subprocess.run(["mkvextract", str(path), "chapters", "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    assert "<ChapterTimeStart>00:00:02.001000000</ChapterTimeStart>" in xml
    assert xml.count("<ChapterFlagHidden>1</ChapterFlagHidden>") == 1
    assert f"<ChapterString>{LONG}</ChapterString>" in xml
    listed = invoke("list", "--json", "--no-cache", "-f", str(path))
    import json

    got = json.loads(listed.stdout)["chapters"]
    assert [(c["start_seconds"], c["hidden"]) for c in got] == [
        (0, False), (0.5, True), (1.25, False), (2.001, False)]  # fmt: skip


def test_webm_leaves_hidden_chapters_out(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path
) -> None:
    path = tmp_path / "plain.webm"
    shutil.copy(media / "plain.webm", path)
    result = invoke("embed", str(path), "-f", str(chapters), "--no-cache")
    assert result.exit_code == 0
    assert result.stderr == (
        f"chapters: wrote 3 chapters into {path}\nchapters: warning: WebM cannot mark a "
        "chapter hidden: the 1 hidden chapters are left out\n"
    )
    # Matroska keeps ends: the hidden chapter's time stays a gap.
    assert probe_chapters(path) == [(0, 500, "Intro"), (1250, 2001, LONG),
                                    (2001, 2900, "Part: two / three")]  # fmt: skip
    assert stream_hash(path) == stream_hash(media / "plain.webm")


@pytest.mark.parametrize("name", ["plain.opus", "plain.flac", "plain.ogg"])
def test_vorbis_comments_exact(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path, name: str
) -> None:
    import mutagen

    path = embedded(invoke, media, tmp_path, name, chapters)
    comments = [(k, v) for k, v in mutagen.File(path).tags if k.startswith("CHAPTER")]
    assert comments == [
        ("CHAPTER001", "00:00:00.000"), ("CHAPTER001NAME", "Intro"),
        ("CHAPTER001URL", "https://example.com/intro"),
        ("CHAPTER002", "00:00:01.250"), ("CHAPTER002NAME", LONG),
        ("CHAPTER003", "00:00:02.001"), ("CHAPTER003NAME", "Part: two / three"),
    ]  # fmt: skip
    assert ("artist", "Pod") in list(mutagen.File(path).tags)
    assert [start for start, _, _ in probe_chapters(path)] == [0, 1250, 2001]


def test_embed_into_a_new_file_and_refusals(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path
) -> None:
    source = tmp_path / "in.mp3"
    shutil.copy(media / "plain.mp3", source)
    before = source.read_bytes()
    out = tmp_path / "out.mp3"
    assert invoke("embed", str(source), "-f", str(chapters), "-o", str(out)).exit_code == 0
    assert source.read_bytes() == before
    assert len(probe_chapters(out)) == 4
    again = invoke("embed", str(source), "-f", str(chapters), "-o", str(out))
    assert again.exit_code == 2
    assert again.stderr == f"chapters: {out} already exists: use --force to overwrite it\n"
    day = tmp_path / "day.yaml"  # 24 h+ times, for a 3-second file
    day.write_text('title: Long\nchapters:\n- start: "0:00"\n  title: A\n- start: "25:00:00"\n'
                   "  title: Next day\n")  # fmt: skip
    late = invoke("embed", str(source), "-f", str(day))
    assert late.exit_code == 2
    assert late.stderr == (f"chapters: {day}: chapter 1 goes past the end of the media (0:03.03): "
                           "players would not show it\n")  # fmt: skip
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chapters.yaml",
        "day.yaml",
        "in.mp3",
        "out.mp3",
    ]
    text = tmp_path / "notes.mp3"
    text.write_text("not audio at all\n")
    refused = invoke("embed", str(text), "-f", str(chapters))
    assert refused.exit_code == 2
    assert refused.stderr == (f"chapters: {text}: not a media file chaptercli can write chapters "
                              "into (MP3, MP4/M4A/M4B, Matroska/WebM, Ogg, FLAC)\n")  # fmt: skip


def test_split_one_file_a_chapter(
    invoke: Invoke, media: Path, tmp_path: Path, chapters: Path
) -> None:
    out = tmp_path / "parts"
    result = invoke(
        "split", str(media / "plain.mp3"), "-f", str(chapters), "-o", str(out), "--no-cache"
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01 - Intro.mp3", f"02 - {LONG[:60]}.mp3", "03 - Part_ two _ three.mp3"]
    from mutagen.easyid3 import EasyID3

    tags = EasyID3(out / "03 - Part_ two _ three.mp3")
    assert (tags["title"], tags["tracknumber"], tags["album"]) == (
        ["Part: two / three"], ["3/3"], ["My Episode"])  # fmt: skip
    codec = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,bit_rate",
                            "-of", "csv=p=0", str(out / "01 - Intro.mp3")], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert codec == "mp3,32000\n"
    every = invoke("split", str(media / "plain.mp3"), "-f", str(chapters), "-o", str(out),
                   "--hidden", "--force", "--no-cache")  # fmt: skip
    assert every.exit_code == 0
    assert "02 - Hidden one.mp3" in {p.name for p in out.iterdir()}


def test_safe_names() -> None:
    from chaptercli.media.split import safe_name

    assert safe_name(1, 2, 'a/b\\c:d*e?f"g<h>i|j', ".MP3") == "01 - a_b_c_d_e_f_g_h_i_j.mp3"
    assert safe_name(7, 2, "tab\there\x00\u202eend...  ", ".ogg") == "07 - tab here end.ogg"
    assert safe_name(3, 3, " .. ", ".mp3") == "003 - Chapter 3.mp3"
    assert safe_name(2, 2, "CON", ".mp3") == "02 - CON.mp3"  # never a bare reserved name
    assert safe_name(1, 2, "é" * 200, ".mp3") == "01 - " + "é" * 60 + ".mp3"  # 120 bytes
    assert safe_name(1, 2, "../../etc/passwd", ".mp3") == "01 - .._.._etc_passwd.mp3"
