"""Log lines a client can cause are rate-limited: the first of a kind passes, repeats are
counted, and the next one after the interval says how many were dropped."""

from __future__ import annotations

import logging

from advisor.web.logs import OncePerInterval


def record(msg: str, name: str = "uvicorn.error", level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, None, None)


def test_repeats_are_dropped_then_counted():
    now = [0.0]
    limit = OncePerInterval(10.0, clock=lambda: now[0])
    assert limit.filter(record("Invalid HTTP request received."))
    passed = [limit.filter(record("Invalid HTTP request received.")) for _ in range(5000)]
    assert not any(passed)
    assert limit.filter(record("another kind"))  # kinds are counted apart
    now[0] = 10.5
    later = record("Invalid HTTP request received.")
    assert limit.filter(later) and "5,000 more like it" in later.getMessage()


def test_a_kind_is_its_template_not_its_arguments():
    limit = OncePerInterval(10.0, clock=lambda: 0.0)
    first = logging.LogRecord("advisor.web", logging.ERROR, __file__, 1, "%s %s: %s", ("POST", "/a", "x"), None)
    second = logging.LogRecord("advisor.web", logging.ERROR, __file__, 1, "%s %s: %s", ("GET", "/b", "y"), None)
    assert limit.filter(first) and not limit.filter(second)
