"""Answer templates: ``{pay.average}`` placeholders filled from the knowledge pack.

Only dotted names are placeholders; ``{{`` and ``}}`` are literal braces. Nothing is
evaluated: a template can name fields, never attributes or code, and user text is
never used as a template.
"""

from __future__ import annotations

import re
from typing import Mapping

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][\w]*(?:\.[\w]+)*)\}")


def fields_in(template: str) -> list[str]:
    """The field names a template uses, in order."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(template) if m.group(1)]


class MissingField(KeyError):
    """Raised by `render` when a template names a field the pack does not have."""


def render_answer(answers: tuple[str, ...], variant: int, fields: Mapping[str, str], default: str) -> str:
    """Variation `variant` of an intent's answers, filled in; `default` when there are no
    answers or the pack lacks a field they name."""
    if not answers:
        return default
    try:
        return render(answers[variant % len(answers)], fields)
    except MissingField:
        return default


def render_or_none(template: str, fields: Mapping[str, str]) -> str | None:
    """The template filled in, or None when the pack lacks a field it names."""
    try:
        return render(template, fields)
    except MissingField:
        return None


def render(template: str, fields: Mapping[str, str]) -> str:
    def fill(m: re.Match) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        name = m.group(1)
        if name not in fields:
            raise MissingField(name)
        return fields[name]

    return _PLACEHOLDER.sub(fill, template)
