"""What was said, in browse: the selected chapter's transcript under its
details, the filter's matches in it highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from chaptercli.browse.common import highlighted
from chaptercli.errors import ChapterError
from chaptercli.render.sanitize import clean
from chaptercli.times import format_time

if TYPE_CHECKING:
    from chaptercli.entries import Entry
    from chaptercli.library import Library
    from chaptercli.model import Chapter
    from chaptercli.search import Match
    from chaptercli.transcripts.cue import Cue


def transcript_of(library: Library, entry: Entry) -> tuple[list[Cue] | None, str]:
    """The episode's cues (None without a transcript), or why they cannot be read."""
    from chaptercli.transcripts.shelf import Transcripts

    try:
        return Transcripts(library).cues(entry), ""
    except ChapterError as error:
        return None, "\n".join(clean(line) for line in error.lines())


def said_text(cues: Sequence[Cue], chapter: Chapter, matches: Sequence[Match]) -> Text:
    """The chapter's cues, a line each (time, speaker, words), matches highlighted."""
    spans = {m.time_ms: m.spans for m in matches if m.time_ms is not None}
    text = Text("\n\nsaid:", style="dim")
    for cue in cues:
        if not cue.overlaps(chapter.start_ms, chapter.end_ms):
            continue
        text.append(f"\n{format_time(cue.start_ms)} ", "cyan")
        if cue.speaker:
            text.append(f"{clean(cue.speaker)}: ", "bold")
        # A phrase may run on into the next cues: here, only its part in this one.
        own = tuple((start, min(end, len(cue.text))) for start, end in spans.get(cue.start_ms, ())
                    if start < len(cue.text))  # fmt: skip
        text.append_text(highlighted(cue.text, own))
    return text
