"""Fixtures for the web channel: apps on a real SQLite file, httpx against them, a real
uvicorn server, and headless Chromium (with a page of another site that embeds the widget)."""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import os
import threading
from functools import partial
from pathlib import Path

import httpx
import pytest
from servers import CHROMIUM, free_port, need, start_server, stop_server

from advisor.web.app import Settings, create_app


class Client:
    """httpx against the app in this process, with the app's lifespan run around it; a
    synchronous face on httpx.AsyncClient, for plain test functions."""

    def __init__(self, app, raise_app_exceptions: bool = True, headers: dict[str, str] | None = None):
        self.app = app
        self._loop = asyncio.new_event_loop()
        self._stack = contextlib.AsyncExitStack()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)

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


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A real server on SQLite for the browser tests: its base URL."""
    port = free_port()
    database = Path(tmp_path_factory.mktemp("live")) / "conversations.sqlite3"
    process = start_server(["--store", f"sqlite:///{database}", "--rate-limit", "0"], port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


# Chromium as root in a closed network: no sandbox, no background connections.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    need("chromium", os.path.exists(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()


def ask(page, text: str):
    """Type a question and press Enter; the new reply's locator."""
    count = page.locator(".turn.bot").count()
    page.fill("#question", text)
    page.keyboard.press("Enter")
    reply = page.locator(".turn.bot").nth(count)
    reply.wait_for()
    return reply


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def other_site(tmp_path, live_server):
    """A plain page on another origin that pastes the widget's one script tag."""
    (tmp_path / "index.html").write_text(
        f'<!doctype html><title>A careers site</title><h1>Careers</h1><script src="{live_server}/widget.js"></script>'
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
