"""The web channel's benchmark: `python benchmarks/web_bench.py [--seconds S] [--json FILE]`.

Starts `advisor serve` on 127.0.0.1 and loads it with wrk (Debian's `wrk`, a C client, so
the client does not measure itself), 20 connections for a bounded time, then reads wrk's
turns per second and latency percentiles:
  - one worker on a SQLite store (a fresh file): stateless questions (/api/ask), then
    messages posted to 20 conversations;
  - one worker, then two, on a Redis store (a redis-server of its own, on a free port).
Beside them, in the same run, the bare engine: the same questions in the same order through
`Conversation.ask` (20 conversations) and `Advisor.ask`, in a fresh process on the server's
core, just before and just after each one-worker SQLite load; and the ratios the channel is judged
by (what a server adds to a turn), each against the mean of the bare figures around its
load: this machine's speed drifts by a third from one minute to the next, and a bare figure
taken once a round, a minute from some loads, moved the ratios by as much. Then the weight of the
chat page's first load: the HTML, its CSS and JS, and the two API calls it makes (the
welcome, a new conversation), gzip-compressed as a browser asks.
A measurement, not a test: nothing fails when a figure misses a target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

try:
    from figures import median_of
except ImportError:
    from .figures import median_of

QUESTIONS = [
    "how much do they earn", "tell me about Peirce", "how much is it?", "which schools are online",
    "which of those is cheapest", "what about Keiser", "and the top 10%?", "how long does it take",
]  # fmt: skip
CONNECTIONS = 20
THREADS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


# On a machine of two cores or more, a one-worker server (and the bare engine) runs on the
# first core and the client (wrk) and Redis on the others, so that the client's work is not
# counted against the server's; two workers run unpinned.
PINNED = (os.cpu_count() or 1) >= 2 and hasattr(os, "sched_setaffinity")
SERVER_CORES, CLIENT_CORES = {0}, set(range(1, os.cpu_count() or 1))


def _on(cores: set[int] | None, command: list[str]) -> list[str]:
    """The command, run on those cores where pinning is possible."""
    if not PINNED or not cores or shutil.which("taskset") is None:
        return command
    return ["taskset", "-c", ",".join(map(str, sorted(cores))), *command]


def _serve(args: list[str], cores: set[int] | None = SERVER_CORES) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        _on(cores, [sys.executable, "-m", "advisor", "serve", "--port", str(port), "--rate-limit", "0", *args]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(port)
    return process, f"http://127.0.0.1:{port}"


# The bare engine, in a fresh interpreter as a server's worker is (its load's objects frozen
# out of the collector's way): the questions, in order, through 20 conversations and stateless.
_BARE = r"""
import json, sys, time
from advisor import Advisor
questions, seconds, connections = json.loads(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
bot = Advisor.load(pause_gc=True)
conversations = [bot.conversation() for _ in range(connections)]
figures = {}
for name, ask in [("conversation_turns_per_second", lambda n: conversations[n % connections].ask),
                  ("ask_turns_per_second", lambda n: bot.ask)]:
    count, spent, deadline = 0, 0.0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        question = questions[count % len(questions)]
        start = time.perf_counter()
        ask(count)(question)
        spent += time.perf_counter() - start
        count += 1
    figures[name] = count / spent
print(json.dumps(figures))
"""


def bare_engine(seconds: float) -> dict:
    """Turns a second of the engine alone, on the questions the server is sent, in the same
    order: through 20 conversations (as the messages are), and stateless (as /api/ask); in a
    process of its own on the core a one-worker server runs on."""
    command = _on(SERVER_CORES, [sys.executable, "-c", _BARE, json.dumps(QUESTIONS), str(seconds), str(CONNECTIONS)])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _lua_ask() -> str:
    """A wrk script posting the questions, in turn, to /api/ask."""
    bodies = ", ".join(json.dumps(json.dumps({"text": q})) for q in QUESTIONS)
    return f"""
local bodies = {{{bodies}}}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, "/api/ask", nil, bodies[(n % #bodies) + 1])
end
"""


def _lua(ids: list[str]) -> str:
    """A wrk script: each thread posts to its own share of the conversations, in turn, so
    about one message per conversation is in flight at a time, as with real users."""
    quoted = ", ".join(f'"{i}"' for i in ids)
    bodies = ", ".join(json.dumps(json.dumps({"text": q})) for q in QUESTIONS)
    share = len(ids) // THREADS
    return f"""
local ids = {{{quoted}}}
local bodies = {{{bodies}}}
local threads = 0
function setup(thread)
  thread:set("offset", threads * {share})
  threads = threads + 1
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local id = ids[offset + (n % {share}) + 1]
  return wrk.format(nil, "/api/conversations/" .. id .. "/messages", nil, bodies[(n % #bodies) + 1])
end
"""


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def load(base: str, seconds: float, stateless: bool = False) -> dict:
    """wrk against the server at `base`: turns a second and latency percentiles (ms), of
    messages to 20 conversations (or, `stateless`, of questions to /api/ask)."""
    with httpx.Client(base_url=base) as client:
        ids = [client.post("/api/conversations").json()["id"] for _ in range(CONNECTIONS)]
        for worker in range(4):  # warm the workers (each connection may reach another)
            with httpx.Client(base_url=base) as fresh:
                fresh.post(f"/api/conversations/{ids[worker]}/messages", json={"text": "hello"})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua_ask() if stateless else _lua(ids))
    try:
        command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{int(seconds)}s", "--latency"]
        command = _on(CLIENT_CORES, [*command, "-s", script.name, base])
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "turns_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(percentiles["50"]),
        "p99_ms": _ms(percentiles["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def page_weight(base: str) -> dict:
    """Bytes over the wire for the page's first load (gzip-compressed as a browser asks)."""
    sizes = {}
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}) as client:
        for method, path in [("GET", "/"), ("GET", "/static/chat.css"), ("GET", "/static/chat.js"),
                             ("GET", "/api/welcome"), ("POST", "/api/conversations")]:  # fmt: skip
            response = client.request(method, path)
            response.read()
            sizes[path] = response.num_bytes_downloaded + sum(len(k) + len(v) + 4 for k, v in response.headers.raw)
    return {"bytes": sum(sizes.values()), "by_path": sizes}


def one_round(folder: str, redis_port: int, seconds: float) -> dict:
    """Each load once, with the bare engine measured just before and just after each
    one-worker SQLite load: its ratio is taken against the mean of the two, so that a drift
    of this machine's speed during the round moves both sides alike."""
    bare_seconds = min(seconds, 3)
    before = bare_engine(bare_seconds)
    server, base = _serve(["--store", f"sqlite:///{folder}/bench.sqlite3"])
    try:
        found: dict = {"ask_1_worker": load(base, seconds, stateless=True)}
        between = bare_engine(bare_seconds)  # the server idles meanwhile
        found["sqlite_1_worker"] = load(base, seconds)
        after = bare_engine(bare_seconds)
        found["page"] = page_weight(base)
    finally:
        server.terminate()
        server.wait(15)
    found["bare_engine"] = {
        "ask_turns_per_second": statistics.fmean((before["ask_turns_per_second"], between["ask_turns_per_second"])),
        "conversation_turns_per_second": statistics.fmean(
            (between["conversation_turns_per_second"], after["conversation_turns_per_second"])
        ),
        "measured": [before, between, after],
    }
    for workers in (1, 2):
        store = ["--workers", str(workers), "--store", f"redis://127.0.0.1:{redis_port}/0"]
        server, base = _serve(store, SERVER_CORES if workers == 1 else None)
        try:
            time.sleep(1.0)  # every worker up
            found[f"redis_{workers}_worker{'s' if workers > 1 else ''}"] = load(base, seconds)
        finally:
            server.terminate()
            server.wait(15)
    bare = found["bare_engine"]
    found["ratios"] = {
        "ask_of_bare": found["ask_1_worker"]["turns_per_second"] / bare["ask_turns_per_second"],
        "sqlite_of_bare": found["sqlite_1_worker"]["turns_per_second"] / bare["conversation_turns_per_second"],
        "redis_2_of_1": found["redis_2_workers"]["turns_per_second"] / found["redis_1_worker"]["turns_per_second"],
    }
    return found


LOADS = ("ask_1_worker", "sqlite_1_worker", "redis_1_worker", "redis_2_workers")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="how long each load runs (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every load; medians are shown (default 3)")
    parser.add_argument("--json", type=Path, default=Path("web_bench.json"), help="where to write the results")
    args = parser.parse_args(argv)
    for program in ("wrk", "redis-server"):
        if shutil.which(program) is None:
            print(f"web_bench: {program} is not installed (apt-get install {program})", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as folder:
        redis_port = _free_port()
        redis = subprocess.Popen(
            _on(CLIENT_CORES, ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", folder]),
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait(redis_port)
            rounds = [one_round(folder, redis_port, args.seconds) for _ in range(args.rounds)]
        finally:
            redis.terminate()
            redis.wait(10)
    # This machine's speed drifts from minute to minute: each ratio is taken within a round
    # (against the bare engine measured just before and after its load), and the median of
    # the rounds shown.
    results: dict = {"connections": CONNECTIONS, "rounds": rounds}
    bare = {k: median_of(rounds, "bare_engine", k) for k in ("conversation_turns_per_second", "ask_turns_per_second")}
    print(f"{args.rounds} rounds of {args.seconds:g} s loads, {CONNECTIONS} connections; medians of the rounds")
    print(f"bare engine       {bare['conversation_turns_per_second']:8,.0f} turns/s through conversations, "
          f"{bare['ask_turns_per_second']:,.0f}/s stateless (one core, a process of its own)")  # fmt: skip
    for name in LOADS:
        tps, p50, p99 = (median_of(rounds, name, k) for k in ("turns_per_second", "p50_ms", "p99_ms"))
        failed = sum(found[name]["non_2xx"] for found in rounds)
        print(f"{name:16} {tps:8,.0f} turns/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   ({failed} not 2xx)")
    ratios = results["ratios"] = {k: median_of(rounds, "ratios", k) for k in rounds[0]["ratios"]}
    print(f"ratios            /api/ask {ratios['ask_of_bare']:.0%} of the bare engine (stateless)   SQLite "
          f"conversation turns {ratios['sqlite_of_bare']:.0%} of it (through conversations)   Redis 2 workers "
          f"{ratios['redis_2_of_1']:.2f}x 1 worker")  # fmt: skip
    print("  each round:     " + "   ".join(
        f"{r['ratios']['ask_of_bare']:.0%} / {r['ratios']['sqlite_of_bare']:.0%} / {r['ratios']['redis_2_of_1']:.2f}x"
        for r in rounds))  # fmt: skip
    results["page"] = rounds[0]["page"]
    print(f"page first load   {results['page']['bytes']:,} bytes transferred (gzip)")
    args.json.write_text(json.dumps(results, indent=2))
    print(f"(written to {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
