"""Helpers for tests that need a server or a browser: free ports, `advisor serve` in a
process of its own, and skipping (on a developer's machine) or failing (under CI=true)
for want of a program. .ci/run installs redis-server and chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(what: str, present: bool) -> None:
    """Skip (on a developer's machine) or fail (in CI) for want of a program."""
    if present:
        return
    message = f"{what} is not installed (apt-get install {what.split()[0]})"
    if IN_CI:
        pytest.fail(message + ": CI must run every test")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {seconds} s")


def start_redis(folder) -> tuple[subprocess.Popen, str]:
    """A redis-server of its own on a free 127.0.0.1 port: the process and its URL."""
    server = shutil.which("redis-server")
    need("redis-server", server is not None)
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    return process, f"redis://127.0.0.1:{port}/0"


def start_server(args: list[str], port: int, env: dict | None = None) -> subprocess.Popen:
    """`advisor serve` in a process of its own, listening on `port`."""
    command = [sys.executable, "-m", "advisor", "serve", "--port", str(port), *args]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    try:
        wait_for_port(port, process)
    except Exception:
        process.kill()
        said = process.stderr.read().decode(errors="replace")
        raise RuntimeError(f"advisor serve did not start: {said}") from None
    return process


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server, and print what it said on stderr: pytest shows it beside a failure
    (a worker that died, a warning), and nowhere else."""
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    said = ""
    if process.stderr is not None:
        # What is there now, without waiting: a worker left behind by a killed server may
        # hold the pipe open, and a blocking read would wait for it for ever.
        os.set_blocking(process.stderr.fileno(), False)
        try:
            said = (process.stderr.read() or b"").decode(errors="replace")
        except OSError:
            pass
    if said.strip():
        print(f"advisor serve said on stderr:\n{said}")
