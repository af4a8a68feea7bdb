"""Shell completion through the real protocol: bash runs the function that
`chapters --show-completion bash` prints, zsh completes on a real line (zpty), and
what they insert is a command line that works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # the venv's bin, where the installed `chapters` is
DEEPSEEK = (
    "DeepSeek, China, and the power bottleneck: chips, export controls, and multimodality "
    "as a differentiator"
)


def bash_offers(*words: str) -> list[str]:
    """COMPREPLY when bash completes the last word of `chapters WORDS...`."""
    script = (
        f'source <("{BIN}/chapters" --show-completion bash)\n'
        'COMP_WORDS=(chapters "$@"); COMP_CWORD=$#\n'
        f'_chapters_completion "{BIN}/chapters"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", script, "bash", *words], capture_output=True,
                            text=True, timeout=60, check=True)  # fmt: skip
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_a_title_quoted_and_in_any_case() -> None:
    assert bash_offers("show", "deeps") == [f"'{DEEPSEEK}'"]
    assert bash_offers("show", "NERF") == []  # words in titles only, not in bullets


def test_what_bash_inserts_runs(tmp_path: Path) -> None:
    (inserted,) = bash_offers("show", "deeps")
    result = subprocess.run(["bash", "-c", f'"{BIN}/chapters" show {inserted}'],
                            capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"8. {DEEPSEEK}\n35:55 – 40:21 (4:26)")


def test_bash_completes_numbers_and_the_titles_they_are_in() -> None:
    offered = bash_offers("show", "1")
    assert offered[:7] == ["1", "10", "11", "12", "13", "14", "15"]
    assert offered[7] == (
        "'100× productivity and the ‘weirder, funnier’ future: creativity, culture, and why "
        "jobs may shift—not vanish'"
    )


def test_bash_completes_the_choices(tmp_path: Path) -> None:
    assert bash_offers("export", "--to", "w") == ["webvtt"]
    assert bash_offers("export", "--to", "Y") == ["yaml", "youtube", "yml", "yt"]
    # not markdown, which is export only
    assert bash_offers("import", "x", "--from", "m") == [
        "matroska", "mp4chaps", "mkv", "mkvmerge", "matroska-xml", "mkvmerge-simple", "mp4v2",
    ]  # fmt: skip
    assert bash_offers("check", "--for", "sp") == ["spotify"]


def test_bash_completion_reads_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "ep.yaml"
    path.write_text(
        "title: T\nchapters:\n- {start: '0:00', title: Intro talk}\n"
        "- {start: '1:00', title: Outro talk}\n",
        encoding="utf-8",
    )
    assert bash_offers("show", "-f", str(path), "") == ["1", "2"]
    assert bash_offers("open", "-f", str(path), "talk") == ["'Intro talk'", "'Outro talk'"]
    assert bash_offers("show", "-f", str(tmp_path / "missing.yaml"), "") == []


def zsh_completes(line: str, tmp_path: Path) -> str:
    """The command line after a real interactive zsh completes `line` with TAB."""
    out = tmp_path / "line.txt"
    env = {**os.environ, "BIN": str(BIN), "OUT": str(out), "LINE": line, "PAUSE": "3"}
    subprocess.run(["zsh", "-f", str(HERE / "zsh_complete.zsh")], env=env, timeout=60,
                   check=True, capture_output=True)  # fmt: skip
    return out.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.timeout(90)
def test_zsh_completes_a_title_escaped(tmp_path: Path) -> None:
    escaped = DEEPSEEK.replace(" ", "\\ ")
    assert zsh_completes("chapters show deeps", tmp_path) == f"chapters show {escaped} "


@pytest.mark.timeout(90)
def test_zsh_completes_a_format(tmp_path: Path) -> None:
    assert zsh_completes("chapters export --to webv", tmp_path) == "chapters export --to webvtt "
