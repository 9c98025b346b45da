"""Conflict linting: patterns that route somewhere else, duplicates, unreachable intents.

Each pattern is routed the way a question would be (same normalisation, same matcher):
 - conflict: another intent scores better than the pattern's own intent, or as well with
   nothing but the order of the pack to tell them apart (the pattern reads the same to
   both), so a user typing the pattern would get the other answer or a coin toss;
 - duplicate: two patterns of one intent read the same once normalised (one is dead weight);
 - unreachable: no pattern of the intent routes to it;
 - vague: a pattern whose only words past the stopwords are light words ("how do you know"
   is "how"): any question with that word reads like it, so it claims questions it cannot
   tell apart. A pattern of stopwords alone ("what do they do") is not vague: only a
   question that reads nearly as it does matches it. Small talk is exempt;
 - uncovered: a pattern that asks an attribute attributes.yaml says the pack does not cover
   ("what is the starting salary" when no intent answers starting pay): its words would let
   the intent answer a question the article has no answer for, with a neighbouring answer.
All findings are warnings; `advisor check --strict` makes them fail.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rapidfuzz import fuzz

from ..nlu.entities import SLOTS
from ..nlu.matching import Matcher
from .build import Pack
from .intents import FALLBACK, Kind


@dataclass(frozen=True)
class Finding:
    kind: str  # "conflict", "duplicate", "unreachable", "vague" or "uncovered"
    intent: str
    pattern: str
    other_intent: str = ""
    other_pattern: str = ""
    score: float = 0.0
    where: str = ""  # file:line of the intent

    def to_dict(self) -> dict:
        return asdict(self)

    def message(self) -> str:
        if self.kind == "conflict":
            return (
                f"pattern {self.pattern!r} of {self.intent} routes to {self.other_intent} "
                f"(score {self.score:.2f}, its pattern {self.other_pattern!r})"
            )
        if self.kind == "duplicate":
            return f"patterns {self.pattern!r} and {self.other_pattern!r} of {self.intent} read the same"
        if self.kind == "vague":
            return f"pattern {self.pattern!r} of {self.intent} has no word that says what it asks"
        if self.kind == "uncovered":
            return (
                f"pattern {self.pattern!r} of {self.intent} asks {self.other_intent!r}, which "
                f"attributes.yaml lists as not covered: remove the pattern, or name the intent there"
            )
        return f"no pattern of {self.intent} routes to it"


def lint(pack: Pack, matcher: Matcher) -> list[Finding]:
    """The findings of a loaded pack, whose patterns `matcher` (fitted on them) routes."""
    findings: list[Finding] = []
    for raw, routed in zip(pack.intents.intents, _routing_by_name(pack), strict=True):
        if raw.name == FALLBACK:
            continue
        reached = False
        seen: dict[str, str] = {}
        for pattern, text in zip(raw.patterns, routed, strict=True):
            if text in seen:
                findings.append(Finding("duplicate", raw.name, pattern, raw.name, seen[text], 1.0, raw.source))
                continue
            seen[text] = pattern
            if raw.kind == Kind.QUESTION and not _says_something(pack, text):
                findings.append(Finding("vague", raw.name, pattern, where=raw.source))
                continue
            asked = pack.attributes.find(tuple(text.split())) if raw.kind == Kind.QUESTION else None
            if asked is not None and not asked.attribute.intent and not pack.evidence.speaks_of(raw.name, asked.words):
                findings.append(Finding("uncovered", raw.name, pattern, asked.attribute.name, where=raw.source))
                continue
            ranked = matcher.rank(text, 5)
            own = next((m for m in ranked if m.intent == raw.name), None)
            rival = next((m for m in ranked if m.intent != raw.name), None)
            own_score = own.score if own else 0.0
            if rival is not None and (
                rival.score > own_score
                or (rival.score == own_score and _full(text, rival.pattern) >= _full(text, own.pattern))
            ):
                findings.append(
                    Finding("conflict", raw.name, pattern, rival.intent, rival.pattern, rival.score, raw.source)
                )
            else:
                reached = True
        if raw.patterns and not reached:
            findings.append(Finding("unreachable", raw.name, "", where=raw.source))
    return findings


def _says_something(pack: Pack, routing_text: str) -> bool:
    """Whether a pattern's words past the stopwords (what the matcher compares) include one
    that is not a light word; a pattern of stopwords alone says nothing to be vague about."""
    lang = pack.language
    content = [w for w in routing_text.split() if w not in lang.stopwords and w != SLOTS["occupation"]]
    return not content or any(w not in lang.light_words | lang.fillers for w in content)


def _full(text: str, pattern: str) -> float:
    """The matcher's tie-break: how close a pattern is to the whole text."""
    return fuzz.token_sort_ratio(text, pattern)


def _routing_by_name(pack: Pack) -> list[tuple[str, ...]]:
    """Each intent's patterns in routing form, in the order of the pack's intents."""
    routing = {r.name: r.patterns for r in pack.routing}
    return [routing.get(i.name, ()) for i in pack.intents.intents]


def table(findings: list[Finding]) -> str:
    """A readable table of findings, one per line, grouped by kind."""
    if not findings:
        return "no conflicts, duplicates or unreachable intents"
    rows = [("kind", "where", "intent", "pattern", "claimed by", "score")]
    for f in sorted(findings, key=lambda f: (f.kind, f.where, f.pattern)):
        rows.append(
            (
                f.kind,
                f.where,
                f.intent,
                f.pattern,
                f.other_intent if f.kind == "conflict" else "",
                f"{f.score:.2f}" if f.kind == "conflict" else "",
            )
        )
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell[:40].ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows)
