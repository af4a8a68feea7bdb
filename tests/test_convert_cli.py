"""`export`, `import` and `check` through the command line; `-o` never half-writes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import BUNDLED, SEED, two_way
from typer.testing import Result

from chaptercli.errors import ChapterError
from chaptercli.files import write_atomic

Write = Callable[..., Path]


def test_import_of_the_seed_is_exactly_the_bundled_yaml(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("import", str(SEED))
    assert result.exit_code == 0, result.output
    assert result.stdout == BUNDLED.read_text(encoding="utf-8")
    out = tmp_path / "episode.yaml"
    assert invoke("import", str(SEED), "-o", str(out)).exit_code == 0
    assert out.read_bytes() == BUNDLED.read_bytes()


def test_export_to_stdout_warns_once_about_what_is_dropped(invoke: Invoke) -> None:
    result = invoke("export", "--to", "youtube")
    assert result.exit_code == 0
    assert result.stdout.split("\n")[:2] == [
        "0:00 Llama 4: what’s new, why efficiency matters, and the path to Behemoth",
        "4:01 Benchmarks vs real users: reasoning models, latency trade-offs, and “gameable” "
        "leaderboards",
    ]
    assert result.stderr == (
        "chapters: warning: youtube cannot carry the episode's title, podcast name, summaries, "
        "bullets, end times: they were left out\n"
    )
    quiet = invoke("export", "--to", "youtube", "--quiet")
    assert quiet.stderr == "" and quiet.stdout == result.stdout
    assert invoke("export", "--to", "yaml").stderr == ""  # nothing lost, nothing said


@pytest.mark.parametrize("name", two_way())
def test_export_then_import_through_files(invoke: Invoke, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"chapters.{name}"
    assert invoke("export", "--to", name, "-o", str(path), "-q").exit_code == 0
    back = invoke("import", str(path))  # its format detected
    assert back.exit_code == 0, back.output
    listed = invoke("list", "-f", str(write_yaml(tmp_path, name, back.stdout)), "--json")
    titles = [c["title"] for c in json.loads(listed.stdout)["chapters"]]
    assert titles[7].startswith("DeepSeek, China, and the power bottleneck")
    assert len(titles) == 15


def write_yaml(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_from_stdin_and_named_format(invoke: Invoke) -> None:
    from typer.testing import CliRunner

    from chaptercli.cli import app

    result = CliRunner().invoke(app, ["import", "-", "--from", "youtube"], input="0:00 A\n1:00 B\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        'title: Imported chapters\nchapters:\n- start: "0:00"\n  end: "1:00"\n  title: A\n'
        '- start: "1:00"\n  title: B\n'
    )


def test_import_of_unknown_content_exits_2(invoke: Invoke, write: Write) -> None:
    path = write("nothing to see here\n", "notes.txt")
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"chapters: {path}: cannot tell which chapter format this is; expected one of these"
    )
    assert "  webvtt: WEBVTT, then cues" in result.stderr


def usage_error(result: Result) -> str:
    """The message of a usage error, out of the box Typer draws around it."""
    assert result.exit_code == 2
    assert result.stdout == ""
    return " ".join(line.strip("│ ") for line in result.stderr.splitlines()[3:-1])


def test_format_and_platform_names_are_choices(invoke: Invoke, write: Write) -> None:
    path = str(write("0:00 a\n1:00 b\n", "notes.txt"))
    both = (
        "ffmetadata, webvtt, podcast2, apple-hls, podlove-json, json, psc, matroska, "
        "apple-chapters, vorbiscomment, ogm, cue, audacity, mp4chaps, shownotes, yaml, youtube"
    )
    readable = (
        "ffmetadata, webvtt, podcast2, ytdlp, ffprobe, apple-hls, podlove-json, json, psc, "
        "matroska, apple-chapters, vorbiscomment, ogm, pyscenedetect, cue, audacity, mp4chaps, "
        "shownotes, yaml, youtube"
    )
    assert invoke("import", path, "--from", "srt").stderr == (
        f"chapters: invalid value for '--from': unknown format 'srt': choose one of "
        f"{readable} (see chapters import -h)\n"
    )
    assert invoke("import", path, "--from", "markdown").stderr == (
        "chapters: invalid value for '--from': markdown can only be written, not read "
        "(see chapters import -h)\n"
    )
    assert invoke("export", "--to", "vtx").stderr == (
        "chapters: invalid value for '--to': unknown format 'vtx' (did you mean webvtt?): "
        f"choose one of {both}, markdown (see chapters export -h)\n"
    )
    assert invoke("export", "--to", "yt-dlp").stderr == (
        "chapters: invalid value for '--to': ytdlp can only be read, not written "
        "(see chapters export -h)\n"
    )
    assert invoke("check", "--for", "myspace").stderr == (
        "chapters: invalid value for '--for': unknown platform 'myspace': choose one of "
        "youtube, spotify, podcast2, webvtt (see chapters check -h)\n"
    )


@pytest.mark.parametrize(
    ("typed", "name"),
    [("VTT", "webvtt"), ("WebVTT", "webvtt"), ("ffmeta", "ffmetadata"), ("FFMPEG", "ffmetadata"),
     ("chapters.json", "podcast2"), ("Podlove", "psc"), ("yml", "yaml"), ("md", "markdown")],
)  # fmt: skip
def test_format_names_in_any_case_and_by_their_common_names(
    invoke: Invoke, typed: str, name: str
) -> None:
    assert invoke("export", "--to", typed, "-q").stdout == invoke("export", "--to", name).stdout


def test_platform_names_in_any_case(invoke: Invoke) -> None:
    result = invoke("check", "--for", "YouTube")
    assert (result.exit_code, result.stdout) == (0, "15 chapters checked for youtube: 0 errors\n")


def test_import_errors_name_the_file(invoke: Invoke, write: Write) -> None:
    path = write("WEBVTT\n\n00:10.000 --> 00:05.000\nbackwards\n", "bad.vtt")
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f'chapters: {path}: chapter 1 "backwards": end 0:05 is not after start 0:10\n'
    )
    missing = invoke("import", "/nonexistent/x.vtt")
    assert missing.stderr == "chapters: /nonexistent/x.vtt: no such file\n"


def test_export_needing_ends_of_an_open_episode(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n- {start: '0:00', title: a}\n- {start: '1:00', title: b}\n")
    result = invoke("export", "--to", "webvtt", "-f", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'chapters: webvtt needs an end for every chapter, and chapter 2 "b" has none: the '
        "episode's duration is missing (add `duration:` to the episode, or an `end:` to its "
        "last chapter)\n"
    )


def test_output_file_is_never_overwritten_without_force(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "chapters.vtt"
    out.write_text("precious", encoding="utf-8")
    refused = invoke("export", "--to", "webvtt", "-o", str(out))
    assert refused.exit_code == 2
    assert refused.stderr == f"chapters: {out} already exists: use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "precious"
    assert invoke("export", "--to", "webvtt", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("WEBVTT\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chapters.vtt"]


def test_output_into_a_missing_directory(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", "--to", "ogm", "-o", str(tmp_path / "no" / "such.txt"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "No such file or directory" in result.stderr


@pytest.mark.parametrize("fails_in", ["write", "fsync", "replace"])
def test_interrupted_write_leaves_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails_in: str
) -> None:
    target = tmp_path / "episode.yaml"
    target.write_text("old", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if fails_in == "write":
        real_fdopen = os.fdopen

        class HalfWritten:
            """A stream that writes a little, then fails as a full disk does."""

            def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
                self.stream = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *exc: object) -> None:
                self.stream.close()

            def write(self, text: str) -> None:
                self.stream.write(text[:100])
                self.stream.flush()
                broken()

        monkeypatch.setattr(os, "fdopen", HalfWritten)
    else:
        monkeypatch.setattr(os, fails_in, broken)
    with pytest.raises(ChapterError, match="No space left on device"):
        write_atomic(target, "new " * 10_000, force=True)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.yaml"]


def test_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    old_umask = os.umask(0o022)
    try:
        write_atomic(target, "x")
    finally:
        os.umask(old_umask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_check_bundled_episode_is_clean_for_youtube(invoke: Invoke) -> None:
    result = invoke("check", "--for", "youtube")
    assert result.exit_code == 0
    assert result.stdout == "15 chapters checked for youtube: 0 errors\n"


def test_check_reports_each_broken_rule(invoke: Invoke, write: Write) -> None:
    path = write(
        "title: T\nchapters:\n- {start: '0:05', end: '0:08', title: Intro}\n"
        "- {start: '0:30', title: ''}\n- {start: '0:30', title: Again}\n"
        "- {start: '0:20', end: '0:25', title: Back}\n"
    )
    result = invoke("check", "--for", "youtube", "-f", str(path))
    assert result.exit_code == 1
    assert result.stdout.split("\n") == [
        'info: chapter 2 at 0:30 "": starts at 0:30, 0:22 after chapter 1 ends: nothing plays '
        "in between [gap]",
        'error: chapter 2 at 0:30 "": has no title [empty-title]',
        'error: chapter 3 at 0:30 "Again": starts at 0:30, the same time as chapter 2 [same-start]',
        'error: chapter 4 at 0:20 "Back": starts at 0:20, before chapter 3 (0:30): chapters '
        "must be in time order [order]",
        'error: chapter 1 at 0:05 "Intro": youtube: the first chapter must start at 0:00, '
        "this one starts at 0:05 [youtube-first-at-zero]",
        'error: chapter 1 at 0:05 "Intro": youtube: chapters must be at least 10 s long, this '
        "one is 0:03 [youtube-min-length]",
        'error: chapter 4 at 0:20 "Back": youtube: chapters must be at least 10 s long, this '
        "one is 0:05 [youtube-min-length]",
        "4 chapters checked for youtube: 6 errors, 1 info",
        "",
    ]


def test_check_json_and_platforms(invoke: Invoke, write: Write) -> None:
    path = write(
        "title: T\nchapters:\n"
        "- {start: '0:00', title: A title that is far too long for Spotify to like}\n"
        "- {start: '0:20', title: b}\n"
    )
    result = invoke("check", "--for", "spotify", "-f", str(path), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [p["rule"] for p in problems] == [
        "spotify-min-chapters", "spotify-short", "spotify-long-title",
    ]  # fmt: skip
    assert problems[1] == {
        "file": str(path),
        "severity": "warning",
        "rule": "spotify-short",
        "chapter": 1,
        "start": "0:00",
        "title": "A title that is far too long for Spotify to like",
        "message": "spotify: advises chapters of at least 30 s long, this one is 0:20",
    }
    webvtt = invoke("check", "--for", "webvtt", "-f", str(path), "--json")
    assert [p["rule"] for p in json.loads(webvtt.stdout)] == ["webvtt-end"]
    podcast2 = invoke("check", "--for", "podcast2", "-f", str(path))
    assert (podcast2.exit_code, podcast2.stdout) == (
        0,
        "2 chapters checked for podcast2: 0 errors\n",
    )


def test_check_warnings_alone_exit_0(invoke: Invoke) -> None:
    result = invoke("check", "--for", "spotify")
    assert result.exit_code == 0
    assert result.stdout.endswith("15 chapters checked for spotify: 0 errors, 15 warnings\n")


def test_check_reports_a_broken_field_as_a_problem(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n- {start: 'soon', title: a}\n")
    result = invoke("check", "-f", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        "error: line 3: chapter 1 \"a\": bad 'start': not a time: 'soon' (expected SS, M:SS, "
        "H:MM:SS, 3765s or 1h2m45s) [load]\ncould not be loaded: 1 error\n"
    )


def test_output_onto_a_directory(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", "--to", "ogm", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert (
        result.stderr == f"chapters: {tmp_path} is a directory: only a regular file is replaced\n"
    )


def test_file_created_meanwhile_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    real_link = os.link

    def someone_else_was_first(source: str, destination: Path) -> None:
        Path(destination).write_text("theirs", encoding="utf-8")
        real_link(source, destination)  # now fails: the name is taken

    monkeypatch.setattr(os, "link", someone_else_was_first)
    with pytest.raises(ChapterError, match="already exists: use --force"):
        write_atomic(target, "mine")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("taken", [False, True])
def test_file_system_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: bool
) -> None:
    target = tmp_path / "out.txt"

    def no_links(source: str, destination: Path) -> None:
        if taken:
            Path(destination).write_text("theirs", encoding="utf-8")
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    if taken:
        with pytest.raises(ChapterError, match="already exists"):
            write_atomic(target, "mine")
        assert target.read_text(encoding="utf-8") == "theirs"
    else:
        write_atomic(target, "mine")
        assert target.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
