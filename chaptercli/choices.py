"""What the command line offers as choices: the formats in the registry, the
platforms `check --for` knows. Names are read in any case and by their common
aliases (`formats.resolve`); help and completion list the registry's names in
its order, the one order used everywhere (help, errors, README).

Read from the registry when the command line starts: a format registered before
then is offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from chaptercli import formats
from chaptercli.platforms import PLATFORMS


def in_words(names: Sequence[str]) -> str:
    """`a, b or c`."""
    return " or ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def _starting(incomplete: str, offered: list[str]) -> list[str]:
    """The offered format names, then their aliases, that start with what was typed
    (in any case)."""
    typed = incomplete.lower()
    entries = [entry for entry in formats.FORMATS if entry.name in offered]
    names = [entry.name for entry in entries if entry.name.startswith(typed)]
    aliases = [alias for entry in entries for alias in entry.aliases
               if typed and alias.startswith(typed)]  # fmt: skip
    return names + aliases


def complete_format(incomplete: str) -> list[str]:
    return _starting(incomplete, formats.writable_names())


def complete_readable(incomplete: str) -> list[str]:
    return _starting(incomplete, formats.readable_names())


def complete_platform(incomplete: str) -> list[str]:
    return [name for name in PLATFORMS if name.startswith(incomplete.lower())]


_ALIASES = "; any case, and common names such as vtt, ffmeta or chapters.json, work too"
WRITE_HELP = f"Format to write: {in_words(formats.writable_names())}{_ALIASES}."
READ_HELP = (
    f"Its format, when detection guesses wrong: {in_words(formats.readable_names())}{_ALIASES}."
)
PLATFORM_HELP = f"Also apply a platform's rules: {in_words(PLATFORMS)}."
