"""Subscribing a library to feeds and refreshing them: the run that fetches a
feed, builds each item's episode and writes its files.

Failures stay local: a feed or link that fails is one message (its URL and the
problem) and the rest is written. Every file is written whole (through a
temporary file and a rename), a transcript before the chapters file that names
it, and the subscriptions file after each feed: an interrupted or failed run
leaves whole files, and never deletes what an earlier run wrote.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from chaptercli.errors import ChapterError
from chaptercli.feeds import store
from chaptercli.feeds.client import (
    FEED_BYTES,
    LINK_BYTES,
    SCHEMES,
    Client,
    FetchError,
    Limits,
)
from chaptercli.feeds.episodes import Built, build_episode, transcript_choice
from chaptercli.feeds.parse import Item, Link, parse_feed
from chaptercli.feeds.subscriptions import Record, Subscription, load, save


class Progress(Protocol):
    """Told how far a run has got: `feeds`, `items`, `bytes`."""

    def total(self, kind: str, count: int) -> None: ...

    def advance(self, kind: str, count: int = 1) -> None: ...


@dataclass
class FeedOutcome:
    """What one feed's fetch did."""

    url: str
    title: str = ""
    written: int = 0  # chapters files written
    unchanged: int = 0  # items as they were: nothing fetched
    without_chapters: int = 0
    not_modified: bool = False  # answered 304: nothing fetched, nothing written
    failed: bool = False


@dataclass
class Outcome:
    library: Path
    feeds: list[FeedOutcome] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # each "URL: problem", said once


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in SCHEMES


def _subscription_url(source: str) -> str:
    """An http(s) URL as given; a local file as its absolute path."""
    if is_url(source):
        return source.strip()
    scheme = urlsplit(source).scheme
    if len(scheme) > 1:  # one letter is a Windows drive
        raise ChapterError(f"{source}: only http and https URLs or local files can be followed, "
                           f"not {scheme}: URLs")  # fmt: skip
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise ChapterError(f"{source}: no such feed file")
    return str(path)


# A transcript fetched (its extension and text), the problem fetching it, or none.
_Transcript = tuple[str, str] | str | None


class Run:
    """One run over a library's subscriptions, with one HTTP client (made on the
    first request: a local feed without links needs none)."""

    def __init__(self, library: Path, limits: Limits, user_agent: str, progress: Progress) -> None:
        self.library = library
        self.limits = limits
        self.user_agent = user_agent
        self.progress = progress
        self.outcome = Outcome(library)
        self._client: Client | None = None

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def client(self) -> Client:
        if self._client is None:
            self._client = Client(self.limits, self.user_agent)
        return self._client

    def add(self, source: str) -> Outcome:
        url = _subscription_url(source)
        subscriptions = load(self.library)
        existing = next((entry for entry in subscriptions if entry.url == url), None)
        new = existing is None
        if existing is None:
            existing = Subscription(url)
            subscriptions.append(existing)
        self._refresh(subscriptions, [existing], conditional=False)
        if new and self.outcome.feeds[-1].failed:  # a feed that cannot be read is not followed
            subscriptions.remove(existing)
            save(self.library, subscriptions)
        return self.outcome

    def update(self) -> Outcome:
        subscriptions = load(self.library)
        self._refresh(subscriptions, subscriptions, conditional=True)
        return self.outcome

    def _refresh(
        self, everything: list[Subscription], chosen: list[Subscription], conditional: bool
    ) -> None:
        self.progress.total("feeds", len(chosen))
        for subscription in chosen:
            result = FeedOutcome(subscription.url, subscription.title)
            try:
                self._feed(subscription, result, conditional)
            except ChapterError as error:
                result.failed = True
                self.outcome.failures.append(error.message)
            self.outcome.feeds.append(result)
            if not result.not_modified:  # after each feed: what is written stays known
                save(self.library, everything)
            self.progress.advance("feeds")

    def _feed(self, subscription: Subscription, result: FeedOutcome, conditional: bool) -> None:
        url = subscription.url
        if is_url(url):
            etag = subscription.etag if conditional else None
            since = subscription.last_modified if conditional else None
            fetched = self.client().fetch(url, FEED_BYTES, etag, since, self._bytes)
            if fetched.not_modified:
                result.not_modified = True
                return
            raw, base = fetched.body, fetched.url
            subscription.etag, subscription.last_modified = fetched.etag, fetched.last_modified
        else:
            raw, base = _read_local(url), None
        feed = parse_feed(raw, url, base)
        subscription.title = result.title = feed.title
        work, records = [], []
        self.progress.total("items", len(feed.items))
        known = {record.key: record for record in subscription.episodes}  # one look-up an item
        for item in _unique(feed.items):
            signature = hashlib.sha256(repr(item).encode("utf-8", "surrogatepass")).hexdigest()
            old = known.get(item.key)
            if old is not None and old.signature == signature and self._whole(old):
                result.unchanged += 1
                records.append(old)
                self.progress.advance("items")
            else:
                work.append((item, signature, old))
        pool = ThreadPoolExecutor(max_workers=self.limits.parallel)
        try:
            built = list(pool.map(lambda job: self._build(job[0], feed.title, url), work))
        finally:  # on Ctrl-C, no new request starts; nothing was written yet
            pool.shutdown(wait=False, cancel_futures=True)
        for (item, signature, old), (episode, transcript) in zip(work, built, strict=True):
            records.append(self._record(subscription, item, signature, old, episode, transcript,
                                        result))  # fmt: skip
            self.progress.advance("items")
        kept = {record.key for record in records}
        subscription.episodes = records + [r for r in subscription.episodes if r.key not in kept]

    def _whole(self, record: Record) -> bool:
        return all((self.library / name).is_file()
                   for name in (record.file, record.transcript) if name)  # fmt: skip

    def _bytes(self, count: int) -> None:
        self.progress.advance("bytes", count)

    def _linked(self, link: Link, chapters: bool) -> str:
        fetched = self.client().fetch(link.url, LINK_BYTES, counted=self._bytes)
        kind = fetched.content_type.split(";", 1)[0].strip().lower()
        if chapters and (kind == "text/html" or fetched.body.lstrip()[:1] == b"<"):
            raise FetchError(link.url, f"expected JSON chapters, got HTML ({kind or 'no type'})")
        try:
            return fetched.body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FetchError(link.url, f"not UTF-8 text (byte {error.start})") from None

    def _build(self, item: Item, podcast: str, feed_url: str) -> tuple[Built, _Transcript]:
        """The item's episode, and its transcript: (extension, text), or a problem."""
        built = build_episode(item, podcast, lambda link: self._linked(link, True), feed_url)
        choice = transcript_choice(item.transcripts) if built.episode is not None else None
        if choice is None:
            return built, None
        link, extension = choice
        try:
            return built, (extension, self._linked(link, False))
        except ChapterError as error:
            return built, error.message

    def _record(
        self,
        subscription: Subscription,
        item: Item,
        signature: str,
        old: Record | None,
        built: Built,
        transcript: _Transcript,
        result: FeedOutcome,
    ) -> Record:
        where = f"{subscription.url}: item {item.title[:80]!r}"
        problems = [f"{where}: {problem}" for problem in item.problems] + list(built.problems)
        if isinstance(transcript, str):
            problems.append(transcript)
        self.outcome.failures.extend(problems)
        if built.episode is None or built.chapters_from is None:
            if old is not None and old.file is not None:
                return old  # never deletes what an earlier run wrote; tried again next time
            result.without_chapters += 1
            return Record(item.key, item.title, signature="" if problems else signature)
        name = store.episode_name(subscription.url, item.key)
        saved = None
        if isinstance(transcript, tuple):
            extension, text = transcript
            saved = store.transcript_name(name, extension)
            store.write_file(self.library, saved, text)
        elif old is not None and old.transcript is not None:
            saved = old.transcript  # the earlier one stays, and stays named
        yaml_text = store.episode_yaml(built.episode, subscription.url, built.chapters_from, saved)
        store.write_file(self.library, name, yaml_text)
        result.written += 1
        return Record(item.key, item.title, name, built.chapters_from, saved,
                      "" if problems else signature)  # fmt: skip


def _unique(items: tuple[Item, ...]) -> list[Item]:
    """Items with keys made unique: a feed may repeat a guid, or (without guids)
    a title."""
    from dataclasses import replace

    seen: dict[str, int] = {}
    unique = []
    for item in items:
        count = seen[item.key] = seen.get(item.key, 0) + 1
        unique.append(item if count == 1 else replace(item, key=f"{item.key}#{count}"))
    return unique


def _read_local(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            raw = stream.read(FEED_BYTES + 1)
    except OSError as error:
        raise ChapterError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(raw) > FEED_BYTES:
        raise ChapterError(f"{path}: larger than the limit of {FEED_BYTES // 1024 // 1024} MB")
    return raw


def remove(library: Path, url: str) -> Subscription:
    """Unsubscribes the library from a feed and deletes the files it wrote for it."""
    subscriptions = load(library)
    wanted = url if is_url(url) else str(Path(url).expanduser().resolve())
    found = next((entry for entry in subscriptions if entry.url in (url, wanted)), None)
    if found is None:
        known = ", ".join(entry.url for entry in subscriptions) or "none"
        raise ChapterError(f"{library} is not subscribed to {url} (its feeds: {known})")
    for record in found.episodes:
        for name in (record.file, record.transcript):
            if name:
                store.remove_file(library, name)
    directory = library / store.feed_directory(found.url)
    if directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
    save(library, [entry for entry in subscriptions if entry is not found])
    return found
