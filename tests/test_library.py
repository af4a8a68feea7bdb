"""A library of episodes: discovery, selection, skipped files, and the index that never lies."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chaptercli import index
from chaptercli.checking import check_files
from chaptercli.index import ingest
from chaptercli.library import Library, load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate


def episode_yaml(title: str, *chapters: str, podcast: str = "Show") -> str:
    lines = [f"podcast: {podcast}", f"title: {json.dumps(title)}", "chapters:"]
    for number, text in enumerate(chapters):
        lines.append(f'- {{start: "{number}:00", title: {json.dumps(text)}, '
                     f"bullets: [{json.dumps(text + ' bullet')}]}}")  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "show-a").mkdir(parents=True)
    (root / "show-b" / "deep").mkdir(parents=True)
    (root / "show-a" / "one.yaml").write_text(
        episode_yaml("First episode", "Intro", "Distillation basics", "Outro"), encoding="utf-8"
    )
    (root / "show-a" / "two.yml").write_text(
        episode_yaml("Second episode", "Opening", "Naïve optimizations", "Closing"),
        encoding="utf-8",
    )
    (root / "show-b" / "deep" / "three.yaml").write_text(
        "episodes:\n"
        + "\n".join(
            "  - " + line if n == 0 else "    " + line
            for text in (
                episode_yaml("Third episode", "Alpha", "Distilling"),
                episode_yaml("Fourth episode", "Beta", "Gamma", podcast="Other"),
            )
            for n, line in enumerate(text.splitlines())
        )
        + "\n",
        encoding="utf-8",
    )
    (root / "show-b" / ".hidden.yaml").write_text("not: [valid", encoding="utf-8")
    (root / "notes.txt").write_text("not chapters", encoding="utf-8")
    return root


def run_json(invoke: Invoke, *args: str) -> object:
    result = invoke(*args, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_directory_is_searched_recursively(invoke: Invoke, library: Path) -> None:
    episodes = run_json(invoke, "episodes", "-f", str(library))
    assert isinstance(episodes, list)
    assert [(e["number"], e["title"], e["chapters"]) for e in episodes] == [
        (1, "First episode", 3),
        (2, "Second episode", 3),
        (3, "Third episode", 2),
        (4, "Fourth episode", 2),
    ]
    assert episodes[3]["podcast"] == "Other"
    assert episodes[2]["file"] == episodes[3]["file"] == str(library / "show-b/deep/three.yaml")
    assert episodes[0]["duration_seconds"] is None  # open-ended last chapter


def test_episodes_human_output(invoke: Invoke, library: Path) -> None:
    result = invoke("episodes", "-f", str(library))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["#", "Podcast", "Title", "Chapters", "Length", "File"]
    assert lines[4].startswith("4  Other    Fourth episode")
    assert lines[4].endswith("three.yaml #2")


def test_repeated_file_option_and_path_list(invoke: Invoke, library: Path) -> None:
    one, two = library / "show-a" / "one.yaml", library / "show-a" / "two.yml"
    by_option = run_json(invoke, "episodes", "-f", str(one), "-f", str(two))
    by_env = invoke("episodes", "--json", env={"CHAPTERS_PATH": f"{one}{os.pathsep}{two}"})
    assert json.loads(by_env.stdout) == by_option
    assert [e["title"] for e in by_option] == ["First episode", "Second episode"]  # type: ignore[index]
    twice = run_json(invoke, "episodes", "-f", str(one), "-f", str(one))
    assert len(twice) == 1  # type: ignore[arg-type]


def test_search_names_the_episode(invoke: Invoke, library: Path) -> None:
    result = invoke("search", "distil", "-f", str(library))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Show — First episode  ({library}/show-a/one.yaml)",
        "2 1:00 title    Distillation basics",
        "       bullet 1 Distillation basics bullet",
        "",
        f"Show — Third episode  ({library}/show-b/deep/three.yaml)",
        "2 1:00 title    Distilling",
        "       bullet 1 Distilling bullet",
    ]
    data = run_json(invoke, "search", "distil", "-f", str(library))
    assert [(m["episode"]["number"], m["chapter"], m["field"]) for m in data["matches"]] == [  # type: ignore[index]
        (1, 2, "title"), (1, 2, "bullet"), (3, 2, "title"), (3, 2, "bullet"),
    ]  # fmt: skip


def test_show_and_at_choose_an_episode(invoke: Invoke, library: Path) -> None:
    path = str(library)
    assert run_json(invoke, "show", "2", "-f", path, "--episode", "second")["title"] == (  # type: ignore[index]
        "Naïve optimizations"
    )
    assert run_json(invoke, "show", "2", "-f", path, "-e", "3")["title"] == "Distilling"  # type: ignore[index]
    assert run_json(invoke, "show", "naive", "-f", path)["title"] == "Naïve optimizations"  # type: ignore[index]
    ambiguous = invoke("show", "2", "-f", path)
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr.startswith(
        "chapters: 4 episodes are loaded: say which one '2' is in with --episode"
    )
    assert "   3  Show — Third episode" in ambiguous.stderr
    across = invoke("show", "intro outro", "-f", path)
    assert "no chapter title in any episode contains" in across.stderr
    two_places = invoke("show", "episode", "-f", path, "-e", "nothing like it")
    assert two_places.stderr.startswith("chapters: no episode title contains 'nothing like it'")
    many = invoke("list", "-f", path, "-e", "episode")
    assert many.stderr.startswith("chapters: 4 episodes match 'episode'")


def test_at_across_the_library(invoke: Invoke, library: Path) -> None:
    data = run_json(invoke, "at", "2:30", "-f", str(library))
    assert isinstance(data, list)
    assert [(p["episode"]["title"], p["chapter"]["title"]) for p in data] == [
        ("First episode", "Outro"),
        ("Second episode", "Closing"),
        ("Third episode", "Distilling"),
        ("Fourth episode", "Gamma"),
    ]
    one = run_json(invoke, "at", "1:30", "-f", str(library), "--episode", "fourth")
    assert one["chapter"]["title"] == "Gamma"  # type: ignore[index]
    text = invoke("at", "1:30", "-f", str(library)).stdout
    assert text.count("is 0:30 into chapter 2") == 4


def test_list_of_several_episodes(invoke: Invoke, library: Path) -> None:
    data = run_json(invoke, "list", "-f", str(library))
    assert [e["episode"]["number"] for e in data["episodes"]] == [1, 2, 3, 4]  # type: ignore[index]
    assert data["episodes"][0]["chapters"][1]["title"] == "Distillation basics"  # type: ignore[index]
    text = invoke("list", "-f", str(library)).stdout
    assert text.count("chapters · ") == 4


def test_a_broken_file_does_not_hide_the_rest(invoke: Invoke, library: Path) -> None:
    bad = library / "show-a" / "broken.yaml"
    bad.write_text("title: T\nchapters: [\n", encoding="utf-8")
    worse = library / "show-b" / "worse.yaml"
    worse.write_bytes("title: Café\n".encode("latin-1"))
    for extra in ([], ["--no-cache"]):
        result = invoke("search", "distil", "-f", str(library), *extra)
        assert result.exit_code == 3  # found, but something was skipped
        assert result.stderr.splitlines() == [
            f"chapters: skipped: {bad}: line 3, column 1: YAML syntax error: did not find "
            "expected node content",
            f"chapters: skipped: {worse}: not UTF-8 text: byte 0xe9 at offset 10",
        ]
        assert "Distillation basics" in result.stdout
    nothing = invoke("search", "zebra", "-f", str(library))
    assert nothing.exit_code == 3  # nothing found, and something skipped: skipped wins
    assert nothing.stdout == ""
    assert nothing.stderr.splitlines() == [
        f"chapters: skipped: {bad}: line 3, column 1: YAML syntax error: did not find "
        "expected node content",
        f"chapters: skipped: {worse}: not UTF-8 text: byte 0xe9 at offset 10",
        "chapters: nothing matches 'zebra'",
    ]
    alone = invoke("list", "-f", str(bad))
    assert alone.exit_code == 2  # a single file asked for: its problem is the answer
    assert alone.stderr.startswith(f"chapters: {bad}: line 3")


def test_a_broken_episode_inside_a_file(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "both.yaml"
    path.write_text(
        "episodes:\n- {title: Good, chapters: [{start: '0:00', title: a}]}\n"
        "- {title: Bad, chapters: [{start: 'x', title: b}]}\n",
        encoding="utf-8",
    )
    result = invoke("episodes", "-f", str(path))
    assert result.exit_code == 3
    assert result.stderr == (
        f"chapters: skipped: {path}: episode 2: line 3: chapter 1 \"b\": bad 'start': not a "
        "time: 'x' (expected SS, M:SS, H:MM:SS, 3765s or 1h2m45s)\n"
    )


def test_no_files_found(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("list", "-f", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: no chapters files (*.yaml, *.yml) or media files found in {tmp_path}\n"
    )


# The index never lies: whatever happens to the files, indexed answers are fresh ones.

QUERIES = [["distil"], ["naive"], ["episode"], ["bullet", "intro"], ["zebra"]]


def answers(invoke: Invoke, path: Path, no_cache: bool) -> list[object]:
    extra = ["--no-cache"] if no_cache else []
    out: list[object] = [invoke("episodes", "-f", str(path), "--json", *extra).stdout]
    for words in QUERIES:
        result = invoke("search", *words, "-f", str(path), "--json", *extra)
        out.append((result.exit_code, result.stdout, result.stderr))
    out.append(invoke("show", "2", "-e", "1", "-f", str(path), "--json", *extra).stdout)
    return out


def assert_index_agrees(invoke: Invoke, path: Path) -> None:
    assert answers(invoke, path, no_cache=False) == answers(invoke, path, no_cache=True)


def test_changes_between_runs_are_seen(invoke: Invoke, library: Path) -> None:
    assert_index_agrees(invoke, library)
    one = library / "show-a" / "one.yaml"
    one.write_text(episode_yaml("First episode", "Intro", "Now about zebras"), encoding="utf-8")
    assert_index_agrees(invoke, library)
    (library / "show-a" / "added.yaml").write_text(
        episode_yaml("Added", "Distillation again"), encoding="utf-8"
    )
    assert_index_agrees(invoke, library)
    (library / "show-a" / "two.yml").unlink()
    assert_index_agrees(invoke, library)
    one.write_text("title: broken\n", encoding="utf-8")
    assert_index_agrees(invoke, library)
    one.write_text(episode_yaml("Fixed", "Distillation fixed"), encoding="utf-8")
    assert_index_agrees(invoke, library)


def test_same_size_and_mtime_rewrite_is_caught(invoke: Invoke, library: Path) -> None:
    """Rewritten within the clock's resolution, the size and mtime say nothing changed."""
    one = library / "show-a" / "one.yaml"
    assert_index_agrees(invoke, library)
    before = one.stat()
    text = one.read_text(encoding="utf-8").replace("Distillation basics", "Zebra discussion!!!")
    assert len(text.encode()) == before.st_size
    one.write_text(text, encoding="utf-8")
    os.utime(one, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (one.stat().st_size, one.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    found = json.loads(invoke("search", "zebra", "-f", str(library), "--json").stdout)
    assert [m["text"] for m in found["matches"]] == [
        "Zebra discussion!!!",
        "Zebra discussion!!! bullet",
    ]
    assert_index_agrees(invoke, library)


def rewrite(path: Path, text: str) -> None:
    """New contents, and a modification time that has visibly moved on."""
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 3_000_000_000))


def test_the_index_trusts_an_unchanged_file(library: Path) -> None:
    """A file is parsed again only when it changed: through the library itself."""

    def parsed() -> list[str]:
        loaded = load([library])
        loaded.close()
        return loaded.parsed

    one, two, three = (library / "show-a/one.yaml", library / "show-a/two.yml",
                       library / "show-b/deep/three.yaml")  # fmt: skip
    assert parsed() == [str(one), str(two), str(three)]  # nothing was indexed yet
    assert parsed() == []
    rewrite(two, episode_yaml("Second episode", "Opening", "Something else entirely"))
    assert parsed() == [str(two)]
    assert parsed() == []
    fresh = load([library], use_index=False)
    assert fresh.parsed == [str(one), str(two), str(three)]  # without the index: every file


def test_a_command_rereads_only_what_changed(
    invoke: Invoke, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same promise, seen from a command: what `search` had the library parse."""
    runs: list[list[str]] = []

    def recording(*args: Any, **kwargs: Any) -> Library:
        loaded = load(*args, **kwargs)
        runs.append(loaded.parsed)
        return loaded

    monkeypatch.setattr("chaptercli.library.load", recording)
    two = library / "show-a/two.yml"
    for _ in range(2):
        assert invoke("search", "distil", "-f", str(library)).exit_code == 0
    rewrite(two, episode_yaml("Second episode", "Distilled again"))
    for _ in range(2):
        assert invoke("search", "distil", "-f", str(library)).exit_code == 0
    assert [len(run) for run in runs] == [3, 0, 1, 0]
    assert runs[2] == [str(two)]


def test_an_unchanged_file_keeps_its_rows(tmp_path: Path, library: Path) -> None:
    """Across real processes: the rows of a trusted file are left as they were; a
    changed file's are replaced, under the same ids (a file keeps its number, and
    its episodes are numbered from it: file << 32 | place in the file)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def search_then_rows() -> dict[str, tuple[int, list[int]]]:
        subprocess.run(command("search", "distil", "-f", str(library)), env=env,
                       capture_output=True, check=True, timeout=120)  # fmt: skip
        db = sqlite3.connect(tmp_path / "cache" / "chaptercli" / index.FILE_NAME)
        rows: dict[str, tuple[int, list[int]]] = {}
        for path, stored, key in db.execute(
            "SELECT f.path, f.indexed_ns, e.id FROM episodes e JOIN files f "
            "ON f.id = e.id >> 32 ORDER BY e.id"
        ):
            rows.setdefault(Path(path).name, (stored, []))[1].append(key)
        db.close()
        return rows

    def past_the_racy_window(path: Path) -> None:
        # A file changed within two seconds of being read is confirmed by its bytes
        # on the next look, and its time of reading moved on: not what is tested here.
        status = path.stat()
        changed = max(status.st_mtime_ns, status.st_ctime_ns)
        time.sleep(max(0, changed + ingest.RACY_NS - time.time_ns()) / 1e9 + 0.1)

    for path in library.rglob("*.y*ml"):
        past_the_racy_window(path)
    first = search_then_rows()
    ids = {name: keys for name, (_, keys) in first.items()}
    assert ids == {"one.yaml": [(1 << 32) + 1], "two.yml": [(2 << 32) + 1],
                   "three.yaml": [(3 << 32) + 1, (3 << 32) + 2]}  # fmt: skip
    assert search_then_rows() == first
    rewrite(library / "show-a/one.yaml", episode_yaml("First episode", "Changed"))
    past_the_racy_window(library / "show-a/one.yaml")
    after = search_then_rows()
    assert {name: keys for name, (_, keys) in after.items()} == ids
    assert after["one.yaml"][0] > first["one.yaml"][0]  # stored again
    assert (after["two.yml"], after["three.yaml"]) == (first["two.yml"], first["three.yaml"])
    assert search_then_rows() == after


TEXT = st.text(
    alphabet=st.sampled_from(list("abcdistl éï’ZÆß\u0301\x00\x01%_\\")), min_size=1, max_size=12
)


# Libraries as lists of episodes, each a list of chapter titles; a change replaces,
# adds or removes one episode file of the first library.
EPISODES = st.lists(st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=3)
CHANGES = st.lists(st.tuples(st.integers(0, 3), st.none() | st.lists(TEXT, min_size=1, max_size=3)),
                   max_size=2)  # fmt: skip
MODES = [[], ["--word"], ["--rank"], ["--case-sensitive"], ["--in", "episode"]]


def write_library(root: Path, episodes: list[list[str]]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for number, chapters in enumerate(episodes):
        (root / f"e{number}.yaml").write_text(episode_yaml(f"E{number} {chapters[0]}", *chapters),
                                              "utf-8")  # fmt: skip


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=EPISODES, second=EPISODES, changes=CHANGES, data=st.data())
def test_indexed_answers_are_fresh_answers(
    invoke: Invoke,
    tmp_path_factory: pytest.TempPathFactory,
    first: list[list[str]],
    second: list[list[str]],
    changes: list[tuple[int, list[str] | None]],
    data: st.DataObject,
) -> None:
    """Two libraries in one index (and what earlier examples left in it), the first
    changed between searches: every kind of search, for a piece of some title or
    anything else, `at` and `check`, answer through the index exactly as they do
    reading the files afresh, as JSON and as plain lines in a pipe."""
    texts = [text for episodes in (first, second) for chapters in episodes for text in chapters]
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start : data.draw(st.integers(start + 1, len(text)))]
    query = data.draw(st.sampled_from([piece, piece.upper(), piece + " ", "z" + piece]) | TEXT)
    assume(query.strip() and "\x00" not in query)  # a word one can type
    top = tmp_path_factory.mktemp("libs")
    write_library(top / "one", first)
    write_library(top / "two", second)
    for step in range(len(changes) + 1):
        if step:
            number, chapters = changes[step - 1]
            target = top / "one" / f"e{number}.yaml"
            if chapters is None:
                target.unlink(missing_ok=True)
            else:
                target.write_text(episode_yaml(f"Changed {number}", *chapters), "utf-8")
        for root in (top / "one", top / "two"):
            if not any(root.iterdir()):
                continue
            for args in [["search", query, *mode, "--json"] for mode in MODES] + [
                ["search", query], ["search", query, "--word"], ["at", "1:30", "--json"],
                ["at", "1:30"],
            ]:  # fmt: skip
                indexed = invoke(*args, "-f", str(root))
                fresh = invoke(*args, "-f", str(root), "--no-cache")
                assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (
                    fresh.exit_code, fresh.stdout, fresh.stderr), args  # fmt: skip
            assert check_files([root], None) == check_files([root], None, use_index=False)


# Damaged, unwritable or missing: the index never breaks a command.


def build_index(invoke: Invoke, library: Path) -> Path:
    assert invoke("episodes", "-f", str(library)).exit_code == 0
    path = index.index_path()
    assert path.exists()
    return path


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-schema", "no-episodes"])
def test_damaged_index_is_rebuilt(invoke: Invoke, library: Path, damage: str) -> None:
    path = build_index(invoke, library)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:3000])
    else:  # found by a search (folds), or while bringing the index up to date (episodes)
        db = sqlite3.connect(path)
        db.execute("DROP TABLE folds" if damage == "empty-schema" else "DROP TABLE episodes")
        db.commit()
        db.close()
    result = invoke("search", "distil", "-f", str(library), "--json")
    assert result.exit_code == 0
    assert len(result.stderr.splitlines()) <= 1
    if damage == "no-episodes":
        assert result.stderr == f"chapters: the index {path} was damaged; it has been rebuilt\n"
    fresh = invoke("search", "distil", "-f", str(library), "--json", "--no-cache")
    assert result.stdout == fresh.stdout
    again = invoke("search", "distil", "-f", str(library), "--json")  # and it works again
    assert (again.stdout, again.stderr) == (fresh.stdout, "")


def test_cache_directory_that_cannot_be_created(
    invoke: Invoke, library: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = invoke("episodes", "-f", str(library), env={"XDG_CACHE_HOME": str(blocker)})
    assert result.exit_code == 0
    assert result.stderr.startswith("chapters: cannot create the cache directory")
    assert len(result.stderr.splitlines()) == 1
    assert "Fourth episode" in result.stdout


def test_read_only_index(invoke: Invoke, library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_index(invoke, library)
    (library / "show-a" / "one.yaml").write_text(episode_yaml("Changed", "Zebra"), "utf-8")
    connect = sqlite3.connect

    def read_only(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        return connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(sqlite3, "connect", read_only)  # as root, chmod would not stop us
    result = invoke("search", "zebra", "-f", str(library), "--json")
    assert result.exit_code == 0, result.output
    assert len(result.stderr.splitlines()) == 1
    assert "readonly" in result.stderr
    assert json.loads(result.stdout)["matches"][0]["text"] == "Zebra"
    assert path.exists()


def test_no_cache_touches_no_index(invoke: Invoke, library: Path) -> None:
    result = invoke("search", "distil", "-f", str(library), "--no-cache")
    assert result.exit_code == 0
    assert "Distillation basics" in result.stdout
    assert not index.index_path().exists()


def test_bundled_episode_needs_no_index(invoke: Invoke) -> None:
    result = invoke("list")
    assert result.exit_code == 0
    assert result.stdout.startswith("Dwarkesh Podcast — Mark Zuckerberg")
    assert not index.index_path().exists()


def test_cache_info_and_clear(invoke: Invoke, library: Path) -> None:
    before = run_json(invoke, "cache", "info")
    assert before == {"path": str(index.index_path()), "exists": False, "bytes": 0,
                      "files": 0, "episodes": 0}  # fmt: skip
    build_index(invoke, library)
    info = run_json(invoke, "cache", "info")
    assert info["exists"] and info["files"] == 3 and info["episodes"] == 4  # type: ignore[index]
    assert info["bytes"] > 0  # type: ignore[index]
    human = invoke("cache", "info").stdout
    assert human.splitlines()[2:] == ["files    3", "episodes 4"]
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0 and cleared.stderr.startswith("chapters: removed ")
    assert not index.index_path().exists()
    assert invoke("cache", "clear").stderr == "chapters: there was no index to remove\n"


def test_index_info_measures_without_building(library: Path) -> None:
    path = index.index_path()
    assert index.info() == (path, False, 0, 0, 0, None)
    assert not path.exists()  # asking does not build it
    loaded = load([library])
    loaded.close()
    measured = index.info()
    assert measured[:2] == (path, True) and measured[3:] == (3, 4, None)
    wal = Path(f"{path}-wal")
    assert measured.bytes == path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def test_index_info_of_a_damaged_index(invoke: Invoke, library: Path) -> None:
    path = build_index(invoke, library)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    path.write_bytes(b"not a database" * 200)
    assert index.info() == (path, True, 2800, 0, 0,
                            f"the index {path} was damaged; it has been rebuilt")  # fmt: skip
    path.write_bytes(b"not a database" * 200)
    shown = invoke("cache", "info", "--json")
    assert shown.stderr == f"chapters: the index {path} was damaged; it has been rebuilt\n"
    assert json.loads(shown.stdout) == {"path": str(path), "exists": True, "bytes": 2800,
                                        "files": 0, "episodes": 0}  # fmt: skip


# Several commands at once, and a command killed half-way.


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "chaptercli", *args]


def test_concurrent_commands_never_corrupt_the_index(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    generate(root, 80)  # enough files for the index to parse them in parallel too
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    expected = subprocess.run(
        command("search", "distillation", "-f", str(root), "--json", "--no-cache"),
        env=env, capture_output=True, text=True, check=False, timeout=120,
    ).stdout  # fmt: skip
    for wave in range(2):
        if wave:  # the second wave finds a changed file, which all of them re-read
            target = next(root.rglob("*.yaml"))
            target.write_text(target.read_text("utf-8") + "\n", "utf-8")
        runs = [subprocess.Popen(command("search", "distillation", "-f", str(root), "--json"),
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(4)]  # fmt: skip
        for process in runs:
            out, err = process.communicate(timeout=180)
            assert process.returncode == 0, err
            assert out == expected
            assert err == ""
    db = sqlite3.connect(tmp_path / "cache" / "chaptercli" / index.FILE_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_killed_while_building_the_index(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    generate(root, 300)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    fresh = subprocess.run(
        command("search", "distillation", "-f", str(root), "--json", "--no-cache"),
        env=env, capture_output=True, text=True, check=False, timeout=120,
    ).stdout  # fmt: skip
    for delay in (0.2, 0.5, 0.9):
        victim = subprocess.Popen(
            command("search", "distillation", "-f", str(root)), env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        time.sleep(delay)
        os.killpg(victim.pid, signal.SIGKILL)  # the workers too
        victim.wait(timeout=60)
        after = subprocess.run(
            command("search", "distillation", "-f", str(root), "--json"),
            env=env, capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert after.returncode == 0, after.stderr
        assert after.stdout == fresh


# Ranked search: relevance order and stemming, through the index or without it.


def test_rank_finds_stems_and_orders_by_relevance(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.yaml").write_text(
        episode_yaml("A", "Intro", "We optimize things", "Optimizations, optimizing, optimized"),
        "utf-8",
    )
    (root / "b.yaml").write_text(episode_yaml("B", "Optimization"), "utf-8")
    plain = run_json(invoke, "search", "optimize", "-f", str(root))
    assert "Optimization" not in [m["text"] for m in plain["matches"]]  # type: ignore[index]
    for extra in ([], ["--no-cache"]):
        ranked = run_json(invoke, "search", "optimize", "--rank", "-f", str(root), *extra)
        texts = [m["text"] for m in ranked["matches"]]  # type: ignore[index]
        assert set(texts) == {
            "We optimize things", "We optimize things bullet",
            "Optimizations, optimizing, optimized", "Optimizations, optimizing, optimized bullet",
            "Optimization", "Optimization bullet",
        }  # fmt: skip
        first = ranked["matches"][0]  # type: ignore[index]
        assert first["text"] == "Optimizations, optimizing, optimized"  # three hits: most relevant
        assert first["spans"] == [[0, 13], [15, 25], [27, 36]]
        assert first["episode"]["title"] == "A"
        assert texts.index("Optimization") < texts.index("We optimize things")
    bad = invoke("search", "x", "--rank", "--regex", "-f", str(root))
    assert bad.exit_code == 2 and "--rank" in bad.stderr


def test_rank_sees_changes(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.yaml").write_text(episode_yaml("A", "Distillation"), "utf-8")
    found = invoke("search", "distilled", "--rank", "-f", str(root), "--in", "title")
    assert (found.exit_code, found.stdout) == (0, "1 0:00 title Distillation\n")
    (root / "a.yaml").write_text(episode_yaml("A", "Nothing here"), "utf-8")
    gone = invoke("search", "distilled", "--rank", "-f", str(root))
    assert (gone.exit_code, gone.stdout) == (1, "")
    assert gone.stderr == "chapters: nothing matches 'distilled'\n"


def test_long_candidate_lists_are_cut_short(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    generate(root, 30)
    result = invoke("show", "3", "-f", str(root))
    lines = result.stderr.splitlines()
    assert lines[0].startswith("chapters: 30 episodes are loaded")
    assert len(lines) == 22
    assert lines[-1] == "  … and 10 more"


def test_racy_files_settle(invoke: Invoke, library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file indexed right after it changed is hashed again until it has been still."""
    monkeypatch.setattr(ingest, "RACY_NS", 1_000_000_000)
    for path in library.rglob("*.y*ml"):
        os.utime(path)  # changed just now: read within the (shortened) racy window
    assert invoke("episodes", "-f", str(library)).exit_code == 0
    db = sqlite3.connect(index.index_path())
    before = dict(db.execute("SELECT path, indexed_ns FROM files"))
    time.sleep(1.1)  # longer than the racy window
    assert invoke("episodes", "-f", str(library)).exit_code == 0  # confirms and settles
    after = dict(db.execute("SELECT path, indexed_ns FROM files"))
    assert all(after[path] > before[path] for path in before)
    assert_index_agrees(invoke, library)


@pytest.mark.parametrize(
    "failure",
    [sqlite3.OperationalError("disk I/O error"),
     sqlite3.DatabaseError("database disk image is malformed")],
    ids=["io-error", "malformed"],
)  # fmt: skip
def test_index_failing_mid_command(
    invoke: Invoke, library: Path, monkeypatch: pytest.MonkeyPatch, failure: sqlite3.Error
) -> None:
    build_index(invoke, library)
    for method in ("search", "episode", "rank"):
        working = getattr(index.Index, method)

        def broken(self: index.Index, *args: object, _working: object = working) -> object:
            if self.path is None:  # the in-memory index a fallback may use still works
                return _working(self, *args)  # type: ignore[operator]
            raise failure

        monkeypatch.setattr(index.Index, method, broken)
    for args in (["search", "distil"], ["show", "2", "-e", "1"], ["search", "distil", "--rank"]):
        result = invoke(*args, "-f", str(library), "--json")
        fresh = invoke(*args, "-f", str(library), "--json", "--no-cache")
        assert (result.exit_code, result.stdout) == (fresh.exit_code, fresh.stdout)
        assert len(result.stderr.splitlines()) == 1
        assert "reading the files directly" in result.stderr
    assert index.index_path().exists() == ("malformed" not in str(failure))


def test_check_reads_every_episode_of_a_file(invoke: Invoke, library: Path) -> None:
    three = library / "show-b" / "deep" / "three.yaml"
    result = invoke("check", "--for", "youtube", "-f", str(three))
    assert result.exit_code == 1  # two- and three-chapter episodes: too few for YouTube
    assert result.stdout.splitlines()[0] == f"{three}: episode 1"
    assert result.stdout.count("2 chapters checked for youtube: 1 error\n") == 2
    assert f"{three}: episode 2" in result.stdout


def test_a_chapters_link_picture_and_hiddenness_survive_the_index(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Read a second time, the episode comes from the index's rows: the per-chapter
    fields must come back from them exactly as the file has them."""
    (tmp_path / "a.yaml").write_text(
        "title: A\nchapters:\n"
        '  - {start: "0:00", title: Intro, url: "https://example.com/i", image: "i.jpg"}\n'
        '  - {start: "1:00", title: Ad, hidden: true}\n'
        '  - {start: "2:00", title: Talk}\n',
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        'title: B\nchapters:\n  - {start: "0:00", title: Only}\n', encoding="utf-8"
    )
    expected = [
        ("https://example.com/i", "i.jpg", False),
        (None, None, True),
        (None, None, False),
    ]
    for _ in range(2):  # cold, then warm from the index
        result = invoke("list", "--episode", "A", "--json", "-f", str(tmp_path))
        assert result.exit_code == 0, result.output
        chapters = json.loads(result.stdout)["chapters"]
        assert [(c["url"], c["image"], c["hidden"]) for c in chapters] == expected
