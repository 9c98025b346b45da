"""Vocabulary: the words a pack adds to the language, for reading questions.

Both folders may hold a `vocabulary:` section. The intents' vocabulary is about asking
(``salary: [pay, wage]``); the knowledge's is about the field: its abbreviations (``CDL``)
and the proper names that stand for a generic idea the intents use (``certification:
[CDL]``). The two are merged; the knowledge's entry wins when both name one variant.

    synonyms           canonical word or phrase -> the variants that mean it
    abbreviations      abbreviation -> expansion, matched case-sensitively ("HIT", not "hit")
    other_occupations  occupations the pack does not cover, besides the built-in list
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .schema import Checker, Field
from .yamlsource import YamlDoc


@dataclass(frozen=True)
class Vocabulary:
    """Pack words for the normaliser and entity finder."""

    synonyms: Mapping[str, str] = field(default_factory=dict)  # variant -> canonical
    abbreviations: Mapping[str, str] = field(default_factory=dict)  # case-sensitive
    other_occupations: tuple[str, ...] = ()

    def merged(self, other: "Vocabulary") -> "Vocabulary":
        """This vocabulary with `other`'s entries added (`other` wins on a shared key)."""
        return Vocabulary(
            synonyms=MappingProxyType({**self.synonyms, **other.synonyms}),
            abbreviations=MappingProxyType({**self.abbreviations, **other.abbreviations}),
            other_occupations=tuple(dict.fromkeys((*self.other_occupations, *other.other_occupations))),
        )


SECTION = (
    Field("synonyms", "mapping"),
    Field("abbreviations", "mapping"),
    Field("other_occupations", "str_list"),
)


class VocabularyBuilder:
    """Collects the `vocabulary:` sections of the files of one folder."""

    def __init__(self) -> None:
        self.synonyms: dict[str, str] = {}
        self.abbreviations: dict[str, str] = {}
        self.other_occupations: list[str] = []

    def add(self, doc: YamlDoc, check: Checker) -> None:
        rec = check.record(("vocabulary",), doc.data["vocabulary"], SECTION, "'vocabulary'")
        if rec is None:
            return
        for canonical, variants in (rec.get("synonyms") or {}).items():
            path = ("vocabulary", "synonyms", canonical)
            if check.kind(path, variants, "str_list", f"the synonyms of {canonical!r}"):
                for variant in variants:
                    self.synonyms[variant] = str(canonical)
        for abbr, expansion in (rec.get("abbreviations") or {}).items():
            if check.kind(("vocabulary", "abbreviations", abbr), expansion, "str", f"the expansion of {abbr!r}"):
                self.abbreviations[str(abbr)] = expansion
        self.other_occupations.extend(rec.get("other_occupations") or ())

    def build(self) -> Vocabulary:
        return Vocabulary(
            synonyms=MappingProxyType(dict(self.synonyms)),
            abbreviations=MappingProxyType(dict(self.abbreviations)),
            other_occupations=tuple(self.other_occupations),
        )
