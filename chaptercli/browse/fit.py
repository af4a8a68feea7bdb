"""Fitting the screens to the terminal: text shortened between words, the
columns a table keeps at a width, and a footer that keeps its most needed keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Footer

ELLIPSIS = "…"
NARROW = 60  # below this many columns, a screen keeps only what it cannot do without
WIDE = 120  # from this many on, there is room for everything
_WORD = re.compile(r"\S+")
_TRAILING = ",;:—–-"  # not left dangling before the "…"


def shortened(text: Text, width: int) -> Text:
    """`text` in at most `width` cells: when it is longer, cut after the last whole
    word that fits (less a comma or colon it ends with), with "…". Only a single
    word longer than the width is cut inside (there is nothing else to do with it)."""
    if text.cell_len <= width:
        return text
    plain = text.plain
    room = max(width - 1, 0)  # a cell for the "…"
    cut = used = last = 0  # used: the cells up to `last`
    for word in _WORD.finditer(plain):
        end = word.start() + len(word.group().rstrip(_TRAILING))
        if used + cell_len(plain[last:end]) > room:
            break
        if end > word.start():  # not a dash standing alone
            cut = end
        used += cell_len(plain[last : word.end()])
        last = word.end()
    short = text[:cut]
    if not cut:  # the first word alone does not fit
        short = text.copy()
        short.truncate(room)
        short.rstrip()  # the pad where half a wide character would go
    short.append(ELLIPSIS)
    return short


def set_columns(table: DataTable[Text], columns: Sequence[tuple[str, int]]) -> None:
    """Replace the table's columns (label, width in cells); the rows go too."""
    table.clear(columns=True)
    for label, width in columns:
        table.add_column(label, width=width, key=label)


def rest_of_width(table_width: int, widths: Iterable[int], padding: int, scrollbar: int) -> int:
    """The cells left for one more column beside columns of these widths."""
    shown = list(widths)
    return table_width - scrollbar - sum(shown) - 2 * padding * (len(shown) + 1)


class Keys(Footer):
    """The footer, on one line whatever the width: when the keys do not all fit, it
    goes compact, then leaves out the least needed ones (`needed`: actions, most
    needed first; the others count as least needed). A key left out still works."""

    def __init__(self, needed: Sequence[str]) -> None:
        super().__init__(show_command_palette=False)
        self.needed = list(needed)

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        width = self.app.size.width
        self.compact = _keys_width(keys, compact=False) > width
        if not self.compact:
            yield from keys
            return
        rank = {action: place for place, action in enumerate(self.needed)}
        by_need = sorted(keys, key=lambda key: rank.get(_action(key), len(rank)))
        kept: list[Widget] = []
        for key in by_need:
            if _keys_width([*kept, key], compact=True) <= width:
                kept.append(key)
        yield from (key for key in keys if key in kept)

    async def on_resize(self) -> None:
        await self.recompose()


def _action(key: Widget) -> str:
    return str(getattr(key, "action", ""))


def _keys_width(keys: Sequence[Widget], compact: bool) -> int:
    """Cells the footer's keys take (FooterKey: the key, a space, the description;
    padded on both sides, or followed by a margin of 1 when compact)."""
    total = 0
    for key in keys:
        label = cell_len(str(getattr(key, "key_display", ""))) + 1
        label += cell_len(str(getattr(key, "description", "")))
        total += label + (1 if compact else 2)
    return total
