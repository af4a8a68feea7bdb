"""Show-notes text, as the bundled episode's seed file:

    Dwarkesh PodcastMark Zuckerberg — AI will write most Meta code in 18 months
    CHAPTERS
    - 0:00 – 4:01
    Llama 4: what’s new, why efficiency matters, and the path to Behemoth
    Zuckerberg recaps how fast the field has moved…
    - •Meta AI adoption is nearing a billion monthly users…

The header is one line (podcast and title, which scraped notes run together)
or two (podcast, then title), as this module writes it.
"""

from __future__ import annotations

import re

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError
from chaptercli.formats._common import build, lines_of, one_line
from chaptercli.formats.base import EVERYTHING, URL, Reader, TwoWay
from chaptercli.model import Episode
from chaptercli.times import format_time, parse_time

_TIME = r"\d+(?::\d{1,2}){0,2}(?:\.\d+)?"
_SPAN = re.compile(rf"-\s*({_TIME})(?:\s*[–—-]\s*({_TIME})?)?\s*", re.ASCII)
_BULLET = "- •"
# Words a show's name often ends with: where scraped notes run name and title together.
_SHOW_WORDS = ("Podcast", "Show", "Cast", "Radio", "Hour", "Pod", "Talk", "Talks", "Live")
_RUN_TOGETHER = re.compile(rf"^(.*?\b\w*(?:{'|'.join(_SHOW_WORDS)}))(?=[A-Z0-9])(\S.*)$")


def sniff(text: str) -> bool:
    lines = [line.strip() for line in lines_of(text)]
    return "CHAPTERS" in lines[:4] and any(_SPAN.fullmatch(line) for line in lines[:8])


def _split_header(header: list[str]) -> tuple[str | None, str | None]:
    if len(header) >= 2:
        return header[0], " ".join(header[1:])
    if not header:
        return None, None
    run_together = _RUN_TOGETHER.match(header[0])
    if run_together:
        return run_together[1], run_together[2]
    return None, header[0]


def read(text: str, source: str) -> Episode:
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
        span = _SPAN.fullmatch(line)
        if not span:
            raise ChapterError(
                f"{source}: line {index + 1}: expected a chapter's times such as "
                f"'- 0:00 – 4:01', found {line[:60]!r}"
            )
        if index + 1 >= len(lines) or not lines[index + 1]:
            raise ChapterError(f"{source}: line {index + 2}: the chapter has no title line")
        draft = ChapterDraft(
            start_ms=parse_time(span[1]),
            end_ms=parse_time(span[2]) if span[2] else None,
            title=lines[index + 1],
        )
        index += 2
        if index < len(lines) and lines[index] and not _is_structure(lines[index]):
            draft.summary = lines[index]
            index += 1
        bullets = []
        while index < len(lines) and lines[index].startswith(_BULLET):
            bullets.append(lines[index][len(_BULLET) :])
            index += 1
        draft.bullets = tuple(bullets)
        drafts.append(draft)
    return build(source, drafts, title=title, podcast=podcast)


def _is_structure(line: str) -> bool:
    return line.startswith(_BULLET) or bool(_SPAN.fullmatch(line))


def write(episode: Episode) -> str:
    lines = [one_line(episode.podcast)] if episode.podcast else []
    lines += [one_line(episode.title), "CHAPTERS"]
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
