"""Answer one understood clause: a question back, a plain "I don't know", the fallback, or
the intent's handler or template; and the dialogue state after it."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from types import MappingProxyType

from ..career.handlers import Answer, Turn
from ..career.schools import drawn
from ..nlu.entities import SLOTS, Entities, is_year
from ..nlu.matching import Match
from ..pack.build import Pack
from ..pack.intents import FALLBACK, HELP, OUT_OF_SCOPE, Intent
from ..pack.knowledge import join_words
from ..pack.templates import render_answer
from ..query.frame import TABLE_OPERATIONS, Frame, Operation
from ..reply import Explanation, Reply
from .clarify import ask_which_school
from .decide import ACCEPT
from .framing import frame_of
from .state import DialogueState, Pending
from .understand import Understood, subject_of

# How many schools the state remembers for "compare them" / "the cheaper one".
RECENT_SCHOOLS = 3
# Operations that ask about the conversation, not a topic: the topic stays the last one.
_KEEPS_TOPIC = frozenset({Operation.SOURCE, Operation.CHAT})
# How many "did you mean" suggestions a fallback offers.
SUGGESTIONS = 3
# A candidate this far under ACCEPT is still close enough to offer as "did you mean".
SUGGEST_FLOOR = ACCEPT * 0.6


@dataclass(frozen=True)
class Answered:
    """One clause's reply, the handler's answer behind it (None for a question back, a
    decline or the fallback), and the state after it."""

    reply: Reply
    answer: Answer | None
    state: DialogueState


def answer(pack: Pack, state: DialogueState, u: Understood, turns: int, notes: tuple[str, ...] = ()) -> Answered:
    d = u.decision
    shown = MappingProxyType(u.entities.as_strings())
    frame = frame_of(pack, state, u)
    why = Explanation(u.norm.text, u.routing_text, u.norm.substitutions, shown, u.matches, d.how, frame)
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
    if d.declined is not None and (said := _said_of_school(pack, d.declined, u, state)) is not None:
        # The source says it after all, of the school named ("Harbor is a private, nonprofit
        # college"): that, not "I don't know".
        text, cited = said
        reply = Reply(text, None, d.confidence, shown, (), notes, why, cited, attribute=d.declined.name)
        return Answered(reply, None, state.updated(turns=turns, pending=None, sources=cited))
    if d.declined is not None:
        attribute = d.declined
        subject, offer_kind = subject_of(pack, attribute, u, state)
        text = f"I don't know {attribute.asks.format(subject=subject)}: my information doesn't say."
        offer = pack.intents.offers.get(offer_kind, "")
        if offer:
            text += " " + offer.format(subject=subject)
        # What it can tell instead, as questions to tap: the pack's first ones (pipeline.py
        # leaves out those already answered).
        starters = suggestions_for(pack, [])
        reply = Reply(
            text, None, d.confidence, shown, starters, notes, why, outcome="declined", attribute=attribute.name
        )
        return Answered(reply, None, state.updated(turns=turns, pending=None, sources=()))
    if d.text is not None:  # the bot asks a question back
        reply = Reply(d.text, None, d.confidence, shown, _choices(pack, d.pending), notes, why, outcome="clarification")
        return Answered(reply, None, state.updated(turns=turns, pending=d.pending, sources=()))
    if intent is None or intent.name == FALLBACK:
        fallback = pack.intents.get(FALLBACK)
        suggestions = suggestions_for(pack, list(u.matches))
        answers = fallback.answers if fallback else ()
        variant = _variant(fallback, turns) if fallback else 0
        # The questions it may have meant are the reply's suggestions, which every channel
        # shows (as buttons, or a "did you mean" line), so the text does not list them too.
        body = render_answer(answers, variant, pack.knowledge.fields, "Sorry, I didn't understand that.")
        reply = Reply(body, None, d.confidence, shown, suggestions, notes, why, outcome="fallback")
        return Answered(reply, None, state.updated(turns=turns, pending=None, sources=()))
    name = u.unknown if "school" in intent.slots else None
    if (
        name is None
        and "school" in intent.slots
        and not u.entities.schools
        and pack.language.points_back(u.norm.tokens)
    ):
        name = state.unknown_school  # "what does it cost" of a school we do not know
    turn = Turn(
        intent,
        u.entities,
        u.norm.tokens,
        pack.knowledge,
        pack.language,
        state,
        pack.normaliser.pack_tokens,
        unknown_name=name,
        variant=_variant(intent, turns),
        intents=pack.intents.intents,
        places=pack.places,
        content=pack.evidence.content(u.routing_text.split()),
        text=u.norm.original,
        frame=frame,
        handlers=pack.handlers,
    )
    answer = _answer(turn)
    if answer.handler and answer.handler != intent.handler:
        # Another handler answered (career/handlers.py hand_over): the reply is its intent's.
        routed, intent = intent, next((i for i in pack.intents.intents if i.handler == answer.handler), intent)
        why = replace(why, decision=f"{why.decision}; {routed.name} handed the question to {intent.name}")
    # An answer about the sources cites what the answer before it did.
    sources = state.sources if answer.sources is None else answer.sources
    answer = _years_not_covered(u, answer, sources)
    asked = u.norm.original.casefold()
    table = drawn(pack.knowledge, answer.listed) if answer.listed else None
    reply = Reply(
        answer.text,
        intent.name,
        round(min(1.0, max(0.0, d.confidence)), 4),
        _with_context(shown, intent, u, answer),
        answer.suggestions or tuple(s for s in intent.suggestions if s.casefold() != asked)[:3],
        notes,
        why,
        sources,
        table=table,
        chart=answer.chart,
    )
    after = _next_state(state, turns, intent, u.entities, answer, sources, frame)
    if "school" in intent.slots:
        after = after.updated(unknown_school=name if name and not u.entities.schools else None)
    elif answer.schools:  # a school we know is in focus now: "it" is no longer the unknown one
        after = after.updated(unknown_school=None)
    return Answered(reply, answer, after)


def _years_not_covered(u: Understood, answer: Answer, sources: tuple) -> Answer:
    """An answer to a question about a year its passages never name says so first: the
    figures are the source's, not that year's ("the outlook for 2030 to 2040")."""
    asked = [t for t in u.norm.tokens if is_year(t)]
    if not asked or not sources or any(year in answer.text for year in asked):
        return answer
    quoted = " ".join(s.quote for s in sources)
    if any(year in quoted for year in asked):
        return answer
    said = join_words(list(dict.fromkeys(asked)))
    return replace(answer, text=f"My information has nothing for {said}; it says: {answer.text}")


def _said_of_school(pack: Pack, attribute, u: Understood, state: DialogueState) -> tuple[str, tuple] | None:
    """What the source says of the school named that speaks of an attribute no intent
    answers, with its sources. Of a school's attribute, a note that uses one of its phrases
    whole ("nonprofit" answers "public or private", but "job placement" is no placement
    rate); of another attribute asked of a school ("does Harbor prepare students for the
    exam?"), the notes that use the words it was asked with, when its notes use them all.
    A question asking which school ("which school prepares you for the exam?") is asked of
    every school, and answered with those whose notes say it; one that points back ("is it
    public?") is asked of the school in focus."""
    just_shown = state.focus_turn == state.turns  # the last answer was about it
    focus = state.schools[:1] if just_shown and pack.language.points_back(u.norm.tokens) else ()
    named = u.entities.schools or focus or _any_school(pack, u)
    if not named:
        return None
    tokens = pack.normaliser.pack_tokens
    if attribute.about == "school":
        phrases = [tuple(tokens(p)) for p in attribute.words if "+" not in p and SLOTS["school"] not in p]
    elif u.attribute is not None:
        asked = [w for w in u.attribute.words if w not in SLOTS.values()]
        schools = [s for s in (pack.knowledge.school(n) for n in named) if s]
        # Only the schools whose notes use every word it was asked with.
        named = tuple(s.name for s in schools if set(asked) <= {w for n in s.notes for w in tokens(n.text)})
        if not asked or not named:
            return None
        phrases = [(w,) for w in asked]
    else:
        return None
    lines, cited = [], []
    for name in named:
        school = pack.knowledge.school(name)
        for note in school.notes if school else ():
            said = tuple(tokens(note.text))
            if any(p and any(said[i : i + len(p)] == p for i in range(len(said))) for p in phrases):
                # A note goes on from the school's description ("It is..."): say whose it is.
                lines.append(school.name + note.text[2:] if note.text.startswith("It ") else note.text)
                cited.extend(note.sources)
    return (" ".join(lines), tuple(dict.fromkeys(cited))) if lines else None


def _any_school(pack: Pack, u: Understood) -> tuple[str, ...]:
    """Every school's name, when the question asks which school (or whether any) does something."""
    lang = pack.language
    tokens = set(u.norm.tokens)
    if lang.institution_words.isdisjoint(tokens) or {"which", "any", "what"}.isdisjoint(tokens):
        return ()
    return tuple(s.name for s in pack.knowledge.schools)


def _choices(pack: Pack, pending) -> tuple[str, ...]:
    """What a channel may offer as buttons for the bot's question back: each school it
    names, or the example question of each intent it asks between."""
    if pending is None:
        return ()
    if pending.kind == "school":
        return tuple(pending.options)
    if pending.kind == "intent":
        intents = (pack.intents.get(name) for name in pending.options)
        return tuple(i.example for i in intents if i is not None and i.examples)
    return ()


def _with_context(shown: MappingProxyType, intent: Intent, u: Understood, answer: Answer) -> MappingProxyType:
    """The entities of the reply: those the question named, and the schools taken from the
    context that the answer is about ("how much is it?" after "tell me about <a school>")."""
    if "school" not in intent.slots or u.entities.schools or u.unknown or not answer.schools:
        return shown
    context = replace(u.entities, schools=answer.schools).as_strings()
    return MappingProxyType({**context, **shown})


def _next_state(
    state: DialogueState, turns: int, intent: Intent, entities: Entities, answer: Answer, sources: tuple, frame: Frame
) -> DialogueState:
    """The state after an answer: the new focus, what the user told, any offer made, the
    sources of the answer (for "where does that come from?") and, after a question over a
    table, the constraints it applied (for "and the second cheapest?")."""
    focus = answer.schools if answer.schools is not None else (entities.schools or state.schools)
    recent = tuple(dict.fromkeys((*focus, *entities.schools, *state.recent_schools)))[:RECENT_SCHOOLS]
    return state.updated(
        turns=turns,
        pending=Pending("offer", (), answer.offer) if answer.offer else None,
        # "Says who?" or "thanks" is about the last answer, not a topic of its own: "and the
        # top?" after it goes on with the pay.
        last_intent=state.last_intent if intent.operation in _KEEPS_TOPIC and state.last_intent else intent.name,
        schools=focus,
        recent_schools=recent,
        focus_turn=turns if (answer.schools or entities.schools) else state.focus_turn,
        state=entities.state or state.state,
        percentile=entities.percentile or state.percentile,
        earlier_percentile=(
            state.percentile
            if entities.percentile and state.percentile and entities.percentile != state.percentile
            else state.earlier_percentile
        ),
        percentile_turn=turns if entities.percentile else state.percentile_turn,
        setting=entities.setting or state.setting,
        degree=entities.degree or state.degree,
        sources=sources,
        constraints=frame.constraints if frame.operation in TABLE_OPERATIONS else state.constraints,
        **({"listed": answer.listed, "listed_turn": turns} if answer.listed is not None else {}),
        **({"figure": answer.figure} if answer.figure is not None else {}),
        **answer.remember,
    )


def _variant(intent: Intent, turns: int) -> int:
    """Which answer variation to use: fixed by the turn number, so replays are identical."""
    return zlib.crc32(f"{intent.name}:{turns}".encode()) % max(1, len(intent.answers))


def _answer(turn: Turn) -> Answer:
    intent = turn.intent
    if intent.handler:
        return turn.handlers[intent.handler](turn)
    text = turn.own_answer()
    if not text:  # the pack lacks a field the template names
        return Answer(f"Sorry, I don't have that information about {turn.knowledge.occupation.plural}.")
    return Answer(text, sources=turn.own_sources())


def starter(pack: Pack) -> str:
    topical = [i for i in pack.intents.intents if i.examples and i.handler != "out_of_scope"]
    return f'"{topical[0].example}"' if topical else '"help"'


def suggestions_for(pack: Pack, matches: list[Match]) -> tuple[str, ...]:
    """Examples of the closest intents: the 'did you mean' of a fallback."""
    out: list[str] = []
    for m in matches:
        intent = pack.intents.get(m.intent)
        # An example with a figure in it ("...under $15,000?") reads like a claim after "I didn't understand".
        plain = intent is not None and intent.examples and not any(c.isdigit() for c in intent.example)
        if plain and intent.name not in (OUT_OF_SCOPE, FALLBACK) and m.score >= SUGGEST_FLOOR:
            out.append(intent.example)
        if len(out) == SUGGESTIONS:
            break
    if not out:
        help_intent = pack.intents.get(HELP)
        out = list(help_intent.suggestions[:SUGGESTIONS]) if help_intent else []
    return tuple(out)
