"""How to open an episode at a time: which link or player command, or why not.

Deciding only: what is installed, whether there is a display and whether a file
exists are passed in (`launch.py` does the opening)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from chaptercli.errors import ChapterError
from chaptercli.model import Episode
from chaptercli.navigate import link_at
from chaptercli.times import format_seconds

# Players in the order tried, each with how it is told where to start.
PLAYERS = (("mpv", "--start={}"), ("vlc", "--start-time={}"), ("ffplay", "-ss {}"))


class Plan(NamedTuple):
    """What `chapters open` does: run `command`, or open `link`, or print it and say why."""

    link: str  # the episode's url (or media file) at that second
    command: list[str] | None  # a player to start, for a local file
    reason: str | None  # set when it can only print: why


def media_path(episode: Episode) -> Path | None:
    """The local media file the episode's url names (a path or a file: URL), if it does."""
    url = episode.url or ""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
    elif parts.scheme and len(parts.scheme) > 1:  # http, https, ...: not a file here
        return None
    else:  # a plain path (or a Windows drive letter), relative to the chapters file
        path = Path(url).expanduser()
        if not path.is_absolute() and episode.source:
            path = Path(os.path.abspath(episode.source)).parent / path
    return path


def plan_open(
    episode: Episode,
    ms: int,
    which: Callable[[str], str | None],
    has_display: bool,
    exists: Callable[[Path], bool],
) -> Plan:
    if not episode.url:
        raise ChapterError(
            f"{episode.source or 'the episode'} has no url to open: add `url:` with the "
            "episode's web page or media (a link, or the path of the audio or video file)"
        )
    path = media_path(episode)
    if path is None:
        link = link_at(episode.url, ms)
        reason = None if has_display else "no display to open a browser on: here is the link"
        return Plan(link, None, reason)
    if not exists(path):
        raise ChapterError(f"the episode's media file {path} does not exist")
    link = link_at(path.as_uri(), ms)
    for name, start in PLAYERS:
        program = which(name)
        if program:
            command = [program, *start.format(format_seconds(ms)).split(), str(path)]
            reason = None if has_display else "no display to start a player on: here is the command"
            return Plan(link, command, reason)
    return Plan(link, None, "no player found (mpv, VLC or ffplay): here is the link")
