"""uvicorn's HTTP/1.1 protocol with TCP_NODELAY set on every connection.

asyncio sets TCP_NODELAY on the connections of a server it binds itself, but not on those
of a listening socket created without IPPROTO_TCP, which is how uvicorn binds when it runs
several workers. Without it, a kept-alive connection waits for the client's delayed ACK
(about 40 ms) between the headers and the body of each response.
"""

from __future__ import annotations

import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # a socket that cannot take it still works, only slower
                pass
        super().connection_made(transport)
