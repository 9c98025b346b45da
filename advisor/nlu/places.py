"""Places a question names: US cities, Census regions, and how far apart places are.

"I'm in Portland, Oregon", "moving to Dallas", "anything in the midwest?". A city is placed
in its state, with its coordinates; a region stands for its states. Distances are great-
circle miles between coordinates: a school's city when the table has it, else the centre of
its state (the mean of its places, weighted by people). The data is GeoNames' (see
data/SOURCES.md), read when a pack loads (from the pack cache when it is there).

A city name is taken as one only where a question says it is a place: after "in", "near",
"from", "to"..., or before its state ("Portland, Oregon"). So "tuition at Harvard" asks
about a school, not about Harvard, Illinois; and "reading" or "mobile" stay words.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from .language import Language
from .normalize import singular

# Words before a place that say it is one ("near Wichita", "I live in Dallas").
PLACE_CUES = frozenset({"in", "near", "from", "to", "around", "outside", "closest", "nearest", "nearby"})
# Words that may stand between a cue and the name ("to the Dallas area", "near of Dallas"),
# and words after a name that make it a place ("the Dallas area").
_BETWEEN = frozenset({"the", "of"})
_AREA_WORDS = frozenset({"area", "metro", "suburb", "region"})
EARTH_RADIUS_MILES = 3958.8
# Longest city name, in words, worth looking for ("Salt Lake City", "Winston Salem").
LONGEST_NAME = 4


@dataclass(frozen=True)
class Place:
    """A place a question names: a city (with its state and coordinates) or a region."""

    name: str  # as it is shown: "Portland, Oregon", "the Midwest"
    kind: str  # "city" or "region"
    states: tuple[str, ...]  # full state names: the city's, or the region's
    point: tuple[float, float] | None = None  # latitude, longitude of a city
    start: int = 0  # the tokens [start, end) that name it
    end: int = 0


@dataclass(frozen=True)
class _City:
    name: str
    state: str  # full name
    point: tuple[float, float]
    population: int


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


@lru_cache(maxsize=None)
def _singular(word: str) -> str:
    return singular(word)


def _key(name: str) -> tuple[str, ...]:
    """A name's words as a question's tokens come: lower case, singular ("sioux fall")."""
    return tuple(map(_singular, name.lower().replace("-", " ").replace(".", "").split()))


class CityTable(NamedTuple):
    """The cities, as plain data a cache can keep (read_city_table makes it)."""

    keys: list[tuple[str, ...]]  # a name's words (_key)
    rows: list[list[int]]  # for each key, its cities (rows below), the most populous first
    names: list[str]
    states: list[str]  # full names
    points: bytes  # array("d"): latitude, longitude of each row
    people: bytes  # array("q"): the population of each row
    centres: dict[str, tuple[float, float]]  # each state's centre


def read_city_table(language: Language) -> CityTable:
    """The cities of data/us_places.tsv, and the nicknames of data/us_city_nicknames.yaml."""
    by_abbr = language.state_by_abbreviation
    text = resources.files("advisor.nlu.data").joinpath("us_places.tsv").read_text(encoding="utf-8")
    names, states, points, people = [], [], array("d"), array("q")
    rows: dict[tuple[str, ...], list[int]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, abbr, lat, lon, count = line.split("\t")
        if abbr in by_abbr:
            rows.setdefault(_key(name), []).append(len(names))
            names.append(name)
            states.append(by_abbr[abbr])
            points.extend((float(lat), float(lon)))
            people.append(int(count))
    for found in rows.values():
        found.sort(key=lambda row: -people[row])
    # What people call a city in chat ("Philly"): that city, in its state, only.
    text = resources.files("advisor.nlu.data").joinpath("us_city_nicknames.yaml").read_text(encoding="utf-8")
    for nickname, (name, abbr) in yaml.safe_load(text)["nicknames"].items():
        rows[_key(nickname)] = [next(row for row in rows[_key(name)] if states[row] == by_abbr[abbr])]
    # Each state's centre: the mean of its places' coordinates, weighted by people.
    sums: dict[str, list[float]] = {}
    for found in rows.values():
        for row in found:
            s = sums.setdefault(states[row], [0.0, 0.0, 0.0])
            s[0] += points[2 * row] * people[row]
            s[1] += points[2 * row + 1] * people[row]
            s[2] += people[row]
    centres = {state: (lat / n, lon / n) for state, (lat, lon, n) in sums.items() if n}
    keys = list(rows)
    return CityTable(keys, [rows[k] for k in keys], names, states, points.tobytes(), people.tobytes(), centres)


class Places:
    """US cities and regions for one language. Read-only after construction."""

    def __init__(self, language: Language, preferred: dict[str, str] | None = None, cities: CityTable | None = None):
        """`preferred`: city -> state, for cities a name could mean several of that the pack
        cares about (its schools' cities): "Madison" is then that Madison. `cities`: the
        table of cities (read_city_table, which a pack keeps in its cache); read here when
        not given. Every table is ready when this returns: no question waits for one."""
        self.language = language
        self._preferred = {_key(city): state for city, state in (preferred or {}).items()}
        table = cities or read_city_table(language)
        self._rows = dict(zip(table.keys, table.rows, strict=True))
        self._names, self._states, self._centres = table.names, table.states, table.centres
        self._points, self._people = array("d"), array("q")
        self._points.frombytes(table.points)
        self._people.frombytes(table.people)
        self._regions = self._read_regions()
        self._place_words = frozenset(w for table in (self._regions, self._rows) for words in table for w in words)
        self._state_names = frozenset(s.lower() for s in language.states)

    def place_words(self) -> frozenset[str]:
        """Every word of every region's and city's name: words that spelling correction must
        leave alone."""
        return self._place_words

    def _cities(self, words: tuple[str, ...]) -> list[_City]:
        """The cities of a name (as _key gives its words), the most populous first."""
        points = self._points
        return [
            _City(self._names[r], self._states[r], (points[2 * r], points[2 * r + 1]), self._people[r])
            for r in self._rows.get(words, ())
        ]

    def _read_regions(self) -> dict[tuple[str, ...], tuple[str, tuple[str, ...]]]:
        """Region name words -> (its name, its states)."""
        text = resources.files("advisor.nlu.data").joinpath("us_regions.yaml").read_text(encoding="utf-8")
        by_abbr = self.language.state_by_abbreviation
        regions = {}
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
        for name, region in yaml.load(text, Loader=loader)["regions"].items():
            states = tuple(by_abbr[a] for a in region["states"])
            for said in region["names"]:
                regions[_key(said)] = (name, states)
        return regions

    def point(self, city: str, state: str) -> tuple[float, float] | None:
        """Where a place is: the city in that state if known, else the state's centre."""
        for c in self._cities(_key(city)) if city else ():
            if c.state == state:
                return c.point
        return self._centres.get(state)

    def find(self, tokens: tuple[str, ...], taken=lambda words: False) -> Place | None:
        """The first city or region the tokens name as a place, if any. `taken(words)` says
        the words name something else the pack knows (a school called after its town)."""
        if self._place_words.isdisjoint(tokens):
            return None  # every name has a word of some place's name
        # The runs of words that are a place's name, (start, end): most questions that hold a
        # word of one ("how long": "long") hold none.
        places = {
            (i, i + n)
            for i in range(len(tokens))
            for n in range(1, min(LONGEST_NAME, len(tokens) - i) + 1)
            if tokens[i : i + n] in self._regions or tokens[i : i + n] in self._rows
        }
        if not places:
            return None
        # Where the tokens name something else, each span asked once: (start, end) pairs.
        named = {
            (j, k)
            for j in range(len(tokens))
            for k in range(j + 1, min(len(tokens), j + LONGEST_NAME) + 1)
            if taken(tokens[j:k])
        }
        for i in range(len(tokens)):
            for n in range(min(LONGEST_NAME, len(tokens) - i), 0, -1):
                words = tokens[i : i + n]
                if (i, i + n) in named and not self._abbreviation_at(tokens, i + n):
                    break  # a school's (or a state's) name, unless a state follows: "Washington DC"
                if (i, i + n) not in places:
                    continue
                if self._ends_inside_a_name(named, len(tokens), i, i + n):
                    continue  # "the south" of "the South Carolina one": the state, not the region
                region = self._regions.get(words)
                if region and (i == 0 or tokens[i - 1] in PLACE_CUES or n > 1):
                    return Place(f"the {region[0]}", "region", region[1], None, i, i + n)
                cities = self._cities(words)
                if cities:
                    place = self._city(cities, tokens, i, n)
                    if place:
                        return place
        return None

    @staticmethod
    def _ends_inside_a_name(named: set[tuple[int, int]], length: int, start: int, end: int) -> bool:
        """Whether a name the pack knows (a span of `named`) begins within [start, end) and
        runs past its end."""
        return any(
            (j, k) in named for j in range(start, end) for k in range(end + 1, min(length, j + LONGEST_NAME) + 1)
        )

    def _city(self, cities: list[_City], tokens: tuple[str, ...], i: int, n: int) -> Place | None:
        end = i + n
        states = self.language.states
        # "Portland, Oregon" / "Portland Maine": the state after the name picks the city.
        after = next((s for s in states if tuple(s.lower().split()) == tokens[end : end + len(s.split())]), None)
        after_words = len(after.split()) if after else 0
        if after is None:  # "Austin TX", "Washington DC", "Washington D.C."
            width = self._abbreviation_at(tokens, end)
            if width:
                after = self.language.state_by_abbreviation["".join(tokens[end : end + width]).upper()]
                after_words = width
        chosen = next((c for c in cities if c.state == after), None) if after else None
        preferred = self._preferred.get(tuple(tokens[i:end]))
        if chosen is None and preferred:
            chosen, after = next((c for c in cities if c.state == preferred), None), None
        cued = _cued(tokens, i, end)
        words = " ".join(tokens[i:end])
        if chosen is None and not cued:
            return None
        city = chosen or cities[0]
        if chosen is None and words in self._state_names:
            return None  # "New York" the state, "Washington" the state: not a city
        stop = end + (after_words if after else 0)
        return Place(f"{city.name}, {city.state}", "city", (city.state,), city.point, i, stop)

    def _abbreviation_at(self, tokens: tuple[str, ...], i: int) -> int:
        """How many tokens from i spell a state's postal abbreviation ("tx"; "d", "c"), or 0.
        One that is also a common word ("or", "in", "me", "ok") is read as the word: in a
        chat "Salem or Dover" is likelier two places than Salem, Oregon and Dover."""
        if i < len(tokens) and tokens[i] in self.language.stopwords:
            return 0
        for width in (2, 1):
            if (
                i + width <= len(tokens)
                and "".join(tokens[i : i + width]).upper() in self.language.state_by_abbreviation
            ):
                if width == 1 or all(len(t) == 1 for t in tokens[i : i + width]):
                    return width
        return 0


def _cued(tokens: tuple[str, ...], start: int, end: int) -> bool:
    """Whether the words before or after a city's name say it is a place: "in Dallas", "to
    the Dallas area", "near of Dallas" ("within driving distance of")."""
    before = start - 1
    while before >= 0 and tokens[before] in _BETWEEN and start - before <= 2:
        before -= 1
    return (before >= 0 and tokens[before] in PLACE_CUES) or (end < len(tokens) and tokens[end] in _AREA_WORDS)
