"""The less travelled ways through the media code: a file with one MP4 kind, tools
missing in part, nested and self-listing tables of contents, images from files,
a damaged Matroska file, targets that cannot be written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import Invoke
from media_files import chap, probe_chapters, stream_hash

pytestmark = pytest.mark.timeout(120)


def chapter_rows(invoke: Invoke, path: Path) -> list[tuple[float, str, bool]]:
    result = invoke("list", "--json", "--no-cache", "-f", str(path))
    assert result.exit_code == 0, result.output
    return [
        (c["start_seconds"], c["title"], c["hidden"]) for c in json.loads(result.stdout)["chapters"]
    ]


def test_mp4_with_chpl_only(invoke: Invoke, media: Path, tmp_path: Path) -> None:
    raw = (media / "ffmpeg.m4a").read_bytes().replace(b"tref", b"free")  # no track points to it
    path = tmp_path / "nero.m4a"
    path.write_bytes(raw)
    assert chapter_rows(invoke, path) == [(0, "First", False), (1.234, "Second", False)]
    checked = invoke("check", "-f", str(path))
    assert ("warning: it has a Nero chpl atom but no QuickTime chapter track (what Apple players "
            "read); `chapters embed` writes both [mp4-one-kind]") in checked.stdout  # fmt: skip


def test_matroska_without_mkvtoolnix(invoke: Invoke, media: Path, tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("ffmpeg", "ffprobe"):
        os.symlink(shutil.which(name) or "", tools / name)
    path = tmp_path / "plain.mkv"
    shutil.copy(media / "plain.mkv", path)
    chapters = tmp_path / "c.yaml"
    chapters.write_text('title: T\nchapters:\n- start: "0:00"\n  title: One\n- start: "0:01.5"\n'
                        "  title: Two\n  hidden: true\n- start: 2\n  title: Three\n")  # fmt: skip
    env = {"PATH": str(tools)}
    result = invoke("embed", str(path), "-f", str(chapters), "--no-cache", env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "chapters: warning: Matroska written by ffmpeg (mkvpropedit is not installed) cannot "
        "mark a chapter hidden: the 1 hidden chapters are left out"
    )
    assert stream_hash(path) == stream_hash(media / "plain.mkv")
    assert probe_chapters(path) == [(0, 1500, "One"), (2000, 3006, "Three")]
    listed = invoke("list", "--json", "--no-cache", "-f", str(path), env=env)
    assert [c["title"] for c in json.loads(listed.stdout)["chapters"]] == ["One", "Three"]


def test_a_damaged_matroska_file(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.mkv"
    path.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00" * 64)
    result = invoke("list", "--no-cache", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"chapters: {path}: reading it with ffprobe failed: ")
    assert len(result.stderr.splitlines()) == 1


def test_nested_and_self_listing_tables_of_contents(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.id3 import CTOC, ID3, TIT2

    path = tmp_path / "nested.mp3"
    shutil.copy(media / "plain.mp3", path)
    tags = ID3(path)
    for key, start in (("a", 0), ("b", 1000), ("c", 2000)):
        tags.add(chap(key, start, start + 1000, TIT2(text=[key.upper()])))
    tags.add(CTOC(element_id="top", flags=1, child_element_ids=["a", "part"], sub_frames=[]))
    tags.add(CTOC(element_id="part", flags=0, child_element_ids=["b", "part", "c", "b"],
                  sub_frames=[]))  # fmt: skip
    tags.save()
    assert chapter_rows(invoke, path) == [(0, "A", False), (1, "B", False), (2, "C", False)]


def test_ctoc_out_of_time_order_is_refused_by_name(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.id3 import CTOC, ID3, TIT2

    path = tmp_path / "backwards.mp3"
    shutil.copy(media / "plain.mp3", path)
    tags = ID3(path)
    tags.add(chap("a", 0, 1000, TIT2(text=["A"])))
    tags.add(chap("b", 1000, 2000, TIT2(text=["B"])))
    tags.add(chap("x", 2000, 3000, TIT2(text=["Unlisted"])))
    tags.add(CTOC(element_id="top", flags=3, child_element_ids=["b", "a"], sub_frames=[]))
    tags.save()
    result = invoke("list", "--no-cache", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f'chapters: {path}: chapter 2 "A": starts at 0:00, before chapter 1 '
                             "(0:01): chapters must be in time order\n")  # fmt: skip


def test_an_image_file_is_embedded_and_a_link_linked(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    from mutagen.id3 import ID3

    image = tmp_path / "cover.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    chapters = tmp_path / "c.yaml"
    chapters.write_text(
        f'title: T\nchapters:\n- start: "0:00"\n  title: One\n  image: {image}\n'
        "- start: 1\n  title: Two\n  image: https://example.com/2.png\n"
    )
    path = tmp_path / "art.mp3"
    shutil.copy(media / "plain.mp3", path)
    assert invoke("embed", str(path), "-f", str(chapters), "--no-cache").exit_code == 0
    tags = ID3(path)
    first, second = (tags[f"CHAP:chp{n}"].sub_frames.getall("APIC")[0] for n in (1, 2))
    assert (first.mime, first.data) == ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(32))
    assert (second.mime, second.data) == ("-->", b"https://example.com/2.png")
    result = invoke("list", "--json", "--no-cache", "-f", str(path))
    assert [c["image"] for c in json.loads(result.stdout)["chapters"]] == [
        None, "https://example.com/2.png"]  # fmt: skip


def test_embed_into_a_directory_and_split_refusals(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    into = invoke("embed", str(media / "ffmpeg.mp3"), "-f", str(media / "ffmpeg.mp3"),
                  "-o", str(tmp_path), "--force", "--no-cache")  # fmt: skip
    assert into.exit_code == 2
    assert into.stderr == f"chapters: {tmp_path} is a directory: only a regular file is replaced\n"
    hidden = tmp_path / "hidden.yaml"
    hidden.write_text("title: T\nchapters:\n- start: 0\n  title: Gone\n  hidden: true\n")
    out = tmp_path / "out"
    refused = invoke("split", str(media / "ffmpeg.mp3"), "-f", str(hidden), "-o", str(out),
                     "--no-cache")  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr == ("chapters: every chapter is hidden: use --hidden to split them all "
                              "the same\n")  # fmt: skip
    first = invoke("split", str(media / "ffmpeg.m4b"), "-f", str(media / "ffmpeg.m4b"), "-o",
                   str(out), "--no-cache")  # fmt: skip
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in out.iterdir()) == ["01 - First.m4b", "02 - Second.m4b"]
    again = invoke("split", str(media / "ffmpeg.m4b"), "-f", str(media / "ffmpeg.m4b"), "-o",
                   str(out), "--no-cache")  # fmt: skip
    assert (
        again.stderr
        == f"chapters: {out / '01 - First.m4b'} already exists: use --force to overwrite it\n"
    )
    blocked = tmp_path / "file"
    blocked.write_text("")
    cannot = invoke("split", str(media / "ffmpeg.m4b"), "-f", str(media / "ffmpeg.m4b"), "-o",
                    str(blocked / "sub"), "--no-cache")  # fmt: skip
    assert cannot.stderr == f"chapters: cannot make {blocked / 'sub'}: Not a directory\n"


def test_vorbis_comment_that_is_not_a_time(invoke: Invoke, media: Path, tmp_path: Path) -> None:
    from mutagen.oggvorbis import OggVorbis

    path = tmp_path / "odd.ogg"
    shutil.copy(media / "plain.ogg", path)
    audio = OggVorbis(path)
    for pair in (("CHAPTER001", "00:00:00.000"), ("CHAPTER001NAME", "Good"),
                 ("CHAPTER002", "soon"), ("CHAPTER002NAME", "Bad")):  # fmt: skip
        audio.tags.append(pair)
    audio.save()
    assert chapter_rows(invoke, path) == [(0, "Good", False)]
    imported = invoke("import", str(path))
    assert (
        "CHAPTER002: 'soon' is not a time (HH:MM:SS.mmm); the chapter is left out"
        in imported.stderr
    )


def test_check_a_media_file_without_chapters_and_a_broken_one(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.opus"
    broken.write_bytes(b"OggS" + bytes(100))
    result = invoke("check", "-f", str(media / "plain.flac"), "-f", str(broken))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        str(media / "plain.flac"),
        "error: it has no chapters [load]",
        "could not be loaded: 1 error",
        str(broken),
        "error: an Ogg file of no codec chaptercli reads (Opus, Vorbis, FLAC) [load]",
        "could not be loaded: 1 error",
    ]


def test_chapters_past_the_media_end_load_and_check_flags_them(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    import subprocess

    xml = tmp_path / "late.xml"
    xml.write_text(
        "<?xml version='1.0'?><Chapters><EditionEntry><ChapterAtom><ChapterTimeStart>00:00:00"
        ".000</ChapterTimeStart>"
        "<ChapterDisplay><ChapterString>Now</ChapterString></ChapterDisplay></ChapterAtom>"
        "<ChapterAtom><ChapterTimeStart>25:00:00.000</ChapterTimeStart><ChapterDisplay>"
        "<ChapterString>Tomorrow</ChapterString></ChapterDisplay></ChapterAtom>"
        "</EditionEntry></Chapters>",
        encoding="utf-8",
    )
    path = tmp_path / "late.mkv"
    subprocess.run(["mkvmerge", "-q", "-o", str(path), "--chapters", str(xml),
                    str(media / "plain.mkv")], check=True)  # fmt: skip
    assert chapter_rows(invoke, path) == [(0, "Now", False), (90000, "Tomorrow", False)]
    imported = invoke("import", str(path))
    assert "chapters go past the media's duration (0:03.048): `chapters check` says which" in (
        imported.stderr
    )
    checked = invoke("check", "-f", str(path))
    assert checked.exit_code == 1
    assert ('error: chapter 2 at 25:00:00 "Tomorrow": starts at 25:00:00, at or after the end of '
            "the episode (duration 0:03.048) [past-duration]") in checked.stdout  # fmt: skip


def test_media_is_told_by_its_first_bytes() -> None:
    from chaptercli.media.kinds import kind_of

    assert kind_of(b"\xff\xfb\x90\x64") == "mp3"  # an MPEG-1 layer III frame, no tag
    assert kind_of(b"\xff\xf3\x48\xc4") == "mp3"  # MPEG-2 layer III
    assert kind_of(b"\xff\xfeh\x00i\x00") is None  # UTF-16 text's byte-order mark
    assert kind_of(b"\xff\xfb\xf0\x64") is None  # a bitrate index that does not exist
    assert kind_of(b"\xff\xfb") is None
    assert kind_of(b"\x00\x00\x00\x20ftypM4B ") == "mp4"
    assert kind_of(b"fLaC\x00") == "flac"
    assert kind_of(b"title: x\n") is None


def test_a_tool_that_hangs_fails_or_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from chaptercli.errors import ChapterError
    from chaptercli.media import tools

    monkeypatch.setattr(tools, "TIMEOUT_S", 0.2)
    with pytest.raises(ChapterError) as hung:
        tools.run(["sleep", "5"], "x.mkv", "waiting")
    assert hung.value.message == "x.mkv: waiting took more than 0.2 s and was stopped"
    with pytest.raises(ChapterError) as failed:
        tools.run(["false"], "x.mkv", "failing")
    assert failed.value.message == "x.mkv: failing failed: exit status 1"
    with pytest.raises(ChapterError) as missing:
        tools.run(["/nonexistent/tool"], "x.mkv", "running")
    assert missing.value.message == "x.mkv: cannot run /nonexistent/tool: No such file or directory"


def test_split_with_a_nul_in_the_titles(invoke: Invoke, media: Path, tmp_path: Path) -> None:
    """Found by the attack pass: a NUL in a title went into ffmpeg's arguments and
    crashed split (exit 70) after some files were written. A tag has no NUL."""
    titled = tmp_path / "nul.yaml"
    titled.write_text('title: "x\\0y"\nchapters:\n- start: 0\n  title: "a\\0b"\n'
                      '- start: 1\n  title: ok\n  end: 2\n')  # fmt: skip
    out = tmp_path / "out"
    result = invoke("split", str(media / "plain.mp3"), "-f", str(titled), "-o", str(out),
                    "--no-cache")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["01 - a b.mp3", "02 - ok.mp3"]
    from mutagen.easyid3 import EasyID3

    tags = EasyID3(out / "01 - a b.mp3")
    assert (tags["title"], tags["album"]) == (["ab"], ["xy"])


def test_embed_never_replaces_a_file_made_while_it_worked(
    invoke: Invoke, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the attack pass: the name was checked first and replaced at the end,
    so a file someone made meanwhile was lost. It is now linked into place, which
    fails if the name was taken."""
    from chaptercli.media import embed

    target = tmp_path / "race.mp3"
    written = embed._write

    def then_someone_writes(*args: object) -> None:
        written(*args)  # type: ignore[arg-type]
        target.write_text("someone else's file")

    monkeypatch.setattr(embed, "_write", then_someone_writes)
    result = invoke("embed", str(media / "ffmpeg.mp3"), "-f", str(media / "ffmpeg.mp3"),
                    "-o", str(target), "--no-cache")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == f"chapters: {target} already exists: use --force to overwrite it\n"
    assert target.read_text() == "someone else's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.mp3"]  # no temporary left


def test_split_force_replaces_regular_files_only(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = invoke("split", str(media / "ffmpeg.m4b"), "-f", str(media / "ffmpeg.m4b"), "-o",
                   str(out), "--no-cache")  # fmt: skip
    assert first.exit_code == 0, first.output
    [name, *_] = sorted(out.iterdir())
    assert oct(name.stat().st_mode & 0o777) == oct((media / "ffmpeg.m4b").stat().st_mode & 0o777)
    name.unlink()
    name.symlink_to(tmp_path / "victim.txt")
    again = invoke("split", str(media / "ffmpeg.m4b"), "-f", str(media / "ffmpeg.m4b"), "-o",
                   str(out), "--no-cache", "--force")  # fmt: skip
    assert again.exit_code == 2
    assert again.stderr == f"chapters: {name} is a symbolic link: only a regular file is replaced\n"
    assert name.is_symlink()
