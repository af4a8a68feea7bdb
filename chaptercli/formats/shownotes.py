"""Show-notes text, as the bundled episode's seed file:

    Dwarkesh PodcastMark Zuckerberg — AI will write most Meta code in 18 months
    CHAPTERS
    - 0:00 – 4:01
    Llama 4: what’s new, why efficiency matters, and the path to Behemoth
    Zuckerberg recaps how fast the field has moved…
    - •Meta AI adoption is nearing a billion monthly users…

The header is one line (podcast and title, which scraped notes run together)
or two (podcast, then title), as this module writes it; a podcast line of a
lone `-` says there is none. A line after a title that looks like a time range
is the chapter's summary unless a title line follows it. Lines are split by
hand: reading is linear in the text.
"""

from __future__ import annotations

import re

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import DISTINCT, EVERYTHING, NOT_IT, URL, Reader, Reading, TwoWay
from chaptercli.model import Episode
from chaptercli.times import format_time, parse_time

_TIME = re.compile(r"\d{1,12}(?::\d{1,2}){0,2}(?:\.\d{1,9})?", re.ASCII)
_DASHES = "–—-"
_BULLET = "- •"
_NONE = "-"  # a header line that says "no podcast": what export writes when needed
# Words a show's name often ends with: where scraped notes run name and title together.
_SHOW_WORDS = ("Podcast", "Show", "Cast", "Radio", "Hour", "Pod", "Talk", "Talks", "Live")


def _span(line: str) -> tuple[int, int | None] | None:
    """(start, end) of a `- 0:00 – 4:01` line (the end may be missing); else None.
    Split by hand at the first dash after the leading one: linear."""
    if not line.startswith("-"):
        return None
    body = line[1:]
    cut = min((at for dash in _DASHES if (at := body.find(dash)) >= 0), default=len(body))
    first, second = body[:cut].strip(), body[cut + 1 :].strip()
    if not _TIME.fullmatch(first) or (second and not _TIME.fullmatch(second)):
        return None
    return parse_time(first), parse_time(second) if second else None


def sniff(text: str) -> int:
    lines = [line.strip() for line in lines_of(text)[:8]]
    is_it = "CHAPTERS" in lines[:4] and any(_span(line) for line in lines)
    return DISTINCT if is_it else NOT_IT


def _run_together(line: str) -> tuple[str, str] | None:
    """(podcast, title) where a show's name runs into the title (`…PodcastMark …`):
    the earliest show word followed by a capital letter or a digit."""
    cuts = []
    for word in _SHOW_WORDS:
        at = line.find(word)
        while at >= 0:
            end = at + len(word)
            if end < len(line) and (line[end].isupper() or line[end].isdigit()):
                cuts.append(end)
                break
            at = line.find(word, end)
    if not cuts:
        return None
    cut = min(cuts)
    return line[:cut], line[cut:]


def _split_header(header: list[str]) -> tuple[str | None, str | None]:
    if len(header) >= 2:
        podcast = None if header[0] == _NONE else header[0]
        return podcast, " ".join(header[1:])
    if not header:
        return None, None
    return _run_together(header[0]) or (None, header[0])


def _starts_chapter(lines: list[str], at: int) -> bool:
    """Does the line at `at`, after a chapter's title, start the next chapter, or is
    it the chapter's summary (one that looks like a time range)? A chapter's time
    range has its title under it: a line that is neither a time range nor a bullet.
    A summary has bullets, the next chapter's time range or nothing under it."""
    under = lines[at + 1] if at + 1 < len(lines) else ""
    return (
        _span(lines[at]) is not None
        and bool(under)
        and not under.startswith(_BULLET)
        and _span(under) is None
    )


def read(text: str, source: str) -> Reading:
    lines = [line.strip() for line in lines_of(text.lstrip("\ufeff"))]
    try:
        marker = lines.index("CHAPTERS")
    except ValueError:
        raise ChapterError(f"{source}: no CHAPTERS line: not show notes") from None
    podcast, title = _split_header([line for line in lines[:marker] if line])
    drafts: list[ChapterDraft] = []
    index = marker + 1
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        span = _span(line)
        if not span:
            raise ChapterError(
                f"{source}: line {index + 1}: expected a chapter's times such as "
                f"'- 0:00 – 4:01', found {line[:60]!r}"
            )
        if index + 1 >= len(lines) or not lines[index + 1]:
            raise ChapterError(f"{source}: line {index + 2}: the chapter has no title line")
        draft = ChapterDraft(start_ms=span[0], end_ms=span[1], title=lines[index + 1])
        index += 2
        summary = lines[index] if index < len(lines) else ""
        if summary and not summary.startswith(_BULLET) and not _starts_chapter(lines, index):
            draft.summary = summary
            index += 1
        bullets = []
        while index < len(lines) and lines[index].startswith(_BULLET):
            bullets.append(lines[index][len(_BULLET) :])
            index += 1
        draft.bullets = tuple(bullets)
        drafts.append(draft)
    return Reading(build(source, drafts, title=title, podcast=podcast))


def write(episode: Episode) -> str:
    title = one_line(episode.title)
    podcast = one_line(episode.podcast) if episode.podcast else None
    if podcast is None and _run_together(title):
        podcast = _NONE  # so that a title such as "…LiveJournal" is not split when read
    lines = [podcast] if podcast else []
    lines += [title, "CHAPTERS"]
    for chapter in episode.chapters:
        end = f" – {format_time(chapter.end_ms)}" if chapter.end_ms is not None else ""
        lines.append(f"- {format_time(chapter.start_ms)}{end}")
        lines.append(one_line(chapter.title) or "-")
        if chapter.summary:
            lines.append(one_line(chapter.summary))
        lines += [f"{_BULLET}{one_line(bullet)}" for bullet in chapter.bullets]
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="shownotes",
    example="a title line, CHAPTERS, then '- 0:00 – 4:01', a title, a summary, '- •bullet' lines",
    carries=EVERYTHING - {URL},
    write=write,
    read=read,
    sniff=sniff,
)
