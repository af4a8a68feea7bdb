"""The transcripts of a library's episodes, read when a command first needs one.

The one way commands reach transcripts, so that the index can serve them later:
for now an episode the index gave has no transcript path (the index keeps no
such column), so its chapters file is read again, and parsed only if it
mentions a transcript; the transcript itself is parsed on demand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chaptercli.errors import ChapterError, DataError
from chaptercli.transcripts.cue import Cue

if TYPE_CHECKING:
    from chaptercli.entries import Entry
    from chaptercli.library import Library


class Transcripts:
    def __init__(self, library: Library) -> None:
        self.library = library
        self._paths: dict[str, list[str | None]] = {}  # chapters file -> per episode
        self._cues: dict[Entry, list[Cue]] = {}

    def path(self, entry: Entry) -> str | None:
        """The episode's `transcript:`, as its chapters file gives it."""
        if not self.library.from_index:
            return self.library.episode(entry).transcript
        if entry.path not in self._paths:
            self._paths[entry.path] = _paths_in(entry.path)
        paths = self._paths[entry.path]
        return paths[entry.position - 1] if entry.position <= len(paths) else None

    def cues(self, entry: Entry) -> list[Cue] | None:
        """What was said in the episode (None: it has no transcript); a DataError
        naming the file, the place and the problem when it cannot be read."""
        path = self.path(entry)
        if path is None:
            return None
        if entry not in self._cues:
            from pathlib import PurePath

            from chaptercli.transcripts.place import transcript_file
            from chaptercli.transcripts.read import read_transcript

            shown = str(PurePath(entry.path).parent / path)  # as the chapters file names it
            self._cues[entry] = read_transcript(transcript_file(entry.path, path), shown)
        return self._cues[entry]

    def needed(self, entry: Entry) -> list[Cue]:
        """The episode's cues, for a command that cannot do without them."""
        cues = self.cues(entry)
        if cues is None:
            raise ChapterError(f"{entry.name()} has no transcript: add `transcript:` to its "
                               "chapters file, with the path of an SRT, WebVTT, JSON or HTML "
                               "transcript next to it")  # fmt: skip
        return cues


def _paths_in(chapters_file: str) -> list[str | None]:
    """Each episode's transcript path in a chapters file (none without a mention)."""
    from pathlib import Path

    from chaptercli.filebytes import read_bytes
    from chaptercli.reading import parse_file

    try:
        raw = read_bytes(Path(chapters_file))
    except DataError:
        return []  # changed since the index read it: no transcript to offer
    if b"transcript" not in raw:
        return []
    return [episode.transcript for episode in parse_file(raw, chapters_file)[0]]
