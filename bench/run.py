"""How fast `chapters` is on libraries of 10 to 10,000 episodes, as ratios that hold
from one machine to the next.

    python bench/run.py            # 7 pairs of runs a figure (3 for first runs)
    python bench/run.py --quick    # 3 pairs (1 for first runs), no 100,000 projection

Runs the `chapters` installed beside this Python on synthetic libraries
(bench/generate.py) with caches of its own. Each ratio is measured pair by pair:
the command and its reference run one after the other, so that a machine busy
with other work slows both; the figure is the median of the pairs' ratios, with
their least and greatest. Times are whole commands, as a person waits for them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from projection import project

PYTHON = sys.executable
CHAPTERS = str(Path(sys.executable).parent / "chapters")
FLOOR = [PYTHON, "-c", "import typer, rich.console, rich.table, yaml"]  # what starting costs
WORD = "distillation"
SIZES = (10, 100, 1000, 10000)


def parse_all(directory: Path) -> list[str]:
    """The reference for a first run: reading and parsing every file, nothing more."""
    code = (
        "import pathlib, sys, yaml\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
        "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
    )
    return [PYTHON, "-c", code, str(directory)]


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)  # fmt: skip
    return time.perf_counter() - start


class Figure:
    """One measured ratio: the pairs' ratios, and each side's median time."""

    def __init__(self, name: str, target: float, pairs: list[tuple[float, float]]) -> None:
        self.name, self.target = name, target
        ratios = [a / b for a, b in pairs]
        self.value = statistics.median(ratios)
        self.low, self.high = min(ratios), max(ratios)
        self.times = statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)

    def named(self, name: str, target: float) -> Figure:
        self.name, self.target = name, target
        return self

    def line(self) -> str:
        verdict = "met" if self.value <= self.target else "MISSED"
        spread = f"{self.low:.2f}–{self.high:.2f}"
        detail = f"{ms(self.times[0])} vs {ms(self.times[1])}"
        target = f"≤ {self.target:g}"
        return f"{self.name:<46} {self.value:>6.2f} {spread:>11} {target:>6}  {verdict:<6} {detail}"


def paired(
    command: list[str], env: dict[str, str], reference: list[str], ref_env: dict[str, str],
    runs: int, before: Callable[[], None] | None = None,
) -> list[tuple[float, float]]:  # fmt: skip
    """Times of the command and of its reference, run one after the other, `runs`
    times, after one unmeasured run of each (warming the OS caches and bytecode)."""
    pairs = []
    for run in range(runs + 1):
        if before:
            before()
        first = wall(command, env)
        second = wall(reference, ref_env)
        if run:
            pairs.append((first, second))
    return pairs


def peak_mb(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """The largest resident size of the command (children included): median, least, most."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    sizes = []
    for _ in range(runs):
        probed = subprocess.run([PYTHON, "-c", probe, *command], env=env, capture_output=True,
                                text=True, check=True)  # fmt: skip
        sizes.append(int(probed.stdout) / 1024)
    return statistics.median(sizes), min(sizes), max(sizes)


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, typer {version('typer')}, rich {version('rich')}, "
        f"PyYAML {version('pyyaml')}, SQLite {sqlite3.sqlite_version}"
    )


def table_costs(cache: Path) -> tuple[float, float]:
    """Seconds to build the word table of an index (as a first run does), and what a
    trigram table of the same folded texts would take instead."""
    index = next(cache.rglob("index-*.sqlite"))
    db = sqlite3.connect(":memory:")
    db.execute("ATTACH ? AS built", (str(index),))
    db.execute("CREATE TABLE folds AS SELECT id, folded FROM built.folds")
    costs = []
    for tokenizer in ("ascii", "trigram"):
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(folded, content='folds', "
                   f"content_rowid='id', tokenize='{tokenizer}', detail='none')")  # fmt: skip
        start = time.perf_counter()
        db.execute("INSERT INTO t(t) VALUES ('rebuild')")
        costs.append(time.perf_counter() - start)
        db.execute("DROP TABLE t")
    return costs[0], costs[1]


def main() -> None:  # noqa: PLR0915 - one run, figure after figure
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no projection")
    args = parser.parse_args()
    runs, cold_runs = (3, 1) if args.quick else (7, 3)
    if not Path(CHAPTERS).exists():
        sys.exit(f"no `chapters` beside {PYTHON}: install chaptercli into this environment")

    with tempfile.TemporaryDirectory(prefix="chaptercli-bench-") as scratch:
        root = Path(scratch)
        base = {k: v for k, v in os.environ.items()
                if k not in ("PYTHONDONTWRITEBYTECODE", "CHAPTERS_PATH", "NO_COLOR")}  # fmt: skip

        def env_for(name: str) -> dict[str, str]:
            return {**base, "XDG_CACHE_HOME": str(root / name)}

        convert = [CHAPTERS, "convert", "1:02:45"]
        plain = env_for("none")
        starting = [
            Figure("12. chapters list ÷ import floor", 1.3,
                   paired([CHAPTERS, "list"], plain, FLOOR, plain, runs)),
            Figure("13. chapters convert ÷ import floor", 1.0,
                   paired(convert, plain, FLOOR, plain, runs)),
        ]  # fmt: skip

        def search(count: int, *more: str) -> list[str]:
            return [CHAPTERS, "search", WORD, "-f", str(root / f"lib-{count}"), *more]

        growth = []
        for count in SIZES:
            library = root / f"lib-{count}"
            generate(library, count)
            own = env_for(f"cache-{count}")
            size = sum(p.stat().st_size for p in library.rglob("*.yaml"))
            lines = subprocess.run(search(count), env=own, capture_output=True, text=True,
                                   check=False).stdout.count("\n")  # fmt: skip

            def clear(name: str = f"cache-{count}") -> None:
                shutil.rmtree(root / name, ignore_errors=True)

            cold = Figure("cold", 1.2, paired(search(count), own, parse_all(library), plain,
                                              cold_runs, before=clear))  # fmt: skip
            subprocess.run(search(count), env=own, capture_output=True, check=False)  # index it
            warm = Figure("warm", 1.0, paired(search(count), own, convert, plain, runs))
            growth.append((count, size, lines, cold, warm))
        by_size = {row[0]: row for row in growth}
        big, own_big = root / "lib-10000", env_for("cache-10000")

        grep = Figure(f"2. warm search, N=10,000 ÷ grep -ri {WORD}", 1.0, paired(
            search(10000), own_big, ["grep", "-ri", WORD, str(big)], plain, runs))  # fmt: skip
        shared = env_for("cache-shared")
        for count in (10000, 1000):
            subprocess.run(search(count), env=shared, capture_output=True, check=False)
        sharing = Figure("3. warm search, N=1,000, sharing ÷ own index", 1.1, paired(
            search(1000), shared, search(1000), env_for("cache-1000"), runs))  # fmt: skip
        memory = peak_mb(search(10000), own_big, runs)
        built, trigram = table_costs(root / "cache-1000")

        def against_convert(name: str, *command: str) -> Figure:
            full = [CHAPTERS, *command, "-f", str(big)]
            # One run first: it builds what it needs (the ranked table, for --rank).
            subprocess.run(full, env=own_big, capture_output=True, check=False)
            return Figure(name, 3.0, paired(full, own_big, convert, plain, runs))

        others = [
            against_convert("6. episodes ÷ convert (N=10,000)", "episodes"),
            against_convert("7. at 45:00 ÷ convert", "at", "45:00"),
            against_convert("8. show 3 --episode 12 ÷ convert", "show", "3", "--episode", "12"),
            against_convert("9. list --episode 12 ÷ convert", "list", "--episode", "12"),
            against_convert("10. search optimize --rank ÷ convert", "search", "optimize", "--rank"),
        ]
        check = [CHAPTERS, "check", "-f", str(big)]
        subprocess.run(check, env=own_big, capture_output=True, check=False)
        checked = Figure("11. check -f DIR, unchanged ÷ warm search", 1.5,
                         paired(check, own_big, search(10000), own_big, runs))  # fmt: skip
        index_mb = {count: sum(p.stat().st_size for p in (root / f"cache-{count}").rglob("*"))
                    / 1e6 for count in SIZES}  # fmt: skip
        projected = None if args.quick else project(root, big, own_big, runs)

    print(f"machine: {machine()}")
    print(f"runs: median of {runs} pairs ({cold_runs} for first runs), least–most in between\n")
    print(f"{'figure':<46} {'ratio':>6} {'spread':>11} {'target':>6}  {'':<6} measured")
    print(by_size[1000][4].named("1. warm search, N=1,000 ÷ convert", 1.3).line())
    print(grep.line())
    print(sharing.line())
    print(by_size[1000][3].named("4. cold search, N=1,000 ÷ parsing (CSafeLoader)", 1.2).line())
    verdict = "met" if memory[0] <= 60 else "MISSED"
    spread = f"{memory[1]:.0f}–{memory[2]:.0f}"
    print(f"{'5. peak memory, warm search, N=10,000':<46} {memory[0]:>6.0f} {spread:>11} "
          f"{'≤ 60':>6}  {verdict:<6} MB")  # fmt: skip
    for figure in others:
        print(figure.line())
    print(checked.line())
    for figure in starting:
        print(figure.line())
    print(by_size[10000][3].named("   cold search, N=10,000 ÷ parsing", 1.2).line())
    first = by_size[1000][3].times[0]
    print(f"\nthe word table in a first run at N=1,000: {ms(built)} of {ms(first)}; "
          f"a trigram table of the same texts: {ms(trigram)}")  # fmt: skip
    print(f"\nsearch for {WORD!r} as the library grows (medians; index: its size on disk):")
    print(f"{'episodes':>8} {'YAML':>8} {'lines':>7} {'parse':>8} {'cold':>8} {'warm':>8} "
          f"{'convert':>8} {'index':>8}")  # fmt: skip
    for count, size, lines, cold, warm in growth:
        print(f"{count:>8} {size / 1e6:>6.1f}MB {lines:>7} {ms(cold.times[1]):>8} "
              f"{ms(cold.times[0]):>8} {ms(warm.times[0]):>8} {ms(warm.times[1]):>8} "
              f"{index_mb[count]:>6.1f}MB")  # fmt: skip
    if projected:
        print(f"\n{projected}")


if __name__ == "__main__":
    main()
