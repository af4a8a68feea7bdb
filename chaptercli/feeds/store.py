"""Where a feed's files go in a library, and writing them whole.

Every name is made here from a hash of the feed's URL and of the item's key
(its guid): stable from one fetch to the next, the same on every filesystem,
and never taken from the feed, so no title or guid (`../../.bashrc`) can name
a file outside the library.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from chaptercli.files import write_atomic
from chaptercli.formats import write
from chaptercli.model import Episode
from chaptercli.render.sanitize import clean

_FEED_DIGITS = 12
_ITEM_DIGITS = 16
# Every name this module makes, and nothing else: a name read back from the
# library's subscriptions file is used only if it is one of these.
_OURS = re.compile(r"feed-[0-9a-f]{12}/[0-9a-f]{16}\.(yaml|transcript\.(json|vtt|srt|html))")


def _digest(text: str, digits: int) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:digits]


def feed_directory(feed_url: str) -> str:
    """The directory of a feed's episodes, relative to the library: `feed-<hash>`."""
    return f"feed-{_digest(feed_url, _FEED_DIGITS)}"


def episode_name(feed_url: str, item_key: str) -> str:
    """An item's chapters file, relative to the library."""
    return f"{feed_directory(feed_url)}/{_digest(feed_url + chr(0) + item_key, _ITEM_DIGITS)}.yaml"


def transcript_name(episode: str, extension: str) -> str:
    """The transcript beside an episode's file: same stem, `.transcript.<ext>`."""
    return episode.removesuffix(".yaml") + f".transcript.{extension}"


def _comment(text: str) -> str:
    """Untrusted text for a YAML comment: one line, no control characters."""
    return clean(text).strip()


def episode_yaml(
    episode: Episode, feed_url: str, chapters_from: str, transcript: str | None
) -> str:
    """The episode's chapters file: the YAML `export --to yaml` writes, saying in
    comments which feed it came from and where its chapters were found, and
    naming its transcript (a path relative to the file) when it has one."""
    import yaml

    header = (
        f"# From the feed {_comment(feed_url)} (chapters feed update refreshes it)\n"
        f"# Chapters from: {_comment(chapters_from)}\n"
    )
    text = write(episode, "yaml")
    if transcript is not None:
        text += yaml.safe_dump({"transcript": Path(transcript).name}, allow_unicode=True)
    return header + text


def write_file(library: Path, name: str, text: str) -> None:
    """A file of the library, whole or not at all, replacing the earlier one."""
    path = library / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, force=True)


def is_ours(name: str) -> bool:
    """Whether name is one this module makes (so it stays inside the library)."""
    return _OURS.fullmatch(name) is not None


def remove_file(library: Path, name: str) -> bool:
    """Deletes a file this tool wrote (never a directory or a link's target)."""
    if not is_ours(name):
        return False
    path = library / name
    if path.is_symlink() or not path.is_file():
        return False
    path.unlink()
    return True
