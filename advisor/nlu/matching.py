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

import bisect
import itertools
import math
from array import array
from dataclasses import dataclass
from typing import Iterable, Protocol

from rapidfuzz import fuzz, process

from .postings import ArrayPostings, IndexPart, ListPostings, Postings, numpy_available, quantised

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


def _array(values=()) -> array:
    return array("i", values)


def _from_bytes(data: bytes) -> array:
    found = _array()
    found.frombytes(data)
    return found


class FuzzyMatcher:
    """The default matcher: an inverted index and rapidfuzz over the patterns.

    It is fitted on *parts*, one per pack file (`part()` makes one): each holds its
    patterns and its own index, as plain data a cache can keep, so a pack whose one file
    changed refits from the other files' parts without reading their patterns again. Their
    lists are joined when fitted, and their indexes merged by word by the postings reader
    (postings.py), not recomputed per pattern."""

    def __init__(self, stopwords: Iterable[str] = (), vectorised: bool | None = None) -> None:
        """`vectorised`: read the index with numpy (True) or plain Python (False); by default
        numpy for a pack of over LARGE_PACK patterns, where it is installed. Both rank alike."""
        self.stopwords = frozenset(stopwords)
        self.vectorised = vectorised
        self._full: list[str] = []
        self._content: list[str] = []
        self._starts: list[int] = []  # see _owner_of
        self._owners: list[tuple[int, array]] = []
        self._names: list[str] = []
        self._idf: dict[str, float] = {}
        self._postings: Postings = ListPostings([], self._idf, [])
        self._sorted_full: list[str] = []
        self._sorted_content: list[str] = []

    def _content_words(self, words: list[str]) -> list[str]:
        """The words that are no stopwords (the same list when none is)."""
        return words if self.stopwords.isdisjoint(words) else [w for w in words if w not in self.stopwords]

    def _content_of(self, text: str) -> str:
        words = text.split()
        content = self._content_words(words)
        return text if content is words else " ".join(content)

    def part(self, intents: Iterable[RoutingIntent]) -> dict:
        """The fitted form of some intents (one pack file's), as plain data: their names,
        patterns, the intent of each pattern, and their index: its words, in order, each
        with its count of pattern numbers (one after another in one flat array) and how many
        of these intents use it."""
        names, full, content, owner = [], [], [], []
        postings: dict[str, list[int]] = {}
        uses: dict[str, int] = {}
        # A big pack has a million patterns: each is split once, its content words read from that.
        for local, intent in enumerate(intents):
            names.append(intent.name)
            words_of_intent: set[str] = set()
            for pattern in intent.patterns:
                tokens = pattern.split()
                if not tokens:
                    continue
                joined = " ".join(tokens)
                text = pattern if joined == pattern else joined  # the same string, kept once
                index = len(full)
                full.append(text)
                owner.append(local)
                words = self._content_words(tokens)
                content.append(text if words is tokens else " ".join(words))
                distinct = set(words)
                words_of_intent |= distinct
                for word in distinct:
                    found = postings.get(word)
                    if found is None:
                        postings[word] = [index]
                    else:
                        found.append(index)
            for word in words_of_intent:
                uses[word] = uses.get(word, 0) + 1
        flat = _array()
        for found in postings.values():
            flat.extend(found)
        return {
            "names": names,
            "full": full,
            "content": content,
            "owner": _array(owner).tobytes(),
            "flat": flat.tobytes(),
            "words": list(postings),
            "counts": _array(map(len, postings.values())).tobytes(),
            "uses": _array(map(uses.__getitem__, postings)).tobytes(),
        }

    def fit(self, intents: Iterable[RoutingIntent]) -> None:
        self.fit_parts([self.part(intents)])

    def fit_parts(self, parts: list[dict]) -> None:
        """Fit on the parts of a pack, in the pack's order: their lists are joined, their
        indexes handed to the postings reader (which merges them by word), nothing is
        recomputed per pattern."""
        full: list[str] = []
        content: list[str] = []
        names: list[str] = []
        starts, owners = [], []  # each part's first pattern; its first intent and its patterns' intents
        indexes = []
        uses: dict[str, int] = {}
        for part in parts:
            base, first_intent = len(full), len(names)
            starts.append(base)
            owners.append((first_intent, _from_bytes(part["owner"])))
            full.extend(part["full"])
            content.extend(part["content"])
            names.extend(part["names"])
            words, counts = part["words"], _from_bytes(part["counts"])
            indexes.append(IndexPart(base, _from_bytes(part["flat"]), words, counts))
            for word, count in zip(words, _from_bytes(part["uses"]), strict=True):
                uses[word] = uses.get(word, 0) + count
        self._full, self._content, self._names = full, content, names
        self._starts, self._owners = starts, owners
        # idf over intents, not patterns: an intent with many patterns is not one of many.
        # Quantised, so that both readers of the index sum them to the same bits.
        total = max(1, len(names))
        self._idf = {word: quantised(math.log(1 + total / count)) for word, count in uses.items()}
        vectorised = self.vectorised if self.vectorised is not None else len(full) > LARGE_PACK and numpy_available()
        self._postings = (
            ArrayPostings(indexes, self._idf, len(full)) if vectorised else ListPostings(indexes, self._idf, content)
        )
        # The word-sorted forms feed the pass over every pattern, which large packs skip;
        # there, the few candidates of a question are sorted when they are scored.
        large = len(full) > LARGE_PACK
        self._sorted_full = [] if large else [_sorted(p) for p in full]
        self._sorted_content = [] if large else [_sorted(c) for c in content]

    def _owner_of(self, index: int) -> int:
        """The intent (its number in the pack) of a pattern: its part's own number for it, after
        the intents of the parts before (not joined into one array when fitted: a big pack
        has a million patterns, and a question reaches a few dozen)."""
        n = bisect.bisect_right(self._starts, index) - 1
        first_intent, local = self._owners[n]
        return first_intent + local[index - self._starts[n]]

    def _overlaps(self, words: frozenset[str]) -> dict[int, float]:
        """Weighted share (0..100) of known words each pattern has in common with the question
        (idf of the shared words over idf of the words of either), for the patterns that share
        the question's rarest words."""
        postings, idf = self._postings, self._idf
        counts = {w: postings.count(w) for w in words if w in idf}
        known = sorted(counts, key=lambda w: (counts[w], w))
        read, total = 0, 0
        for word in known:  # the rarest words find the candidates, within a budget
            if total and total + counts[word] > POSTINGS_BUDGET:
                break  # a common word: it scores the candidates, finds no more
            read += 1
            total += counts[word]
        weighed = [(w, idf[w]) for w in known]
        return postings.overlaps(weighed[:read], weighed[read:], sum(idf[w] for w in known), RARE_CANDIDATES)

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        full = " ".join(text.split())
        if not full or not self._full:
            return []
        content = self._content_of(full)
        sorted_full, sorted_content = _sorted(full), _sorted(content)
        overlaps = self._overlaps(frozenset(content.split())) if content else {}
        candidates = set(itertools.islice(overlaps, OVERLAP_CANDIDATES))  # best first
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
            owner = self._owner_of(index)
            if owner not in best or score > best[owner][0]:
                best[owner] = (score, index)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0][0], -kv[1][0][1], kv[0], kv[1][1]))
        return [
            Match(self._names[owner], round(score / 100, 4), self._full[index])
            for owner, ((score, _), index) in ordered[:limit]
        ]
