"""What a chapter format is: a Writer, and for a format that can be read too, a Reader.

A format module ends with `FORMAT: Reader = TwoWay(...)` (or `FORMAT: Writer =
ExportOnly(...)` for an export-only format); mypy checks that its functions fit.
This module imports nothing heavy: the registry in `chaptercli.formats` and the
command line read it without loading any format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from chaptercli.model import Episode

# What an episode can hold beyond chapter starts and titles, in the words an
# export warning uses ("youtube cannot carry the episode's title, …"); a
# format's `carries` is the part of it that the format keeps.
TITLE = "title"
PODCAST = "podcast name"
URL = "url"
SUMMARIES = "summaries"
BULLETS = "bullets"
ENDS = "end times"
MILLISECONDS = "fractions of a second"
BELOW_A_FRAME = "times finer than 1/75 s"
EVERYTHING = frozenset({TITLE, PODCAST, URL, SUMMARIES, BULLETS, ENDS, MILLISECONDS, BELOW_A_FRAME})


@runtime_checkable
class Writer(Protocol):
    """A format chapters can be exported to."""

    @property
    def name(self) -> str:
        """What `--to` and `--from` call it."""

    @property
    def example(self) -> str:
        """One line of it, for the message shown when no format fits some text."""

    @property
    def carries(self) -> frozenset[str]:
        """The words above for what it keeps; export warns about the rest."""

    def write(self, episode: Episode, /) -> str:
        """The episode in this format; a ChapterError if the format cannot hold it."""


@runtime_checkable
class Reader(Writer, Protocol):
    """A format that can be imported as well."""

    def read(self, text: str, source: str, /) -> Episode:
        """The episode in text (from source, named in errors), validated; else a ChapterError."""

    def sniff(self, text: str, /) -> bool:
        """Does the text look like this format? Cheap, and never raises.

        (Issue 10 turns this into a confidence score: `formats.detect` is the
        only caller, so the change stays in two places.)"""


@dataclass(frozen=True)
class ExportOnly:
    """A Writer made of a module's `write` function."""

    name: str
    example: str
    carries: frozenset[str]
    write: Callable[[Episode], str]


@dataclass(frozen=True)
class TwoWay(ExportOnly):
    """A Reader made of a module's `write`, `read` and `sniff` functions."""

    read: Callable[[str, str], Episode]
    sniff: Callable[[str], bool]
