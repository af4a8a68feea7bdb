"""Transcript search at scale, as ratios (issue 14's targets).

    python bench/transcripts.py            # medians of 5 runs (3 for cold runs)
    python bench/transcripts.py --quick    # fewer runs

Writes the synthetic library of bench/generate.py (1000 episodes) and gives each
episode a one-hour WebVTT transcript of about 9,000 words (900 cues of 10 words,
4 s each, two speakers), named by `transcript:` in its YAML. Then, as whole
commands a person waits for:

- warm transcript search (`search WORD --in transcript`, the index built) ÷ `convert`
  (target ≤ 2);
- cold transcript search (no index) ÷ parsing the same files: the YAML with
  PyYAML's C loader and the transcripts with webvtt-py (target ≤ 1.5).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import FILLER, NAMES, TOPICS, generate
from run import CHAPTERS, PYTHON, machine, wall

WORD = "distillation"
CUES = 900  # 4 s each: an hour
WORDS_PER_CUE = 10


def seconds(
    command: list[str], env: dict[str, str], runs: int, before: Callable[[], None] | None = None
) -> float:
    """The median time of `runs` runs, after one unmeasured run (warming the OS caches)."""
    times = []
    for run in range(runs + 1):
        if before:
            before()
        if run or before is None:
            times.append(wall(command, env))
    return statistics.median(times[-runs:])


def clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def transcript(rng: random.Random) -> str:
    speakers = rng.sample(NAMES, 2)
    blocks = ["WEBVTT\n"]
    for number in range(CUES):
        words = [rng.choice(TOPICS) if rng.random() < 0.02 else rng.choice(FILLER)
                 for _ in range(WORDS_PER_CUE)]  # fmt: skip
        start = number * 4000
        blocks.append(f"{clock(start)} --> {clock(start + 4000)}\n"
                      f"<v {speakers[number // 20 % 2]}>{' '.join(words)}\n")  # fmt: skip
    return "\n".join(blocks)


def with_transcripts(directory: Path, count: int) -> int:
    """The library, each episode with its transcript; the transcripts' bytes."""
    rng = random.Random(14)
    size = 0
    for path in generate(directory, count):
        vtt = path.with_suffix(".vtt")
        size += vtt.write_text(transcript(rng), encoding="utf-8")
        with path.open("a", encoding="utf-8") as episode:
            episode.write(f"transcript: {vtt.name}\n")
    return size


def parse_all(directory: Path) -> list[str]:
    code = (
        "import pathlib, yaml, webvtt\n"
        f"for p in sorted(pathlib.Path({str(directory)!r}).rglob('*.yaml')):\n"
        "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
        "    list(webvtt.read(str(p.with_suffix('.vtt'))))\n"
    )
    return [PYTHON, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--episodes", type=int, default=1000)
    args = parser.parse_args()
    runs, cold_runs = (3, 1) if args.quick else (5, 3)
    with tempfile.TemporaryDirectory(prefix="chaptercli-bench-") as scratch:
        root = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k not in ("CHAPTERS_PATH", "NO_COLOR")}
        env["XDG_CACHE_HOME"] = str(root / "cache")
        library = root / "library"
        size = with_transcripts(library, args.episodes)
        search = [CHAPTERS, "search", WORD, "--in", "transcript", "-f", str(library)]
        found = subprocess.run([*search, "--json"], env=env, capture_output=True, text=True,
                               check=False).stdout.count('"field": "transcript"')  # fmt: skip
        convert = seconds([CHAPTERS, "convert", "1:02:45"], env, runs)

        def clear_cache() -> None:
            shutil.rmtree(root / "cache", ignore_errors=True)

        cold = seconds(search, env, cold_runs, before=clear_cache)
        subprocess.run(search, env=env, stdout=subprocess.DEVNULL, check=False)  # index it
        warm = seconds(search, env, runs)
        parse = seconds(parse_all(library), env, cold_runs)

    def ms(value: float) -> str:
        return f"{value * 1000:.0f} ms"

    print(f"machine: {machine()}")
    print(f"{args.episodes} episodes, transcripts {size / 1e6:.0f} MB, {found} matches "
          f"for {WORD!r}; medians of {runs} ({cold_runs} cold)\n")  # fmt: skip
    figures = [
        ("warm transcript search ÷ convert", warm / convert, 2.0, ms(warm), ms(convert)),
        ("cold transcript search ÷ parse", cold / parse, 1.5, ms(cold), ms(parse)),
    ]
    for name, value, target, mine, base in figures:
        verdict = "met" if value <= target else "MISSED"
        print(f"{name:<34} {value:>7.2f}  ≤ {target:g}  {verdict:<6} {mine} vs {base}")


if __name__ == "__main__":
    main()
