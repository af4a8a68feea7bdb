"""An item's episode: its chapters from the best source it has, read by the
registered format readers, under the item's own title, podcast, url and duration.

The sources, in order of preference: the Podcasting 2.0 chapters JSON the item
links to, the Podlove Simple Chapters inside it, the timestamps in its show
notes. A source that fails is said, and the next one is tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chaptercli import formats
from chaptercli.drafts import ChapterDraft, EpisodeDraft, validate
from chaptercli.errors import ChapterError
from chaptercli.feeds.parse import Item, Link
from chaptercli.model import Episode

LINKED = "podcast:chapters"
INLINE = "psc:chapters"
SHOW_NOTES = "show notes"
# A lone time in show notes is prose ("at 12:00 we…"), not a table of contents.
_FEWEST_FROM_NOTES = 2

# Transcript types, best first: the namespace's JSON has speakers and exact times.
_TRANSCRIPT_TYPES = (
    ("json", ("application/json",)),
    ("vtt", ("text/vtt",)),
    ("srt", ("application/srt", "application/x-subrip", "text/srt")),
    ("html", ("text/html",)),
)


@dataclass(frozen=True)
class Built:
    """The item's episode (None: no chapters anywhere), where its chapters came
    from, and the problems met on the way."""

    episode: Episode | None
    chapters_from: str | None
    problems: tuple[str, ...] = ()


def transcript_choice(links: tuple[Link, ...]) -> tuple[Link, str] | None:
    """The best transcript an item links to, and the extension it is saved with."""
    for extension, types in _TRANSCRIPT_TYPES:
        for link in links:
            kind = link.type.split(";", 1)[0].strip().lower()
            if kind in types or (not kind and link.url.lower().endswith("." + extension)):
                return link, extension
    return None


def build_episode(item: Item, podcast: str, linked: Callable[[Link], str], source: str) -> Built:
    """The episode of an item. `linked` gives the text of a link (raising a
    ChapterError naming its URL when it cannot)."""
    problems: list[str] = []
    attempts: list[tuple[str, Callable[[], Episode]]] = []
    if item.chapters is not None:
        link = item.chapters
        attempts.append((link.url, lambda: _read(linked(link), link.url, "podcast2")))
    if item.psc is not None:
        psc = item.psc
        attempts.append((INLINE, lambda: _read(psc, f"{source}: {INLINE}", "psc")))
    if item.notes:
        attempts.append((SHOW_NOTES, lambda: _from_notes(item.notes, f"{source}: {SHOW_NOTES}")))
    for name, attempt in attempts:
        try:
            found = attempt()
        except ChapterError as error:
            problems.append(error.message if name != SHOW_NOTES else "")
            continue
        try:
            return Built(_as_item(found, item, podcast, source), name, _said(problems))
        except ChapterError as error:
            problems.append(error.message)
            return Built(None, None, _said(problems))
    return Built(None, None, _said(problems))


def _said(problems: list[str]) -> tuple[str, ...]:
    return tuple(problem for problem in problems if problem)


def _read(text: str, source: str, name: str) -> Episode:
    return formats.read(text, source, name).episode


def _from_notes(text: str, source: str) -> Episode:
    episode = _read(text, source, "youtube")
    if len(episode.chapters) < _FEWEST_FROM_NOTES:
        raise ChapterError(f"{source}: a single time is not a table of contents")
    return episode


def _as_item(found: Episode, item: Item, podcast: str, source: str) -> Episode:
    """The chapters found, under the item's title, podcast, url and duration,
    validated again as one episode (a chapter past the duration is refused)."""
    chapters: list[ChapterDraft | None] = [
        ChapterDraft(start_ms=c.start_ms, title=c.title, end_ms=c.end_ms, summary=c.summary,
                     bullets=c.bullets, url=c.url, image=c.image, hidden=c.hidden)
        for c in found.chapters
    ]  # fmt: skip
    draft = EpisodeDraft(
        title=item.title or found.title,
        chapters=chapters,
        podcast=podcast or found.podcast,
        url=item.url,
        duration_ms=item.duration_ms,
    )
    return validate(draft, f"{source}: item {item.title[:80]!r}")
