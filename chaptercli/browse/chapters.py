"""The chapters of one episode: the list beside the selected chapter's details,
a timeline strip on top, filter as you type, go to a time, open."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from chaptercli.browse.common import highlighted, matcher_for, shown
from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode
from chaptercli.render.paint import rich_text
from chaptercli.render.picture import timeline_bar
from chaptercli.render.sanitize import clean
from chaptercli.search import Match, search
from chaptercli.times import format_time, parse_time


class ChaptersScreen(Screen[None]):
    """One episode: the chapter list beside the selected chapter, a timeline on top."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear", "Clear"),
        Binding("g", "goto", "Go to time"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Previous"),
        Binding("o", "open", "Open"),
        Binding("b", "back", "Episodes", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    #timeline { height: 1; }
    #episode { height: 1; text-style: bold; }
    #chapters { width: 1fr; }
    #detail-pane { width: 1fr; padding: 0 1; }
    #prompt.hidden { display: none; }
    """

    def __init__(self, episode: Episode) -> None:
        super().__init__()
        self.episode = episode
        self.shown: list[Chapter] = list(episode.chapters)
        self.matches: dict[int, list[Match]] = {}
        self.mode = ""  # what the prompt is for: "filter" or "goto"

    def compose(self) -> ComposeResult:
        name = f"{self.episode.podcast} — " if self.episode.podcast else ""
        yield Static(Text(clean(name + self.episode.title)), id="episode")
        yield Static(id="timeline")
        with Horizontal():
            yield DataTable(id="chapters", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
        yield Input(id="prompt", classes="hidden")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Start", "Length", "Title")
        self._fill()
        table.focus()

    @property
    def selected(self) -> Chapter | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for chapter in self.shown:
            title_match = next((m for m in self.matches.get(chapter.number, [])
                                if m.field == "title"), None)  # fmt: skip
            title = (highlighted(chapter.title, title_match.spans) if title_match
                     else Text(clean(chapter.title)))  # fmt: skip
            length = "—" if chapter.duration_ms is None else format_time(chapter.duration_ms)
            table.add_row(Text(str(chapter.number)), Text(format_time(chapter.start_ms)),
                          Text(length), title, key=str(chapter.number))  # fmt: skip
        self._show()

    def _show(self) -> None:
        chapter = self.selected
        width = max(self.size.width, 20)
        self.query_one("#timeline", Static).update(
            rich_text(timeline_bar(self.episode, width, True, chapter.number if chapter else None))
        )
        detail = self.query_one("#detail", Static)
        if chapter is None:
            detail.update(Text("No chapter matches the filter.", style="dim"))
            return
        found = {(m.field, m.bullet): m.spans for m in self.matches.get(chapter.number, [])}
        text = Text()
        text.append(f"{chapter.number}. ", "bold cyan")
        text.append_text(highlighted(chapter.title, found.get(("title", None), ()), "bold"))
        end = "open" if chapter.end_ms is None else format_time(chapter.end_ms)
        text.append(f"\n{format_time(chapter.start_ms)} – {end}\n", "cyan")
        if chapter.summary:
            text.append("\n")
            text.append_text(highlighted(chapter.summary, found.get(("summary", None), ())))
            text.append("\n")
        for number, bullet in enumerate(chapter.bullets, 1):
            text.append("\n• ")
            text.append_text(highlighted(bullet, found.get(("bullet", number), ())))
        detail.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _prompt(self, mode: str, placeholder: str) -> None:
        self.mode = mode
        prompt = self.query_one("#prompt", Input)
        prompt.placeholder = placeholder
        prompt.value = ""
        prompt.remove_class("hidden")
        prompt.focus()

    def action_filter(self) -> None:
        self._prompt("filter", "filter: words, as `chapters search` takes them (Esc clears)")

    def action_goto(self) -> None:
        self._prompt("goto", "go to time: 45:00, 1:02:45, 2700 (Enter)")

    def action_clear(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = ""
        prompt.add_class("hidden")
        self.mode = ""
        self.filter_by("")
        self.query_one(DataTable).focus()

    def filter_by(self, words: str) -> None:
        """Keep the chapters where the words occur, found exactly as `chapters search` does."""
        matcher = matcher_for(words)
        self.matches = {}
        if matcher is None:
            self.shown = list(self.episode.chapters)
        else:
            for match in search(self.episode, matcher):
                self.matches.setdefault(match.chapter.number, []).append(match)
            self.shown = [c for c in self.episode.chapters if c.number in self.matches]
        self._fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.mode == "filter":
            self.filter_by(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.mode == "goto":
            try:
                chapter = self.episode.chapter_at(parse_time(event.value))
            except ChapterError as error:
                self.notify(shown(error), severity="error", markup=False)
                return
            if chapter is None:
                self.notify(f"nothing plays at {clean(event.value)}", markup=False)
                return
            self.action_clear()
            self.select(chapter.number)
        else:
            self.query_one("#prompt", Input).add_class("hidden")
            self.query_one(DataTable).focus()

    def select(self, number: int) -> None:
        rows = [c.number for c in self.shown]
        if number in rows:
            self.query_one(DataTable).move_cursor(row=rows.index(number))
            self._show()

    def action_next(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, len(self.shown) - 1))

    def action_previous(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(table.cursor_row - 1, 0))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:  # opened from the list of episodes
            self.app.pop_screen()

    def action_open(self) -> None:
        import shutil
        from pathlib import Path

        from chaptercli.launch import has_display, launch
        from chaptercli.opener import plan_open

        chapter = self.selected
        if chapter is None:
            return
        try:
            plan = plan_open(
                self.episode, chapter.start_ms, shutil.which, has_display(), Path.exists
            )
            if plan.reason:
                what = " ".join(plan.command) if plan.command else plan.link
                self.notify(f"{plan.reason}\n{clean(what)}", markup=False, timeout=20)
            else:
                self.notify(f"opening chapter {chapter.number} in {launch(plan)}", markup=False)
        except ChapterError as error:
            self.notify(shown(error), severity="error", markup=False, timeout=20)
