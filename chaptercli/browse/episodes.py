"""A library's episodes: Enter opens one, `/` searches them all as you type."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from chaptercli.browse.chapters import ChaptersScreen
from chaptercli.browse.common import matcher_for, prompt_has_keys
from chaptercli.browse.fit import NARROW, Keys, rest_of_width, set_columns, shortened
from chaptercli.browse.said import transcript_of
from chaptercli.entries import Entry
from chaptercli.library import Library
from chaptercli.queries import search_library
from chaptercli.render.sanitize import clean
from chaptercli.render.views import plural

PODCAST_WIDTH = 24  # at most; a longer podcast name is shortened
# Seconds without a keystroke before the search runs: a big library takes a while to
# search, and a word typed at speed is searched once, not once a letter.
SETTLE = 0.25


class EpisodesScreen(Screen[None]):
    """A library: the episodes first; Enter opens one. `/` searches them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", key_display="enter", priority=True),  # before the table
        Binding("slash", "search", "Search all"),
        Binding("escape", "clear", "Clear"),
        Binding("q", "app.quit", "Quit"),
    ]
    NEEDED = ("app.quit", "open", "search", "clear")
    DEFAULT_CSS = """
    #episodes { height: 1fr; overflow-x: hidden;
                scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    #status { height: 1; padding: 0 1; }
    .hidden { display: none; }
    """

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.shown: list[Entry] = list(library.entries)
        self.hits: dict[Entry, int] = {}  # matches an episode, while searching
        self.chapter_hits: set[Entry] = set()  # the episodes with matches in their chapters
        self.words = ""  # the search
        self.typed: Timer | None = None  # the search to run when the typing settles
        self.width = 0  # the width the table is laid out for
        self.widths: dict[str, int] = {}  # a column's width, by its label

    def compose(self) -> ComposeResult:
        yield DataTable(id="episodes", cursor_type="row", zebra_stripes=True)
        yield Static(id="status", classes="hidden")
        yield Input(id="prompt", classes="hidden",
                    placeholder="search every episode: words (Esc clears)")  # fmt: skip
        yield Keys(self.NEEDED)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.lay_out(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.lay_out(event.size.width)

    def lay_out(self, width: int) -> None:
        """Fit the table to `width` columns: the Matches column always shows; the
        Podcast and Chapters columns only when not narrow; titles shortened to fit."""
        if width == self.width:
            return
        self.width = width
        table = self.query_one(DataTable)
        podcasts = max((cell_len(clean(e.podcast or "")) for e in self.library.entries), default=0)
        before = [("#", len(str(len(self.library.entries))))]
        after = [("Matches", len("Matches"))]
        if width >= NARROW:
            if podcasts:
                before.append(("Podcast", min(max(podcasts, len("Podcast")), PODCAST_WIDTH)))
            after.insert(0, ("Chapters", len("Chapters")))
        widths = [w for _, w in before + after]
        title = max(rest_of_width(width, widths, table.cell_padding, 1), 1)
        self.widths = dict([*before, ("Title", title), *after])
        keep = self.selected
        set_columns(table, list(self.widths.items()))
        self._fill(keep)

    @property
    def selected(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self.shown or table.row_count == 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def _fill(self, keep: Entry | None) -> None:
        """The shown episodes, in the table; the cursor stays on `keep` if it is there."""
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.shown:
            cells = {
                "#": Text(str(self.library.number(entry)), justify="right"),
                "Podcast": Text(clean(entry.podcast or "")),
                "Title": Text(clean(entry.title)),
                "Chapters": Text(str(entry.chapter_count), justify="right"),
                "Matches": Text(str(self.hits.get(entry, "")), justify="right"),
            }
            table.add_row(*(shortened(cells[label], width)
                            for label, width in self.widths.items()))  # fmt: skip
        if keep in self.shown:
            table.move_cursor(row=self.shown.index(keep))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys work now (and are in the footer): while the prompt is typed in,
        only Esc (letters are its text); Esc when there is something to clear; Enter
        when there is an episode to open."""
        if action == "clear":
            return prompt_has_keys(self) or bool(self.words)
        if prompt_has_keys(self):
            return False
        return action != "open" or bool(self.shown)

    def action_search(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = self.words
        prompt.remove_class("hidden")
        prompt.focus()

    def action_clear(self) -> None:
        """Close the prompt and show every episode, the selected one still selected."""
        self._close_prompt()
        self.search_all("")

    def _close_prompt(self) -> None:
        if self.typed is not None:
            self.typed.stop()
        self.query_one("#prompt", Input).add_class("hidden")
        self.query_one(DataTable).focus()

    def search_all(self, words: str) -> None:
        """Keep the episodes where the words occur, in their chapters or in their
        title, with how often: as `chapters search` finds them."""
        keep = self.selected
        matcher = matcher_for(words)
        self.words = words if matcher else ""
        self.hits = {}
        self.chapter_hits = set()
        status = self.query_one("#status", Static)
        if matcher is None:
            self.shown = list(self.library.entries)
        else:
            result = search_library(self.library, matcher, words.split())
            for found in result.found:
                self.hits[found.entry] = self.hits.get(found.entry, 0) + 1
                self.chapter_hits.add(found.entry)
            for entry, _ in result.episode_titles:
                self.hits[entry] = self.hits.get(entry, 0) + 1
            self.shown = [e for e in self.library.entries if e in self.hits]
            status.update(Text(_said(words, sum(self.hits.values()), len(self.shown))))
        status.set_class(matcher is None, "hidden")
        self._fill(keep)
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.typed is not None:
            self.typed.stop()
        self.typed = self.set_timer(SETTLE, lambda: self.search_all(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._close_prompt()
        self.search_all(event.value)

    def action_open(self) -> None:
        entry = self.selected
        if entry is not None:
            self.open(entry)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(self.shown[event.cursor_row])  # a click on an episode

    def open(self, entry: Entry) -> None:
        """The episode's chapters (and its transcript); the search goes along, its
        matches highlighted."""
        words = self.words if entry in self.chapter_hits else ""
        cues, problem = transcript_of(self.library, entry)
        if problem:
            self.notify(problem, severity="error", markup=False)
        episode = self.library.episode(entry)
        self.app.push_screen(ChaptersScreen(episode, words, in_library=True, cues=cues))


def _said(words: str, matches: int, episodes: int) -> str:
    """What the search found, or that it found nothing (as `chapters search` says it)."""
    if not episodes:
        return f"nothing matches {clean(' '.join(words.split()))!r}"
    return f"{plural(matches, 'match', 'matches')} in {plural(episodes, 'episode')}"
