"""The index never answers with another file: each file is known by its resolved
path and trusted only while its stamp (device, inode, size, modification and change
times) holds; what cannot be read is never remembered.

Each case is a user's: `chapters list -f X` twice, with the change in between; the
second answer must be the new file's. The two files of a case have the same size
and modification time, which is all the index used to compare."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import index
from chaptercli.index import ingest
from chaptercli.library import load

OLD_NS = 1_577_836_800_000_000_000  # 2020-01-01: long before the index was built


def episode(title: str, chapter: str) -> str:
    return f'title: {title}\nchapters:\n- {{start: "0:00", title: {chapter}}}\n'


ALPHA, BRAVO = episode("Alpha", "First"), episode("Bravo", "Other")  # the same size


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every file had been still for longer than a clock's resolution when it
    was indexed (as when files change minutes or days apart): the stamp alone decides,
    and no file is confirmed by hashing its bytes."""
    monkeypatch.setattr(ingest, "RACY_NS", 0)


def make(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(OLD_NS, OLD_NS))
    return path


def title_listed(invoke: Invoke, *args: str) -> str:
    result = invoke("list", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout.splitlines()[0]


def same_size_and_mtime(one: Path, other: Path) -> bool:
    first, second = one.stat(), other.stat()
    return (first.st_size, first.st_mtime_ns) == (second.st_size, second.st_mtime_ns)


def test_a_copy_with_its_times_over_the_file(invoke: Invoke, tmp_path: Path) -> None:
    """`cp -p other.yaml episode.yaml`: the same inode, rewritten; size and mtime kept."""
    target = make(tmp_path / "lib" / "episode.yaml", ALPHA)
    other = make(tmp_path / "other.yaml", BRAVO)
    assert title_listed(invoke, "-f", str(target.parent)) == "Alpha"
    inode = target.stat().st_ino
    shutil.copy2(other, target)  # what cp -p does
    assert target.stat().st_ino == inode
    assert same_size_and_mtime(target, other)
    assert title_listed(invoke, "-f", str(target.parent)) == "Bravo"


def test_a_copy_with_its_times_moved_into_place(invoke: Invoke, tmp_path: Path) -> None:
    """`cp -p other.yaml tmp && mv tmp episode.yaml`: another inode under the name."""
    target = make(tmp_path / "lib" / "episode.yaml", ALPHA)
    other = make(tmp_path / "other.yaml", BRAVO)
    assert title_listed(invoke, "-f", str(target)) == "Alpha"
    shutil.copy2(other, tmp_path / "copy.yaml")
    os.replace(tmp_path / "copy.yaml", target)
    assert same_size_and_mtime(target, other)
    assert title_listed(invoke, "-f", str(target)) == "Bravo"


def test_a_symbolic_link_switched_to_another_file(invoke: Invoke, tmp_path: Path) -> None:
    alpha = make(tmp_path / "a" / "episode.yaml", ALPHA)
    bravo = make(tmp_path / "b" / "episode.yaml", BRAVO)
    link = tmp_path / "current.yaml"
    link.symlink_to(alpha)
    assert title_listed(invoke, "-f", str(link)) == "Alpha"
    (tmp_path / "new-link").symlink_to(bravo)
    os.replace(tmp_path / "new-link", link)  # ln -sfn: the link now names the other file
    assert same_size_and_mtime(alpha, bravo)
    assert title_listed(invoke, "-f", str(link)) == "Bravo"


def test_the_same_relative_path_from_another_directory(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path / "a" / "episode.yaml", ALPHA)
    make(tmp_path / "b" / "episode.yaml", BRAVO)
    monkeypatch.chdir(tmp_path / "a")
    assert title_listed(invoke, "-f", "episode.yaml") == "Alpha"
    monkeypatch.chdir(tmp_path / "b")
    assert title_listed(invoke, "-f", "episode.yaml") == "Bravo"
    assert title_listed(invoke, "-f", ".") == "Bravo"


def test_dev_stdin_is_whatever_file_it_is_now(tmp_path: Path) -> None:
    """`chapters list -f /dev/stdin < file`: the name stays, the file behind it changes.
    Real processes, each with its own standard input, and the index kept between them."""
    alpha = make(tmp_path / "alpha.yaml", ALPHA)
    bravo = make(tmp_path / "bravo.yaml", BRAVO)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = ("import sys; from chaptercli.index import ingest; ingest.RACY_NS = 0; "
            "from chaptercli.cli import main; sys.argv[0] = 'chapters'; main()")  # fmt: skip
    titles = []
    for path in (alpha, bravo, alpha):
        with path.open("rb") as stdin:
            done = subprocess.run([sys.executable, "-c", code, "list", "-f", "/dev/stdin"],
                                  stdin=stdin, env=env, capture_output=True, text=True,
                                  timeout=120, check=False)  # fmt: skip
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        titles.append(done.stdout.splitlines()[0])
    assert titles == ["Alpha", "Bravo", "Alpha"]


def refusing(monkeypatch: pytest.MonkeyPatch, path: Path, error: OSError) -> Callable[[], None]:
    """Make opening `path` fail as it would for another user after `chmod -r`, or
    for a file deleted between being looked at and being opened. The tests run as
    root, whom no permission stops, so the refusal is simulated where files are
    opened; what it returns gives the file back (`chmod +r`)."""
    real_open = os.open

    def failing(name: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if os.fspath(name) == str(path):
            raise error
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing)
    return lambda: monkeypatch.setattr(os, "open", real_open)


@pytest.mark.parametrize(
    ("error", "problem"),
    [(PermissionError(errno.EACCES, "Permission denied"), "cannot read: Permission denied"),
     (FileNotFoundError(errno.ENOENT, "No such file or directory"), "no such file")],
    ids=["permission-denied", "vanished-mid-read"],
)  # fmt: skip
def test_an_error_that_goes_away_is_not_remembered(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, problem: str
) -> None:
    alpha = make(tmp_path / "lib" / "alpha.yaml", ALPHA)
    make(tmp_path / "lib" / "bravo.yaml", BRAVO)
    give_back = refusing(monkeypatch, alpha, error)
    alone = invoke("list", "-f", str(alpha))
    assert (alone.exit_code, alone.stdout) == (2, "")
    assert alone.stderr == f"chapters: {alpha}: {problem}\n"
    both = invoke("episodes", "-f", str(alpha.parent))
    assert both.exit_code == 3  # done, but a file was skipped
    assert both.stderr == f"chapters: skipped: {alpha}: {problem}\n"
    assert [line.split()[1] for line in both.stdout.splitlines()[1:]] == ["Bravo"]
    give_back()
    assert title_listed(invoke, "-f", str(alpha)) == "Alpha"
    again = invoke("episodes", "-f", str(alpha.parent))
    assert (again.exit_code, again.stderr) == (0, "")
    assert [line.split()[1] for line in again.stdout.splitlines()[1:]] == ["Alpha", "Bravo"]


@pytest.mark.parametrize("racy", [False, True], ids=["chmod", "within-the-clock"])
def test_a_file_made_unreadable_is_not_answered_from_the_index(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, racy: bool
) -> None:
    """`chmod -r` once the file is indexed: its change time moves (a real chmod here), so
    its stamp no longer holds. Or, within the clock's resolution of being indexed, no time
    moves but the file is hashed to be sure, and cannot be read for that either."""
    alpha = make(tmp_path / "alpha.yaml", ALPHA)
    assert title_listed(invoke, "-f", str(alpha)) == "Alpha"
    if racy:
        monkeypatch.setattr(ingest, "RACY_NS", 10**18)
    else:
        alpha.chmod(0)
    refusing(monkeypatch, alpha, PermissionError(errno.EACCES, "Permission denied"))
    result = invoke("list", "-f", str(alpha))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"chapters: {alpha}: cannot read: Permission denied\n"


def test_a_file_named_twice_is_one_file(invoke: Invoke, tmp_path: Path) -> None:
    """Through a link and by its own name, relative and absolute: one file, listed once,
    stored once, under its resolved path."""
    alpha = make(tmp_path / "lib" / "alpha.yaml", ALPHA)
    (tmp_path / "link.yaml").symlink_to(alpha)
    os.chdir(tmp_path)
    result = invoke("episodes", "-f", "lib/alpha.yaml", "-f", "link.yaml", "-f", str(alpha))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:] == ["1           Alpha         1       —  lib/alpha.yaml"]
    db = sqlite3.connect(index.index_path())
    assert db.execute("SELECT path FROM files").fetchall() == [(os.path.realpath(alpha),)]


def test_times_beyond_2262_fit_in_the_index(invoke: Invoke, tmp_path: Path) -> None:
    """Nanoseconds since 1970 pass 2^63 in 2262, beyond SQLite's integers: a file
    dated 2300 (inodes can be as large) is still indexed, and trusted while unchanged."""
    alpha = make(tmp_path / "lib" / "alpha.yaml", ALPHA)
    later = 10_413_792_000 * 10**9  # 2300-01-01
    os.utime(alpha, ns=(later, later))
    assert alpha.stat().st_mtime_ns > 2**63
    assert title_listed(invoke, "-f", str(alpha.parent)) == "Alpha"
    assert title_listed(invoke, "-f", str(alpha.parent)) == "Alpha"
    trusted = load([alpha.parent])
    trusted.close()
    assert trusted.parsed == []
