"""Template fields: the knowledge flattened into dotted names (``pay.average``) and the
sources behind each, for answers written as templates."""

from __future__ import annotations

import re

from ..nlu.lexicon import common_words
from ..reply import Source
from .knowledge import Knowledge, join_words, money

# Every field name `flatten` can make, for any pack. A template naming one of these that a
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


def run_on(text: str) -> str:
    """A sentence made to run on after a colon or a comma: its first letter lowered when it
    only marked the start of the sentence ("Employment is projected..."), never for a name
    or an abbreviation ("NASA runs...")."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.lower() in common_words():
        return text[:1].lower() + text[1:]
    return text


def attributed(source: str, text: str) -> str:
    """'According to SOURCE, text...' (the text alone when it names no source)."""
    return f"According to {source}, {run_on(text)}" if source else text


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items)


def flatten(k: Knowledge) -> tuple[dict[str, str], dict[str, tuple[Source, ...]]]:
    """Dotted field names for templates, each rendered as the text an answer shows, and the
    sources of the fields that state facts (names of things cite nothing)."""
    fields: dict[str, str] = {}
    sources: dict[str, tuple[Source, ...]] = {}
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
        for attr in ("text", "attributed", "items", "items_inline"):
            sources[f"topics.{key}.{attr}"] = topic.sources
    if k.pay:
        for attr in ("average", "median"):
            if getattr(k.pay, attr) is not None:
                fields[f"pay.{attr}"] = money(getattr(k.pay, attr))
                sources[f"pay.{attr}"] = k.pay.sources
        fields["pay.period"] = k.pay.period
        for attr in ("section", "cites", "factors"):
            if getattr(k.pay, attr):
                fields[f"pay.{attr}"] = getattr(k.pay, attr)
        sources["pay.factors"] = k.pay.factors_sources
        for p in k.pay.percentiles:
            fields[f"pay.{p.side}_{p.percent}"] = money(p.amount)
            sources[f"pay.{p.side}_{p.percent}"] = p.sources
    if k.workplaces.settings:
        fields["workplaces.settings"] = join_words([s.name for s in k.workplaces.settings])
        sources["workplaces.settings"] = k.workplaces.sources
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
        sources["schools.names"] = sources["schools.count"] = tuple(
            dict.fromkeys(x for s in k.schools for x in s.sources_of("name"))
        )
        # Examples and suggestions name a school or two of the pack ("Tell me about {schools.first.name}").
        for n, place in enumerate(("first", "second")[: len(k.schools)]):
            fields[f"schools.{place}.name"] = k.schools[n].name
            if k.schools[n].state:
                fields[f"schools.{place}.state"] = k.schools[n].state
    return fields, sources
