"""A transcript's text made plain: tags taken out, spacing made single.

A tag is `<` up to the next `>` with no `<` between, so finding one can never
run past the next `<`: linear in the text. The text is written out piece by
piece rather than split and joined, so a line of a million tags or words costs
a few bytes per byte, not a string object per tag or word.
"""

from __future__ import annotations

import io
import re

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})?[^<>]*>")


_SPACES = re.compile(r"\s+")


def _replaced(pattern: re.Pattern[str], text: str, instead: str) -> str:
    out = io.StringIO()
    at = 0
    for found in pattern.finditer(text):
        out.write(text[at : found.start()])
        out.write(instead)
        at = found.end()
    out.write(text[at:])
    return out.getvalue()


def without_tags(text: str, instead: str = "") -> str:
    """The text with every tag replaced by `instead`."""
    return _replaced(TAG, text, instead) if "<" in text else text


def single_spaced(text: str) -> str:
    """The text on one line: every run of white space one space, none at the ends."""
    return _replaced(_SPACES, text, " ").strip()
