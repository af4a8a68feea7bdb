"""Finding a chapter of an episode from what a user types, where a time falls,
and the link to a time. Pure: episodes in, answers out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, quote, urlencode, urlsplit, urlunsplit

from chaptercli.errors import RefError
from chaptercli.model import Chapter, Episode, chapter_after, chapter_at, plays_until
from chaptercli.search import fold, fold_words
from chaptercli.times import format_seconds, format_time, looks_like_clock, parse_time

_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtu.be",
}


@dataclass(frozen=True)
class Position:
    """What is playing at a time: the chapter (None in a gap), and what comes next."""

    time_ms: int
    chapter: Chapter | None
    next: Chapter | None
    link: str | None
    until_ms: int | None = None  # where the chapter stops playing (see Episode.plays_until)

    @property
    def offset_ms(self) -> int | None:
        return None if self.chapter is None else self.time_ms - self.chapter.start_ms

    @property
    def remaining_ms(self) -> int | None:
        if self.chapter is None:
            return None if self.next is None else self.next.start_ms - self.time_ms
        return None if self.until_ms is None else self.until_ms - self.time_ms


def describe(chapter: Chapter) -> str:
    """One line naming a chapter, as candidates are listed."""
    return f"{chapter.number:>3}  {format_time(chapter.start_ms):>8}  {chapter.title}"


_CLOCKISH = re.compile(r"[0-9:.]+")


def ref_kind(ref: str) -> tuple[str, int | None]:
    """What a REF is: ("number", n) for a bare integer; ("time", ms) for anything
    with a colon (a time, or the time error `at` gives, as for 1:75) or a
    number with a unit that parses (90s, 1h5m); ("words", None) for the rest, so
    titles words such as "glasses" or "behemoth" (or a whole title with a colon in
    it) are never read as times."""
    text = ref.strip()
    if text.isascii() and text.isdigit():
        return "number", int(text)
    if ":" in text and _CLOCKISH.fullmatch(text):
        return "time", parse_time(text)
    if looks_like_clock(text) and text[:1].isdigit():
        try:
            return "time", parse_time(text)
        except ValueError:
            pass  # not a time after all ("10 things"): title words
    return "words", None


def resolve_ref(episode: Episode, ref: str) -> Chapter:
    """A chapter number (a bare integer), a time, or title words (see ref_kind)."""
    kind, value = ref_kind(ref)
    if kind == "number" and value is not None:
        return _by_number(episode, value)
    if kind == "time" and value is not None:
        return _by_time(episode, value)
    return _by_title(episode, ref.strip())


def _by_number(episode: Episode, number: int) -> Chapter:
    if 1 <= number <= len(episode.chapters):
        return episode.chapters[number - 1]
    raise RefError(f"no chapter {number}: the episode has chapters 1 to {len(episode.chapters)}")


def _by_time(episode: Episode, ms: int) -> Chapter:
    position = position_at(episode, ms)
    if position.chapter is not None:
        return position.chapter
    nearby = [c for c in episode.chapters if c.end_ms is not None and c.end_ms <= ms][-1:]
    if position.next is not None:
        nearby.append(position.next)
    raise RefError(
        f"no chapter is playing at {format_time(ms)}: it falls in a gap between chapters",
        [describe(c) for c in nearby],
    )


def title_words(text: str) -> list[str]:
    words = fold_words(text.split())
    if not words:
        raise RefError("no chapter given: use a number, a time or words from a title")
    return words


def title_matches(episode: Episode, words: list[str]) -> list[Chapter]:
    """Chapters whose titles hold every folded word; a title that is exactly
    the words wins over longer ones."""
    folded_titles = [(chapter, fold(chapter.title)[0]) for chapter in episode.chapters]
    found = [c for c, title in folded_titles if all(w in title for w in words)]
    exact = [c for c, title in folded_titles if title == " ".join(words)]
    return exact if len(found) > 1 and len(exact) == 1 else found


def _by_title(episode: Episode, text: str) -> Chapter:
    found = title_matches(episode, title_words(text))
    if len(found) == 1:
        return found[0]
    if found:
        raise RefError(
            f"{len(found)} chapters match {text!r}; add words or use a number:",
            [describe(c) for c in found],
        )
    raise RefError(
        f"no chapter title contains {text!r} (try `chapters search`); the chapters are:",
        [describe(c) for c in episode.chapters],
    )


def position_at(episode: Episode, ms: int) -> Position:
    """Where ms falls. Past the end of the episode is an error, as is no time at all."""
    return position_among(episode.chapters, episode.length_ms, episode.url, ms)


def position_among(
    chapters: Sequence[Chapter], length_ms: int | None, url: str | None, ms: int
) -> Position:
    """Where ms falls in an episode of this length and url, given its chapters around
    ms (all of them, or at least the last to start at or before ms and the first
    after, and all of them when one of those is hidden)."""
    if length_ms is not None and ms >= length_ms:
        raise RefError(f"{format_time(ms)} is past the end of the episode "
                       f"({format_time(length_ms)})")  # fmt: skip
    chapter = chapter_at(chapters, ms)
    until = None if chapter is None else plays_until(chapters, chapter)
    return Position(ms, chapter, chapter_after(chapters, ms),
                    link_at(url, ms) if url else None, until)  # fmt: skip


# Characters a link may keep as they are; the rest (controls, spaces, quotes,
# angle brackets, anything not ASCII) are percent-encoded, so a link is always
# one clean token whatever the episode file says.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
LONGEST_LINK = 8192  # past this a url is not linked (terminals and browsers give up)


def url_kind(url: str) -> str | None:
    """ "web" for an http(s) link, "file" for a local media file (a path or a
    `file:` URL), None for anything else (other schemes, unparsable urls): those
    are never opened or linked."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1", or a host that NFKC normalisation changes
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return "web" if parts.hostname else None
    if scheme == "file":
        return "file" if parts.netloc in ("", "localhost") else None
    if not scheme or len(scheme) == 1:  # a path, or a Windows drive letter
        return "file"
    return None


class _LinkTemplate(NamedTuple):
    before: str  # the url up to where the time goes
    after: str  # what follows the time
    whole_seconds: bool


def _encoded(url: str) -> tuple[SplitResult, str] | None:
    """The url's parts percent-encoded (its host in IDNA), with its fragment apart;
    None when it is not to be linked."""
    if len(url) > LONGEST_LINK or url_kind(url) is None:
        return None
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    path, query, fragment = (quote(part, safe=_URL_SAFE) for part in parts[2:])
    return parts._replace(netloc=netloc, path=path, query=query, fragment=""), fragment


def web_link(url: str) -> str | None:
    """An http(s) url as a terminal hyperlink's target, percent-encoded; None for
    any other url (the policy links web pages only)."""
    encoded = _encoded(url) if url_kind(url) == "web" else None
    if encoded is None:
        return None
    parts, fragment = encoded
    return urlunsplit(parts._replace(fragment=fragment))


@lru_cache(maxsize=64)
def _template(url: str) -> _LinkTemplate | None:
    """The url split once around where the time goes, its parts percent-encoded;
    None when it is not to be linked. Parsed once, however often it is linked."""
    encoded = _encoded(url)
    if encoded is None:
        return None
    parts, fragment = encoded
    query = parts.query
    if (parts.hostname or "").lower() in _YOUTUBE_HOSTS:
        # YouTube takes whole seconds, as `t=` in the query; the rest stays as it was.
        kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "t"]
        before = urlunsplit(parts._replace(query=urlencode([*kept, ("t", "")])))
        return _LinkTemplate(before, f"#{fragment}" if fragment else "", whole_seconds=True)
    return _LinkTemplate(urlunsplit(parts) + "#t=", "", whole_seconds=False)


def link_at(url: str, ms: int) -> str | None:
    """The episode's url opened at ms: `t=` for YouTube, a `#t=` media fragment
    otherwise; None for a url that is never linked (see `url_kind`)."""
    template = _template(url)
    if template is None:
        return None
    # Whole seconds round down, so playback starts at or before ms.
    at = str(ms // 1000) if template.whole_seconds else format_seconds(ms)
    return f"{template.before}{at}{template.after}"
