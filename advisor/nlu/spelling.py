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
    """Corrects words towards a fixed vocabulary. Immutable after construction."""

    def __init__(self, vocabulary: Iterable[str], protected: Callable[[], frozenset[str]] | None = None):
        """`protected` gives words that are never corrected but are no targets either (the
        names of places); it is called the first time a word needs correcting."""
        self.vocabulary: frozenset[str] = frozenset(w for w in vocabulary if w)
        self._protected = protected
        self.correct = lru_cache(maxsize=MEMO_SIZE)(self._nearest)

    @cached_property
    def choices(self) -> list[str]:
        """The vocabulary in order, as correction searches it (sorted when first needed: a
        pack's load makes spellers that never correct a word)."""
        return sorted(self.vocabulary)

    def prepare(self) -> None:
        """Sort the vocabulary now (at a load), not at a user's first typo."""
        self.choices  # noqa: B018 (a cached property, computed by being read)

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
        best = process.extractOne(word, self.choices, scorer=fuzz.ratio, score_cutoff=cutoff)
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
