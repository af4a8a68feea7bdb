"""Paths and measures shared by the tests (importable as `helpers`: pytest puts tests/
on sys.path)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed_shownotes.txt"
BUNDLED = ROOT / "data" / "chapters.yaml"


# What a terminal shows of a line: colours and hyperlinks (OSC 8) take no room.
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_HYPERLINK = re.compile(r"\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")


def visible(text: str) -> str:
    """Text without the colour and hyperlink sequences a terminal does not show."""
    return _HYPERLINK.sub("", _SGR.sub("", text))


def cells(line: str) -> int:
    """The terminal columns a line of visible text takes, as wcwidth counts them:
    wide East Asian characters and emoji two, combining marks and format characters
    none, the rest one. Written here, apart from the renderer's own measure."""
    assert "\x1b" not in line, repr(line)  # an escape left over would make the count a lie
    width = 0
    for char in line:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def two_way() -> list[str]:
    """The formats that can be both written and read, from the registry: a newly
    registered one joins every round trip."""
    from chaptercli import formats

    return [name for name in formats.readable_names() if name in formats.writable_names()]
