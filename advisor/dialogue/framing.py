"""The frame of a clause (query/frame.py), built once from what it was understood as.

The intent that answers says the operation and the attribute (its `operation:` and
`attribute:` in the pack); the clause's words add what only they say: how many rows a
"three cheapest" asks for, which one a "second cheapest" asks for, and the constraints
(the states named, taken as "any of", online study, a city to measure from). A follow-up
that says no constraint of its own ("and the second cheapest?", "the next one?") keeps the
ones in force from the last question over the same table; one that says a constraint
replaces that kind only ("and in Texas?" keeps "online").
"""

from __future__ import annotations

from dataclasses import replace

from ..nlu.entities import SLOTS, Entities
from ..pack.build import Pack
from ..pack.intents import Kind
from ..query.frame import TABLE_OPERATIONS, Constraints, Frame, Operation
from .state import DialogueState
from .understand import FIRST_PERSON, Understood, pack_figure

# A bare number in a question for the cheapest or the dearest is how many it asks for
# ("the 3 cheapest schools"), up to this many.
MAX_COUNT = 20
# A clause this short (in routing words) that names no constraint follows on from the last.
SHORT_FOLLOW_UP = 3
_SLOT_WORDS = frozenset(SLOTS.values())


def frame_of(pack: Pack, state: DialogueState, u: Understood) -> Frame:
    """What the clause asks, of what, with which constraints."""
    d, e = u.decision, u.entities
    if d.declined is not None:
        return Frame(d.declined.about, d.declined.name, Operation.NONE, e.schools)
    intent = d.intent
    if intent is None or d.text is not None:
        return Frame("nothing", None, Operation.NONE, e.schools)
    operation = intent.operation
    tokens = tuple(u.routing_text.split())
    count = position = None
    if operation in (Operation.MIN, Operation.MAX):
        count = _count(tokens)
        position = _position(pack, tokens)
        if count is not None:
            operation = Operation.TOP_N
        elif position not in (None, 1):
            operation = Operation.NTH
    # A figure of the writer's, not a claim about the job nor one of the pack's own figures
    # ("I read the figure $52,700 somewhere").
    theirs = not FIRST_PERSON.isdisjoint(u.norm.tokens) and pack_figure(pack, u.norm, e) is None
    if intent.attribute == "pay" and operation is Operation.LOOKUP and e.amount is not None and theirs:
        operation = Operation.COMPARE  # "if I make $52,000, am I in the top 25%?"
    own = _constraints(e)
    if intent.attribute == "location" and e.schools and not pack.language.distance_words.isdisjoint(u.norm.tokens):
        operation = Operation.DISTANCE  # "how far is Harbor from Wichita?", "...from us?"
        if not own.near and state.home_point is not None:
            own = replace(own, near=state.home_place or "", point=state.home_point)
    constraints, carried = own, False
    if operation in TABLE_OPERATIONS and _follows_a_table(pack, state) and _follow_up(pack, tokens, own):
        constraints, carried = state.constraints.replaced_by(own), bool(state.constraints)
    return Frame(
        _subject(pack, intent, e),
        intent.attribute or intent.name,
        operation,
        e.schools,
        count,
        position,
        constraints,
        carried,
    )


def _subject(pack: Pack, intent, e: Entities) -> str:
    if intent.kind is Kind.STATEMENT:
        return "user"
    if intent.operation in (Operation.CHAT, Operation.SOURCE, Operation.NONE):
        return "conversation"
    if e.schools:
        return "school" if len(e.schools) == 1 else "schools"
    if intent.name in pack.school_intents or intent.operation in TABLE_OPERATIONS:
        return "schools"
    return "occupation"


def _count(tokens: tuple[str, ...]) -> int | None:
    """How many a superlative asks for: a bare number said with it ("the 3 cheapest")."""
    for word in tokens:
        if word.isdecimal() and 2 <= int(word) <= MAX_COUNT:
            return int(word)
    return None


def _position(pack: Pack, tokens: tuple[str, ...]) -> int | None:
    """Which one an ordinal asks for: 'second' -> 2, 'last' -> -1."""
    return next((pack.language.ordinals[w] for w in tokens if w in pack.language.ordinals), None)


def _constraints(e: Entities) -> Constraints:
    """The constraints a clause says: the states it names (a region stands for its states),
    online study, a city to measure from, and a tuition range."""
    place = e.place
    states, region = e.states, ""
    if place is not None and place.kind == "region":
        states, region = place.states, place.name
    near, point = "", None
    if place is not None and place.kind == "city" and place.point is not None:
        near, point = place.name, place.point
    # A tuition range: "more than 15k" (a bound), "between 15 and 20 thousand" (a ceiling).
    above = below = None
    if e.amount is not None and e.ceiling is not None:
        above, below = e.amount - 1, e.ceiling
    elif e.amount is not None and e.bound == "above":
        above = e.amount
    elif e.amount is not None and e.bound == "below":
        below = e.amount
    return Constraints(states=states, region=region, online=e.online, near=near, point=point, above=above, below=below)


def _follows_a_table(pack: Pack, state: DialogueState) -> bool:
    """Whether the last question ran over a table (so its constraints are in force)."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    return last is not None and last.operation in TABLE_OPERATIONS


def _follow_up(pack: Pack, tokens: tuple[str, ...], own: Constraints) -> bool:
    """A clause that goes on from the last one: it opens with "and", "what about", "then"...,
    or is a few words with nothing of its own but an operation ("the second cheapest?"). One
    that names what it is about ("which school is the cheapest?") asks afresh."""
    if not tokens:
        return False
    lang = pack.language
    opens = any(tokens[: len(p.split())] == tuple(p.split()) for p in lang.referents["follow_on"])
    words = [w for w in tokens if w not in lang.stopwords and w not in _SLOT_WORDS]
    names_its_subject = not lang.institution_words.isdisjoint(words)
    return opens or (len(words) <= SHORT_FOLLOW_UP and not own and not names_its_subject)
