"""The transcripts of a library's episodes, read when a command first needs one.

The one way commands reach transcripts, so that the index can serve them later:
for now an episode the index gave has no transcript path (the index keeps no
such column), so its chapters file is read again, and parsed only if it
mentions a transcript; the transcript itself is parsed on demand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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

    def path(self, entry: Entry) -> str | None:
        """The episode's `transcript:`, as its chapters file gives it."""
        if not self.library.from_index:
            return self.library.episode(entry).transcript
        if entry.path not in self._paths:
            self._paths[entry.path] = _paths_in(entry.path)
        paths = self._paths[entry.path]
        return paths[entry.position - 1] if entry.position <= len(paths) else None

    def cues(self, entry: Entry, wanted: Callable[[str], bool] | None = None) -> list[Cue] | None:
        """What was said in the episode (None: it has no transcript; none, unparsed,
        when its text is not `wanted`); a DataError naming the file, the place and
        the problem when it cannot be read. Read afresh each time, not kept: a
        search goes through every transcript once."""
        path = self.path(entry)
        if path is None:
            return None
        from pathlib import PurePath

        from chaptercli.transcripts.place import transcript_file
        from chaptercli.transcripts.read import read_transcript

        shown = str(PurePath(entry.path).parent / path)  # as the chapters file names it
        return read_transcript(transcript_file(entry.path, path), shown, wanted)

    def needed(self, entry: Entry) -> list[Cue]:
        """The episode's cues, for a command that cannot do without them."""
        cues = self.cues(entry)
        if cues is None:
            raise ChapterError(f"{entry.name()} has no transcript: add `transcript:` to its "
                               "chapters file, with the path of an SRT, WebVTT, JSON or HTML "
                               "transcript next to it")  # fmt: skip
        return cues


# A top-level `transcript:` of a one-episode file, a plain value on its own line.
_TOP_KEY = re.compile(rb"^transcript:[ \t]*([^\r\n]*?)[ \t]*(\r?\n|$)", re.MULTILINE)
_EPISODES = re.compile(rb"^episodes[ \t]*:", re.MULTILINE)
_NOT_PLAIN = tuple(b"\"'>|&*!{[#%@`")


def _paths_in(chapters_file: str) -> list[str | None]:
    """Each episode's transcript path in a chapters file (none without a mention)."""
    from pathlib import Path

    from chaptercli.filebytes import read_bytes
    from chaptercli.reading import parse_file

    try:
        raw = read_bytes(Path(chapters_file))
    except DataError:
        return []  # changed since the index read it: no transcript to offer
    wide = b"\x00" in raw[:200]  # UTF-16 or UTF-32: the bytes below are not its text
    if not wide and b"transcript" not in raw:
        return []
    quick = None if wide else _plain_path(raw)
    if quick is not None:
        return [quick]
    return [episode.transcript for episode in parse_file(raw, chapters_file)[0]]


def _plain_path(raw: bytes) -> str | None:
    """The transcript path of a one-episode file read from its line alone, when it is
    a plain value (no quotes, no comment, not continued on the next line): parsing
    the whole file costs a hundred times more. None: parse the file. The path is
    checked when it is opened (`place.transcript_file`)."""
    found = list(_TOP_KEY.finditer(raw))
    if len(found) != 1 or _EPISODES.search(raw):
        return None
    value, after = found[0][1], found[0].end()
    continued = raw[after : after + 1] in (b" ", b"\t")
    if not value or value[0] in _NOT_PLAIN or b" #" in value or continued:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None
