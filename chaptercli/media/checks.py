"""`chapters check -f MEDIA`: what players will show of a media file's chapters.
The structural rules, held against the media's own duration, and what the
readers found that some players get wrong, each with its specific message."""

from __future__ import annotations

from pathlib import Path

from chaptercli import rules
from chaptercli.drafts import EpisodeDraft, validate
from chaptercli.errors import DataError
from chaptercli.media import id3, mp4, vorbis
from chaptercli.media.read import chapters_of
from chaptercli.results import Checked

# How much each reader's finding matters: a chapter some players drop or misplace
# is an error; chapters that only some apps show are a warning.
SEVERITY = {
    id3.NO_CTOC: rules.ERROR,
    id3.V24_LONG: rules.ERROR,
    mp4.ONE_KIND: rules.WARNING,
    mp4.DISAGREE: rules.WARNING,
    vorbis.ROUNDED: rules.WARNING,
}


def check_media(path: Path, kind: str) -> Checked:
    """The media file's episode and its problems; a file that cannot be read, as a
    problem that names it."""
    source = str(path)
    try:
        found = chapters_of(source, kind)
    except DataError as error:
        return Checked(
            source, None, [rules.Problem(rules.ERROR, "load", p) for p in error.problems]
        )
    if not found.chapters:
        return Checked(source, None, [rules.Problem(rules.ERROR, "load", "it has no chapters")])
    draft = EpisodeDraft(found.title or path.stem, found.chapters, found.podcast, None,
                         found.duration_ms)  # fmt: skip
    try:
        episode = validate(draft, source, strict=False)
    except DataError as error:
        return Checked(
            source, None, [rules.Problem(rules.ERROR, "load", p) for p in error.problems]
        )
    problems = [rules.Problem(SEVERITY[rule], rule, message) for rule, message in found.problems]
    problems += rules.structural(episode.chapters, episode.duration_ms)
    return Checked(source, len(episode.chapters), problems)
