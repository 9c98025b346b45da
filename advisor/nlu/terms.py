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
