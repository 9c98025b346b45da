"""Which intent accounts for the words of a question.

Fuzzy matching says which patterns a question reads like; it can be swayed by the shape
of a question ("do they do transcription?" reads like "what do they do?"). Here every
content word of the question is accounted for: an intent accounts for a word when its
patterns use it, or, with less weight (SAID_WEIGHT), when its examples or its answer do (the
pack's own words, normalised as questions are). The entities a question names count too, as
their slot words (SCHOOL, STATE...): an intent whose patterns take a school accounts for a
school named. A question whose distinctive word only another intent's answer uses
("transcription") asks that intent. Words are weighted by how few intents use them (idf),
so a word every answer says ("record") decides nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping

from .entities import SLOTS

_SLOT_WORDS = frozenset(SLOTS.values())
# Entities that are content: what a question asks about. The occupation is named in most
# questions and decides nothing; another occupation is decided on before routing.
_CONTENT_SLOTS = _SLOT_WORDS - {SLOTS["occupation"], SLOTS["other_occupation"]}
# A word an intent only says (in its answer or examples) accounts for less than one its
# patterns ask with: an answer mentions many things it is not about ("different personalities").
SAID_WEIGHT = 0.6


@dataclass(frozen=True)
class Accounting:
    """How well one intent accounts for a question's content words (idf-weighted share)."""

    intent: str
    share: float  # 0..1
    missing: tuple[str, ...]  # content words it does not account for


class Evidence:
    """Intent vocabularies and word weights for one pack. Immutable after construction."""

    def __init__(self, asked: Mapping[str, Iterable[str]], said: Mapping[str, Iterable[str]], ignore: Iterable[str]):
        """`asked`: intent -> the words of its patterns; `said`: intent -> the words of its
        answers and examples; `ignore`: words that never count as content (stopwords, fillers)."""
        self.ignore = frozenset(ignore)
        self.asked = {name: frozenset(words) for name, words in asked.items()}
        self.said = {name: frozenset(words) - self.asked.get(name, frozenset()) for name, words in said.items()}
        self.vocab = {name: self.asked.get(name, frozenset()) | self.said.get(name, frozenset())
                      for name in {*self.asked, *self.said}}  # fmt: skip
        users: dict[str, set[str]] = {}
        for name, words in self.vocab.items():
            for word in words:
                users.setdefault(word, set()).add(name)
        total = max(1, len(self.vocab))
        self.users = {word: frozenset(names) for word, names in users.items()}
        self.idf = {word: math.log(1 + total / len(names)) for word, names in users.items()}

    def content(self, routing_tokens: Iterable[str]) -> tuple[str, ...]:
        """The words of a question that carry its meaning: not stopwords, fillers or entities,
        nor a unit after "per" ("what do they earn per hour" is about pay)."""
        tokens = list(routing_tokens)
        units = {n + 1 for n, w in enumerate(tokens) if w == "per"}
        return tuple(
            dict.fromkeys(
                w
                for n, w in enumerate(tokens)
                if w in _CONTENT_SLOTS
                or (n not in units and w not in _SLOT_WORDS and w not in self.ignore and w.isalpha() and len(w) > 2)
            )
        )

    def known(self, words: Iterable[str]) -> tuple[str, ...]:
        """The words some intent accounts for."""
        return tuple(w for w in words if w in self.users)

    def account(self, intent: str, words: tuple[str, ...]) -> Accounting:
        """How much of `words` (those some intent knows) the intent accounts for."""
        asked, said = self.asked.get(intent, frozenset()), self.said.get(intent, frozenset())
        known = self.known(words)
        mass = sum(self.idf[w] for w in known)
        covered = sum(self.idf[w] * (1.0 if w in asked else SAID_WEIGHT) for w in known if w in asked or w in said)
        missing = tuple(w for w in known if w not in asked and w not in said)
        return Accounting(intent, covered / mass if mass else 1.0, missing)

    def accounting_for(self, words: tuple[str, ...]) -> list[str]:
        """Intents that account for any of the words, the rarest words' intents first."""
        order = sorted(self.known(words), key=lambda w: -self.idf[w])
        return list(dict.fromkeys(name for w in order for name in sorted(self.users[w])))


# A question's ranking blends how a pattern reads like it (the matcher's score) with how much
# of its content an intent accounts for: score = (1 - ACCOUNT_WEIGHT) * match + ACCOUNT_WEIGHT
# * share. With 0.4, an intent that accounts for none of the question's known content words
# needs a near-verbatim pattern to stay ahead, and one that accounts for all of them wins
# over a pattern that only shares the question's shape ("do they do transcription?").
ACCOUNT_WEIGHT = 0.4
# Intents that account for the question's rarest words join the candidates, even when no
# pattern of theirs was ranked: at most this many.
ACCOUNTING_CANDIDATES = 6
