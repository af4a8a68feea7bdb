"""No input, however broken or hostile, gets a traceback, a hang or lost data.

Property tests run a fixed, bounded number of examples here (the "default"
profile in conftest.py); `pytest --hypothesis-profile=long` digs much deeper.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import Invoke
from helpers import BUNDLED, SEED, cells, two_way, visible
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chaptercli import formats
from chaptercli.errors import ChapterError
from chaptercli.loader import MAX_FILE_BYTES, decode_text, load_episode, parse_episode
from chaptercli.model import Chapter, Episode
from chaptercli.reading import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate

# From the registry: a newly registered format is fuzzed too.
READABLE = formats.readable_names()
TWO_WAY = two_way()
WRITE_ONLY = [name for name in formats.names() if name not in READABLE]
SAMPLE = formats.read(SEED.read_text("utf-8"), "seed.txt")[1]
EXPORTS = {name: formats.write(SAMPLE, name) for name in TWO_WAY}


def only_clean_outcomes(action: Callable[[], object]) -> object:
    """The only allowed outcomes: a result, or the project's own clean error."""
    try:
        return action()
    except ChapterError as error:
        assert str(error).strip()  # it says something
        return None


def valid(episode: object) -> None:
    if episode is None:
        return
    assert isinstance(episode, Episode)
    starts = [c.start_ms for c in episode.chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for chapter in episode.chapters:
        assert isinstance(chapter.title, str)
        assert chapter.end_ms is None or chapter.end_ms > chapter.start_ms


# The YAML loader.

YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**12) | st.floats()
    | st.text(max_size=20) | st.sampled_from(["0:00", "4:01", "1:75", "99:99:99", "1h", "-1"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["title", "start", "end", "chapters", "episodes",
                                       "summary", "bullets", "duration", "podcast", "url"])
                      | st.text(max_size=5), inner, max_size=5),
    max_leaves=25,
)  # fmt: skip


@given(st.binary(max_size=300))
def test_loader_random_bytes(raw: bytes) -> None:
    valid(only_clean_outcomes(lambda: parse_episode(raw, "fuzz.yaml")))


@given(st.text(max_size=300))
def test_loader_random_text(text: str) -> None:
    valid(only_clean_outcomes(lambda: parse_episode(text.encode("utf-8"), "fuzz.yaml")))


@given(YAML_VALUES)
def test_loader_random_structures(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    valid(only_clean_outcomes(lambda: parse_episode(text.encode("utf-8"), "fuzz.yaml")))
    episodes, errors = parse_file(text.encode("utf-8"), "fuzz.yaml")
    for episode in episodes:
        valid(episode)
    assert all(str(error) for error in errors)


MUTATIONS = ["drop", "duplicate", "swap", "truncate", "perturb", "encode"]


def mutate(text: str, data: st.DataObject) -> bytes:
    lines = text.split("\n")
    kind = data.draw(st.sampled_from(MUTATIONS))
    at = data.draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == "drop":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        other = data.draw(st.integers(0, max(0, len(lines) - 1)))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == "truncate":
        joined = "\n".join(lines)
        return joined[: data.draw(st.integers(0, len(joined)))].encode("utf-8")
    elif kind == "perturb":
        digits = [i for i, line in enumerate(lines) if any(c.isdigit() for c in line)]
        if digits:
            target = data.draw(st.sampled_from(digits))
            lines[target] = "".join(
                data.draw(st.sampled_from("0123456789:.-x")) if c.isdigit() else c
                for c in lines[target]
            )
    encoding = data.draw(st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1", "cp1252"]))
    return "\n".join(lines).encode(encoding, errors="replace")


@given(st.data())
def test_loader_mutations_of_the_bundled_file(data: st.DataObject) -> None:
    raw = mutate(BUNDLED.read_text("utf-8"), data)
    valid(only_clean_outcomes(lambda: parse_episode(raw, "mutated.yaml")))


# Every importer.


@pytest.mark.parametrize("name", READABLE)
@given(text=st.text(max_size=300))
def test_importer_random_text(name: str, text: str) -> None:
    valid(only_clean_outcomes(lambda: formats.read(text, "fuzz", name)[1]))


@pytest.mark.parametrize("name", TWO_WAY)
@given(data=st.data())
def test_importer_mutations_of_a_valid_file(name: str, data: st.DataObject) -> None:
    raw = mutate(EXPORTS[name], data)
    text = only_clean_outcomes(lambda: decode_text(raw, "fuzz"))
    if isinstance(text, str):
        valid(only_clean_outcomes(lambda: formats.read(text, "fuzz", name)[1]))
        valid(only_clean_outcomes(lambda: formats.read(text, "fuzz")[1]))  # detected


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["version", "chapters", "startTime", "endTime", "title",
                                       "toc", "start", "end", "bullets", "img", "start_time",
                                       "end_time", "duration", "webpage_url"]),
                      inner, max_size=5),
    max_leaves=25,
)  # fmt: skip


@pytest.mark.parametrize("name", ["podcast2", "json", "ytdlp"])
@given(value=JSON_VALUES)
def test_json_importers_random_structures(name: str, value: object) -> None:
    text = json.dumps(value)
    valid(only_clean_outcomes(lambda: formats.read(text, "fuzz.json", name)[1]))


XML_NAMES = st.sampled_from(["psc:chapters", "psc:chapter", "chapter", "rss", "item", "x"])


@given(
    st.lists(
        st.tuples(XML_NAMES, st.dictionaries(st.sampled_from(["start", "title", "href"]),
                                             st.text(max_size=10), max_size=3)),
        max_size=6,
    )
)  # fmt: skip
def test_psc_random_xml(elements: list[tuple[str, dict[str, str]]]) -> None:
    from xml.sax.saxutils import quoteattr

    body = "".join(
        f"<{tag} " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + "/>"
        for tag, attrs in elements
    )
    text = f'<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">{body}</psc:chapters>'
    valid(only_clean_outcomes(lambda: formats.read(text, "fuzz.xml", "psc")[1]))


# Every command's arguments.

ARGUMENT = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                   max_size=30)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argument=ARGUMENT, which=st.sampled_from(["convert", "at", "show", "search", "regex"]))
def test_command_arguments(invoke: Invoke, argument: str, which: str) -> None:
    args = {"regex": ["search", "--regex", "--", argument]}.get(which, [which, "--", argument])
    result = invoke(*args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith(("chapters: ", "Usage:"))


def test_catastrophic_regex_does_not_hang(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(
        "title: T\nchapters:\n- start: '0:00'\n  title: t\n  bullets: ['" + "a" * 5000 + "!']\n"
    )
    for pattern in ("(a+)+$", "(a|aa)+$", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$"):
        result = invoke("search", "--regex", pattern, "-f", str(path))
        assert result.exit_code in (1, 2), result.output  # no match, or refused as too slow
        if result.exit_code == 2:
            assert "takes too long" in result.stderr


# Resource bombs.


def test_yaml_alias_bomb(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    lines += ["title: *a9", "chapters: [{start: '0:00', title: *a9, bullets: *a9}]"]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ChapterError) as refused:
        load_episode(path)
    assert refused.value.lines() == [
        f"{path}: its aliases (*name) expand to more than 1 MiB of data from 635 bytes: "
        "refused as an alias bomb"
    ]


@pytest.mark.parametrize(
    "document",
    [
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
        '&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">'
        '<psc:chapter start="0" title="&c;"/></psc:chapters>',
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">'
        '<psc:chapter start="0" title="&x;"/></psc:chapters>',
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
        '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">'
        '<psc:chapter start="0" title="&x;"/></psc:chapters>',
    ],
    ids=["billion-laughs", "external-file", "external-url"],
)
def test_xml_entities_are_refused(document: str) -> None:
    with pytest.raises(ChapterError, match="refused unsafe XML"):
        formats.read(document, "evil.xml", "psc")


@pytest.mark.parametrize("name", ["podcast2", "json", "ytdlp"])
def test_deeply_nested_json(name: str) -> None:
    text = '{"version": "1", "chapters": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(ChapterError):
        formats.read(text, "deep.json", name)


def test_deeply_nested_yaml() -> None:
    text = "title: T\nchapters: " + "[" * 50_000 + "]" * 50_000 + "\n"
    with pytest.raises(ChapterError):
        parse_episode(text.encode(), "deep.yaml")


def test_huge_file_is_refused_before_it_is_read(invoke: Invoke, tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: 300 MB that take no disk
    for args in (["list", "-f", str(huge)], ["import", str(huge)]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            f"chapters: {huge}: too large to be a chapters file (300 MiB; the limit is "
            f"{MAX_FILE_BYTES // 2**20} MiB)\n"
        )


@pytest.mark.parametrize("name", READABLE)
def test_one_very_long_line(name: str, tmp_path: Path) -> None:
    """Megabytes on one line: a clean result or error, in a process that must end.
    (Five: the lenient readers' success path writes the line back as YAML, which
    PyYAML's pure-Python emitter does at about a microsecond a character; the bound
    tests hold every reader to linear time on such lines.)"""
    path = tmp_path / "long.txt"
    path.write_text("0:00 " + "x" * 5_000_000 + "\n1:00 short\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "chaptercli", "import", str(path), "--from", name],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if name in ("youtube", "mp4chaps"):  # lenient: any line starting with a time is a chapter
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout.startswith("title: long\nchapters:\n")
        assert result.stdout.endswith("  title: short\n")
    else:  # one line of one message, naming the file, however long the line read
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.startswith(f"chapters: {path}: ")
        # The error, and perhaps what the file looks like instead: never the line itself.
        assert result.stderr.count("\n") <= 2 and len(result.stderr) < 2000


# Text that attacks the terminal or the file format.

NASTY = (
    "A\x1b[2J\x1b]0;t\x07\u202eB\u200bC\x00D\x9b31m\r\nE \\ \" ' < > & = ; # --> [b]x[/b] "
    + "é" * 300
)


NASTY_EPISODE = Episode(
    NASTY, (Chapter(1, 0, 60_000, NASTY, NASTY, (NASTY,)), Chapter(2, 60_000, 90_000, "b")),
    podcast=NASTY,
)  # fmt: skip


@pytest.mark.parametrize("name", TWO_WAY)
def test_nasty_titles_in_every_export(name: str) -> None:
    text = formats.write(NASTY_EPISODE, name)
    back = formats.read(text, f"x.{name}", name)[1]
    assert len(back.chapters) == 2  # the format held: nothing split or merged
    assert [c.start_ms for c in back.chapters] == [0, 60_000]
    assert back.chapters[1].title == "b"
    assert "B" in back.chapters[0].title and "A" in back.chapters[0].title


# What Markdown makes of NASTY: the line break a space; controls (ESC, BEL, NUL, the
# 8-bit CSI), the bidi override and the zero-width space gone, as a terminal shows
# text, for the file may be shown on one; every character Markdown would act on
# (\\ < > & [ ]) escaped; the rest as typed.
NASTY_IN_MARKDOWN = (
    "A\\[2J\\]0;tBCD31m E \\\\ \" ' \\< \\> \\& = ; # --\\> \\[b\\]x\\[/b\\] " + "é" * 300
)
# How each export-only format must look with NASTY everywhere: a format registered
# without an entry here fails until someone writes down what it must look like.
NASTY_EXPORTS = {
    "markdown": [
        f"# {NASTY_IN_MARKDOWN}", "", f"*{NASTY_IN_MARKDOWN}* · 1:30 · 2 chapters", "",
        f"- 0:00 {NASTY_IN_MARKDOWN}", "- 1:00 b", "",
        f"## 1. {NASTY_IN_MARKDOWN}", "", "*0:00 – 1:00*", "", NASTY_IN_MARKDOWN, "",
        f"- {NASTY_IN_MARKDOWN}", "", "## 2. b", "", "*1:00 – 1:30*", "",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", WRITE_ONLY)
def test_nasty_titles_in_every_export_only_format(name: str) -> None:
    assert name in NASTY_EXPORTS, f"write down what {name} makes of a nasty episode"
    assert formats.write(NASTY_EPISODE, name).split("\n") == NASTY_EXPORTS[name]


# Encodings.


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])  # fmt: skip
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_endings(
    invoke: Invoke, tmp_path: Path, encoding: str, newline: str
) -> None:
    text = BUNDLED.read_text("utf-8").replace("\n", newline)
    path = tmp_path / "episode.yaml"
    path.write_bytes(text.encode(encoding))
    result = invoke("show", "8", "-f", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"].startswith("DeepSeek, China")
    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_text("utf-8").replace("\n", newline).encode(encoding))
    imported = invoke("import", str(seed))
    assert imported.stdout == BUNDLED.read_text("utf-8")


def test_undecodable_bytes_name_the_offset(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\nok \xc3\x28 bad\n")
    result = invoke("import", str(path))
    assert result.stderr == f"chapters: {path}: not UTF-8 text: byte 0xc3 at offset 35\n"


# The environment.


# Wide characters, emoji and combining accents: a character is not a column.
WIDE = """\
podcast: 播客节目
title: 第一集：关于人工智能的长谈
url: https://www.youtube.com/watch?v=abc
chapters:
  - start: "0:00"
    end: "1:00"
    title: 开场白和介绍今天的嘉宾以及他们的背景故事
    summary: 很长的摘要文本，包含许多汉字，需要换行显示在窄终端中
    bullets: [第一点：模型的效率, 😀😀😀😀😀😀😀😀😀😀😀😀 emoji]
  - {start: "1:00", end: "1:00:00", title: "Cafe\u0301 e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301"}
"""  # noqa: E501


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "8"], ["search", "distillation"], ["at", "45:00"], ["episodes"],
     ["check", "--for", "youtube"], ["timeline", "--at", "45:00"]],
)  # fmt: skip
def test_a_terminal_20_columns_wide(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, env={"FORCE_COLOR": "1", "COLUMNS": "20"})
    assert result.exit_code == 0, result.output
    lines = visible(result.stdout).splitlines()
    assert len(lines) > 2
    assert max(cells(line) for line in lines) <= 20


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "1"], ["show", "2"], ["search", "模型"], ["at", "0:30"], ["episodes"],
     ["check", "--for", "youtube"], ["timeline"]],
)  # fmt: skip
def test_wide_characters_in_a_terminal_20_columns_wide(
    invoke: Invoke, write: Callable[..., Path], command: list[str]
) -> None:
    path = str(write(WIDE))
    result = invoke(*command, "-f", path, env={"FORCE_COLOR": "1", "COLUMNS": "20"})
    assert result.exit_code in (0, 1), result.output  # check: too few chapters for YouTube
    lines = visible(result.stdout).splitlines()
    assert len(lines) > 2
    assert max(cells(line) for line in lines) <= 20


def test_dumb_terminal_gets_plain_text(invoke: Invoke) -> None:
    result = invoke("list", env={"TERM": "dumb"})
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[3].split() == ["#", "Start", "End", "Length", "Title"]


def run_chapters(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chaptercli", *args],
        capture_output=True, text=True, timeout=120, check=False, **kwargs,  # type: ignore[call-overload]
    )  # fmt: skip


def test_closed_stdout(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S602 - only a shell can start it with stdout closed
        f'"{sys.executable}" -m chaptercli list >&-', shell=True, capture_output=True,
        text=True, timeout=60, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "chapters: standard output is closed\n"


def test_nothing_is_written_to_the_working_directory(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    library = tmp_path / "lib"
    generate(library, 3)
    commands = [["list"], ["search", "llama"], ["export", "--to", "webvtt", "-q"],
                ["search", "the", "-f", str(library)], ["import", str(SEED)]]  # fmt: skip
    for args in commands:
        assert run_chapters(*args, cwd=work, env=env).returncode in (0, 1)
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("home", ["file", "missing"])
def test_bad_home(tmp_path: Path, home: str) -> None:
    library = tmp_path / "lib"
    generate(library, 3)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env["HOME"] = str(blocker) if home == "file" else str(blocker / "missing")
    result = run_chapters("search", "the", "-f", str(library), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("chapters: cannot create the cache directory")
    assert len(result.stderr.splitlines()) == 1
    assert "Episode 1:" in result.stdout


def test_stdin_not_a_terminal(tmp_path: Path) -> None:
    result = run_chapters("import", "-", input="0:00 A\n1:00 B\n", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("title: Imported chapters\n")


def default_sigint() -> None:
    """In the child: Ctrl-C as a shell gives it. A runner that ignores SIGINT (nohup, a
    background job, some CI) would pass the ignoring on, and the child never be interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "building-index"])
def test_ctrl_c_during_a_long_search(tmp_path: Path, cached: bool) -> None:
    library = tmp_path / "lib"
    generate(library, 2000)  # seconds of reading on any machine
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ["search", "distillation", "-f", str(library)] + ([] if cached else ["--no-cache"])
    # preexec_fn runs between fork and exec: safe here, the test starts no threads.
    process = subprocess.Popen(
        [sys.executable, "-m", "chaptercli", *args], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=default_sigint,  # noqa: PLW1509
    )  # fmt: skip
    time.sleep(0.5)  # well into reading 2000 files
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the whole group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "\ninterrupted\n"
    assert out == ""
