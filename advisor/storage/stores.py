"""Where the web channel keeps conversations: SQLite (one machine) or Redis (any number of
workers and machines).

A conversation is its dialogue state and its turns. `Store.take_turn` reads the state,
has the engine answer, and writes the new state and the turn as one step, so two messages
to one conversation at the same moment are applied one after the other, each seeing the
other's state, and neither is lost:
 - SQLite: the step is one `BEGIN IMMEDIATE` transaction (the database's write lock holds
   other processes off until it commits); the database runs in WAL mode.
 - Redis: optimistic concurrency, in two round trips. The conversation is read (HGETALL)
   and the answer computed; the write is a script that writes only if the conversation
   still has the turns it had when read, else the step is taken again on the new state.
Conversations expire `retain_days` after their last turn: a Redis key carries its time to
live; SQLite's are deleted by `expire()`, which only the server calls (a chat that keeps its
turns in the same file never deletes the server's). Nothing about the client is kept: only
the turns (what was said, the reply and when).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import sqlite3
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Callable, Protocol
from urllib.parse import urlparse

from ..errors import StoreError, StoreUnavailable
from . import DEFAULT_RETAIN_DAYS, private_file

# The engine's step: the saved state in (JSON text, None for a new conversation); the reply
# (as JSON-safe data, and as the JSON text kept) and the new state (as JSON text) out. Texts,
# so that a state or a reply is encoded and decoded once a turn (session.EngineStep).
Respond = Callable[[str | None], tuple[dict, str, str]]

# 128 bits from `secrets`, in hex: 32 characters that no shell or command line misreads
# (an id from token_urlsafe may start with "-", which reads as an option).
ID_BYTES = 16
# What an id looks like, and an id found in a text (a path, an error) to keep out of logs.
ID_PATTERN = f"[0-9a-f]{{{2 * ID_BYTES}}}"
CONVERSATION_ID = re.compile(ID_PATTERN)
# How many times a command is sent again on a fresh connection after a connection error.
REDIS_RECONNECTS = 3
# Seconds a Redis command may wait for its answer.
REDIS_TIMEOUT = 5.0
# How many times a Redis step is retried when other workers keep writing first.
REDIS_RETRIES = 100
# Seconds a SQLite step waits for the file's write lock (another process holding it).
BUSY_SECONDS = 10.0
# Seconds the health check waits for a store, at most.
HEALTH_SECONDS = 0.5
# How every SQLite file begins.
SQLITE_HEADER = b"SQLite format 3\x00"
_RESTORE = ("Restore the file from a backup (advisor backup) or move it aside, then restart the server; "
            "send the message again later with the same Idempotency-Key")  # fmt: skip
_log = logging.getLogger("advisor.store")


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

    @property
    def parts(self) -> tuple[str, ...]:
        """The intents that answered each part of a message of several ("" for none)."""
        return tuple(self.reply.get("parts") or ())

    def to_dict(self) -> dict:
        """The turn as the API gives it: the intent too, the topic at a glance."""
        return {**asdict(self), "intent": self.intent}


def _turn_json(turn: StoredTurn, reply_text: str) -> str:
    """A turn as JSON, with its reply as the JSON text the engine's step made (not encoded again)."""
    others = {f.name: getattr(turn, f.name) for f in fields(StoredTurn) if f.name != "reply"}
    return json.dumps(others)[:-1] + ', "reply": ' + reply_text + "}"


def new_id() -> str:
    return secrets.token_hex(ID_BYTES)


def _now() -> str:
    """Now, in UTC, as ISO 8601 to the second: 2026-12-03T09:30:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


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

    async def health(self) -> str | None:
        """None when a turn could be stored now; else what is wrong, in words."""
        ...

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
CREATE TABLE IF NOT EXISTS health (         -- one row, written by the health check
    id INTEGER PRIMARY KEY,
    checked REAL NOT NULL
);
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
    takes well under a millisecond, so they run on the event loop.

    Before each step it checks that the file is still the one it opened, no shorter than it
    was (SQLite never shrinks a file that is not vacuumed) and still starts as a database: a
    file deleted, replaced, truncated or overwritten under a running server would otherwise
    take turns that vanish at the next restart. Once damaged, the store refuses every step
    (StoreUnavailable) until the file is restored and the server restarted."""

    def __init__(self, path: Path, retain_days: float = DEFAULT_RETAIN_DAYS):
        self.path = path
        self.retain = retain_days * 86400
        self.damage: str | None = None  # what is wrong with the file, once found
        wal = path.with_name(path.name + "-wal")
        if not path.exists() and wal.exists():
            raise StoreError(
                f"the conversation database {path} is missing but its write-ahead log {wal} is there: the file "
                f"was deleted or moved. Restore it from a backup, or delete {wal} to start with no conversations."
            )
        try:
            private_file(path)
            # Autocommit: transactions are begun explicitly, as BEGIN IMMEDIATE.
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it safe against crashes
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
            self._file = open(path, "rb")  # the file opened, to read its header as it is now
            opened = os.fstat(self._file.fileno())
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the conversation database {path}: {exc}. Check the folder can be written, "
                "or move a damaged file aside."
            ) from None
        self._identity = (opened.st_dev, opened.st_ino)
        self._size = opened.st_size

    def checkpoint_elsewhere(self) -> None:
        """Leave checkpoints to `checkpoint()`, which a server runs in a thread: a checkpoint
        copies the log into the file and syncs it to disk, and in a turn it would hold every
        request of the worker for as long (SQLite does one when the log passes 1,000 pages)."""
        with self._step() as db:
            db.execute("PRAGMA wal_autocheckpoint=0")

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the file, as far as no reader needs it
        (PASSIVE: turns are never held up), on a connection of its own (any thread)."""
        if self.damage is not None:
            return
        try:
            # mode=rw: a file deleted or moved is never made again here (an empty one would make
            # SQLite drop the write-ahead log beside it, and the turns in it).
            uri = f"file:{self.path}?mode=rw"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS)) as db:
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:
            _log.warning("a checkpoint of %s failed (it is tried again): %s", self.path, exc)

    def check(self) -> None:
        """`verify`, as the server starts: a damaged file stops it with a message rather
        than failing turn by turn."""
        damage = self.verify()
        if damage is not None:
            raise StoreError(
                f"{damage}. Restore it from a backup (see `advisor backup --help`), or move it aside to start "
                "with no conversations."
            )

    def verify(self) -> str | None:
        """Read the whole file once (quick_check), on a connection of its own, as the server
        does every so often in a thread: damage inside the file, which the checks before
        each turn do not see, is found here and stops the store. None when it is whole."""
        if self.damage is not None:
            return self.damage
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_SECONDS)) as db:
                found = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
        except sqlite3.Error as exc:
            found = [str(exc)]
        if found != ["ok"]:
            self.damage = f"the conversation database {self.path} is damaged ({'; '.join(found)})"
            _log.error("%s; no more turns are written to it", self.damage)
        return self.damage

    def _file_problem(self) -> str | None:
        """What is wrong with the file on disk now, if anything."""
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return f"the conversation database {self.path} was deleted while the server had it open"
        except OSError as exc:
            return f"the conversation database {self.path} cannot be read: {exc}"
        if (now.st_dev, now.st_ino) != self._identity:
            return f"the conversation database {self.path} was replaced by another file while the server had it open"
        if now.st_size < self._size:
            return f"the conversation database {self.path} shrank from {self._size:,} to {now.st_size:,} bytes"
        self._size = now.st_size
        if now.st_size >= len(SQLITE_HEADER) and os.pread(self._file.fileno(), len(SQLITE_HEADER), 0) != SQLITE_HEADER:
            return f"the conversation database {self.path} was overwritten: it no longer starts as a SQLite file"
        return None

    @contextlib.contextmanager
    def _step(self):
        """One use of the database: refused once the file is damaged; SQLite's errors become
        StoreUnavailable, and those that mean damage mark the store as damaged."""
        if self.damage is None:
            problem = self._file_problem()
            if problem is not None:
                self.damage = problem
                _log.error("%s; no more turns are written to it", problem)
        if self.damage is not None:
            raise StoreUnavailable(f"{self.damage}. {_RESTORE}")
        try:
            yield self.db
        except sqlite3.OperationalError as exc:  # busy, locked, full, an I/O error: for now
            raise StoreUnavailable(f"the conversation database {self.path} cannot be used: {exc}") from None
        except sqlite3.DatabaseError as exc:  # malformed, not a database: damage
            self.damage = f"the conversation database {self.path} is damaged: {exc}"
            _log.error("%s; no more turns are written to it", self.damage)
            raise StoreUnavailable(f"{self.damage}. {_RESTORE}") from None
        finally:
            if self.db.in_transaction:  # after an error SQLite may have rolled back itself
                self.db.execute("ROLLBACK")

    def _live(self, db: sqlite3.Connection, conversation: str):
        """The conversation's state and turn count, or None when there is none or it has
        expired (expiry is checked here, on every read, not only by the hourly sweep)."""
        row = db.execute("SELECT state, turns, updated FROM conversations WHERE id = ?", (conversation,)).fetchone()
        if row is not None and row[2] < time.time() - self.retain:
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation,))
            return None
        return row

    async def create(self) -> str:
        conversation = new_id()
        with self._step() as db:
            db.execute("INSERT INTO conversations (id, state, turns, updated) VALUES (?, NULL, 0, ?)",
                       (conversation, time.time()))  # fmt: skip
        return conversation

    async def take_turn(
        self, conversation: str, text: str, respond: Respond, pack: str = "", key: str | None = None
    ) -> StoredTurn | None:
        with self._step() as db:
            db.execute("BEGIN IMMEDIATE")
            row = self._live(db, conversation)
            if row is None:
                db.execute("COMMIT")  # keeps the deletion of an expired one
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
            reply, reply_text, state = respond(row[0] or None)
            turn = StoredTurn(row[1] + 1, text, reply, _now(), pack)
            db.execute(
                f"INSERT INTO turns (conversation, {_TURN_FIELDS}) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation, turn.n, turn.user, reply_text, turn.at, turn.pack),
            )
            db.execute(
                "UPDATE conversations SET state = ?, turns = ?, updated = ? WHERE id = ?",
                (state, turn.n, time.time(), conversation),
            )
            if key is not None:
                kept = (conversation, key, turn.n)
                db.execute("INSERT INTO request_keys (conversation, key, n) VALUES (?, ?, ?)", kept)
            db.execute("COMMIT")
            return turn

    async def turns(self, conversation: str) -> list[StoredTurn] | None:
        with self._step() as db:
            if self._live(db, conversation) is None:
                return None
            rows = db.execute(f"SELECT {_TURN_FIELDS} FROM turns WHERE conversation = ? ORDER BY n", (conversation,))
            return [_stored(row) for row in rows]

    async def all_turns(self, since: str | None = None) -> dict[str, list[StoredTurn]]:
        with self._step() as db:
            rows = db.execute(
                f"SELECT conversation, {_TURN_FIELDS} FROM turns WHERE at >= ? ORDER BY conversation, n", (since or "",)
            )
            found: dict[str, list[StoredTurn]] = {}
            for row in rows:
                found.setdefault(row[0], []).append(_stored(row[1:]))
            return found

    async def delete(self, conversation: str) -> bool:
        with self._step() as db:
            return db.execute("DELETE FROM conversations WHERE id = ?", (conversation,)).rowcount > 0

    async def expire(self) -> int:
        cutoff = time.time() - self.retain
        with self._step() as db:
            return db.execute("DELETE FROM conversations WHERE updated < ?", (cutoff,)).rowcount

    async def health(self) -> str | None:
        """None when a turn could be written now; else what is wrong. It writes a row, so a
        full disk or a read-only file shows here, and waits at most HEALTH_SECONDS for the
        file's lock."""
        try:
            with self._step() as db:
                db.execute(f"PRAGMA busy_timeout = {int(HEALTH_SECONDS * 1000)}")
                try:
                    db.execute("INSERT OR REPLACE INTO health (id, checked) VALUES (1, ?)", (time.time(),))
                finally:
                    db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        except StoreUnavailable as exc:
            return str(exc)
        return None

    def backup(self, target: Path) -> int:
        """Copy the database to `target` while it is in use (SQLite's online backup); the
        size of the copy in bytes."""
        private_file(target)
        with contextlib.closing(sqlite3.connect(target)) as copy:
            with self._step() as db:
                db.backup(copy)
        return target.stat().st_size

    async def close(self) -> None:
        self.db.close()
        self._file.close()


# A turn written to Redis, atomically: only if the conversation still has the turns it had
# when it was read (ARGV[1]); then its state, count, token and request key, the turn at the
# end of its list, and both keys' time to live. Returns one of the three below.
_COMMIT = """
local turns = redis.call('HGET', KEYS[1], 'turns')
if not turns then return 0 end
if tonumber(turns) ~= tonumber(ARGV[1]) then return 2 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'turns', ARGV[3], 'token', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'key:' .. ARGV[5], ARGV[3]) end
redis.call('RPUSH', KEYS[2], ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[7])
redis.call('EXPIRE', KEYS[2], ARGV[7])
return 1
"""
_GONE, _WRITTEN, _CHANGED = 0, 1, 2


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
        self._redis_error = redis.RedisError
        self._connection_error = RedisConnectionError
        self._commit = self.redis.register_script(_COMMIT)  # sent by its hash; loaded again after a restart

    @contextlib.contextmanager
    def _step(self):
        """One use of Redis: its errors (down, frozen, out of memory, refusing writes it
        cannot persist) become StoreUnavailable, which the web answers with 503."""
        try:
            yield
        except self._redis_error as exc:
            raise StoreUnavailable(f"Redis at {self.url} cannot be used: {_redis_said(exc)}") from None

    def _keys(self, conversation: str) -> tuple[str, str]:
        return f"{self.prefix}:conversation:{conversation}", f"{self.prefix}:turns:{conversation}"

    async def create(self) -> str:
        conversation = new_id()
        key, _ = self._keys(conversation)
        with self._step():
            async with self.redis.pipeline(transaction=True) as pipe:  # never a key without its time to live
                await pipe.hset(key, mapping={"state": "", "turns": 0}).expire(key, self.ttl).execute()
        return conversation

    async def take_turn(
        self, conversation: str, text: str, respond: Respond, pack: str = "", key: str | None = None
    ) -> StoredTurn | None:
        """Two round trips: the conversation read (HGETALL), then the turn written by a script
        that checks nothing was written meanwhile (_COMMIT). Another worker that wrote
        first makes it read and answer again; no connection is held between the two."""
        request_key = key
        key, turns_key = self._keys(conversation)
        # The write carries a token of this call. When the answer to a write is lost (the
        # connection dropped), the write may have landed: the token in the hash tells, so a
        # turn is never taken twice.
        token = secrets.token_hex(8)
        turn = None
        with self._step():
            for _ in range(REDIS_RETRIES):
                saved = await self.redis.hgetall(key)
                if turn is not None and saved.get(b"token") == token.encode():
                    return turn  # the last attempt's write landed before its answer was lost
                if not saved:
                    return None
                taken = saved.get(f"key:{request_key}".encode()) if request_key is not None else None
                if taken is not None:  # sent again: the turn it took the first time
                    raw = await self.redis.lindex(turns_key, int(taken) - 1)
                    return StoredTurn(**json.loads(raw)) if raw else None
                reply, reply_text, new_state = respond((saved.get(b"state") or b"").decode() or None)
                turn = StoredTurn(int(saved[b"turns"]) + 1, text, reply, _now(), pack)
                written = [turn.n - 1, new_state, turn.n, token, request_key or "", _turn_json(turn, reply_text),
                           self.ttl]  # fmt: skip
                try:
                    done = await self._commit(keys=[key, turns_key], args=written)
                except self._connection_error:
                    continue  # its answer was lost: the next read tells whether it landed
                if done == _WRITTEN:
                    return turn
                if done == _GONE:
                    return None
                # _CHANGED: another worker wrote first; read its state and answer again
        raise StoreUnavailable(f"a conversation kept changing under {REDIS_RETRIES} attempts to answer in it")

    async def turns(self, conversation: str) -> list[StoredTurn] | None:
        key, turns_key = self._keys(conversation)
        with self._step():
            if not await self.redis.exists(key):
                return None
            return [StoredTurn(**json.loads(raw)) for raw in await self.redis.lrange(turns_key, 0, -1)]

    async def all_turns(self, since: str | None = None) -> dict[str, list[StoredTurn]]:
        found: dict[str, list[StoredTurn]] = {}
        prefix = f"{self.prefix}:turns:"
        with self._step():
            async for key in self.redis.scan_iter(match=prefix + "*", count=500):
                name = key.decode() if isinstance(key, bytes) else key
                turns = [StoredTurn(**json.loads(raw)) for raw in await self.redis.lrange(name, 0, -1)]
                kept = [t for t in turns if not since or t.at >= since]
                if kept:
                    found[name[len(prefix) :]] = kept
        return found

    async def delete(self, conversation: str) -> bool:
        with self._step():
            return await self.redis.delete(*self._keys(conversation)) > 0

    async def expire(self) -> int:
        return 0  # keys carry their own time to live, renewed at every turn

    async def health(self) -> str | None:
        """None when Redis takes a write now (a key that expires in a minute); else what is
        wrong. Redis refuses writes it cannot persist (MISCONF) or keep (maxmemory): a PING
        would say ok through both."""
        try:
            with self._step():
                await self.redis.set(f"{self.prefix}:health", str(time.time()), ex=60)
        except StoreUnavailable as exc:
            return str(exc)
        return None

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


def _redis_said(error: Exception) -> str:
    """What Redis said, for the log: a failed pipeline's error names its command, with the
    conversation's key (the key to read it) and what was said in it: only the reason is kept."""
    said = str(error) or type(error).__name__
    said = said.split("caused error:", 1)[-1].strip(" ()',\"")
    return CONVERSATION_ID.sub("{id}", said)[:300]


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
