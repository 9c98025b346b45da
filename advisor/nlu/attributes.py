"""Find the attribute a question asks about ("is Harbor College accredited?" asks its accreditation).

An attribute is known by phrases (`Attribute`; a pack lists them, read by pack/intents.py).
A phrase is one or more parts joined by "+"; it is asked when each part appears in the
question as a run of words, in any order. Phrases are read as questions are (normalised the same way), so
"cost" in a phrase reads as the pack's synonym for it; a part that is a slot word (STATE,
SCHOOL) stands for any entity of that kind. The most specific match wins: the one whose
parts cover the most words, then the attribute listed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .entities import SLOTS

_SLOT_WORDS = frozenset(SLOTS.values())


@dataclass(frozen=True)
class Attribute:
    """Something a question asks about ("accreditation"), known by the words that ask it.

    `words` are phrases; "a + b" is asked when both parts appear in any order. `intent` is
    the intent that answers it, "" when none does: the pack does not cover it."""

    name: str
    about: str  # "school", "occupation", "certification" or "any"
    asks: str  # "whether {subject} is accredited"
    words: tuple[str, ...]
    intent: str = ""
    source: str = ""


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

    def __init__(self, attributes: Iterable[Attribute], tokenize_all: Callable[[Sequence[str]], list[tuple[str, ...]]]):
        """`tokenize_all` normalises phrases (all of a pack's parts at once)."""
        written = [
            (attribute, [part for part in (p.strip() for p in phrase.split("+")) if part])
            for attribute in attributes
            for phrase in attribute.words
        ]
        said = [part for _, parts in written for part in parts if part not in _SLOT_WORDS]
        tokens_of = dict(zip(said, map(tuple, tokenize_all(said)), strict=True))
        self._phrases: list[tuple[Attribute, tuple[tuple[str, ...], ...]]] = []
        for attribute, written_parts in written:
            parts = tuple((part,) if part in _SLOT_WORDS else tokens_of[part] for part in written_parts)
            if parts and all(parts):
                self._phrases.append((attribute, parts))
        # Each phrase is filed under its rarest word, and read only when a question has it
        # and every other word of the phrase too: most questions read none.
        counts: dict[str, int] = {}
        for _, parts in self._phrases:
            for word in {w for part in parts for w in part}:
                counts[word] = counts.get(word, 0) + 1
        self._by_word: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for order, (_, parts) in enumerate(self._phrases):
            words = frozenset(w for part in parts for w in part)
            rarest = min(words, key=lambda w: (counts[w], w))
            self._by_word.setdefault(rarest, []).append((order, words))

    def find(self, tokens: tuple[str, ...]) -> AttributeMatch | None:
        """The attribute the routing tokens (entities as slot words) ask about, if any."""
        present = set(tokens)
        candidates = sorted(
            order
            for word in present.intersection(self._by_word)
            for order, words in self._by_word[word]
            if words <= present
        )
        best: tuple[int, int, Attribute, tuple[str, ...]] | None = None
        for order in candidates:
            attribute, parts = self._phrases[order]
            if all(_contains(tokens, part) for part in parts):
                covered = sum(len(part) for part in parts)
                if best is None or (covered, -order) > (best[0], best[1]):
                    best = (covered, -order, attribute, tuple(w for part in parts for w in part))
        return AttributeMatch(best[2], best[3]) if best else None
