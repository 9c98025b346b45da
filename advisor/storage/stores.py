"""Where the web channel keeps conversations: SQLite (one machine) or Redis (any number of
workers and machines).

A conversation is its dialogue state and its turns. `Store.take_turn` reads the state,
has the engine answer, and writes the new state and the turn as one step, so two messages
to one conversation at the same moment are applied one after the other, each seeing the
other's state, and neither is lost:
 - SQLite: the step is one `BEGIN IMMEDIATE` transaction (the database's write lock holds
   other processes off until it commits); the database runs in WAL mode.
 - Redis: optimistic concurrency. The conversation's key is WATCHed while the state is read
   and the answer computed; the write is a MULTI/EXEC that fails if another worker wrote
   first, and then the step is taken again on the new state.
Conversations expire `retain_days` after their last turn: a Redis key carries its time to
live; SQLite's are deleted by `expire()`, which only the server calls (a chat that keeps its
turns in the same file never deletes the server's). Nothing about the client is kept: only
the turns (what was said, the reply and when).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Protocol
from urllib.parse import urlparse

from ..errors import StoreError
from . import DEFAULT_RETAIN_DAYS

# The engine's step: the saved state in, the reply (as JSON-safe data) and the new state out.
Respond = Callable[[dict | None], tuple[dict, dict]]

# 128 bits from `secrets`, in hex: 32 characters that no shell or command line misreads
# (an id from token_urlsafe may start with "-", which reads as an option).
ID_BYTES = 16
# How many times a command is sent again on a fresh connection after a connection error.
REDIS_RECONNECTS = 3
# Seconds a Redis command may wait for its answer.
REDIS_TIMEOUT = 5.0
# How many times a Redis step is retried when other workers keep writing first.
REDIS_RETRIES = 100


@dataclass(frozen=True)
class StoredTurn:
    """One turn as kept: its number (1 for the first), what the user said, the reply as
    JSON-safe data, when (ISO 8601, UTC), and the version of the pack that answered. What
    review reads of the reply (its intent, confidence, outcome and the attribute a declined
    question asked) is read from the reply itself."""

    n: int
    user: str
    reply: dict
    at: str
    pack: str = ""

    @property
    def intent(self) -> str | None:
        return self.reply.get("intent")

    @property
    def confidence(self) -> float:
        return float(self.reply.get("confidence") or 0.0)

    @property
    def outcome(self) -> str:
        """ "answered", "fallback", "clarification" or "declined"."""
        return str(self.reply.get("outcome") or "answered")

    @property
    def attribute(self) -> str | None:
        return self.reply.get("attribute")

    def to_dict(self) -> dict:
        """The turn as the API gives it: the intent too, the topic at a glance."""
        return {**asdict(self), "intent": self.intent}


def new_id() -> str:
    return secrets.token_hex(ID_BYTES)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Store(Protocol):
    async def create(self) -> str: ...

    async def take_turn(
        self, conversation: str, text: str, respond: Respond, pack: str = "", key: str | None = None
    ) -> StoredTurn | None:
        """Answer `text` in the conversation and keep the turn (answered by the pack of
        version `pack`); None when there is no such conversation. A `key` the client sent
        with the message (its Idempotency-Key) that already took a turn of this
        conversation gets that turn back: a message sent again after an unclear failure
        is stored once."""
        ...

    async def turns(self, conversation: str) -> list[StoredTurn] | None: ...

    async def all_turns(self, since: str | None = None) -> dict[str, list[StoredTurn]]:
        """Every kept conversation's turns (those at or after `since`, an ISO date or
        time), by conversation id."""
        ...

    async def delete(self, conversation: str) -> bool: ...

    async def expire(self) -> int:
        """Delete conversations idle for longer than they are kept; how many went."""
        ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    state TEXT,                 -- the dialogue state as JSON; NULL before the first turn
    turns INTEGER NOT NULL,
    updated REAL NOT NULL       -- seconds since the epoch of the last turn, for expiry
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    user TEXT NOT NULL,
    reply TEXT NOT NULL,        -- the reply as JSON
    at TEXT NOT NULL,
    pack TEXT NOT NULL,         -- the version of the pack that answered
    PRIMARY KEY (conversation, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS turns_at ON turns (at);
CREATE TABLE IF NOT EXISTS request_keys (  -- a client's Idempotency-Key: the turn it took
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (conversation, key)
) WITHOUT ROWID;
"""
_TURN_FIELDS = "n, user, reply, at, pack"


def _stored(row) -> StoredTurn:
    n, user, reply, at, pack = row
    return StoredTurn(n, user, json.loads(reply), at, pack)


class SQLiteStore:
    """Conversations in one SQLite file. Its methods do no I/O but the database's, which
    takes well under a millisecond, so they run on the event loop."""

    def __init__(self, path: Path, retain_days: float = DEFAULT_RETAIN_DAYS):
        self.path = path
        self.retain = retain_days * 86400
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: transactions are begun explicitly, as BEGIN IMMEDIATE.
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it safe against crashes
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the conversation database {path}: {exc}. Check the folder can be written."
            ) from None

    async def create(self) -> str:
        conversation = new_id()
        self.db.execute("INSERT INTO conversations (id, state, turns, updated) VALUES (?, NULL, 0, ?)",
                        (conversation, time.time()))  # fmt: skip
        return conversation

    async def take_turn(
        self, conversation: str, text: str, respond: Respond, pack: str = "", key: str | None = None
    ) -> StoredTurn | None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT state, turns FROM conversations WHERE id = ?", (conversation,)).fetchone()
            if row is None:
                db.execute("ROLLBACK")
                return None
            if key is not None:
                taken = db.execute(
                    f"SELECT {_TURN_FIELDS} FROM turns JOIN request_keys USING (conversation, n) "
                    "WHERE conversation = ? AND key = ?",
                    (conversation, key),
                ).fetchone()
                if taken is not None:  # sent again: the turn it took the first time
                    db.execute("ROLLBACK")
                    return _stored(taken)
            reply, state = respond(json.loads(row[0]) if row[0] else None)
            turn = StoredTurn(row[1] + 1, text, reply, _now(), pack)
            db.execute(
                f"INSERT INTO turns (conversation, {_TURN_FIELDS}) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation, turn.n, turn.user, json.dumps(turn.reply), turn.at, turn.pack),
            )
            db.execute(
                "UPDATE conversations SET state = ?, turns = ?, updated = ? WHERE id = ?",
                (json.dumps(state), turn.n, time.time(), conversation),
            )
            if key is not None:
                kept = (conversation, key, turn.n)
                db.execute("INSERT INTO request_keys (conversation, key, n) VALUES (?, ?, ?)", kept)
            db.execute("COMMIT")
            return turn
        except BaseException:
            db.execute("ROLLBACK")
            raise

    async def turns(self, conversation: str) -> list[StoredTurn] | None:
        if self.db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation,)).fetchone() is None:
            return None
        rows = self.db.execute(f"SELECT {_TURN_FIELDS} FROM turns WHERE conversation = ? ORDER BY n", (conversation,))
        return [_stored(row) for row in rows]

    async def all_turns(self, since: str | None = None) -> dict[str, list[StoredTurn]]:
        rows = self.db.execute(
            f"SELECT conversation, {_TURN_FIELDS} FROM turns WHERE at >= ? ORDER BY conversation, n", (since or "",)
        )
        found: dict[str, list[StoredTurn]] = {}
        for row in rows:
            found.setdefault(row[0], []).append(_stored(row[1:]))
        return found

    async def delete(self, conversation: str) -> bool:
        return self.db.execute("DELETE FROM conversations WHERE id = ?", (conversation,)).rowcount > 0

    async def expire(self) -> int:
        cutoff = time.time() - self.retain
        return self.db.execute("DELETE FROM conversations WHERE updated < ?", (cutoff,)).rowcount

    async def ping(self) -> bool:
        return self.db.execute("SELECT 1").fetchone() == (1,)

    async def close(self) -> None:
        self.db.close()


class RedisStore:
    """Conversations in Redis, shared by every worker that points at the same server."""

    def __init__(self, url: str, retain_days: float = DEFAULT_RETAIN_DAYS, prefix: str = "advisor"):
        try:
            import redis.asyncio as redis
        except ImportError:  # pragma: no cover - the web extra installs it
            raise StoreError("a Redis store needs the redis client: pip install 'advisor[web]'") from None
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError

        self.url = url
        # A connection left in the pool from before a Redis restart fails once: it is made
        # again and the command retried, rather than the request failing.
        # Only a connection error is retried: a timeout sent again would wait as long again
        # (redis-py retries timeouts too unless told which errors to retry).
        backoff = ExponentialBackoff(cap=1.0, base=0.05)
        retry = Retry(backoff, REDIS_RECONNECTS, supported_errors=(RedisConnectionError,))
        # A frozen Redis answers nothing: a command gives up after REDIS_TIMEOUT seconds (and the
        # request gets a JSON error) rather than holding the request for ever.
        self.redis = redis.Redis.from_url(
            url,
            retry=retry,
            retry_on_error=[RedisConnectionError],
            health_check_interval=30,
            socket_timeout=REDIS_TIMEOUT,
            socket_connect_timeout=REDIS_TIMEOUT,
        )
        self.ttl = max(1, int(retain_days * 86400))
        self.prefix = prefix
        self._watch_error = redis.WatchError

    def _keys(self, conversation: str) -> tuple[str, str]:
        return f"{self.prefix}:conversation:{conversation}", f"{self.prefix}:turns:{conversation}"

    async def create(self) -> str:
        conversation = new_id()
        key, _ = self._keys(conversation)
        async with self.redis.pipeline(transaction=True) as pipe:  # never a key without its time to live
            await pipe.hset(key, mapping={"state": "", "turns": 0}).expire(key, self.ttl).execute()
        return conversation

    async def take_turn(
        self, conversation: str, text: str, respond: Respond, pack: str = "", key: str | None = None
    ) -> StoredTurn | None:
        request_key = key
        key, turns_key = self._keys(conversation)
        # The write carries a token of this call. A WatchError can mean another worker wrote
        # first, or that the connection dropped after EXEC, when the write may have landed:
        # the token in the hash tells which, so a turn is never taken twice.
        token = secrets.token_hex(8)
        turn = None
        async with self.redis.pipeline(transaction=True) as pipe:
            for _ in range(REDIS_RETRIES):
                try:
                    if turn is not None and await self.redis.hget(key, "token") == token.encode():
                        return turn  # the last attempt's write landed before its connection dropped
                    await pipe.watch(key)
                    saved = await pipe.hgetall(key)
                    if not saved:
                        await pipe.unwatch()
                        return None
                    taken = saved.get(f"key:{request_key}".encode()) if request_key is not None else None
                    if taken is not None:  # sent again: the turn it took the first time
                        await pipe.unwatch()
                        raw = await self.redis.lindex(turns_key, int(taken) - 1)
                        return StoredTurn(**json.loads(raw)) if raw else None
                    state = saved.get(b"state") or b""
                    reply, new_state = respond(json.loads(state) if state else None)
                    turn = StoredTurn(int(saved[b"turns"]) + 1, text, reply, _now(), pack)
                    pipe.multi()
                    written = {"state": json.dumps(new_state), "turns": turn.n, "token": token}
                    if request_key is not None:
                        written[f"key:{request_key}"] = turn.n
                    pipe.hset(key, mapping=written)
                    pipe.rpush(turns_key, json.dumps(asdict(turn)))
                    pipe.expire(key, self.ttl)
                    pipe.expire(turns_key, self.ttl)
                    await pipe.execute()
                    return turn
                except self._watch_error:
                    continue  # another worker wrote first: take the step again on its state
        raise StoreError(f"conversation {conversation} kept changing under {REDIS_RETRIES} attempts to answer")

    async def turns(self, conversation: str) -> list[StoredTurn] | None:
        key, turns_key = self._keys(conversation)
        if not await self.redis.exists(key):
            return None
        return [StoredTurn(**json.loads(raw)) for raw in await self.redis.lrange(turns_key, 0, -1)]

    async def all_turns(self, since: str | None = None) -> dict[str, list[StoredTurn]]:
        found: dict[str, list[StoredTurn]] = {}
        prefix = f"{self.prefix}:turns:"
        async for key in self.redis.scan_iter(match=prefix + "*", count=500):
            name = key.decode() if isinstance(key, bytes) else key
            turns = [StoredTurn(**json.loads(raw)) for raw in await self.redis.lrange(name, 0, -1)]
            kept = [t for t in turns if not since or t.at >= since]
            if kept:
                found[name[len(prefix) :]] = kept
        return found

    async def delete(self, conversation: str) -> bool:
        return await self.redis.delete(*self._keys(conversation)) > 0

    async def expire(self) -> int:
        return 0  # keys carry their own time to live, renewed at every turn

    async def ping(self) -> bool:
        try:
            return bool(await self.redis.ping())
        except Exception:
            return False

    async def durability_warning(self) -> str | None:
        """What a Redis that keeps nothing on disk would lose, said before serving: with
        neither an append-only file nor snapshots, a restart loses every conversation; with
        snapshots only, what came since the last one. None when it cannot tell (CONFIG may
        be disabled on a managed Redis) or when every write is logged."""
        try:
            config = await self.redis.config_get("appendonly", "save")
        except Exception:
            return None
        value = {(k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
                 for k, v in config.items()}  # fmt: skip
        if value.get("appendonly") == "yes":
            return None
        if not value.get("save"):
            return (f"Redis at {self.url} keeps nothing on disk (no appendonly, no save): a restart loses every "
                    "conversation. Turn on appendonly yes to keep every acknowledged turn.")  # fmt: skip
        return (f"Redis at {self.url} only takes snapshots (appendonly no): a crash loses the turns since the last "
                "one. Turn on appendonly yes to keep every acknowledged turn.")  # fmt: skip

    async def close(self) -> None:
        await self.redis.aclose()


def default_database() -> Path:
    """The SQLite file in the user's data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("advisor")) / "conversations.sqlite3"


def open_store(url: str | None, retain_days: float = DEFAULT_RETAIN_DAYS) -> Any:
    """The store a URL names: None or `sqlite:///PATH` (SQLite), `redis://HOST:PORT/DB`."""
    if not url:
        return SQLiteStore(default_database(), retain_days)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite://") :]
        if not path or path == "/":
            raise StoreError(f"{url!r} names no file: write sqlite:///path/to/file.sqlite3")
        return SQLiteStore(Path(path[1:] if path.startswith("//") else path), retain_days)
    if parsed.scheme in ("redis", "rediss", "unix"):
        return RedisStore(url, retain_days)
    raise StoreError(f"unknown store {url!r}: use sqlite:///PATH or redis://HOST:PORT/DB")
