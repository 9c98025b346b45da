"""The knowledge pack: typed, validated facts about one occupation and its schools.

A knowledge folder holds YAML files whose top-level keys are the sections below;
a section may live in any file, and an empty folder is a valid, empty pack.

    occupation   title, name, plural, short, aliases
    topics       free-text facts by key: section, text, items, cites, aliases
    pay          average and/or median, percentiles, other figures, what raises pay
    workplaces   settings (with their share of jobs where known)
    credentials  levels of study (certificate, associate...) with duration and credits
    schools      records with name, aliases, city, state, tuition, delivery, notes
    section      the article section the schools come from (for attribution)
    vocabulary   the field's abbreviations and names for the intents' generic words
    source       the document the facts come from: a file beside the YAML, and its title

Provenance: every fact carries `quote`, the passage of the source it comes from (one text,
or a list), and may carry `correction`, saying how it departs from a garbled source. The
loader turns them into `Source` records (section, quote, correction) that answers cite.

`Knowledge.fields` flattens the pack into dotted names (``pay.average``) rendered as
text, which answer templates use, and `Knowledge.field_sources` names the sources behind
each. Loading and validation live in `knowledge_load.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..reply import Source
from .vocabulary import Vocabulary

# The type of a `quote` key: one passage, or a list of them (read as a tuple).
Quotes = tuple[str, ...]


def money(amount: int | float) -> str:
    """$12,345 style, the way the answers show every amount. A whole number is written as
    it is, however long (a float of it would overflow past 308 digits)."""
    if isinstance(amount, int):
        return f"${amount:,}"
    return f"${amount:,.0f}"


def join_words(items: list[str] | tuple[str, ...], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


@dataclass(frozen=True)
class Occupation:
    """The occupation a pack covers and the names people call it."""

    title: str = "this occupation"
    name: str = "this occupation"
    plural: str = "people in this occupation"
    short: str = ""
    aliases: tuple[str, ...] = ()
    section: str = ""
    quote: Quotes = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A free-text fact with the article section it comes from."""

    key: str
    text: str
    section: str = ""
    cites: str = ""
    items: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    quote: Quotes = ()
    correction: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Percentile:
    """Pay at one end of the range: the `side` ('top' or 'bottom') `percent` earn `amount`."""

    side: str
    percent: int
    amount: int
    article_says: str = ""
    quote: Quotes = ()
    correction: str = ""
    sources: tuple[Source, ...] = ()

    @property
    def label(self) -> str:
        return f"the {self.side} {self.percent}%"


@dataclass(frozen=True)
class PayFigure:
    """Another pay figure the source gives, with its own label."""

    label: str
    amount: int
    section: str = ""
    quote: Quotes = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Pay:
    """What the occupation pays: an average, a median, or both, and the percentiles given."""

    average: int | None = None
    median: int | None = None
    section: str = ""
    cites: str = ""
    period: str = "year"
    factors: str = ""
    percentiles: tuple[Percentile, ...] = ()
    other: tuple[PayFigure, ...] = ()
    quote: Quotes = ()  # the average or median, and who reported it
    factors_quote: Quotes = ()
    sources: tuple[Source, ...] = ()
    factors_sources: tuple[Source, ...] = ()

    def percentile(self, side: str, percent: int) -> Percentile | None:
        return next((p for p in self.percentiles if p.side == side and p.percent == percent), None)

    @property
    def percents(self) -> frozenset[int]:
        """The percents the source gives pay for (10 and 25, say): a question may name them bare."""
        return frozenset(p.percent for p in self.percentiles)


@dataclass(frozen=True)
class Setting:
    """A kind of workplace, with its share of jobs when the source gives one."""

    name: str
    aliases: tuple[str, ...] = ()
    share: int | None = None
    year: int | None = None
    quote: Quotes = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Workplaces:
    section: str = ""
    cites: str = ""
    settings: tuple[Setting, ...] = ()
    quote: Quotes = ()  # the list of settings
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Credential:
    """A level of study: how long it takes and how many credits, where known.

    A level may stand for several kinds (`includes`: an associate degree may be an Associate
    in Applied Science or an Associate in Science); asked about it, each kind answers for
    itself, so a figure the source gives for one kind is never told of the other."""

    level: str
    aliases: tuple[str, ...] = ()
    title: str = ""  # how a sentence names it, with its article: "an associate degree"
    duration: str = ""
    credits: int | None = None
    credits_note: str = ""
    includes: tuple[str, ...] = ()  # levels of the kinds it stands for
    section: str = ""
    quote: Quotes = ()
    sources: tuple[Source, ...] = ()

    @property
    def called(self) -> str:
        return self.title or f"{'an' if self.level[:1].lower() in 'aeiou' else 'a'} {self.level}"


@dataclass(frozen=True)
class Note:
    """A fact about a school that has no field of its own, as a whole sentence."""

    text: str
    quote: Quotes = ()
    sources: tuple[Source, ...] = ()


# The facts of a school that carry their own quote (`quote: {tuition: "...", ...}`).
SCHOOL_FACTS = ("name", "place", "tuition", "program", "credits", "delivery")


@dataclass(frozen=True)
class School:
    """One school that trains for the occupation."""

    name: str
    tuition: int | None
    aliases: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    program: str = ""
    credits: int | None = None
    delivery: str = ""  # "online", "hybrid", "online or hybrid", or "" when the source is silent
    delivery_note: str = ""  # what the source says of its teaching when it gives no delivery
    notes: tuple[Note, ...] = ()
    tuition_basis: str = ""  # "per year", "for the whole program"... or "" when the source is silent
    credential: str = ""  # the level of study its program leads to, where the source says
    quote: Mapping[str, Quotes] = field(default_factory=dict)  # fact (SCHOOL_FACTS) -> passages
    correction: str = ""
    sources: Mapping[str, tuple[Source, ...]] = field(default_factory=dict)  # fact -> sources

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.city, self.state) if p)

    @property
    def online(self) -> bool:
        return "online" in self.delivery

    def sources_of(self, *facts: str) -> tuple[Source, ...]:
        """The sources of these facts of the school (SCHOOL_FACTS), in order, without repeats."""
        return tuple(dict.fromkeys(s for fact in facts for s in self.sources.get(fact, ())))


@dataclass(frozen=True)
class SourceDocument:
    """The document a pack's facts come from: a file beside the YAML, read at load."""

    file: str
    title: str
    text: str


@dataclass(frozen=True)
class Knowledge:
    """Everything a pack knows. Every section is optional; an empty pack knows nothing."""

    occupation: Occupation = Occupation()
    topics: Mapping[str, Topic] = field(default_factory=dict)
    pay: Pay | None = None
    workplaces: Workplaces = Workplaces()
    credentials: tuple[Credential, ...] = ()
    schools: tuple[School, ...] = ()
    schools_section: str = ""
    vocabulary: Vocabulary = Vocabulary()
    source: SourceDocument | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    field_sources: Mapping[str, tuple[Source, ...]] = field(default_factory=dict)
    sections: frozenset[str] = frozenset()  # top-level sections present, for template checks

    def school(self, name: str) -> School | None:
        return next((s for s in self.schools if s.name == name), None)

    def credential(self, level: str) -> Credential | None:
        return next((c for c in self.credentials if c.level == level), None)

    def setting(self, name: str) -> Setting | None:
        return next((s for s in self.workplaces.settings if s.name == name), None)
