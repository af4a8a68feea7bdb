"""The bundled episode is the seed's show notes, verbatim."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from helpers import BUNDLED, ROOT, SEED

from chaptercli.discovery import bundled_path
from chaptercli.loader import load_episode
from chaptercli.times import parse_time

PODCAST = "Dwarkesh Podcast"


def seed_chapters() -> list[dict[str, object]]:
    """Read the seed independently of chaptercli's own readers."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    chapters: list[dict[str, object]] = []
    index = lines.index("CHAPTERS") + 1
    while index < len(lines) and lines[index]:
        times = re.fullmatch(r"- (\S+) – (\S+)", lines[index])
        assert times, lines[index]
        bullets = []
        cursor = index + 3
        while cursor < len(lines) and lines[cursor].startswith("- •"):
            bullets.append(lines[cursor][len("- •") :])
            cursor += 1
        chapters.append(
            {
                "start": times[1],
                "end": times[2],
                "title": lines[index + 1],
                "summary": lines[index + 2],
                "bullets": bullets,
            }
        )
        index = cursor
    return chapters


# The seed as it was given (seeds/000_1ef0dfca4e77eb1e.txt), copied into the repository
# byte for byte: its digest, so the copy is checked wherever the tests run.
SEED_SHA256 = "c7ba7bf2545762eb827e1827bff48e2f9f1d8c0b8ac7a98b1a87db2278b0580f"


def test_fixture_is_the_seed_verbatim() -> None:
    raw = SEED.read_bytes()
    assert len(raw) == 14_526
    assert hashlib.sha256(raw).hexdigest() == SEED_SHA256
    assert raw.decode("utf-8").startswith(PODCAST + "Mark Zuckerberg")


def test_bundled_yaml_holds_the_seed_verbatim() -> None:
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    first_line = SEED.read_text(encoding="utf-8").split("\n")[0]
    assert data["podcast"] == PODCAST
    assert data["podcast"] + data["title"] == first_line
    assert data["title"] == "Mark Zuckerberg — AI will write most Meta code in 18 months"
    assert "url" not in data  # the seed has none
    expected = seed_chapters()
    assert len(expected) == 15
    assert all(len(c["bullets"]) == 5 for c in expected)  # type: ignore[arg-type]
    assert data["chapters"] == expected


def test_times_in_the_file_are_quoted_strings() -> None:
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for chapter in data["chapters"]:
        assert isinstance(chapter["start"], str) and isinstance(chapter["end"], str)


def test_loaded_episode_matches_the_seed() -> None:
    episode = load_episode(bundled_path())
    expected = seed_chapters()
    assert [c.title for c in episode.chapters] == [c["title"] for c in expected]
    assert [c.start_ms for c in episode.chapters] == [parse_time(str(c["start"])) for c in expected]
    assert episode.chapters[-1].end_ms == parse_time("1:15:49")
    assert episode.length_ms == 4_549_000
    assert "’" in episode.chapters[0].title  # typography kept


def test_one_copy_of_the_data_file() -> None:
    copies = [p for p in ROOT.rglob("chapters.yaml") if ".venv" not in p.parts]
    made = {"build", "dist", "mutants"}  # by builds and by mutation testing, all ignored by git
    copies = [p for p in copies if not made & set(p.relative_to(ROOT).parts)]
    assert copies == [BUNDLED]
    assert bundled_path() == BUNDLED or bundled_path().read_bytes() == BUNDLED.read_bytes()


def test_bundled_path_is_absolute() -> None:
    assert Path(bundled_path()).is_absolute()
