"""`advisor serve`: the web channel (a JSON API, the chat page and the widget) on uvicorn.

The pack and the store are checked before the server starts, so a broken pack or an
unreachable Redis is an error message and exit code 2, not a traceback in a worker.
With `--workers N` uvicorn starts N processes, each importing the app by name
(`advisor.web.app:app_from_environment`) with the settings passed in the environment.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from ..errors import StoreError
from ..storage import DEFAULT_RETAIN_DAYS
from ..web import DEFAULT_CLIENT_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_RATE_LIMIT


def add_parser(sub) -> None:
    serve = sub.add_parser("serve", help="serve the chat page, the widget and the JSON API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--store",
        metavar="URL",
        help="where conversations are kept: sqlite:///PATH or redis://HOST:PORT/DB "
        "(default: SQLite in your data folder)",
    )
    serve.add_argument("--workers", type=int, default=1, help="worker processes (more than 1 needs a Redis store)")
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a site (https://example.org) whose pages may call the API and frame the widget; repeatable",
    )
    serve.add_argument(
        "--retain-days",
        type=float,
        default=DEFAULT_RETAIN_DAYS,
        help=f"days a conversation is kept after its last turn (default: {DEFAULT_RETAIN_DAYS:g})",
    )
    serve.add_argument(
        "--reload", action="store_true", help="load the pack again when its files change (for pack authors)"
    )
    serve.add_argument(
        "--rate-limit",
        type=float,
        default=DEFAULT_RATE_LIMIT,
        metavar="PER_MINUTE",
        help=f"API requests a minute per client (0: none; default: {DEFAULT_RATE_LIMIT:g})",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        "--trust-proxy",
        dest="trust_proxy",
        metavar="IPS",
        default="",
        help="addresses of a reverse proxy whose X-Forwarded-For names the client (comma-separated); "
        "by default the header is ignored, so no client can name itself another to pass the rate limit",
    )
    serve.add_argument(
        "--client-timeout",
        type=float,
        default=DEFAULT_CLIENT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds a client may take to send a request's headers, and its body (default: "
        f"{DEFAULT_CLIENT_TIMEOUT:g}); a slower one gets 408",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        metavar="N",
        help=f"open connections a worker keeps (default: {DEFAULT_MAX_CONNECTIONS}, fewer if the process may "
        "not open that many files); past it a new one gets 503",
    )
    serve.add_argument(
        "--http",
        choices=("auto", "httptools", "h11"),
        default="auto",
        help="the HTTP parser: httptools (in C) where it is installed, else h11 (pure Python); default: auto",
    )


def serve(args: argparse.Namespace, load) -> int:
    try:
        import uvicorn

        from ..storage.stores import RedisStore, open_store
        from ..web.app import Settings, create_app, reloader_for
        from ..web.protocol import guarded_protocol
    except ImportError:
        print("advisor: 'advisor serve' needs the web extra: pip install 'advisor[web]'", file=sys.stderr)
        return 2
    try:
        protocol = guarded_protocol(args.http)
    except ImportError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    wrong = [rule for rule, ok in (
        ("--workers must be 1 or more", args.workers >= 1),
        ("--port must be 1-65535", 0 < args.port < 65536),
        ("--retain-days must be over 0", args.retain_days > 0),
        ("--rate-limit must be 0 or more", args.rate_limit >= 0),
        ("--client-timeout must be over 0", args.client_timeout > 0),
        ("--max-connections must be 1 or more", args.max_connections >= 1),
    ) if not ok]  # fmt: skip
    if wrong:
        print(f"advisor: {'; '.join(wrong)}", file=sys.stderr)
        return 2
    settings = Settings(
        store=args.store,
        retain_days=args.retain_days,
        rate_limit=args.rate_limit,
        allow_origins=tuple(args.allow_origin),
        intents=str(args.intents) if args.intents else None,
        knowledge=str(args.knowledge) if args.knowledge else None,
        reload=args.reload,
        client_timeout=args.client_timeout,
        max_connections=args.max_connections,
    )
    reloader = reloader_for(settings) if args.reload and args.workers == 1 else None
    bot = load(args)  # a pack that cannot load stops here, with its problems listed
    try:
        store = open_store(settings.store, settings.retain_days)
        _check_store(store)
    except StoreError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    if args.workers > 1 and not isinstance(store, RedisStore):
        # Each SQLite turn holds the file's write lock, and a worker waiting for it can serve
        # nothing else meanwhile: several workers would only stall one another.
        print("advisor: SQLite serves one worker; for --workers 2 or more keep conversations in Redis: "
              "--store redis://HOST:PORT/DB", file=sys.stderr)  # fmt: skip
        return 2
    where = settings.store or "SQLite in your data folder"
    print(f"advisor: serving on http://{args.host}:{args.port}/ (conversations in {where}); Ctrl-C stops",
          file=sys.stderr)  # fmt: skip
    # Every worker's app and protocol read the settings from the environment (web/protocol.py).
    os.environ.update(settings.to_environment())
    # No access log: it would keep every client's address, and the channel keeps only turns.
    options = {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        "log_level": "warning",
        "http": protocol,  # uvicorn's event loop is uvloop's where it is installed ("auto")
        # A client is its connection's address unless a proxy the operator trusts says
        # otherwise (uvicorn would trust X-Forwarded-For from 127.0.0.1 by default).
        "proxy_headers": bool(args.trust_proxy),
        **({"forwarded_allow_ips": args.trust_proxy} if args.trust_proxy else {}),
    }
    if args.workers == 1:
        uvicorn.run(create_app(settings, bot, reloader), **options)
    else:
        del bot  # each worker loads its own: this process only watches them
        uvicorn.run("advisor.web.app:app_from_environment", factory=True, workers=args.workers, **options)
    return 0


def _check_store(store) -> None:
    """The store can be written to, a SQLite file is whole (quick_check) and a Redis one
    keeps what it is given (a warning when it does not): before serving, not at the first
    turn."""

    async def check() -> None:
        try:
            if hasattr(store, "check"):
                store.check()
            problem = await store.health()
            if problem is not None:
                raise StoreError(f"{problem.rstrip('.')}; is it running, and can it be written to?")
            warning = await store.durability_warning() if hasattr(store, "durability_warning") else None
            if warning:
                print(f"advisor: warning: {warning}", file=sys.stderr)
        finally:
            await store.close()

    asyncio.run(check())
