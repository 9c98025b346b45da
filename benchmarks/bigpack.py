"""The scaling benchmark: what a pack of 1,000, 10,000 or 50,000 intents costs, beside the
default pack, measured the same way in one run.

`measure(intents=10_000)` writes a generated pack (20 patterns an intent, in 10 files) and
runs, each in a fresh process so that time and memory are its own:
  - cold load: an empty cache;
  - cached load: the same files again;
  - one-file edit: one of the ten files changed (a new answer), then a load;
  - turns: the first 300 questions a fresh process answers (median, p99, and the share
    routed to the intent each question was made from), then the same again, warm; and the
    first of them alone (the first turn of a process) beside the median of the next 20;
and the peak RSS of the load and of the process after answering. `curve()` measures the
default pack so too (on questions made from its own patterns), beside each size: the loads
of each, then rounds of turns that ask every pack in turn, each ratio taken within a round.
`python benchmarks/bench.py` prints it; run alone: `python benchmarks/bigpack.py [SIZES...]`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchgen import write_pack_asked
    from figures import median_of
except ImportError:
    from .benchgen import write_pack_asked
    from .figures import median_of

# Each measurement runs this in a fresh interpreter: MODE, then the pack's folder.
_CHILD = r"""
import json, re, resource, statistics, sys, time
from pathlib import Path
mode, folder = sys.argv[1], Path(sys.argv[2])
def peak_rss_mb():
    # This process's own peak: Linux's VmHWM starts afresh at exec, whereas ru_maxrss keeps
    # the peak of the process it was forked from (the benchmark, holding generated packs).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from advisor import Advisor
out = {}
intents, knowledge = (folder / "intents", folder / "knowledge") if (folder / "intents").is_dir() else (None, None)
if mode == "edit":
    path = folder / "intents" / "generated_03.yaml"
    text = path.read_text()
    edited = rf"answer: Answer \1. (edit {time.time_ns()})"
    path.write_text(re.sub(r"answer: Answer (\d+)\.( \(edit \d+\))?", edited, text, count=1))
start = time.perf_counter()
bot = Advisor.load(intents, knowledge, pause_gc=True)
out["load_s"] = time.perf_counter() - start
out["load_rss_mb"] = peak_rss_mb()
if mode == "turns":
    asked = json.loads((folder / "asked.json").read_text())
    for name in ("first", "warm"):
        times, right = [], 0
        for question, intent in asked:
            s = time.perf_counter()
            reply = bot.ask(question)
            times.append(time.perf_counter() - s)
            right += reply.intent == intent
        if name == "first":  # the first turn of the process, and the next 20 (each a new question)
            out["first_turn_ms"] = times[0] * 1e3
            out["next_20_median_ms"] = statistics.median(times[1:21]) * 1e3
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]  # as bench.py's _percentile
        out[name] = {"median_ms": statistics.median(times) * 1e3, "p99_ms": p99 * 1e3,
                     "routed_right": right / len(asked)}
    out["rss_mb"] = peak_rss_mb()
print(json.dumps(out))
"""


def _child(mode: str, folder: Path, cache: Path) -> dict:
    """One measure in a fresh interpreter, on the pack in `folder` (the default pack when
    `folder` has no intents/)."""
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(cache)}
    env.pop("ADVISOR_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", _CHILD, mode, str(folder)], capture_output=True, text=True,
                          env=env, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _generated(work: Path, intents: int, patterns: int, files: int) -> tuple[Path, Path]:
    """A generated pack, with the questions made from it, under `work`; and its cache folder."""
    folder, cache = work / "pack", work / "cache"
    asked = write_pack_asked(folder, intents, patterns, files=files)
    (folder / "asked.json").write_text(json.dumps(asked))
    return folder, cache


def _default_pack(work: Path, questions: list[str]) -> tuple[Path, Path]:
    """The default pack's stand-in folder (no intents/: the default pack is loaded), with
    `questions` to ask it (made from its own patterns; no intent to route to is known)."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "asked.json").write_text(json.dumps([(q, None) for q in questions]))
    return work, work / "cache"


def _turn_figures(turns: dict) -> dict:
    return {
        "turns_first": turns["first"],
        "turns_warm": turns["warm"],
        "first_turn_ms": turns["first_turn_ms"],
        "next_20_median_ms": turns["next_20_median_ms"],
        "rss_after_turns_mb": turns["rss_mb"],
    }


def _loads(folder: Path, cache: Path, edited: bool) -> dict:
    cold = _child("load", folder, cache)
    cached = sorted((_child("load", folder, cache) for _ in range(3)), key=lambda c: c["load_s"])[1]
    figures = {"cold_load_s": cold["load_s"], "cold_rss_mb": cold["load_rss_mb"], "cached_load_s": cached["load_s"],
               "cached_rss_mb": cached["load_rss_mb"]}  # fmt: skip
    if edited:
        figures["edit_load_s"] = sorted(_child("edit", folder, cache)["load_s"] for _ in range(3))[1]  # the median
    return figures


def measure(intents: int = 10_000, patterns: int = 20, files: int = 10) -> dict:
    """One generated pack's loads and turns (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as work:
        folder, cache = _generated(Path(work), intents, patterns, files)
        figures = _loads(folder, cache, edited=True)
        turns = _child("turns", folder, cache)
    return {"intents": intents, "patterns": intents * patterns, "files": files, **figures, **_turn_figures(turns)}


# The per-turn figures of the curve come from this many rounds, each asking every pack in
# turn (the default pack first), one after the other: this machine's speed drifts from one
# minute to the next, and a ratio is only fair between measures taken side by side.
ROUNDS = 5


def curve(questions: list[str], sizes=(1_000, 10_000, 50_000), rounds: int = ROUNDS) -> list[dict]:
    """The default pack and a generated pack of each size, in one run: the loads of each,
    then `rounds` rounds of turns over all of them. Each row's per-turn figures are the
    medians of its rounds, and `rounds` holds its multiples of the default pack's, round by
    round (first 300 median, warm median, warm p99)."""
    with tempfile.TemporaryDirectory() as work:
        packs = [_default_pack(Path(work) / "default", questions)]
        packs += [_generated(Path(work) / str(size), size, 20, 10) for size in sizes]
        rows = [{"intents": "default", **_loads(*packs[0], edited=False)}]
        rows += [{"intents": size, "patterns": size * 20, "files": 10, **_loads(*pack, edited=True)}
                 for size, pack in zip(sizes, packs[1:], strict=True)]  # fmt: skip
        measured = [[_turn_figures(_child("turns", *pack)) for pack in packs] for _ in range(rounds)]
    for n, row in enumerate(rows):
        mine = [round_[n] for round_ in measured]
        row.update(_medians(mine))
        if n:
            base = [round_[0] for round_ in measured]
            row["rounds"] = [_multiples(m, b) for m, b in zip(mine, base, strict=True)]
    return rows


def _multiples(row: dict, base: dict) -> tuple[float, float, float]:
    return (row["turns_first"]["median_ms"] / base["turns_first"]["median_ms"],
            row["turns_warm"]["median_ms"] / base["turns_warm"]["median_ms"],
            row["turns_warm"]["p99_ms"] / base["turns_warm"]["p99_ms"])  # fmt: skip


def _medians(measures: list[dict]) -> dict:
    """The median of each figure over some rounds' turn figures."""

    def median(*path: str) -> float:
        return median_of(measures, *path)

    return {
        "turns_first": {k: median("turns_first", k) for k in measures[0]["turns_first"]},
        "turns_warm": {k: median("turns_warm", k) for k in measures[0]["turns_warm"]},
        "first_turn_ms": median("first_turn_ms"),
        "next_20_median_ms": median("next_20_median_ms"),
        "rss_after_turns_mb": median("rss_after_turns_mb"),
    }


def show_curve(rows: list[dict]) -> str:
    """The curve as a table, and the big packs' per-turn figures as multiples of the default's."""
    lines = [
        "Scaling: the default pack and generated packs (20 patterns an intent, 10 files), each measure in a fresh "
        "process",
        f"  {'intents':>8} {'cold load':>10} {'cached':>8} {'1 file edited':>14} {'RSS':>7} "
        f"{'first 300: median':>18} {'p99':>8} {'warm: median':>13} {'p99':>8} {'routed right':>13} "
        f"{'1st turn / next 20':>19}",
    ]
    for row in rows:
        first, warm = row["turns_first"], row["turns_warm"]
        edited = f"{row['edit_load_s']:.2f} s" if "edit_load_s" in row else "-"
        routed = f"{first['routed_right']:.1%}" if row["intents"] != "default" else "-"
        size = row["intents"] if isinstance(row["intents"], str) else f"{row['intents']:,}"
        lines.append(
            f"  {size:>8} {row['cold_load_s']:>8.2f} s {row['cached_load_s']:>6.3f} s {edited:>14} "
            f"{row['rss_after_turns_mb']:>4.0f} MB {first['median_ms']:>15.2f} ms {first['p99_ms']:>5.2f} ms "
            f"{warm['median_ms']:>10.2f} ms {warm['p99_ms']:>5.2f} ms {routed:>13} "
            f"{row['first_turn_ms']:>6.2f} / {row['next_20_median_ms']:.2f} ms"
        )
    lines.append(
        "  per turn as a multiple of the default pack's (first 300 median / warm median / warm p99), the median of "
        "the rounds' multiples:"
    )
    for row in rows[1:]:
        rounds = row["rounds"]
        first, warm, p99 = (statistics.median(r[k] for r in rounds) for k in range(3))
        each = "   ".join(f"{a:.2f}/{b:.2f}/{c:.2f}" for a, b, c in rounds)
        lines.append(f"  {row['intents']:>8,}   {first:.2f}x / {warm:.2f}x / {p99:.2f}x   (rounds: {each})")
    return "\n".join(lines)


def show(b: dict) -> str:
    first, warm = b["turns_first"], b["turns_warm"]
    return "\n".join(
        [
            f"Big pack: {b['intents']:,} intents, {b['patterns']:,} patterns in {b['files']} files",
            f"  cold load {b['cold_load_s']:.2f} s (peak RSS {b['cold_rss_mb']:.0f} MB)   "
            f"cached load {b['cached_load_s']:.2f} s (peak RSS {b['cached_rss_mb']:.0f} MB)   "
            f"one file edited {b['edit_load_s']:.2f} s",
            f"  per turn, first 300 questions: median {first['median_ms']:.2f} ms, p99 {first['p99_ms']:.2f} ms, "
            f"{first['routed_right']:.1%} routed to their intent",
            f"  per turn, the same again:      median {warm['median_ms']:.2f} ms, p99 {warm['p99_ms']:.2f} ms   "
            f"RSS after answering {b['rss_after_turns_mb']:.0f} MB",
        ]
    )


if __name__ == "__main__":
    from bench import questions_for

    from advisor import Advisor

    start = time.perf_counter()
    sizes = tuple(int(a) for a in sys.argv[1:]) or (1_000, 10_000, 50_000)
    print(show_curve(curve(questions_for(Advisor.load(pause_gc=True)), sizes)))
    print(f"({time.perf_counter() - start:.0f} s)")
