"""Both cores for a big pack's cold load: independent per-file work in forked processes.

Parsing a file and normalising its patterns depend on nothing another file does, so a
pack of many big files is shared out among worker processes. Forking copies the loader as
it stands (its normaliser, its entity index), so a worker needs nothing sent to it; what
it sends back is plain data. Work is shared out only when it is worth a process (a big
pack, not yet in the cache), on a system that can fork, from a process with one thread
(forking a threaded process can copy a lock held by another thread); else it runs here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any, Callable, Sequence

# At most this many processes (the machine's cores, if fewer).
MAX_WORKERS = 4

_task: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def _run(index: int) -> Any:
    assert _task is not None
    return _task(_items[index])


def workers() -> int:
    """How many processes a load may use here (1: do everything in this one)."""
    if os.environ.get("ADVISOR_NO_PARALLEL", "") not in ("", "0"):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def share_out(task: Callable[[Any], Any], items: Sequence[Any], worth_it: bool) -> list[Any]:
    """task(item) for each item, in order: in forked processes when `worth_it` and more
    than one core is free, else one after the other here."""
    count = min(workers(), len(items)) if worth_it else 1
    if count <= 1:
        return [task(item) for item in items]
    global _task, _items
    _task, _items = task, items
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            return pool.map(_run, range(len(items)), chunksize=1)
    finally:
        _task, _items = None, ()
