"""One turn of a conversation: from the user's text and the dialogue state to a Reply.

The decision, in order:
 1. nothing to read (empty, only symbols)        -> ask for a question (fallback)
 2. the bot asked "do you mean A or B?"           -> an answer naming one picks it
 3. another occupation is named, ours is not      -> out of scope
 4. only entities and filler ("what about the other one?") -> the previous question, new entity
 5. the best intent scores ACCEPT or more         -> answer it, unless the runner-up is
    within MARGIN and the best is below CONFIDENT: then ask which one was meant
 6. otherwise                                      -> fallback with "did you mean" suggestions
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from types import MappingProxyType

from .clarify import ask_which_intent, ask_which_school, resolve
from .entities import SLOTS, Entities
from .handlers import HANDLERS, Answer, Turn
from .intents import FALLBACK, OUT_OF_SCOPE, Intent
from .matching import Match, Matcher
from .names import unknown_name
from .normalize import MAX_INPUT_CHARS, Normalized
from .pack import Pack
from .reply import Explanation, Reply
from .state import DialogueState, Pending
from .templates import MissingField, render

# Scores are in 0..1 (see matching.py for how they are made). The values were set by
# running the dev conversations and the transcript suite: below ACCEPT, answers were wrong
# more often than right; above CONFIDENT, the runner-up was never the right intent.
ACCEPT = 0.62
CONFIDENT = 0.85
# Two intents closer than this (and both below CONFIDENT) are too close to call: ask.
MARGIN = 0.02
# A runner-up this close wins when it takes a more specific entity that the question names
# ("recommend a school in Pennsylvania": schools in a state, not how to choose a school).
ENTITY_MARGIN = 0.06
# A runner-up this close wins when it usually follows the previous question (its `follows`).
CONTEXT_MARGIN = 0.08
# A question no pattern places is still answered when its words appear in the answer of
# one intent only (at most RESCUE_MAX_INTENTS answers may share a word for it to count);
# such a reply reports this confidence, just under ACCEPT.
RESCUE_MAX_INTENTS = 2
RESCUE_CONFIDENCE = 0.6
# How many candidates routing keeps, for suggestions and `/why`.
CANDIDATES = 5
# How many schools the state remembers for "compare them" / "the cheaper one".
RECENT_SCHOOLS = 3
# How many "did you mean" suggestions a fallback offers.
SUGGESTIONS = 3

_SLOT_KIND = {slot: kind for kind, slot in SLOTS.items()}
_YES = {"yes", "yeah", "yep", "sure", "please", "ok", "okay", "y"}


# A question longer than this many words is also scored clause by clause, so the question
# at the end of a long story is not drowned by the story ("...so what skills do I need?").
LONG_QUESTION_WORDS = 24
_CLAUSE_BREAK = re.compile(r"[.!?;,:\n]+|\b(?:but|so|and then|anyway|though)\b", re.IGNORECASE)
# Clauses shorter than this many words are too small to route on their own.
MIN_CLAUSE_WORDS = 3


def _clauses(text: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text[:MAX_INPUT_CHARS])]
    return [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]


def _rank_long(pack: Pack, matcher: Matcher, original: str, whole: list[Match]) -> list[Match]:
    """A long message is routed on its last clause that reads as a question (the question
    usually comes after the story); failing that, on the best of all clauses and the whole."""
    rankings = [
        matcher.rank(pack.prepare(pack.normaliser.normalise(c).tokens).routing_text, CANDIDATES)
        for c in _clauses(original)
    ]
    for ranking in reversed(rankings):
        if ranking and ranking[0].score >= ACCEPT:
            return ranking
    return _merge(whole, rankings)


def _merge(first: list[Match], more: list[list[Match]]) -> list[Match]:
    """Best score per intent across several rankings, in the matcher's order rule."""
    best: dict[str, Match] = {}
    order: dict[str, int] = {}
    for ranking in [first, *more]:
        for m in ranking:
            order.setdefault(m.intent, len(order))
            if m.intent not in best or m.score > best[m.intent].score:
                best[m.intent] = m
    return sorted(best.values(), key=lambda m: (-m.score, order[m.intent]))[:CANDIDATES]


@dataclass(frozen=True)
class Decision:
    intent: Intent | None
    confidence: float
    how: str
    entities: Entities
    pending: Pending | None = None
    text: str | None = None  # a ready reply text (clarifying question, empty input)


def _slot_kinds(routing_text: str) -> list[str]:
    return [_SLOT_KIND[w] for w in routing_text.split() if w in _SLOT_KIND]


def _only_entities(pack: Pack, routing_text: str) -> bool:
    words = routing_text.split()
    ignorable = pack.language.follow_up_words | pack.language.stopwords | pack.language.institution_words
    rest = [w for w in words if w not in _SLOT_KIND and w not in ignorable]
    return bool(words) and not rest and any(w in _SLOT_KIND for w in words)


def _follow_up(pack: Pack, state: DialogueState, kinds: list[str]) -> tuple[Intent | None, str]:
    """The intent an entity-only message asks: the last one if it takes these entities."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    wanted = [k for k in kinds if k not in ("occupation",)]
    if last and wanted and all(k in last.slots for k in wanted):
        return last, f"follow-up: the previous question ({last.name}) about a new {wanted[0]}"
    for kind in wanted:
        for intent in pack.intents.intents:
            if kind in intent.default_for:
                return intent, f"a {kind} named on its own: {intent.name}"
    return None, ""


def decide(
    pack: Pack,
    matches: list[Match],
    state: DialogueState,
    entities: Entities,
    routing_text: str,
    question: str,
    unknown_school: bool = False,
) -> Decision:
    short = len(question.split()) <= LONG_QUESTION_WORDS  # in a long story, another job is background
    if entities.other_occupation and not entities.occupation and short:
        intent = pack.intents.get(OUT_OF_SCOPE)
        if intent:
            return Decision(intent, 1.0, f"names another occupation ({entities.other_occupation})", entities)
    if _only_entities(pack, routing_text):
        intent, how = _follow_up(pack, state, _slot_kinds(routing_text))
        if intent:
            return Decision(intent, 1.0, how, entities)
    if matches and matches[0].score >= ACCEPT:
        return _pick(pack, matches, state, entities, routing_text, question, unknown_school)
    rescued = _from_answer_words(pack, routing_text, matches)
    if rescued:
        intent, words = rescued
        return Decision(
            intent,
            RESCUE_CONFIDENCE,
            f"no pattern scored {ACCEPT}, but only the answer of "
            f"{intent.name} mentions {', '.join(repr(w) for w in words)}",
            entities,
        )
    score = matches[0].score if matches else 0.0
    return Decision(None, score, f"best score {score:.2f} is under {ACCEPT}: not understood", entities)


def _from_answer_words(pack: Pack, routing_text: str, matches: list[Match]) -> tuple[Intent, list[str]] | None:
    """The intent whose answer names most of the question's distinctive words ("is anatomy
    taught?"); a tie goes to the one routing scored higher, if routing scored either."""
    hits: dict[str, list[str]] = {}
    for word in routing_text.split():
        users = pack.answer_words.get(word, ())
        if word not in pack.language.stopwords and 0 < len(users) <= RESCUE_MAX_INTENTS:
            for name in users:
                hits.setdefault(name, []).append(word)
    if not hits:
        return None
    score = {m.intent: m.score for m in matches}
    ranked = sorted(hits.items(), key=lambda kv: (-len(kv[1]), -score.get(kv[0], 0.0)))
    if (
        len(ranked) > 1
        and len(ranked[0][1]) == len(ranked[1][1])
        and score.get(ranked[0][0], 0.0) == score.get(ranked[1][0], 0.0)
    ):
        return None  # two answers mention as much and routing cannot tell them apart
    intent = pack.intents.get(ranked[0][0])
    return (intent, ranked[0][1]) if intent else None


def _pick(
    pack: Pack,
    matches: list[Match],
    state: DialogueState,
    entities: Entities,
    routing_text: str,
    question: str,
    unknown_school: bool,
) -> Decision:
    """Choose among candidates whose best scores ACCEPT or more (see the module docstring)."""
    best = matches[0]
    chosen = pack.intents.get(best.intent)
    kinds = set(_slot_kinds(routing_text)) | ({"school"} if unknown_school else set())
    close = [(m, pack.intents.get(m.intent)) for m in matches[1:] if m.score >= ACCEPT]
    # 1. A close runner-up that takes a more specific entity the question names wins.
    for m, intent in close:
        if best.score - m.score < ENTITY_MARGIN and _specificity(kinds, intent) > _specificity(kinds, chosen):
            return Decision(
                intent,
                m.score,
                f"{intent.name} scored within {ENTITY_MARGIN} of {chosen.name} and "
                "takes the most specific entity named",
                entities,
            )
    # 2. A close runner-up that usually follows the previous question wins ("who offers that?").
    if state.last_intent and state.last_intent not in chosen.follows:
        for m, intent in close:
            if best.score - m.score < CONTEXT_MARGIN and state.last_intent in intent.follows:
                return Decision(
                    intent,
                    m.score,
                    f"{intent.name} scored within {CONTEXT_MARGIN} of {chosen.name} "
                    f"and follows the previous question ({state.last_intent})",
                    entities,
                )
    # 3. Still too close to call: ask which one was meant.
    runner = close[0] if close else None
    follows_last = bool(state.last_intent) and state.last_intent in chosen.follows
    if (
        runner
        and best.score < CONFIDENT
        and best.score - runner[0].score < MARGIN
        and not follows_last
        and _specificity(kinds, runner[1]) == _specificity(kinds, chosen)
    ):
        text, pending = ask_which_intent(chosen, runner[1], question)
        return Decision(
            None,
            best.score,
            f"{chosen.name} and {runner[1].name} are within {MARGIN} of each other",
            entities,
            pending=pending,
            text=text,
        )
    return Decision(
        chosen, best.score, f"best pattern {best.pattern!r} scored {best.score:.2f} (accept at {ACCEPT})", entities
    )


# When two intents are too close to call on words, the one that takes the most specific
# entity the question names wins: a school says more than the state it is in.
_SPECIFICITY = ("state", "amount", "percentile", "degree", "setting", "school")


def _specificity(kinds: set[str], intent: Intent) -> tuple[int, int]:
    """How well an intent fits the entities named: the rank of the most specific kind it
    takes (1-based, 0 if none), then how many of the named kinds it takes."""
    ranks = [_SPECIFICITY.index(k) + 1 for k in kinds & set(intent.slots) if k in _SPECIFICITY]
    return max(ranks, default=0), len(ranks)


@dataclass(frozen=True)
class Understood:
    """What a message means, before it is answered."""

    norm: Normalized  # the question being answered (after a clarification, the original one)
    routing_text: str
    entities: Entities
    matches: tuple[Match, ...]
    decision: Decision
    unknown: str | None  # a school-like name the pack does not know


def understand(pack: Pack, matcher: Matcher, state: DialogueState, norm: Normalized) -> Understood:
    """Route a message, or the question it answers when the bot had asked something."""
    resolution = resolve(pack, matcher, state, norm)
    if resolution is not None and resolution.question and resolution.question != norm.original:
        norm = pack.normaliser.normalise(resolution.question)
    routed = pack.prepare(norm.tokens)
    entities = routed.extraction.entities
    if resolution is not None and resolution.school:
        entities = replace(entities, schools=(resolution.school,), school_options=())
    guess = unknown_name(pack, norm.original, norm.tokens) if not entities.schools else None
    routing_text = _mask_name(pack, routed.routing_text, guess) if guess else routed.routing_text
    if resolution is not None and resolution.intent is not None:
        decision = Decision(resolution.intent, 1.0, resolution.how, entities)
        return Understood(norm, routing_text, entities, (), decision, guess)
    matches = matcher.rank(routing_text, CANDIDATES) if routing_text else []
    if len(norm.tokens) > LONG_QUESTION_WORDS:
        matches = _rank_long(pack, matcher, norm.original, matches)
    decision = decide(pack, matches, state, entities, routing_text, norm.original, unknown_school=bool(guess))
    if resolution is not None:
        decision = replace(decision, how=f"{resolution.how}; {decision.how}")
    return Understood(norm, routing_text, entities, tuple(matches), decision, guess)


def _mask_name(pack: Pack, routing_text: str, name: str) -> str:
    """Route 'is Stanford good?' like 'is SCHOOL good?': an unknown name stands where a school would."""
    words = pack.normaliser.normalise(name).tokens
    tokens = routing_text.split()
    for i in range(len(tokens) - len(words) + 1):
        if tuple(tokens[i : i + len(words)]) == words:
            return " ".join(tokens[:i] + [SLOTS["school"]] + tokens[i + len(words) :])
    return routing_text


def respond(pack: Pack, matcher: Matcher, state: DialogueState, text: str) -> tuple[Reply, DialogueState]:
    norm = pack.normaliser.normalise(text)
    notes = (
        (f"Your message was long, so I read only its first {MAX_INPUT_CHARS:,} characters.",) if norm.truncated else ()
    )
    turns = state.turns + 1
    if not norm.tokens:
        reply = Reply(
            f"Please type a question about {pack.knowledge.occupation.plural}, for example: {_starter(pack)}",
            None,
            0.0,
            notes=notes,
            suggestions=_suggestions_for(pack, []),
            explanation=Explanation(norm.text, "", norm.substitutions, {}, (), "nothing to read"),
        )
        return reply, state.updated(turns=turns)
    u = understand(pack, matcher, state, norm)
    d = u.decision
    shown = MappingProxyType(u.entities.as_strings())
    why = Explanation(u.norm.text, u.routing_text, u.norm.substitutions, shown, u.matches, d.how)
    intent = d.intent
    if (
        d.text is None
        and intent is not None
        and "school" in intent.slots
        and not u.entities.schools
        and u.entities.school_options
    ):
        text, pending = ask_which_school(u.entities.school_options, intent, u.norm.original)
        d = replace(d, intent=None, text=text, pending=pending, how="the school name fits several schools")
        why = replace(why, decision=d.how)
    if d.text is not None:  # the bot asks a question back
        reply = Reply(d.text, None, d.confidence, shown, (), notes, why)
        return reply, state.updated(turns=turns, pending=d.pending)
    if intent is None or intent.name == FALLBACK:
        fallback = pack.intents.get(FALLBACK)
        suggestions = _suggestions_for(pack, list(u.matches))
        body = _render_or(pack, fallback, turns, "Sorry, I didn't understand that.")
        if suggestions:
            body += " Did you mean: " + " / ".join(f'"{s}"' for s in suggestions) + "?"
        reply = Reply(body, None, d.confidence, shown, suggestions, notes, why)
        return reply, state.updated(turns=turns, pending=None)
    name = u.unknown if "school" in intent.slots else None
    turn = Turn(
        intent,
        u.entities,
        u.norm.tokens,
        pack.knowledge,
        pack.language,
        state,
        name,
        _variant(intent, turns),
        pack.intents.intents,
    )
    answer = _answer(turn)
    reply = Reply(
        answer.text,
        intent.name,
        round(min(1.0, max(0.0, d.confidence)), 4),
        shown,
        answer.suggestions or tuple(s for s in intent.suggestions if s.casefold() != text.casefold())[:3],
        notes,
        why,
    )
    return reply, _next_state(state, turns, intent, u.entities, answer)


def _next_state(state: DialogueState, turns: int, intent: Intent, entities: Entities, answer: Answer) -> DialogueState:
    """The state after an answer: the new focus, what the user told, and any offer made."""
    focus = answer.schools if answer.schools is not None else (entities.schools or state.schools)
    recent = tuple(dict.fromkeys((*focus, *entities.schools, *state.recent_schools)))[:RECENT_SCHOOLS]
    return state.updated(
        turns=turns,
        pending=Pending("offer", (), answer.offer) if answer.offer else None,
        last_intent=intent.name,
        schools=focus,
        recent_schools=recent,
        state=entities.state or state.state,
        percentile=entities.percentile or state.percentile,
        setting=entities.setting or state.setting,
        degree=entities.degree or state.degree,
        **answer.remember,
    )


def _variant(intent: Intent, turns: int) -> int:
    """Which answer variation to use: fixed by the turn number, so replays are identical."""
    return zlib.crc32(f"{intent.name}:{turns}".encode()) % max(1, len(intent.answers))


def _answer(turn: Turn) -> Answer:
    intent = turn.intent
    if intent.handler:
        return HANDLERS[intent.handler](turn)
    try:
        return Answer(turn.render(intent.answers[turn.variant]))
    except MissingField:
        return Answer(f"Sorry, I don't have that information about {turn.knowledge.occupation.plural}.")


def _render_or(pack: Pack, intent: Intent | None, turns: int, default: str) -> str:
    if intent is None or not intent.answers:
        return default
    try:
        return render(intent.answers[_variant(intent, turns)], pack.knowledge.fields)
    except MissingField:
        return default


def _starter(pack: Pack) -> str:
    topical = [i for i in pack.intents.intents if i.examples and i.handler != "out_of_scope"]
    return f'"{topical[0].example}"' if topical else '"help"'


def _suggestions_for(pack: Pack, matches: list[Match]) -> tuple[str, ...]:
    """Examples of the closest intents: the 'did you mean' of a fallback."""
    out: list[str] = []
    for m in matches:
        intent = pack.intents.get(m.intent)
        if intent and intent.examples and intent.name not in (OUT_OF_SCOPE, FALLBACK) and m.score >= ACCEPT * 0.6:
            out.append(intent.example)
        if len(out) == SUGGESTIONS:
            break
    if not out:
        help_intent = pack.intents.get("help")
        out = list(help_intent.suggestions[:SUGGESTIONS]) if help_intent else []
    return tuple(out)
