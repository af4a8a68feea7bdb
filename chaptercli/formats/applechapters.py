"""Apple's chapter XML: the QuickTime TextStream (TTXT) that MP4Box dumps a
chapter track as (`MP4Box -ttxt`) and that encoders such as NVEnc and
QSVEnc take with `--chapter`:

    <?xml version="1.0" encoding="UTF-8" ?>
    <TextStream version="1.1">
      <TextStreamHeader><TextSampleDescription></TextSampleDescription></TextStreamHeader>
      <TextSample sampleTime="00:00:00.000">Intro</TextSample>
      <TextSample sampleTime="00:04:01.000" text="Benchmarks"/>
      <TextSample sampleTime="00:09:21.000" text=""/>
    </TextStream>

A sample's title is its text, or its `text` attribute. A sample without text
is not a chapter: it ends the one before it (the last chapter's end, or a
gap). Read with defusedxml: no entity is expanded and nothing is fetched.
"""

from __future__ import annotations

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build
from chaptercli.formats._xml import content, head_has, local, parse
from chaptercli.formats.base import (
    BELOW_A_FRAME,
    ENDS,
    MILLISECONDS,
    NOT_IT,
    SIGNED,
    Reader,
    Reading,
    TwoWay,
)
from chaptercli.model import Episode
from chaptercli.times import format_fixed, parse_time


def sniff(text: str) -> int:
    return SIGNED if head_has(text, "<TextStream", "<TextSample") else NOT_IT


def read(text: str, source: str) -> Reading:
    root = parse(text, source)
    if local(root.tag) != "TextStream":
        raise ChapterError(f"{source}: expected Apple chapters: <TextStream><TextSample …>")
    drafts: list[ChapterDraft] = []
    for number, sample in enumerate((e for e in root if local(e.tag) == "TextSample"), 1):
        time = sample.get("sampleTime")
        if time is None:
            raise ChapterError(f"{source}: sample {number}: missing 'sampleTime'")
        try:
            ms = parse_time(time)
        except TimeSyntaxError as error:
            raise ChapterError(f"{source}: sample {number}: {error.message}") from None
        title = (sample.text or "").strip() or (sample.get("text") or "").strip()
        if title:
            drafts.append(ChapterDraft(ms, title))
        elif drafts and drafts[-1].end_ms is None:
            drafts[-1].end_ms = ms  # an empty sample ends the chapter before it
    return Reading(build(source, drafts))


def write(episode: Episode) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<TextStream version="1.1">',
        "<TextStreamHeader>",
        "<TextSampleDescription>",
        "</TextSampleDescription>",
        "</TextStreamHeader>",
    ]
    chapters = episode.chapters
    for index, chapter in enumerate(chapters):
        lines.append(
            f'<TextSample sampleTime="{format_fixed(chapter.start_ms)}" xml:space="preserve">'
            f"{content(chapter.title)}</TextSample>"
        )
        following = chapters[index + 1].start_ms if index + 1 < len(chapters) else None
        if chapter.end_ms is not None and chapter.end_ms != following:
            lines.append(f'<TextSample sampleTime="{format_fixed(chapter.end_ms)}" text="" />')
    lines.append("</TextStream>")
    return "\n".join(lines) + "\n"


FORMAT: Reader = TwoWay(
    name="apple-chapters",
    example='<TextStream version="1.1">…<TextSample sampleTime="00:00:00.000">Intro</TextSample>',
    carries=frozenset({ENDS, MILLISECONDS, BELOW_A_FRAME}),
    write=write,
    read=read,
    sniff=sniff,
)
