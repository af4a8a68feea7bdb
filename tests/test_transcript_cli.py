"""Transcripts through the commands: search (the second, the chapter, the
speaker, the link; phrases across cues), at, show --transcript and --cite;
paths that would leave the chapters file's folder refused; bad transcripts
named. Piped output byte for byte, JSON shapes, a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_in

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"

ONE = """podcast: Chips Weekly
title: Export rules
url: https://www.youtube.com/watch?v=abc123
duration: "0:30"
transcript: transcripts/one.srt
chapters:
  - start: 0
    title: Welcome
  - start: 0:10
    title: Mail bag
    summary: Listeners ask about export controls
"""
TWO = """title: Podcasting now
url: https://example.com/two.mp3
transcript: two.vtt
chapters:
  - start: 0
    title: Opening
  - start: 0:05
    title: Features
    end: 0:15
"""
THREE = """title: No words
chapters:
  - start: 0
    title: Export silence
    end: 1:00
"""


@pytest.fixture
def library() -> Path:
    """Three episodes in ./lib: two with transcripts (SRT in a subfolder, WebVTT), one without."""
    folder = Path("lib")
    (folder / "transcripts").mkdir(parents=True)
    shutil.copy(FIXTURES / "quirks.srt", folder / "transcripts" / "one.srt")
    shutil.copy(FIXTURES / "voices.vtt", folder / "two.vtt")
    for name, text in (("one", ONE), ("two", TWO), ("three", THREE)):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def piped(*args: str) -> tuple[int, str, str]:
    return run_in(*args, terminal=False)


SEARCH_PIPED = """\
Chips Weekly — Export rules  (lib/one.yaml)
1    0:00         Welcome
     0:00 said    Sarah: Welcome back to the show, where we talk export controls and chips.
                  open at https://www.youtube.com/watch?v=abc123&t=0
2    0:10         Mail bag
          summary Listeners ask about export controls
  0:21.45 said    Gillian: My question is about export controls, again.
                  open at https://www.youtube.com/watch?v=abc123&t=21
"""


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_phrase_is_found_across_cues_with_its_second_chapter_and_link(
    library: Path, cache: list[str]
) -> None:
    # "export" ends the SRT's first cue and "controls" starts its second: one match,
    # at the first cue's second, in chapter 1; the second match is in chapter 2.
    # The same through the index and without it.
    assert piped("search", '"export controls"', "-f", "lib", *cache) == (0, SEARCH_PIPED, "")


def test_search_json_gives_the_field_second_speaker_chapter_and_link(library: Path) -> None:
    status, out, _ = piped("search", '"export controls"', "--in", "transcript", "-f", "lib",
                           "--json")  # fmt: skip
    assert status == 0
    episode = {"number": 1, "podcast": "Chips Weekly", "title": "Export rules",
               "file": "lib/one.yaml"}  # fmt: skip
    assert json.loads(out) == {
        "query": '"export controls"',
        "matches": [
            {"episode": episode, "chapter": 1, "start": "0:00", "field": "transcript",
             "bullet": None,
             "text": "Welcome back to the show, where we talk export controls and chips.",
             "spans": [[40, 55]], "time": "0:00", "time_seconds": 0, "speaker": "Sarah",
             "url": "https://www.youtube.com/watch?v=abc123&t=0"},
            {"episode": episode, "chapter": 2, "start": "0:10", "field": "transcript",
             "bullet": None, "text": "My question is about export controls, again.",
             "spans": [[21, 36]], "time": "0:21.45", "time_seconds": 21.45,
             "speaker": "Gillian", "url": "https://www.youtube.com/watch?v=abc123&t=21"},
        ],
    }  # fmt: skip


def test_words_apart_must_start_in_one_cue(library: Path) -> None:
    status, out, _ = piped("search", "incredible", "features", "--in", "transcript",
                           "-f", "lib", "--json")  # fmt: skip
    [match] = json.loads(out)["matches"]
    assert (status, match["speaker"], match["time_seconds"], match["chapter"]) == (
        0, "Tom Smith", 5, 2)  # fmt: skip
    assert match["spans"] == [[27, 35], [40, 50]]
    assert piped("search", "welcome", "gillian", "--in", "transcript", "-f", "lib") == (
        1, "", "chapters: nothing matches 'welcome gillian'\n")  # fmt: skip


def test_only_chapters_when_asked_and_outputs_without_transcripts_unchanged(
    library: Path,
) -> None:
    expected = (
        "Chips Weekly — Export rules  (lib/one.yaml)\n"
        "       episode Export rules\n"
        "2 0:10         Mail bag\n"
        "       summary Listeners ask about export controls\n"
        "\n"
        "No words  (lib/three.yaml)\n"
        "1 0:00 title Export silence\n"
    )
    fields = ["--in", "title", "--in", "summary", "--in", "bullets", "--in", "episode"]
    assert piped("search", "export", *fields, "-f", "lib") == (0, expected, "")


def test_cite_prints_markdown_quotes_with_speaker_episode_time_and_link(library: Path) -> None:
    status, out, _ = piped("search", '"export controls"', "--cite", "-f", "lib")
    assert status == 0
    assert out == (
        "> **Sarah:** Welcome back to the show, where we talk export controls and chips.\n"
        ">\n"
        "> — Chips Weekly, Export rules, *Welcome*, "
        "[0:00](<https://www.youtube.com/watch?v=abc123&t=0>)\n"
        "\n"
        "> Listeners ask about export controls\n"
        ">\n"
        "> — Chips Weekly, Export rules, *Mail bag*, "
        "[0:10](<https://www.youtube.com/watch?v=abc123&t=10>)\n"
        "\n"
        "> **Gillian:** My question is about export controls, again.\n"
        ">\n"
        "> — Chips Weekly, Export rules, *Mail bag*, "
        "[0:21.45](<https://www.youtube.com/watch?v=abc123&t=21>)\n"
    )


def test_cite_escapes_markdown_and_links_only_the_web(tmp_path: Path) -> None:
    (tmp_path / "t.vtt").write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v [Eve](javascript:x)>1. *see* <b>me</b>\n",
        encoding="utf-8",
    )
    (tmp_path / "e.yaml").write_text(
        "title: '![img](x)'\nurl: 'javascript:alert(1)'\ntranscript: t.vtt\n"
        "chapters:\n  - start: 0\n    title: _a_\n",
        encoding="utf-8",
    )
    status, out, _ = piped("search", "see", "--cite", "-f", str(tmp_path / "e.yaml"))
    assert (status, out) == (0, (
        "> **\\[Eve\\]\\(javascript:x\\):** 1\\. \\*see\\* me\n"
        ">\n"
        "> — \\!\\[img\\]\\(x\\), *\\_a\\_*, 0:01\n"
    ))  # fmt: skip


def test_at_shows_what_was_being_said(library: Path) -> None:
    assert piped("at", "0:12", "-f", "lib/two.yaml") == (0, (
        "0:12 is 0:07 into chapter 2 of 2, 0:03 left\n"
        "2 0:05 Features\n"
        "open at https://example.com/two.mp3#t=12\n"
        "said then:\n"
        "0:10 Tom Smith: It's amazing <really>.\n"
    ), "")  # fmt: skip
    status, out, _ = piped("at", "0:12", "-f", "lib/two.yaml", "--json")
    assert status == 0
    assert json.loads(out)["transcript"] == [
        {"start": "0:10", "start_seconds": 10, "end_seconds": 15, "speaker": "Tom Smith",
         "text": "It's amazing <really>."}
    ]  # fmt: skip
    status, out, _ = piped("at", "0:17", "-f", "lib/one.yaml", "--json")
    assert status == 0
    assert json.loads(out)["transcript"] == []  # a pause between cues


def test_at_is_unchanged_for_an_episode_without_a_transcript(library: Path) -> None:
    status, out, _ = piped("at", "0:12", "-f", "lib/three.yaml", "--json")
    assert status == 0
    assert "transcript" not in json.loads(out)
    assert piped("at", "0:12", "-f", "lib/three.yaml") == (0, (
        "0:12 is 0:12 into chapter 1 of 1, 0:48 left\n"
        "1 0:00 Export silence\n"
    ), "")  # fmt: skip


def test_at_across_a_library_gives_each_episode_its_words(library: Path) -> None:
    status, out, _ = piped("at", "0:03", "-f", "lib", "--json")
    assert status == 0
    said = {item["episode"]["title"]: item.get("transcript") for item in json.loads(out)}
    assert said == {
        "Export rules": [{"start": "0:02.76", "start_seconds": 2.76, "end_seconds": 6.09,
                          "speaker": "Sarah", "text": "controls and chips."}],
        "No words": None,
        "Podcasting now": [{"start": "0:00", "start_seconds": 0, "end_seconds": 5,
                            "speaker": "John",
                            "text": "Podcasting 2.0 is really changing the game."}],
    }  # fmt: skip


def test_show_transcript_prints_the_chapter_with_times_and_speakers(library: Path) -> None:
    assert piped("show", "2", "--transcript", "-f", "lib/one.yaml") == (0, (
        "2. Mail bag\n"
        "0:10 – 0:30 (0:20)  chapter 2 of 2\n"
        "\n"
        "Listeners ask about export controls\n"
        "\n"
        "said (2 cues):\n"
        "0:19.08 Gillian: Hi, Gillian here.\n"
        "0:21.45 Gillian: My question is about export controls, again.\n"
    ), "")  # fmt: skip
    status, out, _ = piped("show", "2", "--transcript", "-f", "lib/one.yaml", "--json")
    assert status == 0
    assert [cue["text"] for cue in json.loads(out)["transcript"]] == [
        "Hi, Gillian here.", "My question is about export controls, again."]  # fmt: skip
    status, out, _ = piped("show", "2", "-f", "lib/one.yaml", "--json")
    assert status == 0
    assert "transcript" not in json.loads(out)


def test_show_transcript_of_an_episode_without_one_says_so(library: Path) -> None:
    assert piped("show", "1", "--transcript", "-f", "lib/three.yaml") == (2, "", (
        "chapters: No words has no transcript: add `transcript:` to its chapters file, with "
        "the path of an SRT, WebVTT, JSON or HTML transcript next to it\n"
    ))  # fmt: skip


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/etc/passwd", "'transcript' must be a path relative to this file's folder, not "
         "'/etc/passwd': an absolute path is refused"),
        ("../secret.srt", "'transcript' must stay inside this file's folder: '../secret.srt' "
         "climbs out with '..'"),
        ("sub/../../x.srt", "'transcript' must stay inside this file's folder: "
         "'sub/../../x.srt' climbs out with '..'"),
        ("https://example.com/t.vtt", "'transcript' must be a file in this file's folder, not "
         "'https://example.com/t.vtt': download it (`chapters feed` does) and give its path"),
        ("C:/t.srt", "'transcript' must be a path relative to this file's folder, not "
         "'C:/t.srt': an absolute path is refused"),
        ("a\\\\..\\\\t.srt", "'transcript' must be a path with / between folders (no "
         "backslashes or NUL characters)"),
        ("' '", "'transcript' is empty: give the transcript file's path, relative to this file"),
    ],
)  # fmt: skip
def test_transcript_paths_out_of_the_folder_are_refused(
    tmp_path: Path, path: str, problem: str
) -> None:
    episode = tmp_path / "e.yaml"
    episode.write_text(f"title: T\ntranscript: {path}\nchapters:\n  - start: 0\n    title: a\n",
                       encoding="utf-8")  # fmt: skip
    assert piped("list", "-f", str(episode)) == (2, "", f"chapters: {episode}: line 2: {problem}\n")


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.srt"
    outside.write_text("1\n00:00:01,000 --> 00:00:02,000\nsecret words\n", encoding="utf-8")
    folder = tmp_path / "show"
    folder.mkdir()
    os.symlink(outside, folder / "t.srt")
    episode = folder / "e.yaml"
    episode.write_text("title: T\ntranscript: t.srt\nchapters:\n  - start: 0\n    title: a\n",
                       encoding="utf-8")  # fmt: skip
    assert piped("search", "secret", "-f", str(episode)) == (2, "", (
        f"chapters: {episode}: 'transcript' 't.srt' leads outside this file's folder "
        "(through a symbolic link): refused\n"
    ))  # fmt: skip


def test_a_bad_transcript_is_the_answer_for_one_episode_and_skipped_in_a_library(
    library: Path,
) -> None:
    Path("lib/two.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:99.000\nagain\n", encoding="utf-8")
    message = "lib/two.vtt: line 3: minutes and seconds must be 0-59 in 00:99"
    assert piped("search", "again", "-f", "lib/two.yaml") == (2, "", f"chapters: {message}\n")
    status, out, err = piped("search", "again", "-f", "lib")
    assert (status, err) == (3, f"chapters: warning: transcript skipped: {message}\n")
    assert "Gillian: My question is about export controls, again." in out
    # A search parses only the transcripts whose text holds its words.
    assert piped("search", "chips", "--in", "transcript", "-f", "lib")[0::2] == (0, "")
    Path("lib/two.vtt").unlink()
    assert piped("at", "0:01", "-f", "lib/two.yaml") == (
        2,
        "",
        "chapters: lib/two.vtt: no such file\n",
    )
    # Found by the attack pass: a folder was "not a chapters file".
    Path("lib/two.vtt").mkdir()
    assert piped("at", "0:01", "-f", "lib/two.yaml") == (
        2,
        "",
        "chapters: lib/two.vtt: is a directory, not a transcript\n",
    )


def test_a_real_process_searches_transcripts(library: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chaptercli", "search", '"export controls"', "-f", "lib"],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, SEARCH_PIPED, "")


def test_words_said_between_chapters_belong_to_the_chapter_before(tmp_path: Path) -> None:
    (tmp_path / "t.srt").write_text(
        "1\n00:00:00,000 --> 00:00:01,000\nearly word\n\n"
        "2\n00:00:10,000 --> 00:00:11,000\ngap word\n",
        encoding="utf-8",
    )
    (tmp_path / "e.yaml").write_text(
        "title: T\ntranscript: t.srt\nchapters:\n  - start: 0:05\n    end: 0:08\n    title: a\n"
        "  - start: 0:20\n    title: b\n",
        encoding="utf-8",
    )
    status, out, _ = piped("search", "word", "-f", str(tmp_path / "e.yaml"), "--json")
    assert status == 0
    found = [(m["chapter"], m["time_seconds"]) for m in json.loads(out)["matches"]]
    assert found == [(1, 0), (1, 10)]


def test_a_pattern_may_end_on_the_space_between_cues(library: Path) -> None:
    status, out, _ = piped("search", "-E", r"export\s", "--in", "transcript", "-f",
                           "lib/one.yaml", "--json")  # fmt: skip
    assert status == 0
    assert [(m["text"], m["spans"]) for m in json.loads(out)["matches"]] == [
        # The space it ends on is between two cues: the match stays in the first.
        ("Welcome back to the show, where we talk export", [[40, 46]]),
        ("My question is about export controls, again.", [[21, 28]]),
    ]


def test_at_across_a_library_skips_a_bad_transcript(library: Path) -> None:
    Path("lib/two.vtt").write_text("no transcript\n", encoding="utf-8")
    status, out, err = piped("at", "0:03", "-f", "lib")
    assert (status, err) == (3, (
        "chapters: warning: transcript skipped: lib/two.vtt: not a transcript this tool reads: "
        'expected SRT, WebVTT, the Podcasting 2.0 JSON ({"segments": …}) or HTML (<cite>, '
        "<time>, <p>)\n"
    ))  # fmt: skip
    assert "0:02.76 Sarah: controls and chips." in out


def test_a_transcript_cannot_be_found_from_standard_input(library: Path) -> None:
    from typer.testing import CliRunner

    from chaptercli.cli import app

    result = CliRunner().invoke(app, ["search", "x", "-f", "-"], input=ONE)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "chapters: <stdin>: its transcript cannot be found: a transcript's path is relative to "
        "the chapters file, and standard input has no folder (give the file with -f)\n"
    )


def test_the_path_is_checked_again_when_the_transcript_is_opened() -> None:
    from chaptercli.errors import DataError
    from chaptercli.transcripts.place import transcript_file

    with pytest.raises(DataError) as caught:
        transcript_file("show/e.yaml", "../t.srt")
    assert caught.value.lines() == [
        "show/e.yaml: 'transcript' must stay inside this file's folder: '../t.srt' climbs out "
        "with '..'"
    ]


def test_a_file_gone_since_the_index_read_it_has_no_transcript(library: Path) -> None:
    from chaptercli import library as libraries
    from chaptercli.transcripts.shelf import Transcripts

    loaded = libraries.load([library])
    assert loaded.from_index
    shelf = Transcripts(loaded)
    [one] = [entry for entry in loaded.entries if entry.title == "Export rules"]
    [three] = [entry for entry in loaded.entries if entry.title == "No words"]
    assert (shelf.path(one), shelf.path(three)) == ("transcripts/one.srt", None)
    Path("lib/two.yaml").unlink()
    [two] = [entry for entry in loaded.entries if entry.title == "Podcasting now"]
    assert shelf.path(two) is None
    loaded.close()


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"title: T\ntranscript: a b.vtt\nchapters: []\n", "a b.vtt"),
        (b"transcript: x.vtt\r\ntitle: T\r\n", "x.vtt"),
        (b"transcript: x.vtt", "x.vtt"),
        (b'transcript: "x.vtt"\n', None),
        (b"transcript: x.vtt # a comment\n", None),
        (b"transcript: x\n  continued.vtt\n", None),
        (b"transcript:\n  x.vtt\n", None),
        (b"episodes:\n- transcript: x.vtt\n", None),
        (b"transcript: x.vtt\nchapters:\n- title: a\n  transcript: y\ntranscript: z\n", None),
        (b"transcript: \xff.vtt\n", None),
    ],
)
def test_a_plain_transcript_line_is_read_without_parsing_the_file(
    raw: bytes, path: str | None
) -> None:
    from chaptercli.transcripts.shelf import _plain_path

    assert _plain_path(raw) == path


def test_an_index_served_library_finds_every_kind_of_transcript_key(tmp_path: Path) -> None:
    from chaptercli import library as libraries
    from chaptercli.transcripts.shelf import Transcripts

    chapters = "chapters:\n  - start: 0\n    title: a\n"
    (tmp_path / "quoted.yaml").write_text(f'title: Q\ntranscript: "q.vtt"\n{chapters}',
                                          encoding="utf-8")  # fmt: skip
    (tmp_path / "wide.yaml").write_text(f"title: W\ntranscript: w.vtt\n{chapters}",
                                        encoding="utf-16")  # fmt: skip
    (tmp_path / "two.yaml").write_text(
        "episodes:\n  - title: A\n    transcript: a.vtt\n    chapters: [{start: 0, title: a}]\n"
        "  - title: B\n    chapters: [{start: 0, title: b}]\n",
        encoding="utf-8",
    )
    loaded = libraries.load([tmp_path])
    assert loaded.from_index
    shelf = Transcripts(loaded)
    assert {entry.title: shelf.path(entry) for entry in loaded.entries} == {
        "Q": "q.vtt", "W": "w.vtt", "A": "a.vtt", "B": None}  # fmt: skip
    loaded.close()


@pytest.mark.parametrize(
    ("words", "text", "held"),
    [
        (["export"], "WEBVTT\n\n00:00.000 --> 00:01.000\nEXPORT", True),
        (["export"], "WEBVTT\n\n00:00.000 --> 00:01.000\nimport", False),
        (["caf"], "<p>caf&#233;</p>", True),  # entities may spell letters: parse it
        (["llama's"], "no llamas", True),  # not letters and digits alone: parse it
        (["import", "export"], "import only", False),
    ],
)
def test_a_search_parses_only_transcripts_that_may_hold_its_words(
    words: list[str], text: str, held: bool
) -> None:
    from chaptercli.search import Matcher
    from chaptercli.transcripts.spoken import may_hold

    assert may_hold(Matcher(words), text) is held
    assert may_hold(Matcher(["nothing"], regex=True), text) is True
