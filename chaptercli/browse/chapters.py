"""The chapters of one episode: the list beside the selected chapter's details
(below it on a narrow terminal), a timeline strip on top, filter as you type,
go to a time, open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from chaptercli.browse.common import between, highlighted, matcher_for, prompt_has_keys, shown
from chaptercli.browse.fit import NARROW, WIDE, Keys, rest_of_width, set_columns, shortened
from chaptercli.browse.said import said_text
from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode
from chaptercli.navigate import position_at
from chaptercli.render.paint import rich_text
from chaptercli.render.picture import timeline_bar
from chaptercli.render.sanitize import clean
from chaptercli.search import Match, search
from chaptercli.times import format_time, parse_time
from chaptercli.transcripts.asked import said_matches
from chaptercli.transcripts.cue import Cue

Said = Sequence[Cue] | None


class ChaptersScreen(Screen[None]):
    """One episode: the chapter list beside the selected chapter, a timeline on top."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear", "Clear"),
        Binding("g", "goto", "Go to time"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Previous"),
        Binding("o", "open", "Open"),
        Binding("enter", "open", "Open", show=False, priority=True),  # before the table's
        Binding("b", "back", "Episodes"),
        Binding("q", "app.quit", "Quit"),
    ]
    NEEDED = ("app.quit", "filter", "clear", "back", "goto", "open", "next", "previous")
    DEFAULT_CSS = """
    #timeline { height: 1; }
    #episode { height: 1; text-style: bold; }
    #body { height: 1fr; }
    #chapters { height: 1fr; overflow-x: hidden;
                scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    #detail-pane { width: 1fr; height: 1fr; padding: 0 1; }
    ChaptersScreen.-stacked #body { layout: vertical; }
    #prompt.hidden { display: none; }
    """

    def __init__(
        self, episode: Episode, words: str = "", in_library: bool = False, cues: Said = None
    ) -> None:
        """`words`: a filter to start with; `in_library`: opened from a library's
        list of episodes, to which `b` goes back; `cues`: its transcript, if any."""
        super().__init__()
        self.episode = episode
        self.cues = cues
        self.shown: list[Chapter] = list(episode.chapters)
        self.matches: dict[int, list[Match]] = {}
        self.mode = ""  # what the prompt is for: "filter" or "goto"
        self.words = words  # the filter
        self.in_library = in_library
        self.width = 0  # the width the screen is laid out for
        self.title_width = 0

    def compose(self) -> ComposeResult:
        yield Static(id="episode")
        yield Static(id="timeline")
        with Horizontal(id="body"):
            yield DataTable(id="chapters", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
        yield Input(id="prompt", classes="hidden")
        yield Keys(self.NEEDED)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.lay_out(self.app.size.width)
        if self.words:
            self.filter_by(self.words)

    def on_resize(self, event: events.Resize) -> None:
        self.lay_out(event.size.width)

    def lay_out(self, width: int) -> None:
        """Fit the screen to `width` columns: the details beside the list, or below it
        when narrow; the Length column only when wide; titles shortened to fit."""
        if width == self.width:
            return
        self.width = width
        self.set_class(width < NARROW, "-stacked")
        table_width = width if width < NARROW else width // 2 if width >= WIDE else width * 3 // 5
        table = self.query_one(DataTable)
        table.styles.width = table_width
        chapters = self.episode.chapters
        columns = [("#", len(str(len(chapters)))),
                   ("Start", max(len(format_time(c.start_ms)) for c in chapters))]  # fmt: skip
        if width >= WIDE:
            columns.append(("Length", max(len(_length(c)) for c in [None, *chapters])))
        widths = [w for _, w in columns]
        self.title_width = max(rest_of_width(table_width, widths, table.cell_padding, 1), 1)
        keep = self.selected
        set_columns(table, [*columns, ("Title", self.title_width)])
        name = f"{self.episode.podcast} — " if self.episode.podcast else ""
        heading = shortened(Text(clean(name + self.episode.title)), width)
        self.query_one("#episode", Static).update(heading)
        self._fill(keep)

    @property
    def selected(self) -> Chapter | None:
        table = self.query_one(DataTable)
        if not self.shown or table.row_count == 0 or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def _fill(self, keep: Chapter | None) -> None:
        """The shown chapters, in the table; the cursor stays on `keep` if it is there."""
        table = self.query_one(DataTable)
        table.clear()
        wide = len(table.columns) == 4
        for chapter in self.shown:
            title_match = next((m for m in self.matches.get(chapter.number, [])
                                if m.field == "title"), None)  # fmt: skip
            title = (highlighted(chapter.title, title_match.spans) if title_match
                     else Text(clean(chapter.title)))  # fmt: skip
            if chapter.hidden:  # dimmed and marked, as `list` shows it
                title.stylize("dim")
                title.append(" (hidden)", "dim")
            length = [Text(_length(chapter))] if wide else []
            table.add_row(Text(str(chapter.number)), Text(format_time(chapter.start_ms)),
                          *length, shortened(title, self.title_width),
                          key=str(chapter.number))  # fmt: skip
        if keep in self.shown:
            table.move_cursor(row=self.shown.index(keep))
        self._show()

    def _show(self) -> None:
        chapter = self.selected
        width = max(self.width, 20)
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
        if self.cues:
            text.append_text(said_text(self.cues, chapter, self.matches.get(chapter.number, [])))
        detail.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys work now (and are in the footer): while the prompt is typed in,
        only Esc (letters are its text); Esc when there is something to clear; `b`
        when opened from a library."""
        if action == "clear":
            return prompt_has_keys(self) or bool(self.words)
        if prompt_has_keys(self):
            return False
        return action != "back" or self.in_library

    def _prompt(self, mode: str, placeholder: str) -> None:
        self.mode = mode
        prompt = self.query_one("#prompt", Input)
        prompt.placeholder = placeholder
        prompt.value = self.words if mode == "filter" else ""
        prompt.remove_class("hidden")
        prompt.focus()

    def action_filter(self) -> None:
        self._prompt("filter", "filter: words, as `chapters search` takes them (Esc clears)")

    def action_goto(self) -> None:
        self._prompt("goto", "go to time: 45:00, 1:02:45, 2700 (Enter)")

    def action_clear(self) -> None:
        """Close the prompt; but for the time to go to, show every chapter again,
        the selected one still selected."""
        mode = self.mode
        self._close_prompt()
        if mode != "goto":
            self.filter_by("")

    def _close_prompt(self) -> None:
        self.query_one("#prompt", Input).add_class("hidden")
        self.mode = ""
        self.query_one(DataTable).focus()

    def filter_by(self, words: str, keep: Chapter | None = None) -> None:
        """Keep the chapters where the words occur, found exactly as `chapters search`
        does; the cursor stays on `keep` (by default the selected chapter) if it is kept."""
        keep = keep or self.selected
        matcher = matcher_for(words)
        self.words = words if matcher else ""
        self.matches = {}
        if matcher is None:
            self.shown = list(self.episode.chapters)
        else:
            said = said_matches(self.episode, self.cues, matcher) if self.cues else []
            for match in [*search(self.episode, matcher), *said]:
                self.matches.setdefault(match.chapter.number, []).append(match)
            self.shown = [c for c in self.episode.chapters if c.number in self.matches]
        self._fill(keep)
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.mode == "filter":
            self.filter_by(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.mode == "goto":
            self.go_to(event.value)
        else:
            self._close_prompt()

    def go_to(self, typed: str) -> None:
        """Select the chapter playing at a time, as `chapters at` finds it and with its
        errors (not a time, past the end); a time in a gap says so, and selects
        the next chapter."""
        try:
            position = position_at(self.episode, parse_time(typed))
        except ChapterError as error:
            self.notify(shown(error), severity="error", markup=False)
            return
        if position.chapter is None:
            self.notify(between(position), markup=False)
        chapter = position.chapter or position.next
        if chapter is not None:
            self._close_prompt()
            self.filter_by("", keep=chapter)

    def action_next(self) -> None:
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def _step(self, by: int) -> None:
        """To the next (or previous) visible chapter, past hidden ones as players go."""
        table = self.query_one(DataTable)
        rows = range(table.cursor_row + by, len(self.shown) if by > 0 else -1, by)
        table.move_cursor(row=next((r for r in rows if not self.shown[r].hidden), table.cursor_row))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        import shutil

        from chaptercli.filebytes import playable
        from chaptercli.launch import has_display, launch
        from chaptercli.opener import plan_open

        chapter = self.selected
        if chapter is None:
            return
        try:
            plan = plan_open(self.episode, chapter.start_ms, shutil.which, has_display(), playable)
            if plan.reason:
                what = " ".join(plan.command) if plan.command else plan.link
                self.notify(f"{plan.reason}\n{clean(what)}", markup=False, timeout=20)
            else:
                self.notify(f"opening chapter {chapter.number} in {launch(plan)}", markup=False)
        except ChapterError as error:
            self.notify(shown(error), severity="error", markup=False, timeout=20)


def _length(chapter: Chapter | None) -> str:
    """A chapter's length for its column (None: the column's heading)."""
    if chapter is None:
        return "Length"
    return "—" if chapter.duration_ms is None else format_time(chapter.duration_ms)
