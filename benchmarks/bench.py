"""The benchmark: `python benchmarks/bench.py [--quick] [--dev DEV.yaml] [--json FILE]`.

Measures on this machine and prints a table (and writes JSON):
  - per-turn latency of Conversation.ask on the default pack (median, p99, max, per second)
    over 300+ questions made from the pack's own patterns with typos and extra words;
  - start-up: the whole `advisor ask` process (median wall time; first with an empty pack
    cache, then warm), `Advisor.load()` alone, and the peak RSS of that process; every load
    here pauses the garbage collector, as the CLI's and the server's do (pause_gc=True);
  - replay throughput of `advisor replay` in turns per second;
  - scaling (bigpack.py): the default pack and generated packs of 1,000, 10,000 and 50,000
    intents (20 patterns each, in 10 files), each measure in a fresh process: cold load,
    cached load, a load after one file is edited, per-turn median and p99 (the first 300
    questions of a process, then warm, with the share routed right), the first turn of a
    process beside the next 20, peak RSS; and the big packs' turns as multiples of the
    default pack's, measured in the same run (--sizes to choose the sizes);
  - with --dev and the `nebulento` package installed (pip install nebulento; not a
    dependency of advisor), the same patterns routed by nebulento through the matcher
    interface: its latency and pass rate on the single-turn cases, beside the default's.
It is a measurement, not a test: nothing fails when a figure is slow.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path
from typing import Callable, Sequence

from advisor import Advisor
from advisor.nlu.entities import SLOT_PATTERN
from advisor.nlu.matching import Match

try:  # run as a script (python benchmarks/bench.py) or imported from the tests
    import bigpack
    from benchgen import perturb
except ImportError:
    from . import bigpack
    from .benchgen import perturb

# Slot values with no list in the pack itself.
EXTRA_VALUES = {"percentile": ["top 10%", "bottom 25 percent"], "amount": ["$15,000", "18k"]}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def questions_for(bot: Advisor, count: int = 320) -> list[str]:
    """Questions from the pack's own patterns: slots filled, then typos and extra words."""
    rng = random.Random(7)
    patterns = [p for intent in bot.intents for p in intent.patterns]
    values = {kind: [phrase for phrase, _ in names] for kind, names in bot.pack.entity_names().items()}
    values.update(EXTRA_VALUES)
    out = []
    while len(out) < count:
        pattern = rng.choice(patterns)
        filled = SLOT_PATTERN.sub(lambda m: rng.choice(values.get(m.group(1)) or ["x"]), pattern)
        out.append(perturb(rng, filled))
    return out


def time_turns(bot: Advisor, questions: Sequence[str], every: int = 8) -> dict:
    """Per-turn latency through Conversation.ask; a new conversation every `every` turns."""
    times = []
    conv = bot.conversation()
    for n, question in enumerate(questions):
        if n % every == 0:
            conv = bot.conversation()
        start = time.perf_counter()
        conv.ask(question)
        times.append(time.perf_counter() - start)
    return {
        "turns": len(times),
        "median_ms": statistics.median(times) * 1e3,
        "p99_ms": _percentile(times, 0.99) * 1e3,
        "max_ms": max(times) * 1e3,
        "per_second": len(times) / sum(times),
    }


def _advisor_command() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def startup(runs: int = 10) -> dict:
    """Wall time and peak RSS of whole `advisor ask` processes; Advisor.load() alone."""
    command = _advisor_command() + ["ask", "how much do they earn"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ADVISOR_CACHE_DIR": cache}
        walls = []
        for _ in range(runs + 1):  # the first run fills the empty cache
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
        # The peak resident set of one `advisor ask`, read by a parent that runs only it.
        probe = (
            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        rss_kb = int(
            subprocess.run(
                [sys.executable, "-c", probe, *command], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
        load = (
            "import time; from advisor import Advisor; t = time.perf_counter(); Advisor.load(pause_gc=True); "
            "print(time.perf_counter() - t)"
        )
        loads = [
            float(
                subprocess.run([sys.executable, "-c", load], env=env, check=True, capture_output=True, text=True).stdout
            )
            for _ in range(runs)
        ]
    return {
        "ask_first_s": walls[0],
        "ask_median_s": statistics.median(walls[1:]),
        "load_median_ms": statistics.median(loads) * 1e3,
        "peak_rss_mb": rss_kb / 1024,
    }


def replay_throughput(bot: Advisor, questions: Sequence[str]) -> dict:
    """Record the questions as a transcript, then time `advisor replay` on it (in-process)."""
    from advisor.cli import main
    from advisor.cli.record import Recorder

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.chat"
        recorder = Recorder(path)
        conv = bot.conversation()
        for n, question in enumerate(questions):
            if n and n % 8 == 0:
                recorder.new_conversation()
                conv = bot.conversation()
            recorder.turn(question, conv.ask(question))
        recorder.close()
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()) as out:
            code = main(["replay", str(path)])
        elapsed = time.perf_counter() - start
    return {
        "turns": len(questions),
        "seconds": elapsed,
        "turns_per_second": len(questions) / elapsed,
        "all_passed": code == 0,
        "summary": out.getvalue().strip().splitlines()[-1],
    }


class NebulentoMatcher:
    """nebulento's IntentContainer behind the advisor matcher interface."""

    name = "nebulento"

    def __init__(self) -> None:
        from nebulento import IntentContainer

        self.container = IntentContainer()

    def fit(self, intents) -> None:
        for intent in intents:
            self.container.add_intent(intent.name, list(intent.patterns))

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        ranked = sorted(self.container.calc_intents(text), key=lambda r: -r["conf"])
        return [Match(r["name"], float(r["conf"]), r["best_match"] or "") for r in ranked[:limit]]


def _dev_single_turn(dev: Path) -> tuple[list[dict], Callable]:
    """dev.yaml's single-turn cases, and the scorer's own check() next to it."""
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("score", dev.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    cases = [c for c in yaml.safe_load(dev.read_text()) if len(c["turns"]) == 1]
    return cases, score.check


def compare_routers(dev: Path) -> dict:
    cases, check = _dev_single_turn(dev)

    def run(bot: Advisor) -> dict:
        times, passed = [], 0
        for case in cases:
            turn = case["turns"][0]
            start = time.perf_counter()
            reply = bot.conversation().ask(str(turn["say"]))
            times.append(time.perf_counter() - start)

            class Seen:  # the scorer's view of a reply
                text, fallback = reply.text, reply.intent is None

            passed += not check(turn, Seen)
        return {
            "pass_rate": passed / len(cases),
            "passed": passed,
            "cases": len(cases),
            "median_ms": statistics.median(times) * 1e3,
            "p99_ms": _percentile(times, 0.99) * 1e3,
        }

    default = Advisor.load(pause_gc=True)
    result = {"default": run(default)}
    try:
        nebulento = NebulentoMatcher()
    except ImportError:
        result["nebulento"] = "not installed: pip install nebulento"
        return result
    result["nebulento"] = run(Advisor(default.pack, nebulento))
    return result


def _print(results: dict) -> None:
    t = results["turns"]
    print("Per turn, default pack (Conversation.ask)")
    print(
        f"  {t['turns']} questions   median {t['median_ms']:.3f} ms   p99 {t['p99_ms']:.3f} ms   "
        f"max {t['max_ms']:.3f} ms   {t['per_second']:,.0f} questions/s"
    )
    if "startup" in results:
        s = results["startup"]
        print("Start-up")
        print(
            f"  advisor ask (whole process): median {s['ask_median_s']:.3f} s "
            f"(first run, empty cache: {s['ask_first_s']:.3f} s)"
        )
        print(f"  Advisor.load(): median {s['load_median_ms']:.1f} ms   peak RSS {s['peak_rss_mb']:.1f} MB")
    r = results["replay"]
    print(f"Replay: {r['turns']} turns in {r['seconds']:.3f} s = {r['turns_per_second']:,.0f} turns/s ({r['summary']})")
    if "scaling" in results:
        print(bigpack.show_curve(results["scaling"]))
    if "routers" in results:
        print("Routers on dev.yaml single-turn cases")
        for name, row in results["routers"].items():
            if isinstance(row, str):
                print(f"  {name:<10} {row}")
            else:
                print(
                    f"  {name:<10} pass {row['passed']}/{row['cases']} ({row['pass_rate']:.1%})   "
                    f"median {row['median_ms']:.3f} ms   p99 {row['p99_ms']:.3f} ms"
                )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the scaling curve and the start-up runs")
    parser.add_argument("--sizes", default="1000,10000,50000", help="generated pack sizes, in intents (default: "
                        "1000,10000,50000)")  # fmt: skip
    parser.add_argument("--dev", type=Path, help="dev.yaml (with score.py beside it) to compare routers on")
    parser.add_argument("--json", type=Path, default=Path("bench.json"), help="where to write the results")
    args = parser.parse_args(argv)
    bot = Advisor.load(pause_gc=True)
    questions = questions_for(bot)
    results: dict = {"machine": {"python": sys.version.split()[0], "cpus": os.cpu_count()}}
    results["turns"] = time_turns(bot, questions)
    if not args.quick:
        results["startup"] = startup()
    results["replay"] = replay_throughput(bot, list(questions) * 5)
    if not args.quick:
        sizes = tuple(int(size) for size in args.sizes.split(",") if size)
        results["scaling"] = bigpack.curve(questions, sizes)
    if args.dev:
        results["routers"] = compare_routers(args.dev)
    _print(results)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"(written to {args.json})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
