"""Chapters read from media files that other tools wrote (ffmpeg, mutagen, mkvmerge),
through the command line, with the values those tools were given."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke
from media_files import FFMPEG_CHAPTERED, chap, ffmpeg, probe_chapters

pytestmark = pytest.mark.timeout(120)


def listed(invoke: Invoke, path: Path) -> dict:  # type: ignore[type-arg]
    result = invoke("list", "--json", "--no-cache", "-f", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def rows(episode: dict) -> list[tuple]:  # type: ignore[type-arg]
    return [(c["start_seconds"], c["end_seconds"], c["title"]) for c in episode["chapters"]]


@pytest.mark.parametrize("ext", FFMPEG_CHAPTERED)
def test_chapters_ffmpeg_wrote(invoke: Invoke, media: Path, ext: str) -> None:
    episode = listed(invoke, media / f"ffmpeg.{ext}")
    assert rows(episode)[0] == (0, 1.234, "First")
    assert rows(episode)[1][::2] == (1.234, "Second")
    assert episode["title"] == "Ep Title"
    assert episode["podcast"] == ("Pod" if ext == "opus" else "Pod Album")
    assert episode["url"] == (media / f"ffmpeg.{ext}").as_uri()


def test_a_library_directory_picks_up_media_and_answers_warm(media: Path, tmp_path: Path) -> None:
    from chaptercli.library import load

    shutil.copy(media / "ffmpeg.mp3", tmp_path / "a.mp3")
    shutil.copy(media / "ffmpeg.m4b", tmp_path / "b.m4b")
    (tmp_path / "c.yaml").write_text("title: C\nchapters:\n- start: 0\n  title: Only\n")
    cold = load([tmp_path])
    assert sorted(Path(p).name for p in cold.parsed) == ["a.mp3", "b.m4b", "c.yaml"]
    titles = [[c.title for c in cold.episode(e).chapters] for e in cold.entries]
    cold.close()
    warm = load([tmp_path])
    assert warm.parsed == []  # answered from the index
    assert [[c.title for c in warm.episode(e).chapters] for e in warm.entries] == titles
    assert titles == [["First", "Second"], ["First", "Second"], ["Only"]]
    warm.close()


def test_mp3_chapters_in_ctoc_order_with_their_frames(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.id3 import APIC, CTOC, ID3, TIT2, TIT3, WXXX, CTOCFlags

    path = tmp_path / "mutagen.mp3"
    shutil.copy(media / "plain.mp3", path)
    tags = ID3(path)
    tags.add(chap("c3", 2000, 2500, TIT2(text=["Third"]),
                  APIC(mime="image/png", type=0, data=b"\x89PNG" + bytes(50))))  # fmt: skip
    tags.add(chap("c2", 1000, 2000, TIT2(text=["Second"]), TIT3(text=["The sub"]),
                  APIC(mime="-->", type=0, data=b"https://example.com/2.jpg")))  # fmt: skip
    tags.add(chap("c1", 0, 1000, TIT2(text=["First"]), WXXX(url="https://example.com/1")))
    tags.add(chap("extra", 2500, 3000, TIT2(text=["Not listed"])))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=["c1", "c2", "c3"], sub_frames=[]))  # fmt: skip
    tags.save(path, v2_version=3)
    # The ffprobe bug: chapters in the file's order (mutagen put "extra" first), not by time.
    assert [t for _, _, t in probe_chapters(path)] == ["Not listed", "First", "Second", "Third"]
    result = invoke("list", "--json", "--no-cache", "-f", str(path))
    chapters = json.loads(result.stdout)["chapters"]
    assert [(c["title"], c["summary"], c["url"], c["image"], c["hidden"]) for c in chapters] == [
        ("First", None, "https://example.com/1", None, False),
        ("Second", "The sub", None, "https://example.com/2.jpg", False),
        ("Third", None, None, None, False),
        ("Not listed", None, None, None, True),
    ]
    imported = invoke("import", str(path))
    assert "chapter 3: its embedded picture (image/png, 54 bytes) is not kept" in imported.stderr


def test_id3v24_long_title_ffprobe_drops_it_and_check_says_so(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.id3 import CTOC, ID3, TIT2, CTOCFlags

    path = tmp_path / "v24.mp3"
    shutil.copy(media / "plain.mp3", path)
    tags = ID3(path)
    long = "L" * 200
    for key, start, title in (("a", 0, "short"), ("b", 1000, long), ("c", 2000, "third")):
        tags.add(chap(key, start, start + 1000, TIT2(encoding=3, text=[title])))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL, child_element_ids=["a", "b", "c"],
                  sub_frames=[]))  # fmt: skip
    tags.save(path, v2_version=4)
    # The ffmpeg bug: the chapter with the 200-byte title is gone.
    assert probe_chapters(path) == [(0, 1000, "short"), (2000, 3000, "third")]
    assert [c["title"] for c in listed(invoke, path)["chapters"]] == ["short", long, "third"]
    checked = invoke("check", "-f", str(path))
    assert checked.exit_code == 1
    assert "chapter 2: its TIT2 is 202 bytes in an ID3v2.4 tag" in checked.stdout
    assert "[id3v24-long-subframe]" in checked.stdout
    fixed = invoke("embed", str(path), "-f", str(path), "--no-cache")
    assert fixed.exit_code == 0, fixed.output
    assert probe_chapters(path) == [(0, 1000, "short"), (1000, 2000, long), (2000, 3000, "third")]
    assert ID3(path).version == (2, 3, 0)


def test_mp3_without_ctoc_is_read_by_time_and_checked(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.id3 import ID3, TIT2

    path = tmp_path / "noctoc.mp3"
    shutil.copy(media / "plain.mp3", path)
    tags = ID3(path)
    tags.add(chap("b", 1500, 3000, TIT2(text=["Later"])))
    tags.add(chap("a", 0, 1500, TIT2(text=["Earlier"])))
    tags.save(path)
    assert rows(listed(invoke, path)) == [(0, 1.5, "Earlier"), (1.5, 3, "Later")]
    checked = invoke("check", "-f", str(path))
    assert checked.exit_code == 1
    assert ("error: its CHAP frames have no CTOC (table of contents): Apple Podcasts and "
            "Overcast show no chapters") in checked.stdout  # fmt: skip


def test_matroska_hidden_nested_and_editions_from_mkvmerge(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    xml = tmp_path / "chapters.xml"
    xml.write_text(
        "<?xml version='1.0'?><Chapters><EditionEntry>"
        "<ChapterAtom><ChapterTimeStart>00:00:00.000</ChapterTimeStart>"
        "<ChapterDisplay><ChapterString>Opening</ChapterString></ChapterDisplay>"
        "<ChapterAtom><ChapterTimeStart>00:00:00.250</ChapterTimeStart>"
        "<ChapterDisplay><ChapterString>Inner</ChapterString></ChapterDisplay></ChapterAtom>"
        "</ChapterAtom>"
        "<ChapterAtom><ChapterTimeStart>00:00:01.000</ChapterTimeStart><ChapterFlagHidden>1"
        "</ChapterFlagHidden><ChapterDisplay><ChapterString>Secret</ChapterString>"
        "</ChapterDisplay></ChapterAtom>"
        "<ChapterAtom><ChapterTimeStart>00:00:02.000123456</ChapterTimeStart>"
        "<ChapterDisplay><ChapterString>Last</ChapterString></ChapterDisplay></ChapterAtom>"
        "</EditionEntry><EditionEntry><ChapterAtom><ChapterTimeStart>00:00:00.000"
        "</ChapterTimeStart><ChapterDisplay><ChapterString>Other edition</ChapterString>"
        "</ChapterDisplay></ChapterAtom></EditionEntry></Chapters>",
        encoding="utf-8",
    )
    path = tmp_path / "merged.mkv"
    subprocess.run(["mkvmerge", "-q", "-o", str(path), "--chapters", str(xml),
                    str(media / "plain.mkv")], check=True)  # fmt: skip
    episode = listed(invoke, path)
    assert [(c["start_seconds"], c["title"], c["hidden"]) for c in episode["chapters"]] == [
        (0, "Opening", False),
        (0.25, "Inner", False),
        (1, "Secret", True),
        (2, "Last", False),
    ]
    imported = invoke("import", str(path))
    assert "it has 2 chapter editions: the first one is read" in imported.stderr


def test_vorbis_comment_chapters_and_ffmpegs_three_digit_fraction(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.flac import FLAC

    path = tmp_path / "tagged.flac"
    shutil.copy(media / "plain.flac", path)
    audio = FLAC(path)
    for key, value in (("CHAPTER001", "00:00:00.000"), ("CHAPTER001NAME", "Start"),
                       ("CHAPTER002", "00:00:01.5"), ("CHAPTER002NAME", "Half"),
                       ("CHAPTER002URL", "https://example.com/h")):  # fmt: skip
        audio.tags.append((key, value))
    audio.save()
    # The ffmpeg bug: "01.5" is read as 1 s and 5 ms.
    assert [start for start, _, _ in probe_chapters(path)] == [0, 1005]
    chapters = listed(invoke, path)["chapters"]
    assert [(c["start_seconds"], c["title"], c["url"]) for c in chapters] == [
        (0, "Start", None),
        (1.5, "Half", "https://example.com/h"),
    ]
    checked = invoke("check", "-f", str(path))
    assert checked.exit_code == 0
    assert ("warning: CHAPTER002=00:00:01.5: ffmpeg-based players read only a fraction of "
            "exactly three digits (this one as 00:00:01.005)") in checked.stdout  # fmt: skip


def test_ffmpeg_rounds_opus_chapter_seconds(media: Path, tmp_path: Path) -> None:
    """The ffmpeg bug the issue names: 61.999 s is written as 00:01:02.999."""
    from mutagen.oggopus import OggOpus

    meta = tmp_path / "meta.txt"
    meta.write_text(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=61999\ntitle=A\n"
                    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=61999\nEND=62000\ntitle=B\n")  # fmt: skip
    path = tmp_path / "long.opus"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=63", "-i", str(meta),
           "-map", "0", "-map_chapters", "1", "-b:a", "6k", str(path))  # fmt: skip
    assert ("CHAPTER001", "00:01:02.999") in list(OggOpus(path).tags)


def test_mp4_with_one_kind_or_two_that_disagree(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    quicktime = tmp_path / "qt.m4a"
    ffmpeg(
        "-i", str(media / "ffmpeg.m4a"), "-c", "copy", "-movflags", "disable_chpl", str(quicktime)
    )
    checked = invoke("check", "-f", str(quicktime))
    assert ("warning: it has a QuickTime chapter track but no Nero chpl atom (what AntennaPod "
            "and many Android apps read)") in checked.stdout  # fmt: skip
    assert checked.exit_code == 0
    raw = bytearray((media / "ffmpeg.m4a").read_bytes())
    at = raw.index(b"Second", raw.index(b"chpl"))
    raw[at : at + 6] = b"Secund"
    differ = tmp_path / "differ.m4a"
    differ.write_bytes(bytes(raw))
    assert [c["title"] for c in listed(invoke, differ)["chapters"]] == ["First", "Second"]
    imported = invoke("import", str(differ))
    assert ("its QuickTime chapter track (2 chapters) and its Nero chpl atom (2) disagree: "
            "chapter 2 is 'Second' at 1234 ms in the track, 'Secund' at 1234 ms in chpl; the "
            "QuickTime track is read") in imported.stderr  # fmt: skip


def test_a_real_process_reads_an_m4b(media: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chaptercli", "list", "--no-cache", "-f",
                           str(media / "ffmpeg.m4b")], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == [
        "1      0:00  0:01.234  0:01.234  First",
        "2  0:01.234      0:03  0:01.766  Second",
    ]


def test_open_plays_the_media_file_itself(invoke: Invoke, media: Path) -> None:
    path = media / "ffmpeg.m4b"
    result = invoke("open", "2", "--print", "--no-cache", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert str(path) in result.stdout


def test_an_mp4_whose_chpl_title_ffmpeg_cut_inside_a_character(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Found by the attack pass: ffmpeg cuts a Nero chpl title at 255 bytes, here
    inside a two-byte é, and mutagen refuses the whole file. ffprobe reads the
    QuickTime track, which keeps the title whole."""
    meta = tmp_path / "meta.txt"
    meta.write_text(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle="
                    + "é" * 150 + "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2000\n"
                    "title=two\n", encoding="utf-8")  # fmt: skip
    plain, chaptered = tmp_path / "plain.m4a", tmp_path / "long.m4b"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", "-b:a", "16k", str(plain))
    ffmpeg("-i", str(plain), "-i", str(meta), "-map_chapters", "1", "-c", "copy", str(chaptered))
    result = invoke("list", "--no-cache", "--json", "-f", str(chaptered))
    assert result.exit_code == 0, result.output
    chapters = json.loads(result.stdout)["chapters"]
    assert [(c["start_seconds"], c["title"]) for c in chapters] == [(0, "é" * 150), (1, "two")]


def test_a_music_folder_without_chapters_is_passed_over_quietly(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    """A library directory beside someone's music: its media files without chapters
    are counted in one note, not each skipped with a line and exit 3; named, one is
    still refused."""
    library = tmp_path / "lib"
    library.mkdir()
    plain = library / "song.mp3"
    shutil.copy(media / "plain.mp3", plain)
    shutil.copy(media / "plain.mp3", library / "other.mp3")
    (library / "ep.yaml").write_text('title: Ep\nchapters:\n- {start: "0:00", title: One}\n')
    result = invoke("episodes", "--no-cache", "-f", str(library))
    assert result.exit_code == 0, result.output
    assert result.stderr == "chapters: passed over 2 media files without chapters\n"
    named = invoke("list", "--no-cache", "-f", str(plain))
    assert (named.exit_code, named.stderr) == (
        2, f"chapters: {plain}: this MP3 file has no chapters\n")  # fmt: skip
