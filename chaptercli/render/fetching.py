"""A progress bar on stderr while feeds are fetched: feeds, items, bytes. Only
on a terminal; piped, nothing at all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chaptercli.render.env import Environment

_LABELS = {"feeds": "feeds", "items": "items", "bytes": "downloaded"}


class _Bars:
    """The bars of one run (advanced from the fetching threads too)."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}
        self.lock = threading.Lock()

    def _task(self, kind: str) -> Any:
        if kind not in self.tasks:
            total = None if kind == "bytes" else 0
            self.tasks[kind] = self.progress.add_task(_LABELS.get(kind, kind), total=total)
        return self.tasks[kind]

    def total(self, kind: str, count: int) -> None:
        with self.lock:
            task = self._task(kind)
            known = self.progress.tasks[task].total or 0
            self.progress.update(task, total=known + count)

    def advance(self, kind: str, count: int = 1) -> None:
        with self.lock:
            self.progress.advance(self._task(kind), count)


class _Nothing:
    def total(self, kind: str, count: int) -> None:
        pass

    def advance(self, kind: str, count: int = 1) -> None:
        pass


@contextmanager
def progress_bars(env: Environment) -> Iterator[_Bars | _Nothing]:
    """Bars on stderr while the block runs, when stderr is a terminal."""
    if not env.stderr_terminal:
        yield _Nothing()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    console = Console(file=env.stderr, force_terminal=True, no_color=not env.colour,
                      highlight=False, markup=False, _environ=env.for_rich())  # fmt: skip
    columns = (
        TextColumn("{task.description:>10}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        yield _Bars(progress)
