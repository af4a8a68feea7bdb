"""An episode as it was found, and the one validation that makes it an Episode.

The YAML loader and every format's reader build an EpisodeDraft, with times in
integer milliseconds, and hand it to `validate`: every way in is checked by the
same rules and reported in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chaptercli import rules
from chaptercli.errors import DataError
from chaptercli.model import Chapter, Episode
from chaptercli.rules import label


@dataclass
class ChapterDraft:
    """A chapter as found: its end may be missing, to be filled from what follows."""

    start_ms: int
    title: str
    end_ms: int | None = None
    summary: str | None = None
    bullets: tuple[str, ...] = ()
    line: int | None = None  # where it is in its file, when known: messages name it
    url: str | None = None
    image: str | None = None
    hidden: bool = False


@dataclass
class EpisodeDraft:
    """An episode as found.

    A chapter that could not be read at all stands as None: it keeps its place,
    so the chapters after it keep their numbers in what is reported."""

    title: str
    chapters: Sequence[ChapterDraft | None]
    podcast: str | None = None
    url: str | None = None
    duration_ms: int | None = None
    transcript: str | None = None


def validate(
    draft: EpisodeDraft, source: str, strict: bool = True, problems: Sequence[str] = ()
) -> Episode:
    """The Episode, or a DataError listing every problem: those the reader found
    (`problems`, listed first) and the structural ones.

    Not strict, chapters out of order or overlapping are let through, for
    `chapters check` to report alongside the rest."""
    chapters = _chapters(draft)
    lines = {n: c.line for n, c in enumerate(draft.chapters, 1) if c is not None and c.line}
    found = [
        *problems,
        *(
            _at(lines.get(problem.chapter.number)) + f"{label(problem.chapter)}: {problem.message}"
            if problem.chapter
            else problem.message
            for problem in rules.structural(chapters, draft.duration_ms)
            if strict and problem.rule in rules.FATAL_RULES
        ),
    ]
    if found:
        raise DataError(source, found)
    return Episode(
        title=draft.title,
        chapters=tuple(chapters),
        podcast=draft.podcast,
        url=draft.url,
        duration_ms=draft.duration_ms,
        transcript=draft.transcript,
        source=source,
    )


def _at(line: int | None) -> str:
    return f"line {line}: " if line else ""


def _chapters(draft: EpisodeDraft) -> list[Chapter]:
    """The chapters that could be read, each missing end filled from the next
    start (the duration, for the last), where that is sound."""
    numbered = [(number, c) for number, c in enumerate(draft.chapters, 1) if c is not None]
    chapters = []
    for index, (number, chapter) in enumerate(numbered):
        end = chapter.end_ms
        if end is None:
            following = (
                numbered[index + 1][1].start_ms if index + 1 < len(numbered) else draft.duration_ms
            )
            end = following if following is not None and following > chapter.start_ms else None
        chapters.append(
            Chapter(
                number=number,
                start_ms=chapter.start_ms,
                end_ms=end,
                title=chapter.title,
                summary=chapter.summary,
                bullets=chapter.bullets,
                url=chapter.url,
                image=chapter.image,
                hidden=chapter.hidden,
            )
        )
    return chapters
