"""Terms a question hinges on that the pack does not know: "do I need to take the SAT?",
"can I use my GI Bill?".

Such a question must be declined by name, never answered with the neighbour its other
words happen to match ("do I need to ..." is also how the patient-care question opens).
Two signs mark a term: an acronym typed in capitals in a message that is not all in
capitals (SAT, GRE, GI), which the pack's vocabulary, patterns, answers and the quotes of
its source never use; or a name found by names.py that has no institution word in it and
that no school question matched with confidence ("is McDonalds hiring?").
"""

from __future__ import annotations

import re
from typing import Mapping, Protocol

from .language import Language


class KnownTerms(Protocol):
    """What terms read of a pack (pack/build.py's Pack): every word it uses, its vocabulary
    (abbreviations and synonyms) and its language."""

    @property
    def known_terms(self) -> frozenset[str]: ...

    @property
    def language(self) -> Language: ...

    @property
    def vocabulary(self) -> "_Vocabulary": ...


class _Vocabulary(Protocol):
    abbreviations: Mapping[str, str]
    synonyms: Mapping[str, str]


_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
# A question that ends by asking to be confirmed ("..., right?", "... correct?"): a claim.
CONFIRM_TAG = re.compile(r"\b(?:right|correct|true|yeah|yes|no|isn'?t\s+it|aren'?t\s+they|is\s+that\s+so)\W*$", re.I)


def unknown_acronym(pack: KnownTerms, original: str) -> str | None:
    """The first acronym typed in capitals that the pack never uses, if any."""
    letters = [c for c in original if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > len(letters) / 2:
        return None  # a message typed in capitals says nothing by its capitals
    known = pack.known_terms
    for match in _ACRONYM.finditer(original):
        acronym = match.group(0)
        bare = acronym[:-1] if acronym.endswith("s") else acronym
        if acronym in pack.vocabulary.abbreviations or bare in pack.vocabulary.abbreviations:
            continue
        if bare.lower() in known or bare.lower() in pack.vocabulary.synonyms:
            continue
        if bare in pack.language.state_by_abbreviation:
            continue
        return bare
    return None


def foreign_words(pack: KnownTerms, tokens: tuple[str, ...], places: frozenset[str]) -> tuple[str, ...]:
    """The clause's content words that the pack never uses, when they are at least half of
    its content words: "how many mg of aspirin" is about aspirin, whatever its "how many"
    matches. Function words, light words, numbers and ordinals are no content, and `places` (the
    words of US place names) are known; a typo
    the speller placed is already a known word by now."""
    ignored = pack.language.no_content
    content = [w for w in tokens if w.isalpha() and w not in ignored]
    if not content:
        return ()
    known = pack.known_terms

    def unknown(word: str) -> bool:
        if word in known or word in places:
            return False
        # An inflection of a known word is known ("sitting", "schooling").
        stems = (word[: -len(end)] for end in _ENDINGS if word.endswith(end) and len(word) > len(end) + 2)
        return not any(stem in known for stem in stems)

    foreign = tuple(dict.fromkeys(w for w in content if unknown(w)))
    share = len([w for w in content if w in foreign]) / len(content)
    return foreign if share >= FOREIGN_SHARE else ()


# Endings by which a word is another form of a known one ("sitting" of "sit"). Irregular
# forms ("held") are not found this way: the share below leaves room for a few.
_ENDINGS = ("ing", "ed", "d", "s", "es", "er", "ers", "ting", "ning", "ly")
# The share of a clause's content words the pack must never use for it to be declined by
# them: two of three ("how many mg of aspirin": many, mg, aspirin).
FOREIGN_SHARE = 2 / 3
