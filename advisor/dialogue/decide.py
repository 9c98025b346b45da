"""Which intent a question asks, given its candidates and the dialogue state.

In order:
 1. another occupation is named, ours is not, in a short question -> out of scope
 2. only entities and filler ("what about the other one?")      -> the previous question,
    or the intent that takes that entity on its own (`default_for`)
 3. the best intent scores ACCEPT or more -> it, unless a close runner-up takes a more
    specific entity the question names (ENTITY_MARGIN), or follows the previous question
    (CONTEXT_MARGIN); two unrelated intents still too close to call (MARGIN, below
    CONFIDENT) -> ask which one was meant. A pattern that reads exactly as the question
    has no runner-up.
 4. no pattern scores ACCEPT, but the question's distinctive words appear in the answer of
    one intent only -> that intent
 5. otherwise -> not understood (the fallback)
A long message is split into clauses before it gets here (nlu/clauses.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..nlu.attributes import Attribute
from ..nlu.entities import SLOTS, Entities
from ..nlu.matching import Match
from ..pack.build import Pack
from ..pack.intents import OUT_OF_SCOPE, Intent, Kind
from ..query.frame import Operation
from .clarify import ask_which_intent
from .state import DialogueState, Pending

# Scores are in 0..1 (see matching.py for how they are made). The values were set by
# running the dev conversations and the transcript suite: below ACCEPT, answers were wrong
# more often than right; above CONFIDENT, the runner-up was never the right intent.
ACCEPT = 0.58
CONFIDENT = 0.85
# Two intents closer than this (and both below CONFIDENT) are too close to call: ask.
MARGIN = 0.02
# Two intents are asked about only when each accounts for at least this share of the
# question's content words (nlu/evidence.py): "do i need to be good at math" fits neither
# the skills nor the outlook fully, and is not worth a question back.
ALIKE_SHARE = 0.9
# A runner-up this close wins when it takes a more specific entity that the question names
# ("recommend a school in Pennsylvania": schools in a state, not how to choose a school).
ENTITY_MARGIN = 0.06
# A runner-up this close wins when it usually follows the previous question (its `follows`).
CONTEXT_MARGIN = 0.08
# ...and within this much when the question points back at the last answer ("who offers
# that?", "is it online?"): the pointing word says the context is what is asked about.
POINTING_CONTEXT_MARGIN = 0.12
# A question no pattern places is still answered when its words appear in the answer of
# one intent only (at most RESCUE_MAX_INTENTS answers may share a word for it to count);
# such a reply reports this confidence, just under ACCEPT.
RESCUE_MAX_INTENTS = 2
RESCUE_CONFIDENCE = 0.6
# ...and so is one when one candidate accounts for this share of its known content words
# (nlu/evidence.py), this much more than any other candidate.
RESCUE_SHARE = 0.75
RESCUE_LEAD = 0.2
# A short question with two or more content words unknown to the pack, more than this
# share of them, is about something else ("the best pizza in town"), unless a pattern
# scores CONFIDENT or the question names the occupation or an entity of the pack: a
# match on its one known word is not understanding.
UNKNOWN_WORDS = 0.5
# ...and so is one where most of the content words are no words at all (neither the pack's
# nor English), however well its one known word matches ("zorbly wibble learn").
MOSTLY_UNKNOWN = 0.6
# Intents that answer about the conversation itself: their answers' words are no topic.
_ABOUT_THE_TALK = frozenset({Operation.SOURCE, Operation.CHAT})
# How many candidates routing keeps, for suggestions and `/why`.
CANDIDATES = 5
_SLOT_KIND = {slot: kind for kind, slot in SLOTS.items()}
_MANY = "many"


# In a question longer than this many words, another occupation named is background (a
# story), not what is asked.
LONG_QUESTION_WORDS = 24


@dataclass(frozen=True)
class Decision:
    intent: Intent | None
    confidence: float
    how: str
    entities: Entities
    pending: Pending | None = None
    text: str | None = None  # a ready reply text (clarifying question, empty input)
    declined: Attribute | None = None  # an attribute the pack does not cover: say so


def _slot_kinds(routing_text: str) -> list[str]:
    return [_SLOT_KIND[w] for w in routing_text.split() if w in _SLOT_KIND]


def _only_entities(pack: Pack, routing_text: str) -> bool:
    """A message of entities and follow-up words only ("and <school>?"): it asks the
    previous question again. A request ("tell me about <school>") asks its own."""
    words = routing_text.split()
    if not pack.language.request_cues.isdisjoint(words):
        return False
    # "School" is a word of its own here: "what are the schools in Kansas?" after the pay
    # asks for schools, not the pay in Kansas; beside a school's name it is of the name
    # ("and Harbor college?").
    ignorable = pack.language.follow_up_words | pack.language.stopwords
    institution = pack.language.institution_words
    school = SLOTS["school"]
    # "(And) how many for the certificate?": "how many" and an entity ask the last question's
    # count again, of the new entity.
    rest = [
        w
        for i, w in enumerate(words)
        if w not in _SLOT_KIND
        and w not in ignorable
        and not (w in institution and school in words[max(0, i - 1) : i + 2])
        and not (w == _MANY and i > 0 and words[i - 1] == "how")
    ]
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


def _follow_up_declined(pack: Pack, state: DialogueState, kinds: list[str], entities: Entities) -> Decision | None:
    """ "What about in California?" after the pay: the previous question asked of a new
    entity, when that asks an attribute the pack does not cover (pay in one state)."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    new = [k for k in kinds if k != "occupation" and last is not None and k not in last.slots]
    routing = next((r for r in pack.routing if last is not None and r.name == last.name), None)
    if not new or routing is None or not routing.patterns:
        return None
    asked = (*routing.patterns[0].split(), *(SLOTS[k] for k in new))
    found = pack.attributes.find(asked)
    if found is None or found.attribute.intent:
        return None
    how = f"follow-up: the previous question ({last.name}) of a new {new[0]} asks {found.attribute.name!r}"
    return Decision(None, 1.0, how, entities, declined=found.attribute)


@dataclass(frozen=True)
class Question:
    """A message ready to decide on: what it names and how it reads for routing."""

    text: str  # as typed
    routing_text: str
    entities: Entities
    unknown_school: bool = False  # it names a school the pack does not know


def decide(pack: Pack, matches: list[Match], state: DialogueState, q: Question) -> Decision:
    entities, routing_text, question = q.entities, q.routing_text, q.text
    short = len(question.split()) <= LONG_QUESTION_WORDS  # in a long story, another job is background
    if entities.other_occupation and not entities.occupation and short:
        intent = pack.intents.get(OUT_OF_SCOPE)
        if intent:
            return Decision(intent, 1.0, f"names another occupation ({entities.other_occupation})", entities)
    if _only_entities(pack, routing_text):
        declined = _follow_up_declined(pack, state, _slot_kinds(routing_text), entities)
        if declined is not None:
            return declined
        intent, how = _follow_up(pack, state, _slot_kinds(routing_text))
        if intent:
            return Decision(intent, 1.0, how, entities)
    again = _asks_last_again(pack, state, q, matches)
    if again is not None:
        return again
    unknown, share = _unknown_words(pack, routing_text)
    if matches and matches[0].score >= ACCEPT:
        on_topic = entities.occupation or entities.schools or entities.state or entities.setting or entities.degree
        unsure = matches[0].score < CONFIDENT or _mostly_gibberish(pack, routing_text)
        if short and not on_topic and unsure and unknown >= 2 and share > UNKNOWN_WORDS:
            score = matches[0].score
            return Decision(
                None,
                score,
                f"{share:.0%} of the words are unknown to the pack and the best "
                f"score {score:.2f} is under {CONFIDENT}: not understood",
                entities,
            )
        return _pick(pack, matches, state, q)
    # A question mostly of words the pack has never seen is about something else, whatever
    # one known word its answers happen to share ("who won the super bowl last year").
    strange = short and unknown >= 2 and share > UNKNOWN_WORDS
    # One that reads most like a question about something else (the out-of-scope intent
    # leads the candidates: "who won the super bowl") is not rescued by a word an answer shares.
    elsewhere = bool(matches) and matches[0].intent == OUT_OF_SCOPE
    rescued = (
        not strange
        and not elsewhere
        and (_from_answer_words(pack, routing_text, matches) or _accounted(pack, routing_text, matches))
    )
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


def _asks_last_again(pack: Pack, state: DialogueState, q: Question, matches: list[Match]) -> Decision | None:
    """ "Is that faster than normal?" right after the outlook: a question that points back
    at the last answer, names nothing new, and whose own words are the words of the passages
    that answer quoted ("much faster than the average"), asks about that answer: it is
    answered again, not by another intent that happens to share a word. A pattern that
    reads confidently as another question still wins, and so does a candidate whose answer
    says those words too."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    words = q.routing_text.split()
    if last is None or not state.sources or last.operation in _ABOUT_THE_TALK or not pack.language.points_back(words):
        return None
    if q.entities.as_strings() or (matches and (matches[0].score >= CONFIDENT or matches[0].intent == last.name)):
        return None  # another question read confidently, or the last one read again anyway
    ignored = pack.language.not_a_topic
    own = [w for w in words if w.isalpha() and len(w) > 3 and w not in ignored and w not in _SLOT_KIND]
    quoted = {w for s in state.sources for w in pack.normaliser.pack_tokens(s.quote)}  # remembered per quote
    said = [w for w in own if w in quoted]
    # A candidate whose own answer says these words too explains them as well ("how many
    # credits for that degree?" after the education asks the credits).
    best = matches[0].intent if matches and matches[0].score >= ACCEPT else None
    if best is not None and best != last.name:
        said = [w for w in said if best not in pack.answer_words.get(w, ())]
    if not said:
        return None
    how = f"points back at the last answer ({last.name}), whose passages say {', '.join(map(repr, said))}"
    return Decision(last, RESCUE_CONFIDENCE, how, q.entities)


def _own_words(pack: Pack, routing_text: str) -> list[str]:
    """The question's words of its own: no entity, and none of the words any conversation
    has ("the", "no wait, I meant...")."""
    known = pack.language.conversation_words
    return [w for w in routing_text.split() if w not in _SLOT_KIND and w not in known and w.isalpha()]


def _unknown_words(pack: Pack, routing_text: str) -> tuple[int, float]:
    """How many of the question's own words the pack has never seen, and their share."""
    words = _own_words(pack, routing_text)
    unknown = sum(w not in pack.routing_words for w in words)
    return unknown, unknown / len(words) if words else 0.0


def _mostly_gibberish(pack: Pack, routing_text: str) -> bool:
    """Whether most of its own words are neither the pack's nor English ("zorbly wibble learn")."""
    from ..nlu.lexicon import common_words

    words = _own_words(pack, routing_text)
    odd = [w for w in words if w not in pack.routing_words and w not in common_words()]
    return len(odd) >= 2 and len(odd) >= MOSTLY_UNKNOWN * len(words)


def _from_answer_words(pack: Pack, routing_text: str, matches: list[Match]) -> tuple[Intent, list[str]] | None:
    """The intent whose answer names most of the question's distinctive words ("is anatomy
    taught?"); a tie goes to the one routing scored higher, if routing scored either."""
    hits: dict[str, list[str]] = {}
    lang = pack.language
    words = routing_text.split()
    # A school's notes answer a question about schools: one that names a school or says
    # "school"; "is there data analysis in this job?" is about the job.
    about_schools = bool(set(words) & (lang.institution_words | {SLOTS["school"]}))
    for word in words:
        if len(word) <= 3 or word in lang.stopwords or word in lang.follow_up_words or word in lang.light_words:
            continue
        if word in lang.premise_cues or word in _SLOT_KIND:  # "given that...", "SCHOOL": no topic of its own
            continue
        users = pack.answer_words.get(word, ())
        # "analysis" is said as "analyze": another form of the word counts while the word
        # stays distinctive with it.
        with_forms = tuple(
            dict.fromkeys([*users, *(n for f in pack.evidence.forms(word) for n in pack.answer_words.get(f, ()))])
        )
        if len(with_forms) <= RESCUE_MAX_INTENTS:
            users = with_forms
        if 0 < len(users) <= RESCUE_MAX_INTENTS:
            for name in users:
                if name in pack.school_intents and not about_schools:
                    continue
                if pack.intents.get(name).operation in _ABOUT_THE_TALK:  # "my last answer" is no topic
                    continue
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


def _accounted(pack: Pack, routing_text: str, matches: list[Match]) -> tuple[Intent, list[str]] | None:
    """The candidate that accounts for most of the question's words, when it accounts for
    RESCUE_SHARE of them and clearly more than any other (RESCUE_LEAD): "does anyone analyze
    cost trends?" names what only one answer says, in words no pattern uses."""
    evidence = pack.evidence
    content = evidence.content(routing_text.split())
    if len(evidence.known(content)) < 2:
        return None
    shares = sorted(((evidence.account(m.intent, content).share, m.intent) for m in matches), reverse=True)
    if not shares or shares[0][0] < RESCUE_SHARE or (len(shares) > 1 and shares[0][0] - shares[1][0] < RESCUE_LEAD):
        return None
    intent = pack.intents.get(shares[0][1])
    vocab = evidence.vocab_of(shares[0][1])
    return (intent, [w for w in content if w in vocab]) if intent else None


def _pick(pack: Pack, matches: list[Match], state: DialogueState, q: Question) -> Decision:
    """Choose among candidates whose best scores ACCEPT or more (see the module docstring)."""
    entities, routing_text, question, unknown_school = q.entities, q.routing_text, q.text, q.unknown_school
    best = matches[0]
    chosen = pack.intents.get(best.intent)
    kinds = set(_slot_kinds(routing_text)) | ({"school"} if unknown_school else set())
    # A pattern that reads exactly as the question settles it: no runner-up overrides it.
    verbatim = " ".join(best.pattern.split()) == " ".join(routing_text.split())
    close = [(m, pack.intents.get(m.intent)) for m in matches[1:] if m.score >= ACCEPT and not verbatim]
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
    margin = POINTING_CONTEXT_MARGIN if pack.language.points_back(routing_text.split()) else CONTEXT_MARGIN
    if state.last_intent and state.last_intent not in chosen.follows and chosen.name != state.last_intent:
        for m, intent in close:
            # An intent follows the intents it names, and itself ("is that per hour?" after the pay).
            if best.score - m.score < margin and state.last_intent in (*intent.follows, intent.name):
                return Decision(
                    intent,
                    m.score,
                    f"{intent.name} scored within {margin} of {chosen.name} "
                    f"and follows the previous question ({state.last_intent})",
                    entities,
                )
    # 3. Still too close to call: ask which one was meant, when both read like the question
    # and account for its words alike (else one of them plainly fits the words better).
    runner = close[0] if close else None
    follows_last = bool(state.last_intent) and state.last_intent in chosen.follows
    if (
        runner
        and best.score < CONFIDENT
        and best.score - runner[0].score < MARGIN
        and not follows_last
        and not _related(chosen, runner[1])
        and _specificity(kinds, runner[1]) == _specificity(kinds, chosen)
        and _alike(pack, routing_text, chosen, runner[1])
        and chosen.kind == runner[1].kind == Kind.QUESTION  # never "a greeting or the salary?"
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


def _alike(pack: Pack, routing_text: str, a: Intent, b: Intent) -> bool:
    """Whether two intents account for a question's content words alike: each of them for
    all of it (then the words cannot tell them apart, and the bot may ask)."""
    content = pack.evidence.content(routing_text.split())
    if not pack.evidence.known(content):
        # No word says what is asked ("what does a <job> actually do?"): the words cannot
        # tell the two apart, and the bot cannot ask about words it was not given; the
        # pattern that reads closest answers.
        return False
    shares = [pack.evidence.account(i.name, content).share for i in (a, b)]
    return min(shares) >= ALIKE_SHARE


def _related(a: Intent, b: Intent) -> bool:
    """Intents asked one after the other (`follows`) answer near enough the same question
    that a close call between them needs no clarifying question: the better one answers."""
    return a.name in b.follows or b.name in a.follows


# When two intents are too close to call on words, the one that takes the most specific
# entity the question names wins: a school says more than the state it is in.
_SPECIFICITY = ("state", "amount", "percentile", "degree", "setting", "school")


def _specificity(kinds: set[str], intent: Intent) -> tuple[int, int]:
    """How well an intent fits the entities named: the rank of the most specific kind it
    takes (1-based, 0 if none), then how many of the named kinds it takes."""
    ranks = [_SPECIFICITY.index(k) + 1 for k in kinds & set(intent.slots) if k in _SPECIFICITY]
    return max(ranks, default=0), len(ranks)
