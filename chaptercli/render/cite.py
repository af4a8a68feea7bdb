"""Search matches as Markdown quotes, to paste into notes:

    > **Sarah:** should have a podcast trailer
    >
    > — Podcasting Q&A, *Trailers*, [0:02](<https://example.com/ep.mp3#t=2.76>)

Every text from the episode is untrusted: cleaned of control characters and
with Markdown's punctuation escaped, so a title cannot turn into a link, an
image or markup. Only http and https links are written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chaptercli.render.sanitize import clean
from chaptercli.times import format_time

if TYPE_CHECKING:
    from chaptercli.entries import Entry
    from chaptercli.results import SearchResult
    from chaptercli.search import Match

# What Markdown may read as markup; and a start that would make a numbered list.
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~&])")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])")


def markdown(text: str) -> str:
    """Untrusted text as Markdown that shows exactly it, on one line."""
    return _NUMBERED.sub(r"\1\\\2", _MARKUP.sub(r"\\\1", clean(text)))


def _link(url: str | None, ms: int) -> str:
    """The time, linked to the episode at that second when it is on the web."""
    from chaptercli.navigate import link_at, url_kind

    shown = markdown(format_time(ms))
    link = link_at(url, ms) if url and url_kind(url) == "web" else None
    return f"[{shown}](<{link}>)" if link else shown


def _quote(entry: Entry, match: Match) -> str:
    speaker = f"**{markdown(match.speaker)}:** " if match.speaker else ""
    ms = match.chapter.start_ms if match.time_ms is None else match.time_ms
    where = markdown(entry.podcast) + ", " if entry.podcast else ""
    where += f"{markdown(entry.title)}, *{markdown(match.chapter.title)}*, {_link(entry.url, ms)}"
    return f"> {speaker}{markdown(match.text)}\n>\n> — {where}\n"


def cite(result: SearchResult) -> str:
    """Each match of the search (an episode's title excepted) as a quote."""
    quotes = [_quote(group.entry, match) for group in result.groups() for match in group.matches]
    return "\n".join(quotes)
