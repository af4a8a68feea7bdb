"""Terminal and output safety: one sanitizer for everything shown, urls included;
only http(s) links and local media are opened or linked; `-o --force` replaces
only a regular file; and the edges that used to crash give one clear line."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke, run_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chaptercli.navigate import link_at, url_kind
from chaptercli.render.sanitize import clean

Write = Callable[..., Path]
ESC = "\x1b"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # sets the clipboard in many terminals


def episode_yaml(url: str, title: str = "Intro") -> str:
    # JSON strings are YAML double-quoted scalars: any character, escaped.
    return (
        f"title: T\nurl: {json.dumps(url)}\nduration: '10:00'\nchapters:\n"
        f"  - {{start: '0:00', title: {json.dumps(title)}}}\n"
        "  - {start: '5:00', title: Two}\n"
    )


# What a terminal may receive: styles (SGR) and hyperlinks (OSC 8) to clean targets.
STYLES_AND_LINKS = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*;[!-~]*\x1b\\")


def uncontrolled(text: str) -> bool:
    """Whether the text holds an escape that is neither a style nor a clean link."""
    return ESC in STYLES_AND_LINKS.sub("", text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mred\x1b[0m", "a[31mred[0m"),
        ("bell\x07 and 8-bit CSI \x9b31m", "bell and 8-bit CSI 31m"),
        ("soft\u00adhyphen, zero\u200bwidth, joiner\u2060", "softhyphen, zerowidth, joiner"),
        ("tag\U000e0041\U000e0042 characters", "tag characters"),
        ("bidi \u202eoverride\u202c and \u2067isolate\u2069", "bidi override and isolate"),
        ("line\nbreak\r\nand\u2028separator", "line break and separator"),
        ("emoji 👩\u200d💻 keeps its joiner", "emoji 👩\u200d💻 keeps its joiner"),
        ("no\u00a0break space stays", "no\u00a0break space stays"),
        ("a name that was not UTF-8: \udce9t\udce9", "a name that was not UTF-8: \ufffdt\ufffd"),
    ],
)
def test_the_sanitizer(text: str, shown: str) -> None:
    assert clean(text) == shown


def test_the_sanitizer_keeps_lines_when_asked() -> None:
    assert clean("a\tb\r\nc\rd\x1b\x9be\u2029f", one_line=False) == "a\tb\nc\nde\nf"


def test_open_print_cannot_write_to_the_clipboard(write: Write) -> None:
    path = write(episode_yaml(f"https://e.org/ep{OSC52}.mp3"))
    for terminal in (True, False):
        status, out, err = run_in("open", "1", "--print", "-f", str(path), terminal=terminal)
        assert (status, err) == (0, "")
        assert out == "https://e.org/ep%1B]52;c;ZWNobyBwd25lZA==%07.mp3#t=0\n"


def test_a_newline_in_a_title_cannot_forge_a_line_of_an_error(write: Write) -> None:
    path = write(episode_yaml("https://e.org/a.mp3", "Intro\nchapters: all is well"))
    status, out, err = run_in("show", "nothing-like-it", "-f", str(path), terminal=False)
    assert status == 2 and out == ""
    assert err.split("\n") == [
        "chapters: no chapter title contains 'nothing-like-it' (try `chapters search`); "
        "the chapters are:",
        "    1      0:00  Intro chapters: all is well",
        "    2      5:00  Two",
        "",
    ]


def test_the_internal_error_line_is_sanitized(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"oops{OSC52}\nchapters: forged")

    monkeypatch.setattr("chaptercli.library.load", bug)
    status, out, err = run_in("list", terminal=True, colour=False, width=300)
    assert status == 70 and out == "" and not uncontrolled(err)
    status, out, err = run_in("list", terminal=False)
    assert err == (
        "chapters: internal error: RuntimeError: oops]52;c;ZWNobyBwd25lZA== chapters: forged "
        "(please report it; set CHAPTERS_DEBUG=1 to see where)\n"
    )


def test_an_export_to_a_terminal_carries_no_control(write: Write) -> None:
    path = write(episode_yaml("https://e.org/a.mp3", "evil\x9b31m\x1b]0;title\x07"))
    status, out, _ = run_in("export", "--to", "webvtt", "-f", str(path), terminal=True)
    assert status == 0
    assert ESC not in out and "\x9b" not in out and "\x07" not in out
    assert "evil31m]0;title\n" in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "smb://host/share/ep.mp3",
                                 "steam://run/42", "http://[::1/ep.mp3"])  # fmt: skip
def test_open_refuses_what_is_neither_a_web_page_nor_a_local_file(
    invoke: Invoke, write: Write, url: str
) -> None:
    result = invoke("open", "1", "--print", "-f", str(write(episode_yaml(url))))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: will not open the episode's url {url!r}: only http and https links "
        "and local media files are opened\n"
    )


def test_odd_urls_are_never_linked_and_never_crash(invoke: Invoke, write: Write) -> None:
    for url in ("http://[::1/ep.mp3", "https://a\uff03b.org/a", "javascript:alert(1)"):
        path = write(episode_yaml(url))
        listed = invoke("list", "-f", str(path), env={"FORCE_COLOR": "1"})
        assert listed.exit_code == 0 and "\x1b]8;" not in listed.stdout  # no hyperlink
        at = invoke("at", "1:00", "-f", str(path))
        assert at.exit_code == 0 and "open at" not in at.stdout
    assert url_kind("http://[::1/ep.mp3") is None
    assert link_at("steam://run/42", 1000) is None


def test_a_relative_file_url_opens_beside_the_chapters_file(invoke: Invoke, write: Write) -> None:
    path = write(episode_yaml("file:ep%20one.mp3"))
    (path.parent / "ep one.mp3").write_bytes(b"")
    result = invoke("open", "2", "--print", "-f", str(path), env={"PATH": ""})
    assert result.exit_code == 0
    assert result.stdout == (path.parent / "ep one.mp3").as_uri() + "#t=300\n"


def test_markdown_links_only_web_pages(invoke: Invoke, write: Write) -> None:
    hostile = write(episode_yaml('https://e.org/a b"<img src=x onerror=alert(1)>'))
    text = invoke("export", "--to", "markdown", "-f", str(hostile)).stdout
    assert "- [0:00](<https://e.org/a%20b%22%3Cimg%20src=x%20onerror=alert(1)%3E#t=0>) Intro" in (
        text
    )
    refused = invoke("export", "--to", "markdown", "-f", str(write(episode_yaml("javascript:x"))))
    assert refused.exit_code == 2
    assert refused.stderr == (
        "chapters: markdown links timestamps to the episode's url, and will not link "
        "'javascript:x': only http and https links (or a local file, not linked)\n"
    )
    local = invoke("export", "--to", "markdown", "-f", str(write(episode_yaml("ep.mp3"))))
    assert "- 0:00 Intro\n" in local.stdout


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_force_replaces_only_a_regular_file(invoke: Invoke, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out.vtt"
    if kind == "symlink":
        out.symlink_to(target)
    else:
        os.mkfifo(out)
    result = invoke("export", "--to", "webvtt", "-o", str(out), "--force")
    assert result.exit_code == 2
    what = "a symbolic link" if kind == "symlink" else "a FIFO"
    assert result.stderr == f"chapters: {out} is {what}: only a regular file is replaced\n"
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_columns_that_are_not_ascii_digits(invoke: Invoke) -> None:
    for columns in ("²", "٣٠", "-5", "0", "1e3"):
        result = invoke("list", env={"COLUMNS": columns, "FORCE_COLOR": "1"})
        assert result.exit_code == 0, (columns, result.output)
        assert "Llama 4" in result.stdout


def test_times_past_a_million_hours_are_refused(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n  - {start: '99999999999999999999:00:00', title: a}\n")
    result = invoke("list", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {path}: line 3: chapter 1 \"a\": bad 'start': time too large: over a million "
        "hours (1000000:00:00)\n"
    )
    assert invoke("convert", "1000000:00:01").stderr == (
        "chapters: time too large: over a million hours (1000000:00:00)\n"
    )


def test_cache_clear_that_cannot_delete_says_why(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("list", "-f", str(Path(__file__).parent.parent / "data")).exit_code == 0

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "unlink", refuse)
    result = invoke("cache", "clear")
    assert result.exit_code == 2
    assert re.fullmatch(
        r"chapters: cannot remove the index .*index-v\d+\.sqlite: Permission denied\n",
        result.stderr,
    )


URLS = st.one_of(
    st.text(max_size=60),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(["http://", "https://", "file:", "javascript:", "[", "]", "::1",
                             "%", "%zz", "ex\uff41mple", "é", "/", "?t=3", "#", "\x1b", "\n",
                             " ", "@", ":80", "youtu.be/", "..", "~", "\x00"]),
            max_size=8,
        ),
    ),
)  # fmt: skip


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=URLS, columns=st.text(max_size=4))
def test_any_url_and_any_columns_give_an_answer_or_one_clear_line(
    tmp_path: Path, url: str, columns: str
) -> None:
    path = tmp_path / "hypothesis.yaml"
    path.write_text(episode_yaml(url.replace("\x00", "")), encoding="utf-8")
    os.environ["COLUMNS"] = columns.replace("\x00", "")
    try:
        for command in (["list"], ["at", "1:00"], ["open", "2", "--print"],
                        ["export", "--to", "markdown"]):  # fmt: skip
            status, out, err = run_in(*command, "-f", str(path), terminal=True, colour=False)
            assert status in (0, 2), (command, err)
            assert "internal error" not in err
            assert not uncontrolled(out) and not uncontrolled(err)
            if status == 2:
                assert "chapters: " in err
    finally:
        del os.environ["COLUMNS"]
