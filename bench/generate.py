"""A synthetic library: N episodes of 15 chapters, each with a summary and 5 bullets.

    python bench/generate.py DIR N

N=1000 writes about 16 MB of YAML. The text is random but deterministic (seeded), with
the typography of real show notes (’ “ ” —) and a vocabulary of a few hundred
topics, in which "distillation" is one: it turns up in about 1 text in 100.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SHOWS = ["Signal Path Podcast", "The Long Context Show", "Weights & Biases Hour",
         "Frontier Radio", "Open Models Cast"]  # fmt: skip
TOPICS = (  # noqa: SIM905 - a word list reads best as text
    "distillation inference latency benchmarks reasoning agents compute datacenter energy "
    "chips export controls multimodality open-source licensing alignment safety evaluation "
    "tokenizer pretraining finetuning reinforcement feedback memory retrieval search "
    "ranking advertising personalization privacy regulation governance startups hiring "
    "productivity robotics glasses voice translation coding compilers databases networking "
    "security optimization quantization sparsity mixture experts scaling laws curriculum "
    "synthetic data"
).split()
FILLER = (  # noqa: SIM905
    "the a and of to in that it is was for on are with as they be at one have this from by "
    "but not what all were we when your can said there use each which she do how their if "
    "will up other about out many then them these so some her would make like him into time "
    "has look two more write go see number no way could people my than first water been "
    "call who oil its now find long down day did get come made may part argues explains "
    "describes suggests warns predicts recalls compares questions challenges frames notes"
).split()
# Real show notes range over hundreds of topics; invented jargon fills the list out,
# so that one topic word ("distillation") is in about one text in a hundred.
SYLLABLES = ["ka", "lo", "mi", "ner", "tor", "vex", "qua", "zen", "rid", "pho", "lum", "sta"]
TOPICS += sorted({"".join(random.Random(n).choices(SYLLABLES, k=3)) + "ics" for n in range(400)})
NAMES = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger"]


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(TOPICS) if rng.random() < 0.12 else rng.choice(FILLER)
              for _ in range(words)]  # fmt: skip
    if rng.random() < 0.3:
        chosen[rng.randrange(words)] = f"“{rng.choice(TOPICS)}”"
    if rng.random() < 0.3:
        chosen[rng.randrange(words)] = f"{rng.choice(NAMES)}’s"
    text = " ".join(chosen)
    return text[0].upper() + text[1:]


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def episode_yaml(rng: random.Random, number: int) -> str:
    lines = [
        f"podcast: {quoted(rng.choice(SHOWS))}",
        f"title: {quoted(f'Episode {number}: {sentence(rng, 6)} — with {rng.choice(NAMES)}')}",
        "chapters:",
    ]
    start = 0
    for _ in range(15):
        length = rng.randint(120, 900)
        lines += [
            f'  - start: "{start // 3600}:{start // 60 % 60:02d}:{start % 60:02d}"',
            f"    title: {quoted(sentence(rng, 9))}",
            f"    summary: {quoted(' '.join(sentence(rng, 18) + '.' for _ in range(4)))}",
            "    bullets:",
            *(f"      - {quoted(sentence(rng, 16))}" for _ in range(5)),
        ]
        start += length
    lines.append(f'duration: "{start // 3600}:{start // 60 % 60:02d}:{start % 60:02d}"')
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int = 42) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for number in range(1, count + 1):
        show = directory / f"show-{number % 5}"
        show.mkdir(parents=True, exist_ok=True)
        path = show / f"episode-{number:04d}.yaml"
        path.write_text(episode_yaml(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    written = generate(target, count)
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} episodes, {size / 1e6:.1f} MB in {target}")
