"""How to open an episode at a time: which link or player command, or why not.

Deciding only: what is installed, whether there is a display and whether a file
exists are passed in (`launch.py` does the opening)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from chaptercli.errors import ChapterError
from chaptercli.model import Episode
from chaptercli.navigate import link_at, url_kind
from chaptercli.times import format_seconds

# Players in the order tried, each with how it is told where to start.
PLAYERS = (("mpv", "--start={}"), ("vlc", "--start-time={}"), ("ffplay", "-ss {}"))


class Plan(NamedTuple):
    """What `chapters open` does: run `command`, or open `link`, or print it and say why."""

    link: str  # the episode's url (or media file) at that second
    command: list[str] | None  # a player to start, for a local file
    reason: str | None  # set when it can only print: why


def media_path(episode: Episode) -> Path | None:
    """The local media file the episode's url names (a path or a `file:` URL,
    relative ones from the chapters file's directory), if it names one."""
    url = episode.url or ""
    if url_kind(url) != "file":
        return None
    parts = urlsplit(url)
    path = Path(unquote(parts.path)) if parts.scheme.lower() == "file" else Path(url)
    # "~someone" who does not exist, or no home: then "~" is a name like any other.
    with contextlib.suppress(RuntimeError):
        path = path.expanduser()
    if not path.is_absolute() and episode.source:
        path = Path(os.path.abspath(episode.source)).parent / path
    return Path(os.path.abspath(path))


def plan_open(
    episode: Episode,
    ms: int,
    which: Callable[[str], str | None],
    has_display: bool,
    exists: Callable[[Path], bool],
) -> Plan:
    """Only web pages (http, https) and local media files are opened: a url of any
    other scheme (javascript:, smb:, an app's own) is refused."""
    if not episode.url:
        raise ChapterError(
            f"{episode.source or 'the episode'} has no url to open: add `url:` with the "
            "episode's web page or media (a link, or the path of the audio or video file)"
        )
    kind = url_kind(episode.url)
    link = link_at(episode.url, ms)
    if kind == "web" and link is not None:
        reason = None if has_display else "no display to open a browser on: here is the link"
        return Plan(link, None, reason)
    path = media_path(episode)
    if path is None or link is None:
        raise ChapterError(
            f"will not open the episode's url {episode.url[:200]!r}: only http and https "
            "links and local media files are opened"
        )
    if not exists(path):
        raise ChapterError(f"the episode's media file {path} does not exist")
    link = link_at(path.as_uri(), ms) or path.as_uri()
    for name, start in PLAYERS:
        program = which(name)
        if program:
            command = [program, *start.format(format_seconds(ms)).split(), str(path)]
            reason = None if has_display else "no display to start a player on: here is the command"
            return Plan(link, command, reason)
    return Plan(link, None, "no player found (mpv, VLC or ffplay): here is the link")
