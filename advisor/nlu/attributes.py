"""Find the attribute a question asks about ("is Harbor College accredited?" asks its accreditation).

An attribute is known by phrases (see `Attribute` in pack/intents.py). A phrase is one or
more parts joined by "+"; it is asked when each part appears in the question as a run of
words, in any order. Phrases are read as questions are (normalised the same way), so
"cost" in a phrase reads as the pack's synonym for it; a part that is a slot word (STATE,
SCHOOL) stands for any entity of that kind. The most specific match wins: the one whose
parts cover the most words, then the attribute listed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..pack.intents import Attribute
from .entities import SLOTS

_SLOT_WORDS = frozenset(SLOTS.values())


@dataclass(frozen=True)
class AttributeMatch:
    """An attribute a question asks, and the words that ask it."""

    attribute: Attribute
    words: tuple[str, ...]


def _contains(tokens: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tokens[i : i + n] == run for i in range(len(tokens) - n + 1))


class AttributeIndex:
    """The phrases of a pack's attributes, read once. Immutable after construction."""

    def __init__(self, attributes: Iterable[Attribute], tokenize: Callable[[str], tuple[str, ...]]):
        self._phrases: list[tuple[Attribute, tuple[tuple[str, ...], ...]]] = []
        for attribute in attributes:
            for phrase in attribute.words:
                parts = tuple(
                    (part,) if part in _SLOT_WORDS else tuple(tokenize(part))
                    for part in (p.strip() for p in phrase.split("+"))
                    if part
                )
                if parts and all(parts):
                    self._phrases.append((attribute, parts))
        # A question with none of these words asks no attribute: most questions stop here.
        self._firsts = frozenset(part[0] for _, parts in self._phrases for part in parts)

    def find(self, tokens: tuple[str, ...]) -> AttributeMatch | None:
        """The attribute the routing tokens (entities as slot words) ask about, if any."""
        if self._firsts.isdisjoint(tokens):
            return None
        best: tuple[int, int, Attribute, tuple[str, ...]] | None = None
        for order, (attribute, parts) in enumerate(self._phrases):
            if all(_contains(tokens, part) for part in parts):
                covered = sum(len(part) for part in parts)
                if best is None or (covered, -order) > (best[0], best[1]):
                    best = (covered, -order, attribute, tuple(w for part in parts for w in part))
        return AttributeMatch(best[2], best[3]) if best else None
