"""PySceneDetect's scene list (`scenedetect … list-scenes`), read only:

    Timecode List:,00:00:05.005,00:00:10.010
    Scene Number,Start Frame,Start Timecode,Start Time (seconds),End Frame,End Timecode,…
    1,1,00:00:00.000,0.000,150,00:00:05.005,5.005,150,00:00:05.005,5.005

Each scene is a chapter, named "Scene N", from its Start and End Timecode
(`--skip-cuts` leaves out the first line). It is not written: its frame
columns need the video's frame rate, which chapters do not have. Lines are
split by hand at commas: reading is linear in the text.
"""

from __future__ import annotations

from chaptercli.drafts import ChapterDraft
from chaptercli.errors import ChapterError, TimeSyntaxError
from chaptercli.formats._common import build, lines_of
from chaptercli.formats.base import NOT_IT, SIGNED, Reader, Reading, ReadOnly
from chaptercli.times import parse_time

_HEADER = "Scene Number,"
_HEAD_LINES = 3
_COLUMNS = ("Scene Number", "Start Timecode", "End Timecode")


def sniff(text: str) -> int:
    head = lines_of(text.lstrip("\ufeff"))[:_HEAD_LINES]
    return SIGNED if any(line.startswith(_HEADER) for line in head) else NOT_IT


def _time(text: str, where: str) -> int:
    try:
        return parse_time(text.strip())
    except TimeSyntaxError as error:
        raise ChapterError(f"{where}: {error.message}") from None


def read(text: str, source: str) -> Reading:
    lines = lines_of(text.lstrip("\ufeff"))
    header_at = next((n for n, line in enumerate(lines[:_HEAD_LINES]) if line.startswith(_HEADER)),
                     None)  # fmt: skip
    if header_at is None:
        raise ChapterError(f"{source}: expected PySceneDetect's scene list, with a header "
                           f"line starting {_HEADER!r}")  # fmt: skip
    header = [cell.strip() for cell in lines[header_at].split(",")]
    missing = [name for name in _COLUMNS if name not in header]
    if missing:
        raise ChapterError(f"{source}: line {header_at + 1}: no column {missing[0]!r}")
    number, start, end = (header.index(name) for name in _COLUMNS)
    drafts = []
    for line_number, line in enumerate(lines[header_at + 1 :], header_at + 2):
        if not line.strip():
            continue
        cells = line.split(",")
        where = f"{source}: line {line_number}"
        if len(cells) < len(header):
            raise ChapterError(f"{where}: expected {len(header)} columns, found {len(cells)}")
        drafts.append(
            ChapterDraft(
                start_ms=_time(cells[start], where),
                title=f"Scene {cells[number].strip()[:20]}",
                end_ms=_time(cells[end], where),
                line=line_number,
            )
        )
    return Reading(build(source, drafts))


FORMAT: Reader = ReadOnly(
    name="pyscenedetect",
    example="PySceneDetect's list-scenes CSV: Scene Number,Start Frame,Start Timecode,…",
    read=read,
    sniff=sniff,
)
