"""Bad media: one clear message naming the file and its problem, a non-zero exit,
never a traceback or a hang; and the missing tools and extra, named."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke
from media_files import chap

pytestmark = pytest.mark.timeout(60)


def refused(invoke: Invoke, path: Path) -> str:
    result = invoke("list", "--no-cache", "-f", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


def test_truncated_mp4(invoke: Invoke, media: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.m4b"
    path.write_bytes((media / "ffmpeg.m4b").read_bytes()[:3000])
    assert refused(invoke, path).startswith(f"chapters: {path}: not a readable MP4 file: ")


def test_an_id3_tag_claiming_256_mib(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "huge.mp3"
    path.write_bytes(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f" + bytes(100))  # the most ID3 can say
    assert refused(invoke, path) == (
        f"chapters: {path}: not a readable MP3 file: its tags claim more than the file holds\n"
    )


def test_an_mp4_atom_claiming_2_gib(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "huge.m4a"
    path.write_bytes(
        b"\x00\x00\x00\x10ftypM4A \x00\x00\x02\x00" + b"\x7f\xff\xff\xffmoov" + bytes(64)
    )
    assert refused(invoke, path).startswith(f"chapters: {path}: not a readable MP4 file: ")


def test_an_mp3_without_frames(invoke: Invoke, tmp_path: Path) -> None:
    from mutagen.id3 import ID3, TIT2

    path = tmp_path / "tag-only.mp3"
    tags = ID3()
    tags.add(chap("a", 0, 1000, TIT2(text=["One"])))
    tags.save(path)
    assert refused(invoke, path) == (
        f"chapters: {path}: not a readable MP3 file: can't sync to MPEG frame\n"
    )


def test_zero_length_and_same_start_chapters(invoke: Invoke, media: Path, tmp_path: Path) -> None:
    from mutagen.id3 import ID3, TIT2

    path = tmp_path / "zero.mp3"
    shutil.copy(media / "plain.mp3", path)
    tags = ID3(path)
    tags.add(chap("a", 1000, 1000, TIT2(text=["Empty"])))
    tags.add(chap("b", 1000, 2000, TIT2(text=["Full"])))
    tags.save(path)
    assert refused(invoke, path) == (
        f'chapters: {path}: chapter 2 "Empty": starts at 0:01, the same time as chapter 1\n'
    )


def test_a_text_file_named_mp3(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "notes.mp3"
    path.write_text("just some words\nwith no times\n")
    assert refused(invoke, path).startswith(
        f"chapters: {path}: cannot tell which chapter format this is"
    )


def test_media_on_standard_input(media: Path) -> None:
    from typer.testing import CliRunner

    from chaptercli.cli import app

    raw = (media / "ffmpeg.mp3").read_bytes()
    result = CliRunner().invoke(app, ["list", "-f", "-"], input=raw)
    assert result.exit_code == 2
    assert result.stderr == (
        "chapters: <stdin>: media cannot be read from standard input: name the file with -f\n"
    )


def test_embed_that_cannot_write_leaves_nothing(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    out = tmp_path / "missing" / "out.mp3"
    result = invoke("embed", str(media / "ffmpeg.mp3"), "-f", str(media / "ffmpeg.m4b"),
                    "-o", str(out), "--no-cache")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == f"chapters: cannot write {out}: No such file or directory\n"
    assert list(tmp_path.iterdir()) == []


def test_without_mutagen_the_extra_is_named(
    invoke: Invoke, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "mutagen" or m.startswith("mutagen.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "mutagen", None)
    result = invoke("list", "--no-cache", "-f", str(media / "ffmpeg.opus"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {media / 'ffmpeg.opus'}: reading chapters from media needs media support, "
        "which is not installed: pip install 'chaptercli[media]'\n"
    )


def test_without_ffprobe_the_tool_and_command_are_named(
    invoke: Invoke, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg, no mkvtoolnix
    result = invoke("list", "--no-cache", "-f", str(media / "ffmpeg.mkv"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {media / 'ffmpeg.mkv'}: ffprobe is not installed (not found on PATH): reading "
        "Matroska chapters needs it; install the ffmpeg package\n"
    )
    split = invoke("split", str(media / "ffmpeg.mp3"), "-f", str(media / "ffmpeg.mp3"),
                   "-o", str(tmp_path / "out"), "--no-cache")  # fmt: skip
    assert split.stderr == (
        "chapters: ffmpeg is not installed (not found on PATH): chapters split needs it; "
        "install the ffmpeg package\n"
    )


def test_a_real_process_on_bad_media(tmp_path: Path) -> None:
    path = tmp_path / "bad.opus"
    path.write_bytes(b"OggS" + bytes(200))
    done = subprocess.run([sys.executable, "-m", "chaptercli", "list", "--no-cache", "-f",
                           str(path)], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (f"chapters: {path}: an Ogg file of no codec chaptercli reads "
                           "(Opus, Vorbis, FLAC)\n")  # fmt: skip


def test_a_truncated_opus_file_loads_without_a_length(
    invoke: Invoke, media: Path, tmp_path: Path
) -> None:
    """Found by the attack pass: mutagen gives a half-downloaded Opus file a negative
    length, which crashed every command of its library (exit 70). Its chapters are
    in its first page of tags: they load, the length is not known."""
    path = tmp_path / "cut.opus"
    path.write_bytes((media / "ffmpeg.opus").read_bytes()[:3000])
    result = invoke("list", "--no-cache", "--json", "-f", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["duration_seconds"] is None
    assert [c["start_seconds"] for c in data["chapters"]][:1] == [0]
