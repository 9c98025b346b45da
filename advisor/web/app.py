"""The Starlette app of `advisor serve`: routes, headers, errors, and its settings.

`create_app(settings)` builds the app; `app_from_environment()` builds it from the
`ADVISOR_SERVE_*` variables `advisor serve` sets, for uvicorn's workers (each worker
process imports the app by name and loads its own pack and store).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from dataclasses import dataclass
from importlib import resources
from typing import Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..engine import Advisor
from ..errors import StoreUnavailable
from ..pack.build import pack_dirs
from ..pack.watch import Reloader
from ..storage import DEFAULT_RETAIN_DAYS
from ..storage.stores import CONVERSATION_ID, RedisStore, open_store
from . import DEFAULT_CLIENT_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_RATE_LIMIT, api
from .api import ApiError, error_response
from .limits import RateLimiter, SharedRateLimiter
from .logs import rate_limit_logs
from .openapi import document

# Seconds a client is told to wait (Retry-After) when the store cannot be used for now.
STORE_RETRY_AFTER = 5
# Seconds between whole reads of a SQLite store's file (SQLiteStore.verify).
VERIFY_EVERY = 600.0
# Seconds between deletions of the conversations kept longer than `retain_days`.
EXPIRE_EVERY = 3600.0
# Seconds between checkpoints of a SQLite file's write-ahead log (a busy server's log grows by
# about a megabyte a second meanwhile).
CHECKPOINT_EVERY = 1.0
# Each setting is passed to the workers in the environment as ADVISOR_SERVE_<NAME>.
_ENV = "ADVISOR_SERVE_"
_log = logging.getLogger("advisor.web")


@dataclass(frozen=True)
class Settings:
    store: str | None = None  # None: SQLite in the user's data folder
    retain_days: float = DEFAULT_RETAIN_DAYS
    rate_limit: float = DEFAULT_RATE_LIMIT  # requests a minute per client; 0: none
    allow_origins: tuple[str, ...] = ()  # sites whose pages may call the API and frame the widget
    intents: str | None = None
    knowledge: str | None = None
    reload: bool = False  # load the pack again when its files change (for pack authors)
    reload_every: float = 1.0  # seconds between looks at the pack's files
    client_timeout: float = DEFAULT_CLIENT_TIMEOUT  # seconds a client may take to send headers, or a body
    max_connections: int = DEFAULT_MAX_CONNECTIONS  # a worker's open connections (web/protocol.py)

    def to_environment(self) -> dict[str, str]:
        values = {
            "STORE": self.store or "",
            "RETAIN_DAYS": str(self.retain_days),
            "RATE_LIMIT": str(self.rate_limit),
            "ALLOW_ORIGINS": json.dumps(list(self.allow_origins)),
            "INTENTS": self.intents or "",
            "KNOWLEDGE": self.knowledge or "",
            "RELOAD": "1" if self.reload else "",
            "CLIENT_TIMEOUT": str(self.client_timeout),
            "MAX_CONNECTIONS": str(self.max_connections),
        }
        return {_ENV + k: v for k, v in values.items()}

    @classmethod
    def from_environment(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)

        def get(name: str) -> str:
            return env.get(_ENV + name, "")

        return cls(
            store=get("STORE") or None,
            retain_days=float(get("RETAIN_DAYS") or DEFAULT_RETAIN_DAYS),
            rate_limit=float(get("RATE_LIMIT") or DEFAULT_RATE_LIMIT),
            allow_origins=tuple(json.loads(get("ALLOW_ORIGINS") or "[]")),
            intents=get("INTENTS") or None,
            knowledge=get("KNOWLEDGE") or None,
            reload=bool(get("RELOAD")),
            client_timeout=float(get("CLIENT_TIMEOUT") or DEFAULT_CLIENT_TIMEOUT),
            max_connections=int(get("MAX_CONNECTIONS") or DEFAULT_MAX_CONNECTIONS),
        )


def _static(name: str) -> bytes:
    return resources.files("advisor.web").joinpath("static", name).read_bytes()


def _content_security_policy(frame_ancestors: str) -> str:
    # Scripts, styles and requests come from this server only: no inline script, no CDN.
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors}"
    )


# The headers every answer of this server's own pages carries (the widget's frame, /embed,
# may be framed by other sites: Answered gives it its own policy).
_SECURITY_HEADERS = [
    (b"content-security-policy", _content_security_policy("'self'").encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def accepts_gzip(scope) -> bool:
    """Whether the request says it accepts gzip (Accept-Encoding), read from the raw headers."""
    return any(name == b"accept-encoding" and b"gzip" in value for name, value in scope["headers"])


class Compression(GZipMiddleware):
    """Starlette's gzip for a client that accepts it. One that does not (a script, curl, a
    load test) is answered through no wrapper at all: Starlette's would still read the
    headers of every answer to send them as they are (Answered adds their Vary header)."""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and not accepts_gzip(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _limited(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint behind the per-client rate limit (429 with Retry-After past it)."""

    async def limited(request: Request) -> Response:
        client = request.client.host if request.client else "unknown"
        wait = await request.app.state.limiter.wait(client)
        if wait:
            seconds = max(1, int(wait + 0.999))
            raise ApiError(429, "rate_limited", f"too many requests; try again in {seconds} s",
                           {"Retry-After": str(seconds)})  # fmt: skip
        return await endpoint(request)

    return limited


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _store_unavailable(request: Request, exc: Exception) -> Response:
    """503 while the store is down, full or damaged; what is wrong goes to the log (at most
    once in a while: logs.py), the client is told to try again with the same key."""
    _log.error("%s %s: %s", request.method, route_of(request.scope), exc)
    return error_response(
        503,
        "store_unavailable",
        f"conversations cannot be stored for now; try again in {STORE_RETRY_AFTER} s (a message sent again "
        "with the same Idempotency-Key is stored once)",
        {"Retry-After": str(STORE_RETRY_AFTER)},
    )


def route_of(scope) -> str:
    """The request's path as logged: a conversation's id, the key to read or delete it,
    is replaced by {id}."""
    return CONVERSATION_ID.sub("{id}", scope.get("path", ""))


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, its refused preflight answered in JSON like every other error. A
    preflight is answered here, never reaching Answered inside: its answer gets the
    security headers here."""

    def preflight_response(self, request_headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 200:
            refused = response.body.decode(errors="replace")  # "Disallowed CORS origin, method"
            response = error_response(403, "cors_refused", f"{refused}: this server only answers the sites it was "
                                      "told to allow (advisor serve --allow-origin)")  # fmt: skip
        for name, value in _SECURITY_HEADERS:
            response.headers[name.decode()] = value.decode()
        return response


_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _CODES.get(exc.status_code, "http_error")
    message = {404: "no such page or API path", 405: f"{request.method} is not allowed here"}.get(
        exc.status_code, str(exc.detail)
    )
    return error_response(exc.status_code, code, message, dict(exc.headers or {}))


class Answered:
    """Every answer's headers, and an answer to every request, in one wrapper (the innermost,
    so that a 500 carries the CORS headers like any answer; a CORS preflight, answered
    before it, gets its headers from JsonCORSMiddleware):
      - a Content-Security-Policy and related headers; the widget's frame (/embed) may be
        framed by the allowed sites (any site when none is set), the rest by this server's
        own pages only; and Vary: Accept-Encoding where Compression let the answer by;
      - an error the app did not expect is answered as JSON (500), never a traceback, and
        logged (Starlette's own handler of last resort sits outside every middleware)."""

    def __init__(self, app, allow_origins: tuple[str, ...]):
        self.app = app
        embed = _content_security_policy(" ".join(allow_origins) if allow_origins else "*").encode()
        framed = [(b"content-security-policy", embed), *_SECURITY_HEADERS[1:]]
        vary = [(b"vary", b"Accept-Encoding")]
        # The headers added: by (the widget's frame?, compressed by Compression?).
        self.added = {
            (False, True): _SECURITY_HEADERS,
            (False, False): [*_SECURITY_HEADERS, *vary],
            (True, True): framed,
            (True, False): [*framed, *vary],
        }

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.added[(scope["path"] == "/embed", accepts_gzip(scope))]
        started = False

        async def answering(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", ()), *added]}
            await send(message)

        try:
            await self.app(scope, receive, answering)
        except Exception:
            if started:  # part of the answer is sent: nothing can be said any more
                raise
            _log.exception("%s %s failed", scope["method"], route_of(scope))
            response = error_response(
                500,
                "internal",
                "the server failed to answer; the turn may or may not have been stored: send the message again "
                "with the same Idempotency-Key, or read the conversation first",
            )
            await response(scope, receive, answering)


def _page(body: bytes, media_type: str) -> Callable[[Request], Awaitable[Response]]:

    async def page(request: Request) -> Response:
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})

    return page


def _load(settings: Settings) -> Advisor:
    """The settings' pack, loaded as the server's own process may (the collector paused)."""
    return Advisor.load(settings.intents, settings.knowledge, pause_gc=True)


def reloader_for(settings: Settings) -> Reloader:
    """What watches the settings' pack and loads it again: make it before the first load,
    so that a file saved during that load is seen (watch.py)."""
    folders = pack_dirs(settings.intents, settings.knowledge)
    return Reloader(folders, lambda: _load(settings))


async def _watch(app: Starlette, settings: Settings, reloader: Reloader) -> None:
    """Look at the pack's files every `reload_every` seconds; when they change, load the
    pack again (in a thread: a load takes a while) and answer with it from then on. Every
    conversation goes on, as its state is kept apart from the pack; a pack that fails to
    load leaves the last one answering, and its problems are printed."""
    while True:
        await asyncio.sleep(settings.reload_every)
        bot = await asyncio.to_thread(reloader.reload_if_changed)
        if bot is not None:
            app.state.bot = bot


async def _expire(store) -> None:
    """Delete the conversations kept too long every EXPIRE_EVERY seconds, off the path of
    any request."""
    while True:
        await asyncio.sleep(EXPIRE_EVERY)
        await store.expire()


async def _checkpoint(store) -> None:
    """Checkpoint a SQLite file's write-ahead log every CHECKPOINT_EVERY seconds, in a thread,
    off the path of any request (SQLiteStore.checkpoint_elsewhere)."""
    store.checkpoint_elsewhere()
    while store.damage is None:
        await asyncio.sleep(CHECKPOINT_EVERY)
        await asyncio.to_thread(store.checkpoint)


async def _verify(store) -> None:
    """Read a SQLite file whole every VERIFY_EVERY seconds, in a thread: damage inside it
    stops the store (503) rather than letting it take turns a restart could not read."""
    while store.damage is None:
        await asyncio.sleep(VERIFY_EVERY)
        await asyncio.to_thread(store.verify)


def create_app(
    settings: Settings | None = None, bot: Advisor | None = None, reloader: Reloader | None = None
) -> Starlette:
    """The web app. `bot` (already loaded) is used as it is; else the pack the settings
    name is loaded when the app starts. With `settings.reload`, `reloader` watches the
    pack (made before `bot` was loaded); else one is made before the app loads it."""
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        rate_limit_logs()
        watcher = (reloader or reloader_for(settings)) if settings.reload else None
        app.state.bot = bot or _load(settings)
        app.state.body_seconds = settings.client_timeout
        app.state.store = open_store(settings.store, settings.retain_days)
        store = app.state.store
        shared = isinstance(store, RedisStore)  # every worker counts against the same buckets
        app.state.limiter = (
            SharedRateLimiter(store.redis, settings.rate_limit, prefix=store.prefix)
            if shared
            else RateLimiter(settings.rate_limit)
        )
        await app.state.store.expire()  # before the first request, not only soon after
        tasks = [asyncio.create_task(_expire(app.state.store))]
        if hasattr(store, "verify"):
            tasks.append(asyncio.create_task(_verify(store)))
            tasks.append(asyncio.create_task(_checkpoint(store)))
        if watcher is not None:
            tasks.append(asyncio.create_task(_watch(app, settings, watcher)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await app.state.store.close()

    from .. import __version__

    index = _static("index.html")
    # The API's busiest routes first: a request is matched against each route in turn.
    routes = [
        Route("/api/conversations/{id}/messages", _limited(api.post_message), methods=["POST"]),
        Route("/api/ask", _limited(api.ask), methods=["POST"]),
        Route("/api/conversations", _limited(api.create_conversation), methods=["POST"]),
        Route("/api/conversations/{id}", api.get_conversation, methods=["GET"]),
        Route("/api/conversations/{id}", _limited(api.delete_conversation), methods=["DELETE"]),
        Route("/api/welcome", api.welcome),
        Route("/healthz", api.health),
        Route("/", _page(index, "text/html; charset=utf-8")),
        # The widget's frame: the chat page, marked so that it fits a frame and can close it.
        Route("/embed", _page(index.replace(b"<body>", b'<body class="embedded">'), "text/html")),
        Route("/widget.js", _page(_static("widget.js"), "text/javascript; charset=utf-8")),
        Route("/api/openapi.json", _page(json.dumps(document(__version__)).encode(), "application/json")),
        Mount("/static", StaticFiles(packages=[("advisor.web", "static")]), name="static"),
    ]
    middleware = [Middleware(Compression)]
    if settings.allow_origins:
        middleware.append(
            Middleware(
                JsonCORSMiddleware,
                allow_origins=list(settings.allow_origins),
                allow_methods=["GET", "POST", "DELETE"],
                allow_headers=["Content-Type", "Idempotency-Key"],
            )
        )
    middleware.append(Middleware(Answered, allow_origins=settings.allow_origins))  # last: the innermost
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, StoreUnavailable: _store_unavailable},
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """The app for uvicorn's workers (`advisor serve` sets the environment)."""
    return create_app(Settings.from_environment())
