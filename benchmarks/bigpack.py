"""The big-pack benchmark: what a pack author of 10,000 intents waits for.

`measure(intents=10_000)` writes a generated pack (200,000 patterns in 10 files) and runs,
each in a fresh process so that time and memory are its own:
  - cold load: an empty cache;
  - cached load: the same files again;
  - one-file edit: one of the ten files changed (a new answer), then a load;
  - turns: the first 300 questions a fresh process answers (median, p99, and the share
    routed to the intent each question was made from), then the same again, warm;
and the peak RSS of the load and of the process after answering.
`python benchmarks/bench.py` prints it; run alone: `python benchmarks/bigpack.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchgen import write_pack_asked
except ImportError:
    from .benchgen import write_pack_asked

# Each measurement runs this in a fresh interpreter: MODE, then the pack's folder.
_CHILD = r"""
import json, re, resource, statistics, sys, time
from pathlib import Path
mode, folder = sys.argv[1], Path(sys.argv[2])
from advisor import Advisor
out = {}
if mode == "edit":
    path = folder / "intents" / "generated_03.yaml"
    text = path.read_text()
    edited = rf"answer: Answer \1. (edit {time.time_ns()})"
    path.write_text(re.sub(r"answer: Answer (\d+)\.( \(edit \d+\))?", edited, text, count=1))
start = time.perf_counter()
bot = Advisor.load(folder / "intents", folder / "knowledge", pause_gc=True)
out["load_s"] = time.perf_counter() - start
out["load_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if mode == "turns":
    asked = json.loads((folder / "asked.json").read_text())
    for name in ("first", "warm"):
        times, right = [], 0
        for question, intent in asked:
            s = time.perf_counter()
            reply = bot.ask(question)
            times.append(time.perf_counter() - s)
            right += reply.intent == intent
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]  # as bench.py's _percentile
        out[name] = {"median_ms": statistics.median(times) * 1e3, "p99_ms": p99 * 1e3,
                     "routed_right": right / len(asked)}
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(mode: str, folder: Path, cache: Path) -> dict:
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(cache)}
    env.pop("ADVISOR_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", _CHILD, mode, str(folder)], capture_output=True, text=True,
                          env=env, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(intents: int = 10_000, patterns: int = 20, files: int = 10) -> dict:
    with tempfile.TemporaryDirectory() as work:
        folder, cache = Path(work) / "pack", Path(work) / "cache"
        asked = write_pack_asked(folder, intents, patterns, files=files)
        (folder / "asked.json").write_text(json.dumps(asked))
        cold = _child("load", folder, cache)
        cached = _child("load", folder, cache)
        edits = [_child("edit", folder, cache) for _ in range(3)]
        turns = _child("turns", folder, cache)
    return {
        "intents": intents,
        "patterns": intents * patterns,
        "files": files,
        "cold_load_s": cold["load_s"],
        "cold_rss_mb": cold["load_rss_mb"],
        "cached_load_s": cached["load_s"],
        "cached_rss_mb": cached["load_rss_mb"],
        "edit_load_s": sorted(e["load_s"] for e in edits)[1],  # the median of three
        "turns_first": turns["first"],
        "turns_warm": turns["warm"],
        "rss_after_turns_mb": turns["rss_mb"],
    }


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
    start = time.perf_counter()
    print(show(measure()))
    print(f"({time.perf_counter() - start:.0f} s)")
