"""Fixtures for the web channel: apps on a real SQLite file, httpx against them, and a
real uvicorn server for the browser."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import httpx
import pytest
from servers import free_port, start_server, stop_server

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
