"""One turn of a conversation: from the user's text and the dialogue state to a Reply.

The message is split into clauses (nlu/clauses.py) and each is understood once
(understand.py). A message of one clause is answered as it is. In a longer one nothing is
lost: the facts the writer states ("I live in Ohio", "my budget is 15k") are all
remembered; the questions are answered, a premise with a figure in it too ("since they
make $90k, ...": the answer gives the article's figure); and a greeting, thanks or an
instruction to the bot never stands in for a question (answer.py answers each clause).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from enum import Enum
from types import MappingProxyType
from typing import NamedTuple

from ..nlu.clauses import split_clauses
from ..nlu.entities import SLOTS, Entities
from ..nlu.matching import Matcher
from ..nlu.normalize import MAX_INPUT_CHARS, Normalized, clean
from ..pack import cache as pack_cache
from ..pack.build import Pack
from ..pack.intents import FALLBACK, Kind
from ..pack.knowledge import join_words
from ..reply import Explanation, Reply
from .answer import Answered, answer, starter, suggestions_for
from .decide import CONFIDENT, Decision
from .state import DialogueState
from .understand import CURRENCY_WORDS, FIRST_PERSON, Understood, asks, understand, words_as_typed

# At most this many questions of one message are answered; the rest of a long message is
# background, and a reply should stay readable.
MAX_QUESTIONS = 3


class Role(str, Enum):
    """The part a clause plays in its message."""

    QUESTION = "question"  # asked, or a premise to answer ("since they make $90k, ...")
    STATEMENT = "statement"  # a fact the user tells about themselves
    SOCIAL = "social"  # small talk: never stands in for a question
    META = "meta"  # written to steer the bot: never taken as a question or a fact
    STORY = "story"  # understood, but not in the form of a question: background
    NOISE = "noise"  # not understood

    def __str__(self) -> str:
        return self.value


# The role of a clause whose intent is of these kinds: the kind's own.
_ROLE_OF_KIND = {Kind.SOCIAL: Role.SOCIAL, Kind.META: Role.META, Kind.STATEMENT: Role.STATEMENT}


@dataclass(frozen=True)
class _Clause:
    """A clause of a message, understood, and what part it plays in the message."""

    understood: Understood
    role: Role


def respond(
    pack: Pack, matcher: Matcher, suggestions: "SuggestionMeanings", state: DialogueState, text: str
) -> tuple[Reply, DialogueState]:
    """Answer `text` in `state`. `suggestions`: what the pack's suggestions ask, read once
    per pack and matcher (SuggestionMeanings)."""
    reply, after = _respond(pack, matcher, state, text)
    if reply.intent is not None:
        key = _asked(reply.intent, reply.entities)
        after = after.updated(asked=(key, *(a for a in after.asked if a != key))[:ASKED_KEPT])
    # A question back offers its choices, and one not understood what it may have meant:
    # those stand as they are. What to ask next is chosen afresh.
    if not reply.suggestions or reply.outcome not in ("answered", "declined"):
        return reply, after
    return replace(reply, suggestions=_fresh(suggestions, reply, after)), after


# How many answered questions a conversation remembers, so as not to suggest them again.
ASKED_KEPT = 30
# Suggestions offered from the pack's own when none of a reply's is left.
SPARE_SUGGESTIONS = 2
# The pack's suggestions whose meaning is worked out as an Advisor is made, at most: each
# is a turn (about a millisecond). A pack with more (a generated one) reads the rest when
# they are first offered.
READ_AT_LOAD = 1000
# A figure an answer gives: an amount or a share ("215,500", "$61,400", "10%"). Each begins
# with a digit or "$": the lookahead says so, and the regex engine then skips to those
# (a third of the time over a reply, which is read on every turn).
_FIGURE = re.compile(r"(?=[$\d])(?:\$?\d{1,3}(?:,\d{3})+|\$\d+|\b\d+(?:\.\d+)?%)")


def _asked(intent: str, entities) -> str:
    """A question answered, as remembered: its intent and what it was asked of."""
    return intent + "".join(f"|{k}={v}" for k, v in sorted(entities.items()))


class Meaning(NamedTuple):
    """What a suggestion asks, read on its own: the question it is (`_asked`), whether it
    points back ("Is it online?"), and the passages and figures its answer gives."""

    asks: str
    points_back: bool
    quotes: frozenset[str]
    figures: frozenset[str]


class SuggestionMeanings:
    """What each question a pack may suggest asks (suggestion -> Meaning). The pack's own
    suggestions (the first questions, and those of its intents, the first READ_AT_LOAD) are
    worked out when an Advisor is made, or read from the pack cache: never on a user's turn.
    Any other (a handler's own) is read when first offered, and kept."""

    def __init__(self, pack: Pack, matcher: Matcher) -> None:
        self._pack, self._matcher = pack, matcher
        # The pack's own: its first questions, then every intent's suggestions in the pack's order.
        self.pool = tuple(dict.fromkeys([*suggestions_for(pack, []), *(s for i in pack.intents.intents
                                                                       for s in i.suggestions)]))  # fmt: skip
        offered_now = list(self.pool[:READ_AT_LOAD])
        stopwords = sorted(getattr(matcher, "stopwords", ()))
        kind = f"{type(matcher).__module__}.{type(matcher).__qualname__}:{','.join(stopwords)}"
        entry = pack_cache.key("suggestions", pack.context, pack.version, kind) if pack.context else ""
        self._meanings = self._saved(entry, offered_now) if entry else None
        if self._meanings is not None:
            return
        self._meanings = {s: self._read(s) for s in offered_now}
        if entry:
            data = {s: (m.asks, m.points_back, sorted(m.quotes), sorted(m.figures)) for s, m in self._meanings.items()}
            pack_cache.write("suggestions", entry, data)
            pack_cache.prune()  # the load pruned before this entry was written

    @staticmethod
    def _saved(entry: str, wanted: list[str]) -> dict[str, Meaning] | None:
        """The meanings kept in the cache under `entry`, if they hold every one wanted."""
        saved = pack_cache.read("suggestions", entry)
        try:
            meanings = {s: Meaning(a, bool(p), frozenset(q), frozenset(f)) for s, (a, p, q, f) in saved.items()}
        except (AttributeError, TypeError, ValueError):  # none, or not of this shape: work them out
            return None
        return meanings if all(s in meanings for s in wanted) else None

    def _read(self, suggestion: str) -> Meaning:
        said, _ = _respond(self._pack, self._matcher, DialogueState(), suggestion)
        return Meaning(
            _asked(said.intent or "", said.entities),
            self._pack.language.points_back(self._pack.normaliser.normalise(suggestion).tokens),
            frozenset(s.quote for s in said.sources),
            frozenset(_FIGURE.findall(said.text)),
        )

    def __getitem__(self, suggestion: str) -> Meaning:
        found = self._meanings.get(suggestion)
        if found is None:
            found = self._meanings[suggestion] = self._read(suggestion)
        return found


def _fresh(meanings: SuggestionMeanings, reply: Reply, after: DialogueState) -> tuple[str, ...]:
    """The suggestions worth offering next: none that asks a question this conversation has
    had answered, none whose answer says nothing the reply has not (it cites only passages
    the reply cited, or gives only figures the reply gave: "How many are employed?" under
    the outlook, which says it), and none that points at a school ("Is it online?") when
    no one school is in focus. When none of the reply's is left, the pack's first questions
    that are: a reply never ends the talk."""
    asked = set(after.asked)
    cited = {s.quote for s in reply.sources}
    given = set(_FIGURE.findall(reply.text))

    def worth(suggestion: str) -> bool:
        meaning = meanings[suggestion]
        return not (
            meaning.asks in asked
            or (meaning.quotes and meaning.quotes <= cited)
            or (meaning.figures and meaning.figures <= given)
            or (meaning.points_back and len(after.schools) != 1)
        )

    fresh = tuple(s for s in reply.suggestions if worth(s))
    if fresh:
        return fresh
    return tuple(itertools.islice((s for s in meanings.pool if worth(s)), SPARE_SUGGESTIONS))


def _respond(pack: Pack, matcher: Matcher, state: DialogueState, text: str) -> tuple[Reply, DialogueState]:
    # The message is read once: split into clauses, and each clause normalised once.
    cleaned, truncated = clean(text)
    norms = [pack.normaliser.normalise(part) for part in split_clauses(cleaned) or [cleaned]]
    norms = [part for norm in norms for part in _coordinated(pack, matcher, state, norm)]
    notes = (f"Your message was long, so I read only its first {MAX_INPUT_CHARS:,} characters.",) if truncated else ()
    turns = state.turns + 1
    if not any(n.tokens for n in norms):
        norm = norms[0]
        reply = Reply(
            f"Please type a question about {pack.knowledge.occupation.plural}, for example: {starter(pack)}",
            None,
            0.0,
            notes=notes,
            suggestions=suggestions_for(pack, []),
            explanation=Explanation(norm.text, "", norm.substitutions, {}, (), "nothing to read"),
            outcome="fallback",
        )
        return reply, state.updated(turns=turns)
    if len(norms) == 1:
        u = _understood(pack, matcher, state, norms[0])
        if _told_facts(state) and _asks_only_for_a_school(pack, u):
            # "which school?" from someone who told where they live or their budget.
            summary = _summary(pack, state, turns, notes)
            if summary is not None:
                return summary.reply, summary.state
        done = answer(pack, state, u, turns, notes)
        return done.reply, done.state
    clauses = _instructions_run_on(pack, _read_all(pack, matcher, state, [n for n in norms if n.tokens]))
    return _respond_to_many(pack, state, clauses, turns, notes)


def _read_all(pack: Pack, matcher: Matcher, state: DialogueState, norms: list[Normalized]) -> list[_Clause]:
    """Each clause read in turn, as it would be a turn later: a question one clause asks is
    the last question for those after it ("credits for the associate, and how many for the
    certificate?"), and a state it names is the state in force for them ("I'm moving to
    Florida, anything there?"), unless it named a school ("Temple University in
    Philadelphia... the tuition there" is the school's)."""
    clauses = []
    for norm in norms:
        clause = _read(pack, matcher, state, norm)
        clauses.append(clause)
        e = clause.understood.entities
        named = e.state
        if named and len(e.states) <= 1 and not e.schools and clause.understood.unknown is None:
            state = state.updated(state=named)
        asked = clause.understood.decision.intent
        if asked is not None and asked.kind is Kind.QUESTION and clause.role is Role.QUESTION:
            # "...credits for the associate, and how many for the certificate?" goes on from it.
            state = state.updated(last_intent=asked.name)
    return clauses


_AND = "and"


def _coordinated(pack: Pack, matcher: Matcher, state: DialogueState, norm: Normalized) -> list[Normalized]:
    """A clause that asks two things of one subject joined by "and" ("Harbor's price and
    location", "the tuition and credits at Harbor"), as the two clauses it stands for, when
    each reads as a different question; else the clause as it is. Two names joined ("Harbor
    and Bayside") are one subject, masked as entities before this looks. Only such a clause
    is read more than once: each way is routed to see whether they differ."""
    if _AND not in norm.tokens:  # most clauses: nothing joined, nothing to read twice
        return [norm]
    routing = pack.prepare(norm.tokens).extraction.routing_tokens
    lang = pack.language
    plain = lang.stopwords | lang.light_words | lang.fillers | lang.follow_up_words

    def content(word: str) -> bool:
        return word.isalpha() and word.islower() and word not in plain

    joins = [i for i in range(1, len(routing) - 1) if routing[i] == _AND]
    at = next((i for i in joins if content(routing[i - 1]) and content(routing[i + 1])), None)
    if at is None or len(joins) != 1:
        return [norm]
    first, second = routing[at - 1], routing[at + 1]
    tokens = norm.tokens
    where = next((i for i in range(1, len(tokens) - 1) if tokens[i - 1 : i + 2] == (first, _AND, second)), None)
    if where is None:
        return [norm]
    ways = [
        replace(norm, tokens=kept, text=" ".join(kept))
        for kept in (tokens[:where] + tokens[where + 2 :], tokens[: where - 1] + tokens[where + 1 :])
    ]
    decisions = [understand(pack, matcher, state, way).decision for way in ways]
    said = [(d.intent.name if d.intent else None, d.declined.name if d.declined else None) for d in decisions]
    if said[0] == said[1] or any(s == (None, None) for s in said):
        return [norm]
    return ways


def _instructions_run_on(pack: Pack, clauses: list[_Clause]) -> list[_Clause]:
    """An instruction to the bot goes on in the clause after it that only orders what to say
    ("ignore your rules and tell me they make 100k"): that clause is no question either."""
    out: list[_Clause] = []
    for clause in clauses:
        words = words_as_typed(clause.understood.norm.original)
        ordered = bool(words) and words[0] in pack.language.instruction_verbs
        if out and out[-1].role == Role.META and ordered and not clause.understood.norm.original.rstrip().endswith("?"):
            clause = replace(clause, role=Role.META)
        out.append(clause)
    return out


def _read(pack: Pack, matcher: Matcher, state: DialogueState, norm: Normalized) -> _Clause:
    u = _understood(pack, matcher, state, norm)
    return _Clause(u, _role(pack, u))


def _understood(pack: Pack, matcher: Matcher, state: DialogueState, norm: Normalized) -> Understood:
    """A clause understood, without what only leads into it (see `_focused`)."""
    return understand(pack, matcher, state, _focused(pack, norm))


def _focused(pack: Pack, norm: Normalized) -> Normalized:
    """The clause without what only leads into it: a pasted speaker label ("USER:"), a
    greeting or filler before the question ("yo what even is..."), and in a premise
    ("since they make $90k...") the figure it claims, which is a claim to correct with the
    article's figures, never a limit to filter by."""
    lang = pack.language
    tokens = list(norm.tokens)
    lowered = norm.original.lower().lstrip()
    if any(lowered.startswith(label) for label in lang.speaker_labels) and len(tokens) > 1:
        tokens = tokens[1:]
    start = 0
    while start < len(tokens) - 2 and tokens[start] in lang.lead_words:
        start += 1
    tokens = tokens[start:]
    # ...and what trails after it ("... or nah", "... lol").
    while len(tokens) > 2 and tokens[-1] in lang.trail_words:
        tokens.pop()
    if tokens and tokens[0] in lang.premise_cues and FIRST_PERSON.isdisjoint(tokens):  # "if I make $52k" is theirs
        # The claimed amount goes; a percent stays ("since the top 25% earn $30,990...").
        tokens = [w for w in tokens if not (w.isdecimal() and int(w) >= 1000) and w not in CURRENCY_WORDS]
    if tuple(tokens) == norm.tokens:
        return norm
    return Normalized(norm.original, " ".join(tokens), tuple(tokens), norm.substitutions, norm.truncated)


def _role(pack: Pack, u: Understood) -> Role:
    """The part a clause plays in its message."""
    lowered = u.norm.original.lower()
    if any(cue in lowered for cue in pack.language.instruction_cues):
        return Role.META  # text written to steer the bot: never taken as a question or a fact
    d = u.decision
    if d.declined is not None:
        return Role.QUESTION if _asks(pack, u) else Role.STORY
    intent = d.intent
    if intent is None or intent.name == FALLBACK or d.text is not None:
        return Role.NOISE
    if intent.kind in _ROLE_OF_KIND:
        return _ROLE_OF_KIND[intent.kind]
    if _asks(pack, u) or _premise(pack, u) or _terse_question(pack, u):
        return Role.QUESTION
    return Role.STORY


# A fragment of at most this many words that reads confidently as a question is one
# ("cheapest school and does it give scholarships?"), though it is not in question form.
TERSE_WORDS = 4


def _terse_question(pack: Pack, u: Understood) -> bool:
    words = words_as_typed(u.norm.original)
    if not words or len(words) > TERSE_WORDS or not FIRST_PERSON.isdisjoint(words):
        return False
    return u.decision.confidence >= CONFIDENT and u.decision.intent.kind == Kind.QUESTION


def _asks(pack: Pack, u: Understood) -> bool:
    """A clause in the form of a question or a request ("how much...", "tell me...", "...?"),
    or a school named and then a question about it ("Harbor College where is it")."""
    words = u.routing_text.split()
    named_then_asked = len(words) > 1 and words[0] == SLOTS["school"] and words[1] in pack.language.question_openers
    return named_then_asked or asks(pack, u.norm.original)


def _premise(pack: Pack, u: Understood) -> bool:
    """A premise the question rests on, with a figure or a cue ("since they make $90k"):
    answered too, so a wrong premise meets the article's figures."""
    words = words_as_typed(u.norm.original)
    has_figure = u.entities.amount is not None or bool(re.search(r"\d", u.norm.original))
    return bool(words) and (words[0] in pack.language.premise_cues or has_figure)


def _respond_to_many(
    pack: Pack, state: DialogueState, clauses: list[_Clause], turns: int, notes: tuple[str, ...]
) -> tuple[Reply, DialogueState]:
    statements = [c for c in clauses if c.role == Role.STATEMENT]
    questions = _own_questions(pack, [c for c in clauses if c.role == Role.QUESTION])[:MAX_QUESTIONS]
    if not questions and not statements:
        # No question in question form: the clauses it understood are its questions (terse
        # fragments such as "tuition at Harbor. location too"), else its last clause.
        questions = [c for c in clauses if c.role == Role.STORY][:MAX_QUESTIONS]
    if not questions and not statements:
        chosen = [c for c in clauses if c.role in (Role.SOCIAL, Role.META)][-1:] or clauses[-1:]
        done = answer(pack, state, chosen[0].understood, turns, notes)
        return done.reply, done.state
    noted: list[str] = []
    done_statements: list[Answered] = []
    for clause in statements:  # facts first: the questions are answered knowing them
        done = answer(pack, state, clause.understood, turns, notes)
        state = done.state
        done_statements.append(done)
        if done.answer is not None and done.answer.noted:
            noted.append(done.answer.noted)
    if not questions:
        if len(done_statements) == 1:
            return done_statements[0].reply, state
        return _noted_then(pack, state, noted, done_statements, turns, notes)
    replies: list[Answered] = []
    for clause in questions:
        if _asks_only_for_a_school(pack, clause.understood) and any(r.answer and r.answer.listed for r in replies):
            continue  # "schools from 14k to 18k - which ones?": the list was the answer
        if noted and _asks_only_for_a_school(pack, clause.understood):
            # "budget 12k, want online - which school?": the schools that fit what was told.
            summary = _summary(pack, state, turns, notes)
            if summary is not None:
                state = summary.state
                replies.append(summary)
                continue
        done = answer(pack, state, _with_background(pack, clause, clauses), turns, notes)
        state = done.state
        replies.append(done)
    return _combined(noted, [d.reply for d in replies], notes), state


def _own_questions(pack: Pack, questions: list[_Clause]) -> list[_Clause]:
    """The questions of a message that ask something of their own: not one with no word of
    its own ("that's it??") beside one that has."""

    def says_something(c: _Clause) -> bool:
        u = c.understood
        return bool(u.entities.as_strings()) or bool(pack.evidence.content(u.routing_text.split()))

    return [c for c in questions if says_something(c)] or questions


def _with_background(pack: Pack, question: _Clause, clauses: list[_Clause]) -> Understood:
    """A question read with the clauses before it that were not answered: what they name
    (a school, a percentile...) and the question lacks is what it asks about ("the bottom
    quarter of earners, what do they make?"); and a question of no words of its own
    ("which one?") asks what the clause before it did."""
    u = question.understood
    earlier = clauses[: clauses.index(question)]
    before = [c for c in earlier if c.role in (Role.STORY, Role.NOISE)]
    if not u.entities.schools and pack.language.points_back(u.norm.tokens):
        # "Harbor only costs $9,000, so it's the cheapest?": "it" is the school just named.
        named = [c for c in earlier if c.understood.entities.schools]
        if named and named[-1] not in before:
            before.append(named[-1])
    if not before:
        return u
    entities = u.entities
    for c in reversed(before):
        e = c.understood.entities
        fill = {
            name: getattr(e, name)
            for name in ("schools", "state", "states", "percentile", "setting", "degree", "place", "online")
            if getattr(e, name) and not getattr(entities, name)
        }
        if fill:
            entities = replace(entities, **fill)
    last = before[-1].understood
    if not pack.evidence.content(u.routing_text.split()) and last.decision.intent is not None:
        return replace(last, entities=entities)
    # "Texas State Technical College's program - how much?": the school it names, unknown
    # to the pack, is what the question asks about.
    unknown = u.unknown or (
        next((c.understood.unknown for c in reversed(before) if c.understood.unknown), None)
        if not entities.schools
        else None
    )
    return replace(u, entities=entities, decision=replace(u.decision, entities=entities), unknown=unknown)


def _noted_then(
    pack: Pack,
    state: DialogueState,
    noted: list[str],
    done: list[Answered],
    turns: int,
    notes: tuple[str, ...],
) -> tuple[Reply, DialogueState]:
    """Several facts and no question: say what was noted, then answer with the intent that
    sums up what the user told (`kind: summary`), if the pack has one."""
    result = _summary(pack, state, turns, notes)
    if result is None:
        return _combined(noted, [done[-1].reply], notes), state
    return _combined(noted, [result.reply], notes), result.state


def _summary(pack: Pack, state: DialogueState, turns: int, notes: tuple[str, ...]) -> Answered | None:
    """The answer of the intent that sums up what the user told (`kind: summary`), if any."""
    summary = next((i for i in pack.intents.intents if i.kind == Kind.SUMMARY), None)
    if summary is None:
        return None
    decision = Decision(summary, 1.0, "facts told: what fits them", Entities())
    norm = pack.normaliser.normalise(summary.example)
    return answer(pack, state, Understood(norm, "", Entities(), (), decision, None), turns, notes)


def _told_facts(state: DialogueState) -> bool:
    """Whether the user has told something that narrows the schools."""
    return bool(state.home_state or state.budget is not None or state.wants_online)


def _asks_only_for_a_school(pack: Pack, u: Understood) -> bool:
    """A question that asks for a school and nothing else about it ("which school?")."""
    content = set(pack.evidence.content(u.routing_text.split()))
    return (
        bool(content)
        and content <= pack.language.institution_words | {"program", "best", "one"}
        and not (u.entities.schools or u.entities.state or u.entities.online or u.entities.place)
    )


def _combined(noted: list[str], replies: list[Reply], notes: tuple[str, ...]) -> Reply:
    """One reply for several clauses: what was noted, then each answer in turn."""
    first = replies[0]
    texts = list(dict.fromkeys(r.text for r in replies))  # two clauses, one answer: said once
    if noted:
        texts.insert(0, f"Noted: {join_words(noted)}.")
    entities: dict[str, str] = {}
    for r in replies:
        entities.update(r.entities)
    sources = tuple(dict.fromkeys(s for r in replies for s in r.sources))
    return replace(
        first,
        text="\n\n".join(texts),
        confidence=min(r.confidence for r in replies),
        entities=MappingProxyType(entities),
        suggestions=replies[-1].suggestions,
        notes=notes,
        sources=sources,
        table=next((r.table for r in replies if r.table), None),
        chart=next((r.chart for r in replies if r.chart), None),
        parts=tuple(r.intent or "" for r in replies),
    )
