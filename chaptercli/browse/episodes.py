"""A library's episodes: Enter opens one, `/` searches them all."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input

from chaptercli.browse.chapters import ChaptersScreen
from chaptercli.browse.common import matcher_for
from chaptercli.entries import Entry
from chaptercli.library import Library
from chaptercli.render.sanitize import clean


class EpisodesScreen(Screen[None]):
    """A library: the episodes first; Enter opens one. `/` searches them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Search all"),
        Binding("escape", "clear", "Clear"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = "#prompt.hidden { display: none; }"

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.shown: list[Entry] = list(library.entries)
        self.hits: dict[Entry, int] = {}

    def compose(self) -> ComposeResult:
        yield DataTable(id="episodes", cursor_type="row", zebra_stripes=True)
        yield Input(id="prompt", classes="hidden",
                    placeholder="search every episode: words (Esc clears)")  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Podcast", "Title", "Chapters", "Matches")
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.shown:
            table.add_row(Text(str(self.library.number(entry))), Text(clean(entry.podcast or "")),
                          Text(clean(entry.title)), Text(str(entry.chapter_count)),
                          Text(str(self.hits.get(entry, ""))))  # fmt: skip
        table.focus()

    def action_filter(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.remove_class("hidden")
        prompt.focus()

    def action_clear(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = ""
        prompt.add_class("hidden")
        self.search_all("")

    def search_all(self, words: str) -> None:
        """Keep the episodes where the words occur (with how often), as `search` finds them."""
        matcher = matcher_for(words)
        self.hits = {}
        if matcher is None:
            self.shown = list(self.library.entries)
        else:
            for found in self.library.search(matcher):
                self.hits[found.entry] = self.hits.get(found.entry, 0) + 1
            self.shown = [e for e in self.library.entries if e in self.hits]
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search_all(event.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        entry = self.shown[event.cursor_row]
        screen = ChaptersScreen(self.library.episode(entry))
        self.app.push_screen(screen)
        if self.hits:  # the search goes along: its chapters, highlighted
            words = self.query_one("#prompt", Input).value
            screen.call_after_refresh(screen.filter_by, words)
