"""What each command asks of a library, answered as a result value.

The commands' logic, apart from the options they parse and the output they
make: a library (or texts) and options in, a `results` value out. Episodes
are read through the library, which may read files or the index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from chaptercli.discovery import bundled_path
from chaptercli.entries import Entry, Found
from chaptercli.errors import ChapterError, RefError
from chaptercli.library import Library
from chaptercli.model import Chapter
from chaptercli.navigate import (
    Position,
    describe,
    position_among,
    position_at,
    ref_kind,
    resolve_ref,
    title_matches,
    title_words,
)
from chaptercli.results import (
    ListResult,
    OpenResult,
    PositionsResult,
    SearchResult,
    ShowResult,
    TextResult,
    TimelineResult,
)
from chaptercli.search import FIELDS, Matcher
from chaptercli.times import format_time


def import_text(text: str, source: str, from_format: str | None) -> TextResult:
    """A chapters file of any format, as this project's YAML. What the reader left
    out is a warning (naming the format); which format was detected, a note."""
    from chaptercli import formats

    name, imported, skipped = formats.read(text, source, from_format)
    warnings = [f"read as {name}; {note}" for note in skipped]
    notes = [] if from_format or warnings else [f"read as {name}"]
    return TextResult(text=formats.write(imported, "yaml"), warnings=warnings, notes=notes)


def import_media(path: Path) -> TextResult | None:
    """A media file's chapters as this project's YAML; None for a file that is not media."""
    from chaptercli import formats
    from chaptercli.filebytes import media_kind

    kind = media_kind(path)
    if kind is None:
        return None
    from chaptercli.media.read import read_media

    episode, notes = read_media(str(path), kind)
    return TextResult(text=formats.write(episode, "yaml"), warnings=list(notes),
                      notes=[f"read from the {kind} file's tags"])  # fmt: skip


def list_episodes(library: Library, episode: str | None) -> ListResult:
    chosen = library.choose(episode)
    episodes = [library.episode(entry) for entry in chosen]
    return ListResult(library=library, entries=chosen, episodes=episodes,
                      skipped=len(library.skipped))  # fmt: skip


def show_chapter(
    library: Library, episode: str | None, ref: str, transcript: bool = False
) -> ShowResult:
    """One chapter; with transcript, what was said in it too."""
    entry, chapter = resolve_in_library(library, library.choose(episode), ref)
    said = None
    if transcript:
        from chaptercli.transcripts.asked import said_in

        said = said_in(library, entry, chapter)
    return ShowResult(episode=library.episode(entry), chapter=chapter, said=said,
                      skipped=len(library.skipped))  # fmt: skip


def matcher_for(
    words: Sequence[str],
    regex: bool = False,
    case_sensitive: bool = False,
    rank: bool = False,
    whole_words: bool = False,
) -> Matcher:
    """The search asked for, checked before anything is read."""
    if rank and (regex or case_sensitive or whole_words):
        raise ChapterError("--rank matches words by their stem: it cannot be combined "
                           "with --regex, --case-sensitive or --word")  # fmt: skip
    return Matcher(words, regex=regex, case_sensitive=case_sensitive, whole_words=whole_words)


EPISODE = "episode"  # the field for a match in an episode's own title
TRANSCRIPT = "transcript"  # the field for what was said


def search_library(
    library: Library,
    matcher: Matcher,
    words: Sequence[str],
    fields: Sequence[str] = (*FIELDS, EPISODE, TRANSCRIPT),
    rank: bool = False,
    episode: str | None = None,
    cite: bool = False,
) -> SearchResult:
    """The chapters, the episode titles and the transcripts of the chosen episodes
    in which the words occur: in library order, or with rank by relevance
    (chapters only: transcripts are not ranked)."""
    chosen = library.choose(episode)
    chapter_fields = [field for field in fields if field in FIELDS]
    if rank and not chapter_fields:
        raise ChapterError("--rank orders chapters by relevance: it cannot search only "
                           "episode titles or transcripts")  # fmt: skip
    found: list[Found] = []
    if chapter_fields:
        found = (library.rank(words, chapter_fields, chosen) if rank
                 else library.search(matcher, chapter_fields, chosen))  # fmt: skip
    titles = [] if rank or EPISODE not in fields else library.titles(matcher, chosen)
    warnings: list[str] = []
    skipped = len(library.skipped)
    if TRANSCRIPT in fields and not rank:
        from chaptercli.transcripts import asked

        unread = asked.Unread()
        said = asked.search_transcripts(library, chosen, matcher, unread)
        if said:
            found = asked.in_reading_order(library, [*found, *said])
        warnings, skipped = unread.warnings(), skipped + len(unread)
    return SearchResult(library=library, words=words, found=found, episode_titles=titles,
                        cite=cite, warnings=warnings, skipped=skipped)  # fmt: skip


def positions(library: Library, episode: str | None, ms: int) -> PositionsResult:
    """What plays at ms in each chosen episode, and what is said then in those
    with a transcript."""
    from chaptercli.transcripts import asked

    chosen = library.choose(episode)
    found = positions_in_library(library, chosen, ms)
    unread = asked.Unread()
    said = asked.said_at_positions(library, [entry for entry, _ in found], ms, unread)
    return PositionsResult(library=library, positions=found, several=len(chosen) > 1,
                           said=said, warnings=unread.warnings(),
                           skipped=len(library.skipped) + len(unread))  # fmt: skip


def open_chapter(
    library: Library,
    episode: str | None,
    ref: str,
    print_only: bool,
    which: Callable[[str], str | None],
    has_display: bool,
) -> OpenResult:
    """Where `chapters open` would go; the command opens it when `opened`."""
    from chaptercli.filebytes import playable
    from chaptercli.opener import plan_open

    entry, chapter = resolve_in_library(library, library.choose(episode), ref)
    chosen = library.episode(entry)
    if chosen.url is None and entry.path == str(bundled_path()):
        raise ChapterError(
            "the bundled episode has no url to open: its show notes give none. The example "
            "library in the repository has one (the episode on YouTube): "
            f"chapters open {chapter.number} -f examples/library"
        )
    plan = plan_open(chosen, chapter.start_ms, which, has_display, playable)
    return OpenResult(chapter=chapter, plan=plan, print_only=print_only,
                      opened=not print_only and plan.reason is None,
                      skipped=len(library.skipped))  # fmt: skip


def timeline(
    library: Library, episode: str | None, at_ms: int | None, width: int | None = None
) -> TimelineResult:
    """The picture of one episode; a time to mark must fall within it, as for `at`."""
    chosen = library.episode(library.one(episode))
    if at_ms is not None:
        position_at(chosen, at_ms)  # past the end: the error `at` gives
    return TimelineResult(episode=chosen, at_ms=at_ms, width=width, skipped=len(library.skipped))


def export(library: Library, episode: str | None, to: str, quiet: bool = False) -> TextResult:
    """The episode in format `to`, and (unless quiet) a warning naming what the
    format leaves out."""
    from chaptercli import formats

    chosen = library.episode(library.one(episode))
    lost = [] if quiet else formats.dropped(chosen, to)
    warning = f"{to} cannot carry the episode's {', '.join(lost)}: they were left out"
    return TextResult(text=formats.write(chosen, to), warnings=[warning] if lost else [],
                      skipped=len(library.skipped))  # fmt: skip


def resolve_in_library(
    library: Library, entries: Sequence[Entry], ref: str
) -> tuple[Entry, Chapter]:
    """resolve_ref across the chosen episodes: title words may pick one chapter
    anywhere; a number or a time needs a single episode."""
    if len(entries) == 1:
        return entries[0], resolve_ref(library.episode(entries[0]), ref)
    text = ref.strip()
    if ref_kind(text)[0] != "words":
        raise RefError(
            f"{len(entries)} episodes are loaded: say which one {text!r} is in with "
            "--episode (words from its title, or its number):",
            library.describe(entries),
        )
    words = title_words(text)
    found = [
        (entry, chapter)
        for entry in entries
        for chapter in title_matches(library.episode(entry), words)
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise RefError(f"no chapter title in any episode contains {text!r} "
                       "(try `chapters search`)")  # fmt: skip
    raise RefError(
        f"{len(found)} chapters in {_episodes(len({e for e, _ in found}))} match {text!r}; "
        "add words, or choose an episode with --episode:",
        [f"{entry.name()}:  {describe(chapter).strip()}" for entry, chapter in found],
    )


def positions_in_library(
    library: Library, entries: Sequence[Entry], ms: int
) -> list[tuple[Entry, Position]]:
    """What plays at ms in each chosen episode that lasts that long."""
    windows = library.windows(entries, ms)
    if len(entries) == 1:
        entry = entries[0]
        return [(entry, position_among(windows[0], entry.length_ms, entry.url, ms))]
    positions = []
    for entry, chapters in zip(entries, windows, strict=True):
        if entry.length_ms is None or ms < entry.length_ms:  # else this episode is shorter
            positions.append((entry, position_among(chapters, entry.length_ms, entry.url, ms)))
    if not positions:
        raise RefError(f"{format_time(ms)} is past the end of every episode loaded")
    return positions


def _episodes(count: int) -> str:
    return f"{count} episode" if count == 1 else f"{count} episodes"
