"""One turn of a conversation: from the user's text and the dialogue state to a Reply.

`understand` normalises the text, finds its entities, answers a question the bot had asked
(clarify.py) or routes it (matching.py, then decide.py); `respond` asks a question back
when needed, or calls the intent's handler or template and computes the next state.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from types import MappingProxyType

from ..career.handlers import HANDLERS, Answer, Turn
from ..nlu.entities import SLOTS, Entities
from ..nlu.matching import Match, Matcher
from ..nlu.names import bare_name, unknown_name
from ..nlu.normalize import MAX_INPUT_CHARS, Normalized
from ..pack.build import Pack
from ..pack.intents import FALLBACK, HELP, OUT_OF_SCOPE, Intent
from ..pack.templates import render_answer
from ..reply import Explanation, Reply
from .clarify import ask_which_school, resolve
from .decide import ACCEPT, CANDIDATES, LONG_QUESTION_WORDS, Decision, Question, decide, rank_long
from .state import DialogueState, Pending

# How many schools the state remembers for "compare them" / "the cheaper one".
RECENT_SCHOOLS = 3
# How many "did you mean" suggestions a fallback offers.
SUGGESTIONS = 3
# A candidate this far under ACCEPT is still close enough to offer as "did you mean".
SUGGEST_FLOOR = ACCEPT * 0.6


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
    name = unknown_name(pack, norm.original, norm.tokens) if not entities.schools else None
    if name:
        # Route "is Stanford good?" like "is <school> good?"; what the name holds (a state in
        # "Ohio State University") is no entity of the question.
        masked = norm.tokens[: name.start] + (SLOTS["school"],) + norm.tokens[name.end :]
        routed = pack.prepare(masked)
        entities = routed.extraction.entities
    routing_text = routed.routing_text
    guess = name.text if name else None
    if resolution is not None and resolution.intent is not None:
        decision = Decision(resolution.intent, 1.0, resolution.how, entities)
        return Understood(norm, routing_text, entities, (), decision, guess)
    matches = matcher.rank(routing_text, CANDIDATES) if routing_text else []
    placed = matches and matches[0].score >= ACCEPT
    about_a_school = not placed or "school" in pack.intents.get(matches[0].intent).slots
    if not name and not entities.schools and not state.schools and about_a_school:
        bare = bare_name(pack, norm.original, norm.tokens)
        # "harvard tuition": a question about a school, or about nothing yet, may hold a bare
        # name; it is read as one if the question then reads as a school question.
        if bare:
            masked = pack.prepare(norm.tokens[: bare.start] + (SLOTS["school"],) + norm.tokens[bare.end :])
            ranked = matcher.rank(masked.routing_text, CANDIDATES)
            if ranked and ranked[0].score >= ACCEPT and SLOTS["school"] in ranked[0].pattern.split():
                routed, entities, routing_text, matches, guess = (
                    masked,
                    masked.extraction.entities,
                    masked.routing_text,
                    ranked,
                    bare.text,
                )
    if len(norm.tokens) > LONG_QUESTION_WORDS:
        matches = rank_long(pack, matcher, norm.original, matches)
    decision = decide(pack, matches, state, Question(norm.original, routing_text, entities, bool(guess)))
    if resolution is not None:
        decision = replace(decision, how=f"{resolution.how}; {decision.how}")
    return Understood(norm, routing_text, entities, tuple(matches), decision, guess)


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
        question, pending = ask_which_school(u.entities.school_options, intent, u.norm.original)
        d = replace(d, intent=None, text=question, pending=pending, how="the school name fits several schools")
        why = replace(why, decision=d.how)
    if d.text is not None:  # the bot asks a question back
        reply = Reply(d.text, None, d.confidence, shown, (), notes, why)
        return reply, state.updated(turns=turns, pending=d.pending, sources=())
    if intent is None or intent.name == FALLBACK:
        fallback = pack.intents.get(FALLBACK)
        suggestions = _suggestions_for(pack, list(u.matches))
        answers = fallback.answers if fallback else ()
        variant = _variant(fallback, turns) if fallback else 0
        body = render_answer(answers, variant, pack.knowledge.fields, "Sorry, I didn't understand that.")
        if suggestions:
            body += " Did you mean: " + " / ".join(f'"{s}"' for s in suggestions) + "?"
        reply = Reply(body, None, d.confidence, shown, suggestions, notes, why)
        return reply, state.updated(turns=turns, pending=None, sources=())
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
    # An answer about the sources cites what the answer before it did.
    sources = state.sources if answer.sources is None else answer.sources
    reply = Reply(
        answer.text,
        intent.name,
        round(min(1.0, max(0.0, d.confidence)), 4),
        _with_context(shown, intent, u, answer),
        answer.suggestions or tuple(s for s in intent.suggestions if s.casefold() != text.casefold())[:3],
        notes,
        why,
        sources,
    )
    return reply, _next_state(state, turns, intent, u.entities, answer, sources)


def _with_context(shown: MappingProxyType, intent: Intent, u: Understood, answer: Answer) -> MappingProxyType:
    """The entities of the reply: those the question named, and the schools taken from the
    context that the answer is about ("how much is it?" after "tell me about <a school>")."""
    if "school" not in intent.slots or u.entities.schools or u.unknown or not answer.schools:
        return shown
    context = replace(u.entities, schools=answer.schools).as_strings()
    return MappingProxyType({**context, **shown})


def _next_state(
    state: DialogueState, turns: int, intent: Intent, entities: Entities, answer: Answer, sources: tuple
) -> DialogueState:
    """The state after an answer: the new focus, what the user told, any offer made, and
    the sources of the answer (for "where does that come from?")."""
    focus = answer.schools if answer.schools is not None else (entities.schools or state.schools)
    recent = tuple(dict.fromkeys((*focus, *entities.schools, *state.recent_schools)))[:RECENT_SCHOOLS]
    return state.updated(
        turns=turns,
        pending=Pending("offer", (), answer.offer) if answer.offer else None,
        last_intent=intent.name,
        schools=focus,
        recent_schools=recent,
        focus_turn=turns if (answer.schools or entities.schools) else state.focus_turn,
        state=entities.state or state.state,
        percentile=entities.percentile or state.percentile,
        setting=entities.setting or state.setting,
        degree=entities.degree or state.degree,
        sources=sources,
        **answer.remember,
    )


def _variant(intent: Intent, turns: int) -> int:
    """Which answer variation to use: fixed by the turn number, so replays are identical."""
    return zlib.crc32(f"{intent.name}:{turns}".encode()) % max(1, len(intent.answers))


def _answer(turn: Turn) -> Answer:
    intent = turn.intent
    if intent.handler:
        return HANDLERS[intent.handler](turn)
    text = turn.own_answer()
    if not text:  # the pack lacks a field the template names
        return Answer(f"Sorry, I don't have that information about {turn.knowledge.occupation.plural}.")
    return Answer(text, sources=turn.own_sources())


def _starter(pack: Pack) -> str:
    topical = [i for i in pack.intents.intents if i.examples and i.handler != "out_of_scope"]
    return f'"{topical[0].example}"' if topical else '"help"'


def _suggestions_for(pack: Pack, matches: list[Match]) -> tuple[str, ...]:
    """Examples of the closest intents: the 'did you mean' of a fallback."""
    out: list[str] = []
    for m in matches:
        intent = pack.intents.get(m.intent)
        if intent and intent.examples and intent.name not in (OUT_OF_SCOPE, FALLBACK) and m.score >= SUGGEST_FLOOR:
            out.append(intent.example)
        if len(out) == SUGGESTIONS:
            break
    if not out:
        help_intent = pack.intents.get(HELP)
        out = list(help_intent.suggestions[:SUGGESTIONS]) if help_intent else []
    return tuple(out)
