"""Fixtures for the web channel: apps on a real SQLite file, a real Redis server on a free
port, and a real uvicorn server for the browser and the workers.

Where redis-server or chromium is missing, their tests skip with a message on a
developer's machine; under CI=true a missing one fails instead (.ci/run installs both).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from advisor.web.app import Settings, create_app

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


class Client:
    """httpx against the app in this process, with the app's lifespan run around it; a
    synchronous face on httpx.AsyncClient, for plain test functions."""

    def __init__(self, app, raise_app_exceptions: bool = True):
        self.app = app
        self._loop = asyncio.new_event_loop()
        self._stack = contextlib.AsyncExitStack()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def __enter__(self) -> "Client":
        async def enter() -> None:
            await self._stack.enter_async_context(self.app.router.lifespan_context(self.app))
            await self._stack.enter_async_context(self._client)

        self._loop.run_until_complete(enter())
        return self

    def __exit__(self, *exc) -> None:
        self._loop.run_until_complete(self._stack.aclose())
        self._loop.close()

    def run(self, awaitable):
        return self._loop.run_until_complete(awaitable)

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self.run(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


@pytest.fixture
def app_for(bot, tmp_path):
    """An app on a SQLite file in tmp_path, with no rate limit unless asked."""

    def make(**settings):
        settings.setdefault("store", f"sqlite:///{tmp_path / 'conversations.sqlite3'}")
        settings.setdefault("rate_limit", 0)
        return create_app(Settings(**settings), bot)

    return make


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A redis-server of its own, on a free 127.0.0.1 port, for the session."""
    server = shutil.which("redis-server")
    need("redis-server", server is not None)
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


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
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A real server on SQLite for the browser tests: its base URL."""
    port = free_port()
    database = Path(tmp_path_factory.mktemp("live")) / "conversations.sqlite3"
    process = start_server(["--store", f"sqlite:///{database}", "--rate-limit", "0"], port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)
