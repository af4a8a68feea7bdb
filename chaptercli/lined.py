"""Where things are in the file they came from: mappings that know their lines.

Apart from the YAML loader that makes them (it imports PyYAML), so that code that
names a place need not import it."""

from __future__ import annotations

from typing import Any


class LinedDict(dict[Any, Any]):
    """A mapping as the file wrote it, with the line it starts on and the line of
    each of its keys (from 1): for messages that name the place."""

    __slots__ = ("line", "lines")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.lines: dict[Any, int] = {}


def line_of(data: Any, key: Any = None) -> int | None:
    """Where a mapping (or one of its keys) is in its file, when it is known."""
    if not isinstance(data, LinedDict):
        return None
    return data.lines.get(key, data.line) if key is not None else data.line
