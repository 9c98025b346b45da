"""Made-up packs and questions for the benchmark: deterministic, written as real YAML.

`write_pack(folder, intents=N)` writes N intents of `patterns` patterns each, over a
vocabulary whose word frequencies follow Zipf's law (as words in real patterns do), and
returns questions drawn from those patterns with typos, dropped and added words.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

# Syllables to build pronounceable made-up words; a fixed seed makes every run the same.
_SYLLABLES = ["ka", "lo", "mi", "ser", "tan", "vo", "rel", "qu", "din", "pra", "shu", "bel", "nor", "fi", "gat"]
SEED = 20261127
# libyaml's writer where PyYAML has it: a million patterns take minutes in pure Python.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    # Words of 2 to 4 syllables number about 54,000; a bigger vocabulary takes words of 5 too
    # (a smaller one is made exactly as before, so a pack of a given size never changes).
    longest = 4 if size <= 40_000 else 5
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, longest)))] = None
    return list(words)


def _zipf_pick(rng: random.Random, words: list[str]) -> str:
    # Rank r is drawn with weight ~1/r: a few words are everywhere, most are rare.
    return words[min(len(words) - 1, int(len(words) ** rng.random()) - 1)]


def perturb(rng: random.Random, text: str) -> str:
    """A question as people type it: a typo, a dropped word or an extra one, now and then."""
    words = text.split()
    roll = rng.random()
    if roll < 0.3 and words:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap two letters
    elif roll < 0.5 and len(words) > 3:
        words.pop(rng.randrange(len(words)))
    elif roll < 0.7:
        words.insert(rng.randrange(len(words) + 1), rng.choice(["please", "exactly", "really", "so"]))
    return " ".join(words) + rng.choice(["", "?", "!", " ?"])


def write_pack(folder: Path, intents: int, patterns: int = 20, questions: int = 300, files: int = 10) -> list[str]:
    """Write intents/ (in `files` files, as an author would split a big pack) and knowledge/
    under `folder`; return `questions` questions for it."""
    return [q for q, _ in write_pack_asked(folder, intents, patterns, questions, files)]


def write_pack_asked(
    folder: Path, intents: int, patterns: int = 20, questions: int = 300, files: int = 10
) -> list[tuple[str, str]]:
    """As write_pack, with the intent each question was made from: (question, intent)."""
    rng = random.Random(SEED + intents)
    vocab = _vocabulary(rng, max(2000, intents * 4))
    records, pool = [], []
    for n in range(intents):
        topic = [_zipf_pick(rng, vocab) for _ in range(3)]  # words the intent's patterns share
        own = []
        for _ in range(patterns):
            words = rng.sample(topic, 2) + [_zipf_pick(rng, vocab) for _ in range(rng.randint(1, 4))]
            rng.shuffle(words)
            own.append(" ".join(["what", "is"][: rng.randint(0, 2)] + words))
        records.append({"name": f"intent_{n}", "patterns": own, "answer": f"Answer {n}."})
        pool.extend((p, f"intent_{n}") for p in own[:2])
    (folder / "intents").mkdir(parents=True, exist_ok=True)
    (folder / "knowledge").mkdir(parents=True, exist_ok=True)
    files = max(1, min(files, len(records)))
    share = -(-len(records) // files)  # ceiling: every intent in some file
    for n in range(files):
        part = records[n * share : (n + 1) * share]
        with (folder / "intents" / f"generated_{n:02d}.yaml").open("w", encoding="utf-8") as f:
            yaml.dump({"intents": part}, f, Dumper=_DUMPER, sort_keys=False, width=200)
    asked = []
    for _ in range(questions):
        pattern, intent = rng.choice(pool)
        asked.append((perturb(rng, pattern), intent))
    return asked
