"""`advisor review`: what people asked that the pack could not answer, from stored turns.

A review reads every stored turn (of a period) and gives a pack's authors:
  - totals: conversations, turns, and the share of each outcome (answered, not understood,
    asked back, declined as not in the source), and of low-confidence answers;
  - the questions that need attention, grouped by similarity (rapidfuzz), biggest groups
    first: those not understood, asked back, declined, off the pack's topic, or answered
    with low confidence; each group with a count, examples, and the intent nearest to it
    under the current pack;
  - the attributes people asked about that the source lacks, counted: what to research next;
  - the intents no question reached;
  - drift: the same figures by the pack's version, to see whether a change helped.
Only the turns are read: nothing about any client is kept, so none is shown.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz, process

from ..engine import Advisor
from ..pack.intents import FALLBACK, OUT_OF_SCOPE, Kind
from .stores import StoredTurn

# An answer with less confidence than this needs a look, though it was given.
LOW_CONFIDENCE = 0.7
# Two questions are one group when their words match this well (rapidfuzz token_set_ratio,
# after both are normalised as the advisor reads them).
SIMILAR = 72
EXAMPLES = 3
OUTCOMES = ("answered", "fallback", "clarification", "declined")
# How each reason a question needs attention is said.
REASONS = {
    "fallback": "not understood",
    "clarification": "asked back",
    "declined": "not in the source",
    "off_topic": "off the pack's topic",
    "low_confidence": "answered with low confidence",
}


@dataclass(frozen=True)
class Group:
    """Similar questions that need attention."""

    count: int
    examples: tuple[str, ...]
    reason: str  # the most common reason among them (a key of REASONS)
    nearest: str | None  # the intent nearest to them under the current pack
    attribute: str | None  # what they asked that the source lacks, when declined


@dataclass(frozen=True)
class Version:
    """The figures of the turns one version of the pack answered."""

    pack: str
    first: str
    last: str
    turns: int
    shares: dict[str, float]  # outcome -> share of the turns; "low_confidence" too


@dataclass(frozen=True)
class Review:
    conversations: int
    turns: int
    outcomes: dict[str, int]
    low_confidence: int
    groups: tuple[Group, ...]
    attributes: tuple[tuple[str, int, str], ...]  # (attribute, count, an example question)
    unreached: tuple[str, ...]
    versions: tuple[Version, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def _reason(turn: StoredTurn) -> str | None:
    """Why a turn needs attention, or None when it was answered well."""
    if turn.outcome in ("fallback", "clarification", "declined"):
        return turn.outcome
    if turn.intent == OUT_OF_SCOPE:
        return "off_topic"
    if turn.confidence < LOW_CONFIDENCE:
        return "low_confidence"
    return None


def _counts(turns: list[StoredTurn]) -> tuple[dict[str, int], int]:
    """How many turns had each outcome, and how many answers had low confidence."""
    counts = Counter(t.outcome for t in turns)
    low = sum(1 for t in turns if t.outcome == "answered" and t.confidence < LOW_CONFIDENCE)
    return {o: counts[o] for o in OUTCOMES}, low


def _shares(turns: list[StoredTurn]) -> dict[str, float]:
    outcomes, low = _counts(turns)
    total = max(1, len(turns))
    return {**{o: n / total for o, n in outcomes.items()}, "low_confidence": low / total}


def _groups(bot: Advisor, flagged: list[tuple[StoredTurn, str]]) -> tuple[Group, ...]:
    """Flagged turns grouped: those declined, by the attribute they asked (one gap in the
    source, however it was put); the rest by how alike their questions read, each joining
    the first group whose first question it matches SIMILAR or better, else starting one."""
    leaders: list[str] = []  # the normalised first question of each group
    members: list[list[tuple[StoredTurn, str]]] = []
    by_attribute: dict[str, int] = {}
    for turn, reason in flagged:
        if reason == "declined" and turn.attribute:
            if turn.attribute not in by_attribute:
                by_attribute[turn.attribute] = len(members)
                leaders.append("")  # never matched by similarity
                members.append([])
            members[by_attribute[turn.attribute]].append((turn, reason))
            continue
        text = bot.pack.normaliser.normalise(turn.user).text or turn.user.lower()
        found = process.extractOne(text, leaders, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR, processor=None)
        if found is None:
            leaders.append(text)
            members.append([(turn, reason)])
        else:
            members[found[2]].append((turn, reason))
    groups = []
    for group in members:
        said = Counter(" ".join(t.user.split()) for t, _ in group)
        reason = Counter(r for _, r in group).most_common(1)[0][0]
        attribute = Counter(t.attribute for t, _ in group if t.attribute).most_common(1)
        first = said.most_common(1)[0][0]
        candidates = bot.explain(first).candidates
        groups.append(
            Group(
                len(group),
                tuple(text for text, _ in said.most_common(EXAMPLES)),
                reason,
                candidates[0].intent if candidates else None,
                attribute[0][0] if attribute else None,
            )
        )
    return tuple(sorted(groups, key=lambda g: (-g.count, g.examples[0])))


def review(bot: Advisor, conversations: dict[str, list[StoredTurn]]) -> Review:
    """The review of these conversations' turns, read with the current pack."""
    turns = [t for kept in conversations.values() for t in kept]
    flagged = [(t, r) for t in turns if (r := _reason(t)) is not None]
    declined = Counter(t.attribute for t in turns if t.outcome == "declined" and t.attribute)
    example = {}
    for t in turns:
        if t.outcome == "declined" and t.attribute:
            example.setdefault(t.attribute, " ".join(t.user.split()))
    # Every intent that answered a part of a message counts as reached, not only the first.
    reached = {t.intent for t in turns if t.outcome == "answered" and t.intent}
    reached |= {part for t in turns for part in t.parts if part}
    askable = [
        i.name for i in bot.intents if i.kind == Kind.QUESTION and i.patterns and i.name not in (FALLBACK, OUT_OF_SCOPE)
    ]
    by_version: dict[str, list[StoredTurn]] = {}
    for t in turns:
        by_version.setdefault(t.pack or "unknown", []).append(t)
    versions = tuple(
        sorted(
            (Version(pack, min(t.at for t in kept), max(t.at for t in kept), len(kept), _shares(kept))
             for pack, kept in by_version.items()),
            key=lambda v: v.first,
        )
    )  # fmt: skip
    outcomes, low = _counts(turns)
    return Review(
        conversations=len(conversations),
        turns=len(turns),
        outcomes=outcomes,
        low_confidence=low,
        groups=_groups(bot, flagged),
        attributes=tuple((a, n, example[a]) for a, n in declined.most_common()),
        unreached=tuple(name for name in askable if name not in reached),
        versions=versions,
    )


def _percent(part: float) -> str:
    return f"{part * 100:.0f}%"


def render(result: Review, current: str, groups_shown: int = 20) -> str:
    """The review as text for a terminal."""
    if not result.turns:
        return "No stored turns to review (for this period)."
    out = [
        f"{result.conversations:,} conversations, {result.turns:,} turns",
        "  " + "   ".join(
            f"{label} {result.outcomes[o]:,} ({_percent(result.outcomes[o] / result.turns)})"
            for o, label in [("answered", "answered"), ("fallback", "not understood"),
                             ("clarification", "asked back"), ("declined", "not in the source")]
        ),
        f"  answered with low confidence (under {LOW_CONFIDENCE:.0%}): {result.low_confidence:,} "
        f"({_percent(result.low_confidence / result.turns)})",
        "",
        "Questions that need attention, by group (biggest first):",
    ]  # fmt: skip
    if not result.groups:
        out.append("  none")
    for n, g in enumerate(result.groups[:groups_shown], 1):
        if g.reason == "declined":
            why = f"{REASONS[g.reason]}: {g.attribute}" if g.attribute else REASONS[g.reason]
        else:
            why = f"{REASONS[g.reason]}; nearest intent: {g.nearest or 'none'}"
        out.append(f"  {n:>2}. {g.count:>4} x  {why}")
        out.extend(f"           \u201c{example}\u201d" for example in g.examples)
    if len(result.groups) > groups_shown:
        out.append(f"  ... and {len(result.groups) - groups_shown} smaller groups (--json lists them all)")
    out += ["", "Asked about, but not in the source (research these next):"]
    out += [f"  {n:>4} x  {a}   e.g. \u201c{e}\u201d" for a, n, e in result.attributes] or ["  none"]
    out += ["", "Intents no question reached:"]
    out.append(textwrap.fill(", ".join(result.unreached) or "none", width=100, initial_indent="  ",
                             subsequent_indent="  "))  # fmt: skip
    out += ["", "By pack version:"]
    for v in result.versions:
        marker = " (current)" if v.pack == current else ""
        s = v.shares
        out.append(
            f"  {v.pack}{marker}  {v.first[:10]}..{v.last[:10]}  {v.turns:,} turns:  answered {_percent(s['answered'])}"
            f"  not understood {_percent(s['fallback'])}  asked back {_percent(s['clarification'])}"
            f"  not in the source {_percent(s['declined'])}  low confidence {_percent(s['low_confidence'])}"
        )
    return "\n".join(out)
