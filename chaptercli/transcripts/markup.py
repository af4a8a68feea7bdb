"""A transcript's text made plain: tags taken out, spacing made single.

A tag is `<` up to the next `>` with no `<` between, so finding one can never
run past the next `<`: linear in the text. Replacing goes a slice of the text
at a time, each cut where no tag or run of spaces can be split (before a `<`,
before a character that is not a space): a line of a million tags or words
then costs a few bytes per byte, not a string object per tag or word at once.
"""

from __future__ import annotations

import io
import re

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})?[^<>]*>")
_SPACES = re.compile(r"\s+")
_BEFORE_TAG = re.compile("<")
_BEFORE_WORD = re.compile(r"\S")
SLICE = 65536


def _replaced(pattern: re.Pattern[str], text: str, instead: str, cut: re.Pattern[str]) -> str:
    if len(text) <= SLICE:
        return pattern.sub(instead, text)
    out = io.StringIO()
    at = 0
    while at < len(text):
        found = cut.search(text, at + SLICE)
        end = found.start() if found else len(text)
        out.write(pattern.sub(instead, text[at:end]))
        at = end
    return out.getvalue()


def without_tags(text: str, instead: str = "") -> str:
    """The text with every tag replaced by `instead`."""
    return _replaced(TAG, text, instead, _BEFORE_TAG) if "<" in text else text


def single_spaced(text: str) -> str:
    """The text on one line: every run of white space one space, none at the ends."""
    return _replaced(_SPACES, text, " ", _BEFORE_WORD).strip()
