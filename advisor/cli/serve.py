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
    serve.add_argument("--workers", type=int, default=1, help="worker processes (share them with a Redis store)")
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a site (https://example.org) whose pages may call the API and frame the widget; repeatable",
    )
    serve.add_argument(
        "--retain-days", type=float, default=30.0, help="days a conversation is kept after its last turn"
    )
    serve.add_argument(
        "--reload", action="store_true", help="load the pack again when its files change (for pack authors)"
    )
    serve.add_argument(
        "--rate-limit",
        type=float,
        default=120.0,
        metavar="PER_MINUTE",
        help="API requests a minute per client (0: none)",
    )


def serve(args: argparse.Namespace, load) -> int:
    try:
        import uvicorn

        from ..storage.stores import open_store
        from ..web.app import Settings, create_app
    except ImportError:
        print("advisor: 'advisor serve' needs the web extra: pip install 'advisor[web]'", file=sys.stderr)
        return 2
    if args.workers < 1 or not 0 < args.port < 65536 or args.retain_days <= 0 or args.rate_limit < 0:
        print("advisor: --workers must be 1 or more, --port 1-65535, --retain-days over 0, --rate-limit 0 or more",
              file=sys.stderr)  # fmt: skip
        return 2
    bot = load(args)  # a pack that cannot load stops here, with its problems listed
    settings = Settings(
        store=args.store,
        retain_days=args.retain_days,
        rate_limit=args.rate_limit,
        allow_origins=tuple(args.allow_origin),
        intents=str(args.intents) if args.intents else None,
        knowledge=str(args.knowledge) if args.knowledge else None,
        reload=args.reload,
    )
    try:
        _check_store(open_store(settings.store, settings.retain_days))
    except StoreError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    where = settings.store or "SQLite in your data folder"
    print(f"advisor: serving on http://{args.host}:{args.port}/ (conversations in {where}); Ctrl-C stops",
          file=sys.stderr)  # fmt: skip
    # No access log: it would keep every client's address, and the channel keeps only turns.
    options = {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        "log_level": "warning",
        "http": "advisor.web.protocol:NoDelayH11Protocol",
    }
    if args.workers == 1:
        uvicorn.run(create_app(settings, bot), **options)
    else:
        os.environ.update(settings.to_environment())
        uvicorn.run("advisor.web.app:app_from_environment", factory=True, workers=args.workers, **options)
    return 0


def _check_store(store) -> None:
    async def check() -> None:
        try:
            if not await store.ping():
                raise StoreError(f"cannot reach the store {getattr(store, 'url', '')}: is the server running?")
        finally:
            await store.close()

    asyncio.run(check())
