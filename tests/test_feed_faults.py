"""Faults injected on a real server on 127.0.0.1: each failing feed or link is
named once on stderr with its URL and problem, everything else is written, the
exit status is 3, and nothing is half-written."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import Invoke
from feedserver import Answer, FeedServer

HEAD = (
    '<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0" '
    'xmlns:psc="http://podlove.org/simple-chapters">'
)
GOOD_JSON = '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Start"}, ' \
    '{"startTime": 60, "title": "Later"}]}'  # fmt: skip


def feed_linking(*links: str, title: str = "Faulty") -> str:
    """A feed with one item for each chapters link, and one good inline item."""
    items = "".join(
        f'<item><title>Linked {n}</title><guid>g{n}</guid><podcast:chapters url="{link}" '
        'type="application/json+chapters"/></item>'
        for n, link in enumerate(links, 1)
    )
    good = ('<item><title>Inline</title><guid>inline</guid><psc:chapters>'
            '<psc:chapter start="0" title="Hello"/></psc:chapters></item>')  # fmt: skip
    return f"{HEAD}<channel><title>{title}</title>{items}{good}</channel></rss>"


def written(library: Path) -> list[str]:
    """The titles of the episodes written, and nothing half-written left behind."""
    assert not [p for p in library.rglob("*") if p.name.endswith(".tmp")]
    return sorted(
        line.removeprefix("title: ")
        for path in library.glob("feed-*/*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("title: ")
    )


def add(invoke: Invoke, url: str, library: Path) -> tuple[int, str, str]:
    result = invoke("feed", "add", url, "--into", str(library))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.timeout(60)
def test_an_answer_that_trickles_in_meets_a_limit_on_the_whole(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    """Found by the attack pass: a byte every 0.1 s never meets a read timeout of
    0.5 s, so a server could hold a run for ever. The whole answer has four times
    the read timeout (2 s here); the chapters link is then named, the rest written."""
    slow = server.put("/drip.json", Answer(GOOD_JSON, drip=0.1))  # about 20 s to send
    url = server.put("/feed.xml", feed_linking(slow))

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err == (
        f"chapters: {slow}: too slow: the answer was still coming in at the time limit\n"
    )
    assert written(tmp_path) == ["Inline"]


@pytest.mark.timeout(60)
def test_a_slow_link_times_out_and_the_rest_is_written(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    slow = server.put("/slow.json", Answer(GOOD_JSON, delay=2.0))  # the timeout is 0.5 s
    url = server.put("/feed.xml", feed_linking(slow))

    status, out, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err == f"chapters: {slow}: timed out (tried 3 times)\n"
    assert len(server.requests("/slow.json")) == 3
    assert written(tmp_path) == ["Inline"]
    assert "1 episode written, 1 without chapters" in out


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (Answer("gone", status=404), "HTTP 404 Not Found"),
        (Answer("<html><body>Sign in</body></html>", headers={"Content-Type": "text/html"}),
         "expected JSON chapters, got HTML (text/html)"),
        (Answer("x" * (5 * 1024 * 1024 + 1)), "larger than the limit of 5 MB"),
        (Answer(raw=gzip.compress(b"[" * (6 * 1024 * 1024))),
         "larger than the limit of 5 MB once inflated"),
        (Answer(raw=gzip.compress(GOOD_JSON.encode())[:30]),
         "truncated: the gzip stream ends early"),
        (Answer('{"version": "1.2.0", "chapters": [{"title": "no start"}]}'),
         "chapter 1: missing 'startTime'"),
    ],
    ids=["404", "html", "too-large", "gzip-bomb", "truncated-gzip", "bad-json"],
)  # fmt: skip
def test_a_bad_chapters_link_is_named_once(
    invoke: Invoke, server: FeedServer, tmp_path: Path, answer: Answer, problem: str
) -> None:
    link = server.put("/chapters.json", answer)
    url = server.put("/feed.xml", feed_linking(link))

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err == f"chapters: {link}: {problem}\n"
    assert written(tmp_path) == ["Inline"]


def test_a_body_cut_short_is_refused(invoke: Invoke, server: FeedServer, tmp_path: Path) -> None:
    link = server.put("/cut.json", Answer(GOOD_JSON, truncate_to=20))
    url = server.put("/feed.xml", feed_linking(link))

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err.startswith(f"chapters: {link}: ") and err.count("\n") == 1
    assert written(tmp_path) == ["Inline"]


def test_server_errors_are_retried(invoke: Invoke, server: FeedServer, tmp_path: Path) -> None:
    flaky = server.put("/flaky.json", Answer("busy", status=503), Answer(GOOD_JSON))
    broken = server.put("/broken.json", Answer("oops", status=500))
    url = server.put("/feed.xml", feed_linking(flaky, broken))

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err == f"chapters: {broken}: HTTP 500 (tried 3 times)\n"
    assert [s.status for s in server.requests("/flaky.json")] == [503, 200]
    assert written(tmp_path) == ["Inline", "Linked 1"]


@pytest.mark.parametrize(("retry_after", "waited"), [("7", 7.0), ("86400", 30.0)])
def test_429_waits_as_long_as_retry_after_says_up_to_a_cap(
    invoke: Invoke,
    server: FeedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    retry_after: str,
    waited: float,
) -> None:
    from chaptercli.feeds import client

    waits: list[float] = []
    monkeypatch.setattr(client.time, "sleep", waits.append)
    monkeypatch.setenv("CHAPTERS_HTTP_MAX_WAIT", "30")
    limited = Answer("slow down", status=429, headers={"Retry-After": retry_after})
    url = server.put("/feed.xml", limited, Answer(feed_linking()))

    status, out, _ = add(invoke, url, tmp_path)

    assert status == 0
    assert waits == [waited]
    assert [s.status for s in server.requests("/feed.xml")] == [429, 200]
    assert "1 episode written" in out


def test_redirects_are_followed_up_to_five(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    for hop in range(1, 6):
        server.put(f"/r{hop}", Answer(status=302, headers={"Location": f"/r{hop + 1}"}))
    server.put("/r6", feed_linking())

    status, _, err = add(invoke, server.url("/r1"), tmp_path)

    assert (status, err) == (0, "")
    assert written(tmp_path) == ["Inline"]


@pytest.mark.parametrize(
    ("chain", "problem"),
    [
        ({"/a": "/b", "/b": "/a"}, "redirect loop at {base}/a"),
        ({f"/r{n}": f"/r{n + 1}" for n in range(1, 7)}, "more than 5 redirects"),
        ({"/a": "file:///etc/passwd"},
         "refused a redirect to file:///etc/passwd: only http and https URLs are followed"),
        ({"/a": "ftp://127.0.0.1/feed.xml"},
         "refused a redirect to ftp://127.0.0.1/feed.xml: only http and https URLs are followed"),
    ],
    ids=["loop", "six", "file", "ftp"],
)  # fmt: skip
def test_bad_redirects_fail_the_feed(
    invoke: Invoke, server: FeedServer, tmp_path: Path, chain: dict[str, str], problem: str
) -> None:
    for source, target in chain.items():
        server.put(source, Answer(status=301, headers={"Location": target}))
    server.put("/r7", feed_linking())
    start = server.url(next(iter(chain)))

    status, out, err = add(invoke, start, tmp_path)

    assert status == 3
    assert err == f"chapters: {start}: {problem.format(base=server.url(''))}\n"
    assert "failed (said above)" in out
    assert not (tmp_path / ".feeds.json").exists() or json.loads(
        (tmp_path / ".feeds.json").read_text(encoding="utf-8")
    ) == {"version": 1, "feeds": []}  # a feed that cannot be read is not followed


def test_links_to_other_schemes_are_never_fetched(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    feed = (f"{HEAD}<channel><title>Sly</title><item><title>Sneaky</title><guid>s</guid>"
            '<enclosure url="file:///home/me/secret.mp3"/>'
            '<podcast:chapters url="file:///etc/passwd" type="application/json"/>'
            '<psc:chapters><psc:chapter start="0" title="Fine"/></psc:chapters>'
            "</item></channel></rss>")  # fmt: skip
    url = server.put("/feed.xml", feed)

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    where = f"chapters: {url}: item 'Sneaky': its"
    assert err.splitlines() == [
        f"{where} podcast:chapters link file:///etc/passwd: refused: only http and https URLs "
        "are fetched, not file: URLs",
        f"{where} enclosure link file:///home/me/secret.mp3: refused: only http and https URLs "
        "are fetched, not file: URLs",
    ]
    assert written(tmp_path) == ["Sneaky"]  # from its inline chapters, without a url
    assert "url:" not in next(tmp_path.glob("feed-*/*.yaml")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
         '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
         "</channel></rss>", "refused unsafe XML"),
        ("<rss><channel><title>cut", "not well-formed XML"),
        ("<html><body>Not a feed</body></html>", "not an RSS or Atom feed (its root is <html>)"),
    ],
    ids=["entity-bomb", "truncated", "html"],
)  # fmt: skip
def test_feeds_that_cannot_be_read(
    invoke: Invoke, server: FeedServer, tmp_path: Path, body: str, problem: str
) -> None:
    url = server.put("/feed.xml", body)

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err.startswith(f"chapters: {url}: {problem}") and err.count("\n") == 1


def test_a_feed_over_its_limit_stops_at_the_limit(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (21 * 1024 * 1024))  # 21 MB inflated, 21 kB sent
    url = server.put("/feed.xml", Answer(raw=bomb))

    status, _, err = add(invoke, url, tmp_path)

    assert status == 3
    assert err == f"chapters: {url}: larger than the limit of 20 MB once inflated\n"
