"""What the browse screens share: highlighted text, errors as notifications,
the filter's matcher, a time between chapters in words, whether the prompt is
being typed in."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen

from chaptercli.errors import ChapterError
from chaptercli.navigate import Position
from chaptercli.render.paint import HIGHLIGHT
from chaptercli.render.sanitize import clean
from chaptercli.search import Matcher
from chaptercli.times import format_time


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: str = "") -> Text:
    line = Text(style=style)
    cursor = 0
    for start, end in spans:
        line.append(clean(text[cursor:start]))
        line.append(clean(text[start:end]), HIGHLIGHT)
        cursor = end
    line.append(clean(text[cursor:]))
    return line


def shown(error: ChapterError) -> str:
    """An error's lines, each cleaned and kept on its own line."""
    return "\n".join(clean(line) for line in error.lines())


def matcher_for(words: str) -> Matcher | None:
    try:
        return Matcher(words.split())
    except ChapterError:
        return None  # nothing typed yet: no filter


def between(position: Position) -> str:
    """A time in a gap, said as `chapters at` says it."""
    said = f"{format_time(position.time_ms)} is between chapters: nothing is playing"
    upcoming = position.next
    if upcoming is None:
        return said
    wait = format_time(upcoming.start_ms - position.time_ms)
    return f"{said}\nnext, in {wait}: {upcoming.number}. {clean(upcoming.title)}"


def prompt_has_keys(screen: Screen[None]) -> bool:
    """Whether the screen's prompt has the keys (so letters are text, not commands)."""
    return any(prompt.has_focus for prompt in screen.query("#prompt"))
