"""The schools table: its rows selected by a frame's constraints, ordered by tuition or by
distance, and the n-th or the first n of an order. The handlers say what these compute."""

from __future__ import annotations

from typing import Callable, Iterable

from ..nlu.places import miles
from ..pack.knowledge import School
from .frame import Constraints

Point = tuple[float, float]


def select(schools: Iterable[School], constraints: Constraints) -> list[School]:
    """The schools that meet the constraints: in any of the states, online when asked, and
    within the tuition range when one is set (a school with no tuition figure is then out)."""
    c = constraints
    return [
        s
        for s in schools
        if (s.online or not c.online)
        and (s.state in c.states or not c.states)
        and (c.above is None or (s.tuition is not None and s.tuition > c.above))
        and (c.below is None or (s.tuition is not None and s.tuition <= c.below))
    ]


def by_tuition(schools: Iterable[School], descending: bool = False) -> list[School]:
    """The schools with a tuition figure, cheapest first (dearest first when descending); a
    tie goes by name, so an order never depends on the pack's order."""
    ordered = sorted((s for s in schools if s.tuition is not None), key=lambda s: (s.tuition, s.name))
    return ordered[::-1] if descending else ordered


def by_distance(schools: Iterable[School], point: Point, locate: Callable[[str, str], Point | None]) -> list[School]:
    """The schools nearest a point first, by the distance to their city (or state) as
    `locate(city, state)` places it; a school it cannot place is left out."""
    located = [(s, locate(s.city, s.state)) for s in schools if s.state]
    return [s for s, _ in sorted((x for x in located if x[1]), key=lambda x: miles(point, x[1]))]


def miles_to(school: School, point: Point, locate: Callable[[str, str], Point | None]) -> float | None:
    """How far a school's city is from a point, in miles in a straight line; None for a
    school whose source gives no city (a state is too big to measure from)."""
    there = locate(school.city, school.state) if school.city and school.state else None
    return miles(point, there) if there is not None else None


def nth(ordered: list[School], position: int) -> School | None:
    """The school at a position of an order (1-based; -1 is the last), if there is one."""
    if position == -1:
        return ordered[-1] if ordered else None
    return ordered[position - 1] if 0 < position <= len(ordered) else None
