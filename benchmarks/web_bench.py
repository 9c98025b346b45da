"""The web channel's benchmark: `python benchmarks/web_bench.py [--seconds S] [--json FILE]`.

Starts `advisor serve` on 127.0.0.1 and loads it with wrk (Debian's `wrk`, a C client, so
the client does not measure itself), 20 connections posting messages to 20 conversations
for a bounded time; then reads wrk's turns per second and latency percentiles:
  - one worker on a SQLite store (a fresh file);
  - two workers on a Redis store (a redis-server of its own, on a free port).
And the weight of the chat page's first load: the HTML, its CSS and JS, and the two API
calls it makes (the welcome, a new conversation), gzip-compressed as a browser asks.
A measurement, not a test: nothing fails when a figure misses a target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

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


def _serve(args: list[str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", str(port), "--rate-limit", "0", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(port)
    return process, f"http://127.0.0.1:{port}"


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


def load(base: str, seconds: float) -> dict:
    """wrk against the server at `base`: turns a second and latency percentiles (ms)."""
    with httpx.Client(base_url=base) as client:
        ids = [client.post("/api/conversations").json()["id"] for _ in range(CONNECTIONS)]
        client.post(f"/api/conversations/{ids[0]}/messages", json={"text": "hello"})  # warm the worker
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(ids))
    try:
        command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{int(seconds)}s", "--latency"]
        out = subprocess.run([*command, "-s", script.name, base], capture_output=True, text=True, check=True).stdout
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="how long each load runs (default 10)")
    parser.add_argument("--json", type=Path, default=Path("web_bench.json"), help="where to write the results")
    args = parser.parse_args(argv)
    for program in ("wrk", "redis-server"):
        if shutil.which(program) is None:
            print(f"web_bench: {program} is not installed (apt-get install {program})", file=sys.stderr)
            return 2
    results: dict = {"connections": CONNECTIONS}
    with tempfile.TemporaryDirectory() as folder:
        server, base = _serve(["--store", f"sqlite:///{folder}/bench.sqlite3"])
        try:
            results["sqlite_1_worker"] = load(base, args.seconds)
            results["page"] = page_weight(base)
        finally:
            server.terminate()
            server.wait(15)
        redis_port = _free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", folder],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait(redis_port)
            server, base = _serve(["--workers", "2", "--store", f"redis://127.0.0.1:{redis_port}/0"])
            try:
                time.sleep(1.0)  # both workers up
                results["redis_2_workers"] = load(base, args.seconds)
            finally:
                server.terminate()
                server.wait(15)
        finally:
            redis.terminate()
            redis.wait(10)
    for name in ("sqlite_1_worker", "redis_2_workers"):
        r = results[name]
        print(f"{name:16} {r['turns_per_second']:8,.0f} turns/s   p50 {r['p50_ms']:6.2f} ms   "
              f"p99 {r['p99_ms']:6.2f} ms   ({r['requests']:,} requests, {r['non_2xx']} not 2xx)")  # fmt: skip
    print(f"page first load   {results['page']['bytes']:,} bytes transferred (gzip)")
    args.json.write_text(json.dumps(results, indent=2))
    print(f"(written to {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
