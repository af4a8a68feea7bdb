"""The HTML transcript the podcast namespace describes: a speaker in `<cite>`,
the time they start in `<time>`, what they say in `<p>`:

    <cite>Kevin:</cite>
    <time>0:00</time>
    <p>We have an update planned …</p>

Any other markup (a whole page around it, `<br>`, `<span>`) is ignored and
entities are decoded. A paragraph without a time of its own follows the one
before (from 0:00 for the first); without a `<cite>`, it keeps the last speaker
named. Tags are found with a pattern that cannot run past the next `<`:
reading is linear.
"""

from __future__ import annotations

import html

from chaptercli.errors import DataError, TimeSyntaxError
from chaptercli.times import parse_time
from chaptercli.transcripts.cue import Cue
from chaptercli.transcripts.markup import TAG, single_spaced, without_tags

_WANTED = ("cite", "time", "p")


def read_page(text: str, source: str) -> list[Cue]:
    """The cues of an HTML transcript; a DataError naming the line of a bad time."""
    cues: list[Cue] = []
    speaker: str | None = None
    start = 0
    inside: str | None = None  # the wanted element being read, from offset words_from
    words_from = 0
    line, counted = 1, 0  # the line number at offset `counted`, found as the scan goes
    for tag in TAG.finditer(text):
        closing, name = tag[1], (tag[2] or "").lower()
        if name not in _WANTED:
            continue
        if not closing:
            inside, words_from = name, tag.end()
            continue
        if name != inside:
            continue
        said = single_spaced(html.unescape(without_tags(text[words_from : tag.start()], " ")))
        line += text.count("\n", counted, tag.start())
        counted = tag.start()
        inside = None
        if name == "cite":
            speaker = said.rstrip(":").strip() or None
        elif name == "time":
            try:
                start = parse_time(said)
            except TimeSyntaxError as error:
                raise DataError(source, [f"line {line}: bad <time>: {error.message}"]) from None
        elif said:
            cues.append(Cue(start, None, speaker, said))
    if not cues:
        raise DataError(source, ["no <p> paragraphs: not a transcript as the podcast "
                                 "namespace describes one (<cite>, <time>, <p>)"])  # fmt: skip
    return cues
