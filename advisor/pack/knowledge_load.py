"""Load a knowledge folder into a `Knowledge`, checking every record against its type.

The schema of each record is read off its dataclass in `knowledge.py` (a field without a
default is required), so the YAML and the types cannot drift apart. Every problem is
collected with its file:line:column before anything is built.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import PackError, PackLoadError, Problem
from ..nlu.lexicon import common_words
from .knowledge import (
    Credential,
    Knowledge,
    Occupation,
    Pay,
    PayFigure,
    Percentile,
    School,
    Setting,
    Topic,
    Workplaces,
    join_words,
    money,
)
from .schema import Checker, Field, fields_of
from .vocabulary import Vocabulary, VocabularyBuilder
from .yamlsource import YamlDoc, load_yaml

_TOP_LEVEL = ("occupation", "topics", "pay", "workplaces", "credentials", "schools", "section", "vocabulary")

_OCCUPATION = fields_of(Occupation, required=("title", "name", "plural"))
_TOPIC = fields_of(Topic, exclude=("key",))
_PAY = fields_of(Pay)
_PERCENTILE = fields_of(Percentile)
_PAY_FIGURE = fields_of(PayFigure)
_WORKPLACES = fields_of(Workplaces, required=("settings",))
_SETTING = fields_of(Setting)
_CREDENTIAL = fields_of(Credential)
_SCHOOL = fields_of(School)


def _tuple(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in values or ())


def _listed(check: Checker, path: tuple, values: Any, spec: tuple[Field, ...], what: str) -> list[dict]:
    """The usable records of a list; problems for the others are recorded in `check`."""
    records = []
    for i, value in enumerate(values or []):
        record = check.record(path + (i,), value, spec, what)
        if record is not None:
            records.append(record)
    return records


class _Builder:
    """Accumulates sections from every file of a knowledge folder."""

    def __init__(self) -> None:
        self.parts: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.seen_in: dict[str, YamlDoc] = {}

    def add(self, doc: YamlDoc) -> None:
        check = Checker(doc)
        if doc.data is None:
            check.fail((), "the file is empty", "add a section such as 'schools:', or delete the file")
            self.problems.extend(check.problems)
            return
        if not isinstance(doc.data, dict):
            check.fail((), "a knowledge file should be a mapping of sections", f"sections: {', '.join(_TOP_LEVEL)}")
            self.problems.extend(check.problems)
            return
        known = tuple(Field(name, "any") for name in _TOP_LEVEL)
        check.record((), doc.data, known, "a knowledge file")
        for key, value in doc.data.items():
            if key not in _TOP_LEVEL:
                continue
            if key in self.seen_in:
                check.fail(
                    (key,), f"section {key!r} is also defined in {self.seen_in[key].file}", "keep one", at_key=True
                )
                continue
            self.seen_in[key] = doc
            self.parts[key] = self._section(check, key, value)
        self.problems.extend(check.problems)

    def _section(self, check: Checker, key: str, value: Any) -> Any:
        path = (key,)
        if key == "section":
            return value if check.kind(path, value, "str", "'section'") else ""
        if key == "occupation":
            rec = check.record(path, value, _OCCUPATION, "the occupation")
            return Occupation(**{**rec, "aliases": _tuple(rec.get("aliases"))}) if rec else None
        if key == "topics":
            if not check.kind(path, value, "mapping", "'topics'"):
                return {}
            topics = {}
            for name, raw in value.items():
                rec = check.record(path + (name,), raw, _TOPIC, f"the topic {name!r}")
                if rec:
                    items, aliases = _tuple(rec.pop("items", None)), _tuple(rec.pop("aliases", None))
                    topics[str(name)] = Topic(key=str(name), items=items, aliases=aliases, **rec)
            return topics
        if key == "vocabulary":
            vocabulary = VocabularyBuilder()
            vocabulary.add(check.doc, check)
            return vocabulary.build()
        if key == "pay":
            rec = check.record(path, value, _PAY, "'pay'")
            if not rec:
                return None
            if rec.get("average") is None and rec.get("median") is None:
                check.fail(path, "'pay' gives neither an average nor a median", "add 'average:' or 'median:'")
            percentiles = []
            for i, p in enumerate(
                _listed(check, path + ("percentiles",), rec.get("percentiles"), _PERCENTILE, "a percentile")
            ):
                if p["side"] not in ("top", "bottom"):
                    check.fail(
                        path + ("percentiles", i, "side"), f"side should be 'top' or 'bottom', found {p['side']!r}"
                    )
                percentiles.append(Percentile(**p))
            other = [
                PayFigure(**f) for f in _listed(check, path + ("other",), rec.get("other"), _PAY_FIGURE, "a pay figure")
            ]
            return Pay(**{**rec, "percentiles": tuple(percentiles), "other": tuple(other)})
        if key == "workplaces":
            rec = check.record(path, value, _WORKPLACES, "'workplaces'")
            if not rec:
                return Workplaces()
            settings = _listed(check, path + ("settings",), rec["settings"], _SETTING, "a workplace setting")
            return Workplaces(
                section=rec.get("section", ""),
                cites=rec.get("cites", ""),
                settings=tuple(Setting(**{**s, "aliases": _tuple(s.get("aliases"))}) for s in settings),
            )
        if key == "credentials":
            if not check.kind(path, value, "list", "'credentials'"):
                return ()
            recs = _listed(check, path, value, _CREDENTIAL, "a credential")
            levels = {c["level"] for c in recs}
            for i, rec in enumerate(value):
                for j, level in enumerate(rec.get("includes") or () if isinstance(rec, dict) else ()):
                    if level not in levels:
                        check.fail(
                            path + (i, "includes", j),
                            f"no credential has the level {level!r}",
                            f"levels: {', '.join(sorted(levels))}",
                        )
            return tuple(
                Credential(**{**c, "aliases": _tuple(c.get("aliases")), "includes": _tuple(c.get("includes"))})
                for c in recs
            )
        if key == "schools":
            if not check.kind(path, value, "list", "'schools'"):
                return ()
            recs = _listed(check, path, value, _SCHOOL, "a school")
            names: dict[str, int] = {}
            for i, rec in enumerate(value):
                if isinstance(rec, dict) and isinstance(rec.get("name"), str):
                    if rec["name"] in names:
                        check.fail(
                            path + (i, "name"), f"the school {rec['name']!r} is listed twice", "merge the two records"
                        )
                    names[rec["name"]] = i
            return tuple(
                School(**{**s, "aliases": _tuple(s.get("aliases")), "notes": _tuple(s.get("notes"))}) for s in recs
            )
        return value

    def build(self) -> Knowledge:
        if self.problems:
            raise PackLoadError(self.problems)
        occupation = self.parts.get("occupation") or Occupation()
        knowledge = Knowledge(
            occupation=occupation,
            topics=MappingProxyType(dict(self.parts.get("topics") or {})),
            pay=self.parts.get("pay"),
            workplaces=self.parts.get("workplaces") or Workplaces(),
            credentials=tuple(self.parts.get("credentials") or ()),
            schools=tuple(self.parts.get("schools") or ()),
            schools_section=self.parts.get("section") or "",
            vocabulary=self.parts.get("vocabulary") or Vocabulary(),
            sections=frozenset(k for k in self.parts if k != "section"),
        )
        object.__setattr__(knowledge, "fields", MappingProxyType(_flatten(knowledge)))
        return knowledge


# Every field name `_flatten` can make, for any pack. A template naming one of these that a
# pack happens to lack (a topic it has no text for) answers "not known"; a name outside them
# is a mistake in the template.
FIELD_SHAPES = re.compile(
    r"occupation\.(title|name|plural|short)"
    r"|topics\.\w+\.(text|attributed|section|cites|items|items_inline)"
    r"|pay\.(average|median|period|section|cites|factors|(top|bottom)_\d+)"
    r"|workplaces\.(settings|largest|section|cites)"
    r"|credentials\.levels"
    r"|schools\.(count|names|(first|second)\.(name|state))"
)


def attributed(source: str, text: str) -> str:
    """'According to SOURCE, text...' (the text alone when it names no source). The text's
    first letter is lowered when it only marked the start of a sentence ("Employment is
    projected..."), never for a name or an abbreviation ("NASA runs...")."""
    if not source:
        return text
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.lower() in common_words():
        text = text[:1].lower() + text[1:]
    return f"According to {source}, {text}"


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _flatten(k: Knowledge) -> dict[str, str]:
    """Dotted field names for templates, each rendered as the text an answer shows."""
    fields: dict[str, str] = {}
    # The occupation's names are always there (a pack without the section is about "this
    # occupation"): intents name it in their examples and suggestions.
    o = k.occupation
    fields.update({"occupation.title": o.title, "occupation.name": o.name, "occupation.plural": o.plural})
    if o.short:
        fields["occupation.short"] = o.short
    for key, topic in k.topics.items():
        fields[f"topics.{key}.text"] = topic.text
        fields[f"topics.{key}.attributed"] = attributed(topic.cites, topic.text)
        for attr in ("section", "cites"):
            if getattr(topic, attr):
                fields[f"topics.{key}.{attr}"] = getattr(topic, attr)
        if topic.items:
            fields[f"topics.{key}.items"] = _bullets(topic.items)
            fields[f"topics.{key}.items_inline"] = join_words(topic.items)
    if k.pay:
        for attr in ("average", "median"):
            if getattr(k.pay, attr) is not None:
                fields[f"pay.{attr}"] = money(getattr(k.pay, attr))
        fields["pay.period"] = k.pay.period
        for attr in ("section", "cites", "factors"):
            if getattr(k.pay, attr):
                fields[f"pay.{attr}"] = getattr(k.pay, attr)
        for p in k.pay.percentiles:
            fields[f"pay.{p.side}_{p.percent}"] = money(p.amount)
    if k.workplaces.settings:
        fields["workplaces.settings"] = join_words([s.name for s in k.workplaces.settings])
        # The setting with the largest share (else the first), for examples and suggestions.
        largest = max(k.workplaces.settings, key=lambda s: s.share if s.share is not None else -1)
        fields["workplaces.largest"] = largest.name
        for attr in ("section", "cites"):
            if getattr(k.workplaces, attr):
                fields[f"workplaces.{attr}"] = getattr(k.workplaces, attr)
    if k.credentials:
        fields["credentials.levels"] = join_words([c.level for c in k.credentials], "or")
    if k.schools:
        fields["schools.count"] = str(len(k.schools))
        fields["schools.names"] = join_words([s.name for s in k.schools])
        # Examples and suggestions name a school or two of the pack ("Tell me about {schools.first.name}").
        for n, place in enumerate(("first", "second")[: len(k.schools)]):
            fields[f"schools.{place}.name"] = k.schools[n].name
            if k.schools[n].state:
                fields[f"schools.{place}.state"] = k.schools[n].state
    return fields


def load_knowledge(folder: Path) -> Knowledge:
    """Load every *.yaml / *.yml file of `folder` (sorted by name) into one Knowledge."""
    if not folder.is_dir():
        raise PackError(f"{folder}: the knowledge folder does not exist or is not a folder")
    builder = _Builder()
    problems: list[Problem] = []
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError as exc:
        raise PackError(f"{folder}: cannot read the knowledge folder: {exc.strerror or exc}") from None
    for path in files:
        try:
            builder.add(load_yaml(path))
        except PackLoadError as exc:
            problems.extend(exc.problems)
    if problems or builder.problems:
        raise PackLoadError(problems + builder.problems)
    return builder.build()
