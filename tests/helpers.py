"""Paths shared by the tests (importable as `helpers`: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed_shownotes.txt"
BUNDLED = ROOT / "data" / "chapters.yaml"


def two_way() -> list[str]:
    """The formats that can be both written and read, from the registry: a newly
    registered one joins every round trip."""
    from chaptercli import formats

    return [name for name in formats.readable_names() if name in formats.writable_names()]
