"""What a clause points at in the conversation, resolved once, before it is routed.

People name what the bot showed them without naming it: "how much is the first one",
"and the other one?", "which of those two is cheaper", "what's the price tag on that one",
"the other one in Washington", "and the bottom?". Each such phrase is found here, in the
clause's routing tokens, and resolved against what the conversation remembers
(dialogue/state.py): the schools the last list or comparison showed, in their order, the
school in focus, the schools talked about lately, and the pay percentiles in force. The
phrase is then read as what it points at: its span becomes the slot words (SCHOOL for one,
SCHOOL and SCHOOL for a pair, PERCENTILE and PERCENTILE for two pay figures; a longer list
keeps its words) and the entities hold what it names, so routing and the handlers see a
question that names them, and nothing after this decides it again.

A phrase that points at nothing the conversation holds is left as it is: "them" after a
question about the pay means the people in the job, not a school.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..nlu.entities import SLOTS, Entities, Extraction
from ..nlu.language import Language
from ..pack.build import Pack, Routed
from ..pack.knowledge import join_words
from ..query.frame import TABLE_OPERATIONS
from .state import DialogueState

_SCHOOL = SLOTS["school"]
_PERCENTILE = SLOTS["percentile"]
_STATE = SLOTS["state"]
# A group said with its size ("those two", "the 3 schools") is at most this big.
_MAX_GROUP = 6


@dataclass(frozen=True)
class Referred:
    """A clause with what it points at resolved: prepared for routing as if it named them."""

    routed: Routed
    how: str  # for /why: "'the first one' is Harbor College (the first school shown)"


@dataclass(frozen=True)
class _Span:
    """A referring phrase: routing tokens [start, end), its kind, and a position or size."""

    start: int
    end: int
    kind: str  # "nth", "first_n", "other", "that", "group", "pair", "lower", "higher"
    number: int = 0  # the position of "nth" (-1: the last), the size of "first_n" or "group"


def refer(pack: Pack, state: DialogueState, routed: Routed) -> Referred | None:
    """The clause read with the schools (or the percentile) it points at, or None when it
    points at nothing the conversation holds."""
    entities = routed.extraction.entities
    tokens = routed.extraction.routing_tokens
    lang = pack.language
    if not entities.schools and entities.states:
        by_state = _school_of_state(pack, routed)  # "the Kansas one", "the one in Kansas"
        if by_state is not None:
            return by_state
    if not entities.schools:
        span = _find(lang, tokens)
        if span is not None:
            found = _resolve(pack, state, span, tokens, entities)
            if found is not None:
                schools, said, drop = found
                return _named(routed, span, schools, said, drop)
            if span.kind == "group" and span.number in (0, 2):
                figures = _two_figures(pack, state, routed, span)  # "the gap between those two" after the pay
                if figures is not None:
                    return figures
    return _percentile_in_force(pack, state, routed) or _place_in_force(pack, state, routed)


def _place_in_force(pack: Pack, state: DialogueState, routed: Routed) -> Referred | None:
    """ "Anything there?" after a state was named (or the user said where they live): that
    state, when "there" is the clause's only pointer and it names no place of its own.
    "Is there a school...", "there are" say that something exists, and point at nothing."""
    entities = routed.extraction.entities
    where = state.state or state.home_state
    if where is None or entities.state or entities.states or entities.place or entities.schools:
        return None
    lang = pack.language
    tokens = routed.tokens
    places, being = lang.referents["place"], lang.referents["being"]
    at = [i for i, w in enumerate(tokens) if w in places]
    others = lang.reference_words - places
    if len(at) != 1 or not others.isdisjoint(tokens):
        return None
    i = at[0]
    if (i > 0 and tokens[i - 1] in being) or (i + 1 < len(tokens) and tokens[i + 1] in being):
        return None
    # Read as "in <state>": the state becomes the clause's, a constraint like one it named.
    routing = routed.extraction.routing_tokens
    at = routing.index(tokens[i]) if tokens[i] in routing else -1
    if at < 0:
        return None
    cut = (*routing[:at], "in", _STATE, *routing[at + 1 :])
    extraction = Extraction(replace(entities, state=where, states=(where,)), cut)
    how = f"'there' is {where} (the state in force)"
    return Referred(replace(routed, extraction=extraction, routing_text=" ".join(cut)), how)


def _two_figures(pack: Pack, state: DialogueState, routed: Routed, span: _Span) -> Referred | None:
    """ "Those two" after two pay percentiles were shown: those percentiles."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    if last is None or "percentile" not in last.slots or not (state.percentile and state.earlier_percentile):
        return None
    tokens = routed.extraction.routing_tokens
    pair = (state.earlier_percentile, state.percentile)
    cut = (*tokens[: span.start], _PERCENTILE, "and", _PERCENTILE, *tokens[span.end :])
    entities = replace(routed.extraction.entities, percentile=pair[0], percentiles=pair)
    phrase = " ".join(tokens[span.start : span.end])
    how = f"{phrase!r} is the {pair[0][0]} {pair[0][1]}% and the {pair[1][0]} {pair[1][1]}%"
    return Referred(replace(routed, extraction=Extraction(entities, cut), routing_text=" ".join(cut)), how)


def _find(lang: Language, tokens: tuple[str, ...]) -> _Span | None:
    """The first phrase of the tokens that points at schools shown before."""
    openers, comparatives = lang.referent_openers, lang.comparatives
    if openers.isdisjoint(tokens) and not any(t.isdecimal() for t in tokens):
        return None  # the common case: nothing that could point back
    words = lang.referents
    nouns, n = words["nouns"], len(tokens)

    def at(i: int) -> str:
        return tokens[i] if 0 <= i < n else ""

    def noun_end(i: int) -> int:
        """The end of a phrase that may close with a noun at i ("the other one", "the other")."""
        return i + 1 if at(i) in nouns else i

    for i, word in enumerate(tokens):
        start = i - 1 if at(i - 1) in words["determiners"] else i
        for phrase, side in comparatives:  # "the cheaper one": a comparative, then a noun
            width = len(phrase)
            if tokens[i : i + width] == phrase and at(i + width) in nouns and start < i:
                return _Span(start, i + width + 1, side)
        if word in lang.ordinals:
            size = _small_number(at(i + 1))
            if size and lang.ordinals[word] in (1, -1):  # "the first two", "the last 3 schools"
                return _Span(start, noun_end(i + 2), "first_n", size * lang.ordinals[word])
            if at(i + 1) in nouns:  # "the second one"; "second cheapest" is no reference
                return _Span(start, i + 2, "nth", lang.ordinals[word])
            if i + 1 == n and start < i:  # "and the third?"
                return _Span(start, n, "nth", lang.ordinals[word])
        elif word == "one" and at(i - 1) in words["which"] and at(i + 1) not in nouns:
            return _Span(i, i + 1, "pair")  # "which one is online?" after two schools: one of those two
        elif word in words["other"] and start < i:  # "the other one", "the other"
            return _Span(start, noun_end(i + 1), "other")
        elif word in words["single"] and at(i + 1) in nouns:  # "that one", "this school"
            return _Span(i, i + 2, "that")
        elif word in words["group"] or (word in words["pair"] and (at(i + 1) in nouns or at(i + 1) in ("of", ""))):
            # "them", "those two", "both of them", "these schools"; not "these jobs"
            follows = at(i + 1)
            if follows and follows not in nouns and follows not in lang.stopwords and not _small_number(follows):
                continue
            end = i + 1
            if at(end) == "of" and at(end + 1) in words["group"]:
                end += 2
            size = _small_number(at(end))
            end = noun_end(end + 1 if size else end)
            return _Span(i, end, "group", size)
        elif word in words["determiners"] and _small_number(at(i + 1)) and (at(i + 2) in nouns or i + 2 == n):
            return _Span(i, noun_end(i + 2), "group", _small_number(at(i + 1)))  # "the two", "the 2 schools"
        elif word in words["determiners"] and at(i - 1) in ("of", "between") and _small_number(at(i + 1)):
            return _Span(i, i + 2, "group", _small_number(at(i + 1)))  # "which of the two costs less"
    return None


def _small_number(word: str) -> int:
    return int(word) if word.isdecimal() and 2 <= int(word) <= _MAX_GROUP else 0


def _resolve(
    pack: Pack, state: DialogueState, span: _Span, tokens: tuple[str, ...], entities: Entities
) -> tuple[tuple[str, ...], str, tuple[int, int] | None] | None:
    """(the schools a phrase points at, how they were found, a constraint span it used up)."""
    shown = _shown(pack, state)
    focus = state.schools[:1]
    if span.kind == "nth":
        if not shown:
            return None
        pos = span.number
        if pos > len(shown):
            return None
        school = shown[pos - 1] if pos > 0 else shown[-1]
        return (school,), f"{_position(pos)} school shown", None
    if span.kind == "first_n":
        if len(shown) < abs(span.number):
            return None
        picked = shown[: span.number] if span.number > 0 else shown[span.number :]
        return picked, f"{'first' if span.number > 0 else 'last'} {abs(span.number)} schools shown", None
    if span.kind == "that":
        if len(shown) == 1:
            return shown, "the school shown", None
        return (focus, "the school in focus", None) if focus else None
    if span.kind == "other":
        return _other(pack, state, span, tokens, entities, shown, focus)
    if span.kind == "pair":
        pair = shown if len(shown) == 2 else ()
        just_now = state.focus_turn == state.turns
        if not pair and _on_schools(pack, state) and just_now and len(state.recent_schools) >= 2:
            pair = state.recent_schools[:2]
        return (pair, "the two schools just talked about", None) if len(pair) == 2 else None
    if span.kind in ("lower", "higher"):
        rest = tokens[: span.start] + tokens[span.end :]
        lang = pack.language
        if all(w in lang.follow_up_words or w in lang.stopwords for w in rest):
            return None  # "the cheaper one?" alone asks which one it is: the pick answers that
        pair = shown if len(shown) == 2 else state.recent_schools[:2]
        priced = [s for s in (pack.knowledge.school(n) for n in pair) if s is not None and s.tuition is not None]
        if len(priced) != 2 or priced[0].tuition == priced[1].tuition:
            return None
        low, high = sorted(priced, key=lambda s: s.tuition)
        picked = low if span.kind == "lower" else high
        return (picked.name,), f"the {'cheaper' if span.kind == 'lower' else 'more expensive'} of the two", None
    # A group: the schools shown together, or the last ones talked about.
    size = span.number
    if shown and len(shown) >= 2 and (not size or size == len(shown)):
        return shown, "the schools shown", None
    recent = state.recent_schools
    just_now = state.focus_turn == state.turns or (shown and state.listed_turn == state.turns)
    talked_of = _on_schools(pack, state) and just_now
    if talked_of and len(recent) >= 2:
        picked = recent[: size or 2]
        return picked, "the schools talked about last", None
    return None


def _other(
    pack: Pack,
    state: DialogueState,
    span: _Span,
    tokens: tuple[str, ...],
    entities: Entities,
    shown: tuple[str, ...],
    focus: tuple[str, ...],
) -> tuple[tuple[str, ...], str, tuple[int, int] | None] | None:
    """ "The other one": the one shown with the school in focus; with a constraint said after
    it ("the other one in Washington"), the one school that meets it, other than the focus."""
    constraint = _constraint_after(tokens, span.end)
    if constraint is not None and entities.state:
        pool = [s.name for s in pack.knowledge.schools if s.state == entities.state and s.name not in focus]
        if len(pool) == 1:
            return tuple(pool), f"the other school in {entities.state}", constraint
        return None
    pool = [s for s in (shown or state.recent_schools[:2]) if s not in focus]
    if len(pool) == 1 and focus:
        return tuple(pool), f"the school shown with {focus[0]}", None
    return None


def _constraint_after(tokens: tuple[str, ...], end: int) -> tuple[int, int] | None:
    """A state said right after a phrase ("the other one in STATE"), as a span of tokens."""
    if tokens[end : end + 2] == ("in", SLOTS["state"]):
        return end, end + 2
    return None


def _shown(pack: Pack, state: DialogueState) -> tuple[str, ...]:
    """The schools a list or comparison showed, while it is what the conversation is on:
    it was the last answer, or every school talked about since is one of them, and the
    talk has not moved to another topic since (the pay: "those two" are then its figures)."""
    listed = state.listed
    if not listed or not _on_schools(pack, state):
        return ()
    if state.listed_turn == state.turns or (state.schools and set(state.schools) <= set(listed)):
        return listed
    return ()


def _on_schools(pack: Pack, state: DialogueState) -> bool:
    """Whether the last question was about the schools (one of them, or the table of them)."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    return last is None or last.name in pack.school_intents or last.operation in TABLE_OPERATIONS


def _position(pos: int) -> str:
    names = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", -1: "last"}
    return "the " + names.get(pos, f"#{pos}")


def _named(routed: Routed, span: _Span, schools: tuple[str, ...], said: str, drop: tuple[int, int] | None) -> Referred:
    """The clause with the phrase read as the schools it points at."""
    tokens = routed.extraction.routing_tokens
    # One school reads as SCHOOL, a pair as SCHOOL and SCHOOL (as "compare A and B" is
    # written); a longer list keeps its words ("which of those is cheapest"), which the
    # patterns for picking from a list are written with.
    slot = {1: (_SCHOOL,), 2: (_SCHOOL, "and", _SCHOOL)}.get(len(schools), tokens[span.start : span.end])
    cut = [*tokens[: span.start], *slot, *tokens[span.end :]]
    entities = replace(routed.extraction.entities, schools=schools)
    if drop is not None:  # the state that picked the school out is said of it, not asked
        shift = len(slot) - (span.end - span.start)
        del cut[drop[0] + shift : drop[1] + shift]
        entities = replace(entities, state=None, place=None)
    phrase = " ".join(tokens[span.start : span.end])
    how = f"{phrase!r} is {join_words(list(schools))} ({said})"
    extraction = Extraction(entities, tuple(cut))
    return Referred(replace(routed, extraction=extraction, routing_text=" ".join(cut)), how)


# Words between "one" and a state that say where it is: "the one in Kansas".
_IN = frozenset({"in", "from", "at"})
_ONE = "one"
_INSTITUTION = "school"  # "the Kansas school" (a college is read as a school)


def _school_of_state(pack: Pack, routed: Routed) -> Referred | None:
    """ "The Kansas one", "the one in Kansas", "the Kansas school": the one school the pack
    has in that state; each such phrase of the clause, so "the Oregon school or the
    North Carolina one" names two. A state with no school, or with several, points at none:
    the clause keeps its states."""
    tokens = routed.extraction.routing_tokens
    states = routed.extraction.entities.states
    state_slot = SLOTS["state"]
    found: list[tuple[int, int, str, str]] = []  # (start, end, school, state)
    nth = -1
    for i, word in enumerate(tokens):
        if word != state_slot:
            continue
        nth += 1
        # Only "one" (or "the ... school") points at a single school: "the options in Florida" may be many.
        if i + 1 < len(tokens) and (
            tokens[i + 1] == _ONE or (tokens[i + 1] == _INSTITUTION and tokens[i - 1 : i] == ("the",))
        ):
            start, end = i, i + 2  # "the Kansas one", "the Kansas school"
        elif i >= 2 and tokens[i - 1] in _IN and tokens[i - 2] == _ONE:
            start, end = i - 2, i + 1  # "the one in Kansas"
        else:
            continue
        if nth >= len(states):
            return None
        there = [s.name for s in pack.knowledge.schools if s.state == states[nth]]
        if len(there) != 1:
            return None
        found.append((start, end, there[0], states[nth]))
    if not found:
        return None
    cut: list[str] = []
    at = 0
    for start, end, _, _ in found:
        cut += [*tokens[at:start], _SCHOOL]
        at = end
    cut += tokens[at:]
    schools = tuple(dict.fromkeys(school for _, _, school, _ in found))
    entities = replace(routed.extraction.entities, schools=schools, state=None, states=(), place=None)
    how = "; ".join(
        f"{' '.join(tokens[a:b])!r} is {school} (the one school in {where})" for a, b, school, where in found
    )
    return Referred(replace(routed, extraction=Extraction(entities, tuple(cut)), routing_text=" ".join(cut)), how)


def _percentile_in_force(pack: Pack, state: DialogueState, routed: Routed) -> Referred | None:
    """ "And the bottom?" after the top 10%: a side of the pay range said alone, in a
    follow-up of nothing else, keeps the percent in force and changes the side. After the
    pay with no percent named, the percent is the one its answer showed: the pack's least
    (the ends of the range)."""
    entities = routed.extraction.entities
    if entities.percentile is not None:
        return None
    lang = pack.language
    percent = state.percentile[1] if state.percentile is not None else _percent_shown(pack, state)
    if percent is None:
        return None
    tokens = routed.extraction.routing_tokens
    for side, phrases in lang.percentile_sides.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            n = len(words)
            for i in range(len(tokens) - n + 1):
                if tokens[i : i + n] != words:
                    continue
                rest = tokens[:i] + tokens[i + n :]
                if any(
                    w not in lang.follow_up_words and w not in lang.stopwords and w not in lang.light_words
                    for w in rest
                ):
                    return None  # "the lowest tuition" asks something of its own
                cut = (*tokens[:i], _PERCENTILE, *tokens[i + n :])
                percentile = (side, percent)
                extraction = Extraction(replace(entities, percentile=percentile), cut)
                how = f"{phrase!r} is the {side} {percentile[1]}% (the percent in force)"
                return Referred(replace(routed, extraction=extraction, routing_text=" ".join(cut)), how)
    return None


def _percent_shown(pack: Pack, state: DialogueState) -> int | None:
    """The percent of the pay range the last answer showed, when it was the pay with no
    percent named: its ends, at the least percent the pack gives."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    pay = pack.knowledge.pay
    if last is None or "percentile" not in last.slots or pay is None or not pay.percents:
        return None
    return min(pay.percents)
