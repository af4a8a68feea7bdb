"""The `chapters` command through its public surface, with exact output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

Write = Callable[..., Path]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

GAPPY = """\
podcast: Show
title: Gaps
url: https://www.youtube.com/watch?v=abc123
chapters:
  - {start: "0:10", end: "1:00", title: Intro}
  - {start: "2:00", title: Main part, summary: The main part., bullets: [first, second]}
  - {start: "1:30:00", end: "25:00:00.5", title: Long tail}
"""


def test_list_piped(invoke: Invoke) -> None:
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.stdout.split("\n")
    assert lines[:5] == [
        "Dwarkesh Podcast — Mark Zuckerberg — AI will write most Meta code in 18 months",
        "15 chapters · 1:15:49",
        "",
        " #    Start      End  Length  Title",
        " 1     0:00     4:01    4:01  Llama 4: what’s new, why efficiency matters, and the path "
        "to Behemoth",
    ]
    assert lines[18] == (
        "15  1:07:54  1:15:49    7:55  100× productivity and the ‘weirder, funnier’ future: "
        "creativity, culture, and why jobs may shift—not vanish"
    )
    assert lines[19:] == [""]
    assert "\x1b" not in result.stdout  # piped: no colour


def test_list_json_contract(invoke: Invoke) -> None:
    result = invoke("list", "--json")
    data = json.loads(result.stdout)
    assert list(data) == ["podcast", "title", "url", "duration_seconds", "chapters"]
    assert data["podcast"] == "Dwarkesh Podcast"
    assert data["url"] is None
    assert data["duration_seconds"] == 4549
    assert len(data["chapters"]) == 15
    first = data["chapters"][0]
    assert list(first) == [
        "number", "start", "end", "start_seconds", "end_seconds", "duration_seconds",
        "title", "summary", "bullets", "url", "image", "hidden",
    ]  # fmt: skip
    assert first["number"] == 1 and first["start"] == "0:00" and first["end"] == "4:01"
    assert (first["start_seconds"], first["end_seconds"], first["duration_seconds"]) == (
        0,
        241,
        241,
    )
    assert first["bullets"][0].startswith("Meta AI adoption is nearing a billion")
    assert data["chapters"][13]["start"] == "1:02:45"
    assert data["chapters"][13]["start_seconds"] == 3765


def test_json_is_never_wrapped_or_coloured(invoke: Invoke) -> None:
    result = invoke("list", "--json", env={"FORCE_COLOR": "1", "COLUMNS": "20"})
    assert "\x1b" not in result.stdout
    long_line = next(line for line in result.stdout.split("\n") if "summary" in line)
    assert len(long_line) > 200


def test_show_by_number_time_and_words(invoke: Invoke) -> None:
    by_number = invoke("show", "8")
    assert by_number.exit_code == 0
    assert by_number.stdout.split("\n")[:3] == [
        "8. DeepSeek, China, and the power bottleneck: chips, export controls, and multimodality "
        "as a differentiator",
        "35:55 – 40:21 (4:26)  chapter 8 of 15",
        "",
    ]
    assert "• Export controls appear to work by constraining access to top-end chips\n" in (
        by_number.stdout
    )
    assert invoke("show", "38:00").stdout == by_number.stdout
    assert invoke("show", "deepseek").stdout == by_number.stdout
    assert invoke("show", "2280s").stdout == by_number.stdout


def test_show_json(invoke: Invoke) -> None:
    data = json.loads(invoke("show", "4:01", "--json").stdout)
    assert data["number"] == 2
    assert data["title"].startswith("Benchmarks vs real users")
    assert len(data["bullets"]) == 5


def test_show_ambiguous_and_unknown(invoke: Invoke) -> None:
    result = invoke("show", "llama")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "chapters: 2 chapters match 'llama'; add words or use a number:\n"
        "    1      0:00  Llama 4: what’s new, why efficiency matters, and the path to Behemoth\n"
        "    9     40:21  Open source AI strategy: Llama’s license, competitive positioning, "
        "and why Meta wants the ecosystem open\n"
    )
    missing = invoke("show", "16")
    assert missing.exit_code == 2
    assert missing.stderr == "chapters: no chapter 16: the episode has chapters 1 to 15\n"


def test_search_output(invoke: Invoke) -> None:
    result = invoke("search", "deepseek")
    assert result.exit_code == 0
    assert result.stdout == (
        "8 35:55 title    DeepSeek, China, and the power bottleneck: chips, export controls, and "
        "multimodality as a differentiator\n"
        "        bullet 3 DeepSeek’s impressive low-level optimizations partly reflect necessity "
        "due to “nerfed” chips\n"
        "        bullet 4 DeepSeek is text-only; frontier direction is multimodal (image/voice) "
        "where Meta claims leadership\n"
    )


def test_search_no_match_exits_1(invoke: Invoke) -> None:
    result = invoke("search", "bananas")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "chapters: nothing matches 'bananas'\n"
    as_json = invoke("search", "bananas", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"query": "bananas", "matches": []}


def test_search_json_contract(invoke: Invoke) -> None:
    result = invoke("search", "Llama's", "license", "--json")
    data = json.loads(result.stdout)
    assert data["query"] == "Llama's license"
    assert data["matches"][0]["episode"] == {
        "number": 1,
        "podcast": "Dwarkesh Podcast",
        "title": "Mark Zuckerberg — AI will write most Meta code in 18 months",
        "file": data["matches"][0]["episode"]["file"],
    }
    assert data["matches"][0]["episode"]["file"].endswith("chapters.yaml")
    assert {k: v for k, v in data["matches"][0].items() if k != "episode"} == {
        "chapter": 9,
        "start": "40:21",
        "field": "title",
        "bullet": None,
        "text": "Open source AI strategy: Llama’s license, competitive positioning, and why "
        "Meta wants the ecosystem open",
        "spans": [[25, 32], [33, 40]],
    }
    summary = data["matches"][1]
    assert summary["field"] == "summary"
    assert summary["spans"] == [[20, 27], [63, 70]]
    assert [summary["text"][a:b] for a, b in summary["spans"]] == ["Llama’s", "license"]


def test_search_bullet_numbers_and_fields(invoke: Invoke) -> None:
    data = json.loads(invoke("search", "distillation", "--in", "bullets", "--json").stdout)
    assert [(m["chapter"], m["field"], m["bullet"]) for m in data["matches"]] == [
        (1, "bullet", 5), (11, "bullet", 1), (11, "bullet", 2), (11, "bullet", 3),
        (11, "bullet", 4), (11, "bullet", 5),
    ]  # fmt: skip
    titles = json.loads(invoke("search", "distillation", "--in", "title", "--json").stdout)
    assert [m["chapter"] for m in titles["matches"]] == [11]


def test_search_accents_regex_and_case(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n- {start: '0:00', title: A naïve take on Café culture}\n")
    found = "1 0:00 title A naïve take on Café culture\n"
    naive = invoke("search", "naive", "-f", str(path))
    assert (naive.exit_code, naive.stdout) == (0, found)
    lower = invoke("search", "cafe", "--case-sensitive", "-f", str(path))
    assert (lower.exit_code, lower.stdout, lower.stderr) == (
        1, "", "chapters: nothing matches 'cafe'\n"
    )  # fmt: skip
    upper = invoke("search", "Cafe", "--case-sensitive", "-f", str(path))
    assert (upper.exit_code, upper.stdout) == (0, found)
    regex = invoke("search", "--regex", r"na.ve\s+take", "-f", str(path), "--json")
    assert json.loads(regex.stdout)["matches"][0]["spans"] == [[2, 12]]
    bad = invoke("search", "--regex", "(", "-f", str(path))
    assert bad.exit_code == 2
    assert bad.stderr.startswith("chapters: bad regular expression '(': ")


def test_at_output(invoke: Invoke) -> None:
    result = invoke("at", "45:00")
    assert result.exit_code == 0
    assert result.stdout == (
        "45:00 is 4:39 into chapter 9 of 15, 2:58 left\n"
        " 9 40:21 Open source AI strategy: Llama’s license, competitive positioning, and why "
        "Meta wants the ecosystem open\n"
        "         next, in 2:58:\n"
        "10 47:58 Standards, values, and security: cultural bias in models and risks of "
        "foreign code-generation\n"
    )


def test_at_json_and_boundaries(invoke: Invoke) -> None:
    data = json.loads(invoke("at", "4:01", "--json").stdout)
    assert list(data) == [
        "time", "seconds", "chapter", "offset_seconds", "remaining_seconds", "next", "url",
    ]  # fmt: skip
    assert data["chapter"]["number"] == 2  # exactly at a start: that chapter
    assert (data["offset_seconds"], data["remaining_seconds"]) == (0, 320)
    assert data["next"]["number"] == 3
    assert data["url"] is None
    bare = json.loads(invoke("at", "2700", "--json").stdout)  # a bare number is seconds
    assert bare["time"] == "45:00" and bare["chapter"]["number"] == 9
    last = json.loads(invoke("at", "1:15:48.999", "--json").stdout)
    assert last["chapter"]["number"] == 15 and last["next"] is None
    assert last["remaining_seconds"] == 0.001


def test_at_past_the_end_is_an_error(invoke: Invoke) -> None:
    result = invoke("at", "1:15:49")
    assert result.exit_code == 2
    assert result.stderr == "chapters: 1:15:49 is past the end of the episode (1:15:49)\n"
    bad = invoke("at", "soon")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("chapters: not a time: 'soon'")


def test_at_in_a_gap_and_with_a_url(invoke: Invoke, write: Write) -> None:
    path = str(write(GAPPY))
    gap = json.loads(invoke("at", "1:30", "-f", path, "--json").stdout)
    assert gap["chapter"] is None and gap["offset_seconds"] is None
    assert gap["next"]["number"] == 2
    assert gap["url"] == "https://www.youtube.com/watch?v=abc123&t=90"
    before = invoke("at", "0:05", "-f", path)
    assert before.stdout.split("\n")[0] == "0:05 is between chapters: nothing is playing"
    in_chapter = invoke("at", "24:59:59", "-f", path)
    assert in_chapter.stdout.split("\n")[0] == (
        "24:59:59 is 23:29:59 into chapter 3 of 3, 0:01.5 left"
    )  # no wrapping at 24 hours
    assert in_chapter.stdout.endswith("open at https://www.youtube.com/watch?v=abc123&t=89999\n")


def test_convert(invoke: Invoke) -> None:
    result = invoke("convert", "1:02:45", "3765", "62.5", "1h2m45s", "100:00:00")
    assert result.exit_code == 0
    assert result.stdout == (
        "1:02:45 = 3765\n3765 = 1:02:45\n62.5 = 1:02.5\n1h2m45s = 3765\n100:00:00 = 360000\n"
    )
    data = json.loads(invoke("convert", "1:02.5", "3765", "--json").stdout)
    assert data == [
        {"input": "1:02.5", "seconds": 62.5, "clock": "1:02.5"},
        {"input": "3765", "seconds": 3765, "clock": "1:02:45"},
    ]


def test_convert_rejects_bad_times(invoke: Invoke) -> None:
    result = invoke("convert", "1:75")
    assert result.exit_code == 2
    assert result.stderr == "chapters: minutes and seconds must be 0-59 in '1:75'\n"
    assert result.stdout == ""


def test_file_option_and_environment(invoke: Invoke, write: Write) -> None:
    path = write(GAPPY)
    via_option = invoke("list", "-f", str(path))
    via_env = invoke("list", env={"CHAPTERS_PATH": str(path)})
    assert via_option.stdout == via_env.stdout
    assert via_option.stdout.startswith("Show — Gaps\n3 chapters · 25:00:00.5\n")
    assert "\n3  1:30:00  25:00:00.5  23:30:00.5  Long tail\n" in via_option.stdout


def test_open_ended_last_chapter_is_shown_as_such(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n- {start: '0:00', title: a}\n- {start: '5:00', title: b}\n")
    result = invoke("list", "-f", str(path))
    assert "1 chapter" not in result.stdout
    assert result.stdout.split("\n")[1] == "2 chapters · — (last chapter open-ended)"
    assert result.stdout.split("\n")[-2] == "2   5:00  open       —  b"
    assert (
        json.loads(invoke("at", "99:00:00", "-f", str(path), "--json").stdout)["chapter"]["number"]
        == 2
    )


def test_broken_data_is_one_message_without_traceback(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n- {start: '9:00', title: a}\n- {start: '1:00', title: b}\n")
    for command in (["list"], ["show", "1"], ["search", "a"], ["at", "1:00"]):
        result = invoke(*command, "-f", str(path))
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f'chapters: {path}: line 4: chapter 2 "b": starts at 1:00, before chapter 1 (9:00): '
            "chapters must be in time order\n"
        )
        assert "Traceback" not in result.output


def test_help_and_convert_work_when_the_data_file_is_broken(invoke: Invoke, write: Write) -> None:
    path = write("chapters: [\n")
    broken = {"CHAPTERS_PATH": str(path)}
    helped = invoke("--help", env=broken)
    assert helped.exit_code == 0
    assert "[OPTIONS] COMMAND [ARGS]..." in helped.stdout
    assert "Navigate, search and convert the chapters of long episodes." in helped.stdout
    assert invoke("convert", "1:02:45", env=broken).stdout == "1:02:45 = 3765\n"
    listed = invoke("list", env=broken)
    assert listed.exit_code == 2
    assert listed.stderr == (
        f"chapters: {path}: line 2, column 1: YAML syntax error: did not find expected node "
        "content\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "missing argument 'REF' (see chapters show -h)"),
        (["list", "--bogus"], "no such option: --bogus (see chapters list -h)"),
        (["search", "x", "--in", "nowhere"], "invalid value for '--in': 'nowhere' is not one of "
         "'title', 'summary', 'bullets', 'episode', 'transcript' (see chapters search -h)"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"chapters: {message}\n"


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "llama"], ["at", "1:00"]])
def test_colour_follows_the_environment(invoke: Invoke, command: list[str]) -> None:
    coloured = invoke(*command, env={"FORCE_COLOR": "1"})
    assert re.search(r"\x1b\[[0-9;]*3[0-9]m", coloured.stdout)  # a foreground colour
    no_color = invoke(*command, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", no_color.stdout)
    assert ANSI.sub("", no_color.stdout).strip()


def test_search_highlights_matches_in_a_terminal(invoke: Invoke) -> None:
    result = invoke("search", "nerfed", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert re.search(r"\x1b\[[0-9;]*4[;0-9]*mnerfed\x1b\[0m", result.stdout)


def test_ctrl_c_exits_130_quietly(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("chaptercli.library.load", interrupted)
    result = invoke("list")
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert result.stderr.strip() == "interrupted"
