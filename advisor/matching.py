"""Route a normalised question to intents: the matcher interface and the rapidfuzz matcher.

A matcher is any object with ``fit(intents)`` (each intent has ``.name`` and ``.patterns``)
and ``rank(text, limit) -> list[Match]``. The engine gives it patterns and questions in
the same normalised form (lower case, synonyms canonical, entity mentions replaced by
slot words such as SCHOOL, stopwords removed), so any matcher works in that space.

Ranking is deterministic: by score, highest first; ties go to the intent defined first
in the pack (file name order, then order in the file), then to its earlier pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from rapidfuzz import fuzz, process

# The score blends two rapidfuzz scorers. token_set_ratio forgives word order and extra
# words (a long question that contains a short pattern scores high); token_sort_ratio
# rewards patterns whose words cover the whole question, which separates the many
# patterns that token_set_ratio scores 100. The weights were set on the dev conversations:
# more weight on token_sort made verbose questions fall back, less let one shared word win.
SET_WEIGHT = 0.7
SORT_WEIGHT = 0.3

# Only the best patterns by token_set_ratio are blended; past this many, none can win.
CANDIDATES = 64
# Patterns scoring under this (0..100) on token_set_ratio are not considered at all.
PREFILTER_CUTOFF = 40


@dataclass(frozen=True)
class Match:
    """One candidate intent for a question: `score` in 0..1 and the pattern that scored it."""

    intent: str
    score: float
    pattern: str


@dataclass(frozen=True)
class RoutingIntent:
    """What a matcher is fitted on: an intent's name and its normalised patterns."""

    name: str
    patterns: tuple[str, ...]


class Matcher(Protocol):
    def fit(self, intents: Iterable[RoutingIntent]) -> None: ...

    def rank(self, text: str, limit: int) -> list[Match]: ...


class FuzzyMatcher:
    """The default matcher: rapidfuzz over every pattern in one vectorised call per question."""

    def __init__(self) -> None:
        self._patterns: list[str] = []
        self._owner: list[int] = []  # pattern index -> intent index
        self._names: list[str] = []

    def fit(self, intents: Iterable[RoutingIntent]) -> None:
        patterns, owner, names = [], [], []
        for index, intent in enumerate(intents):
            names.append(intent.name)
            for pattern in intent.patterns:
                if pattern:
                    patterns.append(pattern)
                    owner.append(index)
        self._patterns, self._owner, self._names = patterns, owner, names

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        if not text.strip() or not self._patterns:
            return []
        hits = process.extract(
            text, self._patterns, scorer=fuzz.token_set_ratio, limit=CANDIDATES, score_cutoff=PREFILTER_CUTOFF
        )
        best: dict[int, tuple[float, int]] = {}  # intent index -> (score, pattern index)
        for pattern, set_score, index in hits:
            score = SET_WEIGHT * set_score + SORT_WEIGHT * fuzz.token_sort_ratio(text, pattern)
            owner = self._owner[index]
            if owner not in best or (score, -index) > (best[owner][0], -best[owner][1]):
                best[owner] = (score, index)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0], kv[1][1]))
        return [
            Match(self._names[owner], round(score / 100, 4), self._patterns[index])
            for owner, (score, index) in ordered[:limit]
        ]
