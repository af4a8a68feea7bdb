"""Every reader, and detection, is linear in its input, by construction.

Each registered reader gets megabyte single lines of every kind of character its
patterns touch (spaces, digits, colons, dashes, brackets, `-->`, `=`, `\\`, quotes,
`<`, tabs, runs of clock times…) and structures nested as deep as a megabyte
allows, alone, as a title inside a valid file of its format and after one; each
must end, within a few seconds, in an episode or the tool's own error. A
backtracking pattern would take minutes here (bench/readers.py shows the growth
from 100 KB to 1 MB). And no reader holds more than 10 bytes per byte it reads.

The readers and inputs come from the registry and bench/readers.py: a newly
registered format is held to this too.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from chaptercli import formats
from chaptercli.errors import ChapterError
from chaptercli.formats import Imported

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from readers import hostile_lines, nested, placed, realistic

SIZE = 1_000_000
INPUTS = {**hostile_lines(SIZE), **nested(SIZE)}
MAX_BYTES_PER_BYTE = 10


def read_or_refuse(action: Callable[[], object]) -> object:
    """A result, or the tool's own error saying something; any other exception fails."""
    try:
        return action()
    except ChapterError as error:
        assert str(error).strip()
        return None


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", sorted(INPUTS))
@pytest.mark.parametrize("name", formats.readable_names())
def test_every_reader_ends_on_a_megabyte_of_anything(name: str, kind: str) -> None:
    for text in placed(name, INPUTS[kind]).values():
        result = read_or_refuse(lambda text=text: formats.read(text, "big", name))
        assert result is None or isinstance(result, Imported)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_detection_ends_on_a_megabyte_of_anything(kind: str) -> None:
    found = read_or_refuse(lambda: formats.detect(INPUTS[kind], "big"))
    assert found is None or found in formats.readable_names()


def test_the_inputs_are_what_they_say() -> None:
    assert all(len(text) >= SIZE * 0.99 for text in INPUTS.values())
    assert INPUTS["spaces between words"] == "a" + " " * SIZE + "b"
    assert INPUTS["deep JSON lists"].startswith("[[[[") and INPUTS["deep XML"].endswith("</a>")
    assert set(placed("webvtt", "x")) == {"alone", "as a title", "after a file"}
    assert placed("webvtt", "LINE")["as a title"].startswith("WEBVTT\n\n1\n00:00:00.000 --> ")
    assert "LINE\n" in placed("webvtt", "LINE")["as a title"]


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read_or_refuse(action)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", formats.readable_names())
def test_memory_per_input_byte(name: str) -> None:
    """A realistic file of about 1 MB (thousands of chapters with summaries): what
    reading it allocates at its peak, over its size."""
    text, chapters = realistic(name, SIZE)
    read = formats.read(text, "big", name)
    assert len(read.episode.chapters) == chapters  # the file is what it should be
    size = len(text.encode("utf-8"))
    assert 0.9 * SIZE < size < 1.1 * SIZE
    assert peak_bytes(lambda: formats.read(text, "big", name)) / size < MAX_BYTES_PER_BYTE
