"""A library of media files, cold and warm, beside `convert` and beside mutagen alone.

    python bench/media.py            # 1000 MP3 and 1000 M4B files
    python bench/media.py --count 200

One 4-second MP3 and one M4B with 5 chapters are made with ffmpeg, then copied
COUNT times each with its own title (mutagen), into a temporary directory. Times
`chapters episodes -f DIR` with an empty index (cold: every file read, an ffprobe
for each M4B's chapter track, in worker processes) and again (warm: the index),
`chapters convert 1:00` (the floor of any command), and mutagen alone reading the
same tags in one process (the MP3s' CHAP frames, the M4Bs' chpl). Wall-clock medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHAPTERS = str(Path(sys.executable).parent / "chapters")
META = ";FFMETADATA1\ntitle=Bench\nalbum=Bench Pod\n" + "".join(
    f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={n * 800}\nEND={(n + 1) * 800}\ntitle=Part {n + 1}\n"
    for n in range(5)
)


def make(directory: Path, count: int) -> None:
    meta = directory / "meta.txt"
    meta.write_text(META)
    for ext in ("mp3", "m4b"):
        first = directory / f"first.{ext}"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=4",
                        "-i", str(meta), "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
                        "-ac", "1", "-b:a", "24k", str(first)], check=True)  # fmt: skip
        for number in range(count):
            shutil.copy(first, directory / "library" / f"{ext}-{number:04d}.{ext}")
        first.unlink()
    meta.unlink()


def timed(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


MUTAGEN_ALONE = """
import pathlib, sys
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    if path.suffix == ".mp3":
        [f.sub_frames for f in ID3(path).getall("CHAP")]
    else:
        list(MP4(path).chapters)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        library = root / "library"
        library.mkdir()
        make(root, options.count)
        env = dict(os.environ, XDG_CACHE_HOME=str(root / "cache"))
        episodes = [CHAPTERS, "episodes", "-f", str(library)]
        cold = []
        for _ in range(max(1, options.runs // 2)):
            shutil.rmtree(root / "cache", ignore_errors=True)
            cold.append(timed(episodes, env, 1))
        warm = timed(episodes, env, options.runs)
        convert = timed([CHAPTERS, "convert", "1:00"], env, options.runs)
        alone = timed([sys.executable, "-c", MUTAGEN_ALONE, str(library)], env, options.runs)
    files = 2 * options.count
    first = statistics.median(cold)
    print(f"{options.count} MP3 + {options.count} M4B files, {os.cpu_count()} cores")
    print(f"cold   chapters episodes  {first:7.2f} s")
    print(f"warm   chapters episodes  {warm:7.2f} s   ({warm / convert:.1f}x convert)")
    print(f"       chapters convert   {convert:7.2f} s")
    print(
        f"       mutagen alone      {alone:7.2f} s   (cold is {first / alone:.1f}x; {files} files)"
    )


if __name__ == "__main__":
    main()
