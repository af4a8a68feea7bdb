"""`chapters browse`: the navigator as a full-screen app (Textual).

Imported only by that command. Every title, summary and bullet reaches the
screen as Rich `Text` after `render.clean`, never as markup.
"""

from __future__ import annotations

from textual.app import App

from chaptercli.browse.chapters import ChaptersScreen
from chaptercli.browse.episodes import EpisodesScreen
from chaptercli.browse.said import transcript_of
from chaptercli.library import Library

__all__ = ["BrowseApp", "ChaptersScreen", "EpisodesScreen"]


class BrowseApp(App[None]):
    TITLE = "chapters"
    ENABLE_COMMAND_PALETTE = False  # nothing in it for browse; its key took the footer's room

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def action_help_quit(self) -> None:
        """Ctrl-C, with no text selected to copy, quits, as in any terminal program
        (Textual's own only says how to quit)."""
        self.exit()

    def on_mount(self) -> None:
        if len(self.library) == 1:
            entry = self.library.entries[0]
            cues, problem = transcript_of(self.library, entry)
            if problem:
                self.notify(problem, severity="error", markup=False)
            self.push_screen(ChaptersScreen(self.library.episode(entry), cues=cues))
        else:
            self.push_screen(EpisodesScreen(self.library))
