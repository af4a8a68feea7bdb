"""Going from a chapter to hearing it: `chapters open`, clickable timestamps, completion."""

from __future__ import annotations

import json
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli.cli.completion import ref_choices
from chaptercli.errors import ChapterError
from chaptercli.launch import has_display
from chaptercli.model import Chapter, Episode
from chaptercli.opener import media_path, plan_open

Write = Callable[..., Path]
WEB = (
    "title: T\nurl: {url}\nchapters:\n- {{start: '0:00', title: Intro}}\n"
    "- {{start: '1:02.5', title: Next part}}\n- {{start: '4:01', end: '1:03:00', title: Late}}\n"
)


def episode(url: str | None, source: str = "") -> Episode:
    return Episode("T", (Chapter(1, 0, 241_000, "a"), Chapter(2, 241_000, None, "b")),
                   url=url, source=source)  # fmt: skip


def no_players(name: str) -> str | None:
    return None


def test_plan_for_web_pages() -> None:
    youtube = plan_open(
        episode("https://youtu.be/abc"), 241_000, no_players, has_display=True, exists=Path.exists
    )
    assert youtube == ("https://youtu.be/abc?t=241", None, None)
    headless = plan_open(
        episode("https://e.org/a.mp3"), 62_500, no_players, has_display=False, exists=Path.exists
    )
    assert headless.link == "https://e.org/a.mp3#t=62.5"
    assert headless.reason == "no display to open a browser on: here is the link"


def test_plan_for_local_files(tmp_path: Path) -> None:
    media = tmp_path / "ep one.mkv"
    media.write_bytes(b"")
    source = str(tmp_path / "ep.yaml")
    players = {"vlc": "/usr/bin/vlc", "ffplay": "/usr/bin/ffplay"}
    plan = plan_open(
        episode("ep one.mkv", source), 241_000, players.get, has_display=True, exists=Path.exists
    )
    assert plan.command == ["/usr/bin/vlc", "--start-time=241", str(media)]
    assert plan.link == media.as_uri() + "#t=241"
    players["mpv"] = "/opt/mpv"
    as_uri = plan_open(
        episode(media.as_uri(), source), 62_500, players.get, has_display=True, exists=Path.exists
    )
    assert as_uri.command == ["/opt/mpv", "--start=62.5", str(media)]
    ffplay = plan_open(
        episode(str(media)), 1000, {"ffplay": "ff"}.get, has_display=True, exists=Path.exists
    )
    assert ffplay.command == ["ff", "-ss", "1", str(media)]
    headless = plan_open(
        episode(str(media)), 1000, players.get, has_display=False, exists=Path.exists
    )
    assert headless.reason == "no display to start a player on: here is the command"
    none = plan_open(episode(str(media)), 1000, no_players, has_display=True, exists=Path.exists)
    assert none.command is None and none.reason is not None and "no player found" in none.reason


def test_plan_errors(tmp_path: Path) -> None:
    with pytest.raises(ChapterError, match="has no url to open"):
        plan_open(episode(None), 0, no_players, True, Path.exists)
    with pytest.raises(ChapterError, match="does not exist"):
        plan_open(episode(str(tmp_path / "gone.mp3")), 0, no_players, True, Path.exists)
    assert media_path(episode("https://e.org/x.mp3")) is None
    assert media_path(episode("~/x.mp3")) == Path("~/x.mp3").expanduser()


def test_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert has_display() is (os.name == "nt" or os.uname().sysname == "Darwin")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert has_display()


def test_open_prints_without_a_display(
    invoke: Invoke, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    path = str(write(WEB.format(url="https://www.youtube.com/watch?v=abc")))
    result = invoke("open", "next", "-f", path)
    assert result.exit_code == 0
    assert result.stdout == "https://www.youtube.com/watch?v=abc&t=62\n"
    assert result.stderr == "chapters: no display to open a browser on: here is the link\n"
    printed = invoke("open", "3", "-f", path, "--print")
    assert (printed.stdout, printed.stderr) == ("https://www.youtube.com/watch?v=abc&t=241\n", "")
    data = json.loads(invoke("open", "4:01", "-f", path, "--json").stdout)
    assert data == {"chapter": 3, "start": "4:01", "command": None, "opened": False,
                    "link": "https://www.youtube.com/watch?v=abc&t=241"}  # fmt: skip


def test_open_without_a_url(invoke: Invoke, write: Write) -> None:
    path = write("title: T\nchapters:\n- {start: '0:00', title: a}\n")
    result = invoke("open", "1", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: {path} has no url to open: add `url:` with the episode's web page or media "
        "(a link, or the path of the audio or video file)\n"
    )


def test_open_starts_the_browser(
    invoke: Invoke, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("webbrowser.open", lambda link: opened.append(link) or True)
    path = str(write(WEB.format(url="https://e.org/a.mp3")))
    result = invoke("open", "3", "-f", path)
    assert result.exit_code == 0 and result.stdout == ""
    assert opened == ["https://e.org/a.mp3#t=241"]
    assert result.stderr == "chapters: opening chapter 3 at 4:01 in the web browser\n"
    monkeypatch.setattr("webbrowser.open", lambda link: False)
    failed = invoke("open", "2", "-f", path)
    assert failed.exit_code == 2 and "no web browser could be started" in failed.stderr


def fake_player(directory: Path, name: str) -> Path:
    """A stand-in player that writes down how it was started."""
    directory.mkdir(exist_ok=True)
    player = directory / name
    player.write_text(f'#!/bin/sh\necho "$@" > "{directory}/started"\n', encoding="utf-8")
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    return player


def test_open_starts_a_player_detached(
    invoke: Invoke, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ep.mp3").write_bytes(b"")
    path = write(WEB.format(url="ep.mp3"))
    bin_dir = tmp_path / "bin"
    fake_player(bin_dir, "mpv")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    printed = invoke("open", "2", "-f", str(path), "--print")
    assert printed.stdout == f"{bin_dir}/mpv --start=62.5 {tmp_path}/ep.mp3\n"
    result = invoke("open", "2", "-f", str(path))
    assert result.exit_code == 0
    assert result.stderr == "chapters: opening chapter 2 at 1:02.5 in mpv\n"
    started = bin_dir / "started"
    for _ in range(100):  # it runs on its own: wait for it to have started
        if started.exists() and started.read_text():
            break
        time.sleep(0.05)
    assert started.read_text() == f"--start=62.5 {tmp_path}/ep.mp3\n"


LINK = re.compile(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\")


def test_timestamps_are_links_in_a_terminal(invoke: Invoke, write: Write) -> None:
    path = str(write(WEB.format(url="https://www.youtube.com/watch?v=abc")))
    for command, expected in (
        (["list"], {"t=0", "t=62", "t=241"}),
        (["show", "3"], {"t=241"}),
        (["at", "2:00"], {"t=120", "t=62", "t=241"}),
        (["search", "part"], {"t=62"}),
    ):
        result = invoke(*command, "-f", path, env={"FORCE_COLOR": "1"})
        targets = {t.split("&")[-1] for t in LINK.findall(result.stdout) if t}
        assert targets == expected, command
        piped = invoke(*command, "-f", path)
        assert "\x1b" not in piped.stdout


def test_a_hostile_url_cannot_escape_the_link(invoke: Invoke, write: Write) -> None:
    path = str(write('title: T\nurl: "https://e.org/\\e]8;;https://evil\\a\\e[2Jx"\n'
                     "chapters:\n- {start: '0:00', title: a}\n"))  # fmt: skip
    result = invoke("list", "-f", path, env={"FORCE_COLOR": "1"})
    links = [link for link in LINK.findall(result.stdout) if link]
    assert links
    for link in links:  # the control characters are gone; what is left is inert text
        assert link.startswith("https://e.org/") and link.endswith("#t=0")
        assert not any(ord(char) < 32 for char in link)
    outside = LINK.sub("", result.stdout)
    assert "\x1b]" not in outside and "\x07" not in outside and "\x1b[2J" not in outside


class FakeContext:
    def __init__(self, **params: object) -> None:
        self.params = params


def test_completion_offers_numbers_and_titles(write: Write) -> None:
    bundled = ref_choices(FakeContext(), "1")  # type: ignore[arg-type]
    assert bundled[:2] == [
        ("1", "Llama 4: what’s new, why efficiency matters, and the path to Behemoth"),
        ("10", "Standards, values, and security: cultural bias in models and risks of "
               "foreign code-generation"),
    ]  # fmt: skip
    assert ("100× productivity and the ‘weirder, funnier’ future: creativity, culture, and why "
            "jobs may shift—not vanish", "chapter 15") in bundled  # fmt: skip
    deep = ref_choices(FakeContext(), "deeps")  # type: ignore[arg-type]
    assert [value for value, _ in deep] == [
        "DeepSeek, China, and the power bottleneck: chips, export controls, and multimodality "
        "as a differentiator"
    ]
    path = write(WEB.format(url="x"))
    assert [v for v, _ in ref_choices(FakeContext(file=[path]), "")] == ["1", "2", "3"]  # type: ignore[arg-type]
    assert ref_choices(FakeContext(file=[Path("/nonexistent")]), "") == []  # type: ignore[arg-type]


def test_shell_completion_through_the_command(tmp_path: Path) -> None:
    """As bash asks for it (the script `chapters --install-completion` installs)."""
    import subprocess
    import sys

    env = {**os.environ, "_CHAPTERS_COMPLETE": "complete_bash",
           "COMP_WORDS": "chapters show 1", "COMP_CWORD": "2"}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "chaptercli"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    offered = result.stdout.splitlines()
    assert offered[:7] == ["1", "10", "11", "12", "13", "14", "15"]
    assert offered[7].startswith("'100× productivity")  # quoted: bash inserts it as it is


def test_open_starts_no_player_on_text_or_a_device(invoke: Invoke, write: Write) -> None:
    """Found by the attack pass: a `file:` url naming /etc/passwd (or /dev/zero) got
    a player started on it. Only regular files that are not text are played."""
    for url, problem in (
        ("file:///etc/passwd", "/etc/passwd: is text, not audio or video: not opened in a player"),
        ("/dev/zero", "/dev/zero: is a device, not a chapters file"),
    ):
        path = write(WEB.format(url=url))
        result = invoke("open", "2", "-f", str(path), "--print")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"chapters: {problem}\n"
