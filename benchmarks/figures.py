"""Helpers the benchmarks share for figures measured in rounds."""

from __future__ import annotations

import statistics


def median_of(rounds: list[dict], *path: str) -> float:
    """The median over `rounds` of the figure each holds under `path` (nested keys)."""
    values = []
    for found in rounds:
        for step in path:
            found = found[step]
        values.append(found)
    return statistics.median(values)
