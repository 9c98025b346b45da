"""Understand one clause: what it names, what it asks, and which intent answers it.

The clause is read once: normalised, its entities found (a name the pack does not know is
masked as a school), the attribute it asks looked up (attributes.py), and its routing text
ranked once by the matcher. Then, in order:
 1. a reply to a question the bot had asked is taken as the answer to it (clarify.py);
 2. an attribute the pack does not cover is declined plainly ("I don't know whether Harbor
    College is accredited"), never answered with a neighbour;
 3. otherwise decide.py chooses the intent from the ranking and the dialogue state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..nlu.attributes import Attribute, AttributeMatch
from ..nlu.entities import SLOTS, Entities
from ..nlu.evidence import ACCOUNT_WEIGHT, ACCOUNTING_CANDIDATES
from ..nlu.language import WH_WORDS
from ..nlu.matching import Match, Matcher
from ..nlu.names import bare_name, unknown_name
from ..nlu.normalize import Normalized
from ..nlu.terms import CONFIRM_TAG, foreign_words, unknown_acronym
from ..pack.build import Pack
from ..pack.intents import OUT_OF_SCOPE, Kind
from ..pack.knowledge import join_words
from ..query.figures import NamedFigure, figure_named
from ..query.frame import TABLE_OPERATIONS, Operation
from .clarify import resolve
from .decide import ACCEPT, CANDIDATES, CONFIDENT, Decision, Question, decide
from .references import refer
from .state import DialogueState

# Candidates the matcher ranks, before accounting narrows them to CANDIDATES.
RANKED = 10
# A school intent's score, for a question about the occupation that names no school ("how
# much do they pull in" asks the pay, not the tuition): enough to drop it below a match.
OFF_SUBJECT = 0.85


@dataclass(frozen=True)
class Understood:
    """What a clause means, before it is answered."""

    norm: Normalized  # the question being answered (after a clarification, the original one)
    routing_text: str
    entities: Entities
    matches: tuple[Match, ...]
    decision: Decision
    unknown: str | None  # a school-like name the pack does not know
    attribute: AttributeMatch | None = None  # what it asks about, when the lexicon knows it


def understand(pack: Pack, matcher: Matcher, state: DialogueState, norm: Normalized) -> Understood:
    """Route a clause, or the question it answers when the bot had asked something."""
    routed = pack.prepare(norm.tokens, with_place=True)
    claimed = _claimed(pack, norm, routed.extraction.entities)
    if claimed is not None:  # "Harbor only costs $9,000": the figure is a claim, not a limit
        norm, routed = claimed, pack.prepare(claimed.tokens, with_place=True)
    referred = refer(pack, state, routed)  # "the first one", "those two": what they point at
    if referred is not None:
        routed = referred.routed
    entities = routed.extraction.entities
    name = unknown_name(pack, norm.original, routed.tokens) if not entities.schools else None
    if name:
        # Route "is Stanford good?" like "is <school> good?"; what the name holds (a state in
        # "Ohio State University") is no entity of the question.
        masked = routed.tokens[: name.start] + (SLOTS["school"],) + routed.tokens[name.end :]
        place = entities.place
        routed = pack.prepare(masked)
        if place is not None:
            routed = replace(
                routed, extraction=replace(routed.extraction, entities=pack.placed(routed.extraction.entities, place))
            )
        entities = routed.extraction.entities
    routing_text = routed.routing_text
    guess = name.text if name else None
    if entities.schools and guess is None:
        # "is NYU cheaper than Harbor?": a school we know, and one we don't, named beside it.
        guess = _unknown_beside(pack, norm, routed.tokens)
    matches = matcher.rank(routing_text, RANKED) if routing_text else []
    resolution = resolve(pack, state, norm, routed, matches)
    if resolution is not None:
        if resolution.question and resolution.question != norm.original:
            # The reply chose an option of our question: answer the question it was asked for.
            norm = pack.normaliser.normalise(resolution.question)
            routed = pack.prepare(norm.tokens)
            entities, routing_text = routed.extraction.entities, routed.routing_text
            guess = None
        if resolution.school:
            entities = replace(entities, schools=(resolution.school,), school_options=())
        if resolution.intent is not None:
            decision = Decision(resolution.intent, 1.0, resolution.how, entities)
            return Understood(norm, routing_text, entities, (), decision, guess)
        matches = matcher.rank(routing_text, CANDIDATES) if routing_text else []  # the offer accepted
    attribute = pack.attributes.find(routed.extraction.routing_tokens)
    declined = (
        _declined(pack, attribute, rescored(pack, matches, routed.extraction.routing_tokens), entities)
        if attribute is not None
        else None
    )
    if declined is not None:
        return Understood(norm, routing_text, entities, tuple(matches), declined, guess, attribute)
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
    matches = rescored(pack, matches, routed.extraction.routing_tokens if not guess else routing_text.split())
    if _wh_question(pack, norm):  # "what does she need to study?" tells nothing about the user
        matches = [m for m in matches if (i := pack.intents.get(m.intent)) is None or i.kind != Kind.STATEMENT]
    elif _self_statement(pack, norm):  # "I want online" tells a fact; it does not ask "is it online?"
        matches = _facts_first(pack, matches)
    decision = (
        _position_alone(pack, state, routing_text, entities)
        or _time_alone(pack, state, routing_text, entities)
        or _figure_against_percentile(pack, norm, entities)
        or decide(pack, matches, state, Question(norm.original, routing_text, entities, bool(guess)))
    )
    decision = _named_figure(pack, norm, entities, decision) or decision
    decision = _of_the_school(pack, routed.extraction.routing_tokens, entities, decision) or decision
    entities = decision.entities  # a figure of the pack names its school or percentile
    term = _unknown_term(pack, norm, decision, entities, name, guess)
    if term is not None:
        return Understood(norm, routing_text, entities, tuple(matches), term, guess, attribute)
    if resolution is not None:
        decision = replace(decision, how=f"{resolution.how}; {decision.how}")
    if referred is not None:
        decision = replace(decision, how=f"{referred.how}; {decision.how}")
    return Understood(norm, routing_text, entities, tuple(matches), decision, guess, attribute)


# The words of an amount besides its figure: dropped with it.
CURRENCY_WORDS = frozenset({"dollar", "dollars"})
# The words a claimed figure stands for (the intents' vocabulary reads "cost" as "tuition"
# and "pay" as "salary").
_TUITION, _PAY = "tuition", "salary"
_CENTRAL = frozenset({"average", "median"})  # the centre of the pay, when no tuition is said
# Words by which a clause speaks of its writer: a figure in it is theirs ("I was offered
# $45,000", "my budget is 15k"), not a claim about the schools or the job.
FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us"})
_THAN = "than"  # "more than", "higher than": a comparison


def _claimed(pack: Pack, norm: Normalized, e: Entities) -> Normalized | None:
    """The clause with a claimed figure read as what it is a figure of, when it claims one:
    an amount with no bound ("under", "over"), said of a school or the occupation, in a
    statement or a question that asks to be confirmed ("Harbor only costs $9,000", "they
    make $90k, right?"). Read so, the claim meets the article's figure rather than
    filtering by the claimed one. A writer's own figure is no claim."""
    if e.amount is None or e.bound is not None or e.ceiling is not None:
        return None
    # "the top 10% make 80k, right?", "the average is 52,000, right?" are of the pay.
    words = set(norm.tokens)
    central = bool(words & _CENTRAL) and _TUITION not in words and not (words & _OWN_FIGURE)
    if not (e.schools or e.occupation or e.percentiles or central):
        return None
    confirm = bool(CONFIRM_TAG.search(norm.original.strip()))
    # The writer's own figure, said with "I" or with what makes it theirs ("got offered
    # $45,000 for a records tech job", with no "I"), is no claim.
    own = not (FIRST_PERSON.isdisjoint(norm.tokens) and _OWN_FIGURE.isdisjoint(norm.tokens))
    if not confirm and (asks(pack, norm.original) or own):
        return None
    what = _TUITION if e.schools else _PAY
    claimed = str(e.amount)  # the figure only: a percent stays ("the top 25% make $30,990, right?")
    tokens = tuple(what if w == claimed else w for w in norm.tokens if w not in CURRENCY_WORDS)
    return Normalized(norm.original, " ".join(tokens), tokens, norm.substitutions, norm.truncated)


def asks(pack: Pack, original: str) -> bool:
    """A clause in the form of a question or a request ("how much...", "tell me...", "...?")."""
    original = original.strip()
    if original.endswith("?"):
        return True
    words = [w for w in words_as_typed(original) if w not in pack.language.fillers]
    return bool(words) and (words[0] in pack.language.question_openers or bool(pack.language.request_cues & set(words)))


def words_as_typed(original: str) -> list[str]:
    """The words of a clause as the user wrote them, before normalising: how it opens and
    whether it ends asking are the writer's, not the normaliser's."""
    return re.findall(r"[a-z']+", original.lower())


def _time_alone(pack: Pack, state: DialogueState, routing_text: str, entities: Entities) -> Decision | None:
    """ "Through what year?" after a figure: a question of when and nothing else asks when
    the last answer's figures are from, which its sources say."""
    lang = pack.language
    if not state.sources or lang.time_words.isdisjoint(routing_text.split()):
        return None
    ignored = lang.follow_up_words | lang.stopwords | lang.light_words | WH_WORDS | lang.figure_words
    words = [w for w in routing_text.split() if w not in ignored]
    if not words or not set(words) <= lang.time_words or entities.as_strings():
        return None
    source = next((i for i in pack.intents.intents if i.operation is Operation.SOURCE), None)
    if source is None:
        return None
    return Decision(source, 1.0, "a question of when, and nothing else: when the last answer is from", entities)


def _position_alone(pack: Pack, state: DialogueState, routing_text: str, entities: Entities) -> Decision | None:
    """ "Third?" after "the second cheapest": a position alone asks the last pick again."""
    last = pack.intents.get(state.last_intent) if state.last_intent else None
    if last is None or last.operation not in (Operation.MIN, Operation.MAX):
        return None
    lang = pack.language
    words = [w for w in routing_text.split() if w not in lang.follow_up_words and w not in lang.stopwords]
    if len(words) != 1 or words[0] not in lang.ordinals:
        return None
    return Decision(last, 1.0, f"a position alone: the previous pick ({last.name}) at another place", entities)


def _figure_against_percentile(pack: Pack, norm: Normalized, entities: Entities) -> Decision | None:
    """ "If someone offers me 62000, is that more than the top 10%?": an amount and a pay
    percentile named together, of no school and with no bound, set the one against the
    other, whatever else the words match, when the writer speaks of their own figure or
    compares ("than"): the pack's intent that compares a figure with the pay answers. "So
    the top 10% earn around $80k?" claims a figure of the percentile: it is not compared."""
    if entities.amount is None or not entities.percentiles or entities.schools or entities.bound is not None:
        return None
    if FIRST_PERSON.isdisjoint(norm.tokens) and _THAN not in norm.tokens:
        return None
    compares = (i for i in pack.intents.intents if i.operation is Operation.COMPARE and "amount" in i.slots)
    intent = next((i for i in compares if "school" not in i.slots), None)
    if intent is None:
        return None
    how = f"an amount and a percentile named together: {intent.name} sets one against the other"
    return Decision(intent, 1.0, how, entities)


# Words by which an amount is the writer's own (a budget, an offer), whatever it equals.
_OWN_FIGURE = frozenset({"my", "our", "offer", "offered", "budget", "afford", "spend", "saved", "savings"})
_WRITER = frozenset({"i", "we"})
# What an amount is read as when no figure of the pack is meant: a look-up, an offer, a
# price limit. A pack's figure named asks about that figure instead.
_AMOUNT_READINGS = frozenset({Operation.LOOKUP, Operation.COMPARE, Operation.FILTER})
_EARNING = frozenset({"make", "making", "made", "salary"})  # as normalised: "earn", "paid" read "salary"


def pack_figure(pack: Pack, norm: Normalized, entities: Entities) -> NamedFigure | None:
    """The pack's own figure the clause's amount is, when it names one with no bound, of no
    school or percentile, and does not call it the writer's own (a budget, an offer)."""
    if entities.amount is None or entities.bound is not None or entities.ceiling is not None:
        return None
    if not _OWN_FIGURE.isdisjoint(norm.tokens) or entities.schools or entities.percentiles:
        return None
    if not _WRITER.isdisjoint(norm.tokens) and not _EARNING.isdisjoint(norm.tokens):
        return None  # "I make 41,000": what the writer earns, set against the pay
    return figure_named(pack.knowledge, entities.amount)


def _named_figure(pack: Pack, norm: Normalized, entities: Entities, decided: Decision) -> Decision | None:
    """ "What's the $52,700 figure about?": an amount equal to one of the pack's own figures,
    with no bound and not the writer's own, asks about that figure. It is looked up where
    it lives: a pay figure by the intent that looks the pay up, a tuition by the one that
    looks a school's tuition up (with that school). A question that does something with
    the figure (its difference from another) keeps the intent that does it."""
    chosen = decided.intent
    reads_amount = chosen is None or chosen.name == OUT_OF_SCOPE or chosen.operation in _AMOUNT_READINGS
    if chosen is not None and chosen.kind is Kind.QUESTION and not reads_amount:
        return None
    figure = pack_figure(pack, norm, entities)
    if figure is None:
        return None
    lookups = (i for i in pack.intents.intents if i.operation is Operation.LOOKUP and i.attribute == figure.table)
    intent = next((i for i in lookups if ("school" in i.slots) == bool(figure.school)), None)
    if intent is None:
        return None
    if figure.school:
        entities = replace(entities, schools=(figure.school,))
    elif figure.percentile:
        entities = replace(entities, percentile=figure.percentile, percentiles=(figure.percentile,))
    return Decision(intent, 1.0, f"the amount is {figure.label}, a figure of the pack: {intent.name} says it", entities)


def _of_the_school(pack: Pack, tokens: tuple[str, ...], entities: Entities, decided: Decision) -> Decision | None:
    """ "Does Harbor's program give real-world experience in a facility?": a question
    that names one school but was matched to an intent that takes no school asks something
    of that school. When its own words are words of the school's notes ("facility"), it is
    read as asking what the notes say of them (answer.py quotes those notes)."""
    intent = decided.intent
    if len(entities.schools) != 1 or intent is None or intent.kind is not Kind.QUESTION:
        return None
    if "school" in intent.slots or intent.name in pack.school_intents or intent.operation in TABLE_OPERATIONS:
        return None  # a question over the schools ("the next cheapest after Harbor?") is one
    school = pack.knowledge.school(entities.schools[0])
    if school is None:
        return None
    ignored = pack.language.not_a_topic | pack.language.institution_words
    said = {w for note in school.notes for w in pack.normaliser.pack_tokens(note.text)}
    own = [w for w in tokens if w.isalpha() and w.islower() and len(w) > 3 and w not in ignored]
    found = tuple(dict.fromkeys(w for w in own if w in said))
    if not found:
        return None
    attribute = Attribute(" ".join(found), "school", f"what {{subject}} says of {' or '.join(found)}", found)
    how = f"names {school.name}, whose notes speak of {', '.join(map(repr, found))}; {intent.name} takes no school"
    return Decision(None, 1.0, how, entities, declined=attribute)


def _unknown_beside(pack: Pack, norm: Normalized, tokens: tuple[str, ...]) -> str | None:
    """A school-like name the pack does not know, named beside a school it knows."""
    name = unknown_name(pack, norm.original, tokens)
    return name.text if name is not None else unknown_acronym(pack, norm.original)


def _unknown_term(
    pack: Pack, norm: Normalized, decision: Decision, entities: Entities, name, guess: str | None
) -> Decision | None:
    """A decline, by name, of a term the question hinges on that the pack does not know (an
    acronym such as "SAT"; a name with no institution word that no school question matched
    with confidence, such as "GI Bill"), when the intent chosen does not fit it confidently.
    A claim to confirm ("it's given by the AMA, right?") is answered: the answer corrects it.
    Words the pack never uses that make up half the question ("how many mg of aspirin") are
    declined however well the rest matched: the rest is only "how many"."""
    if decision.intent is None or entities.schools or entities.as_strings():
        return None
    foreign = foreign_words(pack, norm.tokens, pack.places.place_words()) if guess is None else ()
    if foreign:  # (a school's name guessed is said by the school answers: "I don't have Rutgers")
        how = f"mostly words the pack never uses ({', '.join(foreign)}); {decision.intent.name} matched only the rest"
        return _declined_term(" ".join(foreign), how, entities)
    if decision.confidence >= CONFIDENT or CONFIRM_TAG.search(norm.original.strip()):
        return None
    term = None
    if name is not None and pack.language.institution_words.isdisjoint(norm.tokens[name.start : name.end]):
        term = name.text  # "GI Bill", whole, rather than its acronym
    term = term or unknown_acronym(pack, norm.original)
    if term is None:
        return None
    how = f"hinges on {term!r}, which the pack never mentions, and {decision.intent.name} scored under {CONFIDENT}"
    return _declined_term(term, how, entities)


def _declined_term(term: str, how: str, entities: Entities) -> Decision:
    """A decline of the question by the term it is about, which the pack does not know."""
    said = term.replace("{", "{{").replace("}", "}}")
    attribute = Attribute(term, "any", f"about {said}", (term,))
    return Decision(None, 1.0, how, entities, declined=attribute)


def _wh_question(pack: Pack, norm: Normalized) -> bool:
    """A clause that opens with a question word (what, which, how...): it asks, it states no
    fact about the user, whatever it reads like."""
    words = [w for w in norm.tokens if w not in pack.language.fillers and w not in pack.language.social_words]
    return bool(words) and words[0] in WH_WORDS


# How a statement about oneself opens: "I want...", "I need...", "I prefer...".
_SELF_STATEMENT = re.compile(
    r"^(?:i|we)\s+(?:really\s+|only\s+|also\s+)?(?:want|need|prefer|would rather|can only|am|have|live|work)\b"
)


def _self_statement(pack: Pack, norm: Normalized) -> bool:
    """A clause that tells something about the writer ("I want online or hybrid"), not in
    the form of a question nor a request to be told something."""
    text = " ".join(w for w in norm.tokens if w not in pack.language.fillers and w not in pack.language.social_words)
    if not _SELF_STATEMENT.match(text) or norm.original.rstrip().endswith("?"):
        return False
    # "I need online classes" is a fact, "I need to know..." a request: "need" alone decides nothing.
    return not ((pack.language.request_cues - {"need"}) & set(norm.tokens))


def _facts_first(pack: Pack, matches: list[Match]) -> list[Match]:
    """The candidates with those that note a fact about the user (kind: statement) placed
    first, at the top score, when they score ACCEPT or more."""
    facts = [m for m in matches if m.score >= ACCEPT and (i := pack.intents.get(m.intent)) and i.kind == Kind.STATEMENT]
    if not facts or not matches:
        return matches
    top = matches[0].score
    lifted = [replace(m, score=max(m.score, top)) for m in facts]
    return lifted + [m for m in matches if m not in facts]


def rescored(pack: Pack, matches: list[Match], routing_tokens) -> list[Match]:
    """The candidates ranked by how each reads like the question and how much of its content
    words it accounts for (nlu/evidence.py), with the intents that account for its rarest
    words added; the same scale as the matcher's, so the thresholds of decide.py hold."""
    evidence = pack.evidence
    content = evidence.content(routing_tokens)
    if not content:
        return matches  # nothing to account for ("which one?"): the ranking stands
    if not evidence.known(content):
        # Its words are all unknown to the pack ("how big a slice?"): no intent accounts
        # for them, and a pattern that only reads alike is no answer.
        return [Match(m.intent, round((1 - ACCOUNT_WEIGHT) * m.score, 4), m.pattern) for m in matches][:CANDIDATES]
    by_intent = {m.intent: m for m in matches}
    for name in evidence.accounting_for(content, ACCOUNTING_CANDIDATES):
        by_intent.setdefault(name, Match(name, 0.0, "(no pattern ranked)"))
    tokens = set(routing_tokens)
    # A question about the occupation that names no school asks nothing of the schools.
    about_the_job = SLOTS["occupation"] in tokens and not tokens & ({SLOTS["school"]} | pack.language.institution_words)
    scored = []
    for m in by_intent.values():
        share = evidence.account(m.intent, content).share
        score = (1 - ACCOUNT_WEIGHT) * m.score + ACCOUNT_WEIGHT * share
        if about_the_job and m.intent in pack.school_intents:
            score *= OFF_SUBJECT
        scored.append(Match(m.intent, round(score, 4), m.pattern))
    order = {name: n for n, name in enumerate(by_intent)}  # ties: the matcher's order
    return sorted(scored, key=lambda m: (-m.score, order[m.intent]))[:CANDIDATES]


def _declined(pack: Pack, found: AttributeMatch | None, matches: list[Match], entities: Entities) -> Decision | None:
    """A decline when the clause asks an attribute no intent answers. An answer that itself
    speaks of the attribute, to a question about nothing in particular, still answers it
    ("does accreditation matter when choosing a school?")."""
    if found is None or found.attribute.intent:
        return None
    attribute = found.attribute
    # The words may be another intent's question ("which applications does the posting
    # mention" asks about software, not applying): a candidate whose answer speaks of them
    # all answers instead, unless the question names a school, of which it is asked.
    if not entities.schools:
        for m in matches:
            intent = pack.intents.get(m.intent)
            questions = intent is not None and intent.kind == Kind.QUESTION
            if questions and m.score >= ACCEPT and pack.evidence.speaks_of(m.intent, found.words):
                return None
    how = f"asks {attribute.name!r} ({' '.join(found.words)}), which no intent of the pack answers"
    return Decision(None, 1.0, how, entities, declined=attribute)


def subject_of(pack: Pack, attribute: Attribute, u: Understood, state: DialogueState | None = None) -> tuple[str, str]:
    """Who an attribute is asked of, in words, and which offer follows the decline: the
    school named, else the one just talked about when the question points at it ("is it
    accredited?"), else each school."""
    if attribute.about == "school":
        named = list(u.entities.schools) or ([u.unknown] if u.unknown else [])
        if not named and state is not None and len(state.schools) == 1:
            if pack.language.points_back(u.norm.tokens) or state.focus_turn == state.turns:
                named = [state.schools[0]]
        if named:
            return join_words(named), "school"
        return "each school", "schools"
    if attribute.about == "occupation":
        return pack.knowledge.occupation.plural, "occupation"
    if attribute.about == "certification":
        return "the certification", "certification"
    return "that", "any"
