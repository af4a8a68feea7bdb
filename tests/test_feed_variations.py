"""`chapters feed add` on feeds as they are found in the wild, served from
127.0.0.1: each test's feed is written here, reproducing a variation seen in a
public test fixture or specification (named beside it), and the library it
builds is read back with `chapters list -f DIR --json`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from feedserver import Answer, FeedServer

RSS_HEAD = (
    '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:podcast="https://podcastindex.org/namespace/1.0" '
    'xmlns:psc="http://podlove.org/simple-chapters" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
)

# Podcasting 2.0 chapters JSON, shaped as the namespace's jsonChapters.md example
# (startTime numbers, a "toc": false marker, img and url keys).
CHAPTERS_JSON = json.dumps({
    "version": "1.2.0",
    "chapters": [
        {"startTime": 0, "title": "Cold open"},
        {"startTime": 95.5, "title": "News", "url": "https://example.com/news"},
        {"startTime": 300, "title": "marker", "toc": False, "img": "https://example.com/a.png"},
        {"startTime": 1800, "title": "Interview"},
    ],
})  # fmt: skip

# The shape of gPodder podcastparser's tests/data/chapters.rss (psc:chapter starts
# written "0", "01", "01:02", "01:02:03", "01:02:03.400"; href and image attributes).
PSC_ITEM = """
<item><title>Inline chapters</title><guid>psc-1</guid>
  <enclosure url="https://cdn.example.com/psc.mp3" type="audio/mpeg" length="1"/>
  <itunes:duration>3800</itunes:duration>
  <psc:chapters version="1.2">
    <psc:chapter start="0" title="Introduction" />
    <psc:chapter start="01" title="Chapter II" />
    <psc:chapter start="01:02" title="Chapter with Link" href="http://example.com/" />
    <psc:chapter start="01:02:03" title="Chapter with Image" image="http://example.org/i.png" />
    <psc:chapter start="01:02:03.400" title="Chapter with Everything" />
  </psc:chapters>
</item>"""


def library_episodes(invoke: Invoke, library: Path) -> dict[str, dict[str, Any]]:
    """Each episode of the library, by title, as `list --json` gives it."""
    result = invoke("list", "-f", str(library), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    episodes = data.get("episodes", [data])
    return {episode["title"]: episode for episode in episodes}


def starts(episode: dict[str, Any]) -> list[tuple[float, str]]:
    return [(c["start_seconds"], c["title"]) for c in episode["chapters"]]


def test_a_podcasting_2_feed_with_relative_links_and_several_transcripts(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    # The item shape of the namespace's example.xml (podcast:chapters with a type,
    # several podcast:transcript tags as its transcripts.md shows: language, rel),
    # with links relative to the feed, as some hosts write them.
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
{RSS_HEAD}<channel><title>Relative Radio</title>
<item><title>Episode 3 - The Future</title><guid isPermaLink="true">https://example.com/ep3</guid>
  <enclosure url="../media/ep3.mp3" type="audio/mpeg" length="1"/>
  <itunes:duration>1:02:03</itunes:duration>
  <podcast:chapters url="ep3/chapters.json" type="application/json+chapters"/>
  <podcast:transcript url="ep3/transcript.srt" type="application/srt"/>
  <podcast:transcript url="ep3/transcript.vtt" type="text/vtt" language="en" rel="captions"/>
  <podcast:transcript url="/show/ep3/transcript.json" type="application/json" language="en"/>
</item></channel></rss>"""
    url = server.put("/show/feed.xml", feed)
    server.put("/show/ep3/chapters.json", CHAPTERS_JSON)
    server.put("/show/ep3/transcript.json", '{"version": "1.0.0", "segments": []}')
    server.put("/show/ep3/transcript.vtt", "WEBVTT\n")
    library = tmp_path / "lib"

    result = invoke("feed", "add", url, "--into", str(library))

    assert result.exit_code == 0, result.output
    assert "Relative Radio" in result.stdout and "1 episode written" in result.stdout
    episode = library_episodes(invoke, library)["Episode 3 - The Future"]
    assert episode["podcast"] == "Relative Radio"
    assert episode["url"] == server.url("/media/ep3.mp3")
    assert episode["duration_seconds"] == 3723
    # The toc:false marker is kept as a hidden chapter, with the link and picture
    # the chapters carry; the chapter before it plays on through it.
    assert starts(episode) == [(0, "Cold open"), (95.5, "News"), (300, "marker"),
                               (1800, "Interview")]  # fmt: skip
    assert [(c["url"], c["image"], c["hidden"]) for c in episode["chapters"]] == [
        (None, None, False),
        ("https://example.com/news", None, False),
        (None, "https://example.com/a.png", True),
        (None, None, False),
    ]
    # The JSON transcript is the one fetched (preferred to VTT and SRT), beside the YAML.
    assert [seen.path for seen in server.seen] == [
        "/show/feed.xml", "/show/ep3/chapters.json", "/show/ep3/transcript.json"
    ]  # fmt: skip
    [yaml_file] = library.glob("feed-*/*.yaml")
    [transcript] = library.glob("feed-*/*.transcript.json")
    assert transcript.read_text(encoding="utf-8") == '{"version": "1.0.0", "segments": []}'
    text = yaml_file.read_text(encoding="utf-8")
    assert text.endswith(f"transcript: {transcript.name}\n")
    assert f"# Chapters from: {server.url('/show/ep3/chapters.json')}\n" in text
    assert all(seen.headers["user-agent"].startswith("chaptercli/") for seen in server.seen)


def test_podlove_chapters_inline_and_show_notes_and_items_without_chapters(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    # Show notes as HTML in content:encoded with timestamps a line each (as the
    # namespace's example puts HTML in description), an item without a guid (as
    # gPodder's tests/data/no_guid.rss), and one with no chapters anywhere.
    notes = ("<![CDATA[<p>In this episode:</p><ul><li>0:00 Hello &amp; welcome</li>"
             "<li>12:30 The <b>main</b> part</li><li>40:00 Goodbye</li></ul>]]>")  # fmt: skip
    feed = f"""{RSS_HEAD}<channel><title>Mixed Show</title>{PSC_ITEM}
<item><title>Notes only</title><link>https://example.com/notes</link>
  <itunes:duration>45:00</itunes:duration>
  <content:encoded>{notes}</content:encoded>
  <description>short</description></item>
<item><title>No chapters</title><guid>none-1</guid><description>Just talk.</description></item>
</channel></rss>"""
    url = server.put("/feed.xml", feed)
    library = tmp_path / "lib"

    result = invoke("feed", "add", url, "--into", str(library))

    assert result.exit_code == 0, result.output
    assert "2 episodes written, 1 without chapters" in result.stdout
    episodes = library_episodes(invoke, library)
    assert set(episodes) == {"Inline chapters", "Notes only"}
    assert starts(episodes["Inline chapters"]) == [
        (0, "Introduction"), (1, "Chapter II"), (62, "Chapter with Link"),
        (3723, "Chapter with Image"), (3723.4, "Chapter with Everything"),
    ]  # fmt: skip
    assert episodes["Inline chapters"]["duration_seconds"] == 3800
    assert episodes["Inline chapters"]["url"] == "https://cdn.example.com/psc.mp3"
    assert starts(episodes["Notes only"]) == [
        (0, "Hello & welcome"), (750, "The main part"), (2400, "Goodbye")
    ]  # fmt: skip
    assert episodes["Notes only"]["duration_seconds"] == 2700
    listed = json.loads(invoke("feed", "list", "--into", str(library), "--json").stdout)
    [followed] = listed["feeds"]
    assert followed["title"] == "Mixed Show"
    assert [(e["title"], e["chapters_from"]) for e in followed["episodes"]] == [
        ("Inline chapters", "psc:chapters"), ("Notes only", "show notes"), ("No chapters", None)
    ]  # fmt: skip
    assert followed["episodes"][2]["file"] is None


def test_an_atom_feed(invoke: Invoke, server: FeedServer, tmp_path: Path) -> None:
    # Atom as gPodder's tests/data/atom_content_encoded.rss writes it (entry id, a
    # link without rel, content:encoded inside an Atom entry), with the enclosure
    # as an Atom link rel="enclosure" (RFC 4287 4.2.7.2).
    feed = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"
      xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <title>Example Feed</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <link rel="enclosure" type="audio/mpeg" length="1" href="/audio/robots.mp3"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <itunes:duration>20:00</itunes:duration>
    <summary>Some text.</summary>
    <content:encoded><![CDATA[<h1>Hello</h1><p>00:00 Robots</p>
      <p>10:00 Run amok</p>]]></content:encoded>
  </entry>
</feed>"""
    url = server.put("/atom.xml", feed)

    result = invoke("feed", "add", url, "--into", str(tmp_path))

    assert result.exit_code == 0, result.output
    episode = library_episodes(invoke, tmp_path)["Atom-Powered Robots Run Amok"]
    assert episode["podcast"] == "Example Feed"
    assert episode["url"] == server.url("/audio/robots.mp3")
    assert episode["duration_seconds"] == 1200
    assert starts(episode) == [(0, "Robots"), (600, "Run amok")]


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252"])
def test_a_feed_in_the_encoding_it_declares(
    invoke: Invoke, server: FeedServer, tmp_path: Path, encoding: str
) -> None:
    # European hosts still serve Latin-1 feeds; windows-1252 is one the XML parser
    # itself does not know (expat knows only UTF-8, UTF-16, ISO-8859-1 and ASCII).
    feed = f"""<?xml version="1.0" encoding="{encoding}"?>
{RSS_HEAD}<channel><title>Café Society</title>{PSC_ITEM.replace("Introduction", "Début à Zürich")}
</channel></rss>"""
    url = server.put(
        "/latin.xml", Answer(feed.encode(encoding), headers={"Content-Type": "application/rss+xml"})
    )

    result = invoke("feed", "add", url, "--into", str(tmp_path))

    assert result.exit_code == 0, result.output
    episode = library_episodes(invoke, tmp_path)["Inline chapters"]
    assert episode["podcast"] == "Café Society"
    assert episode["chapters"][0]["title"] == "Début à Zürich"


def test_prefixes_the_feed_forgot_to_declare(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    # gPodder's tests/data/episode_podcast_chapters.rss uses podcast: and itunes:
    # without declaring them, as some generators do.
    feed = """<rss>
    <channel>
    <title>Podcast</title>
    <item>
        <title>Episode</title>
        <itunes:episodeType>trailer</itunes:episodeType>
        <itunes:duration>00:40:00</itunes:duration>
        <enclosure url="http://example.org/example.mp3"/>
        <podcast:chapters url="/1/chapters.json" type="application/json"/>
    </item>
    </channel>
</rss>"""
    url = server.put("/undeclared.xml", feed)
    server.put("/1/chapters.json", CHAPTERS_JSON)

    result = invoke("feed", "add", url, "--into", str(tmp_path))

    assert result.exit_code == 0, result.output
    episode = library_episodes(invoke, tmp_path)["Episode"]
    assert starts(episode) == [(0, "Cold open"), (95.5, "News"), (300, "marker"),
                               (1800, "Interview")]  # fmt: skip
    assert episode["duration_seconds"] == 2400


def test_hostile_titles_and_guids_never_name_a_file(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    # Whatever the feed says, every file is named by hashes, inside the library,
    # and what is shown passes the sanitizer. XML 1.0 cannot hold ESC, but it can
    # hold 8-bit CSI (U+009B) and bidi overrides (U+202E), which drive or disguise.
    hostile = ["../../.bashrc", "/etc/passwd", "..\\..\\evil", "a/../../b", "&#x9b;2J&#x202e;x"]
    items = "".join(
        f"<item><title>{title}&#x9b;31mred</title><guid>{title}</guid>"
        f'<psc:chapters><psc:chapter start="0" title="ok {n}"/></psc:chapters></item>'
        for n, title in enumerate(hostile)
    )
    channel = f"<channel><title>&#x9b;2J&#x202e;Evil</title>{items}</channel>"
    url = server.put("/hostile.xml", f"{RSS_HEAD}{channel}</rss>")
    library = tmp_path / "deep" / "lib"

    result = invoke("feed", "add", url, "--into", str(library))

    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.rglob("*") if library not in (p, *p.parents)] == ["deep"]
    files = sorted(p.relative_to(library).as_posix() for p in library.rglob("*") if p.is_file())
    assert len(files) == 6  # five episodes and the subscriptions file
    assert files[0] == ".feeds.json"
    assert all(re.fullmatch(r"feed-[0-9a-f]{12}/[0-9a-f]{16}\.yaml", name) for name in files[1:])
    assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
    assert "2JEvil" in result.stdout
    listed = invoke("feed", "list", "--into", str(library))
    assert "\x9b" not in listed.stdout and "\u202e" not in listed.stdout
    assert "../../.bashrc31mred" in listed.stdout
