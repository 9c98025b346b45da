"""uvicorn's HTTP/1.1 protocols, hardened against slow, many and malformed clients.

`advisor serve` runs uvicorn's httptools protocol (a C parser, llhttp) where the package is
installed, else its h11 one (pure Python); both are guarded alike (`_Guarded`):

- TCP_NODELAY on every connection. asyncio sets it on the connections of a server it binds
  itself, but not on those of a listening socket created without IPPROTO_TCP, which is how
  uvicorn binds when it runs several workers; without it a kept-alive connection waits for
  the client's delayed ACK (about 40 ms) between the headers and the body of a response.
- A deadline for a request's headers, from the moment the connection opens or the last
  response ends: a client that sends nothing, or its headers a byte at a time, is let go
  (408) instead of holding a connection for ever (uvicorn has no such timeout). The body's
  deadline is the app's (api.py).
- A cap on open connections, below the process's file-descriptor limit. At the cap, a new
  connection takes the place of the one that has waited longest for its headers (an idle
  kept-alive connection, or a slow one); when every connection is busy with a request, the
  new one is answered 503 and closed at once. So the server never runs out of descriptors,
  and a flood of slow connections cannot keep its probes and healthy clients out.
- Malformed HTTP (a bad Content-Length, headers over MAX_HEADER_BYTES, NUL in a header) is
  answered in JSON like every other error, not uvicorn's text/plain.

The settings come from the environment `advisor serve` sets (app.Settings), as each worker
process builds its own protocol objects.
"""

from __future__ import annotations

import functools
import json
import logging
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

try:  # uvicorn's C parser, where it is installed (the web extra asks for it)
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - a platform without httptools
    HttpToolsProtocol = None

# Descriptors kept free for the store, the pack's files, the log, a burst of accepts (asyncio
# takes up to 100 at a time) and the connections lingering past the cap.
SPARE_DESCRIPTORS = 128
# Seconds a connection answered with an error stays open to drain what the client still sends.
LINGER_SECONDS = 1.0
# Connections past the cap that may linger so (within SPARE_DESCRIPTORS).
LINGER_BUDGET = 16
# The most a request's headers may take (h11's own bound; httptools has none).
MAX_HEADER_BYTES = 16 * 1024

_log = logging.getLogger("advisor.connections")
# The connections of this worker waiting for a request's headers, the longest waiting first
# (a dict keeps the order they were put in).
_awaiting: dict = {}


def descriptor_limit() -> int:
    """The process's soft limit on open files, raised to its hard limit where allowed."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 1 << 16
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 1 << 16


def connection_cap(asked: float) -> int:
    """The connections a worker keeps open: what was asked, within the descriptor limit."""
    return max(1, min(int(asked), descriptor_limit() - SPARE_DESCRIPTORS))


def json_response(status: int, reason: str, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 response that closes the connection, with a JSON error body."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    retry = "retry-after: 1\r\n" if status == 503 else ""
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        f"connection: close\r\nx-content-type-options: nosniff\r\n{retry}\r\n"
    )
    return head.encode() + body


@functools.cache
def limits() -> tuple[float, int]:
    """Seconds for a request's headers and the connections kept open, read once per worker
    (at its first connection, from the settings `advisor serve` put in the environment)."""
    from .app import Settings

    settings = Settings.from_environment()
    return settings.client_timeout, connection_cap(settings.max_connections)


class _Guarded:
    """The guards, over either uvicorn protocol: both start a request's cycle when its headers
    are in, call on_response_complete when its answer is sent, and send_400_response on
    malformed HTTP."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.header_seconds, self.max_connections = limits()
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # a socket that cannot take it still works, only slower
                pass
        super().connection_made(transport)
        self._header_deadline = None
        self._awaited_cycle = None
        self._header_bytes = 0
        self._lingering = False
        if len(self.connections) > self.max_connections:
            # Past the cap, a few may still linger to be sure their answer is read; past that
            # budget they close at once (a reset may then lose the answer, but not a descriptor).
            linger = len(self.connections) <= self.max_connections + LINGER_BUDGET
            oldest = next((c for c in _awaiting if c is not self), None)
            if oldest is None:
                _log.warning("refused a connection: %d are open and busy, the most this worker keeps",
                             self.max_connections)  # fmt: skip
                self._answer_and_close(503, "Service Unavailable", "busy", "the server is busy; try again shortly",
                                       linger=linger)  # fmt: skip
                return
            _log.warning("closed the connection waiting longest for its headers: %d are open, the most this "
                         "worker keeps", self.max_connections)  # fmt: skip
            let_go = "the server needed the connection: send the whole request at once"
            oldest._answer_and_close(408, "Request Timeout", "request_timeout", let_go, linger=linger)
        self._await_headers()

    def _await_headers(self) -> None:
        """Start the deadline for the next request's headers."""
        self._cancel_deadline()
        self._awaited_cycle = self.cycle
        self._header_bytes = 0
        self._header_deadline = self.loop.call_later(self.header_seconds, self._headers_late)
        _awaiting[self] = None

    def _cancel_deadline(self) -> None:
        _awaiting.pop(self, None)
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.transport.is_closing() or self.cycle is not self._awaited_cycle:
            return  # closed, or a request began meanwhile
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a (pipelined) request is being answered
        self._answer_and_close(408, "Request Timeout", "request_timeout",
                               f"the request's headers took over {self.header_seconds:g} s to arrive")  # fmt: skip

    def _answer_and_close(self, status: int, reason: str, code: str, message: str, linger: bool = True) -> None:
        """Send the answer, then close gently: a socket closed while the client's bytes are
        still arriving is reset, and a reset can throw away the answer before the client
        reads it. So the writing side is shut, what comes is read and dropped, and the
        connection closes when the client does or after LINGER_SECONDS. Past the cap only
        LINGER_BUDGET connections linger; the others close at once."""
        self._cancel_deadline()
        self._lingering = True
        self.transport.write(json_response(status, reason, code, message))
        if linger and self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # answered already: the rest of the request is dropped
        super().data_received(data)
        if self._header_deadline is None or self._lingering:
            return
        if self.cycle is not self._awaited_cycle:
            self._cancel_deadline()  # the headers are in: the app's deadline for the body takes over
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a (pipelined) request is being answered: what comes is its body, or the next
        self._header_bytes += len(data)
        if self._header_bytes > MAX_HEADER_BYTES:
            self.send_400_response(f"The request's headers are over {MAX_HEADER_BYTES // 1024} KiB.")

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers()  # a kept-alive connection: the next request's headers are timed too

    def connection_lost(self, exc) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._answer_and_close(400, "Bad Request", "bad_http", f"{msg} Send a well-formed HTTP/1.1 request.")


class GuardedH11Protocol(_Guarded, H11Protocol):
    """uvicorn's h11 protocol (pure Python), guarded."""


if HttpToolsProtocol is not None:

    class GuardedHttpToolsProtocol(_Guarded, HttpToolsProtocol):
        """uvicorn's httptools protocol (llhttp, in C), guarded: what `advisor serve` runs."""


def guarded_protocol(http: str = "auto") -> str:
    """The protocol class `advisor serve` gives uvicorn: httptools' where it is installed
    (`auto`), or the one asked for."""
    if http == "h11" or (http == "auto" and HttpToolsProtocol is None):
        return "advisor.web.protocol:GuardedH11Protocol"
    if HttpToolsProtocol is None:
        raise ImportError("httptools is not installed: pip install httptools, or serve with --http h11")
    return "advisor.web.protocol:GuardedHttpToolsProtocol"
