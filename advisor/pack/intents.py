"""Intent files: what people ask, and how each kind of question is answered.

An intents folder holds YAML files with any of these top-level keys:

    intents:      a list of intents (schema below)
    vocabulary:   synonyms, abbreviations and other occupations for the normaliser
    help:         a topic for the chat's /help: its `title` and the `intents` whose first
                  example shows it
    attributes:   what people ask about, by the words that ask it; one no intent answers
                  gets an honest "I don't know" (`not_covered:` words the offer that follows)

Intent keys: ``name`` and ``patterns`` are required; an intent answers with ``answer``
(a template over the knowledge pack), ``answers`` (variations, chosen per conversation)
or ``handler`` (a named handler for computed answers). Optional: ``examples`` (questions
shown in help, completion and "did you mean"), ``suggestions`` (next questions offered),
``slots`` (entity kinds the intent uses, so "and that one?" can repeat it),
``default_for`` (entity kinds that, named alone, ask this intent), and ``follows``
(intents this one is often asked right after: a tie-break hint for short follow-ups), and
``kind`` (the part its messages play, a `Kind`; an unknown one is an error at its line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import PackError, PackLoadError, Problem
from ..nlu.attributes import Attribute
from ..nlu.entities import SLOTS
from ..query.frame import Operation
from . import cache
from .parallel import share_out, workers
from .schema import Checker, Field
from .vocabulary import Vocabulary, VocabularyBuilder
from .yamlsource import YamlDoc, is_kept, keep_for, load_yaml_kept, parsing_afresh_now

# Intents the engine itself relies on; a pack may define them, else built-in text is used.
FALLBACK = "fallback"
OUT_OF_SCOPE = "out_of_scope"
HELP = "help"  # its suggestions are offered when nothing else comes close


class Kind(str, Enum):
    """The part an intent's messages play (`kind:` in its file). A str, so that it compares
    and serialises as the word its file gives."""

    QUESTION = "question"  # the default
    SOCIAL = "social"  # small talk, which a question in the same message replaces
    META = "meta"  # talk to the bot about its rules
    STATEMENT = "statement"  # a fact the user tells about themselves
    SUMMARY = "summary"  # the answer that sums up what the user told, after several facts

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Intent:
    """One kind of question: its patterns and how it is answered."""

    name: str
    patterns: tuple[str, ...]
    answers: tuple[str, ...] = ()
    handler: str | None = None
    examples: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()
    default_for: tuple[str, ...] = ()
    follows: tuple[str, ...] = ()  # intents this one is often asked after (a context hint)
    label: str = ""  # how a clarifying question names it ("the salary")
    source: str = ""  # file:line where the intent is defined
    kind: Kind = Kind.QUESTION  # the part its messages play
    # What its answer does with the knowledge (query/frame.py), and the attribute it asks:
    # "cheapest" is the min of the tuition. The frame of a question is built from them.
    operation: Operation = Operation.LOOKUP
    attribute: str = ""

    @property
    def answer(self) -> str | None:
        return self.answers[0] if self.answers else None

    @property
    def example(self) -> str:
        """A question a person could type to reach this intent."""
        return self.examples[0] if self.examples else (self.patterns[0] if self.patterns else self.name)


@dataclass(frozen=True)
class HelpTopic:
    """A topic the chat's /help shows: a title, and the intents whose examples show it."""

    title: str
    intents: tuple[str, ...]
    source: str = ""  # file:line


@dataclass(frozen=True)
class IntentSet:
    intents: tuple[Intent, ...]
    vocabulary: Vocabulary
    docs: tuple[YamlDoc, ...] = ()  # kept for the checker, which reports at their marks
    help: tuple[HelpTopic, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    offers: Mapping[str, str] = field(default_factory=dict)  # subject kind -> "I can tell you ..."

    def get(self, name: str) -> Intent | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Intent]:
        return {i.name: i for i in self.intents}


_INTENT = (
    Field("name", "str", True),
    Field("patterns", "str_list"),  # required, except for the fallback intent
    Field("answer", "str"),
    Field("answers", "str_list"),
    Field("handler", "str"),
    Field("examples", "str_list"),
    Field("suggestions", "str_list"),
    Field("slots", "str_list"),
    Field("default_for", "str_list"),
    Field("follows", "str_list"),
    Field("label", "str"),
    Field("description", "str"),
    Field("kind", "str"),
    Field("operation", "str"),
    Field("attribute", "str"),
)
_FILE = (
    Field("intents", "list"),
    Field("vocabulary", "mapping"),
    Field("help", "mapping"),
    Field("attributes", "list"),
    Field("not_covered", "mapping"),
)
ABOUT = ("school", "occupation", "certification", "any")
OFFERS = ("school", "schools", "occupation", "certification", "any")
_ATTRIBUTE = (
    Field("name", "str", True),
    Field("about", "str", True),
    Field("asks", "str", True),
    Field("words", "str_list", True),
    Field("intent", "str"),
)
_NOT_COVERED = (Field("offers", "mapping", True),)
_HELP = (Field("title", "str", True), Field("intents", "str_list", True))


# Each operation by the word an intent file names it with (looked up once per intent).
_OPERATIONS = {op.value: op for op in Operation}


def _intents_from(doc: YamlDoc, check: Checker, seen: dict[str, str], saved: list | None) -> list[Intent]:
    """A file's intents, checked, less those whose names `seen` already has (name -> where),
    which it is given the rest of. `saved`: the file's intents as the cache kept them (by
    its bytes: a big pack's files hold tens of thousands), when it has them; else they are
    kept when the file's intents pass every check."""
    if saved is None:
        before = len(check.problems)
        placed = _checked_intents(doc, check, seen)
        if len(check.problems) == before:
            keep_for(_KEPT, doc, [(i, _intent_data(intent)) for i, intent in placed], "intents")
        return [intent for _, intent in placed]
    # Kept intents passed every check of their own file: only their names may now clash
    # with another file's.
    intents = []
    for i, data in saved:
        intent = _intent_from_data(data, doc.file)
        if _duplicate(check, ("intents", i), intent.name, seen):
            continue
        seen[intent.name] = intent.source
        intents.append(intent)
    return intents


def _duplicate(check: Checker, path: tuple, name: str, seen: dict[str, str]) -> bool:
    """Whether an intent's name is one `seen` has (a problem, then, placed at the name)."""
    if name in seen:
        check.fail(path + ("name",), f"duplicate intent name {name!r}, first defined at {seen[name]}", "rename one")
    return name in seen


# The cache entry of an intents file's checked intents (yamlsource.keep_for).
_KEPT = "intents"


def _valid_kept(saved: Any) -> bool:
    """Whether a cache entry holds a file's intents as _intent_data writes them."""
    return isinstance(saved, list) and all(
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int)
        and isinstance(item[1], tuple) and len(item[1]) == len(_PLAIN_FIELDS) + 4
        for item in saved
    )  # fmt: skip


def _intent_data(intent: Intent) -> tuple:
    """An intent as plain data for the cache: its fields in order, its source as its line
    (the file may be shown by another path next time), its kind and operation as words."""
    line = int(intent.source.rsplit(":", 1)[1])
    return (*(getattr(intent, f) for f in _PLAIN_FIELDS), line, intent.kind.value, intent.operation.value,
            intent.attribute)  # fmt: skip


def _intent_from_data(data: tuple, file: str) -> Intent:
    *plain, line, kind, operation, attribute = data
    return Intent(*plain, f"{file}:{line}", _KINDS[kind], _OPERATIONS[operation], attribute)


# The fields of an Intent before its source, kept as they are in the cache (texts, tuples of texts).
_PLAIN_FIELDS = ("name", "patterns", "answers", "handler", "examples", "suggestions", "slots", "default_for",
                 "follows", "label")  # fmt: skip
_KINDS = {kind.value: kind for kind in Kind}


def _checked_intents(doc: YamlDoc, check: Checker, seen: dict[str, str]) -> list[tuple[int, Intent]]:
    """The intents of a file that pass their checks, each with its place in the list; each
    name is claimed in `seen` before the rest is checked, as the file reads."""
    intents = []
    for i, raw in enumerate(doc.data.get("intents") or []):
        path = ("intents", i)
        rec = check.record(path, raw, _INTENT, "an intent")
        if rec is None:
            continue
        name = rec["name"]
        where = f"{doc.file}:{doc.marks.get(path, (0, 0))[0]}"
        if _duplicate(check, path, name, seen):
            continue
        seen[name] = where
        if "patterns" not in rec and name != FALLBACK:
            check.fail(
                path, f"intent {name!r} is missing the key 'patterns'", "add 'patterns:' with a list of questions"
            )
            continue
        if "patterns" in rec and not rec["patterns"]:
            check.fail(path + ("patterns",), f"intent {name!r} has an empty pattern list", "add at least one pattern")
            continue
        answers = tuple(rec.get("answers") or ()) or ((rec["answer"],) if "answer" in rec else ())
        if not answers and "handler" not in rec:
            check.fail(path, f"intent {name!r} has no 'answer', 'answers' or 'handler'", "give it one of them")
            continue
        kind = _kind(rec.get("kind", Kind.QUESTION.value))
        if kind is None:
            check.fail(path + ("kind",), f"unknown kind {rec['kind']!r}", f"kinds: {', '.join(k.value for k in Kind)}")
            continue
        operation = _OPERATIONS.get(rec.get("operation", "lookup"))
        if operation is None:
            check.fail(
                path + ("operation",),
                f"unknown operation {rec['operation']!r}",
                f"operations: {', '.join(_OPERATIONS)}",
            )
            continue
        for key in ("slots", "default_for"):
            for j, slot in enumerate(rec.get(key) or ()):
                if slot not in SLOTS:
                    check.fail(path + (key, j), f"unknown entity kind {slot!r}", f"known kinds: {', '.join(SLOTS)}")
        intent = Intent(
            name=name,
            patterns=tuple(map(str.strip, rec.get("patterns", ()))),
            answers=answers,
            handler=rec.get("handler"),
            examples=tuple(rec.get("examples") or ()),
            suggestions=tuple(rec.get("suggestions") or ()),
            slots=tuple(rec.get("slots") or ()),
            default_for=tuple(rec.get("default_for") or ()),
            follows=tuple(rec.get("follows") or ()),
            label=rec.get("label", ""),
            source=where,
            kind=kind,
            operation=operation,
            attribute=rec.get("attribute", ""),
        )
        intents.append((i, intent))
    return intents


def _kind(word: str) -> Kind | None:
    """The kind an intent file names, or None when it names no kind."""
    try:
        return Kind(word)
    except ValueError:
        return None


def _attributes_from(doc: YamlDoc, check: Checker) -> list[Attribute]:
    if not isinstance(doc.data.get("attributes", []), list):
        return []
    found = []
    for i, raw in enumerate(doc.data.get("attributes") or []):
        rec = check.record(("attributes", i), raw, _ATTRIBUTE, "an attribute")
        if rec is None:
            continue
        if rec["about"] not in ABOUT:
            check.fail(("attributes", i, "about"), f"unknown subject {rec['about']!r}", f"subjects: {', '.join(ABOUT)}")
            continue
        where = f"{doc.file}:{doc.marks.get(('attributes', i), (0, 0))[0]}"
        found.append(
            Attribute(rec["name"], rec["about"], rec["asks"], tuple(rec["words"]), rec.get("intent", ""), where)
        )
    return found


# A pack's files not yet in the cache are parsed in forked processes from this many bytes.
PARALLEL_BYTES = 2_000_000


def _parse_ahead(files: list[Path]) -> None:
    """A big pack's files that the cache lacks are parsed, and their intents checked and
    kept, in forked processes (parallel.py), so that the files are then read from the
    cache: parsing is most of a cold load, and each file is parsed on its own."""
    if workers() < 2 or not cache.usable() or parsing_afresh_now():
        return  # no other process, or nothing it did could be read back (or would be)
    try:
        sizes = {path: path.stat().st_size for path in files}
    except OSError:
        return  # reported when the files are read
    if sum(sizes.values()) < PARALLEL_BYTES:
        return  # a small pack (the default one): its files are not even hashed here
    missing = [path for path in files if not is_kept(path, _KEPT)]
    if len(missing) > 1 and sum(sizes[path] for path in missing) >= PARALLEL_BYTES:
        share_out(_parse_and_keep, missing, worth_it=True)


def _parse_and_keep(path: Path) -> None:
    """Parse a file and keep its checked intents in the cache (when they pass their checks:
    a file with problems is reported when it is read again)."""
    try:
        doc, saved = load_yaml_kept(path, _KEPT, _valid_kept)
    except PackLoadError:
        return
    if saved is None and isinstance(doc.data, dict) and isinstance(doc.data.get("intents"), list):
        _intents_from(doc, Checker(doc), {}, None)


def load_intents(folder: Path) -> IntentSet:
    """Load every *.yaml / *.yml file of `folder`, sorted by name, into one IntentSet."""
    if not folder.is_dir():
        raise PackError(f"{folder}: the intents folder does not exist or is not a folder")
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError as exc:
        raise PackError(f"{folder}: cannot read the intents folder: {exc.strerror or exc}") from None
    _parse_ahead(files)
    problems: list[Problem] = []
    intents: list[Intent] = []
    docs = []
    seen: dict[str, str] = {}
    vocab = VocabularyBuilder()
    help_topics: list[HelpTopic] = []
    attributes: list[Attribute] = []
    offers: dict[str, str] = {}
    for path in files:
        try:
            doc, saved = load_yaml_kept(path, _KEPT, _valid_kept)
        except PackLoadError as exc:
            problems.extend(exc.problems)
            continue
        docs.append(doc)
        check = Checker(doc)
        if doc.data is None:
            check.fail((), "the file is empty", "add an 'intents:' list, or delete the file")
        elif check.record((), doc.data, _FILE, "an intents file") is not None or isinstance(doc.data, dict):
            if isinstance(doc.data.get("intents", []), list):
                intents.extend(_intents_from(doc, check, seen, saved))
            if isinstance(doc.data.get("vocabulary"), dict):
                vocab.add(doc, check)
            attributes.extend(_attributes_from(doc, check))
            if "not_covered" in doc.data:
                rec = check.record(("not_covered",), doc.data["not_covered"], _NOT_COVERED, "'not_covered'")
                for kind, text in ((rec or {}).get("offers") or {}).items():
                    path = ("not_covered", "offers", kind)
                    if kind not in OFFERS:
                        check.fail(path, f"unknown subject {kind!r}", f"subjects: {', '.join(OFFERS)}", at_key=True)
                    elif check.kind(path, text, "str", f"the offer for {kind}"):
                        offers[kind] = text
            if "help" in doc.data:
                rec = check.record(("help",), doc.data["help"], _HELP, "'help'")
                if rec is not None:
                    where = f"{doc.file}:{doc.marks.get(('help',), (0, 0))[0]}"
                    help_topics.append(HelpTopic(rec["title"], tuple(rec["intents"]), where))
        problems.extend(check.problems)
    if not intents and not problems:
        problems.append(Problem(str(folder), 0, 0, "no intents found", "add a YAML file with an 'intents:' list"))
    if problems:
        raise PackLoadError(problems)
    return IntentSet(
        tuple(intents), vocab.build(), tuple(docs), tuple(help_topics), tuple(attributes), MappingProxyType(offers)
    )
