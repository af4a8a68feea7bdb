"""Opening a link in the browser or starting a player: the I/O side of `open`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from chaptercli.errors import ChapterError
from chaptercli.opener import Plan


def launch(plan: Plan) -> str:
    """Carry out a plan that needs no printing: start the player, detached so that it
    outlives this command, or open the browser. Returns what it was opened with."""
    if plan.command:
        import subprocess

        subprocess.Popen(  # noqa: S603 - a list, no shell
            plan.command, start_new_session=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return Path(plan.command[0]).name
    import webbrowser

    if not webbrowser.open(plan.link):
        raise ChapterError(f"no web browser could be started; the link is {plan.link}")
    return "the web browser"


def has_display() -> bool:
    """Whether a window can be opened: always on macOS and Windows, else an X or Wayland display."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
