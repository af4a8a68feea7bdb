"""A progress bar on stderr while the index reads files: files done of all,
episodes found, the rate and the time left. Shown only on a terminal, and only
once the work looks like taking more than about a second (a moment in, at the
rate so far); gone when it ends, however it ends."""

from __future__ import annotations

import time
from typing import Any

from chaptercli.render.env import Environment
from chaptercli.render.paint import Output

SHOW_AFTER_S = 0.25  # how long the work goes on before its pace is judged
LONG_S = 1.0  # work expected to take longer than this is shown


class TerminalProgress:
    """chaptercli.progress.Progress, drawn by Rich on the terminal's stderr."""

    def __init__(self, env: Environment, clock: Any = time.monotonic) -> None:
        self.env = env
        self.clock = clock
        self.bar: Any = None
        self.task: Any = None
        self.total = self.done = self.episodes = 0
        self.began = 0.0

    def start(self, files: int, size: int) -> None:
        self.total, self.done, self.episodes = files, 0, 0
        self.began = self.clock()

    def advance(self, files: int, episodes: int) -> None:
        self.done += files
        self.episodes += episodes
        elapsed = self.clock() - self.began
        if self.bar is None:
            if elapsed < SHOW_AFTER_S or elapsed / self.done * self.total <= LONG_S:
                return
            self._show()
        rate = self.done / elapsed if elapsed else 0.0
        self.bar.update(self.task, completed=self.done, episodes=self.episodes, rate=rate)

    def _show(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[episodes]} episodes"),
            TextColumn("{task.fields[rate]:.0f} files/s"), TimeRemainingColumn(),
            console=Output(self.env, stderr=True).console, transient=True,
        )  # fmt: skip
        self.task = self.bar.add_task("indexing", total=self.total, episodes=0, rate=0.0)
        self.bar.start()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
