"""What a chapter format is: a Writer, a Reader, or both.

A format module ends with `FORMAT: Reader = TwoWay(...)` (`ExportOnly(...)` for a
format that can only be written, `ReadOnly(...)` for one that can only be read);
mypy checks that its functions fit. This module imports nothing heavy: the
registry in `chaptercli.formats` and the command line read it without loading
any format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

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

# How sure a sniffer is that some text is in its format (`sniff` may return any
# number from 0 to 100; these are the steps the formats use). Detection takes
# the surest; a tie goes to the format registered first.
NOT_IT = 0
LOOSE = 25  # a lenient reading finds chapters in it (a description's timestamps)
GENERIC = 50  # the shape fits, but other formats share it (a mapping with chapters)
DISTINCT = 75  # the format's own line syntax, throughout
SIGNED = 100  # the format's own header, signature or namespace


class Reading(NamedTuple):
    """What a reader found: the episode, and notes on what it left out or
    assumed (lines skipped, other episodes of a feed), said to the person."""

    episode: Episode
    notes: tuple[str, ...] = ()


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
class Reader(Protocol):
    """A format that can be imported."""

    @property
    def name(self) -> str:
        """What `--from` calls it."""

    @property
    def example(self) -> str:
        """One line of it, for the message shown when no format fits some text."""

    def read(self, text: str, source: str, /) -> Reading:
        """The episode in text (from source, named in errors), validated, with notes
        on what was skipped; else a ChapterError."""

    def sniff(self, text: str, /) -> int:
        """How sure it is that text is in this format, from NOT_IT (0) to SIGNED
        (100). Linear in the text, and never raises."""


@dataclass(frozen=True)
class ExportOnly:
    """A Writer made of a module's `write` function."""

    name: str
    example: str
    carries: frozenset[str]
    write: Callable[[Episode], str]


@dataclass(frozen=True)
class ReadOnly:
    """A Reader made of a module's `read` and `sniff` functions."""

    name: str
    example: str
    read: Callable[[str, str], Reading]
    sniff: Callable[[str], int]


@dataclass(frozen=True)
class TwoWay(ExportOnly):
    """A Reader and Writer made of a module's `write`, `read` and `sniff` functions."""

    read: Callable[[str, str], Reading]
    sniff: Callable[[str], int]
