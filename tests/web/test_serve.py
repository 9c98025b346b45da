"""`advisor serve` as a user runs it: refusals before starting, and two uvicorn workers
sharing Redis under 50 conversations x 20 messages sent at once."""

from __future__ import annotations

import asyncio

import httpx
from servers import free_port, start_server, stop_server

from advisor.cli import main


def test_a_bad_store_stops_serve_with_a_message(capsys):
    assert main(["serve", "--store", "postgres://db/x"]) == 2
    assert "unknown store" in capsys.readouterr().err
    port = free_port()  # nothing listens there
    assert main(["serve", "--store", f"redis://127.0.0.1:{port}/0"]) == 2
    said = capsys.readouterr().err
    assert f"Redis at redis://127.0.0.1:{port}/0 cannot be used" in said and "is it running" in said


def test_bad_options_stop_serve(capsys):
    assert main(["serve", "--workers", "0"]) == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err


def test_several_workers_need_redis(tmp_path, capsys):
    assert main(["serve", "--workers", "2", "--store", f"sqlite:///{tmp_path}/c.sqlite3"]) == 2
    assert "SQLite serves one worker" in capsys.readouterr().err


CONVERSATIONS, MESSAGES = 50, 20
QUESTIONS = [
    "how much do they earn", "and the top 10%?", "tell me about Peirce", "how much is it?",
    "which schools are online", "which of those is cheapest", "what about Keiser", "is it online?",
]  # fmt: skip


async def _talk(base: str) -> dict[str, list[int]]:
    limits = httpx.Limits(max_connections=100)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        ids = [(await client.post("/api/conversations")).json()["id"] for _ in range(CONVERSATIONS)]

        async def conversation(cid: str) -> list[int]:
            # Every message of the conversation is sent at once: the store must order them.
            sends = [
                client.post(f"/api/conversations/{cid}/messages", json={"text": QUESTIONS[n % len(QUESTIONS)]})
                for n in range(MESSAGES)
            ]
            responses = await asyncio.gather(*sends)
            assert all(r.status_code == 200 for r in responses), [r.text for r in responses if r.status_code != 200]
            return sorted(r.json()["turn"] for r in responses)

        numbers = await asyncio.gather(*(conversation(cid) for cid in ids))
        kept = {cid: [t["n"] for t in (await client.get(f"/api/conversations/{cid}")).json()["turns"]] for cid in ids}
    return {cid: (n, kept[cid]) for cid, n in zip(ids, numbers, strict=True)}


def test_two_workers_sharing_redis_lose_no_turn(redis_url):
    port = free_port()
    server = start_server(["--workers", "2", "--store", redis_url.replace("/0", "/1"), "--rate-limit", "0"], port)
    try:
        results = asyncio.run(_talk(f"http://127.0.0.1:{port}"))
    finally:
        stop_server(server)
    expected = list(range(1, MESSAGES + 1))
    assert len(results) == CONVERSATIONS
    for numbers, kept in results.values():
        assert numbers == expected and kept == expected  # each message its own turn, all of them kept


def _spoofed(port: int, trusted: bool, tmp_path) -> list[int]:
    """Status codes of 30 requests from 127.0.0.1, each naming another client in X-Forwarded-For."""
    args = ["--store", f"sqlite:///{tmp_path}/c{int(trusted)}.sqlite3", "--rate-limit", "20"]
    server = start_server([*args, *(["--trust-proxy", "127.0.0.1"] if trusted else [])], port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            return [
                client.post("/api/conversations", headers={"X-Forwarded-For": f"10.0.{n // 250}.{n % 250}"}).status_code
                for n in range(30)
            ]
    finally:
        stop_server(server)


def test_a_forwarded_address_names_no_client_unless_the_proxy_is_trusted(tmp_path):
    # Rate 20 a minute, bursts of 10: from one address, the eleventh request is refused,
    # whatever address each request claims to be forwarded for.
    codes = _spoofed(free_port(), False, tmp_path)
    assert codes[:10] == [201] * 10 and 429 in codes[10:]
    # Behind a proxy the operator names, the header is the client: each is its own.
    assert 429 not in _spoofed(free_port(), True, tmp_path)


def test_two_workers_share_one_rate_limit_in_redis(redis_url):
    # Rate 20 a minute, bursts of 10, two workers: a client still gets 10 before the 429s.
    port = free_port()
    server = start_server(["--workers", "2", "--store", redis_url.replace("/0", "/2"), "--rate-limit", "20"], port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            codes = []
            for _ in range(24):  # a new connection each time, so both workers take some
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as fresh:
                    codes.append(fresh.post("/api/conversations").status_code)
            assert client.get("/healthz").status_code == 200
    finally:
        stop_server(server)
    assert codes.count(201) <= 11 and codes[:10] == [201] * 10 and 429 in codes
