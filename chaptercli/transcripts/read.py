"""A transcript file into its cues, in whichever format its content shows.

Detection looks at the content, not the name (a feed's file names say little):
`WEBVTT` starts a WebVTT file, `{` a JSON one, `<` an HTML one; a first line
that is a cue number or holds `-->` starts an SRT file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chaptercli.errors import DataError
from chaptercli.transcripts.cue import Cue, with_ends

FORMATS = 'SRT, WebVTT, the Podcasting 2.0 JSON ({"segments": …}) or HTML (<cite>, <time>, <p>)'


def transcript_format(text: str) -> str | None:
    """The format the text's start shows ("srt", "webvtt", "json", "html"), or None."""
    head = text.removeprefix("\ufeff").lstrip()
    first = head.split("\n", 1)[0].strip()
    if head.startswith("WEBVTT") and head[6:7] in ("", " ", "\t", "\n", "\r"):
        return "webvtt"
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        return "html"
    if (first.isascii() and first.isdigit()) or "-->" in first:
        return "srt"
    return None


def parse_transcript(text: str, source: str) -> list[Cue]:
    """The cues of a transcript's text, in time order, every end but perhaps the
    last one's known; a DataError naming the place and the problem."""
    from chaptercli.transcripts import captions, htmlpage, segments

    kind = transcript_format(text)
    if kind in ("webvtt", "srt"):
        cues = captions.read_captions(text, source, webvtt=kind == "webvtt")
    elif kind == "json":
        cues = segments.read_segments(text, source)
    elif kind == "html":
        cues = htmlpage.read_page(text, source)
    else:
        raise DataError(source, [f"not a transcript this tool reads: expected {FORMATS}"])
    return with_ends(cues)


def read_transcript(
    path: Path, source: str | None = None, wanted: Callable[[str], bool] | None = None
) -> list[Cue]:
    """The cues of a transcript file (a regular file, within the size limit);
    messages name it as `source` (the path as the person knows it) when given.
    No cues, unparsed, when its text is not `wanted` (a search's quick test)."""
    from chaptercli.filebytes import read_bytes
    from chaptercli.loader import decode_text

    source = source or str(path)
    try:
        raw = read_bytes(path)
    except DataError as error:  # a directory or FIFO is no transcript, not "no chapters file"
        problems = [p.replace("not a chapters file", "not a transcript") for p in error.problems]
        raise DataError(source, problems) from None
    text = decode_text(raw, source)
    if wanted is not None and not wanted(text):
        return []
    return parse_transcript(text, source)
