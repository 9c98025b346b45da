"""Spelling correction: a misspelt word becomes the nearest word the pack knows.

Correction works word by word against the pack's own vocabulary (rapidfuzz's ratio), so
"salry" becomes "salary" but nothing is corrected towards a word the pack never uses. A
common English word (lexicon.py) is never a typo: "nearest" is not "dearest".
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Callable, Iterable

from rapidfuzz import fuzz, process

from .lexicon import common_words

# A misspelt word is replaced by the nearest known word when their rapidfuzz ratio (0..100)
# reaches this. 80 accepts one slip in a 5-letter word ("salry" -> "salary", 91) or a swapped
# pair in a 7-letter word ("shcool" -> "school", 83), and refuses unrelated neighbours such
# as "nurses"/"courses" (77). Words of three or four letters need SHORT_WORD_CUTOFF ("wich" ->
# "which", 89; "yale" -> "sale", 75, is refused). Shorter words are never corrected.
SPELLING_CUTOFF = 80
SHORT_WORD_CUTOFF = 85
MIN_CORRECTABLE_LENGTH = 3
PLACE_TYPO_LENGTH = 6
PLACE_TYPO_CUTOFF = 83
# Words this short are often typed without their last letter ("mak", "wat" is not one):
# for them, a known word one letter longer that starts with them is the correction.
CLIPPED_WORD_LENGTH = 3
# Each part of two words run together is at least this long ("fulltime": "full" + "time").
MIN_PART = 4
# Corrections remembered per speller (a bound on memory for odd input).
MEMO_SIZE = 8192


class Speller:
    """Corrects words towards a fixed vocabulary. Read-only after construction, but for its
    memo of corrections and its vocabulary sorted by length, made when first needed."""

    def __init__(self, vocabulary: Iterable[str], protected: Callable[[], frozenset[str]] | None = None):
        """`protected` gives words that are never corrected but are no targets either (the
        names of places); it is called the first time a word needs correcting."""
        self.vocabulary: frozenset[str] = frozenset(w for w in vocabulary if w)
        self._protected = protected
        self.correct = lru_cache(maxsize=MEMO_SIZE)(self._nearest)

    @cached_property
    def _by_length(self) -> dict[int, list[str]]:
        """The vocabulary in order, by length (sorted when first needed: a pack's load makes
        spellers that never correct a word). Correction searches only the lengths a word
        could be near: a pack of 40,000 words has a few thousand of any one length."""
        by_length: dict[int, list[str]] = {}
        for word in sorted(self.vocabulary):
            by_length.setdefault(len(word), []).append(word)
        return by_length

    def prepare(self) -> None:
        """Sort the vocabulary now (at a load), not at a user's first typo."""
        self._by_length  # noqa: B018 (a cached property, computed by being read)

    def _closest(self, word: str, cutoff: float) -> tuple[str, float] | None:
        """The known word with the highest ratio to `word`, at least `cutoff` (ties: the
        first in alphabetical order), as rapidfuzz's extractOne over the sorted vocabulary
        finds it. A ratio is 100 * (1 - edits / (the two lengths added)), and two words
        need at least the difference of their lengths in edits: lengths whose best ratio
        is below `cutoff` are not searched."""
        best: tuple[str, float] | None = None
        size = len(word)
        # The lengths nearest the word's first: the best found so far is the least the rest
        # must reach (a tie still counts: it may come first in alphabetical order).
        for length in sorted(self._by_length, key=lambda n: abs(n - size)):
            least = best[1] if best else cutoff
            if 200 * min(size, length) < least * (size + length) - 1e-6:
                continue
            found = process.extractOne(word, self._by_length[length], scorer=fuzz.ratio, score_cutoff=least)
            if found and (best is None or found[1] > best[1] or (found[1] == best[1] and found[0] < best[0])):
                best = (found[0], found[1])
        return best

    def correctable(self, word: str) -> bool:
        """Whether `word` is a candidate for correction: letters only, not a known word, and
        long enough (or stretched, as "hii")."""
        return (
            word.isalpha()
            and word not in self.vocabulary
            and (len(word) >= MIN_CORRECTABLE_LENGTH or (len(word) > 2 and word[-1] == word[-2]))
        )

    def _split(self, word: str) -> str | None:
        """Two known words run together ("nightshifts" -> "night shifts", "fulltime"): the
        split whose shorter part is longest. None when there is no such split."""
        best = None
        for n in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = word[:n], word[n:]
            right_known = right in self.vocabulary or (right.endswith("s") and right[:-1] in self.vocabulary)
            if left in self.vocabulary and right_known:
                shorter = min(len(left), len(right))
                if best is None or shorter > best[0]:
                    best = (shorter, f"{left} {right}")
        return best[1] if best else None

    def _nearest(self, word: str) -> str:
        # Stretched words ("hii", "heyyy", "sooo"): drop the repeated last letter.
        stretched = word
        while len(stretched) > 2 and stretched[-1] == stretched[-2]:
            stretched = stretched[:-1]
            if stretched in self.vocabulary:
                return stretched
        if word in common_words():  # an ordinary English word is not a typo of a pack word
            return word
        place = self._protected is not None and word in self._protected()
        if place and len(word) < PLACE_TYPO_LENGTH:
            return word  # a place's name ("wichita") is not a typo either
        split = None if place else self._split(word)
        if split:
            return split
        # A long place name one letter off a word of the pack ("harbar", a town, and "harbor")
        # is that word mistyped; any further from one is the place.
        cutoff = PLACE_TYPO_CUTOFF if place else SHORT_WORD_CUTOFF if len(word) <= 4 else SPELLING_CUTOFF
        best = self._closest(word, cutoff)
        if not best:
            return word
        target = best[0]
        if len(word) == CLIPPED_WORD_LENGTH and len(target) == len(word) + 1 and target.startswith(word):
            return target  # "mak" -> "make"
        # A word that is the start or end of a known word, or has one as its start or end,
        # is another word ("friend"/"friendly", "feet"/"fee", "tables"/"able"), not a typo.
        if target.startswith(word) or word.startswith(target) or target.endswith(word) or word.endswith(target):
            return word
        return target
