"""PySceneDetect's scene list CSV, read exactly.

Source: PySceneDetect's documentation of `list-scenes` (scenedetect.com, CLI
reference: the "Timecode List:" line of cut timecodes, left out by
`--skip-cuts`, then a header row and one row a scene with its start and end
as frame, timecode and seconds, and its length)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import formats
from chaptercli.errors import ChapterError

Write = Callable[..., Path]

HEADER = (
    "Scene Number,Start Frame,Start Timecode,Start Time (seconds),End Frame,End Timecode,"
    "End Time (seconds),Length (frames),Length (timecode),Length (seconds)"
)
SCENES = (
    "Timecode List:,00:00:05.005,00:01:02.500\n"
    f"{HEADER}\n"
    "1,1,00:00:00.000,0.000,150,00:00:05.005,5.005,150,00:00:05.005,5.005\n"
    "2,151,00:00:05.005,5.005,1874,00:01:02.500,62.500,1724,00:00:57.495,57.495\n"
    "3,1875,00:01:02.500,62.500,3600,00:02:00.100,120.100,1726,00:00:57.600,57.600\n"
)


def test_scene_list_exactly(invoke: Invoke, write: Write) -> None:
    name, ep, notes = formats.read(SCENES, "scenes.csv")
    assert name == "pyscenedetect"
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 5_005, "Scene 1"), (5_005, 62_500, "Scene 2"), (62_500, 120_100, "Scene 3"),
    ]  # fmt: skip
    assert notes == ()
    skip_cuts = SCENES.split("\n", 1)[1]  # --skip-cuts: no Timecode List line
    assert formats.read(skip_cuts, "scenes.csv").episode.chapters == ep.chapters
    listed = invoke("list", "--no-cache", "-f", str(write(SCENES, "scenes.csv")))
    assert listed.stdout.split("\n")[4:7] == [
        "1      0:00  0:05.005  0:05.005  Scene 1",
        "2  0:05.005    1:02.5  0:57.495  Scene 2",
        "3    1:02.5    2:00.1    0:57.6  Scene 3",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Scene Number,Start Frame\n1,1\n", "x.csv: line 1: no column 'Start Timecode'"),
        (f"{HEADER}\n1,1,00:00:00.000\n", "x.csv: line 2: expected 10 columns, found 3"),
        (f"{HEADER}\n1,1,0:61,0,1,0:62,0,1,0:01,1\n",
         "x.csv: line 2: minutes and seconds must be 0-59 in '0:61'"),
        ("a,b\n", "x.csv: expected PySceneDetect's scene list, with a header line starting "
                  "'Scene Number,'"),
    ],
)  # fmt: skip
def test_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(text, "x.csv", "pyscenedetect")
    assert caught.value.message == message


def test_it_is_never_written() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.writer("scenedetect")
    assert caught.value.message == "pyscenedetect can only be read, not written"
