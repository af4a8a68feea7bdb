"""How long work is going: what the index says while it reads files, for whoever
shows it (the renderer, on a terminal). The core only calls; it never shows."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, files: int, size: int) -> None:
        """Work on this many files (of this many bytes) begins."""

    def advance(self, files: int, episodes: int) -> None:
        """This many more files are done, holding this many episodes."""

    def stop(self) -> None:
        """The work ended: done, failed or interrupted."""


class Silent:
    """Progress nobody is shown."""

    def start(self, files: int, size: int) -> None:
        pass

    def advance(self, files: int, episodes: int) -> None:
        pass

    def stop(self) -> None:
        pass


SILENT = Silent()
