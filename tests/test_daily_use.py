"""What a person hits in the first hour, through the CLI with exact output: check
over a directory, references that are times or words, timeline's --at and
--width, and -o - for stdout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import BUNDLED

Write = Callable[..., Path]

BROKEN = 'title: T\nchapters:\n- {start: "9:00", title: a}\n- {start: "1:00", title: 5}\n'


@pytest.fixture
def checked_dir(tmp_path: Path) -> Path:
    (tmp_path / "a-bad.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "b-good.yaml").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "c-syntax.yaml").write_text("title: [\n", encoding="utf-8")
    return tmp_path


def test_check_a_directory_checks_every_file(invoke: Invoke, checked_dir: Path) -> None:
    result = invoke("check", "-f", str(checked_dir))
    assert result.exit_code == 1
    assert result.stdout.split("\n") == [
        f"{checked_dir}/a-bad.yaml",
        "error: line 4: chapter 2: 'title' must be text, not a number (5) (quote it) [load]",
        'error: line 4: chapter 2 "": starts at 1:00, before chapter 1 (9:00): chapters must be in '
        "time order [load]",
        "could not be loaded: 2 errors",
        f"{checked_dir}/b-good.yaml",
        "15 chapters checked: 0 errors",
        f"{checked_dir}/c-syntax.yaml",
        "error: line 2, column 1: YAML syntax error: did not find expected node content [load]",
        "could not be loaded: 1 error",
        "",
    ]
    # The same problems `list` names for the broken file.
    listed = invoke("list", "-f", str(checked_dir / "a-bad.yaml"))
    assert listed.stderr.count("\n") == 2


def test_check_json_names_each_problems_file(invoke: Invoke, checked_dir: Path) -> None:
    result = invoke("check", "-f", str(checked_dir), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["file"].rsplit("/", 1)[1], p["rule"], p["chapter"]) for p in problems] == [
        ("a-bad.yaml", "load", None), ("a-bad.yaml", "load", None), ("c-syntax.yaml", "load", None)
    ]  # fmt: skip
    assert problems[2]["message"] == (
        "line 2, column 1: YAML syntax error: did not find expected node content"
    )


def test_a_ref_with_a_colon_is_a_time(invoke: Invoke) -> None:
    result = invoke("show", "1:75")
    assert result.exit_code == 2
    assert result.stderr == "chapters: minutes and seconds must be 0-59 in '1:75'\n"
    assert invoke("at", "1:75").stderr == result.stderr


@pytest.mark.parametrize("words", ["glasses", "controls", "behemoth", "thoughts"])
def test_title_words_ending_like_units_are_words_in_a_library(
    invoke: Invoke, tmp_path: Path, words: str
) -> None:
    (tmp_path / "one.yaml").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "two.yaml").write_text(
        "title: Other\nchapters:\n- {start: '0:00', title: Something else}\n", encoding="utf-8"
    )
    result = invoke("show", words, "-f", str(tmp_path), "--json")
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        assert words[:5] in json.loads(result.stdout)["title"].lower()
    else:
        assert "episodes are loaded" not in result.stderr


def test_behemoth_in_a_library_finds_its_chapter(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "two.yaml").write_text(
        "title: Other\nchapters:\n- {start: '0:00', title: Something else}\n", encoding="utf-8"
    )
    result = invoke("show", "behemoth", "-f", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "1. Llama 4: what’s new, why efficiency matters, and the path to Behemoth\n"
    )


def test_timeline_at_past_the_end_is_the_error_at_gives(invoke: Invoke) -> None:
    result = invoke("timeline", "--at", "2:00:00")
    assert result.exit_code == 2
    assert result.stderr == "chapters: 2:00:00 is past the end of the episode (1:15:49)\n"
    assert invoke("at", "2:00:00").stderr == result.stderr


def test_timeline_width_is_honoured(invoke: Invoke) -> None:
    result = invoke("timeline", "--width", "30", env={"COLUMNS": "120"})
    assert result.stdout.split("\n")[3:6] == [  # 30 columns, not the terminal's 120
        "1█2▒█▒4▒▒5█6▒█8▒█9█▒██▒██▒▒15█",
        "╵           ╵           ╵     ",
        "0:00      30:00      1:00:00  ",
    ]


def test_output_dash_is_stdout(invoke: Invoke, tmp_path: Path) -> None:
    to_stdout = invoke("export", "--to", "youtube", "-o", "-", "-q")
    assert to_stdout.exit_code == 0
    assert to_stdout.stdout.startswith("0:00 Llama 4: what’s new")
    assert not Path("-").exists()
    assert invoke("export", "--to", "youtube", "-q").stdout == to_stdout.stdout


EXAMPLE = BUNDLED.parent.parent / "examples" / "library"


def test_the_bundled_episode_says_why_it_cannot_be_opened(invoke: Invoke) -> None:
    result = invoke("open", "8")
    assert result.exit_code == 2
    assert result.stderr == (
        "chapters: the bundled episode has no url to open: its show notes give none. The "
        "example library in the repository has one (the episode on YouTube): chapters open 8 "
        "-f examples/library\n"
    )


def test_the_example_library_opens_at_the_second(invoke: Invoke) -> None:
    opened = invoke("open", "8", "--print", "-f", str(EXAMPLE))
    assert (opened.exit_code, opened.stdout) == (
        0, "https://www.youtube.com/watch?v=rYXeQbTuVl0&t=2155\n"
    )  # fmt: skip
    at = invoke("at", "45:00", "-f", str(EXAMPLE))
    assert at.stdout.endswith("open at https://www.youtube.com/watch?v=rYXeQbTuVl0&t=2700\n")


def test_the_example_is_the_bundled_episode(invoke: Invoke) -> None:
    bundled = json.loads(invoke("list", "--json").stdout)
    example = json.loads(invoke("list", "--json", "-f", str(EXAMPLE)).stdout)
    assert [(c["start"], c["end"], c["title"]) for c in example["chapters"]] == [
        (c["start"], c["end"], c["title"]) for c in bundled["chapters"]
    ]
    assert (example["podcast"], example["title"], example["duration_seconds"]) == (
        bundled["podcast"], bundled["title"], 4549
    )  # fmt: skip


def test_a_colon_in_an_unquoted_title_says_to_quote_it(invoke: Invoke, write: Write) -> None:
    path = write('title: T\nchapters:\n  - start: "0:00"\n    title: Llama 4: whats new\n')
    result = invoke("list", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {path}: line 4, column 19: YAML syntax error: mapping values are not "
        "allowed in this context (a value with ': ' in it, such as a title, must be quoted: "
        'title: "Llama 4: what\'s new")\n'
    )


def test_tabs_for_indentation_are_named(invoke: Invoke, write: Write) -> None:
    path = write('title: T\nchapters:\n\t- start: "0:00"\n\t  title: a\n')
    result = invoke("list", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {path}: line 3, column 1: YAML syntax error: found character that cannot "
        "start any token (a tab? YAML is indented with spaces, not tabs)\n"
    )


def test_check_warns_of_unknown_keys_with_the_closest_known(invoke: Invoke, write: Write) -> None:
    path = write(
        "title: T\npodcst: P\nchapters:\n  - start: '0:00'\n    title: a\n    sumary: b\n"
        "    bulets: [x]\n  - start: '1:00'\n    title: b\n    colour: red\n"
    )
    result = invoke("check", "-f", str(path))
    assert result.exit_code == 0
    assert result.stdout.split("\n") == [
        "warning: line 2: unknown key 'podcst' (did you mean 'podcast'?): ignored [unknown-key]",
        "warning: line 6: chapter 1 \"a\": unknown key 'sumary' (did you mean 'summary'?): "
        "ignored [unknown-key]",
        "warning: line 7: chapter 1 \"a\": unknown key 'bulets' (did you mean 'bullets'?): "
        "ignored [unknown-key]",
        "warning: line 10: chapter 2 \"b\": unknown key 'colour' (known: start, end, title, "
        "summary, bullets, url, image, hidden): ignored [unknown-key]",
        "2 chapters checked: 0 errors, 4 warnings",
        "",
    ]
    as_json = json.loads(invoke("check", "-f", str(path), "--json").stdout)
    assert [(p["severity"], p["rule"], p["file"]) for p in as_json] == [
        ("warning", "unknown-key", str(path))
    ] * 4


def test_any_registered_format_is_a_way_in(invoke: Invoke, tmp_path: Path) -> None:
    vtt = tmp_path / "ep.vtt"
    vtt.write_text(invoke("export", "--to", "webvtt", "-q").stdout, encoding="utf-8")
    for extra in ([], ["--no-cache"]):
        listed = invoke("list", "-f", str(vtt), *extra)
        assert listed.exit_code == 0
        assert listed.stdout.split("\n")[:2] == ["ep", "15 chapters · 1:15:49"]
    shown = invoke("show", "deepseek", "-f", str(vtt))
    assert shown.stdout.startswith("8. DeepSeek, China, and the power bottleneck")
    unknown = tmp_path / "notes.txt"
    unknown.write_text("nothing here\n", encoding="utf-8")
    refused = invoke("list", "-f", str(unknown))
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"chapters: {unknown}: cannot tell which chapter format this is (`chapters import "
        "FILE` lists the formats it reads)\n"
    )


def test_a_chapters_file_from_standard_input(invoke: Invoke) -> None:
    import subprocess
    import sys

    described = invoke("export", "--to", "youtube", "-q").stdout
    found = subprocess.run(
        [sys.executable, "-m", "chaptercli", "search", "deepseek", "-f", "-"],
        input=described, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (found.returncode, found.stderr) == (0, "")
    assert found.stdout == (
        "8 35:55 title DeepSeek, China, and the power bottleneck: chips, export controls, and "
        "multimodality as a differentiator\n"
    )
    both = invoke("list", "-f", "-", "-f", str(BUNDLED))
    assert (both.exit_code, both.stderr) == (
        2, "chapters: -f - reads one chapters file from standard input: name no other file "
        "with it\n"
    )  # fmt: skip
