"""What the command line offers as choices: the formats in the registry, the
platforms `check --for` knows. Typer reads the name types as choices, so `--help` and
shell completion list them and a name not among them is a usage error.

They are built from the registry when this module is first imported (by the
command line, as it starts): a format registered before then is offered. mypy
sees plain `str`, which is what a command receives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from chaptercli import formats
from chaptercli.platforms import PLATFORMS

if TYPE_CHECKING:
    WriteName = str
    ReadName = str
else:
    WriteName = Literal[tuple(formats.names())]
    ReadName = Literal[tuple(formats.readable_names())]


def in_words(names: Sequence[str]) -> str:
    """`a, b or c`."""
    return " or ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


WRITE_HELP = f"Format to write: {in_words(formats.names())}."
READ_HELP = f"Its format, when detection guesses wrong: {in_words(formats.readable_names())}."
PLATFORM_HELP = f"Also apply a platform's rules: {in_words(PLATFORMS)}."
