"""What a library may hold that must neither hang, crash nor run away: FIFOs,
devices and sockets, trees 1,000 directories deep, symbolic link loops, file names
that are not UTF-8, numbers too long for Python, impossible dates, times beyond a
million hours, YAML aliases repeating data into gigabytes. Through the CLI, with and
without the index, with the exact messages a user sees."""

from __future__ import annotations

import errno
import json
import os
import random
import socket
import sqlite3
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from conftest import Invoke, run_in
from hypothesis import given, settings
from hypothesis import strategies as st

from chaptercli import filebytes, index
from chaptercli.index import reads
from chaptercli.library import load
from chaptercli.reading import parse_file
from chaptercli.yamlchecks import unbuildable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import episode_yaml

GOOD = 'title: Good\nchapters:\n- {start: "0:00", title: Fine}\n'
CACHE = ([], ["--no-cache"])  # through the index, and reading the files directly


def lines(result_stdout: str) -> list[str]:
    return result_stdout.splitlines()


@pytest.fixture
def odd_library(tmp_path: Path) -> Iterator[Path]:
    """A good file, and a FIFO, a device and a socket named like chapters files."""
    root = tmp_path / "lib"
    root.mkdir()
    (root / "good.yaml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(root / "fifo.yaml")
    (root / "null.yaml").symlink_to("/dev/null")  # a character device, without mknod
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(root / "socket.yml"))
    yield root
    listening.close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("extra", CACHE, ids=["indexed", "no-cache"])
def test_fifos_devices_and_sockets_in_a_library_are_skipped(
    invoke: Invoke, odd_library: Path, extra: list[str]
) -> None:
    for _ in range(2):  # and again, with the index built: nothing of theirs is kept
        result = invoke("list", "-f", str(odd_library), *extra)
        assert result.exit_code == 3  # done, but files were skipped
        assert lines(result.stdout)[0] == "Good"
        assert lines(result.stderr) == [
            f"chapters: skipped: {odd_library / 'fifo.yaml'}: is a FIFO, not a chapters file",
            f"chapters: skipped: {odd_library / 'null.yaml'}: is a device, not a chapters file",
            f"chapters: skipped: {odd_library / 'socket.yml'}: is a socket, not a chapters file",
        ]


KINDS = [("fifo.yaml", "a FIFO"), ("null.yaml", "a device"), ("socket.yml", "a socket")]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("name", "kind"), KINDS)
@pytest.mark.parametrize("extra", CACHE, ids=["indexed", "no-cache"])
def test_a_fifo_device_or_socket_named_is_refused(
    invoke: Invoke, odd_library: Path, name: str, kind: str, extra: list[str]
) -> None:
    path = odd_library / name
    for args in (["list", "-f", str(path), *extra], ["import", str(path)],
                 ["export", "--to", "json", "-f", str(path)]):  # fmt: skip
        result = invoke(*args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr == f"chapters: {path}: is {kind}, not a chapters file\n", args
    # check reports it as one of the problems it found, and goes on.
    checked = invoke("check", "-f", str(path))
    assert (checked.exit_code, checked.stdout) == (
        1, f"error: is {kind}, not a chapters file [load]\ncould not be loaded: 1 error\n"
    )  # fmt: skip


@pytest.mark.timeout(60)
def test_a_file_swapped_for_a_fifo_after_it_was_looked_at(
    invoke: Invoke, odd_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looked at, it was a regular file; opened, it is a FIFO: the open does not wait
    for a writer, and what was opened is looked at again."""
    fifo, real_stat = odd_library / "fifo.yaml", os.stat

    def stale_stat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path) == str(fifo):
            return real_stat(odd_library / "good.yaml")
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stale_stat)
    result = invoke("list", "-f", str(fifo))
    assert result.exit_code == 2
    assert result.stderr == f"chapters: {fifo}: is a FIFO, not a chapters file\n"


def sized_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened files say they are empty, as files in /proc do, or as a file that grows
    after it is looked at did: whatever is there is read all the same."""
    real_fstat = os.fstat

    def empty(fd: int) -> os.stat_result:
        status = real_fstat(fd)
        return os.stat_result((status.st_mode, status.st_ino, status.st_dev, status.st_nlink,
                               status.st_uid, status.st_gid, 0, status.st_atime,
                               status.st_mtime, status.st_ctime))  # fmt: skip

    monkeypatch.setattr(os, "fstat", empty)


@pytest.mark.parametrize("extra", CACHE, ids=["indexed", "no-cache"])
def test_a_file_that_grew_after_it_was_looked_at_is_read_whole(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    """Files are read by the size they say they have (so no 64 MiB buffer is set aside
    for a small one), then on to the end if there is more."""
    path = tmp_path / "growing.yaml"
    path.write_text(GOOD, encoding="utf-8")
    sized_zero(monkeypatch)
    result = invoke("list", "-f", str(path), *extra)
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == ["Good", "1 chapter · — (last chapter open-ended)", "",
                                    "#  Start   End  Length  Title",
                                    "1   0:00  open       —  Fine"]  # fmt: skip


def test_a_file_that_grew_past_the_limit_as_it_was_read(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.yaml"
    path.write_text(GOOD + "# " + "x" * 2_000_000 + "\n", encoding="utf-8")
    monkeypatch.setattr(filebytes, "MAX_FILE_BYTES", 1024 * 1024)
    sized_zero(monkeypatch)
    result = invoke("list", "-f", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"chapters: {path}: too large to be a chapters file (it grew past the limit of 1 MiB "
        "as it was read)\n",
    )


@pytest.fixture
def deep_tree(tmp_path: Path) -> Iterator[Path]:
    """A directory with a file on top and one 1,000 directories down. Taken down level
    by level afterwards: shutil.rmtree (and so pytest's clean-up) recurses, and fails."""
    root = deepest = tmp_path / "lib"
    root.mkdir()
    for _ in range(1000):
        deepest /= "d"
        deepest.mkdir()
    (deepest / "bottom.yaml").write_text(GOOD, encoding="utf-8")
    (root / "top.yaml").write_text(GOOD.replace("Good", "Top"), encoding="utf-8")
    yield root
    (deepest / "bottom.yaml").unlink()
    while deepest != root:
        deepest.rmdir()
        deepest = deepest.parent


@pytest.mark.timeout(120)
def test_a_tree_a_thousand_directories_deep(invoke: Invoke, deep_tree: Path) -> None:
    for extra in ([], [], ["--no-cache"]):
        result = invoke("episodes", "-f", str(deep_tree), *extra)
        assert (result.exit_code, result.stderr) == (0, "")
        assert [line.split()[1] for line in lines(result.stdout)[1:]] == ["Good", "Top"]
    assert invoke("check", "-f", str(deep_tree)).exit_code == 0


def test_a_directory_that_cannot_be_read(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said, not passed over in silence: the answer lacks whatever is in there. (As
    root, no permission stops a read, so the refusal is simulated where the walk
    lists a directory.)"""
    root = tmp_path / "lib"
    (root / "private").mkdir(parents=True)
    (root / "good.yaml").write_text(GOOD, encoding="utf-8")
    (root / "private" / "hidden-away.yaml").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def refusing(path: str) -> Iterator[os.DirEntry[str]]:
        if Path(path).name in ("private", "lib-alone"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    said = f"chapters: skipped: {root / 'private'}: cannot read: Permission denied\n"
    for extra in ([], ["--no-cache"]):
        result = invoke("list", "-f", str(root), *extra)
        assert (result.exit_code, lines(result.stdout)[0], result.stderr) == (3, "Good", said)
    checked = invoke("check", "-f", str(root))
    assert (checked.exit_code, checked.stdout.split("\n")) == (1, [
        f"{root / 'private'}", "error: cannot read: Permission denied [load]",
        "could not be loaded: 1 error", f"{root / 'good.yaml'}", "1 chapter checked: 0 errors", "",
    ])  # fmt: skip
    (tmp_path / "lib-alone").mkdir()
    alone = invoke("list", "-f", str(tmp_path / "lib-alone"))
    assert (alone.exit_code, alone.stderr) == (
        2,
        f"chapters: {tmp_path / 'lib-alone'}: cannot read: Permission denied\n",
    )


@pytest.mark.timeout(60)
def test_symbolic_link_loops(invoke: Invoke, tmp_path: Path) -> None:
    """A link to a directory above is not followed (the walk never loops); a link to
    itself is a file that cannot be read, said so by name."""
    root = tmp_path / "lib"
    root.mkdir()
    (root / "good.yaml").write_text(GOOD, encoding="utf-8")
    (root / "up").symlink_to(root)
    (root / "loop.yaml").symlink_to(root / "loop.yaml")
    result = invoke("list", "-f", str(root))
    assert (result.exit_code, lines(result.stdout)[0]) == (3, "Good")
    loop = root / "loop.yaml"
    assert result.stderr == (
        f"chapters: skipped: {loop}: cannot read: Too many levels of symbolic links\n"
    )
    named = invoke("list", "-f", str(loop))
    assert (named.exit_code, named.stderr) == (
        2,
        f"chapters: {loop}: cannot read: Too many levels of symbolic links\n",
    )


def test_file_names_that_are_not_utf8(invoke: Invoke, tmp_path: Path) -> None:
    """Stored so that each name round-trips (the index trusts them the second time) and
    shown with U+FFFD where the undecodable byte was."""
    root = tmp_path / "lib"
    root.mkdir()
    good = os.fsdecode(bytes(root) + b"/caf\xe9.yaml")
    broken = os.fsdecode(bytes(root) + b"/bad\xff.yaml")
    Path(good).write_text(GOOD, encoding="utf-8")
    Path(broken).write_text("title: Broken\n", encoding="utf-8")
    shown = f"{root}/caf\ufffd.yaml"
    skipped = f"chapters: skipped: {root}/bad\ufffd.yaml: missing 'chapters' (a list of chapters)\n"
    for extra in ([], [], ["--no-cache"]):
        result = invoke("episodes", "-f", str(root), *extra)
        assert (result.exit_code, result.stderr) == (3, skipped)
        assert lines(result.stdout)[1] == f"1           Good          1       —  {shown}"
        ranked = invoke("search", "fine", "--rank", "-f", str(root), *extra)
        assert (ranked.exit_code, ranked.stdout) == (3, "1 0:00 title Fine\n")
    as_json = invoke("episodes", "-f", str(root), "--json")
    assert json.loads(as_json.stdout)[0]["file"] == good  # escaped: valid JSON, the same bytes
    assert "\\udce9.yaml" in as_json.stdout
    trusted = load([root])
    trusted.close()
    assert (trusted.parsed, [entry.path for entry in trusted.entries]) == ([], [good])
    keys = sqlite3.connect(index.index_path()).execute("SELECT path FROM files ORDER BY 1")
    assert [key for (key,) in keys] == [
        "\\x" + (bytes(root) + b"/bad\xff.yaml").hex(),
        "\\x" + (bytes(root) + b"/caf\xe9.yaml").hex(),
    ]


NAME_BYTES = st.binary(min_size=1, max_size=60).filter(
    lambda name: b"/" not in name and b"\x00" not in name and not name.startswith(b".")
)


@settings(max_examples=40, deadline=None)
@given(names=st.lists(NAME_BYTES, min_size=1, max_size=3, unique=True))
def test_any_file_name_round_trips(names: list[bytes]) -> None:
    """Whatever bytes name the files (any but / and NUL), the library lists each once,
    the index keeps it under its own key (trusted the second time) and answers as
    reading the files does, and nothing crashes."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for number, name in enumerate(names):
            Path(os.fsdecode(bytes(root) + b"/" + name + b".yaml")).write_text(
                GOOD.replace("Good", f"Episode {number}"), encoding="utf-8"
            )
        answers = []
        for extra in ([], [], ["--no-cache"]):
            code, out, err = run_in("episodes", "-f", scratch, "--json", *extra, terminal=False)
            assert (code, err) == (0, "")
            answers.append(out)
        assert answers[0] == answers[1] == answers[2]
        assert sorted(episode["title"] for episode in json.loads(answers[0])) == [
            f"Episode {number}" for number in range(len(names))
        ]
        trusted = load([root])
        trusted.close()
        assert (trusted.parsed, len(trusted.entries)) == ([], len(names))


def listed(invoke: Invoke, tmp_path: Path, text: str) -> tuple[int, str]:
    """`chapters list -f DIR` for a library of one good file and this one: the exit
    status and the one line said about the bad file."""
    root = tmp_path / "lib"
    root.mkdir(exist_ok=True)
    (root / "a-good.yaml").write_text(GOOD, encoding="utf-8")
    (root / "bad.yaml").write_text(text, encoding="utf-8")
    result = invoke("list", "-f", str(root))
    assert lines(result.stdout)[0] == "Good"
    prefix = f"chapters: skipped: {root / 'bad.yaml'}: "
    assert result.stderr.startswith(prefix), result.stderr
    return result.exit_code, result.stderr.removeprefix(prefix)


def chapter(value: str) -> str:
    return f"title: Bad\nchapters:\n- {{start: {value}, title: x}}\n"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (chapter("9" * 5000), "line 3, column 11: a number of more than 30 digits\n"),
        (chapter("-" + "1_0" * 2200), "line 3, column 11: a number of more than 30 digits\n"),
        ("recorded: 2024-02-30\n" + GOOD,
         "line 1, column 11: '2024-02-30' is not a date (day is out of range for month)\n"),
        (chapter("!!timestamp 2024-01-01T25:00:00"),
         "line 3, column 11: '2024-01-01T25:00:00' is not a date (hour must be in 0..23)\n"),
        (chapter("!!bool maybe"), "line 3, column 11: 'maybe' is not true or false\n"),
        (chapter('!!int ""'), "line 3, column 11: '' is not an integer\n"),
        (chapter("!!float " + "x" * 60), f"line 3, column 11: '{'x' * 39}…' is not a number\n"),
        ("title: 0x" + "f" * 4000 + "\nchapters:\n- {start: 0, title: x}\n",
         "line 1: 'title' must be text, not a number too long to show (quote it)\n"),
    ],
    ids=["decimal", "underscores", "date", "hour", "bool", "empty-int", "float", "hex-title"],
)  # fmt: skip
def test_values_python_cannot_build(invoke: Invoke, tmp_path: Path, text: str, said: str) -> None:
    assert listed(invoke, tmp_path, text) == (3, said)


@pytest.mark.parametrize(
    ("field", "value"),
    [("start", "1.0e+30"), ("start", "99999999999999999999"), ("start", "0x" + "f" * 3000),
     ("start", '"9999999999:00:00"'), ("end", "1.0e+300"), ("start", "3600000001")],
    ids=["float", "20-digits", "hex", "clock", "end", "just-over"],
)  # fmt: skip
def test_times_too_large_for_sqlite_never_reach_it(
    invoke: Invoke, tmp_path: Path, field: str, value: str
) -> None:
    """Milliseconds over 2^63 would overflow SQLite's integers: every such time is the
    loader's error (over a million hours), for the whole library to go on."""
    start = value if field == "start" else "0"
    end = f", end: {value}" if field == "end" else ""
    text = f"title: Bad\nchapters:\n- {{start: {start}{end}, title: x}}\n"
    assert listed(invoke, tmp_path, text) == (
        3,
        f"line 3: chapter 1 \"x\": bad '{field}': time too large: over a million hours "
        "(1000000:00:00)\n",
    )


class Picky(yaml.SafeLoader):
    """A loader that cannot build a mapping: an error of no scalar's making."""


def _no_mappings(loader: yaml.SafeLoader, node: yaml.Node) -> None:
    raise ValueError("no mappings here")


Picky.add_constructor("tag:yaml.org,2002:map", _no_mappings)


def test_an_error_of_no_scalar_is_still_one_line() -> None:
    """Where no scalar is to blame, none is named (and a tag without a builder of its
    own is passed over, not blamed)."""
    assert unbuildable("a: !local 1\nb: [2]\n", Picky) == "a value that cannot be read"
    assert unbuildable("a: !local 1\nb: !!int x\n", Picky) == (
        "line 2, column 4: 'x' is not an integer"
    )


def shared_bullets(chapters: int, bullets: int) -> str:
    """An episode whose chapters all share one list of bullets, each bullet the same
    1 KB of text: written once with anchors (&), then named by aliases (*)."""
    first = "[&s '" + "a" * 1000 + "'" + ", *s" * (bullets - 1) + "]"
    text = ["title: Laughs", "chapters:", f"- {{start: 0, title: c0, bullets: &b {first}}}"]
    text += [f"- {{start: {n}, title: c{n}, bullets: *b}}" for n in range(1, chapters)]
    return "\n".join(text) + "\n"


@pytest.mark.timeout(60)
def test_aliases_that_repeat_data_into_gigabytes(invoke: Invoke, tmp_path: Path) -> None:
    """Cheap to parse (the copies are shared), not to index or search: 2,000 chapters
    of 2,000 bullets of 1 KB, 4 GB of text, from a file of 93 KB."""
    text = shared_bullets(2000, 2000)
    assert len(text) == 92_808
    assert listed(invoke, tmp_path, text) == (
        3,
        "its aliases (*name) expand to more than 1 MiB of data from 92,808 bytes: "
        "refused as an alias bomb\n",
    )


def test_aliases_used_sparingly_are_fine(invoke: Invoke, tmp_path: Path) -> None:
    """Three bullets of 1 KB shared by 100 chapters: 300 KB from 4 KB."""
    (tmp_path / "shared.yaml").write_text(shared_bullets(100, 3), encoding="utf-8")
    result = invoke("search", "aaaa", "-f", str(tmp_path / "shared.yaml"))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.count("  • " + "a" * 10) == 0  # (long bullets are cut on screen)
    cyclic = "loop: &loop [*loop]\n" + GOOD  # a list inside itself, beside the episode
    (tmp_path / "cyclic.yaml").write_text(cyclic, encoding="utf-8")
    result = invoke("list", "-f", str(tmp_path / "cyclic.yaml"))
    assert (result.exit_code, lines(result.stdout)[0]) == (0, "Good")


@pytest.fixture(scope="module")
def large_yaml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A realistic chapters file of 2 MB: 120 episodes as bench/generate.py makes them."""
    rng = random.Random(7)  # noqa: S311 - made-up text, the same each run
    episodes = [episode_yaml(rng, number).splitlines() for number in range(120)]
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    path.write_text("episodes:\n" + "".join(
        "".join(("  - " if n == 0 else "    ") + line + "\n" for n, line in enumerate(text))
        for text in episodes
    ), encoding="utf-8")  # fmt: skip
    assert 1_900_000 < path.stat().st_size < 2_200_000
    return path


def peak_per_byte(size: int, work: Callable[[], object]) -> tuple[object, float]:
    tracemalloc.start()
    try:
        done = work()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return done, peak / size


def test_memory_per_byte_of_yaml_stays_under_10(large_yaml: Path) -> None:
    """Peak Python memory while a realistic chapters file is read into episodes, per
    byte of the file: about 7 (the parser's nodes and the data built from them; the
    text goes to the parser as bytes, not decoded first, which saves 3 more)."""
    raw = large_yaml.read_bytes()
    (found, errors), per_byte = peak_per_byte(len(raw), lambda: parse_file(raw, "large.yaml"))
    assert (len(found), errors) == (120, [])
    assert per_byte < 10


def test_memory_per_byte_of_indexing_stays_under_10(large_yaml: Path) -> None:
    """The same file read from disk and made into the index's rows (folded texts
    included): about 8. (Reading with a 64 MiB size hint set aside 64 MiB: 33 a byte.)"""
    read, per_byte = peak_per_byte(
        large_yaml.stat().st_size, lambda: reads.read_file((str(large_yaml), "large"))
    )
    assert (len(read.episodes), read.errors) == (120, [])  # type: ignore[attr-defined]
    assert per_byte < 10
