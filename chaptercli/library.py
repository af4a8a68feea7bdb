"""A library: the episodes of every chapters file found under some paths.

Files come from `-f` paths (files, or directories searched for *.yaml and
*.yml; chaptercli.discovery) or CHAPTERS_PATH; with neither, the bundled
episode. A file holds one episode, or several under `episodes:`
(chaptercli.reading). A broken file does not hide the rest: it is skipped and
reported. Reading goes through the on-disk index (chaptercli.index) unless that
is turned off or cannot be used. Nothing here writes to the terminal: notes go
to the `notify` callable the caller gives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chaptercli.discovery import FilesFound, files_under
from chaptercli.entries import Entry, Found, entry_of
from chaptercli.errors import ChapterError, DataError, RefError
from chaptercli.model import Chapter, Episode
from chaptercli.progress import SILENT, Progress
from chaptercli.reading import parse_file
from chaptercli.search import FIELDS, Matcher, fold, fold_words, search

if TYPE_CHECKING:
    from chaptercli.index import Index
    from chaptercli.index.said import Windows


class Library:
    """Episodes in a fixed order (file order, then place in file), and what was skipped.

    Episodes come from the index when there is one; if the index fails part-way
    (a damaged file, a full disk), the library reads the files directly instead,
    says so through `notify`, and carries on with the same answers. `parsed`
    names the files this command read and parsed itself rather than trusting
    the index: all of them without one."""

    def __init__(
        self,
        files: FilesFound,
        entries: list[Entry],
        skipped: list[DataError],
        episodes: dict[Entry, Episode] | None = None,
        index: Index | None = None,
        notify: Callable[[str], None] = lambda note: None,
        parsed: Sequence[str] = (),
        progress: Progress = SILENT,
    ) -> None:
        self.files = files
        self.entries = entries
        self.skipped = skipped
        self.parsed = list(parsed)
        self._episodes = episodes or {}
        self._index = index
        self._notify = notify
        self._progress = progress
        self._numbers: dict[Entry, int] | None = None

    def _without_index(self, index: Index, error: sqlite3.Error) -> None:
        if index.abandon(error):
            self._notify(f"the index {index.path} was damaged ({error}); "
                         "reading the files directly, and it is rebuilt next time")  # fmt: skip
        else:
            self._notify(f"the index failed ({error}); reading the files directly")
        fresh = _read_all(self.files)
        self.parsed = fresh.parsed
        by_place = {(e.path, e.position): episode for e, episode in fresh._episodes.items()}
        self._index = None
        if any((entry.path, entry.position) not in by_place for entry in self.entries):
            raise ChapterError("the chapters files changed while they were being read: run the "
                               "command again")  # fmt: skip
        self._episodes = {entry: by_place[entry.path, entry.position] for entry in self.entries}

    @property
    def from_index(self) -> bool:
        """Whether episodes come from the index."""
        return self._index is not None

    def episode(self, entry: Entry) -> Episode:
        if entry not in self._episodes and self._index is not None:
            try:
                self._episodes[entry] = self._index.episode(entry)
            except sqlite3.Error as error:
                self._without_index(self._index, error)
        return self._episodes[entry]

    def windows(self, entries: Sequence[Entry], ms: int) -> list[Sequence[Chapter]]:
        """For each episode, its chapters around ms (at least the last to start at or
        before it and the first after it): what finding the chapter at ms needs."""
        if self._index is not None:
            try:
                return list(self._index.windows(entries, ms))
            except sqlite3.Error as error:
                self._without_index(self._index, error)
        return [self.episode(entry).chapters for entry in entries]

    def titles(
        self, matcher: Matcher, entries: Sequence[Entry] | None = None
    ) -> list[tuple[Entry, tuple[tuple[int, int], ...]]]:
        """The episodes whose own title the matcher finds, with where in it."""
        entries = self.entries if entries is None else entries
        if self._index is not None and not matcher.regex:
            try:  # only the titles that, folded, hold every word are matched in full
                keys = self._index.title_keys(entries, matcher.folded_words)
                entries = [entry for entry in entries if entry.key in keys]
            except sqlite3.Error as error:
                self._without_index(self._index, error)
        return [(entry, spans) for entry in entries
                if (spans := matcher.spans(entry.title)) is not None]  # fmt: skip

    def choose(self, words: str | None) -> list[Entry]:
        """The episodes `--episode WORDS` names: a position in `chapters episodes`,
        or words from the title; all of them when no words are given."""
        if words is None:
            return self.entries
        text = words.strip()
        if text.isascii() and text.isdigit():
            number = int(text)
            if 1 <= number <= len(self.entries):
                return [self.entries[number - 1]]
            raise RefError(f"no episode {number}: the library has episodes 1 to {len(self)}")
        wanted = fold_words(text.split())
        chosen = [e for e in self.entries if all(w in fold(e.name())[0] for w in wanted)]
        if len(chosen) == 1:
            return chosen
        if not chosen:
            raise RefError(f"no episode title contains {text!r}; the episodes are:",
                           self.describe(self.entries))  # fmt: skip
        raise RefError(f"{len(chosen)} episodes match {text!r}; add words or use a number:",
                       self.describe(chosen))  # fmt: skip

    def one(self, words: str | None) -> Entry:
        """The single episode a command works on: the only one, or the one chosen."""
        chosen = self.choose(words)
        if len(chosen) > 1:
            raise RefError(
                f"{len(chosen)} episodes are loaded: choose one with --episode "
                "(words from its title, or its number):",
                self.describe(chosen),
            )
        return chosen[0]

    def number(self, entry: Entry) -> int:
        """The entry's number in `chapters episodes`, from 1."""
        if self._numbers is None:
            self._numbers = {e: n for n, e in enumerate(self.entries, 1)}
        return self._numbers[entry]

    def describe(self, entries: Sequence[Entry]) -> list[str]:
        return [f"{self.number(e):>4}  {e.name()}  ({e.path})" for e in entries]

    def search(self, matcher: Matcher, fields: Sequence[str] = FIELDS,
               entries: Sequence[Entry] | None = None) -> list[Found]:  # fmt: skip
        """Matches in the episodes `entries` (all of them when None), in library order."""
        entries = self.entries if entries is None else entries
        if self._index is not None and self._index.can_search(matcher):
            try:
                return self._index.search(entries, matcher, fields)
            except sqlite3.Error as error:
                self._without_index(self._index, error)
        found = []
        for entry in entries:
            found += [Found(entry, m) for m in search(self.episode(entry), matcher, fields)]
        return found

    def spoken(self, entries: Sequence[Entry], matcher: Matcher) -> Windows | None:
        """What a search must look at in the transcripts, from the index (None: read them)."""
        if self._index is not None and self._index.can_search(matcher):
            try:
                return self._index.spoken(entries, matcher)
            except sqlite3.Error as error:
                self._without_index(self._index, error)
        return None

    def rank(self, words: Sequence[str], fields: Sequence[str] = FIELDS,
             entries: Sequence[Entry] | None = None) -> list[Found]:  # fmt: skip
        """Matches ordered by relevance (bm25), with stemming: the index's full-text search."""
        entries = self.entries if entries is None else entries
        if self._index is not None:
            try:
                return self._index.rank(entries, words, fields, self._progress)
            except sqlite3.Error as error:
                self._without_index(self._index, error)
        # Without the index (--no-cache): a full-text index in memory, for this search only.
        from chaptercli.index import Index

        scratch = Index.in_memory()
        keyed = scratch.add_all(entries, self.episode)
        mine = {entry.key: original for entry, original in zip(keyed, entries, strict=True)}
        return [
            found._replace(entry=mine[found.entry.key])
            for found in scratch.rank(keyed, words, fields)
        ]

    def close(self) -> None:
        if self._index is not None:
            self._index.close()

    def __len__(self) -> int:
        return len(self.entries)


def load(
    paths: Sequence[Path],
    use_index: bool = True,
    notify: Callable[[str], None] = lambda note: None,
    progress: Progress = SILENT,
) -> Library:
    """The library under paths, through the index unless told not to or it fails;
    reading files into the index says how it goes to `progress`."""
    found = files_under(paths)
    if not found.files:
        if found.unreadable:
            raise found.unreadable[0]
        raise ChapterError(
            "no chapters files (*.yaml, *.yml) or media files found in "
            + ", ".join(map(str, paths))
        )
    indexed = _indexed(found, notify, progress) if use_index else None
    library = _read_all(found) if indexed is None else indexed
    library.skipped[:0] = found.unreadable
    return library


def _indexed(
    files: FilesFound, notify: Callable[[str], None], progress: Progress
) -> Library | None:
    """The library through the index, or None if the index cannot be used (read the
    files directly). An index found damaged is deleted and built again, once."""
    # Here, not at the top: the bundled episode and --no-cache never need the index.
    from chaptercli.index import Index, open_index

    index, note = open_index()
    if note:
        notify(note)
    if index is None:
        return None
    try:
        return _from_index(index, files, notify, progress)
    except sqlite3.Error as error:
        if not index.abandon(error) or index.path is None:
            notify(f"the index failed ({error}); reading the files directly")
            return None
    try:
        library = _from_index(Index.open(index.path), files, notify, progress)
    except sqlite3.Error as again:
        notify(f"the index failed ({again}); reading the files directly")
        return None
    notify(f"the index {index.path} was damaged; it has been rebuilt")
    return library


def _from_index(
    index: Index, files: FilesFound, notify: Callable[[str], None], progress: Progress
) -> Library:
    """The library as the index holds it, once brought up to date; the index is
    closed if that fails."""
    try:
        entries, skipped, parsed = index.refresh(files.files, files.walked, progress)
    except BaseException:
        index.close()
        raise
    return Library(files, entries, skipped, index=index, notify=notify, parsed=parsed,
                   progress=progress)  # fmt: skip


def _read_all(files: FilesFound) -> Library:
    from chaptercli.filebytes import read_bytes

    entries: list[Entry] = []
    episodes: dict[Entry, Episode] = {}
    skipped: list[DataError] = []
    for file in files.files:
        try:
            found, errors = parse_file(read_bytes(file.path), file.path)
        except DataError as error:
            found, errors = [], [error]
        skipped += errors
        for position, episode in enumerate(found, 1):
            entry = entry_of(episode, file.path, position)
            entries.append(entry)
            episodes[entry] = episode
    return Library(files, entries, skipped, episodes, parsed=[file.path for file in files.files])


def from_stdin() -> Library:
    """The episodes of a chapters file (in any format) read from standard input."""
    from chaptercli.loader import read_stdin

    source = "<stdin>"
    episodes, errors = parse_file(read_stdin(), source)
    if errors:
        raise errors[0]
    entries = [entry_of(episode, source, position) for position, episode in enumerate(episodes, 1)]
    return Library(FilesFound([], [], []), entries, [], dict(zip(entries, episodes, strict=True)))
