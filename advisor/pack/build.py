"""A loaded pack: intents and knowledge, with everything built from them for answering.

Loading reads both folders, checks that handlers and template fields exist, builds the
normaliser (whose known words are the pack's own), the entity phrase tables, and the
normalised patterns the matcher is fitted on. All of it is read-only afterwards. The
handlers the intents may name are given to a load as a `HandlerSet` (registry.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from ..errors import PackLoadError, Problem
from ..nlu.attributes import AttributeIndex
from ..nlu.entities import SLOT_PATTERN, SLOTS, EntityIndex, Extraction
from ..nlu.evidence import Evidence, inverted, sorted_users
from ..nlu.language import english
from ..nlu.lexicon import common_words
from ..nlu.matching import RoutingIntent
from ..nlu.normalize import Normaliser, singular
from ..nlu.places import CityTable, Places, read_city_table
from . import cache as pack_cache
from . import yamlsource
from .intents import FALLBACK, OUT_OF_SCOPE, Intent, IntentSet, load_intents
from .knowledge import Knowledge
from .knowledge_load import read_knowledge
from .parallel import share_out
from .references import check_references
from .registry import HandlerSet
from .templates import MissingField, render, render_or_none
from .version import files_version


def default_pack_dirs() -> tuple[Path, Path]:
    """The packaged default pack: inside the wheel, or the source tree's top-level folders."""
    packaged = Path(str(resources.files("advisor"))) / "default_pack"
    if (packaged / "intents").is_dir():
        return packaged / "intents", packaged / "knowledge"
    root = Path(__file__).resolve().parents[2]  # the source tree: advisor/pack/build.py
    return root / "intents", root / "knowledge"


@dataclass(frozen=True)
class Routed:
    """A question prepared for routing."""

    extraction: Extraction
    routing_text: str
    tokens: tuple[str, ...] = ()  # the tokens read: a place's name read as its state


def _same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two occupation names that are one: the same words, or the same but for a last word
    said short (a last word that begins the other: "pharmacy tech" and its long form)."""
    if a == b:
        return True
    return len(a) == len(b) > 1 and a[:-1] == b[:-1] and (a[-1].startswith(b[-1]) or b[-1].startswith(a[-1]))


class Pack:
    """Intents + knowledge + the tables built from them. Immutable after __init__."""

    def __init__(
        self,
        intents: IntentSet,
        knowledge: Knowledge,
        handlers: HandlerSet,
        indexer: Indexer | None = None,
        knowledge_key: str | None = None,
        version: str = "",
    ):
        """Build the tables. The work for each intents file (normalising its patterns and
        answers, and `indexer`'s part of the router's index, if given) is a `Shard`, kept in
        the cache (cache.py) when `knowledge_key` says what knowledge it was made with (a
        hash of the files read): a pack with one file changed rebuilds one shard. `handlers`:
        the handlers its intents name, kept for answering. `version`: the pack's version
        (version.py)."""
        self.intents = _rendered(intents, knowledge)
        self.knowledge = knowledge
        self.handlers = handlers
        self.version = version
        self.language = english()
        self.vocabulary = vocab = intents.vocabulary.merged(knowledge.vocabulary)
        self.normaliser = Normaliser(self.language, vocab.synonyms, vocab.abbreviations)
        names = self.entity_names()
        groups = _by_file([i for i in self.intents.intents if i.name != FALLBACK])
        vocab_key = pack_cache.key("vocabulary", repr(sorted(vocab.synonyms.items())), repr(vocab.abbreviations))
        prints = [_Fingerprints.of(group) for _, group in groups]
        pattern_words = set().union(*self._pattern_words(groups, prints, vocab_key))
        known = set(pattern_words)
        words_all = self.normaliser.words_all
        known.update(w for words in words_all(p for phrases in names.values() for p, _ in phrases) for w in words)
        # The words that ask an attribute are words the pack knows ("accredited" is no typo).
        asking = (phrase.replace("+", " ") for attribute in intents.attributes for phrase in attribute.words)
        known.update(w for words in words_all(asking) for w in words if w.islower())
        # ...and so are the words handlers listen for ("dearer" is no typo of "salary").
        known.update(w for words in words_all(handlers.cue_words) for w in words)
        self.normaliser.set_known_words(known)
        tokenize = self.normaliser.phrase_tokens
        percents = knowledge.pay.percents if knowledge.pay else frozenset()
        partials = self._partial_names(pattern_words, tokenize)
        self.entities = EntityIndex(self.language, self.normaliser.phrase_tokens_all, names, partials, percents)
        school_cities = {s.city: s.state for s in knowledge.schools if s.city and s.state}
        self.places = Places(self.language, school_cities, _city_table(self.language))
        # Places' names are never "corrected" (the Midwest is no midwife), nor targets.
        self.normaliser.set_known_words(known | self.entities.words, self.places.place_words)
        self.attributes = AttributeIndex(self.intents.attributes, self.normaliser.phrase_tokens_all)
        # What the handlers say of this knowledge: part of their intents' answer words.
        handler_texts = handlers.said(knowledge)
        # What every shard depends on besides its own file: change any of it, and all change.
        # The handlers' texts are part of it, as they may come from code outside the engine.
        context = knowledge_key and pack_cache.key(
            "context",
            vocab_key,
            repr(names),
            repr(sorted(partials.items())),
            repr(sorted(percents)),
            knowledge_key,
            indexer.name if indexer else "",
            repr(sorted(handler_texts.items())),
        )
        # What the pack's cache entries are made with, besides their own files ("" uncached).
        self.context = context or ""
        self.shards = self._shards(groups, prints, context, indexer, handler_texts)
        self.routing = tuple(r for shard in self.shards for r in shard.routing)
        merged: dict[str, dict[str, None]] = {}  # word -> intents, in pack order
        for shard in self.shards:
            for word, users in shard.answer_words.items():
                merged.setdefault(word, {}).update(dict.fromkeys(users))
        self.answer_words = {word: tuple(users) for word, users in merged.items()}
        # The words of the answers are the pack's words too: "entrepreneurial" is no typo when
        # an answer says it (but no target of correction either: "purdue" is no "pursue").
        said, places = frozenset(self.answer_words), self.places.place_words
        self.normaliser.set_known_words(known | self.entities.words, cache(lambda: places() | said))
        self.normaliser.speller.prepare()
        self.evidence = self._evidence()
        common_words()  # the English words spelling leaves alone: read now (the cache), not at a first typo
        # Intents about the schools: they take a school, or a third of their patterns name a
        # school or schools (each shard says which of its own are).
        self.school_intents = frozenset(name for shard in self.shards for name in shard.school_intents)
        # The words this pack understands: every word of its patterns and template answers (the
        # words of the evidence's indexes: the shards' pattern words and the answer words).
        self.routing_words = self.evidence.words
        # The words it knows: its vocabulary and the words of its answers. A word outside them
        # may be a name ("Purdue"); one inside is not ("entrepreneurial").
        self.known_words = frozenset(self.normaliser.vocabulary | set(self.answer_words))
        # Every word it uses anywhere, lower case: its routing words and the words of the
        # passages its facts quote. A term outside them is one the pack knows nothing of.
        quoted = (s.quote for sources in self.knowledge.field_sources.values() for s in sources)
        self.known_terms = self.routing_words | frozenset(w for q in quoted for w in re.findall(r"[a-z]+", q.lower()))

    def _pattern_words(self, groups, prints: list[_Fingerprints], vocab_key: str) -> list[frozenset[str]]:
        """The raw words of each file's patterns (kept in the cache, by the patterns' text)."""
        entries = [pack_cache.key("words", vocab_key, fp.patterns) for fp in prints]
        found = [pack_cache.read("words", entry) for entry in entries]
        missing = [n for n, saved in enumerate(found) if saved is None]

        def words_of(n: int) -> list[str]:
            texts = [part for i in groups[n][1] for p in i.patterns for part in _layout(p)[::2]]
            return sorted(self.normaliser.distinct_words(self.normaliser.raw_words(self.normaliser.lower_all(texts))))

        for n, words in zip(missing, share_out(words_of, missing, _worth_it(groups, missing)), strict=True):
            pack_cache.write("words", entries[n], words)
            found[n] = words
        return [frozenset(words) for words in found]

    def _shards(
        self,
        groups,
        prints: list[_Fingerprints],
        context: str | None,
        indexer: Indexer | None,
        handler_texts: Mapping[str, str],
    ) -> tuple[Shard, ...]:
        """Each file's shard: from the cache (with a `context`), or built (in forked
        processes for a big pack). `handler_texts`: what each handler says (HandlerSet.said).
        A shard is kept in two halves: what routing reads (by the intents' names, patterns
        and slots) and what the answers say (by those and the answers): an edited answer is
        all that is done again when only answers changed, as an author's edits most often
        are. A half of another shape (a damaged cache) is made again."""
        entries = [
            (pack_cache.key("routing", context, fp.routing), pack_cache.key("answers", context, fp.routing, fp.said))
            if context
            else ("", "")
            for fp in prints
        ]
        found: list[list[Any]] = [
            [
                _half(kind, pack_cache.read(kind, entry)) if entry else None
                for kind, entry in zip(_HALVES, pair, strict=True)
            ]
            for pair in entries
        ]
        missing = [n for n, halves in enumerate(found) if None in halves]

        def build(n: int) -> list:
            file, group = groups[n]
            routed = found[n][0]
            if routed is None:
                routing = self._routing_forms(group)
                routed = Shard.routed(routing, self._school_intents(group, routing), indexer)
            return [routed, found[n][1] or Shard.answered(routed, self._answer_words(group, handler_texts))]

        for n, halves in zip(missing, share_out(build, missing, _worth_it(groups, missing)), strict=True):
            for kind, entry, saved, made in zip(_HALVES, entries[n], found[n], halves, strict=True):
                if entry and saved is None:
                    pack_cache.write(kind, entry, made)
            found[n] = halves
        return tuple(Shard.from_data(file, *halves) for (file, _), halves in zip(groups, found, strict=True))

    def _evidence(self) -> Evidence:
        """What each intent accounts for: its patterns' words (read when a question needs
        them) and the words of what it says; indexed by the shards' word -> intents."""
        said: dict[str, set[str]] = {}
        for word, users in self.answer_words.items():
            for name in users:
                said.setdefault(name, set()).add(word)
        lang = self.language
        ignore = lang.stopwords | lang.fillers | lang.light_words | lang.social_words | lang.premise_cues
        return Evidence(_PatternWords(self.shards), said, ignore, [shard.users for shard in self.shards])

    def entity_names(self) -> dict[str, list[tuple[str, str]]]:
        """Every name the pack knows, by entity kind: (phrase, canonical value)."""
        k = self.knowledge
        occ = k.occupation
        return {
            "school": [(n, s.name) for s in k.schools for n in (s.name, *s.aliases)],
            "state": [(name, name) for name in self.language.states]
            + [(nickname, name) for nickname, name in self.language.state_nicknames.items()],
            "setting": [(n, s.name) for s in k.workplaces.settings for n in (s.name, *s.aliases)],
            "degree": [(n, c.level) for c in k.credentials for n in (c.level, *c.aliases)],
            "occupation": [(n, occ.name) for n in self.own_occupation_names()],
            "other_occupation": [(n, n) for n in self.other_occupations()],
        }

    def own_occupation_names(self) -> tuple[str, ...]:
        """Every name of the pack's occupation (none when the pack has no occupation section)."""
        occ = self.knowledge.occupation
        if "occupation" not in self.knowledge.sections:
            return ()
        return (occ.title, occ.name, occ.plural, *occ.aliases)

    def other_occupations(self) -> list[str]:
        """The built-in occupations and the pack's own additions, less the pack's occupation:
        its own names are never "another occupation"."""
        # Pack text is compared as the pack's own words are read: never spelling-corrected.
        own = set(self.normaliser.normalise_all(list(self.own_occupation_names())))
        listed = list(dict.fromkeys([*self.language.occupations, *self.vocabulary.other_occupations]))
        forms = self.normaliser.normalise_all(listed)
        return [name for name, tokens in zip(listed, forms, strict=True) if not any(_same_name(tokens, o) for o in own)]

    def _school_intents(self, group: list[Intent], routing: tuple[RoutingIntent, ...]) -> tuple[str, ...]:
        """Of some intents, those about the schools: they take a school, or a third of their
        patterns name a school or schools."""
        words = {SLOTS["school"]} | self.language.institution_words
        takes = {i.name for i in group if "school" in i.slots and "degree" not in i.slots}
        return tuple(
            r.name
            for r in routing
            if r.name in takes
            or (r.patterns and sum(bool(words & set(p.split())) for p in r.patterns) * 3 >= len(r.patterns))
        )

    def _answer_words(self, group: list[Intent], handler_texts: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
        """Content words of what each intent says, as the pack renders it: word -> intents.
        That is its template answers, what its handler draws on in the knowledge
        (`handler_texts`: handler -> text), and its examples and label. A question that
        routing cannot place, or places by its shape alone, may still name a fact only one
        answer gives."""
        owners, texts = [], []
        for intent in group:
            if intent.name in (FALLBACK, OUT_OF_SCOPE):
                continue
            said = [*intent.examples, intent.label]
            if intent.handler in handler_texts:
                said.append(handler_texts[intent.handler])
            for template in intent.answers:
                try:
                    said.append(render(template, self.knowledge.fields))
                except MissingField:
                    continue
            for text in said:
                if text:
                    texts.append(text)
                    owners.append(intent.name)
        index: dict[str, dict[str, None]] = {}  # word -> intents, in pack order
        stop = self.language.stopwords
        for name, tokens in zip(owners, self.normaliser.normalise_all(texts), strict=True):
            for word in tokens:
                if word.isalpha() and len(word) > 2 and word not in stop:
                    index.setdefault(word, {})[name] = None
        return {word: tuple(users) for word, users in index.items()}

    def _partial_names(self, pattern_words: set[str], tokenize) -> dict[str, tuple[str, ...]]:
        """Words of school names that may stand for the school on their own ("hopkins"),
        leaving out words that questions use anyway ("state", "college", "the")."""
        common = {singular(w) for w in pattern_words} | self.language.stopwords | self.language.institution_words
        common |= {singular(w) for words in self.normaliser.words_all(self.vocabulary.synonyms) for w in words}
        common |= set(self.vocabulary.synonyms.values())
        schools: dict[str, list[str]] = {}
        for school in self.knowledge.schools:
            for name in (school.name, *school.aliases):
                for word in tokenize(name):
                    if word not in common and word.isalpha() and len(word) > 2:
                        users = schools.setdefault(word, [])
                        if school.name not in users:
                            users.append(school.name)
        return {word: tuple(users) for word, users in schools.items()}

    def prepare(self, tokens: tuple[str, ...], with_place: bool = False) -> Routed:
        """Entities found and masked as slot words. `with_place`: a city or region the
        tokens name is found too: read as its state (a region as its first), and kept whole
        in `Entities.place`."""
        place = self.places.find(tokens, self.entities.names) if with_place else None
        if place is not None:
            state = tuple(self.normaliser.phrase_tokens(place.states[0]))
            tokens = tokens[: place.start] + state + tokens[place.end :]
        extraction = self.entities.extract(tokens)
        if place is not None:
            extraction = replace(extraction, entities=self.placed(extraction.entities, place))
        return Routed(extraction, " ".join(extraction.routing_tokens), tokens)

    @staticmethod
    def placed(entities, place):
        """Entities with the place a question names (a region stands for no one state)."""
        entities = replace(entities, place=place)
        return replace(entities, state=None, states=()) if place.kind == "region" else entities

    def _routing_forms(self, group: list[Intent]) -> tuple[RoutingIntent, ...]:
        """Some intents' patterns in routing form: normalised like a question (in one batch),
        placeholders as slot words, entity mentions masked."""
        layouts = [_layout(p) for i in group for p in i.patterns]
        # A layout is text, slot, text, slot, ..., text: texts at even places.
        normalised = iter(self.normaliser.normalise_all([part for layout in layouts for part in layout[::2]]))
        extract = self.entities.extract
        forms = []
        for layout in layouts:
            if len(layout) == 1:  # no placeholder: the common case
                tokens = next(normalised)
            else:
                parts: list[str] = []
                for n, part in enumerate(layout):
                    parts.extend(next(normalised) if n % 2 == 0 else (SLOTS[part],))
                tokens = tuple(parts)
            forms.append(" ".join(extract(tokens).routing_tokens))
        routing, at = [], 0
        for intent in group:
            routing.append(RoutingIntent(intent.name, tuple(forms[at : at + len(intent.patterns)])))
            at += len(intent.patterns)
        return tuple(routing)


def _city_table(language) -> CityTable:
    """The language's table of cities, from the cache when it is there (it depends on the
    engine's code and data, which every key holds, and on the states the language knows)."""
    entry = pack_cache.key("places", repr(sorted(language.state_by_abbreviation.items())))
    saved = pack_cache.read("places", entry)
    if isinstance(saved, tuple) and len(saved) == len(CityTable._fields):
        return CityTable(*saved)
    table = read_city_table(language)
    pack_cache.write("places", entry, tuple(table))
    return table


Indexer = Callable[[tuple[RoutingIntent, ...]], dict]  # with a `name`: the router's part of an index


@dataclass(frozen=True)
class Shard:
    """What one intents file gives the engine once normalised: the routing forms of its
    intents and the words of their patterns, the words of their answers (word -> intents),
    every word's users (of its patterns or answers), which of them are about the schools,
    and the router's index part."""

    file: str
    routing: tuple[RoutingIntent, ...]
    pattern_words: dict[str, str]  # intent -> the words of its patterns, each once, as one text
    answer_words: dict[str, tuple[str, ...]]
    users: dict[str, tuple[str, ...]]  # word -> the intents whose patterns or answers use it, sorted
    school_intents: tuple[str, ...]
    index: dict | None

    @staticmethod
    def routed(routing: tuple[RoutingIntent, ...], school_intents: tuple[str, ...], indexer: Indexer | None) -> tuple:
        """A shard's half that routing reads, as plain data: its routing forms, the words of
        each intent's patterns, its intents about the schools, and the router's index part
        (made by `indexer`, if given)."""
        data = [(r.name, list(r.patterns)) for r in routing]
        words = {r.name: _distinct_words(r.patterns) for r in routing}
        return (data, words, list(school_intents), indexer(routing) if indexer else None)

    @staticmethod
    def answered(routed: tuple, answer_words: dict[str, tuple[str, ...]]) -> tuple:
        """A shard's half that the answers give, as plain data: the words of its answers, and
        every word's users (of its patterns, from the `routed` half, or its answers)."""
        asked = {name: words.split() for name, words in routed[1].items()}
        return (answer_words, sorted_users(inverted(asked), answer_words))

    @classmethod
    def from_data(cls, file: str, routed: tuple, answered: tuple) -> "Shard":
        routing_data, pattern_words, schools, index = routed
        answer_words, users = answered
        routing = tuple(RoutingIntent(name, tuple(p)) for name, p in routing_data)
        return cls(file, routing, pattern_words, answer_words, users, tuple(schools), index)


# A shard's halves, as kept in the cache, and the types of each one's parts.
_HALVES = ("routing", "answers")
_HALF_TYPES = {"routing": (list, dict, list, (dict, type(None))), "answers": (dict, dict)}


def _half(kind: str, saved: Any) -> tuple | None:
    """A shard's half read from the cache, if it has the shape of one (else None)."""
    types = _HALF_TYPES[kind]
    if isinstance(saved, tuple) and len(saved) == len(types) and all(map(isinstance, saved, types)):
        return saved
    return None


class _PatternWords(Mapping):
    """intent -> the words of its patterns, read when asked for from each shard's text of
    them (each word once: "what salary pay"), not from its patterns again."""

    def __init__(self, shards: Sequence[Shard]):
        self._words = {name: words for shard in shards for name, words in shard.pattern_words.items()}

    def __getitem__(self, name: str) -> frozenset[str]:
        return frozenset(self._words[name].split())

    def __iter__(self):
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def _distinct_words(patterns: Sequence[str]) -> str:
    """The words of some patterns, each once, as one text."""
    return " ".join(dict.fromkeys(" ".join(patterns).split()))


# A load is shared out among processes (parallel.py) from this many patterns still to do.
PARALLEL_PATTERNS = 20_000


def _worth_it(groups, missing: list[int]) -> bool:
    return (
        len(missing) > 1
        and sum(len(p) for n in missing for i in groups[n][1] for p in [i.patterns]) >= PARALLEL_PATTERNS
    )


def _layout(pattern: str) -> list[str]:
    """A pattern's texts and slots: text, slot, text, ..., text (one text when it has none)."""
    return SLOT_PATTERN.split(pattern) if "{" in pattern else [pattern]


def _by_file(intents: list[Intent]) -> list[tuple[str, list[Intent]]]:
    """The intents grouped by the file they come from, in the pack's order."""
    groups: list[tuple[str, list[Intent]]] = []
    for intent in intents:
        file = intent.source.rsplit(":", 1)[0]
        if not groups or groups[-1][0] != file:
            groups.append((file, []))
        groups[-1][1].append(intent)
    return groups


class _Fingerprints(NamedTuple):
    """Hashes of some intents (a file's), made in one pass: of their patterns (from which
    their pattern words are), of what routing reads (their names, patterns and slots), and
    of the rest their shard is made from (their handlers, labels, answers and examples)."""

    patterns: str
    routing: str
    said: str

    @classmethod
    def of(cls, group: list[Intent]) -> "_Fingerprints":
        def text(parts) -> bytes:
            return "\0".join(parts).encode("utf-8", "surrogatepass")

        patterns, routing, said = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
        for i in group:
            written, name = text(i.patterns), text((i.name,))
            patterns.update(written + b"\2")
            routing.update(name + b"\1" + written + b"\1" + text(i.slots) + b"\2")
            said.update(text((i.name, i.handler or "", i.label)) + b"\1" + text(i.answers) + b"\1"
                        + text(i.examples) + b"\2")  # fmt: skip
        return cls(patterns.hexdigest(), routing.hexdigest(), said.hexdigest())


def _rendered(intents: IntentSet, knowledge: Knowledge) -> IntentSet:
    """The intents with their examples, suggestions and labels filled in from the knowledge
    ("What does a {occupation.name} do?"). One that names a field the pack lacks is left out
    (a label falls back to the intent's name)."""
    fields = knowledge.fields

    def texts(templates: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(text for text in (render_or_none(t, fields) for t in templates) if text)

    def filled(intent: Intent) -> Intent:
        examples, suggestions = texts(intent.examples), texts(intent.suggestions)
        label = render_or_none(intent.label, fields) or ""
        if (examples, suggestions, label) == (intent.examples, intent.suggestions, intent.label):
            return intent  # nothing to fill in (most intents of a big pack): no copy
        return replace(intent, examples=examples, suggestions=suggestions, label=label)

    return replace(intents, intents=tuple(map(filled, intents.intents)))


def pack_dirs(intents_dir: Path | None, knowledge_dir: Path | None) -> tuple[Path, Path]:
    """The folders to load: the ones given, else the packaged default pack's."""
    default_intents, default_knowledge = default_pack_dirs()
    return (
        Path(intents_dir) if intents_dir is not None else default_intents,
        Path(knowledge_dir) if knowledge_dir is not None else default_knowledge,
    )


@dataclass(frozen=True)
class PackRead:
    """A pack's folders as read: what loaded, every problem found (errors and warnings),
    hashes of the files read, as the pack's version and as the knowledge's cache key, and
    the handlers its intents were checked against."""

    intents: IntentSet | None
    knowledge: Knowledge | None
    problems: list[Problem]
    version: str
    knowledge_key: str
    handlers: HandlerSet

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def pack(self, indexer: Indexer | None = None) -> Pack:
        """The pack built from what was read (there must be no errors)."""
        assert self.intents is not None and self.knowledge is not None, "a pack with errors cannot be built"
        # The parsed files were kept only to report problems at their lines: let them go.
        intents = replace(self.intents, docs=())
        return Pack(
            intents,
            self.knowledge,
            self.handlers,
            indexer=indexer,
            knowledge_key=self.knowledge_key,
            version=self.version,
        )


def read_pack(
    intents_dir: Path | None, knowledge_dir: Path | None, handlers: HandlerSet, warnings: bool = True
) -> PackRead:
    """Both folders read and cross-checked, the intents' handlers against `handlers`.
    Shared by loading and by `advisor check`.
    Problems are placed exactly: the files they are in are parsed again when they came
    from the cache (which keeps the places of values, not of every list item); of the
    warnings too unless `warnings` is False (a load that only reports errors)."""
    intents_dir, knowledge_dir = pack_dirs(intents_dir, knowledge_dir)
    with yamlsource.recording_reads() as reads:
        intents, knowledge, problems = _read_pack(intents_dir, knowledge_dir, handlers)
        reported = {p.file for p in problems if warnings or p.severity == "error"}
        if reported:
            with yamlsource.parsing_afresh(frozenset(reported)):
                intents, knowledge, problems = _read_pack(intents_dir, knowledge_dir, handlers)
    return PackRead(
        intents,
        knowledge,
        problems,
        files_version(reads, intents_dir, knowledge_dir),
        files_version(reads, knowledge_dir),
        handlers,
    )


def _read_pack(
    intents_dir: Path, knowledge_dir: Path, handlers: HandlerSet
) -> tuple[IntentSet | None, Knowledge | None, list[Problem]]:
    problems: list[Problem] = []
    intents = knowledge = None
    try:
        intents = load_intents(intents_dir)
    except PackLoadError as exc:
        problems.extend(exc.problems)
    try:
        knowledge, warnings = read_knowledge(knowledge_dir)
        problems.extend(warnings)
    except PackLoadError as exc:
        problems.extend(exc.problems)
    if intents is not None and knowledge is not None:
        problems.extend(check_references(intents, knowledge, handlers))
    return intents, knowledge, problems


def load_pack(
    intents_dir: Path | None = None,
    knowledge_dir: Path | None = None,
    indexer: Indexer | None = None,
    *,
    handlers: HandlerSet,
) -> Pack:
    """Load and check a pack whose intents name `handlers`; raise PackLoadError listing
    every error found."""
    read = read_pack(intents_dir, knowledge_dir, handlers, warnings=False)
    if read.errors:
        raise PackLoadError(read.errors)
    pack = read.pack(indexer)
    pack_cache.prune()
    return pack
