"""Load a knowledge folder into a `Knowledge`, checking every record against its type.

The schema of each record is read off its dataclass in `knowledge.py` (a field without a
default is required), so the YAML and the types cannot drift apart. Every problem is
collected with its file:line:column before anything is built. When the pack names its
source document, every quote is looked up in it (provenance.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import PackError, PackLoadError, Problem
from ..reply import Source
from .knowledge import (
    SCHOOL_FACTS,
    Credential,
    Knowledge,
    Note,
    Occupation,
    Pay,
    PayFigure,
    Percentile,
    School,
    Setting,
    SourceDocument,
    Topic,
    Workplaces,
)
from .knowledge_fields import flatten
from .provenance import SourceText
from .schema import Checker, Field, fields_of
from .vocabulary import Vocabulary, VocabularyBuilder
from .yamlsource import DocPath, YamlDoc, load_yaml, read_pack_file

_TOP_LEVEL = (
    "occupation",
    "topics",
    "pay",
    "workplaces",
    "credentials",
    "schools",
    "section",
    "vocabulary",
    "source",
)
_SOURCE = (Field("file", "str", True), Field("title", "str", True))
_NOTE = (Field("text", "str", True), Field("quote", "quotes"))

_OCCUPATION = fields_of(Occupation, required=("title", "name", "plural"))
_TOPIC = fields_of(Topic, exclude=("key",))
_PAY = fields_of(Pay)
_PERCENTILE = fields_of(Percentile)
_PAY_FIGURE = fields_of(PayFigure)
_WORKPLACES = fields_of(Workplaces, required=("settings",))
_SETTING = fields_of(Setting)
_CREDENTIAL = fields_of(Credential)
_SCHOOL = fields_of(School)


def _tuple(values: list[str] | str | None) -> tuple[str, ...]:
    """A list of texts (or one text, as a quote may be written) as a tuple."""
    if isinstance(values, str):
        values = [values]
    return tuple(v.strip() for v in values or ())


@dataclass(frozen=True)
class _Site:
    """Where a fact is written, to report its provenance at its line."""

    doc: YamlDoc
    path: DocPath
    what: str


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

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.parts: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.seen_in: dict[str, YamlDoc] = {}
        self.quoted: list[tuple[_Site, str]] = []  # every quote, where it is written
        self.unquoted: list[_Site] = []  # facts written with no quote
        self.sections: list[tuple[_Site, str]] = []

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

    def _quotes(self, check: Checker, path: DocPath, rec: dict, what: str, needed: bool = True) -> tuple[str, ...]:
        """The record's quote(s), remembered with their place for the provenance checks."""
        quotes = _tuple(rec.get("quote"))
        site = _Site(check.doc, path, what)
        for n, quote in enumerate(quotes):
            self.quoted.append((_Site(check.doc, path + ("quote",) + ((n,) if len(quotes) > 1 else ()), what), quote))
        if not quotes and needed:
            self.unquoted.append(site)
        if rec.get("section"):
            self.sections.append((_Site(check.doc, path + ("section",), what), rec["section"]))
        return quotes

    def _section(self, check: Checker, key: str, value: Any) -> Any:
        path = (key,)
        if key == "section":
            if not check.kind(path, value, "str", "'section'"):
                return ""
            self.sections.append((_Site(check.doc, path, "the schools' section"), value))
            return value
        if key == "source":
            return self._source(check, value)
        if key == "occupation":
            rec = check.record(path, value, _OCCUPATION, "the occupation")
            if not rec:
                return None
            quote = self._quotes(check, path, rec, "the occupation", needed=False)
            return Occupation(**{**rec, "aliases": _tuple(rec.get("aliases")), "quote": quote})
        if key == "topics":
            if not check.kind(path, value, "mapping", "'topics'"):
                return {}
            topics = {}
            for name, raw in value.items():
                rec = check.record(path + (name,), raw, _TOPIC, f"the topic {name!r}")
                if rec:
                    quote = self._quotes(check, path + (name,), rec, f"the topic {name!r}")
                    items, aliases = _tuple(rec.pop("items", None)), _tuple(rec.pop("aliases", None))
                    topics[str(name)] = Topic(key=str(name), items=items, aliases=aliases, **{**rec, "quote": quote})
            return topics
        if key == "vocabulary":
            vocabulary = VocabularyBuilder()
            vocabulary.add(check.doc, check)
            return vocabulary.build()
        if key == "pay":
            return self._pay(check, value)
        if key == "workplaces":
            rec = check.record(path, value, _WORKPLACES, "'workplaces'")
            if not rec:
                return Workplaces()
            settings = []
            for i, s in enumerate(rec["settings"] or ()):
                srec = check.record(path + ("settings", i), s, _SETTING, "a workplace setting")
                if srec:
                    # A setting's share is a fact of its own; the list of settings is quoted as a whole.
                    quote = self._quotes(
                        check,
                        path + ("settings", i),
                        srec,
                        f"the setting {srec['name']!r}",
                        srec.get("share") is not None,
                    )
                    settings.append(Setting(**{**srec, "aliases": _tuple(srec.get("aliases")), "quote": quote}))
            return Workplaces(
                section=rec.get("section", ""),
                cites=rec.get("cites", ""),
                settings=tuple(settings),
                quote=self._quotes(check, path, rec, "the workplaces"),
            )
        if key == "credentials":
            return self._credentials(check, value)
        if key == "schools":
            return self._schools(check, value)
        return value

    def _source(self, check: Checker, value: Any) -> SourceDocument | None:
        rec = check.record(("source",), value, _SOURCE, "'source'")
        if not rec:
            return None
        path = self.folder / rec["file"]
        try:
            # Newlines as reading it as text would give them.
            text = read_pack_file(path)[0].decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            check.fail(("source", "file"), f"cannot read the source document {rec['file']!r}: {reason}",
                       "put the document beside the YAML files, as UTF-8 text")  # fmt: skip
            return None
        return SourceDocument(rec["file"], rec["title"], text)

    def _pay(self, check: Checker, value: Any) -> Pay | None:
        path = ("pay",)
        rec = check.record(path, value, _PAY, "'pay'")
        if not rec:
            return None
        if rec.get("average") is None and rec.get("median") is None:
            check.fail(path, "'pay' gives neither an average nor a median", "add 'average:' or 'median:'")
        percentiles = []
        for i, p in enumerate(rec.get("percentiles") or ()):
            prec = check.record(path + ("percentiles", i), p, _PERCENTILE, "a percentile")
            if not prec:
                continue
            if prec["side"] not in ("top", "bottom"):
                check.fail(
                    path + ("percentiles", i, "side"), f"side should be 'top' or 'bottom', found {prec['side']!r}"
                )
            quote = self._quotes(check, path + ("percentiles", i), prec, f"the {prec['side']} {prec['percent']}%")
            percentiles.append(Percentile(**{**prec, "quote": quote}))
        other = []
        for i, f in enumerate(rec.get("other") or ()):
            frec = check.record(path + ("other", i), f, _PAY_FIGURE, "a pay figure")
            if frec:
                quote = self._quotes(check, path + ("other", i), frec, f"the pay figure {frec['label']!r}")
                other.append(PayFigure(**{**frec, "quote": quote}))
        quote = self._quotes(check, path, rec, "the pay")
        factors_quote = _tuple(rec.get("factors_quote"))
        for n, q in enumerate(factors_quote):
            self.quoted.append((_Site(check.doc, path + ("factors_quote", n), "what raises pay"), q))
        if rec.get("factors") and not factors_quote:
            self.unquoted.append(_Site(check.doc, path + ("factors",), "what raises pay"))
        return Pay(
            **{
                **rec,
                "percentiles": tuple(percentiles),
                "other": tuple(other),
                "quote": quote,
                "factors_quote": factors_quote,
            }
        )

    def _credentials(self, check: Checker, value: Any) -> tuple[Credential, ...]:
        path = ("credentials",)
        if not check.kind(path, value, "list", "'credentials'"):
            return ()
        creds = []
        checked = []  # (index, credential) of the records whose shape is right
        for i, c in enumerate(value):
            rec = check.record(path + (i,), c, _CREDENTIAL, "a credential")
            if rec:
                # A level that only stands for others states no fact of its own.
                states = bool(rec.get("duration") or rec.get("credits"))
                quote = self._quotes(check, path + (i,), rec, f"the credential {rec['level']!r}", states)
                creds.append(
                    Credential(
                        **{
                            **rec,
                            "aliases": _tuple(rec.get("aliases")),
                            "includes": _tuple(rec.get("includes")),
                            "quote": quote,
                        }  # fmt: skip
                    )
                )
                checked.append((i, creds[-1]))
        levels = {c.level for c in creds}
        for i, credential in checked:
            for j, level in enumerate(credential.includes):
                if level not in levels:
                    check.fail(
                        path + (i, "includes", j),
                        f"no credential has the level {level!r}",
                        f"levels: {', '.join(sorted(levels))}",
                    )
        return tuple(creds)

    def _schools(self, check: Checker, value: Any) -> tuple[School, ...]:
        path = ("schools",)
        if not check.kind(path, value, "list", "'schools'"):
            return ()
        schools = []
        names: dict[str, int] = {}
        for i, raw in enumerate(value):
            rec = check.record(path + (i,), raw, _SCHOOL, "a school")
            if not rec:
                continue
            if rec["name"] in names:
                check.fail(path + (i, "name"), f"the school {rec['name']!r} is listed twice", "merge the two records")
            names[rec["name"]] = i
            schools.append(self._school(check, path + (i,), rec))
        return tuple(schools)

    def _school(self, check: Checker, path: DocPath, rec: dict) -> School:
        name = rec["name"]
        quotes: dict[str, tuple[str, ...]] = {}
        raw_quotes = rec.get("quote") or {}
        if not isinstance(raw_quotes, dict):
            check.fail(path + ("quote",), "a school's 'quote' should map its facts to passages",
                       f"facts: {', '.join(SCHOOL_FACTS)}")  # fmt: skip
            raw_quotes = {}
        for fact, passages in raw_quotes.items():
            where = path + ("quote", fact)
            if fact not in SCHOOL_FACTS:
                check.fail(where, f"{fact!r} is not a fact of a school that is quoted",
                           f"facts: {', '.join(SCHOOL_FACTS)}", at_key=True)  # fmt: skip
                continue
            if check.kind(where, passages, "quotes", f"the quote of {name}'s {fact}"):
                quotes[fact] = _tuple(passages)
                for n, quote in enumerate(quotes[fact]):
                    site = _Site(check.doc, where + ((n,) if isinstance(passages, list) else ()), f"{name}'s {fact}")
                    self.quoted.append((site, quote))
        stated = {
            "name": True,
            "place": bool(rec.get("city") or rec.get("state")),
            "tuition": rec.get("tuition") is not None,
            "program": bool(rec.get("program")),
            "credits": rec.get("credits") is not None,
            "delivery": bool(rec.get("delivery") or rec.get("delivery_note")),
        }
        for fact, is_stated in stated.items():
            if is_stated and fact not in quotes:
                self.unquoted.append(_Site(check.doc, path, f"{name}'s {fact}"))
        notes = []
        for j, raw in enumerate(rec.get("notes") or ()):
            note = check.record(path + ("notes", j), raw, _NOTE, f"a note on {name}") if isinstance(raw, dict) else None
            if isinstance(raw, str):
                note = {"text": raw}
            elif not isinstance(raw, dict):
                check.fail(path + ("notes", j), f"a note on {name} should be a sentence, or text: with quote:")
            if note:
                quote = self._quotes(check, path + ("notes", j), note, f"a note on {name}")
                notes.append(Note(note["text"].strip(), quote))
        return School(
            **{
                **rec,
                "aliases": _tuple(rec.get("aliases")),
                "notes": tuple(notes),
                "quote": MappingProxyType(quotes),
            }
        )

    def build(self) -> Knowledge:
        if self.problems:
            raise PackLoadError(self.problems)
        knowledge = Knowledge(
            occupation=self.parts.get("occupation") or Occupation(),
            topics=MappingProxyType(dict(self.parts.get("topics") or {})),
            pay=self.parts.get("pay"),
            workplaces=self.parts.get("workplaces") or Workplaces(),
            credentials=tuple(self.parts.get("credentials") or ()),
            schools=tuple(self.parts.get("schools") or ()),
            schools_section=self.parts.get("section") or "",
            vocabulary=self.parts.get("vocabulary") or Vocabulary(),
            source=self.parts.get("source"),
            sections=frozenset(k for k in self.parts if k not in ("section", "source")),
        )
        source = SourceText(knowledge.source.text) if knowledge.source is not None else None
        if source is not None:
            self._check_provenance(knowledge.source, source)
        if self.problems:
            raise PackLoadError(self.problems)
        knowledge = _with_sources(knowledge, source)
        fields, field_sources = flatten(knowledge)
        object.__setattr__(knowledge, "fields", MappingProxyType(fields))
        object.__setattr__(knowledge, "field_sources", MappingProxyType(field_sources))
        return knowledge

    def _check_provenance(self, document: SourceDocument, source: SourceText) -> None:
        """Every quote is in the source and every section is one of its lines (errors);
        every fact has a quote (a warning: `advisor check` lists them)."""
        for site, quote in self.quoted:
            if not source.has_quote(quote):
                self.problems.append(
                    site.doc.problem(
                        site.path,
                        f"the quote of {site.what} is not in {document.file}: {quote[:60]!r}",
                        "copy the passage exactly as the source words it (whitespace and quote marks may differ)",
                    )
                )
        for site, section in self.sections:
            if not source.has_section(section):
                self.problems.append(
                    site.doc.problem(
                        site.path,
                        f"the section {section!r} is not a line of {document.file}",
                        "give the heading exactly as the source has it",
                    )
                )
        for site in self.unquoted:
            self.warnings.append(
                site.doc.problem(
                    site.path,
                    f"{site.what} has no quote from {document.file}",
                    "add 'quote:' with the passage it comes from",
                    severity="warning",
                )
            )


def _with_sources(k: Knowledge, source: SourceText | None) -> Knowledge:
    """The knowledge with each record's quotes made into `Source`s: each under the heading
    it is under in the source document, or the record's own `section` when there is none."""

    def _source(section: str, quote: str, correction: str) -> Source:
        under, heading = source.place_of(quote) if source else ("", False)
        if heading:  # the quote is a heading: under nothing
            return Source("", quote, correction, heading=True)
        return Source(under or section, quote, correction)

    def _sources(section: str, quotes: tuple[str, ...], correction: str = "") -> tuple[Source, ...]:
        return tuple(_source(section, q, correction) for q in quotes)

    topics = {key: replace(t, sources=_sources(t.section, t.quote, t.correction)) for key, t in k.topics.items()}
    pay = k.pay
    if pay is not None:
        pay = replace(
            pay,
            sources=_sources(pay.section, pay.quote),
            factors_sources=_sources(pay.section, pay.factors_quote),
            percentiles=tuple(
                replace(p, sources=_sources(pay.section, p.quote, p.correction)) for p in pay.percentiles
            ),
            other=tuple(replace(f, sources=_sources(f.section or pay.section, f.quote)) for f in pay.other),
        )
    w = k.workplaces
    workplaces = replace(
        w,
        sources=_sources(w.section, w.quote),
        settings=tuple(replace(s, sources=_sources(w.section, s.quote)) for s in w.settings),
    )
    credentials = tuple(replace(c, sources=_sources(c.section, c.quote)) for c in k.credentials)
    schools = tuple(
        replace(
            s,
            sources=MappingProxyType(
                {
                    fact: _sources(k.schools_section, q, s.correction if fact == "name" else "")
                    for fact, q in s.quote.items()
                }
            ),
            notes=tuple(replace(n, sources=_sources(k.schools_section, n.quote)) for n in s.notes),
        )
        for s in k.schools
    )
    occupation = replace(k.occupation, sources=_sources(k.occupation.section, k.occupation.quote))
    return replace(
        k,
        occupation=occupation,
        topics=MappingProxyType(topics),
        pay=pay,
        workplaces=workplaces,
        credentials=credentials,
        schools=schools,
    )


def load_knowledge(folder: Path) -> Knowledge:
    """Load every *.yaml / *.yml file of `folder` (sorted by name) into one Knowledge."""
    return read_knowledge(folder)[0]


def read_knowledge(folder: Path) -> tuple[Knowledge, list[Problem]]:
    """The knowledge of `folder`, and the warnings found loading it (errors raise PackLoadError)."""
    if not folder.is_dir():
        raise PackError(f"{folder}: the knowledge folder does not exist or is not a folder")
    builder = _Builder(folder)
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
    return builder.build(), builder.warnings
