"""English and US-geography data shared by every pack, loaded once from advisor/nlu/data/.

These are words, not facts: contractions, stopwords, number words, the phrases that
mean "top" or "bottom" of a pay range, online-study words, and the US states.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from ..errors import PackLoadError
from ..pack.yamlsource import parse_yaml

# The question words: a clause opening with one asks, whatever it reads like.
WH_WORDS = frozenset({"what", "which", "who", "whom", "whose", "where", "when", "why", "how"})


@dataclass(frozen=True)
class Language:  # not slotted: cached_property stores in the instance __dict__
    contractions: Mapping[str, str]
    stopwords: frozenset[str]
    numbers: Mapping[str, int]
    percentile_sides: Mapping[str, tuple[str, ...]]  # "top"/"bottom" -> phrases
    online_words: tuple[str, ...]
    place_prepositions: frozenset[str]
    amount_bounds: Mapping[str, tuple[str, ...]]  # "below"/"above" -> phrases
    ordinals: Mapping[str, int]  # "second" -> 2, "last" -> -1
    institution_words: frozenset[str]
    follow_up_words: frozenset[str]
    yes_words: tuple[str, ...]
    reference_words: frozenset[str]
    referents: Mapping[str, frozenset[str]]
    distance_words: frozenset[str]
    time_words: frozenset[str]  # words that ask when ("what year", "through when")
    figure_words: frozenset[str]  # words that name an answer's figures ("those percentages")
    spelled_numbers: Mapping[str, int]
    no_words: tuple[str, ...]
    states: Mapping[str, str]  # full name -> postal abbreviation
    state_nicknames: Mapping[str, str]  # "lone star state" -> full name
    neighbours: Mapping[str, tuple[str, ...]]  # full name -> full names of bordering states
    ambiguous_abbreviations: frozenset[str]
    occupations: Mapping[str, str]  # singular -> plural
    fillers: frozenset[str]
    trailing_words: frozenset[str]
    question_openers: frozenset[str]
    request_cues: frozenset[str]
    premise_cues: frozenset[str]
    social_words: frozenset[str]
    light_words: frozenset[str]
    instruction_cues: tuple[str, ...]
    instruction_verbs: frozenset[str]
    speaker_labels: tuple[str, ...]

    def points_back(self, tokens) -> bool:
        """Whether normalised tokens point back at what was said before ("it", "that")."""
        return not self.reference_words.isdisjoint(tokens)

    @cached_property
    def no_content(self) -> frozenset[str]:
        """Words that say nothing of what a question is about: function, light, filler,
        social and question words, ordinals and number words. Read once: several checks
        run on every clause."""
        words = self.stopwords | self.light_words | self.fillers | self.question_openers | self.social_words
        return words | frozenset(self.ordinals) | frozenset(self.numbers)

    @cached_property
    def not_a_topic(self) -> frozenset[str]:
        """Words that carry no topic in a follow-up: function, light, follow-up and pointing
        words, and the question words."""
        return self.stopwords | self.light_words | self.follow_up_words | self.reference_words | WH_WORDS

    @cached_property
    def comparatives(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """ "Cheaper", "more expensive"... as words, each with the side of the pair it picks."""
        return tuple((tuple(p.split()), side) for side in ("lower", "higher") for p in self.referents[side])

    @cached_property
    def referent_openers(self) -> frozenset[str]:
        """Every word that can open a phrase pointing at schools shown before, but for a
        determiner, which does so only before a number ("the two")."""
        r = self.referents
        openers = frozenset(self.ordinals) | r["other"] | r["single"] | r["group"] | r["pair"] | r["which"]
        return openers | {phrase[0] for phrase, _ in self.comparatives}

    @cached_property
    def lead_words(self) -> frozenset[str]:
        """Words that only lead into a question: a greeting or a filler ("yo what even is...")."""
        return self.social_words | self.fillers

    @cached_property
    def trail_words(self) -> frozenset[str]:
        """Words that only trail after a question ("... or nah", "... lol")."""
        return self.lead_words | self.trailing_words | {w for phrase in self.no_words for w in phrase.split()}

    @cached_property
    def conversation_words(self) -> frozenset[str]:
        """Words any conversation has, whatever its topic: stopwords, the words around a
        follow-up ("no wait, I meant...") and fillers."""
        return self.stopwords | self.follow_up_words | self.fillers

    @cached_property
    def state_words(self) -> frozenset[str]:
        """Every word of every state's name, lower case ("new", "hampshire")."""
        return frozenset(w for state in self.states for w in state.lower().split())

    @cached_property
    def state_by_abbreviation(self) -> Mapping[str, str]:
        return MappingProxyType({abbr: name for name, abbr in self.states.items()})


def _read(name: str) -> dict:
    """One data file's mapping, parsed once and then read from the cache (cache.py): every
    process reads these files, and a marshalled copy loads in a fraction of YAML's time.
    The cache's keys hold the engine's data files, so an edited file is parsed again."""
    from ..pack import cache

    entry = cache.key("language", name)
    saved = cache.read("language", entry)
    if isinstance(saved, dict):
        return saved
    text = resources.files("advisor.nlu.data").joinpath(name).read_text(encoding="utf-8")
    doc = parse_yaml(text, f"advisor/nlu/data/{name}")
    if not isinstance(doc.data, dict):  # a broken install, not a user mistake
        raise PackLoadError([doc.problem((), "expected a mapping")])
    cache.write("language", entry, doc.data)
    return doc.data


def _occupations(entries: list, short_forms: dict | None = None) -> dict[str, str]:
    """'nurse' -> 'nurses'; an entry written as {singular: plural} gives its own plural. A
    name whose last word has a short form is known by it too ("pharmacy tech")."""
    plurals: dict[str, str] = {}
    for entry in entries:
        singular, plural = next(iter(entry.items())) if isinstance(entry, dict) else (entry, f"{entry}s")
        plurals[str(singular)] = str(plural)
        *head, last = str(singular).split()
        short = (short_forms or {}).get(last)
        if head and short:
            plurals.setdefault(" ".join([*head, short]), " ".join([*head, f"{short}s"]))
    return plurals


def _state_nicknames(geo: dict) -> dict[str, str]:
    """Each state nickname ("lone star state") with the state's full name."""
    name = {abbr: full for full, abbr in geo["states"].items()}
    return {str(nickname): name[abbr] for nickname, abbr in (geo.get("nicknames") or {}).items()}


def _neighbours(geo: dict) -> dict[str, tuple[str, ...]]:
    name = {abbr: full for full, abbr in geo["states"].items()}
    return {name[abbr]: tuple(sorted(name[n] for n in near)) for abbr, near in geo["neighbours"].items()}


@lru_cache(maxsize=1)
def english() -> Language:
    """The built-in English data (cached: it never changes while the process runs)."""
    words = _read("english.yaml")
    geo = _read("us_states.yaml")
    jobs = _read("occupations.yaml")
    return Language(
        contractions=MappingProxyType({str(k): str(v) for k, v in words["contractions"].items()}),
        stopwords=frozenset(words["stopwords"]),
        numbers=MappingProxyType({str(k): int(v) for k, v in words["numbers"].items()}),
        percentile_sides=MappingProxyType({k: tuple(v) for k, v in words["percentile_sides"].items()}),
        online_words=tuple(words["online_words"]),
        place_prepositions=frozenset(words["place_prepositions"]),
        amount_bounds=MappingProxyType({k: tuple(v) for k, v in words["amount_bounds"].items()}),
        ordinals=MappingProxyType({str(k): int(v) for k, v in words["ordinals"].items()}),
        institution_words=frozenset(w for phrase in words["institution_words"] for w in phrase.split()),
        follow_up_words=frozenset(words["follow_up_words"]),
        yes_words=tuple(str(w) for w in words["yes_words"]),
        reference_words=frozenset(words["reference_words"]),
        distance_words=frozenset(str(w) for w in words["distance_words"]),
        time_words=frozenset(str(w) for w in words["time_words"]),
        figure_words=frozenset(str(w) for w in words.get("figure_words") or ()),
        referents=MappingProxyType({str(k): frozenset(str(w) for w in v) for k, v in words["referents"].items()}),
        spelled_numbers=MappingProxyType({str(k): int(v) for k, v in words["spelled_numbers"].items()}),
        no_words=tuple(str(w) for w in words["no_words"]),
        states=MappingProxyType(dict(geo["states"])),
        state_nicknames=MappingProxyType(_state_nicknames(geo)),
        neighbours=MappingProxyType(_neighbours(geo)),
        ambiguous_abbreviations=frozenset(geo["ambiguous_abbreviations"]),
        occupations=MappingProxyType(_occupations(jobs["occupations"], jobs.get("short_forms"))),
        fillers=frozenset(words["fillers"]),
        trailing_words=frozenset(words["trailing_words"]),
        question_openers=frozenset(str(w) for w in words["question_openers"]),
        request_cues=frozenset(words["request_cues"]),
        premise_cues=frozenset(words["premise_cues"]),
        social_words=frozenset(words["social_words"]),
        light_words=frozenset(words["light_words"]),
        instruction_cues=tuple(str(c) for c in words["instruction_cues"]),
        instruction_verbs=frozenset(str(w) for w in words["instruction_verbs"]),
        speaker_labels=tuple(str(c) for c in words["speaker_labels"]),
    )
