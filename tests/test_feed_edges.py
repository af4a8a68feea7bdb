"""The corners of `chapters feed`: encodings that cannot be read, durations that
cannot, transcripts that fail, damaged subscriptions files, and the small parts
(Retry-After, content encodings, HTML show notes, safe names) on their own."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from conftest import Invoke
from feedserver import Answer, FeedServer

from chaptercli.errors import ChapterError
from chaptercli.feeds import client, notes, parse, store
from chaptercli.feeds.client import Limits

PSC = 'xmlns:psc="http://podlove.org/simple-chapters"'
PODCAST = 'xmlns:podcast="https://podcastindex.org/namespace/1.0"'


def one_item(body: str, title: str = "Show") -> str:
    return (f'<rss {PSC} {PODCAST} xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
            f"<channel><title>{title}</title><item>{body}</item></channel></rss>")  # fmt: skip


INLINE = '<psc:chapters><psc:chapter start="0" title="A"/><psc:chapter start="60" title="B"/></psc:chapters>'  # noqa: E501


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b'<?xml version="1.0" encoding="klingon"?><rss/>', "unknown encoding 'klingon'"),
        # Codecs Python has that are no text encoding (found by the attack pass:
        # they crashed feed add and stopped feed update for every other feed).
        (b'<?xml version="1.0" encoding="undefined"?><rss/>',
         "'undefined' is not a text encoding"),
        (b'<?xml version="1.0" encoding="utf-8"?><rss>\xff</rss>',
         "not utf-8 text: byte 0xff at offset 43"),
    ],
)  # fmt: skip
def test_a_feed_that_cannot_be_decoded(raw: bytes, problem: str) -> None:
    with pytest.raises(ChapterError) as raised:
        parse.parse_feed(raw, "feed.xml", None)
    assert raised.value.message == f"feed.xml: {problem}"


def test_byte_order_marks_say_the_encoding() -> None:
    text = one_item(f"<title>Ünï</title><guid>1</guid>{INLINE}")
    feed = parse.parse_feed(b"\xff\xfe" + text.encode("utf-16-le"), "feed.xml", None)
    assert [item.title for item in feed.items] == ["Ünï"]
    feed = parse.parse_feed(b"\xef\xbb\xbf" + text.encode("utf-8"), "feed.xml", None)
    assert [item.title for item in feed.items] == ["Ünï"]


def test_an_unreadable_duration_is_left_out_and_a_local_feed_keeps_relative_links_out() -> None:
    feed = parse.parse_feed(
        one_item('<title>T</title><itunes:duration>about an hour</itunes:duration>'
                 '<podcast:chapters url="ch.json"/>').encode(), "saved.xml", None,
    )  # fmt: skip
    [item] = feed.items
    assert item.duration_ms is None and item.chapters is None
    assert item.problems == ("its podcast:chapters link ch.json: refused: only http and https "
                             "URLs are fetched, not a relative link",)  # fmt: skip


def test_an_undeclared_prefix_without_a_feed_root_stays_an_error() -> None:
    with pytest.raises(ChapterError, match="not well-formed XML: unbound prefix"):
        parse.parse_feed(b"<doc><itunes:x/></doc>", "f.xml", None)


def test_show_notes_as_text() -> None:
    html = ("<style>p {}</style><p>Intro &amp; more</p><script>alert(1)</script>"
            "<ul><li>0:00  Start</li><li>5:00 End</li></ul>")  # fmt: skip
    assert notes.html_text(html) == "Intro & more\n0:00 Start\n5:00 End"
    assert notes.html_text("  plain 0:00 text  ") == "plain 0:00 text"


def test_a_single_time_in_show_notes_is_not_chapters(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    url = server.put("/f.xml", one_item("<title>T</title><description>0:00 Welcome</description>"))
    result = invoke("feed", "add", url, "--into", str(tmp_path))
    assert result.exit_code == 0
    assert "0 episodes written, 1 without chapters" in result.stdout


def test_chapters_past_the_duration_are_named(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    body = f"<title>Short</title><guid>s</guid><itunes:duration>0:30</itunes:duration>{INLINE}"
    url = server.put("/f.xml", one_item(body))
    result = invoke("feed", "add", url, "--into", str(tmp_path))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"chapters: {url}: item 'Short': ")
    assert "1:00" in result.stderr and result.stderr.count("\n") == 1


def test_a_transcript_that_fails_is_named_and_the_episode_written(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    vtt = server.put("/t.vtt", Answer(b"WEBVTT\n\n\xff\xfe", headers={"Content-Type": "text/vtt"}))
    body = f'<title>T</title><guid>t</guid><podcast:transcript url="{vtt}"/>{INLINE}'
    url = server.put("/f.xml", one_item(body))
    result = invoke("feed", "add", url, "--into", str(tmp_path))
    assert result.exit_code == 3
    assert result.stderr == f"chapters: {vtt}: not UTF-8 text (byte 8)\n"
    [written] = tmp_path.glob("feed-*/*.yaml")
    assert "transcript:" not in written.read_text(encoding="utf-8")
    # Later the transcript is there: the item is fetched again (it had failed), and
    # the transcript a later failure cannot take away.
    server.put("/t.vtt", "WEBVTT\n")
    again = invoke("feed", "update", "--into", str(tmp_path))
    assert again.exit_code == 0, again.output
    [transcript] = tmp_path.glob("feed-*/*.transcript.vtt")
    assert written.read_text(encoding="utf-8").endswith(f"transcript: {transcript.name}\n")
    server.put("/f.xml", one_item(body.replace("<title>T", "<title>T2")))
    server.put("/t.vtt", Answer("gone", status=410))
    failed = invoke("feed", "update", "--into", str(tmp_path))
    assert failed.exit_code == 3
    assert transcript.exists()
    assert written.read_text(encoding="utf-8").endswith(f"transcript: {transcript.name}\n")
    listed = invoke("feed", "list", "--into", str(tmp_path))
    assert "psc:chapters + transcript" in listed.stdout


def test_adding_a_feed_twice_refreshes_it(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    url = server.put("/f.xml", one_item(f"<title>T</title><guid>t</guid>{INLINE}"))
    assert invoke("feed", "add", url, "--into", str(tmp_path)).exit_code == 0
    again = invoke("feed", "add", url, "--into", str(tmp_path))
    assert again.exit_code == 0
    assert "0 episodes written, 1 unchanged" in again.stdout
    listed = json.loads(invoke("feed", "list", "--into", str(tmp_path), "--json").stdout)
    assert [feed["url"] for feed in listed["feeds"]] == [url]


def test_missing_and_unreadable_local_feeds(invoke: Invoke, tmp_path: Path) -> None:
    missing = invoke("feed", "add", str(tmp_path / "nope.xml"), "--into", str(tmp_path))
    assert missing.exit_code == 2
    assert missing.stderr == f"chapters: {tmp_path / 'nope.xml'}: no such feed file\n"
    empty = invoke("feed", "list", "--into", str(tmp_path / "new"))
    assert empty.stdout.splitlines()[1] == "no feeds yet: chapters feed add URL subscribes to one"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{", "Expecting property name enclosed in double quotes"),
        ('{"version": 9, "feeds": []}', "not a subscriptions file of this version"),
        ('{"version": 1, "feeds": [{"url": "u", "episodes": [{"key": "k", "title": "t", '
         '"file": "../../.bashrc"}]}]}', "a file name that is not the library's own"),
    ],
)  # fmt: skip
def test_a_damaged_subscriptions_file_is_named(
    invoke: Invoke, tmp_path: Path, content: str, problem: str
) -> None:
    (tmp_path / ".feeds.json").write_text(content, encoding="utf-8")
    result = invoke("feed", "update", "--into", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"chapters: {tmp_path / '.feeds.json'}: not a subscriptions "
                                    "file chaptercli can read (")  # fmt: skip
    assert problem in result.stderr and result.stderr.endswith("move it away to start again\n")


def test_an_unreadable_subscriptions_file(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / ".feeds.json").mkdir()
    result = invoke("feed", "list", "--into", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"chapters: cannot read {tmp_path / '.feeds.json'}: Is a directory\n"


def test_names_are_the_librarys_own(tmp_path: Path) -> None:
    name = store.episode_name("https://example.com/feed.xml", "guid-1")
    assert store.is_ours(name) and store.is_ours(store.transcript_name(name, "json"))
    assert store.episode_name("https://example.com/feed.xml", "guid-1") == name  # stable
    assert not store.is_ours("../x.yaml") and not store.is_ours("feed-1/../../a.yaml")
    (tmp_path / "victim").write_text("keep", encoding="utf-8")
    assert store.remove_file(tmp_path, "../victim") is False
    link = tmp_path / name
    link.parent.mkdir()
    link.symlink_to(tmp_path / "victim")
    assert store.remove_file(tmp_path, name) is False
    assert (tmp_path / "victim").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None), (None, None)],
)
def test_retry_after(value: str | None, seconds: float | None) -> None:
    assert client._retry_after(value) == seconds


def test_limits_from_the_environment() -> None:
    assert Limits.from_environment({}) == Limits()
    assert (
        Limits.from_environment({"CHAPTERS_HTTP_TIMEOUT": "x", "CHAPTERS_HTTP_MAX_WAIT": "-1"})
        == Limits()
    )
    tuned = Limits.from_environment({"CHAPTERS_HTTP_TIMEOUT": "2", "CHAPTERS_HTTP_MAX_WAIT": "0.5"})
    assert (tuned.connect_s, tuned.read_s, tuned.backoff_s, tuned.max_wait_s) == (2, 2, 0.5, 0.5)


@pytest.mark.parametrize(
    ("headers", "raw", "problem"),
    [
        ({"Content-Encoding": "deflate"}, zlib.compress(b'{"chapters": []}'), None),
        ({"Content-Encoding": "br"}, b"??", "unsupported Content-Encoding 'br'"),
        ({"Content-Encoding": "gzip"}, b"not gzip at all", "bad gzip data: "),
        ({"Location": ""}, b"", "a redirect without a Location"),
    ],
    ids=["deflate", "brotli", "bad-gzip", "no-location"],
)
def test_content_encodings_and_redirects(
    server: FeedServer, headers: dict[str, str], raw: bytes, problem: str | None
) -> None:
    status = 302 if "Location" in headers else 200
    url = server.put("/x", Answer(raw=raw, headers=headers, status=status))
    http = client.Client(Limits(), "test")
    try:
        if problem is None:
            assert http.fetch(url, 100).body == b'{"chapters": []}'
        else:
            with pytest.raises(client.FetchError) as raised:
                http.fetch(url, 100)
            assert raised.value.problem.startswith(problem)
    finally:
        http.close()
