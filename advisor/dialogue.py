"""One turn of a conversation: from the user's text and the dialogue state to a Reply.

The decision, in order:
 1. nothing to read (empty, only symbols)        -> ask for a question (fallback)
 2. the bot asked "do you mean A or B?"           -> an answer naming one picks it
 3. another occupation is named, ours is not      -> out of scope
 4. only entities and filler ("what about Peirce?") -> the previous question, new entity
 5. the best intent scores ACCEPT or more         -> answer it, unless the runner-up is
    within MARGIN and the best is below CONFIDENT: then ask which one was meant
 6. otherwise                                      -> fallback with "did you mean" suggestions
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from types import MappingProxyType

from .entities import SLOTS, Entities
from .handlers import HANDLERS, Answer, Turn
from .intents import FALLBACK, OUT_OF_SCOPE, Intent
from .matching import Match, Matcher
from .normalize import MAX_INPUT_CHARS
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
# How many candidates routing keeps, for suggestions and `/why`.
CANDIDATES = 5
# How many "did you mean" suggestions a fallback offers.
SUGGESTIONS = 3

_SLOT_KIND = {slot: kind for kind, slot in SLOTS.items()}
_YES = {"yes", "yeah", "yep", "sure", "please", "ok", "okay", "y"}


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
    rest = [w for w in words if w not in _SLOT_KIND and w not in pack.language.follow_up_words]
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


def _resolve_pending(pack: Pack, state: DialogueState, norm_tokens: tuple[str, ...]) -> Intent | None:
    """Understand the answer to 'do you mean A or B?': a name, 'the first', or 'yes'."""
    pending = state.pending
    if not pending or pending.kind != "intent":
        return None
    options = [pack.intents.get(name) for name in pending.options]
    options = [o for o in options if o]
    words = set(norm_tokens)
    for token in norm_tokens:
        position = pack.language.ordinals.get(token)
        if position:
            return options[position - 1] if position - 1 < len(options) else options[-1]
    for option in options:
        label = set(pack.normaliser.normalise(option.name.replace("_", " ")).tokens)
        if label and label <= words:
            return option
    if words & _YES and len(norm_tokens) <= 2:
        return options[0]
    return None


def decide(pack: Pack, matches: list[Match], state: DialogueState, entities: Entities,
           routing_text: str, tokens: tuple[str, ...]) -> Decision:
    picked = _resolve_pending(pack, state, tokens)
    if picked:
        return Decision(picked, 1.0, f"answer to the question: {picked.name}", entities)
    if entities.other_occupation and not entities.occupation:
        intent = pack.intents.get(OUT_OF_SCOPE)
        if intent:
            return Decision(intent, 1.0, f"names another occupation ({entities.other_occupation})", entities)
    if _only_entities(pack, routing_text):
        intent, how = _follow_up(pack, state, _slot_kinds(routing_text))
        if intent:
            return Decision(intent, 1.0, how, entities)
    if matches and matches[0].score >= ACCEPT:
        best = matches[0]
        runner = next((m for m in matches[1:] if m.intent != best.intent), None)
        if runner and best.score < CONFIDENT and best.score - runner.score < MARGIN:
            a, b = pack.intents.get(best.intent), pack.intents.get(runner.intent)
            return Decision(
                None, best.score, f"{best.intent} and {runner.intent} are within {MARGIN} of each other",
                entities, pending=Pending("intent", (a.name, b.name)),
                text=f"Do you mean {_label(a)} or {_label(b)}?",
            )
        return Decision(pack.intents.get(best.intent), best.score,
                        f"best pattern {best.pattern!r} scored {best.score:.2f} (accept at {ACCEPT})", entities)
    score = matches[0].score if matches else 0.0
    return Decision(None, score, f"best score {score:.2f} is under {ACCEPT}: not understood", entities)


def _label(intent: Intent) -> str:
    return "the " + intent.name.replace("_", " ")


def unknown_name(pack: Pack, original: str, tokens: tuple[str, ...]) -> str | None:
    """A name the pack does not know, such as 'Yale' or 'Miami Dade College', as typed."""
    vocab = pack.normaliser.vocabulary
    institution = pack.language.institution_words
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token.isalpha() and token not in vocab:
            runs[-1].append(token)
        elif token in institution and runs[-1]:
            runs[-1].append(token)
            runs.append([])
        elif runs[-1]:
            runs.append([])
    runs = [r for r in runs if r]
    if not runs:
        return None
    run = max(runs, key=len)
    # Show the name as the user typed it when it can be found, else title-cased.
    lowered = original.casefold()
    phrase = " ".join(run)
    at = lowered.find(phrase)
    return original[at : at + len(phrase)] if at >= 0 and original[at].isupper() else phrase.title()


def respond(pack: Pack, matcher: Matcher, state: DialogueState, text: str) -> tuple[Reply, DialogueState]:
    norm = pack.normaliser.normalise(text)
    notes = (f"Your message was long, so I read only its first {MAX_INPUT_CHARS:,} characters.",) if norm.truncated else ()
    turns = state.turns + 1
    if not norm.tokens:
        reply = Reply(
            f"Please type a question about {pack.knowledge.occupation.plural}, for example: {_starter(pack)}",
            None, 0.0, notes=notes, suggestions=_suggestions_for(pack, []),
            explanation=Explanation(norm.text, "", norm.substitutions, {}, (), "nothing to read"),
        )
        return reply, state.updated(turns=turns)
    routed = pack.prepare(norm.tokens)
    entities = routed.extraction.entities
    matches = matcher.rank(routed.routing_text, CANDIDATES) if routed.routing_text else []
    d = decide(pack, matches, state, entities, routed.routing_text, norm.tokens)
    shown = MappingProxyType(entities.as_strings())
    why = Explanation(norm.text, routed.routing_text, norm.substitutions, shown, tuple(matches), d.how)
    if d.text is not None:  # a clarifying question
        reply = Reply(d.text, None, d.confidence, shown, (), notes, why)
        return reply, state.updated(turns=turns, pending=d.pending)
    if d.intent is None or d.intent.name == FALLBACK:
        fallback = pack.intents.get(FALLBACK)
        suggestions = _suggestions_for(pack, matches)
        body = _render_or(pack, fallback, turns, "Sorry, I didn't understand that.")
        if suggestions:
            body += " Did you mean: " + " / ".join(f'"{s}"' for s in suggestions) + "?"
        reply = Reply(body, None, d.confidence, shown, suggestions, notes, why)
        return reply, state.updated(turns=turns, pending=None)
    intent = d.intent
    name = unknown_name(pack, norm.original, norm.tokens) if "school" in intent.slots and not entities.schools else None
    turn = Turn(intent, entities, norm.tokens, pack.knowledge, pack.language, state, name, _variant(intent, turns))
    answer = _answer(turn)
    new_state = state.updated(
        turns=turns,
        pending=None,
        last_intent=intent.name,
        schools=answer.schools if answer.schools is not None else (entities.schools or state.schools),
        state=entities.state or state.state,
        percentile=entities.percentile or state.percentile,
        setting=entities.setting or state.setting,
        degree=entities.degree or state.degree,
    )
    suggestions = answer.suggestions or tuple(s for s in intent.suggestions if s.casefold() != str(text).casefold())[:3]
    reply = Reply(answer.text, intent.name, round(min(1.0, max(0.0, d.confidence)), 4), shown, suggestions, notes, why)
    return reply, new_state


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
