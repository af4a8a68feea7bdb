"""A person's regular expressions (`search --regex`), kept within bounds.

A pattern is run by the `regex` module, which can stop a match that runs away.
Two things are bounded: the pattern's size once its repeats are expanded (the
compiler expands `(a{9999}){9999}` into a hundred million nodes, gigabytes of
memory, before matching anything), checked before it is compiled; and the time
that one whole search spends matching, however many texts it matches against.
"""

from __future__ import annotations

import re
import time

from chaptercli.errors import ChapterError

# Far beyond what a search needs (a word of 100 letters repeated 100 times is
# 10,000); far below what costs the compiler noticeable memory.
MAX_EXPANDED = 100_000
# One search, all texts together: past this it stops with a message.
TIME_BUDGET_S = 5.0

_REPEAT = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def expanded_size(source: str) -> int:
    """About how many nodes the pattern becomes with its counted repeats expanded:
    each atom counts one, a group its contents, `{m,n}` multiplies what it follows
    by the larger bound. An over-estimate is fine: it only has to be finite."""
    sizes = [0]  # the size so far of each open group, innermost last
    last = 0  # the size of the atom or group a quantifier would apply to
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            sizes[-1] += 1
            last = 1
            continue
        if char == "[":
            index = _class_end(source, index)
            sizes[-1] += 1
            last = 1
            continue
        if char == "(":
            sizes.append(0)
        elif char == ")" and len(sizes) > 1:
            last = sizes.pop()
            sizes[-1] += last
        elif char == "{" and (repeat := _REPEAT.match(source, index)):
            low, high = repeat[1], repeat[2]
            count = max(int(low or 0), int(high or 0)) if repeat[2] is not None else int(low or 0)
            sizes[-1] += last * max(count - 1, 0)
            last *= max(count, 1)
            index = repeat.end()
            if sizes[-1] > MAX_EXPANDED:
                return sizes[-1]  # enough to refuse: counting on could itself take long
            continue
        elif char not in "*+?|^$":
            sizes[-1] += 1
            last = 1
        index += 1
    return sum(sizes)


def _class_end(source: str, start: int) -> int:
    """The index after the character class that starts at `start`."""
    index = start + 1
    if index < len(source) and source[index] == "^":
        index += 1
    if index < len(source) and source[index] == "]":
        index += 1  # a ] first in a class is a character
    while index < len(source) and source[index] != "]":
        index += 2 if source[index] == "\\" else 1
    return index + 1


class Budget:
    """The matching time one search may spend, shared by all its patterns."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = TIME_BUDGET_S if seconds is None else seconds
        self.spent = 0.0

    def left(self) -> float:
        return self.seconds - self.spent


class Pattern:
    """A person's regular expression, compiled within bounds."""

    def __init__(self, source: str, case_sensitive: bool, budget: Budget) -> None:
        import regex

        self.source = source
        self.budget = budget
        if expanded_size(source) > MAX_EXPANDED:
            raise ChapterError(
                f"bad regular expression {source!r}: too large once its repeats are "
                f"expanded (over {MAX_EXPANDED:,} parts): make the counts smaller"
            )
        try:
            self.compiled = regex.compile(source, 0 if case_sensitive else regex.IGNORECASE)
        except (regex.error, OverflowError, RecursionError, MemoryError) as error:
            raise ChapterError(f"bad regular expression {source!r}: {error}") from None

    def find(self, folded: str) -> list[tuple[int, int]] | None:
        started = time.monotonic()
        try:
            left = self.budget.left()
            if left <= 0:
                raise TimeoutError
            matches = list(self.compiled.finditer(folded, timeout=left))
        except TimeoutError:
            raise ChapterError(
                f"the regular expression {self.source!r} takes too long (over "
                f"{self.budget.seconds:g} s in all): make it simpler"
            ) from None
        finally:
            self.budget.spent += time.monotonic() - started
        if not matches:
            return None
        return [m.span() for m in matches if m.end() > m.start()]  # empty matches mark nothing
