"""YAML that the parser takes but this tool refuses: data that aliases repeat far
beyond the size of the file (a "billion laughs"), and a value that cannot be
built (an integer too long for Python to read, a date that does not exist),
found again with its line. Plain data in, a message out: no file, no terminal.
"""

from __future__ import annotations

import sys
from typing import Any

# Without aliases a file's data is at most about 1.5 units (characters of text, plus
# one per value) per byte of it; a little more is fair, and small files may use
# aliases freely. Beyond 128 MiB a file is refused whatever its size: the largest
# file read (64 MiB) cannot hold more without repeating its data.
EXPANSION = 10
MARGIN = 1 << 20
CEILING = 128 << 20

# The errors a constructor of PyYAML raises on a scalar it cannot build (a date
# out of range, `!!bool maybe`, `!!int ""`, an integer over Python's digit limit).
BUILD_ERRORS = (ValueError, TypeError, LookupError, AttributeError, ArithmeticError)

_NAMES = {"int": "an integer", "float": "a number", "bool": "true or false",
          "timestamp": "a date", "null": "null"}  # fmt: skip
_SHOWN = 40  # characters of a value quoted in a message


def expansion_problem(data: Any, size: int) -> str | None:
    """Why data parsed from a file of `size` bytes is refused as an alias bomb, if it is."""
    limit = min(EXPANSION * size + MARGIN, CEILING)
    units = expanded_units(data, limit)
    if units <= limit:
        return None
    return (f"its aliases (*name) expand to more than {limit >> 20} MiB of data from "
            f"{size:,} bytes: refused as an alias bomb")  # fmt: skip


def expanded_units(data: Any, limit: int) -> int:
    """How big data would be with every alias copied out (characters of text, plus one
    per value), without copying: each list and mapping is measured once, however often
    it is shared. Counting stops a little past limit. A list or mapping that contains
    itself counts once where it recurs."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        value, measured = stack.pop()
        if measured:  # its children are measured: add them up
            sizes[id(value)] = min(1 + sum(_units(child, sizes) for child in _children(value)),
                                   limit + 1)  # fmt: skip
        elif _is_container(value) and id(value) not in sizes:
            sizes[id(value)] = 1  # while its children are measured; met again, a cycle
            stack.append((value, True))
            stack += [(child, False) for child in _children(value) if _is_container(child)]
    return _units(data, sizes)


def _is_container(value: Any) -> bool:
    return isinstance(value, (dict, list, set, tuple))


def _children(value: Any) -> list[Any]:
    return [*value.keys(), *value.values()] if isinstance(value, dict) else list(value)


def _units(value: Any, sizes: dict[int, int]) -> int:
    if isinstance(value, (str, bytes)):
        return 1 + len(value)
    return sizes.get(id(value), 1)


def unbuildable(document: str | bytes, loader: Any) -> str:
    """Where the first scalar of a document that cannot be built is, and why: the
    message for a construction error, which PyYAML raises without a place."""
    import yaml

    probe = loader("")
    for event in yaml.parse(document, Loader=loader):
        if not isinstance(event, yaml.ScalarEvent):
            continue
        tag = event.tag
        if tag is None or tag == "!":
            tag = probe.resolve(yaml.ScalarNode, event.value, event.implicit)
        build = probe.yaml_constructors.get(tag)
        if build is None:
            continue
        try:
            build(probe, yaml.ScalarNode(tag, event.value))
        except (*BUILD_ERRORS, yaml.YAMLError) as error:
            mark = event.start_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            return where + _why(tag.rpartition(":")[2], event.value, error)
    return "a value that cannot be read"  # not a scalar's fault: no place to name


def _why(name: str, value: str, error: Exception) -> str:
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    if name == "int" and limit and sum(char.isdigit() for char in value) > limit:
        return f"a number too long ({sum(char.isdigit() for char in value):,} digits)"
    shown = repr(value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…")
    detail = f" ({error})" if name == "timestamp" and isinstance(error, ValueError) else ""
    return f"{shown} is not {_NAMES.get(name, 'a valid !!' + name)}{detail}"
