"""How fast `chapters` feels, as ratios that hold from one machine to the next.

    python bench/run.py            # medians of 15 runs (5 for first runs)
    python bench/run.py --quick    # fewer runs, for a rough look

Runs the `chapters` installed beside this Python, on the bundled episode and on
synthetic libraries (bench/generate.py) of 10, 100 and 1000 episodes, with its
own cache directory. Each figure is a median of wall-clock times of whole
commands, as a person waits for them.
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
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

PYTHON = sys.executable
CHAPTERS = str(Path(sys.executable).parent / "chapters")
FLOOR = [PYTHON, "-c", "import typer, rich.console, rich.table, yaml"]
WORD = "distillation"


def parse_all(directory: Path) -> list[str]:
    code = (
        "import pathlib, yaml\n"
        f"for p in sorted(pathlib.Path({str(directory)!r}).rglob('*.yaml')):\n"
        "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
    )
    return [PYTHON, "-c", code]


def seconds(command: list[str], env: dict[str, str], runs: int, before: object = None) -> float:
    """The median wall time of a command, after one unmeasured warm-up run."""
    times = []
    for run in range(runs + 1):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)  # fmt: skip
        if run:  # the first run warms the OS caches and writes bytecode
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_kb(command: list[str], env: dict[str, str]) -> int:
    """The largest resident size of the command (children included), in KiB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([PYTHON, "-c", probe, *command], env=env, capture_output=True,
                         text=True, check=True)  # fmt: skip
    return int(out.stdout)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs, cold_runs = (5, 3) if args.quick else (15, 5)
    if not Path(CHAPTERS).exists():
        sys.exit(f"no `chapters` beside {PYTHON}: install chaptercli into this environment")

    with tempfile.TemporaryDirectory(prefix="chaptercli-bench-") as scratch:
        root = Path(scratch)
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONDONTWRITEBYTECODE", "CHAPTERS_PATH", "NO_COLOR")}  # fmt: skip
        env["XDG_CACHE_HOME"] = str(root / "cache")
        cache = root / "cache"

        def clear_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        floor = seconds(FLOOR, env, runs)
        listing = seconds([CHAPTERS, "list"], env, runs)
        convert = seconds([CHAPTERS, "convert", "1:02:45"], env, runs)

        growth = []
        for count in (10, 100, 1000):
            library = root / f"library-{count}"
            generate(library, count)
            size = sum(p.stat().st_size for p in library.rglob("*.yaml"))
            search = [CHAPTERS, "search", WORD, "-f", str(library)]
            matches = subprocess.run(
                [*search, "--json", "--no-cache"], env=env, capture_output=True, text=True,
                check=False,
            ).stdout.count('"field"')  # fmt: skip
            cold = seconds(search, env, cold_runs, before=clear_cache)
            subprocess.run(search, env=env, stdout=subprocess.DEVNULL, check=False)  # index it
            warm = seconds(search, env, runs)
            parse = seconds(parse_all(library), env, cold_runs)
            growth.append((count, size, matches, parse, cold, warm))
        count, size, matches, parse, cold, warm = growth[-1]
        memory = peak_kb([CHAPTERS, "search", WORD, "-f", str(root / "library-1000")], env)

    def ms(value: float) -> str:
        return f"{value * 1000:.0f} ms"

    figures = [
        ("1. chapters list ÷ import floor", listing / floor, 1.3,
         f"{ms(listing)} vs {ms(floor)}"),
        ("2. chapters convert ÷ import floor", convert / floor, 1.0,
         f"{ms(convert)} vs {ms(floor)}"),
        ("3. warm search (N=1000) ÷ convert", warm / convert, 1.5, f"{ms(warm)} vs {ms(convert)}"),
        ("4. cold search (N=1000) ÷ YAML parse", cold / parse, 1.2, f"{ms(cold)} vs {ms(parse)}"),
        ("5. peak memory, warm search (N=1000)", memory / 1024, 150, f"{memory / 1024:.0f} MB"),
    ]  # fmt: skip
    print(f"machine: {machine()}")
    print(f"runs: median of {runs} ({cold_runs} for cold runs and parsing)\n")
    print(f"{'figure':<40} {'value':>7} {'target':>8}  {'':<6} measured")
    for name, value, target, detail in figures:
        verdict = "met" if value <= target else "MISSED"
        print(f"{name:<40} {value:>7.2f} {'≤ ' + format(target, 'g'):>8}  {verdict:<6} {detail}")
    print(f"\nsearch for {WORD!r} as the library grows:")
    print(f"{'episodes':>8} {'YAML':>8} {'matches':>8} {'parse':>8} {'cold':>8} {'warm':>8}")
    for count, size, matches, parse, cold, warm in growth:
        print(f"{count:>8} {size / 1e6:>6.1f}MB {matches:>8} {ms(parse):>8} {ms(cold):>8} "
              f"{ms(warm):>8}")  # fmt: skip


if __name__ == "__main__":
    main()
