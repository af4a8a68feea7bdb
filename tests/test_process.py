"""The installed command as a real process: pipes, `python -m`, the built wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import BUNDLED, ROOT


def run(args: list[str], cwd: Path, env: dict[str, str | None] | None = None, **kwargs: object):
    """Run a command; env adds variables to the environment, or removes those set to None."""
    full_env: dict[str, str | None] = {
        k: v for k, v in os.environ.items() if k not in ("CHAPTERS_PATH", "NO_COLOR")
    }
    full_env.update(env or {})
    return subprocess.run(
        args, cwd=cwd, env={k: v for k, v in full_env.items() if v is not None},
        capture_output=True, text=True, timeout=120, **kwargs,
    )  # fmt: skip


def test_python_dash_m_from_another_directory(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "chaptercli", "show", "deepseek"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("8. DeepSeek, China, and the power bottleneck")
    assert result.stderr == ""


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "chaptercli", "--help"], cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == ""
    panel = result.stdout.split(" Commands ", 1)[1].split("╰", 1)[0]
    # A command's name opens its row; the rows that carry on its help are indented.
    names = re.findall(r"^│ ([a-z]+) ", panel, flags=re.MULTILINE)
    assert names == ["list", "episodes", "show", "search", "at", "convert", "open", "browse",
                     "timeline", "export", "import", "check", "embed", "split", "cache",
                     "feed"]  # fmt: skip


@pytest.mark.parametrize(
    "command", [["list"], ["list", "--json"], ["search", "llama"], ["convert", "1:00"]]
)
def test_reader_gone_ends_quietly(tmp_path: Path, command: list[str]) -> None:
    # A pipe whose reader has already gone, as after `chapters list | head -1`:
    # every write fails with EPIPE, whatever the size of the pipe's buffer.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "chaptercli", *command],
            cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


def test_head_gets_the_first_line(tmp_path: Path) -> None:
    command = f'"{sys.executable}" -m chaptercli list | head -1'
    result = run(["bash", "-c", command], cwd=tmp_path)
    assert result.stdout == (
        "Dwarkesh Podcast — Mark Zuckerberg — AI will write most Meta code in 18 months\n"
    )
    assert result.stderr == ""


def test_traceback_never_reaches_the_user_for_bad_data(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"title: ok\n\x80garbage")
    result = run([sys.executable, "-m", "chaptercli", "list", "-f", str(bad)], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"chapters: {bad}: not UTF-8 text: byte 0x80 at offset 10\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)]
    result = run(build, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    (found,) = out.glob("chaptercli-*.whl")
    return found


def test_wheel_carries_the_episode(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert archive.read("chaptercli/data/chapters.yaml") == BUNDLED.read_bytes()
    assert [n for n in names if n.endswith(".yaml")] == ["chaptercli/data/chapters.yaml"]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "chapters = chaptercli.cli:main" in archive.read(entry_points).decode()


def test_installed_wheel_finds_the_episode_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
               "--target", str(target), str(wheel)]  # fmt: skip
    assert run(install, cwd=tmp_path).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys, chaptercli; from chaptercli.cli import main; "
        "sys.stderr.write(chaptercli.__file__ + '\\n'); sys.argv = ['chapters', 'list']; main()"
    )
    # The copy installed here is a throwaway: coverage measures the one under test.
    no_coverage = {"COVERAGE_PROCESS_START": None, "COVERAGE_PROCESS_CONFIG": None}
    result = run([sys.executable, "-c", code], cwd=elsewhere,
                 env={"PYTHONPATH": str(target), **no_coverage})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(str(target))  # the installed copy, not the checkout
    assert "15 chapters · 1:15:49" in result.stdout
