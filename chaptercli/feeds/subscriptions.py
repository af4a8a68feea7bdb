"""A library's subscriptions: the feeds it follows, their validators for
conditional requests, and what each item became. One JSON file in the library
(`.feeds.json`: hidden, so never read as chapters), written atomically."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from chaptercli.errors import ChapterError
from chaptercli.feeds.store import is_ours
from chaptercli.files import write_atomic

FILE_NAME = ".feeds.json"
_VERSION = 1
_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class Record:
    """What an item of a feed became: its chapters file (None: it has no
    chapters), where they came from, its transcript, and a digest of the item
    as fetched, so an unchanged item is not fetched again."""

    key: str
    title: str
    file: str | None = None
    chapters_from: str | None = None
    transcript: str | None = None
    signature: str = ""


@dataclass
class Subscription:
    url: str  # an http(s) URL, or the absolute path of a local feed file
    title: str = ""
    etag: str | None = None
    last_modified: str | None = None
    episodes: list[Record] = field(default_factory=list)


def state_path(library: Path) -> Path:
    return library / FILE_NAME


def load(library: Path) -> list[Subscription]:
    """The library's subscriptions (none if it has no file yet)."""
    path = state_path(library)
    try:
        with path.open("rb") as stream:
            raw = stream.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return []
    except OSError as error:
        raise ChapterError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = json.loads(raw)
        if len(raw) > _MAX_BYTES or data.get("version") != _VERSION:
            raise ValueError("not a subscriptions file of this version")
        return [_subscription(entry) for entry in data["feeds"]]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ChapterError(f"{path}: not a subscriptions file chaptercli can read ({error}); "
                           "move it away to start again") from None  # fmt: skip


def _subscription(entry: dict[str, Any]) -> Subscription:
    records = [Record(**record) for record in entry.get("episodes", [])]
    for record in records:
        for name in (record.file, record.transcript):
            if name is not None and not is_ours(name):
                raise ValueError(f"a file name that is not the library's own: {name[:80]!r}")
    return Subscription(
        url=str(entry["url"]),
        title=str(entry.get("title", "")),
        etag=entry.get("etag"),
        last_modified=entry.get("last_modified"),
        episodes=records,
    )


def save(library: Path, subscriptions: list[Subscription]) -> None:
    library.mkdir(parents=True, exist_ok=True)
    data = {"version": _VERSION, "feeds": [asdict(entry) for entry in subscriptions]}
    write_atomic(state_path(library), json.dumps(data, indent=1, ensure_ascii=True) + "\n",
                 force=True)  # fmt: skip
