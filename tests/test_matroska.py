"""Matroska XML chapters: exact values of what mkvextract writes and of the
variations the format allows, and proof with mkvtoolnix itself that what this
tool writes is accepted by `mkvmerge --chapters` and read back by `mkvextract`.

The element names and the time syntax are mkvtoolnix's documentation of its
chapter XML (mkvmerge(1), "Chapters", and doc/chapters.dtd / the Matroska
specification's chapters section); the fixture below is what mkvextract v74
writes, reproduced by hand (BOM, declaration, the DOCTYPE as a comment, UIDs,
ChapLanguageIETF)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import formats
from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode

MKVEXTRACT_OUTPUT = """\ufeff<?xml version="1.0"?>
<!-- <!DOCTYPE Chapters SYSTEM "matroskachapters.dtd"> -->
<Chapters>
  <EditionEntry>
    <EditionFlagDefault>1</EditionFlagDefault>
    <EditionUID>5278452592489629789</EditionUID>
    <ChapterAtom>
      <ChapterTimeStart>00:00:00.000000000</ChapterTimeStart>
      <ChapterTimeEnd>00:00:01.005000000</ChapterTimeEnd>
      <ChapterUID>12039899561782308212</ChapterUID>
      <ChapterDisplay>
        <ChapterString>Intro &amp; &lt;x&gt;</ChapterString>
        <ChapterLanguage>und</ChapterLanguage>
        <ChapLanguageIETF>und</ChapLanguageIETF>
      </ChapterDisplay>
    </ChapterAtom>
    <ChapterAtom>
      <ChapterTimeStart>00:00:01.005000000</ChapterTimeStart>
      <ChapterTimeEnd>00:00:02.500000000</ChapterTimeEnd>
      <ChapterFlagHidden>1</ChapterFlagHidden>
      <ChapterUID>11794069816573646608</ChapterUID>
      <ChapterDisplay>
        <ChapterString>Sponsor</ChapterString>
        <ChapterLanguage>eng</ChapterLanguage>
      </ChapterDisplay>
      <ChapterDisplay>
        <ChapterString>Sponsor (de)</ChapterString>
        <ChapterLanguage>ger</ChapterLanguage>
      </ChapterDisplay>
    </ChapterAtom>
    <ChapterAtom>
      <ChapterTimeStart>00:00:02.500000000</ChapterTimeStart>
      <ChapterUID>8277867728469344538</ChapterUID>
      <ChapterDisplay>
        <ChapterString>End</ChapterString>
      </ChapterDisplay>
    </ChapterAtom>
  </EditionEntry>
</Chapters>
"""


def test_mkvextract_output_is_read_exactly() -> None:
    name, ep, notes = formats.read(MKVEXTRACT_OUTPUT, "movie.xml")
    assert name == "matroska"
    assert [(c.start_ms, c.end_ms, c.title, c.hidden) for c in ep.chapters] == [
        (0, 1005, "Intro & <x>", False),
        (1005, 2500, "Sponsor", True),  # the first display's title
        (2500, None, "End", False),
    ]
    assert ep.title == "movie"
    assert notes == ()


NESTED = """<Chapters>
  <EditionEntry><EditionFlagDefault>0</EditionFlagDefault>
    <ChapterAtom><ChapterTimeStart>00:00:00.000</ChapterTimeStart>
      <ChapterDisplay><ChapterString>Other edition</ChapterString></ChapterDisplay>
    </ChapterAtom>
  </EditionEntry>
  <EditionEntry><EditionFlagDefault>1</EditionFlagDefault>
    <ChapterAtom><ChapterTimeStart>00:00:00.000</ChapterTimeStart>
      <ChapterTimeEnd>00:10:00.000</ChapterTimeEnd>
      <ChapterDisplay><ChapterString>Act 1</ChapterString></ChapterDisplay>
      <ChapterAtom><ChapterTimeStart>00:00:00.000</ChapterTimeStart>
        <ChapterDisplay><ChapterString>Scene 1</ChapterString></ChapterDisplay></ChapterAtom>
      <ChapterAtom><ChapterTimeStart>00:05:00.5</ChapterTimeStart>
        <ChapterTimeEnd>00:10:00.000</ChapterTimeEnd>
        <ChapterDisplay><ChapterString>Scene 2</ChapterString></ChapterDisplay></ChapterAtom>
    </ChapterAtom>
    <ChapterAtom><ChapterTimeStart>00:10:00</ChapterTimeStart>
      <ChapterFlagEnabled>0</ChapterFlagEnabled>
      <ChapterDisplay><ChapterString>Credits</ChapterString></ChapterDisplay>
      <ChapterAtom><ChapterTimeStart>00:11:00.000000001</ChapterTimeStart>
        <ChapterDisplay><ChapterString>Bloopers</ChapterString></ChapterDisplay></ChapterAtom>
    </ChapterAtom>
  </EditionEntry>
</Chapters>
"""


def test_editions_nesting_and_short_fractions() -> None:
    """The default edition; nested chapters flat, in order; a parent that starts
    with its first sub-chapter left out, one that starts earlier kept until it."""
    _, ep, notes = formats.read(NESTED, "nested.xml")
    assert [(c.start_ms, c.end_ms, c.title, c.hidden) for c in ep.chapters] == [
        (0, 300_500, "Scene 1", False),
        (300_500, 600_000, "Scene 2", False),
        (600_000, 660_000, "Credits", True),  # ChapterFlagEnabled 0: players skip it
        (660_000, None, "Bloopers", False),
    ]
    assert notes == (
        "the file has 2 editions: read the default",
        "left out 1 chapter that start together with their first sub-chapter (nested "
        "chapters are read flat)",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<Chapters/>", "x.xml: no chapters found: no EditionEntry in <Chapters>"),
        ("<Other><EditionEntry/></Other>",
         "x.xml: expected Matroska chapters: <Chapters><EditionEntry>…"),
        ("<Chapters><EditionEntry><ChapterAtom/></EditionEntry></Chapters>",
         "x.xml: chapter 1: missing ChapterTimeStart"),
        ("<Chapters><EditionEntry><ChapterAtom><ChapterTimeStart>1 h</ChapterTimeStart>"
         "</ChapterAtom></EditionEntry></Chapters>",
         "x.xml: chapter 1: bad ChapterTimeStart '1 h' (expected HH:MM:SS.nnnnnnnnn)"),
        ("<Chapters><EditionEntry><ChapterAtom><ChapterTimeStart>0:61:00</ChapterTimeStart>"
         "</ChapterAtom></EditionEntry></Chapters>",
         "x.xml: chapter 1: ChapterTimeStart: minutes and seconds must be 0-59 in '0:61:00'"),
    ],
)  # fmt: skip
def test_bad_files_say_where(text: str, message: str) -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(text, "x.xml", "matroska")
    assert caught.value.message == message


EPISODE = Episode(
    "Ep",
    (
        Chapter(1, 0, 1005, "Intro & <b>"),
        Chapter(2, 1005, 2500, "Sponsor", hidden=True),
        Chapter(3, 2500, 90_061_001, 'Evil\nline --> "q"'),
        Chapter(4, 90_061_001, 540_000_123, "Past a day"),
    ),
)


def test_what_is_written() -> None:
    text = formats.write(EPISODE, "matroska")
    assert text.split("\n")[4:20] == [
        "<Chapters>",
        "  <EditionEntry>",
        "    <EditionFlagDefault>1</EditionFlagDefault>",
        "    <ChapterAtom>",
        "      <ChapterTimeStart>00:00:00.000000000</ChapterTimeStart>",
        "      <ChapterTimeEnd>00:00:01.005000000</ChapterTimeEnd>",
        "      <ChapterDisplay>",
        "        <ChapterString>Intro &amp; &lt;b&gt;</ChapterString>",
        "        <ChapterLanguage>und</ChapterLanguage>",
        "      </ChapterDisplay>",
        "    </ChapterAtom>",
        "    <ChapterAtom>",
        "      <ChapterTimeStart>00:00:01.005000000</ChapterTimeStart>",
        "      <ChapterTimeEnd>00:00:02.500000000</ChapterTimeEnd>",
        "      <ChapterFlagHidden>1</ChapterFlagHidden>",
        "      <ChapterDisplay>",
    ]
    assert '<ChapterString>Evil&#10;line --&gt; "q"</ChapterString>' in text
    assert "<ChapterTimeEnd>150:00:00.123000000</ChapterTimeEnd>" in text


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.timeout(120)
def test_mkvmerge_accepts_what_is_written_and_mkvextract_reads_it_back(
    invoke: Invoke, tmp_path: Path
) -> None:
    assert shutil.which("mkvmerge") and shutil.which("ffmpeg"), (
        "tests/install-system-deps.sh installs mkvtoolnix and ffmpeg"
    )
    plain = tmp_path / "plain.mkv"
    run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "3",
        "-c:a", "libopus", str(plain))  # fmt: skip
    yaml_file = tmp_path / "ep.yaml"
    yaml_file.write_text(formats.write(EPISODE, "yaml"), encoding="utf-8")
    chapters_xml = tmp_path / "chapters.xml"
    # --no-cache: read the file itself (the index keeps no hidden flag yet)
    result = invoke("export", "--no-cache", "-f", str(yaml_file), "--to", "matroska",
                    "-o", str(chapters_xml))  # fmt: skip
    assert result.exit_code == 0, result.output
    muxed = tmp_path / "muxed.mkv"
    run("mkvmerge", "-q", "-o", str(muxed), "--chapters", str(chapters_xml), str(plain))
    extracted = run("mkvextract", str(muxed), "chapters", "-")
    assert "<ChapterFlagHidden>1</ChapterFlagHidden>" in extracted
    back = formats.read(extracted, "extracted.xml")
    assert back.name == "matroska"
    assert [(c.start_ms, c.end_ms, c.title, c.hidden) for c in back.episode.chapters] == [
        (c.start_ms, c.end_ms, c.title, c.hidden) for c in EPISODE.chapters
    ]
    (tmp_path / "extracted.xml").write_text(extracted, encoding="utf-8")
    listed = invoke("list", "--no-cache", "-f", str(tmp_path / "extracted.xml"))
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.split("\n")[3:8] == [
        "#         Start            End         Length  Title",
        "1          0:00       0:01.005       0:01.005  Intro & <b>",
        "2      0:01.005         0:02.5       0:01.495  Sponsor (hidden)",
        '3        0:02.5   25:01:01.001   25:00:58.501  Evil line --> "q"',
        "4  25:01:01.001  150:00:00.123  124:58:59.122  Past a day",
    ]
