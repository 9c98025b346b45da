"""A small schema checker for pack YAML that reports problems at file:line:column.

Each pack loader describes its records as `Field`s; `Checker.record` checks one
mapping against them, collecting every problem (missing key, wrong type, unknown
key with a "did you mean") instead of stopping at the first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from ..errors import Problem
from .yamlsource import DocPath, YamlDoc

# Names of the value kinds a field can take, as shown in messages.
_KIND_NAMES = {
    "str": "a text",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "list": "a list",
    "str_list": "a list of texts",
    "mapping": "a mapping of keys to values",
    "quotes": "a passage of the source, or a list of them",
    "any": "a value",
}

# How close a misspelt key must be to a known one to suggest it (rapidfuzz ratio, 0..100).
_DID_YOU_MEAN_CUTOFF = 70


@dataclass(frozen=True)
class Field:
    """One key of a record: its name, kind (a key of _KIND_NAMES) and whether it must be present."""

    name: str
    kind: str
    required: bool = False


def _fits(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str) and value.strip() != ""
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "str_list":  # C-level loops: a big pack has a million patterns
        return isinstance(value, list) and set(map(type, value)) <= {str} and all(map(str.strip, value))
    if kind == "mapping":
        return isinstance(value, dict)
    if kind == "quotes":
        return _fits(value, "str") or (_fits(value, "str_list") and bool(value))
    return True


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return "an empty text" if not value.strip() else f"the text {value[:40]!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def did_you_mean(word: str, choices, what: str, braces: bool = False) -> str:
    """A hint naming the closest choice to a misspelt `word`, or listing the `what` there are."""
    choices = sorted(choices)
    guess = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=_DID_YOU_MEAN_CUTOFF)
    if guess:
        return f"did you mean {{{guess[0]}}}?" if braces else f"did you mean {guess[0]!r}?"
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"{what}: {shown}"


class Checker:
    """Collects schema problems for one YAML document."""

    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, path: DocPath, message: str, hint: str = "", at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, hint, at_key=at_key))

    def kind(self, path: DocPath, value: Any, kind: str, what: str) -> bool:
        """True when `value` is of `kind`; otherwise record a problem and return False."""
        if _fits(value, kind):
            return True
        self.fail(path, f"{what} should be {_KIND_NAMES[kind]}, found {describe(value)}")
        return False

    def record(self, path: DocPath, value: Any, fields: tuple[Field, ...], what: str) -> dict | None:
        """Check a mapping against `fields`; return it when its shape is usable, else None."""
        if not self.kind(path, value, "mapping", what):
            return None
        known = {f.name: f for f in fields}
        usable = True
        for key in value:
            if key not in known:
                hint = did_you_mean(str(key), known, "known keys")
                self.fail(path + (key,), f"unknown key {key!r} in {what}", hint, at_key=True)
                usable = False
        for f in fields:
            if f.name not in value:
                if f.required:
                    self.fail(
                        path, f"{what} is missing the key {f.name!r}", f"add '{f.name}:' with {_KIND_NAMES[f.kind]}"
                    )
                    usable = False
            elif not self.kind(path + (f.name,), value[f.name], f.kind, f"'{f.name}'"):
                usable = False
        return value if usable else None


# How a dataclass field's annotation maps to a kind of YAML value.
_ANNOTATION_KINDS = {
    "str": "str",
    "int": "int",
    "int | None": "int",
    "float": "number",
    "bool": "bool",
    "tuple[str, ...]": "str_list",
    "Quotes": "quotes",
}


def fields_of(cls: type, exclude: tuple[str, ...] = (), required: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """The schema of a record, read off its dataclass: a field without a default is required
    (and so is every name in `required`); a tuple of records is a list."""
    out = []
    for f in dataclasses.fields(cls):
        if f.name in exclude or f.name.endswith("sources"):  # sources are built from quotes, never written
            continue
        kind = _ANNOTATION_KINDS.get(str(f.type), "list" if str(f.type).startswith("tuple[") else "any")
        must = f.name in required or (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        out.append(Field(f.name, kind, must))
    return tuple(out)
