"""The router's inverted index, read: which patterns use a word, and how much weight each
pattern shares with a question's words.

The index comes in parts, one per pack file (FuzzyMatcher.part makes them): each part lists
its words and how many pattern numbers each has, one word's after another in one flat
array. Two readers give the same answers:
  - `ListPostings`, plain Python, for a small pack: it starts at once and reads a few short
    lists per question;
  - `ArrayPostings`, numpy, for a big one: a common word of a big pack has thousands of
    patterns, and summing them in Python costs more than the rest of a turn. numpy is
    imported only when a pack is big enough to need it.
They agree to the last bit because every word weight is a multiple of 2**-32 (`quantised`):
a sum of such numbers is exact in float64, so neither the order of the additions nor the
reader changes it.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from array import array
from typing import Mapping, NamedTuple, Protocol, Sequence

# Word weights are rounded to a multiple of 2**-WEIGHT_BITS. A float64 holds 53 bits, so sums
# below 2**(53 - WEIGHT_BITS) (2 million; a pattern's weight is a few dozen) stay exact.
WEIGHT_BITS = 32
_SCALE = float(1 << WEIGHT_BITS)


class IndexPart(NamedTuple):
    """One pack file's index: its words in order, and each word's pattern numbers (counted
    from `base`, ascending), one word's after the other in `flat`."""

    base: int  # the number of the part's first pattern in the pack
    flat: array
    words: list[str]
    counts: array

    def spans(self) -> dict[str, tuple[int, int]]:
        """word -> (where its patterns start in `flat`, how many they are)."""
        starts = [0, *itertools.accumulate(self.counts)][: len(self.counts)]
        return dict(zip(self.words, zip(starts, self.counts, strict=True), strict=True))


def quantised(weight: float) -> float:
    """`weight` rounded to a multiple of 2**-WEIGHT_BITS: sums of these are exact."""
    return round(weight * _SCALE) / _SCALE


class Postings(Protocol):
    def count(self, word: str) -> int:
        """How many patterns use the word."""
        ...

    def overlaps(self, read: Sequence[tuple[str, float]], unread: Sequence[tuple[str, float]], mass: float,
                 limit: int) -> dict[int, float]:  # fmt: skip
        """Pattern -> the weighted share (0..100) of words it has in common with a question
        whose known words weigh `mass` in all: shared weight over the weight of the words of
        either, best first (ties: the earlier pattern). Patterns are found through the postings
        of the `read` words (word, weight); only the `limit` sharing the most weight go on
        (ties: the earlier pattern), and the `unread` words (too common to read) add to the
        weight those few share."""
        ...


def _best(shared: dict[int, float], limit: int) -> dict[int, float]:
    if len(shared) <= limit:
        return shared
    return dict(heapq.nlargest(limit, shared.items(), key=lambda kv: (kv[1], -kv[0])))


class ListPostings:
    """The index read with Python lists: for a small pack. Its parts' lists are joined by
    word when it is made (a few thousand numbers), so a question's word is one look-up."""

    def __init__(self, parts: list[IndexPart], idf: Mapping[str, float], content: Sequence[str]) -> None:
        """`idf`: word -> weight (quantised); `content`: each pattern's content words."""
        # word -> its patterns' numbers in the pack, ascending: the parts come in pack order.
        joined: dict[str, list[int]] = {}
        for part in parts:
            for word, (start, count) in part.spans().items():
                hits = part.flat[start : start + count]
                numbers = hits.tolist() if not part.base else [part.base + i for i in hits]
                found = joined.get(word)
                if found is None:
                    joined[word] = numbers
                else:
                    found.extend(numbers)
        self._postings = joined
        self._mass = array("d", (sum(idf[w] for w in set(words.split())) for words in content))

    def count(self, word: str) -> int:
        return len(self._postings.get(word, ()))

    def overlaps(self, read: Sequence[tuple[str, float]], unread: Sequence[tuple[str, float]], mass: float,
                 limit: int) -> dict[int, float]:  # fmt: skip
        postings = self._postings
        shared: dict[int, float] = {}
        get = shared.get
        for word, weight in read:
            for index in postings.get(word, ()):
                shared[index] = get(index, 0.0) + weight
        shared = _best(shared, limit)
        for word, weight in unread:
            hits = postings.get(word)
            if hits:
                for index in shared:
                    at = bisect.bisect_left(hits, index)  # a word's patterns are in order
                    if at < len(hits) and hits[at] == index:
                        shared[index] += weight
        own = self._mass
        # Best first (ties: the earlier pattern): sorted as (-share, pattern), negated back exactly.
        ranked = sorted((-(100 * s / (mass + own[i] - s)), i) for i, s in shared.items())
        return {i: -negated for negated, i in ranked}


class ArrayPostings:
    """The index read with numpy, for a big pack. The parts are merged when it is made: one
    array holds every word's patterns (in order), so a question's word is one look-up and
    one slice however many files the pack has. A question's read words' patterns are
    gathered at once, their weights summed by pattern (np.bincount), the best kept
    (np.lexsort), the unread words looked up for those (np.searchsorted). Every pattern's own
    weight is summed when the index is made (one np.bincount over all postings)."""

    def __init__(self, parts: list[IndexPart], idf: Mapping[str, float], patterns: int) -> None:
        import numpy

        assert array("i").itemsize == 4, "the index is written as 32-bit integers"
        self._np = np = numpy
        # Every word of every part numbered in the order first met (dict.fromkeys, in C).
        words = list(dict.fromkeys(itertools.chain.from_iterable(part.words for part in parts)))
        ids = dict(zip(words, itertools.count()))
        word_of, pattern_of = [], []  # of every posting of every part: its word's number, its pattern
        for part in parts:
            numbers = np.fromiter(map(ids.__getitem__, part.words), dtype=np.int64, count=len(part.words))
            word_of.append(np.repeat(numbers, np.frombuffer(part.counts, dtype=np.int32)))
            local = np.frombuffer(part.flat, dtype=np.int32).astype(np.int64)
            pattern_of.append(local + part.base if part.base else local)
        numbered = np.concatenate(word_of) if word_of else np.zeros(0, dtype=np.int64)
        found = np.concatenate(pattern_of) if pattern_of else np.zeros(0, dtype=np.int64)
        # By word, stably: each word's patterns stay in the parts' order, which is ascending.
        self._flat = found[np.argsort(numbered, kind="stable")]
        counts = np.bincount(numbered, minlength=len(words))
        starts = np.cumsum(counts) - counts
        self._spans = dict(zip(words, zip(starts.tolist(), counts.tolist(), strict=True), strict=True))
        weights = np.fromiter(map(idf.__getitem__, words), dtype=np.float64, count=len(words))
        self._mass = np.bincount(found, weights=weights[numbered], minlength=patterns)

    def count(self, word: str) -> int:
        span = self._spans.get(word)
        return span[1] if span is not None else 0

    def overlaps(self, read: Sequence[tuple[str, float]], unread: Sequence[tuple[str, float]], mass: float,
                 limit: int) -> dict[int, float]:  # fmt: skip
        np, flat, spans = self._np, self._flat, self._spans
        pieces, piece_weights, lengths = [], [], []
        for word, weight in read:
            span = spans.get(word)
            if span is not None:
                start, count = span
                pieces.append(flat[start : start + count])
                piece_weights.append(weight)
                lengths.append(count)
        if not pieces:
            return {}
        patterns, where = np.unique(np.concatenate(pieces), return_inverse=True)
        sums = np.bincount(where, weights=np.repeat(np.array(piece_weights), lengths))
        if len(patterns) > limit:
            best = np.lexsort((patterns, -sums))[:limit]  # most shared first, then the earlier pattern
            patterns, sums = patterns[best], sums[best]
        for word, weight in unread:
            span = spans.get(word)
            if span is not None:
                start, count = span
                hits = flat[start : start + count]  # in order
                at = np.minimum(np.searchsorted(hits, patterns), count - 1)
                sums = sums + weight * (hits[at] == patterns)
        overlap = 100 * sums / (mass + self._mass[patterns] - sums)
        order = np.lexsort((patterns, -overlap))
        return dict(zip(patterns[order].tolist(), overlap[order].tolist(), strict=True))


def numpy_available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True
