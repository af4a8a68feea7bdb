"""Paths shared by the tests (importable as `helpers`: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed_shownotes.txt"
BUNDLED = ROOT / "data" / "chapters.yaml"
