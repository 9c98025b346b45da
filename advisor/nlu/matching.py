"""Route a normalised question to intents: the matcher interface and the rapidfuzz matcher.

A matcher is any object with ``fit(intents)`` (each intent has ``.name`` and ``.patterns``)
and ``rank(text, limit) -> list[Match]``. The engine gives it patterns and questions in
the same normalised form (lower case, synonyms canonical, entity mentions replaced by
slot words such as SCHOOL, stopwords removed), so any matcher works in that space.

Ranking is deterministic: by score, highest first; ties go to the pattern closer to the
whole question (its full-text score), then to the intent defined first in the pack (file
name order, then order in the file), then to its earlier pattern.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Iterable, Protocol

from rapidfuzz import fuzz, process

# Each pattern is scored three ways with rapidfuzz, on two forms of the text: the *content*
# words (stopwords removed) and the *full* normalised text.
#  - token_set_ratio on content forgives word order and extra words: a long question that
#    contains a short pattern scores 100;
#  - token_sort_ratio on content rewards patterns whose words cover the whole question,
#    which separates the many patterns token_set_ratio scores 100;
#  - token_sort_ratio on the full text lets a near-verbatim question win even when its
#    content words are few ("what do they do").
#  - weighted overlap: the content words shared by question and pattern, each weighted by
#    how few intents use it (idf), as a share of the words of either that the pack knows.
#    "who runs it" shares the rare word "run" with "who runs the certification" and only
#    the common "who" with "who are you".
# score = max(weighted blend of the three content scores, full). The weights were set on the
# dev conversations: more weight on token_set let one shared word win ("what", "online");
# less made verbose questions fall back.
SET_WEIGHT = 0.5
SORT_WEIGHT = 0.2
OVERLAP_WEIGHT = 0.3

# Not every pattern is scored in full. Candidates are the patterns sharing the most
# weighted words with the question (from an inverted index, OVERLAP_CANDIDATES of them)
# and the patterns closest to the whole question (one vectorised rapidfuzz pass over all
# patterns, FULL_CANDIDATES of them). A pattern outside both cannot reach the threshold:
# it shares few words and does not read like the question. The dev conversations route
# the same with these limits as with every pattern scored.
OVERLAP_CANDIDATES = 12
FULL_CANDIDATES = 8
# Large packs: candidates come from the question's rarest words only, reading at most this
# many index entries (common words then only score the candidates, they do not find them),
# and the whole-question pass runs over those candidates rather than every pattern.
POSTINGS_BUDGET = 3000
LARGE_PACK = 5_000  # patterns
# Candidates kept from the rare words, before their full overlap is computed.
RARE_CANDIDATES = 200
# A pattern wins on reading like the whole question only from this score (0..100) up.
WHOLE_ALONE = 65
# With a pattern sharing this much (0..100) of the question's weighted words, the pass over
# every pattern is skipped.
STRONG_OVERLAP = 60
# Patterns scoring under this (0..100) in the whole-question pass are not candidates: set
# just under ACCEPT, as a pattern this far from the whole question only wins on its words,
# and then it is an overlap candidate anyway. (12 / 8 / 60 route the dev conversations and
# the transcripts exactly as 24 / 16 / 40 did, 30% faster.)
PREFILTER_CUTOFF = 60


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


def _sorted(text: str) -> str:
    """Words in order: rapidfuzz's token_sort_ratio is ratio() of two such strings."""
    return " ".join(sorted(text.split()))


class FuzzyMatcher:
    """The default matcher: an inverted index and rapidfuzz over the patterns."""

    def __init__(self, stopwords: Iterable[str] = ()) -> None:
        self.stopwords = frozenset(stopwords)
        self._full: list[str] = []
        self._owner: list[int] = []  # pattern index -> intent index
        self._names: list[str] = []

    def _content_of(self, text: str) -> str:
        words = text.split()
        if self.stopwords.isdisjoint(words):
            return text
        return " ".join(w for w in words if w not in self.stopwords)

    def fit(self, intents: Iterable[RoutingIntent]) -> None:
        full, owner, names = [], [], []
        for index, intent in enumerate(intents):
            names.append(intent.name)
            for pattern in intent.patterns:
                if pattern.strip():
                    full.append(" ".join(pattern.split()))
                    owner.append(index)
        self._full, self._owner, self._names = full, owner, names
        # Everything a question is compared with is prepared once, here.
        self._content = [self._content_of(p) for p in full]
        # The word-sorted forms feed the pass over every pattern, which large packs skip;
        # there, the few candidates of a question are sorted when they are scored.
        large = len(full) > LARGE_PACK
        self._sorted_full = [] if large else [_sorted(p) for p in full]
        self._sorted_content = [] if large else [_sorted(c) for c in self._content]
        # idf over intents, not patterns: an intent with many patterns is not one of many.
        self._postings: dict[str, list[int]] = {}
        users: dict[str, set[int]] = {}
        for index, (content, intent) in enumerate(zip(self._content, owner, strict=True)):
            for word in set(content.split()):
                self._postings.setdefault(word, []).append(index)
                users.setdefault(word, set()).add(intent)
        total = max(1, len(names))
        self._idf = {word: math.log(1 + total / len(used)) for word, used in users.items()}
        self._mass = [sum(self._idf[w] for w in set(content.split())) for content in self._content]

    # Everything `fit` computes is plain lists, dicts and strings: `state()` can be saved
    # with marshal (fast to read back) and handed to `from_state` to skip fitting.
    _STATE = (
        "stopwords",
        "_full",
        "_owner",
        "_names",
        "_content",
        "_sorted_full",
        "_sorted_content",
        "_postings",
        "_idf",
        "_mass",
    )

    def state(self) -> dict:
        data = {name: getattr(self, name) for name in self._STATE}
        data["stopwords"] = sorted(self.stopwords)
        return data

    @classmethod
    def from_state(cls, data: dict) -> "FuzzyMatcher":
        matcher = cls(data["stopwords"])
        for name in cls._STATE[1:]:
            setattr(matcher, name, data[name])
        return matcher

    def _overlaps(self, words: frozenset[str]) -> dict[int, float]:
        """Weighted share (0..100) of known words each pattern has in common with the question
        (idf of the shared words over idf of the words of either), for the patterns that share
        the question's rarest words."""
        known = sorted((w for w in words if w in self._idf), key=lambda w: (len(self._postings[w]), w))
        mass = sum(self._idf[w] for w in known)
        shared: dict[int, float] = {}
        read = 0
        complete = True  # every word's postings were read: `shared` is exact
        for word in known:
            postings = self._postings[word]
            if read and read + len(postings) > POSTINGS_BUDGET:
                complete = False  # a common word: it scores the candidates below, finds no more
                break
            read += len(postings)
            weight = self._idf[word]
            for index in postings:
                shared[index] = shared.get(index, 0.0) + weight
        if not complete:
            if len(shared) > RARE_CANDIDATES:
                shared = dict(heapq.nlargest(RARE_CANDIDATES, shared.items(), key=lambda kv: (kv[1], -kv[0])))
            known_set = set(known)
            for index in shared:
                shared[index] = sum(self._idf[w] for w in known_set.intersection(self._content[index].split()))
        return {i: 100 * s / (mass + self._mass[i] - s) for i, s in shared.items()}

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        full = " ".join(text.split())
        if not full or not self._full:
            return []
        content = self._content_of(full)
        sorted_full, sorted_content = _sorted(full), _sorted(content)
        overlaps = self._overlaps(frozenset(content.split())) if content else {}
        if len(overlaps) <= OVERLAP_CANDIDATES:
            candidates = set(overlaps)
        else:
            top = heapq.nlargest(OVERLAP_CANDIDATES, ((v, -i) for i, v in overlaps.items()))
            candidates = {-negated for _, negated in top}  # ties go to the earlier pattern
        # Small packs: also the patterns closest to the whole question, unless some pattern
        # already shares most of the question's weighted words (then those decide).
        if self._sorted_full and (not overlaps or max(overlaps.values()) < STRONG_OVERLAP):
            hits = process.extract(
                sorted_full, self._sorted_full, scorer=fuzz.ratio, limit=FULL_CANDIDATES, score_cutoff=PREFILTER_CUTOFF
            )
            candidates.update(index for _, _, index in hits)
        best: dict[int, tuple[tuple[float, float], int]] = {}  # intent -> ((score, full score), pattern)
        presorted = bool(self._sorted_full)
        for index in sorted(candidates):
            pattern_full = self._sorted_full[index] if presorted else _sorted(self._full[index])
            whole = fuzz.ratio(sorted_full, pattern_full)
            blended = 0.0
            if content and self._content[index]:
                pattern_content = self._sorted_content[index] if presorted else _sorted(self._content[index])
                blended = (
                    SET_WEIGHT * fuzz.token_set_ratio(content, self._content[index])
                    + SORT_WEIGHT * fuzz.ratio(sorted_content, pattern_content)
                    + OVERLAP_WEIGHT * overlaps.get(index, 0.0)
                )
            # The whole-question score counts on its own only when the question reads nearly as
            # the pattern does; lower, it is letters in common ("anatomy"/"annual"), not meaning.
            score = (max(blended, whole if whole >= WHOLE_ALONE else 0.0), whole)  # whole breaks ties
            owner = self._owner[index]
            if owner not in best or score > best[owner][0]:
                best[owner] = (score, index)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0][0], -kv[1][0][1], kv[0], kv[1][1]))
        return [
            Match(self._names[owner], round(score / 100, 4), self._full[index])
            for owner, ((score, _), index) in ordered[:limit]
        ]
