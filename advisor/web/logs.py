"""Log lines a hostile or broken client can cause, rate-limited.

A flood of malformed requests, a store that is down or a server out of file descriptors
would otherwise write the same line thousands of times a second (a slow-header attack once
wrote 171 MB of "Too many open files" in 30 s). `OncePerInterval` lets the first line of
each kind through, drops the repeats for `interval` seconds, then says how many it dropped.
"""

from __future__ import annotations

import logging
import time

# Seconds between two lines of the same kind.
LOG_INTERVAL = 10.0
# The loggers a client's behaviour reaches: uvicorn's, asyncio's (a failed accept), ours.
NOISY_LOGGERS = ("uvicorn.error", "asyncio", "advisor.web", "advisor.store", "advisor.connections")


class OncePerInterval(logging.Filter):
    """Passes a record when none of its kind (logger, level, message template) passed in
    the last `interval` seconds; the one that passes after a quiet spell says how many
    were dropped meanwhile."""

    def __init__(self, interval: float = LOG_INTERVAL, clock=time.monotonic):
        super().__init__()
        self.interval = interval
        self.clock = clock
        self._last: dict[tuple, float] = {}
        self._dropped: dict[tuple, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, record.levelno, str(record.msg))
        now = self.clock()
        last = self._last.get(kind)
        if last is not None and now - last < self.interval:
            self._dropped[kind] = self._dropped.get(kind, 0) + 1
            return False
        self._last[kind] = now
        dropped = self._dropped.pop(kind, 0)
        if dropped:
            record.msg = f"{record.msg} (and {dropped:,} more like it in the last {self.interval:g} s or so)"
        if len(self._last) > 1000:  # kinds are templates, few; a flood of distinct ones is cut
            self._last.clear()
        return True


def rate_limit_logs(interval: float = LOG_INTERVAL) -> None:
    """Put one OncePerInterval on each logger a client can reach (once per process)."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, OncePerInterval) for f in logger.filters):
            logger.addFilter(OncePerInterval(interval))
