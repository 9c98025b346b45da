"""`advisor review`, `forget` and `backup`: what the stored conversations show a pack's
authors, a stored conversation as a transcript, deleting one, and a copy of them all.

    advisor review [--store URL] [--since DATE] [--json]
    advisor review --list [--store URL] [--since DATE] [--json]
    advisor review --export ID FILE.chat [--store URL]
    advisor forget ID [--store URL]
    advisor backup FILE [--store URL]

The store is the one `advisor serve` uses: SQLite in the user's data folder unless
`--store` names another (sqlite:///PATH or redis://HOST:PORT/DB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date
from pathlib import Path

from ..errors import StoreError

STORE_HELP = "the conversation store: sqlite:///PATH or redis://HOST:PORT/DB (default: SQLite in your data folder)"


def add_parsers(sub) -> None:
    review = sub.add_parser("review", help="what people asked that the pack could not answer (stored conversations)")
    review.add_argument("--store", metavar="URL", help=STORE_HELP)
    review.add_argument("--since", metavar="DATE", help="only turns from this day on (YYYY-MM-DD)")
    review.add_argument("--json", action="store_true", help="print the review as JSON")
    review.add_argument(
        "--list", action="store_true", help="list the stored conversations: id, first question, turns, last activity"
    )
    review.add_argument(
        "--export", nargs=2, metavar=("ID", "FILE.chat"), help="write one stored conversation as a transcript test"
    )
    forget = sub.add_parser("forget", help="delete a stored conversation and its turns")
    forget.add_argument("id", metavar="ID", help="the conversation's id")
    forget.add_argument("--store", metavar="URL", help=STORE_HELP)
    backup = sub.add_parser(
        "backup",
        help="copy a SQLite conversation store to a new file, safely while a server uses it",
        description="Copies the store with SQLite's online backup, so a running server goes on. To restore: "
        "stop the server, copy FILE over the store's file (removing its -wal and -shm files), start it again.",
    )
    backup.add_argument("file", metavar="FILE", help="the new file to write the copy to")
    backup.add_argument("--store", metavar="URL", help=STORE_HELP)


def _open(url: str | None):
    from ..storage.stores import open_store

    return open_store(url)


def _run(store, awaitable):
    async def run():
        try:
            return await awaitable
        finally:
            await store.close()

    return asyncio.run(run())


def review_command(args: argparse.Namespace, load) -> int:
    since = args.since
    if since is not None:
        try:
            since = date.fromisoformat(since).isoformat()
        except ValueError:
            print(f"advisor: --since takes a day as YYYY-MM-DD, not {args.since!r}", file=sys.stderr)
            return 2
    bot = load(args)
    try:
        store = _open(args.store)
        if args.export:
            return _export(bot, store, *args.export)
        conversations = _run(store, store.all_turns(since))
    except StoreError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    if args.list:
        return _list(conversations, args.json)
    from ..storage.review import render, review

    result = review(bot, conversations)
    print(json.dumps(result.to_dict(), indent=2) if args.json else render(result, bot.version))
    return 0


# Characters of a first question shown in the list.
FIRST_QUESTION_CHARS = 60


def _list(conversations: dict, as_json: bool) -> int:
    """The stored conversations, the latest first: the id (for --export and forget), the
    first question, how many turns, and when the last one was."""
    rows = sorted(
        ((c, turns[0].user, len(turns), turns[-1].at) for c, turns in conversations.items() if turns),
        key=lambda row: row[3],
        reverse=True,
    )
    if as_json:
        keys = ("id", "first_question", "turns", "last_activity")
        print(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No stored conversations.")
        return 0
    print(f"{'id':<32}  {'turns':>5}  {'last activity':<20}  first question")
    for conversation, first, turns, at in rows:
        shown = " ".join(first.split())
        if len(shown) > FIRST_QUESTION_CHARS:
            shown = shown[: FIRST_QUESTION_CHARS - 1] + "…"
        print(f"{conversation:<32}  {turns:>5}  {at:<20}  {shown}")
    print(f"{len(rows)} conversation(s). Export one: advisor review --export ID FILE.chat")
    return 0


def _export(bot, store, conversation: str, path: str) -> int:
    """The stored conversation's questions, asked again of the current pack and written as
    a transcript (so it replays green); the answers that differ from the stored ones are
    counted, since the pack may have changed."""
    from .record import Recorder

    turns = _run(store, store.turns(conversation))
    if turns is None:
        print(f"advisor: no stored conversation {conversation}", file=sys.stderr)
        return 2
    try:
        recorder = Recorder(Path(path), header=f"Exported from stored conversation {conversation}")
    except OSError as exc:
        print(f"advisor: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    talk = bot.conversation()
    changed = 0
    with recorder:
        for turn in turns:
            reply = talk.ask(turn.user)
            recorder.turn(turn.user, reply)
            changed += reply.text != turn.reply.get("text")
    note = f"; {changed} answer(s) differ from the stored ones: the pack has changed since" if changed else ""
    print(f"advisor: wrote {len(turns)} turn(s) to {path}{note}", file=sys.stderr)
    return 0


def forget_command(args: argparse.Namespace) -> int:
    try:
        store = _open(args.store)
        gone = _run(store, store.delete(args.id))
    except StoreError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    if not gone:
        print(f"advisor: no stored conversation {args.id}", file=sys.stderr)
        return 2
    print(f"advisor: deleted conversation {args.id} and its turns", file=sys.stderr)
    return 0


def backup_command(args: argparse.Namespace) -> int:
    from ..storage.stores import SQLiteStore

    target = Path(args.file)
    if target.exists():
        print(f"advisor: {target} exists; give a new file name, so that no backup is overwritten", file=sys.stderr)
        return 2
    try:
        store = _open(args.store)
        if not isinstance(store, SQLiteStore):
            asyncio.run(store.close())
            print("advisor: a Redis store is backed up by Redis itself: copy its append-only file or its "
                  "dump.rdb (after BGSAVE)", file=sys.stderr)  # fmt: skip
            return 2
        try:
            size = store.backup(target)
        finally:
            asyncio.run(store.close())
        copy = SQLiteStore(target)
        try:
            copy.check()
            kept = _run(copy, copy.all_turns())
        except StoreError:
            target.unlink(missing_ok=True)
            raise
    except (StoreError, OSError) as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    turns = sum(len(t) for t in kept.values())
    print(f"advisor: copied {len(kept):,} conversation(s), {turns:,} turn(s), to {target} ({size:,} bytes); "
          "checked whole", file=sys.stderr)  # fmt: skip
    return 0
