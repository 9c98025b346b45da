"""The result of one question: `Reply`, the `Explanation` of how it was chosen, and the
`Source` passages its facts come from."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .nlu.matching import Match
from .query.frame import Frame


@dataclass(frozen=True)
class Source:
    """A passage of the pack's source document that a fact of an answer comes from.

    `section` is the heading it is under and `quote` the passage as the source words it;
    `heading` is true when the passage is (part of) a heading itself, under no other;
    `correction` says how the pack departs from a garbled source, and `figure` names the
    figure taken from it when the answer was computed ("Harbor College's tuition, $9,000")."""

    section: str
    quote: str
    correction: str = ""
    figure: str = ""
    heading: bool = False

    def to_dict(self) -> dict:
        return {"section": self.section, "quote": self.quote, "correction": self.correction, "figure": self.figure,
                "heading": self.heading}  # fmt: skip


@dataclass(frozen=True)
class Table:
    """Facts a channel can draw as a table (the schools of a list or a comparison). The
    reply's text says the same; a channel that draws the table draws it instead of the list."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_dict(self) -> dict:
        return {"columns": list(self.columns), "rows": [list(r) for r in self.rows]}


@dataclass(frozen=True)
class Chart:
    """Figures a channel can draw as a bar chart: (label, value) bars in `unit`."""

    title: str
    unit: str  # "$" for money
    bars: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict:
        return {"title": self.title, "unit": self.unit, "bars": [{"label": k, "value": v} for k, v in self.bars]}


@dataclass(frozen=True)
class Explanation:
    """How an answer was chosen, for `/why` and `advisor explain`."""

    normalised: str
    routing_text: str
    substitutions: tuple[tuple[str, str], ...]
    entities: Mapping[str, str]
    candidates: tuple[Match, ...]
    decision: str
    frame: Frame | None = None  # what the question was read to ask (query/frame.py)

    def to_dict(self) -> dict:
        return {
            "normalised": self.normalised,
            "routing_text": self.routing_text,
            "substitutions": [list(s) for s in self.substitutions],
            "entities": dict(self.entities),
            "candidates": [{"intent": m.intent, "score": m.score, "pattern": m.pattern} for m in self.candidates],
            "decision": self.decision,
            "frame": self.frame.to_dict() if self.frame is not None else None,
        }


@dataclass(frozen=True)
class Reply:
    """One answer. `intent` is None when no intent answered: the question was not understood
    (the fallback), was declined, was asked back, or asked an attribute no intent covers that
    a school's notes speak of (answered from them); `outcome` says which."""

    text: str
    intent: str | None
    confidence: float
    entities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    suggestions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # remarks about the input itself, e.g. that it was cut
    explanation: Explanation | None = field(default=None, compare=False, repr=False)
    sources: tuple[Source, ...] = ()  # the passages its facts come from (none for small talk)
    # "answered", "fallback" (not understood), "clarification" (a question back), or
    # "declined" (it asks what the pack does not cover: `attribute` names what; an answer
    # from a school's notes about such an attribute is "answered" and names it too).
    outcome: str = "answered"
    attribute: str | None = None
    table: Table | None = None  # the schools it lists or compares, for channels that draw tables
    chart: Chart | None = None  # the figures behind it (the pay percentiles)
    # A message of several questions: the intent that answered each, in order ("" for a part
    # no intent answered); empty for a message of one.
    parts: tuple[str, ...] = ()

    def suggestion_line(self) -> str:
        """The suggestions as a text channel says them after the reply: what a question not
        understood may have meant, or what to ask next ("" when there are none)."""
        if not self.suggestions:
            return ""
        if self.outcome == "fallback":
            return "Try asking: " + " | ".join(self.suggestions)
        return "You could ask: " + " | ".join(self.suggestions)

    def verdict(self, topic: str | None = None) -> str:
        """What happened to the question, in a sentence, for "why this answer?": answered
        (as a question about `topic`, the intent's label, or its name), declined, asked back
        or not understood. The same on every channel."""
        if self.outcome == "declined":
            return (f"Declined: it asks about {self.attribute or 'something'}, which my information doesn't "
                    "cover, so I said so rather than guess.")  # fmt: skip
        if self.outcome == "fallback":
            if self.confidence < 0.05:
                return "Not understood: nothing I know came close to it."
            return f"Not understood: the closest question I know scored {self.confidence:.2f}, too low to answer."
        if self.outcome == "clarification":
            return "Asked back: the question could mean more than one thing."
        if self.intent is None:
            return f"Answered from what my information says about {self.attribute or 'it'}."
        return f"Answered as a question about {topic or self.intent} (confidence {self.confidence:.2f})."

    def to_dict(self) -> dict:
        """The whole reply as JSON-safe data, its explanation included."""
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": self.confidence,
            "entities": dict(self.entities),
            "suggestions": list(self.suggestions),
            "notes": list(self.notes),
            "sources": [s.to_dict() for s in self.sources],
            "outcome": self.outcome,
            "attribute": self.attribute,
            "table": self.table.to_dict() if self.table else None,
            "chart": self.chart.to_dict() if self.chart else None,
            "parts": list(self.parts),
            "explanation": self.explanation.to_dict() if self.explanation else None,
        }
