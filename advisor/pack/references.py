"""Checks across files: what intents name must exist in the handlers the pack is loaded
with (a `HandlerSet`, registry.py) and in the knowledge.

Errors: a handler that does not exist, a template field the knowledge pack does not have
(in an answer, an example, a suggestion or a label), a `follows` that names no intent.
Warning: a template field that packs may give but this one does not (a topic it has no text
for): the answer then says it is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection

from ..errors import Problem
from .intents import Intent, IntentSet
from .knowledge import Knowledge
from .knowledge_fields import FIELD_SHAPES
from .schema import did_you_mean
from .templates import fields_in
from .yamlsource import YamlDoc


@dataclass(frozen=True)
class _Site:
    """Where an intent is written, to report problems at the right line and column."""

    intent: Intent
    doc: YamlDoc | None
    index: int | None  # position in the file's `intents:` list

    def problem(self, *path, message: str, hint: str = "", severity: str = "error") -> Problem:
        if self.doc is None or self.index is None:
            file, _, line = self.intent.source.rpartition(":")
            return Problem(file, int(line or 0), 1, message, hint, severity)
        return self.doc.problem(("intents", self.index, *path), message, hint, severity)

    def has_key(self, key: str) -> bool:
        return self.doc is not None and self.index is not None and key in self.doc.data["intents"][self.index]


def _sites(intents: IntentSet) -> dict[tuple[str, str], _Site]:
    """(file, intent name) -> where the intent is written, for every file at once."""
    sites = {}
    for doc in intents.docs:
        if isinstance(doc.data, dict):
            for i, raw in enumerate(doc.data.get("intents") or []):
                if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                    sites.setdefault((doc.file, raw["name"]), (doc, i))
    return sites


def check_references(intents: IntentSet, knowledge: Knowledge, handlers: Collection[str]) -> list[Problem]:
    """Every problem of what the intents name: handlers (of `handlers`' names), the
    intents they follow, and the fields of the knowledge their templates use."""
    problems = []
    sites = _sites(intents)
    names = {i.name for i in intents.intents}
    for intent in intents.intents:
        doc, index = sites.get((intent.source.rpartition(":")[0], intent.name), (None, None))
        site = _Site(intent, doc, index)
        if intent.handler and intent.handler not in handlers:
            problems.append(
                site.problem(
                    "handler",
                    message=f"unknown handler {intent.handler!r}",
                    hint=did_you_mean(intent.handler, handlers, "known handlers"),
                )
            )
        for j, other in enumerate(intent.follows):
            if other not in names:
                problems.append(
                    site.problem(
                        "follows",
                        j,
                        message=f"'follows' names {other!r}, which is not an intent",
                        hint=did_you_mean(other, names, "intents"),
                    )
                )
        key = "answers" if site.has_key("answers") else "answer"
        for n, template in enumerate(intent.answers):
            path = (key, n) if key == "answers" else (key,)
            problems.extend(_template_problems(site, path, template, knowledge))
        # Examples, suggestions and the label are templates too ("What does a {occupation.name} do?").
        for key in ("examples", "suggestions"):
            for n, template in enumerate(getattr(intent, key)):
                problems.extend(_template_problems(site, (key, n), template, knowledge))
        if intent.label:
            problems.extend(_template_problems(site, ("label",), intent.label, knowledge))
    for topic in intents.help:
        docs = [d for d in intents.docs if d.file == topic.source.rpartition(":")[0]]
        for j, name in enumerate(topic.intents):
            if name not in names:
                message = f"'help' names {name!r}, which is not an intent"
                hint = did_you_mean(name, names, "intents")
                if docs:
                    problems.append(docs[0].problem(("help", "intents", j), message, hint))
                else:
                    problems.append(Problem(topic.source.rpartition(":")[0], 0, 0, message, hint))
    return problems


def _template_problems(site: _Site, path: tuple, template: str, knowledge: Knowledge) -> list[Problem]:
    problems = []
    for name in fields_in(template):
        if name in knowledge.fields:
            continue
        if FIELD_SHAPES.fullmatch(name):
            # A field packs may have and this one lacks: intents are written for any
            # occupation, and the answer then says plainly that it is not known.
            problems.append(
                site.problem(
                    *path,
                    message=f"the template names {{{name}}}, which this knowledge pack does not give",
                    hint="the answer will say it is not known; add it to the knowledge to answer it",
                    severity="warning",
                )
            )
            continue
        problems.append(
            site.problem(
                *path,
                message=f"the template names {{{name}}}, which is not a field a knowledge pack can give",
                hint=did_you_mean(name, knowledge.fields, "fields", braces=True),
            )
        )
    return problems
