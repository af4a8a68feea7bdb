"""How reading grows with its input: every registered reader, and detection,
timed on hostile single lines and nested structures of 100 KB and of 1 MB.
Linear reading grows about 10x; a quadratic pattern would grow 100x.

    python bench/readers.py            # best of 3 runs of each
    python bench/readers.py --quick    # one run of each

Also prints each reader's memory per input byte on a realistic large file
(tracemalloc's peak over the text's size). The inputs are built here, and
tests/test_reader_bounds.py feeds the same ones to every reader under a time limit.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable

from chaptercli import formats
from chaptercli.errors import ChapterError
from chaptercli.model import Chapter, Episode
from chaptercli.times import format_fixed

SIZES = (100_000, 1_000_000)
MARKER = "MARKER-TITLE"


def hostile_lines(size: int) -> dict[str, str]:
    """One line of size characters for each kind of character a reader's patterns
    touch: runs a backtracking pattern would try every way of splitting."""

    def repeat(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "spaces between words": "a" + repeat(" ") + "b",
        "spaces then a time": "Title" + repeat(" ") + "0:00",
        "words then a time": repeat("a ") + "4:01",
        "digits": repeat("1"),
        "colons": repeat(":"),
        "digits and colons": repeat("0:"),
        "clock times": repeat("0:00 "),
        "times with fractions": repeat("00:00:00.000 "),
        "dashes": repeat("-"),
        "dashes and spaces": repeat("- "),
        "brackets": repeat("(["),
        "closing brackets": repeat(")]"),
        "arrows": repeat("-->"),
        "times and arrows": repeat("00:00.000-->"),
        "equals": repeat("="),
        "backslashes": repeat("\\"),
        "backslashes and equals": repeat("\\="),
        "quotes": repeat('"'),
        "less-than": repeat("<"),
        "tabs": repeat("\t"),
        "dots": repeat("."),
        "semicolons and hashes": repeat(";#"),
        "show words run together": repeat("PodcastLive"),
        "chapter keys": "CHAPTER" + repeat("0") + "=",
        "an endless declaration": "<?xml" + repeat(" ") + "?>",
        "bullets": repeat("- •"),
        "letters": repeat("a"),
    }


def nested(size: int) -> dict[str, str]:
    """Structures nested as deep as size allows: JSON, XML, YAML."""
    half = size // 2
    return {
        "deep JSON lists": "[" * half + "]" * half,
        "deep JSON objects": '{"chapters":' * (size // 13) + "1" + "}" * (size // 13),
        "deep XML": "<a>" * (size // 7) + "</a>" * (size // 7),
        "deep PSC": '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">'
        + "<x>" * (size // 7)
        + "</x>" * (size // 7)
        + "</psc:chapters>",
        "deep YAML flow": "chapters: " + "[" * half + "]" * half,
        "deep YAML block": "chapters:\n" + "- " * half + "x\n",
    }


def sample(name: str) -> str | None:
    """A small valid file of the format, with MARKER for the first title; None for
    a read-only format this file does not know."""
    if name in formats.writable_names():
        chapters = (Chapter(1, 0, 60_000, MARKER), Chapter(2, 60_000, 90_000, "b"))
        return formats.write(Episode("Episode", chapters, "Podcast"), name)
    if name == "ytdlp":
        chapters = [{"start_time": 0, "end_time": 60, "title": MARKER},
                    {"start_time": 60, "end_time": 90, "title": "b"}]  # fmt: skip
        return json.dumps(
            {"title": "Episode", "webpage_url": "https://e.org", "chapters": chapters}
        )
    if name == "ffprobe":
        return _probed([(0, 60_000, MARKER), (60_000, 90_000, "b")])
    if name == "pyscenedetect":
        return _scenes([(0, 60_000), (60_000, 90_000)]).replace("\n1,", f"\n{MARKER},", 1)
    return None


def _scenes(spans: list[tuple[int, int]]) -> str:
    """PySceneDetect's list-scenes CSV at 25 frames a second, as it writes it."""
    rows = [
        "Timecode List:," + ",".join(format_fixed(end) for _, end in spans[:-1]),
        "Scene Number,Start Frame,Start Timecode,Start Time (seconds),End Frame,End "
        "Timecode,End Time (seconds),Length (frames),Length (timecode),Length (seconds)",
    ]
    for n, (start, end) in enumerate(spans, 1):
        frames = (start // 40 + 1, end // 40, (end - start) // 40)
        rows.append(
            f"{n},{frames[0]},{format_fixed(start)},{start / 1000:.3f},{frames[1]},"
            f"{format_fixed(end)},{end / 1000:.3f},{frames[2]},"
            f"{format_fixed(end - start)},{(end - start) / 1000:.3f}"
        )
    return "\n".join(rows) + "\n"


def _probed(chapters: list[tuple[int, int | None, str]]) -> str:
    """ffprobe -show_chapters -of json, as it prints it."""
    items = [{"id": n, "time_base": "1/1000", "start": start, "start_time": f"{start / 1000:.6f}",
              "end": end, "end_time": f"{(end or 0) / 1000:.6f}", "tags": {"title": title}}
             for n, (start, end, title) in enumerate(chapters)]  # fmt: skip
    return json.dumps({"chapters": items}, indent=4)


def placed(name: str, line: str) -> dict[str, str]:
    """The line alone, as the first chapter's title in a valid file of the format,
    and after a valid file: so it reaches the reader's every stage."""
    texts = {"alone": line}
    valid = sample(name)
    if valid is not None:
        texts["as a title"] = valid.replace(MARKER, line, 1)
        texts["after a file"] = valid + line + "\n"
    return texts


def _episode(chapters: int) -> Episode:
    words = "Benchmarks vs real users: reasoning models, latency trade-offs and leaderboards"
    bullets = (words, words)
    return Episode(
        "A long episode",
        tuple(
            Chapter(n, (n - 1) * 61_001, n * 61_001, f"{n}. {words}", f"{words}. " * 3, bullets)
            for n in range(1, chapters + 1)
        ),
        podcast="A podcast",
        url="https://example.org/episode",
    )


def _file(name: str, episode: Episode) -> str:
    if name == "vorbiscomment" and len(episode.chapters) > 999:
        return formats.write(episode, "ogm")  # the same reader, past CHAPTER999
    if name in formats.writable_names():
        return formats.write(episode, name)
    if name == "ffprobe":
        return _probed([(c.start_ms, c.end_ms, c.title) for c in episode.chapters])
    if name == "pyscenedetect":
        return _scenes([(c.start_ms, c.end_ms or c.start_ms + 1) for c in episode.chapters])
    items = [{"start_time": c.start_ms / 1000, "end_time": (c.end_ms or 0) / 1000,
              "title": c.title} for c in episode.chapters]  # fmt: skip
    return json.dumps({"title": episode.title, "chapters": items}, indent=1)


def realistic(name: str, size: int) -> tuple[str, int]:
    """A large real-looking file of about size bytes, and its number of chapters: an
    episode of many chapters with summaries and bullets, in the format."""
    per_chapter = len(_file(name, _episode(100)).encode("utf-8")) / 100
    chapters = max(1, round(size / per_chapter))
    return _file(name, _episode(chapters)), chapters


def outcome(action: Callable[[], object]) -> str:
    try:
        action()
    except ChapterError:
        return "refused"
    return "read"


def seconds(action: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        outcome(action)
        best = min(best, time.perf_counter() - start)
    return best


def memory_per_byte(name: str, text: str) -> float:
    tracemalloc.start()
    try:
        outcome(lambda: formats.read(text, "big", name))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / len(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each")
    runs = 1 if parser.parse_args().quick else 3
    small, large = ({**hostile_lines(size), **nested(size)} for size in SIZES)
    print(f"{'reader':<11} {'100 KB, ms':>11} {'1 MB, ms':>10} {'growth':>7}  "
          f"{'slowest at 1 MB (ms, growth)':<48} {'bytes/byte':>10}")  # fmt: skip
    for name in [*formats.readable_names(), "(detect)"]:
        totals = [0.0, 0.0]
        slowest = (0.0, "", 0.0)
        for kind in small:
            for place, text in placed(name, small[kind]).items():
                big = placed(name, large[kind])[place]
                times = []
                for index, case in enumerate((text, big)):
                    if name == "(detect)":
                        times.append(seconds(lambda t=case: formats.detect(t, "x"), runs))
                    else:
                        times.append(seconds(lambda t=case, n=name: formats.read(t, "x", n), runs))
                    totals[index] += times[-1]
                if times[1] > slowest[0]:
                    slowest = (times[1], f"{kind}, {place}", times[1] / max(times[0], 1e-9))
        big = realistic(name, SIZES[1])[0] if name != "(detect)" else ""
        memory = f"{memory_per_byte(name, big):.1f}" if big else ""
        where = f"{slowest[1][:34]} ({slowest[0] * 1000:.0f}, {slowest[2]:.0f}x)"
        print(f"{name:<11} {totals[0] * 1000:>11.0f} {totals[1] * 1000:>10.0f} "
              f"{totals[1] / totals[0]:>6.1f}x  {where:<48} {memory:>10}")  # fmt: skip


if __name__ == "__main__":
    main()
