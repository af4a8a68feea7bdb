"""The one sanitizer for untrusted text on its way to a terminal.

Titles, summaries, urls, file names, messages quoting them: whatever comes
from outside passes through `clean` before it is shown. Control characters
(C0 and C1: escape sequences, OSC hyperlinks and clipboard writes, 8-bit CSI,
BEL, backspace) and format characters (bidirectional marks, embeddings,
overrides and isolates; zero-width spaces, word joiners, soft hyphens,
Unicode tag characters, byte-order marks) are removed: they can hide, reorder
or fake what a person reads. The zero-width (non-)joiners stay, as scripts and
emoji need them. A lone surrogate (a file name that was not UTF-8) is shown as
U+FFFD. One logical line stays one line: line breaks become spaces.
"""

from __future__ import annotations

import re
import unicodedata

_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
_LINE_ENDS = re.compile("\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
_JOINERS = (0x200C, 0x200D)


class _Shown(dict[int, str]):
    """A str.translate table: what each character becomes on a terminal, decided
    once per character from its Unicode category, then at C speed."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cc", "Cf") and code not in _JOINERS:
            shown = ""
        elif category == "Cs":
            shown = "\ufffd"
        else:
            shown = char
        self[code] = shown
        return shown


_ONE_LINE = _Shown()
_LINES = _Shown({ord("\n"): "\n", ord("\t"): "\t"})  # text of several lines (an export)


def clean(text: str, one_line: bool = True) -> str:
    """Untrusted text made safe to show. On one line unless one_line is False,
    when newlines (and tabs) stay and every other line ending becomes a newline."""
    if text.isprintable():  # no controls, format characters or breaks: the common case
        return text
    if one_line:
        return _BREAKS.sub(" ", text).translate(_ONE_LINE)
    return _LINE_ENDS.sub("\n", text).translate(_LINES)
