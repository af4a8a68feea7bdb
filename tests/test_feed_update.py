"""Keeping a library up to date: conditional updates (one request, answered 304,
nothing written), changed feeds fetching only what changed, failed updates that
delete nothing, removing a feed, the user's own library as the default, and the
command as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import Invoke, run_in
from feedserver import Answer, FeedServer

HEAD = (
    '<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
)


def item(n: int) -> str:
    return (f"<item><title>Episode {n}</title><guid>ep-{n}</guid>"
            f'<enclosure url="https://cdn.example.com/{n}.mp3" type="audio/mpeg" length="1"/>'
            "<itunes:duration>600</itunes:duration>"
            f'<podcast:chapters url="/ch/{n}.json" type="application/json+chapters"/>'
            "</item>")  # fmt: skip


def feed(*numbers: int) -> str:
    items = "".join(item(n) for n in numbers)
    return f"{HEAD}<channel><title>Weekly</title>{items}</channel></rss>"


def chapters(n: int) -> str:
    listed = [{"startTime": 0, "title": f"Intro {n}"}, {"startTime": 300, "title": f"Topic {n}"}]
    return json.dumps({"version": "1.2.0", "chapters": listed})


def snapshot(library: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the library: its bytes and modification time."""
    return {
        p.relative_to(library).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(library.rglob("*"))
        if p.is_file()
    }


def serve_weekly(server: FeedServer, *numbers: int, etag: str = '"v1"') -> str:
    for n in numbers:
        server.put(f"/ch/{n}.json", chapters(n))
    return server.put("/feed.xml", Answer(feed(*numbers), etag=etag,
                      headers={"Last-Modified": "Wed, 02 Dec 2026 10:00:00 GMT"}))  # fmt: skip


def subscribed(invoke: Invoke, server: FeedServer, library: Path) -> tuple[str, dict[str, Any]]:
    """A library following the weekly feed of episodes 1 and 2: the feed's URL, and
    the library's episode files as they are then."""
    url = serve_weekly(server, 1, 2)
    assert invoke("feed", "add", url, "--into", str(library)).exit_code == 0
    return url, episode_files(library)


def episode_files(library: Path) -> dict[str, Any]:
    return {name: value for name, value in snapshot(library).items() if name != ".feeds.json"}


def test_an_unchanged_feed_costs_one_request_answered_304(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    subscribed(invoke, server, tmp_path)
    before = snapshot(tmp_path)
    seen = len(server.seen)

    result = invoke("feed", "update", "--into", str(tmp_path))

    assert result.exit_code == 0, result.output
    [request] = server.seen[seen:]
    assert request.path == "/feed.xml" and request.status == 304
    assert request.headers["if-none-match"] == '"v1"'
    assert request.headers["if-modified-since"] == "Wed, 02 Dec 2026 10:00:00 GMT"
    assert snapshot(tmp_path) == before
    assert "Weekly" in result.stdout and "not modified since the last fetch" in result.stdout


def test_a_changed_feed_fetches_only_new_items(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    _, before = subscribed(invoke, server, tmp_path)
    serve_weekly(server, 3, 1, 2, etag='"v2"')
    server.put("/ch/1.json", chapters(1))
    seen = len(server.seen)

    result = invoke("feed", "update", "--into", str(tmp_path))

    assert result.exit_code == 0, result.output
    assert [s.path for s in server.seen[seen:]] == ["/feed.xml", "/ch/3.json"]
    assert "1 episode written, 2 unchanged" in result.stdout
    after = episode_files(tmp_path)
    assert {name: after[name] for name in before} == before
    titles = json.loads(invoke("episodes", "-f", str(tmp_path), "--json").stdout)
    assert sorted(e["title"] for e in titles) == ["Episode 1", "Episode 2", "Episode 3"]


def test_a_failed_update_deletes_nothing(
    invoke: Invoke, server: FeedServer, tmp_path: Path
) -> None:
    url, before = subscribed(invoke, server, tmp_path)
    server.put("/feed.xml", Answer("down", status=503))

    failed = invoke("feed", "update", "--into", str(tmp_path))

    assert failed.exit_code == 3
    assert failed.stderr == f"chapters: {url}: HTTP 503 (tried 3 times)\n"
    assert episode_files(tmp_path) == before
    # The feed is back, item 1 changed, and its chapters now fail: its file stays.
    server.put("/feed.xml", Answer(feed(1, 2).replace("Episode 1", "Episode One"), etag='"v3"'))
    server.put("/ch/1.json", Answer("gone", status=404))

    partly = invoke("feed", "update", "--into", str(tmp_path))

    assert partly.exit_code == 3
    assert partly.stderr == f"chapters: {server.url('/ch/1.json')}: HTTP 404 Not Found\n"
    assert episode_files(tmp_path) == before


def test_list_and_remove(invoke: Invoke, server: FeedServer, tmp_path: Path) -> None:
    url = serve_weekly(server, 1)
    other = tmp_path / "other.yaml"
    other.write_text("title: Mine\nchapters:\n- start: 0:00\n  title: A\n", encoding="utf-8")
    assert invoke("feed", "add", url, "--into", str(tmp_path)).exit_code == 0
    listed = invoke("feed", "list", "--into", str(tmp_path))
    lines = listed.stdout.splitlines()
    assert lines[0] == f"library: {tmp_path}"
    assert lines[1] == f"Weekly {url}"
    assert lines[2].split() == ["Episode", "1", server.url("/ch/1.json"),
                                lines[2].split()[-1]]  # fmt: skip

    removed = invoke("feed", "remove", url, "--into", str(tmp_path))

    assert removed.exit_code == 0, removed.output
    assert removed.stderr == (
        f"chapters: unsubscribed from {url}; deleted its 1 chapters files from {tmp_path}\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".feeds.json", "other.yaml"]
    empty = invoke("feed", "list", "--into", str(tmp_path), "--json")
    assert json.loads(empty.stdout) == {"library": str(tmp_path), "feeds": []}
    again = invoke("feed", "remove", url, "--into", str(tmp_path))
    assert again.exit_code == 2
    assert again.stderr == f"chapters: {tmp_path} is not subscribed to {url} (its feeds: none)\n"


def test_the_user_library_is_the_default(invoke: Invoke, server: FeedServer) -> None:
    url = serve_weekly(server, 1)
    library = Path(os.environ["XDG_DATA_HOME"]) / "chaptercli" / "library"
    bundled = invoke("list", "--json")
    assert json.loads(bundled.stdout)["podcast"] == "Dwarkesh Podcast"  # empty: bundled

    assert invoke("feed", "add", url).exit_code == 0

    assert len(list(library.glob("feed-*/*.yaml"))) == 1
    code, out, err = run_in("search", "topic", terminal=False)
    assert code == 0
    assert err.splitlines()[0] == (
        f"chapters: reading your library {library} (-f or CHAPTERS_PATH reads other files)"
    )
    assert "Topic 1" in out
    assert json.loads(invoke("list", "--json").stdout)["title"] == "Episode 1"


def test_a_local_feed_file(invoke: Invoke, server: FeedServer, tmp_path: Path) -> None:
    # A saved copy of a feed: its relative links resolve against its own
    # atom:link rel="self", as the feed at its URL would.
    serve_weekly(server, 1)
    self_link = ('<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" '
                 f'href="{server.url("/feed.xml")}"/>')  # fmt: skip
    local = tmp_path / "saved feed.xml"
    local.write_text(feed(1).replace("<channel>", "<channel>" + self_link), encoding="utf-8")
    library = tmp_path / "lib"

    result = invoke("feed", "add", str(local), "--into", str(library))

    assert result.exit_code == 0, result.output
    assert [s.path for s in server.seen] == ["/ch/1.json"]
    listed = json.loads(invoke("feed", "list", "--into", str(library), "--json").stdout)
    assert listed["feeds"][0]["url"] == str(local)
    refused = invoke("feed", "add", "ftp://example.com/feed.xml", "--into", str(library))
    assert refused.exit_code == 2
    assert refused.stderr == ("chapters: ftp://example.com/feed.xml: only http and https URLs or "
                              "local files can be followed, not ftp: URLs\n")  # fmt: skip


def test_progress_shows_on_a_terminal_only(server: FeedServer, tmp_path: Path) -> None:
    url = serve_weekly(server, 1)
    code, _, err = run_in("feed", "add", url, "--into", str(tmp_path / "a"), terminal=True)
    assert code == 0 and "items" in err
    code, _, err = run_in("feed", "add", url, "--into", str(tmp_path / "b"), terminal=False)
    assert (code, err) == (0, "")


def test_as_a_real_process(server: FeedServer, tmp_path: Path) -> None:
    url = serve_weekly(server, 1, 2)
    library = tmp_path / "lib"

    def chapters_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "chaptercli", *args], capture_output=True,
                              text=True, cwd=tmp_path, timeout=60)  # fmt: skip

    added = chapters_cli("feed", "add", url, "--into", str(library))
    assert (added.returncode, added.stderr) == (0, "")
    assert added.stdout == f"Weekly {url}: 2 episodes written\nlibrary: {library}\n"
    found = chapters_cli("search", "topic", "2", "-f", str(library))
    assert found.returncode == 0
    assert "5:00" in found.stdout and "Topic 2" in found.stdout
    opened = chapters_cli("open", "topic 2", "--print", "-f", str(library))
    assert opened.stdout == "https://cdn.example.com/2.mp3#t=300\n"
