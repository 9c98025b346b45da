"""`advisor serve` against clients that are slow, many or malformed, over raw sockets: each
is answered in JSON and let go within the client timeout, and the server goes on serving.
Every test runs on both of uvicorn's HTTP parsers (httptools, the default, and h11)."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest
from servers import free_port, start_server, stop_server

TIMEOUT = 1.0  # --client-timeout
CAP = 8  # --max-connections


@pytest.fixture(scope="module", params=["httptools", "h11"])
def port(tmp_path_factory, request):
    """A server on each of uvicorn's HTTP parsers: both are guarded alike."""
    port = free_port()
    database = tmp_path_factory.mktemp("hostile") / "c.sqlite3"
    process = start_server(
        ["--store", f"sqlite:///{database}", "--rate-limit", "0", "--client-timeout", str(TIMEOUT),
         "--max-connections", str(CAP), "--http", request.param],
        port,
    )  # fmt: skip
    yield port
    stop_server(process)


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def answer(raw: bytes) -> tuple[int, dict, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, json.loads(body)


def healthy(port: int) -> bool:
    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200


def test_a_client_that_sends_nothing_gets_408_and_is_let_go(port):
    with connect(port) as sock:
        started = time.monotonic()
        status, headers, body = answer(read_all(sock))
        waited = time.monotonic() - started
    assert status == 408 and body["error"]["code"] == "request_timeout" and headers["connection"] == "close"
    assert TIMEOUT * 0.8 < waited < TIMEOUT + 2


def test_headers_sent_a_byte_at_a_time_are_cut_off_at_the_deadline(port):
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    with connect(port) as sock:
        started = time.monotonic()
        for byte in request:  # a byte every 50 ms: 6 s for the whole
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.05)
            if time.monotonic() - started > TIMEOUT + 1:
                break
        status, _, body = answer(read_all(sock))
        waited = time.monotonic() - started
    assert status == 408 and waited < TIMEOUT + 2
    assert healthy(port)


def test_the_next_request_on_a_kept_alive_connection_is_timed_too(port):
    with connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHo")  # and then nothing more
        started = time.monotonic()
        status, _, _ = answer(read_all(sock))
    assert status == 408 and time.monotonic() - started < TIMEOUT + 2


def test_a_body_that_never_finishes_gets_408(port):
    with connect(port) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 40\r\n\r\n{\"text\": ")  # fmt: skip
        started = time.monotonic()
        status, _, body = answer(read_all(sock))
    assert status == 408 and body["error"]["code"] == "request_timeout" and time.monotonic() - started < TIMEOUT + 2


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Nul: a\x00b\r\n\r\n",
        b"NOT HTTP AT ALL\r\n\r\n",
    ],
    ids=["bad-content-length", "200KB-header", "nul-in-header", "garbage"],
)
def test_malformed_http_is_answered_in_json(port, request_bytes):
    with connect(port) as sock:
        try:
            sock.sendall(request_bytes)
        except OSError:  # the server may answer and close before a 200 KB header is all sent
            pass
        status, headers, body = answer(read_all(sock))
    assert status == 400 and headers["content-type"] == "application/json" and body["error"]["code"] == "bad_http"
    assert healthy(port)


def test_at_the_cap_a_new_connection_takes_the_place_of_the_slowest(port):
    """A flood of slow connections cannot keep a client out: at the cap, the connection
    that has waited longest for its headers is let go (408) for the new one."""
    held = [connect(port) for _ in range(CAP)]
    try:
        for sock in held:  # each is a request begun, not yet finished
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        time.sleep(0.1)
        with connect(port) as extra:
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert extra.recv(65536).startswith(b"HTTP/1.1 200")
        status, _, body = answer(read_all(held[0]))  # the oldest was let go
        assert status == 408 and "needed the connection" in body["error"]["message"]
    finally:
        for sock in held:
            sock.close()


def test_at_the_cap_with_every_connection_busy_a_new_one_gets_503_and_the_server_recovers(port):
    held = [connect(port) for _ in range(CAP)]
    try:
        for sock in held:  # each busy with a request whose body is still coming
            sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 40\r\n\r\n{")  # fmt: skip
        time.sleep(0.2)
        with connect(port) as extra:
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers, body = answer(read_all(extra))
        assert status == 503 and body["error"]["code"] == "busy" and headers["retry-after"] == "1"
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert healthy(port)  # the slots are free again


def test_requests_pipelined_past_the_header_bound_are_all_answered(port):
    """The bound on a request's headers counts only while no request is being answered: what
    arrives meanwhile is that request's body and the next requests, pipelined. Here the second
    request's body is still coming when more than 16 KiB of further requests arrive with it."""
    body = b'{"text": "how much do they earn"}'
    head = (b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n")  # fmt: skip
    more = 150
    rest = (head + body) * (more - 1) + head.replace(b"Host: x", b"Host: x\r\nConnection: close") + body
    assert len(rest) > 16 * 1024
    with connect(port) as sock:
        sock.sendall(head + body + head + body[:5])  # the first request, and the second begun
        first = b""
        while b"HTTP/1.1 200" not in first:
            first += sock.recv(65536)
        time.sleep(0.1)  # the second is being answered, its body awaited
        sock.sendall(body[5:] + rest)
        raw = first + read_all(sock)
    assert raw.count(b"HTTP/1.1 200") == 2 + more and b"HTTP/1.1 400" not in raw
