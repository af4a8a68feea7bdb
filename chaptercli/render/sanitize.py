"""The one sanitizer for untrusted text on its way to a terminal."""

from __future__ import annotations

import re

# C0 and C1 controls (ESC, CSI, OSC, BEL, ...), DEL, the bidirectional marks,
# embeddings, overrides and isolates that can make text read differently, and the
# invisible characters that can hide or split a word (zero-width space, word
# joiner, byte-order mark). The zero-width (non-)joiners stay: scripts need them.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029\x85]+")


def clean(text: str, one_line: bool = True) -> str:
    """Untrusted text made safe to show: no control characters; on one line if asked."""
    if text.isprintable():  # no controls, breaks or bidi marks: the common case
        return text
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)
