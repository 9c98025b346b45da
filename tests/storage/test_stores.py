"""The conversation stores against a real SQLite file and a real Redis server: turns kept
in order, none lost when messages to one conversation arrive at the same moment."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from pathlib import Path

import pytest

from advisor.errors import StoreError, StoreUnavailable
from advisor.storage.stores import RedisStore, SQLiteStore, open_store


def counting(text: str):
    """An engine step that counts its turns in the state: each step must see the last one's."""

    def respond(saved):
        seen = json.loads(saved)["count"] if saved else 0
        reply = {"text": f"{text} #{seen + 1}", "intent": "count"}
        return reply, json.dumps(reply), json.dumps({"count": seen + 1})

    return respond


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        made = SQLiteStore(tmp_path / "c.sqlite3", retain_days=30)
    else:
        made = RedisStore(request.getfixturevalue("redis_url"), retain_days=30, prefix=f"test{id(tmp_path)}")
    yield made
    asyncio.run(made.close()) if request.param == "sqlite" else None


def test_turns_are_kept_in_order_and_deleted(store):
    async def scenario():
        conversation = await store.create()
        for word in ("one", "two", "three"):
            await store.take_turn(conversation, word, counting(word))
        turns = await store.turns(conversation)
        assert [(t.n, t.user, t.reply["text"]) for t in turns] == [(1, "one", "one #1"), (2, "two", "two #2"),
                                                                    (3, "three", "three #3")]  # fmt: skip
        assert all(t.intent == "count" and t.at.endswith("Z") for t in turns)
        assert await store.delete(conversation) and await store.turns(conversation) is None
        assert await store.take_turn(conversation, "four", counting("four")) is None
        assert not await store.delete(conversation)
        if isinstance(store, RedisStore):
            await store.close()

    asyncio.run(scenario())


def test_messages_at_the_same_moment_are_applied_one_after_the_other(store):
    async def scenario():
        conversation = await store.create()
        await asyncio.gather(*(store.take_turn(conversation, f"m{i}", counting(f"m{i}")) for i in range(30)))
        turns = await store.turns(conversation)
        assert [t.n for t in turns] == list(range(1, 31))
        # Each step saw the state the one before it wrote: the counts run 1..30 with no repeat.
        assert sorted(int(t.reply["text"].split("#")[1]) for t in turns) == list(range(1, 31))
        if isinstance(store, RedisStore):
            await store.close()

    asyncio.run(scenario())


def _hammer(path: str, conversation: str, name: str, count: int) -> None:
    store = SQLiteStore(Path(path), retain_days=30)

    async def run():
        for i in range(count):
            await store.take_turn(conversation, f"{name}{i}", counting(f"{name}{i}"))

    asyncio.run(run())


def test_sqlite_serialises_two_processes_writing_one_conversation(tmp_path):
    path = tmp_path / "shared.sqlite3"
    store = SQLiteStore(path, retain_days=30)
    conversation = asyncio.run(store.create())
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(path), conversation, name, 40)) for name in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    turns = asyncio.run(store.turns(conversation))
    assert [t.n for t in turns] == list(range(1, 81))
    assert sorted(int(t.reply["text"].split("#")[1]) for t in turns) == list(range(1, 81))
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_only_expire_deletes_and_only_what_is_older_than_its_own_retention(tmp_path):
    path = tmp_path / "shared.sqlite3"
    server, chat = SQLiteStore(path, retain_days=90), SQLiteStore(path, retain_days=30)

    async def scenario():
        old = await server.create()
        await server.take_turn(old, "hi", counting("hi"))
        forty_days = 40 * 86400
        server.db.execute("UPDATE conversations SET updated = updated - ? WHERE id = ?", (forty_days, old))
        await chat.create()  # a chat on the same file deletes nothing
        assert await server.turns(old) is not None
        assert await server.expire() == 0  # kept 90 days
        assert await chat.expire() == 1 and await server.turns(old) is None

    asyncio.run(scenario())


def test_redis_keys_expire_after_the_retention(redis_url):
    async def scenario():
        store = RedisStore(redis_url, retain_days=1, prefix="expiry")
        conversation = await store.create()
        await store.take_turn(conversation, "hi", counting("hi"))
        ttls = [await store.redis.ttl(key) for key in store._keys(conversation)]
        await store.close()
        return ttls

    assert all(0 < ttl <= 86400 for ttl in asyncio.run(scenario()))


@pytest.mark.parametrize(
    ("url", "message"),
    [("postgres://x", "unknown store"), ("sqlite://", "names no file"), ("sqlite:///", "names no file")],
)
def test_a_bad_store_url_says_how_to_fix_it(url, message):
    with pytest.raises(StoreError, match=message):
        open_store(url, 30)


def test_an_unwritable_database_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the conversation database"):
        SQLiteStore(blocker / "inside" / "c.sqlite3", retain_days=30)


def test_a_write_whose_answer_is_lost_stores_the_turn_once(redis_url):
    """The connection drops after Redis ran the write but before its answer came back (the
    client sees a ConnectionError): the write may have landed. The store must see that it
    did, and not take the turn again."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    async def scenario():
        store = RedisStore(redis_url, retain_days=1, prefix="dropped")
        conversation = await store.create()
        real, lost = store._commit, {"left": 1}

        async def write_then_drop(*args, **kwargs):
            result = await real(*args, **kwargs)
            if lost["left"]:
                lost["left"] -= 1
                raise RedisConnectionError("Connection closed by server.")
            return result

        store._commit = write_then_drop
        turn = await store.take_turn(conversation, "hi", counting("hi"))
        kept = await store.turns(conversation)
        await store.close()
        return turn, kept, lost["left"]

    turn, kept, left = asyncio.run(scenario())
    assert left == 0  # the answer was lost once
    assert turn.n == 1 and [t.n for t in kept] == [1] and kept[0].reply["text"] == "hi #1"


def test_a_turn_sent_again_by_the_client_runs_the_write_once_more_and_is_refused(redis_url):
    """redis-py sends a command again on a fresh connection after a connection error: the
    write then finds the turn count it expected gone and writes nothing."""

    async def scenario():
        store = RedisStore(redis_url, retain_days=1, prefix="twice")
        conversation = await store.create()
        real = store._commit

        async def written_twice(*args, **kwargs):
            first = await real(*args, **kwargs)
            second = await real(*args, **kwargs)  # as a resend would
            return second if first == 1 else first

        store._commit = written_twice
        turn = await store.take_turn(conversation, "hi", counting("hi"))
        kept = await store.turns(conversation)
        await store.close()
        return turn, kept

    turn, kept = asyncio.run(scenario())
    assert turn.n == 1 and [t.n for t in kept] == [1]


def test_a_pooled_connection_survives_a_redis_restart(tmp_path):
    from servers import start_redis

    async def ask_twice(url, restart):
        store = RedisStore(url, retain_days=1, prefix="restart")
        conversation = await store.create()
        await store.take_turn(conversation, "one", counting("one"))
        await restart()
        turn = await store.take_turn(conversation, "two", counting("two"))  # on a connection from before
        kept = await store.turns(conversation)
        await store.close()
        return turn, kept

    server, url = start_redis(tmp_path)
    port = url.rsplit(":", 1)[1].split("/")[0]
    holder = {"server": server}

    async def restart():
        holder["server"].kill()
        holder["server"].wait()
        import shutil
        import subprocess

        holder["server"] = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        await asyncio.sleep(0.5)

    try:
        turn, kept = asyncio.run(ask_twice(url, restart))
    finally:
        holder["server"].kill()
        holder["server"].wait()
    # Without persistence the restarted Redis lost the conversation: the store says so
    # (None), and never fails with an error on the stale connection.
    assert turn is None or turn.n == 2


def test_a_redis_that_keeps_nothing_on_disk_is_warned_of(redis_url):
    # The test Redis runs with --save "" --appendonly no.
    async def scenario():
        store = RedisStore(redis_url, retain_days=1)
        warning = await store.durability_warning()
        await store.redis.config_set("appendonly", "yes")
        logged = await store.durability_warning()
        await store.redis.config_set("appendonly", "no")
        await store.close()
        return warning, logged

    warning, logged = asyncio.run(scenario())
    assert "keeps nothing on disk" in warning and "appendonly yes" in warning and logged is None


def test_a_message_sent_again_with_its_key_is_stored_once(store):
    async def scenario():
        conversation = await store.create()
        first = await store.take_turn(conversation, "hi", counting("hi"), key="k-1")
        again = await store.take_turn(conversation, "hi", counting("hi"), key="k-1")
        other = await store.take_turn(conversation, "hi", counting("hi"), key="k-2")
        return first, again, other, await store.turns(conversation)

    first, again, other, kept = asyncio.run(scenario())
    assert again.n == first.n == 1 and again.reply == first.reply and other.n == 2
    assert [t.n for t in kept] == [1, 2]


def test_a_frozen_redis_fails_the_turn_in_bounded_time_and_nothing_is_lost(tmp_path, monkeypatch):
    import signal
    import time as clock

    from servers import start_redis

    from advisor.storage import stores

    monkeypatch.setattr(stores, "REDIS_TIMEOUT", 1.0)
    server, url = start_redis(tmp_path)

    async def scenario():
        store = RedisStore(url, retain_days=1, prefix="frozen")
        conversation = await store.create()
        await store.take_turn(conversation, "one", counting("one"))
        server.send_signal(signal.SIGSTOP)  # Redis answers nothing, and keeps its connections
        started = clock.monotonic()
        try:
            await store.take_turn(conversation, "two", counting("two"))
            failed = ""
        except Exception as exc:
            failed = type(exc).__name__
        waited = clock.monotonic() - started
        server.send_signal(signal.SIGCONT)
        third = await store.take_turn(conversation, "three", counting("three"))
        kept = await store.turns(conversation)
        await store.close()
        return failed, waited, third, kept

    try:
        failed, waited, third, kept = asyncio.run(scenario())
    finally:
        server.kill()
        server.wait()
    assert failed == "StoreUnavailable" and waited < 2.5  # one timeout of 1 s, not retried: a JSON error, not a hang
    assert [t.user for t in kept] == ["one", "three"] and third.n == 2  # the acknowledged turns, once each


def _delete(path: Path) -> None:
    path.unlink()


def _replace(path: Path) -> None:
    copy = path.with_name("copy.sqlite3")
    copy.write_bytes(path.read_bytes())
    copy.replace(path)


def _truncate(path: Path) -> None:
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _overwrite(path: Path) -> None:
    with open(path, "r+b") as f:
        f.write(b"\x8f" * 4096)


@pytest.mark.parametrize("damage", [_delete, _replace, _truncate, _overwrite], ids=lambda f: f.__name__[1:])
def test_a_damaged_sqlite_file_is_found_and_no_more_turns_go_into_it(tmp_path, damage):
    """A file deleted, replaced, truncated or overwritten under a running store: the next
    step says so (StoreUnavailable: the web's 503) instead of taking turns that would be lost,
    the health check says what is wrong, and the store stays refused."""
    path = tmp_path / "c.sqlite3"
    store = SQLiteStore(path, retain_days=30)

    async def scenario():
        conversation = await store.create()
        for i in range(40):  # enough pages that half the file is missing pages
            await store.take_turn(conversation, f"m{i} " + "x" * 500, counting(f"m{i}"))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert await store.health() is None
        damage(path)
        with pytest.raises(StoreUnavailable, match=r"deleted|replaced|shrank|overwritten"):
            await store.take_turn(conversation, "after", counting("after"))
        problem = await store.health()
        assert problem is not None and str(path) in problem
        with pytest.raises(StoreUnavailable):  # stays refused: nothing written into a damaged file
            await store.create()
        await store.close()

    asyncio.run(scenario())


async def fill(store, turns: int = 200) -> str:
    """A conversation of `turns` turns of 300 characters: a file of many pages."""
    conversation = await store.create()
    for i in range(turns):
        await store.take_turn(conversation, "x" * 300, counting(str(i)))
    return conversation


def test_a_damaged_file_stops_the_store_at_its_start_check(tmp_path):
    path = tmp_path / "c.sqlite3"
    store = SQLiteStore(path, retain_days=30)

    async def filled():
        await fill(store)
        await store.close()

    asyncio.run(filled())
    SQLiteStore(path, retain_days=30).check()  # whole: no error
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = b"\x00\x17" * page  # two pages in the middle scribbled on
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"(?s)is damaged.*Page 4.*advisor backup"):
        SQLiteStore(path, retain_days=30).check()


def test_a_full_disk_is_unavailable_for_now_and_said_plainly(tmp_path):
    """SQLite says "database or disk is full": the step fails with that (not "cannot
    rollback"), stores nothing half, and works again once there is room."""
    store = SQLiteStore(tmp_path / "c.sqlite3", retain_days=30)

    async def scenario():
        conversation = await store.create()
        await store.take_turn(conversation, "one", counting("one"))
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: a full disk
        with pytest.raises(StoreUnavailable, match="database or disk is full"):
            await store.take_turn(conversation, "y" * 100_000, counting("big"))
        assert not store.db.in_transaction
        store.db.execute("PRAGMA max_page_count = 1073741823")
        again = await store.take_turn(conversation, "two", counting("two"))
        kept = await store.turns(conversation)
        await store.close()
        return again, kept

    again, kept = asyncio.run(scenario())
    assert again.n == 2 and [t.user for t in kept] == ["one", "two"]


def test_an_expired_conversation_is_gone_when_read_before_any_sweep(tmp_path, monkeypatch):
    store = SQLiteStore(tmp_path / "c.sqlite3", retain_days=1)

    async def scenario():
        conversation = await store.create()
        await store.take_turn(conversation, "hi", counting("hi"))
        monkeypatch.setattr("advisor.storage.stores.time.time", lambda: 10**12)  # far in the future
        gone = await store.turns(conversation), await store.take_turn(conversation, "hi", counting("hi"))
        monkeypatch.undo()
        left = store.db.execute("SELECT count(*) FROM turns").fetchone()[0]
        await store.close()
        return gone, left

    gone, left = asyncio.run(scenario())
    assert gone == (None, None) and left == 0


def test_the_store_file_is_its_owners_only(tmp_path):
    import stat

    folder = tmp_path / "data"
    store = SQLiteStore(folder / "c.sqlite3", retain_days=30)

    async def scenario():
        await store.take_turn(await store.create(), "hi", counting("hi"))  # -wal and -shm now exist too
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
        await store.close()
        return modes

    modes = asyncio.run(scenario())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert modes["c.sqlite3"] == 0o600 and all(mode & 0o077 == 0 for mode in modes.values()), modes


def test_a_backup_taken_while_in_use_restores_every_turn(tmp_path):
    path = tmp_path / "c.sqlite3"
    store = SQLiteStore(path, retain_days=30)

    async def scenario():
        conversations = [await store.create() for _ in range(3)]
        for conversation in conversations:
            for word in ("one", "two"):
                await store.take_turn(conversation, word, counting(word))
        size = store.backup(tmp_path / "backup.sqlite3")  # the store stays open and in use
        await store.take_turn(conversations[0], "three", counting("three"))
        await store.close()
        return conversations, size

    conversations, size = asyncio.run(scenario())
    assert size > 0
    restored = SQLiteStore(tmp_path / "backup.sqlite3", retain_days=30)
    restored.check()

    async def read():
        kept = {c: [t.user for t in await restored.turns(c)] for c in conversations}
        await restored.close()
        return kept

    assert asyncio.run(read()) == {c: ["one", "two"] for c in conversations}


def test_redis_refusing_writes_is_unhealthy_and_a_turn_is_unavailable(redis_url):
    """A Redis out of memory (or unable to persist) still answers PING: the health check
    writes, so it says what is wrong, and a turn fails as StoreUnavailable."""

    async def scenario():
        store = RedisStore(redis_url, retain_days=1, prefix="oom")
        conversation = await store.create()
        assert await store.health() is None
        await store.redis.config_set("maxmemory-policy", "noeviction")
        await store.redis.config_set("maxmemory", "1")
        try:
            problem = await store.health()
            with pytest.raises(StoreUnavailable, match="maxmemory") as refused:
                await store.take_turn(conversation, "hi", counting("hi"))
        finally:
            await store.redis.config_set("maxmemory", "0")
        turn = await store.take_turn(conversation, "hi", counting("hi"))
        await store.close()
        return problem, str(refused.value), conversation, turn

    problem, refused, conversation, turn = asyncio.run(scenario())
    assert "maxmemory" in problem and turn.n == 1
    # What is logged names neither the conversation nor what was said in it.
    assert conversation not in refused and "count" not in refused and "HSET" not in refused


def test_damage_inside_the_file_is_found_by_the_periodic_whole_read(tmp_path):
    """4 KB scribbled in the middle of the file: the checks before each turn look at its
    identity, size and header, so only a whole read (verify, which the server runs every
    so often) finds it; from then on the store refuses turns."""
    path = tmp_path / "c.sqlite3"
    store = SQLiteStore(path, retain_days=30)

    async def scenario():
        conversation = await fill(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert store.verify() is None
        with open(path, "r+b") as f:
            f.seek(path.stat().st_size // 2)
            f.write(b"\x8f" * 4096)
        found = store.verify()
        with pytest.raises(StoreUnavailable, match="damaged"):
            await store.take_turn(conversation, "after", counting("after"))
        await store.close()
        return found

    assert "damaged" in asyncio.run(scenario())


def test_a_missing_file_beside_its_write_ahead_log_stops_the_store(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.with_name("c.sqlite3-wal").write_bytes(b"left from the deleted file")
    with pytest.raises(StoreError, match="missing but its write-ahead log"):
        SQLiteStore(path, retain_days=30)


def test_a_store_whose_checkpoints_run_elsewhere_keeps_its_log_until_one_runs(tmp_path):
    path = tmp_path / "c.sqlite3"
    store = SQLiteStore(path, retain_days=30)
    store.checkpoint_elsewhere()

    async def turns():
        conversation = await store.create()
        for n in range(30):
            await store.take_turn(conversation, f"turn {n}", counting("x" * 2000))
        return conversation

    conversation = asyncio.run(turns())
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 30 * 2000  # nothing copied into the file during the turns
    store.checkpoint()  # as the server's thread does
    import sqlite3

    with sqlite3.connect(path) as db:
        busy, logged, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and logged == copied  # every frame is in the file now
    assert len(asyncio.run(store.turns(conversation))) == 30
    asyncio.run(store.close())


def test_a_checkpoint_never_makes_a_moved_file_again(tmp_path):
    """A file moved away under a running server: the checkpoint thread must not make an empty
    one in its place (SQLite would then drop the write-ahead log beside it, and its turns)."""
    path = tmp_path / "c.sqlite3"
    store = SQLiteStore(path, retain_days=30)
    store.checkpoint_elsewhere()
    asyncio.run(store.take_turn(asyncio.run(store.create()), "hi", counting("hi")))
    wal = path.with_name(path.name + "-wal")
    path.rename(tmp_path / "moved.sqlite3")
    store.checkpoint()
    assert not path.exists() and wal.exists()
