"""Apple's chapter XML (TextStream) and HLS chapters JSON: the variations real
files have, with exact values.

Sources: the TextStream chapter sample in NVEnc's and QSVEnc's option
documentation (`--chapter`: text as the element's content, a last
`<TextSample … text="" />` ending the last chapter), GPAC's TTXT chapter dump
(MP4Box `-ttxt`: `sampleDescriptionIndex`, `xml:space="preserve"`), chapter
scripts that write the title as a `text` attribute; Apple's "Providing
JavaScript Object Notation (JSON) chapters" for HTTP Live Streaming
(`start-time`, optional `duration`, `titles` by language, `images` with
`image-category`, `pixel-width`, `pixel-height` and `url`)."""

from __future__ import annotations

import json

import pytest

from chaptercli import formats
from chaptercli.errors import ChapterError

NVENC_SAMPLE = """<?xml version="1.0" encoding="UTF-8" ?>
  <TextStream version="1.1">
   <TextStreamHeader>
    <TextSampleDescription>
    </TextSampleDescription>
  </TextStreamHeader>
  <TextSample sampleTime="00:00:39.706">chapter-1</TextSample>
  <TextSample sampleTime="00:01:09.703">chapter-2</TextSample>
  <TextSample sampleTime="00:01:28.288">chapter-3</TextSample>
  <TextSample sampleTime="00:01:28.289" text="" />
</TextStream>
"""

GPAC_DUMP = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- GPAC 3GPP Text Stream -->
<TextStream version="1.1">
<TextStreamHeader width="0" height="0" layer="0" translation_x="0" translation_y="0">
<TextSampleDescription horizontalJustification="center" verticalJustification="bottom"/>
</TextStreamHeader>
<TextSample sampleTime="00:00:00.000" sampleDescriptionIndex="1" xml:space="preserve">\
Intro</TextSample>
<TextSample sampleTime="00:04:01.500" sampleDescriptionIndex="1" text="By attribute"/>
<TextSample sampleTime="00:09:00.000" sampleDescriptionIndex="1" xml:space="preserve">\
</TextSample>
<TextSample sampleTime="00:10:00.000" sampleDescriptionIndex="1" xml:space="preserve">\
After a gap</TextSample>
</TextStream>
"""


def test_textstream_as_encoders_document_it() -> None:
    name, ep, notes = formats.read(NVENC_SAMPLE, "chapters.xml")
    assert name == "apple-chapters"
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (39_706, 69_703, "chapter-1"),
        (69_703, 88_288, "chapter-2"),
        (88_288, 88_289, "chapter-3"),  # the empty sample ends it
    ]
    assert notes == ()


def test_textstream_as_mp4box_dumps_it() -> None:
    ep = formats.read(GPAC_DUMP, "chapters.ttxt").episode
    assert [(c.start_ms, c.end_ms, c.title) for c in ep.chapters] == [
        (0, 241_500, "Intro"),
        (241_500, 540_000, "By attribute"),  # an empty sample: a gap follows
        (600_000, None, "After a gap"),
    ]
    written = formats.write(ep, "apple-chapters")
    assert written.split("\n")[6:10] == [
        '<TextSample sampleTime="00:00:00.000" xml:space="preserve">Intro</TextSample>',
        '<TextSample sampleTime="00:04:01.500" xml:space="preserve">By attribute</TextSample>',
        '<TextSample sampleTime="00:09:00.000" text="" />',
        '<TextSample sampleTime="00:10:00.000" xml:space="preserve">After a gap</TextSample>',
    ]


def test_textstream_refused() -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read('<TextStream><TextSample text="a"/></TextStream>', "x.xml")
    assert caught.value.message == "x.xml: sample 1: missing 'sampleTime'"


APPLE_HLS = [
    {"chapter": 1, "start-time": 0, "duration": 241.5,
     "titles": [{"language": "en", "title": "Intro"}, {"language": "de", "title": "Einleitung"}],
     "images": [{"image-category": "chapter", "pixel-width": 1280, "pixel-height": 720,
                 "url": "https://example.org/1.jpg"}],
     "metadata": [{"key": "com.example.rating", "value": "5"}]},
    {"chapter": 2, "start-time": 241.5,
     "titles": [{"language": "en", "title": "Main"}]},
    {"chapter": 3, "start-time": 600.25, "duration": 60},
]  # fmt: skip


def test_hls_chapters_as_apple_describes_them() -> None:
    name, ep, notes = formats.read(json.dumps(APPLE_HLS), "chapters.json")
    assert name == "apple-hls"
    assert [(c.start_ms, c.end_ms, c.title, c.image) for c in ep.chapters] == [
        (0, 241_500, "Intro", "https://example.org/1.jpg"),  # the first title and image
        (241_500, 600_250, "Main", None),  # no duration: to the next start
        (600_250, 660_250, "", None),  # no title at all
    ]
    assert notes == ()
    assert json.loads(formats.write(ep, "apple-hls"))[0] == {
        "chapter": 1, "start-time": 0, "duration": 241.5,
        "titles": [{"language": "und", "title": "Intro"}],
        "images": [{"image-category": "chapter", "url": "https://example.org/1.jpg"}],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([{"start-time": -1}],
         "x.json: chapter 1: 'start-time' must be a number of seconds, not -1"),
        ([{"start-time": 0, "titles": "Intro"}],
         "x.json: chapter 1: 'titles' must be a list of objects"),
    ],
)  # fmt: skip
def test_hls_refused(data: object, message: str) -> None:
    with pytest.raises(ChapterError) as caught:
        formats.read(json.dumps(data), "x.json")
    assert caught.value.message == message
