"""What a library of 100,000 episodes costs, without writing 1.6 GB of YAML: the
10,000-episode library linked ten times over (hard links: the same files under
other names, so the walk and the stat are real), and its index rows copied to
match, as the index would have stored them had it read every file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

COPIES = 10
WORD = "distillation"


def _link(big: Path, into: Path) -> None:
    for copy in range(COPIES):
        for source in big.rglob("*.yaml"):
            target = into / f"copy-{copy}" / source.relative_to(big)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)


def _rows(index: Path, big: Path, into: Path) -> None:
    """The 10,000 files' rows, once for each copy: ids moved on by a copy's worth of
    files, paths and stamps those of the links (they share the originals' inodes)."""
    db = sqlite3.connect(index, isolation_level=None)
    db.execute("BEGIN")
    files = db.execute("SELECT max(id) FROM files").fetchone()[0]
    db.execute("DELETE FROM fts_texts")  # --rank is left out: its table is built on first use
    db.execute("INSERT INTO texts_fts(texts_fts) VALUES ('delete-all')")
    db.execute("UPDATE files SET ranked = 0")
    for copy in range(1, COPIES):
        shift, rows = copy * files, (copy * files) << 32
        db.execute("INSERT INTO files SELECT id + ?, path || ?, stamp, digest, indexed_ns, errors, "
                   "ranked FROM files WHERE id <= ?", (shift, f"#{copy}", files))  # fmt: skip
        for table in ("episodes", "checks", "chapters", "folds"):
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            ids = [name for name in columns if name in ("id", "episode_id", "first_chapter")]
            moved = ", ".join(f"{name} + ?" if name in ids else name for name in columns)
            # Names from the index's own schema: nothing from outside reaches the SQL.
            sql = f"INSERT INTO {table} SELECT {moved} FROM {table} WHERE id < ?"  # noqa: S608
            db.execute(sql, (*[rows] * len(ids), (files + 1) << 32))
        db.execute("INSERT INTO words (rowid, folded) SELECT id, folded FROM folds WHERE id > ?",
                   (rows,))  # fmt: skip
    time.sleep(2.1)  # the links changed the files' times: now they are past the racy window
    now = time.time_ns()
    for file_id, path in db.execute("SELECT id, path FROM files").fetchall():
        original, _, copy = path.partition("#")
        link = into / f"copy-{copy or 0}" / Path(original).relative_to(big)
        status = link.stat()
        stamp = (f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}:"
                 f"{status.st_ctime_ns}")  # fmt: skip
        db.execute("UPDATE files SET path = ?, stamp = ?, indexed_ns = ? WHERE id = ?",
                   (str(link), stamp, now, file_id))  # fmt: skip
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def project(root: Path, big: Path, env: dict[str, str], runs: int) -> str:
    """The projection's figures, as lines to print."""
    chapters = str(Path(sys.executable).parent / "chapters")
    into = root / "lib-100000"
    cache = root / "cache-100000"
    started = time.perf_counter()
    _link(big, into)
    shutil.copytree(Path(env["XDG_CACHE_HOME"]), cache)
    index = next(cache.rglob("index-*.sqlite"))
    _rows(index, big, into)
    made = time.perf_counter() - started
    big_env = {**env, "XDG_CACHE_HOME": str(cache)}

    def median(command: list[str]) -> float:
        subprocess.run(command, env=big_env, capture_output=True, check=False)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, env=big_env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    search = median([chapters, "search", WORD, "-f", str(into)])
    episodes = median([chapters, "episodes", "-f", str(into)])
    at = median([chapters, "at", "45:00", "-f", str(into)])
    show = median([chapters, "show", "3", "--episode", "12", "-f", str(into)])
    convert = median([chapters, "convert", "1:02:45"])
    grep = median(["grep", "-ri", WORD, str(into)])
    size = sum(p.stat().st_size for p in cache.rglob("*")) / 1e6
    return "\n".join([
        f"100,000 episodes (the 10,000 linked {COPIES} times, index rows copied: "
        f"made in {made:.0f} s instead of reading 1.6 GB of YAML):",
        f"  warm search {search:.2f} s (grep -ri {grep:.2f} s), episodes {episodes:.2f} s, "
        f"at 45:00 {at:.2f} s, show 3 --episode 12 {show:.2f} s; convert {convert:.2f} s",
        f"  index {size:.0f} MB; a first run reads every file: about ten times the "
        "10,000-episode first run above",
    ])  # fmt: skip
