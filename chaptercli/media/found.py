"""What a tag family's reader found in a media file, before it is an episode."""

from __future__ import annotations

from dataclasses import dataclass, field

from chaptercli.drafts import ChapterDraft


@dataclass
class MediaChapters:
    """The chapters, the duration and the tags read from one media file, with notes
    on what was left out or found wrong (said to the person, and checked)."""

    chapters: list[ChapterDraft | None]  # None: a chapter that could not be read
    duration_ms: int | None
    title: str | None = None
    podcast: str | None = None
    notes: list[str] = field(default_factory=list)
    # What `check` holds against the file: (rule, message), found while reading.
    problems: list[tuple[str, str]] = field(default_factory=list)
