"""Per-client rate limits for the web channel: a token bucket per client address.

Each client may send `per_minute` requests a minute on average, in bursts of up to
`burst`. Buckets live in this worker's memory only, and a full bucket is forgotten, so no
client address is kept beyond a minute or two of its last request. Behind a load balancer
each worker limits on its own (a client can then send up to workers x the rate).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

# A bucket is forgotten once it has been full this long; the table is swept this often.
SWEEP_EVERY = 1000


@dataclass
class RateLimiter:
    per_minute: float  # 0: no limit
    burst: int = 0  # 0: a quarter of a minute's worth, at least 10
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # client -> (tokens, when)
    _calls: int = 0

    def __post_init__(self) -> None:
        if not self.burst:
            self.burst = max(10, int(self.per_minute / 4))

    def allow(self, client: str, now: float | None = None) -> float:
        """0.0 when the client may go on (and its request is counted), else how many
        seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        tokens, when = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - when) * rate)
        self._calls += 1
        if self._calls % SWEEP_EVERY == 0:
            self._sweep(now, rate)
        if tokens < 1.0:
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / rate
        self._buckets[client] = (tokens - 1.0, now)
        return 0.0

    def _sweep(self, now: float, rate: float) -> None:
        full = [c for c, (tokens, when) in self._buckets.items() if tokens + (now - when) * rate >= self.burst]
        for client in full:
            del self._buckets[client]
