"""Per-client rate limits for the web channel: a token bucket per client address.

Each client may send `per_minute` requests a minute on average, in bursts of up to
`burst`. With a SQLite store (one worker) the buckets live in the worker's memory; with a
Redis store they live in Redis (`SharedRateLimiter`), so every worker counts against the
same bucket and `--workers N` gives a client no more than the rate. Either way a full bucket
is forgotten, so no client address is kept beyond a minute or two of its last request.
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

    async def wait(self, client: str) -> float:
        """`allow`, as the web channel calls every limiter."""
        return self.allow(client)

    def _sweep(self, now: float, rate: float) -> None:
        full = [c for c, (tokens, when) in self._buckets.items() if tokens + (now - when) * rate >= self.burst]
        for client in full:
            del self._buckets[client]


# One token bucket in Redis, taken atomically: KEYS[1] the client's bucket; ARGV the rate a
# second, the burst, and now (seconds, from Redis's own clock so workers agree). Returns the
# seconds to wait, as a string (0 when the request may go on and is counted).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'when')
local tokens, when = tonumber(saved[1]) or burst, tonumber(saved[2]) or now
tokens = math.min(burst, tokens + (now - when) * rate)
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'when', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return tostring(wait)
"""


@dataclass
class SharedRateLimiter:
    """The same buckets, kept in the Redis the conversations are in: shared by every worker.
    Should Redis not answer, the request goes on (the store then fails it on its own)."""

    redis: object  # a redis.asyncio client
    per_minute: float
    burst: int = 0
    prefix: str = "advisor"
    _script: object = None

    def __post_init__(self) -> None:
        if not self.burst:
            self.burst = max(10, int(self.per_minute / 4))

    async def wait(self, client: str) -> float:
        if self.per_minute <= 0:
            return 0.0
        if self._script is None:
            self._script = self.redis.register_script(_TAKE)
        try:
            said = await self._script(keys=[f"{self.prefix}:rate:{client}"], args=[self.per_minute / 60.0, self.burst])
        except Exception:
            return 0.0
        return float(said.decode() if isinstance(said, bytes) else said)
