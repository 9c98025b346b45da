"""Handlers for schools: a school's facts, lists, prices, comparisons and filters."""

from __future__ import annotations

import statistics
from dataclasses import replace
from typing import Callable

from ..pack.knowledge import Knowledge, School, join_words, money
from ..pack.knowledge_fields import run_on
from ..query.frame import Operation
from ..query.schools import by_distance, by_tuition, miles_to, nth, select
from ..reply import Source, Table
from .handlers import Answer, Turn, computed, hand_over, merged, not_known, sentence

# Words that mean "among the schools we were just talking about" ("the cheaper one",
# "which is cheaper?": a comparative asks about a pair, a superlative about all).
_AMONG_FOCUS = (
    "one",
    "them",
    "both",
    "two",
    "those",
    "these",
    "between",
    "cheaper",
    "pricier",
    "costlier",
    "dearer",
    "more",
    "less",
)


# Words that ask a price: a question about it ("how much is it online?") is not one about
# studying online.
_PRICE_WORDS = ("tuition", "cheap", "cheaper", "cheapest", "expensive", "much")
_HYBRID_WORDS = ("hybrid",)
# "which one is nearest?" asks for one school; "what", "which" open it.
_WHICH_ONE_WORDS = ("which", "what")
_NEXT_WORDS = ("next",)
_MEDIAN_WORDS = ("median", "middle")
# Words that ask for the ends of a price list ("the cheapest and the most expensive").
_ENDS_WORDS = ("cheapest", "expensive", "most", "least", "range", "all")

# Words asking what a tuition figure covers ("per year?", "per credit?").
_BASIS_WORDS = ("year", "yearly", "annual", "annually", "semester", "credit", "month", "total", "whole", "per")


def _unknown_school(turn: Turn) -> Answer | None:
    """'I don't have information about Harvard', when the question names a school we don't know."""
    if not turn.unknown_name:
        return None
    known = join_words([s.name for s in turn.knowledge.schools])
    text = f"I don't have information about {turn.unknown_name}."
    if known:
        text += f" The schools I know are {known}."
    return Answer(text, schools=())


def _schools_asked(turn: Turn) -> list[School]:
    """Schools named in the question, else the schools in focus."""
    names = turn.entities.schools or (() if turn.unknown_name else turn.state.schools)
    return [s for s in (turn.knowledge.school(n) for n in names) if s]


def _describe(s: School) -> str:
    parts = [f"{s.name} is in {s.place}." if s.place else f"{s.name} is one of the schools I know."]
    if s.tuition is not None:
        parts.append(f"Tuition is {money(s.tuition)}.")
    if s.program:
        parts.append(sentence(f"it offers {s.program}."))
    if s.delivery:
        parts.append(f"It can be studied {s.delivery}.")
    if s.notes:
        parts.append(s.notes[0].text)
    return " ".join(parts)


def _described(s: School) -> tuple[Source, ...]:
    """The sources of what `_describe` says."""
    return merged(
        s.sources_of("name", "place", "tuition", "program", "delivery"), s.notes[0].sources if s.notes else ()
    )


def _tuition_figure(s: School) -> tuple[str, str]:
    return "tuition", money(s.tuition) if s.tuition is not None else "not given"


def _tuitions(schools) -> tuple[Source, ...]:
    """The tuition figures a computed answer about these schools was worked out from."""
    return computed(schools, _tuition_figure)


def _price_line(s: School) -> str:
    return f"{s.name} ({s.place}): {money(s.tuition)}" if s.place else f"{s.name}: {money(s.tuition)}"


def school_bullets(schools: list[School], line=_price_line) -> str:
    return "\n".join(f"- {line(s)}" for s in schools)


def _filtered(turn: Turn, schools: list[School] | None = None, ranged: bool = True) -> tuple[list[School], str]:
    """Schools narrowed by the frame's constraints (the states, as "any of", online study
    and a tuition range: said in the question or kept from the last), with words saying
    how. `ranged=False` leaves the range out, for the answer that computes it."""
    c = turn.constraints if ranged else replace(turn.constraints, above=None, below=None)
    schools = select(turn.knowledge.schools if schools is None else schools, c)
    how = [replace(c, near="", point=None).words()] if c else []
    budget = turn.state.budget
    if budget is not None and turn.entities.amount is None and turn.says(*_BUDGET_WORDS):
        schools = [s for s in schools if s.tuition is not None and s.tuition <= budget]
        how.append(f"within your budget of {money(budget)}")
    return schools, " ".join(how)


# Words that ask for the schools within the user's budget ("sort what I can afford").
_BUDGET_WORDS = ("afford", "budget", "affordable")


# A table's cell for what the source does not say.
_NOT_STATED = "not stated"


def drawn(knowledge, names: tuple[str, ...]) -> Table | None:
    """The table of the schools a list shows, for channels that draw it (the text lists the
    same schools). No chart comes with it: a chart of their tuition would only repeat the
    table's column."""
    schools = [s for s in (knowledge.school(n) for n in names) if s]
    if len(schools) < 2:
        return None
    table = Table(
        ("School", "Where", "Tuition", "Study"),
        tuple(
            (
                s.name,
                s.place or _NOT_STATED,
                money(s.tuition) if s.tuition is not None else _NOT_STATED,
                s.delivery or _NOT_STATED,
            )
            for s in schools
        ),  # fmt: skip
    )
    return table


def _names(schools) -> tuple[str, ...]:
    return tuple(s.name for s in schools)


def _each_school(
    turn: Turn,
    describe: Callable[[School], str],
    otherwise: Callable[[Turn], Answer],
    cites: Callable[[School], tuple[Source, ...]],
    joiner: str = " ",
) -> Answer:
    """Answer about each school asked (named, or in focus); with none, the unknown name, or
    `otherwise`. `cites` gives the sources of what `describe` says of a school."""
    schools = _schools_asked(turn)
    if not schools:
        return _unknown_school(turn) or otherwise(turn)
    return Answer(
        joiner.join(describe(s) for s in schools),
        schools=tuple(s.name for s in schools),
        sources=merged(*(cites(s) for s in schools)),
    )


def school_program_says(knowledge: Knowledge) -> str:
    """What answers about a school's program may say: its program, notes and delivery."""
    return " ".join(
        " ".join((s.program, s.delivery, s.delivery_note, *(n.text for n in s.notes))) for s in knowledge.schools
    )


def school_info_says(knowledge: Knowledge) -> str:
    """What a school's description says: as `_describe` does, its first note only."""
    return " ".join(" ".join((s.program, s.delivery, *(n.text for n in s.notes[:1]))) for s in knowledge.schools)


def school_info(turn: Turn) -> Answer:
    return _each_school(turn, _describe, schools_list, _described, joiner="\n")


def school_tuition(turn: Turn) -> Answer:
    superlative = _superlative_of_one(turn)  # "Harbor is the cheapest at $9,000, right?"
    if superlative is not None:
        return superlative
    if turn.entities.online and not turn.says(*_PRICE_WORDS):
        return hand_over(turn, "school_online")  # "can I do the whole thing online?" asked after its tuition
    if len(_schools_asked(turn)) >= 2:
        return hand_over(turn, "compare_schools")

    asks_basis = turn.says(*_BASIS_WORDS)

    def tuition(s: School) -> str:
        if s.tuition is None:
            return f"I don't have the tuition of {s.name}."
        if s.tuition_basis:
            return f"Tuition at {s.name} is {money(s.tuition)} {s.tuition_basis}."
        text = f"Tuition at {s.name} is {money(s.tuition)}."
        if asks_basis:  # never guess whether a figure is per year or for the whole program
            text += " My information doesn't say whether that is per year or for the whole program."
        return text

    def listed(turn: Turn) -> Answer:  # no school asked: the list, and what it can't tell
        answer = schools_by_price(turn)
        if not asks_basis:
            return answer
        basis = "My information doesn't say whether these figures are per year or for the whole program."
        return replace(answer, text=f"{basis}\n{answer.text}")

    answer = _each_school(turn, tuition, listed, lambda s: s.sources_of("tuition"))
    asked = _schools_asked(turn)
    if len(asked) == 1 and asked[0].tuition is not None:  # "which schools cost more than that?"
        answer = replace(answer, figure=asked[0].tuition)
    return answer


def _where(s: School) -> str:
    if s.city:
        return f"{s.name} is in {s.place}."
    if s.state:
        return f"{s.name} is in {s.state} (my information gives no city)."
    return f"I don't know where {s.name} is."


def _all_places(turn: Turn) -> Answer:
    schools = list(turn.knowledge.schools)
    listed = school_bullets(schools, lambda s: f"{s.name}: {s.place or 'place not given'}")
    sources = merged(*(s.sources_of("place") for s in schools))
    return Answer(f"Here is where the schools are:\n{listed}", schools=(), sources=sources)


def school_location(turn: Turn) -> Answer:
    c = turn.constraints
    if turn.frame.operation is Operation.DISTANCE and c.point is not None and turn.places is not None:
        return _each_school(turn, lambda s: _distance(turn, s), _all_places, lambda s: s.sources_of("place"))
    return _each_school(turn, _where, _all_places, lambda s: s.sources_of("place"))


def _distance(turn: Turn, s: School) -> str:
    """Where a school is and how far that is from the place asked about, in a straight line
    between the two cities (the coordinates are the engine's US places, not the source's)."""
    c = turn.constraints
    away = miles_to(s, c.point, turn.places.point)
    if away is None:
        return f"{_where(s)} So I can't tell how far it is from {c.near or 'you'}."
    if away < 5:
        return f"{s.name} is in {s.place}, right by {c.near or 'you'}."
    return f"{s.name} is in {s.place}, about {away:,.0f} miles from {c.near or 'you'} in a straight line."


def _delivery(s: School) -> str:
    if s.delivery:
        return f"Yes, {s.name}'s program can be studied {s.delivery}."
    if s.delivery_note:
        return f"My information doesn't say whether {s.name}'s program is online: {s.delivery_note}"
    return f"I don't know: my information doesn't say whether {s.name} offers its program online."


def school_online_says(knowledge: Knowledge) -> str:
    """What answers about studying online may say: each school's delivery and its note."""
    return " ".join(s.delivery + " " + s.delivery_note for s in knowledge.schools)


def school_online(turn: Turn) -> Answer:
    if turn.asks_for_several() and not turn.entities.schools:  # "which ones are online then?"
        return hand_over(turn, "online_schools")
    return _each_school(turn, _delivery, online_schools, lambda s: s.sources_of("delivery"))


def _program(s: School) -> str:
    if not (s.program or s.notes):
        return f"I don't have details of {s.name}'s program."
    lead = f"{s.name} offers {s.program}." if s.program else f"Here is what I know of {s.name}."
    return " ".join((lead, *(n.text for n in s.notes)))


def school_program(turn: Turn) -> Answer:
    return _each_school(
        turn, _program, schools_list, lambda s: merged(s.sources_of("program"), *(n.sources for n in s.notes)), "\n"
    )


# Words a question about the schools' features uses that name no feature ("which schools
# have...", "do any of them offer...").
_FEATURE_FILLER = frozenset(
    {"school", "college", "program", "offer", "have", "help", "provide", "any", "which", "with"}
)


def schools_with(turn: Turn) -> Answer:
    """The schools whose descriptions mention what the question asks for ("which schools
    have an internship?", "does any school help with job placement?")."""
    wanted = [w for w in turn.content if w.islower() and w not in _FEATURE_FILLER]
    if not wanted:
        return hand_over(turn, "schools_list")
    hits = []
    for s in turn.knowledge.schools:
        said = set(turn.words_of(" ".join((s.program, s.delivery, *(n.text for n in s.notes)))))
        found = [w for w in wanted if w in said]
        if found:
            hits.append((len(found), s))
    if not hits:
        return Answer(f"I don't know: my information on the schools doesn't mention {join_words(wanted)}.")
    best = max(n for n, _ in hits)
    chosen = [s for n, s in hits if n == best]
    lines = []
    sources = []
    for s in chosen:
        # The notes that say the most of what was asked.
        counted = [(len(set(turn.words_of(n.text)) & set(wanted)), n) for n in s.notes]
        most = max((c for c, _ in counted), default=0)
        notes = [n for c, n in counted if c == most and c > 0] or list(s.notes[:1])
        lines.append(f"{s.name}: " + run_on(" ".join(n.text for n in notes)))
        sources.extend(x for n in notes for x in n.sources)
    return Answer(
        "\n".join(lines),
        schools=_names(chosen),
        sources=merged(sources),
        listed=_names(chosen) if len(chosen) > 1 else None,
    )


def schools_list(turn: Turn) -> Answer:
    if not turn.knowledge.schools:
        return not_known(turn, "a list of schools")
    schools, how = _filtered(turn)
    if not schools:
        known = join_words([s.name for s in turn.knowledge.schools])
        return Answer(f"None of the schools I know is {how}. The schools I know are {known}.")
    head = f"The schools I know {how} are:" if how else f"I know {len(schools)} schools:"
    return Answer(
        f"{head}\n{school_bullets(schools)}",
        schools=tuple(s.name for s in schools) if len(schools) == 1 else (),
        sources=merged(*(s.sources_of("name", "place", "tuition") for s in schools)),
        listed=_names(schools),
    )


def online_schools(turn: Turn) -> Answer:
    if turn.says(*_HYBRID_WORDS):  # "which ones offer hybrid?": the schools whose delivery says so
        hybrid = [s for s in turn.knowledge.schools if "hybrid" in turn.words_of(s.delivery)]
        if not hybrid:
            return Answer("My information doesn't name any school that teaches in a hybrid format.")
        return Answer(
            f"{'This school offers' if len(hybrid) == 1 else 'These schools offer'} the program in a hybrid format:\n"
            + school_bullets(hybrid, lambda s: f"{s.name} ({s.delivery})"),
            schools=_names(hybrid) if len(hybrid) == 1 else (),
            sources=merged(*(s.sources_of("delivery") for s in hybrid)),
            listed=_names(hybrid),
        )
    online = [s for s in turn.knowledge.schools if s.online]
    if not online:
        return Answer("My information doesn't name any school that teaches online.")
    return Answer(
        f"These schools offer the program online:\n{school_bullets(online, lambda s: f'{s.name} ({s.delivery})')}",
        schools=tuple(s.name for s in online) if len(online) == 1 else (),
        sources=merged(*(s.sources_of("delivery") for s in online)),
        listed=_names(online),
    )


# Words asking for the school nearest a place rather than the schools in it.
_NEAR_WORDS = ("nearest", "closest", "near", "close", "nearby", "closer", "distance", "far")


def schools_in_state(turn: Turn) -> Answer:
    """Schools in a state or region, or the nearest to a place ("near Wichita")."""
    place = turn.entities.place
    if place is not None and place.kind == "region":
        return _in_region(turn, place)
    if len(turn.constraints.states) > 1 and not turn.says(*_NEAR_WORDS):  # "schools in Texas or Kansas"
        return _in_states(turn, turn.constraints.states)
    state = turn.entities.state or turn.state.home_state or turn.state.state
    if not state:
        states = sorted({s.state for s in turn.knowledge.schools if s.state})
        return Answer(f"Which state? I know schools in {join_words(states)}.")
    here = [s for s in turn.knowledge.schools if s.state == state]
    point = _point_asked(turn, state)
    if point is not None and turn.says(*_NEAR_WORDS):
        home = turn.state.home_place if state == turn.state.home_state and turn.state.home_point else None
        return _nearest(turn, point, place.name if place else home or state, here)
    if not here:
        return _none_in_state(turn, state, point)
    if len(here) == 1:
        return Answer(_describe(here[0]), schools=(here[0].name,), sources=_described(here[0]))
    sources = merged(*(s.sources_of("place", "tuition") for s in here))
    return Answer(
        f"Schools in {state}:\n{school_bullets(here)}", schools=_names(here), sources=sources, listed=_names(here)
    )


def _point_asked(turn: Turn, state: str) -> tuple[float, float] | None:
    """Where the question measures from: the city it names, the user's own place when it
    is their state, else the state's centre."""
    place = turn.entities.place
    if place is not None and place.point is not None:
        return place.point
    if turn.state.home_point and state == turn.state.home_state:
        return tuple(turn.state.home_point)
    return turn.places.point("", state) if turn.places else None


def _by_distance(turn: Turn, point: tuple[float, float]) -> list[School]:
    return schools_by_distance(turn, point, list(turn.knowledge.schools))


def schools_by_distance(turn: Turn, point: tuple[float, float], schools: list[School]) -> list[School]:
    """The schools by the distance from a point to their city (or state), nearest first."""
    return by_distance(schools, point, turn.places.point) if turn.places is not None else []


def _nearest(turn: Turn, point: tuple[float, float], where: str, here: list[School]) -> Answer:
    """The schools nearest a point, nearest first (by the distance between their cities)."""
    ranked = _by_distance(turn, point)
    if not ranked:
        return _none_in_state(turn, turn.entities.state or "")
    first = ranked[0]
    where_first = f" in {first.place}" if first.place else ""
    price = f", at {money(first.tuition)}" if first.tuition is not None else ""
    text = f"The nearest school I know to {where} is {first.name}{where_first}{price}."
    which_one = turn.says(*_WHICH_ONE_WORDS) and not turn.asks_for_several()  # "which one is nearest?"
    if len(ranked) > 1 and not which_one:
        text += f" The next nearest are {join_words([s.name for s in ranked[1:3]])}."
    online = [s.name for s in turn.knowledge.schools if s.online]
    if online and first.name not in online:
        text += f" {len(online)} of the schools I know also teach online."
    sources = merged(first.sources_of("place", "tuition"), *(s.sources_of("place") for s in ranked[1:3]))
    return Answer(text, schools=(first.name,), sources=sources)


def _in_region(turn: Turn, place) -> Answer:
    return _in_states(turn, place.states, place.name)


def _in_states(turn: Turn, states: tuple[str, ...], name: str = "") -> Answer:
    """The schools in any of some states (a region's, or several named)."""
    name = name or join_words(list(states), "or")
    here = [s for s in turn.knowledge.schools if s.state in states]
    if not here:
        known = sorted({s.state for s in turn.knowledge.schools if s.state})
        return Answer(f"None of the schools I know is in {name}. They are in {join_words(known)}.")
    sources = merged(*(s.sources_of("place", "tuition") for s in here))
    return Answer(
        f"Schools in {name}:\n{school_bullets(here)}", schools=_names(here), sources=sources, listed=_names(here)
    )


def _none_in_state(turn: Turn, state: str, point: tuple[float, float] | None = None) -> Answer:
    """No school in the state: name the ones in bordering states (or the nearest one), and
    offer the online ones."""
    text = f"None of the schools I know is in {state}."
    near = [s for s in turn.knowledge.schools if s.state in turn.language.neighbours.get(state, ())]
    nearest = _by_distance(turn, point)[:1] if point is not None and not near else []
    if near:
        text += " Nearby, in a neighbouring state:\n" + school_bullets(near)
    elif nearest:
        s = nearest[0]
        text += f" The nearest I know is {s.name}" + (f" in {s.place}." if s.place else ".")
        near = nearest
    else:
        states = sorted({s.state for s in turn.knowledge.schools if s.state})
        text += f" The schools I know are in {join_words(states)}."
    online = [s for s in turn.knowledge.schools if s.online]
    if online:
        text += ("\n" if near else " ") + f"{len(online)} of the schools I know teach online. Would you like them?"
        offer = next((i.example for i in turn.intents if i.handler == "online_schools"), "")
        sources = merged(*(s.sources_of("place", "tuition") for s in near), *(s.sources_of("delivery") for s in online))
        return Answer(text, schools=tuple(s.name for s in near), offer=offer, sources=sources)
    return Answer(text, schools=tuple(s.name for s in near), sources=merged(*(s.sources_of("place") for s in near)))


_POSITION_WORDS = {2: "second ", 3: "third ", 4: "fourth ", 5: "fifth ", 6: "sixth "}


def _pool(turn: Turn) -> list[School] | None:
    """The schools a question picks among: two or more that it names ("which is cheaper,
    Harbor or Bayview?"), or, when it points at them ("which of those is cheaper?"), the
    list just shown or the schools just discussed; None for all the schools."""
    named = [s for s in (turn.knowledge.school(n) for n in turn.entities.schools) if s]
    if len(named) >= 2:
        return named
    if named or not turn.says(*_AMONG_FOCUS):
        return None
    if turn.constraints and not turn.frame.carried:  # "the cheapest online one" asks of all the schools
        return None
    st = turn.state
    if st.listed and st.listed_turn == st.turns:  # the last answer was a list
        listed = [s for s in (turn.knowledge.school(n) for n in st.listed) if s]
        if len(listed) >= 2:
            return listed
    focus = [s for s in (turn.knowledge.school(n) for n in st.schools) if s]
    if len(focus) < 2:
        focus = [s for s in (turn.knowledge.school(n) for n in st.recent_schools[:2]) if s]
    return focus if len(focus) >= 2 else None


def _ranked_pick(turn: Turn, cheapest: bool) -> Answer:
    """The cheapest (or most expensive) school, or the second, third... or last of them;
    asked of one school ("is Harbor the cheapest?"), whether it is."""
    pool = _pool(turn)
    schools, how = _filtered(turn, pool)
    ranked = by_tuition(schools, descending=not cheapest)
    if not ranked:
        return Answer(
            f"None of the schools I know is {how}." if how else "I don't have tuition figures for any school."
        )
    named = turn.knowledge.school(turn.entities.schools[0]) if len(turn.entities.schools) == 1 else None
    if named is None and turn.says(*_AFTER_WORDS, *_NEXT_WORDS):  # "and the next one?" after a pick
        last = next((i for i in turn.intents if i.name == turn.state.last_intent), None)
        if last is not None and last.handler in ("cheapest", "most_expensive") and len(turn.state.schools) == 1:
            named = turn.knowledge.school(turn.state.schools[0])
            if last.handler != ("cheapest" if cheapest else "most_expensive"):
                cheapest = not cheapest
                ranked.reverse()
    if (
        named is not None and named in ranked and turn.says(*_AFTER_WORDS, *_NEXT_WORDS)
    ):  # "the next cheapest after Harbor"
        following = ranked[ranked.index(named) + 1 :]
        if not following:
            return Answer(f"None: {named.name} is the {'most expensive' if cheapest else 'cheapest'}.")
        s = following[0]
        return Answer(
            f"After {named.name} ({money(named.tuition)}), the next {'cheapest' if cheapest else 'most expensive'} "
            f"is {s.name}, at {money(s.tuition)}.",
            schools=(s.name,),
            sources=_tuitions(ranked),
            figure=s.tuition,
        )
    if named is not None and named.tuition is not None and turn.frame.position is None:
        return _whether_ranked(named, ranked, cheapest, how)
    if turn.frame.operation is Operation.TOP_N and not pool:  # "the 3 cheapest schools"
        return _top(ranked, turn.frame.count, cheapest, how)
    position = turn.frame.position or 1
    s = nth(ranked, position)
    if s is None:
        return Answer(f"I only know {len(ranked)} schools{' ' + how if how else ''} with tuition figures.")
    if position == -1:  # "the last" of the cheap end is the most expensive, and the other way round
        phrase = "the most expensive" if cheapest else "the cheapest"
    else:
        phrase = f"the {_POSITION_WORDS.get(position, '')}{'cheapest' if cheapest else 'most expensive'}"
    if pool:
        scope = " of the two" if len(pool) == 2 else " of those"
        if len(ranked) == 2 and position == 1:  # "which is cheaper, Harbor or Bayview?"
            other = ranked[1]
            gap = abs(s.tuition - other.tuition)
            return Answer(
                f"{sentence(phrase)}{scope} is {s.name}, at {money(s.tuition)}: {money(gap)} "
                f"{'less' if cheapest else 'more'} than {other.name} ({money(other.tuition)}).",
                schools=(s.name, other.name),
                sources=_tuitions(ranked),
            )
    else:
        scope = f" school {how}" if how else ""
    where = f" in {s.place}" if s.place else ""
    return Answer(
        f"{sentence(phrase)}{scope} is {s.name}{where}, at {money(s.tuition)}.",
        schools=(s.name,),
        sources=_tuitions(ranked),
    )


def _top(ranked: list[School], count: int, cheapest: bool, how: str) -> Answer:
    """The first `count` schools of a price order: "the 3 cheapest"."""
    top = ranked[:count]
    label = "cheapest" if cheapest else "most expensive"
    where = f" {how}" if how else ""
    if len(top) < count:
        head = (
            f"I know only {len(top)} school{'s' if len(top) != 1 else ''}{where} with tuition figures, {label} first:"
        )
    else:
        head = f"The {count} {label} schools{where}:"
    return Answer(f"{head}\n{school_bullets(top)}", sources=_tuitions(ranked), listed=_names(top))


def _whether_ranked(named: School, ranked: list[School], cheapest: bool, how: str) -> Answer:
    """Whether a school is the cheapest (or the most expensive): "is Harbor the cheapest?"."""
    label = "cheapest" if cheapest else "most expensive"
    scope = f" school {how}" if how else ""
    first = ranked[0]
    if named.name == first.name:
        text = f"Yes: {named.name} is the {label}{scope}, at {money(named.tuition)}."
    elif named not in ranked:
        text = (
            f"No: {named.name} is not one of the schools {how}. The {label} is {first.name}, at {money(first.tuition)}."
        )
    else:
        place = ranked.index(named) + 1
        if place == len(ranked):
            rank = f"the {'most expensive' if cheapest else 'cheapest'} of the {len(ranked)}"
        else:
            rank = f"the {_POSITION_WORDS.get(place, f'number {place} ')}{label} of {len(ranked)}"
        text = (
            f"No: the {label}{scope} is {first.name}, at {money(first.tuition)}. "
            f"{named.name} costs {money(named.tuition)}, {rank}."
        )
    return Answer(text, schools=(named.name,), sources=_tuitions(ranked), figure=named.tuition)


# Words that compare prices ("cheaper", "costs more").
_COMPARATIVES = ("cheaper", "pricier", "costlier", "dearer", "more", "less", "expensive", "lower", "higher")
# Words that ask which of many ("which schools...", "any that...").
_WHICH_WORDS = ("which", "what", "any", "anything", "list", "show")


def _schools_measured_by_one(turn: Turn) -> bool:
    """A question for the schools priced against one named school ("which schools are
    cheaper than Harbor?"), not a comparison of two ("is it cheaper than Harbor?", "which is
    cheaper, NYU or Harbor?")."""
    return (
        len(turn.entities.schools) == 1
        and not turn.unknown_name
        and turn.says(*_COMPARATIVES)
        and turn.says(*_WHICH_WORDS)
        and not turn.points_back()
    )


def _superlative_of_one(turn: Turn) -> Answer | None:
    """ "Is Harbor the cheapest?", "the next cheapest after Harbor": a superlative asked with
    one school named, whichever intent the question reached."""
    if len(turn.entities.schools) != 1 or turn.entities.amount is not None:
        return None
    for word in turn.tokens:
        if word in _SUPERLATIVES:
            if turn.says(*_COMPARE_WORDS):  # "compare Harbor with the cheapest school"
                named = turn.knowledge.school(turn.entities.schools[0])
                ranked = by_tuition(_filtered(turn)[0])  # may be none: "cheapest in Ohio"
                end = (ranked[0] if _SUPERLATIVES[word] else ranked[-1]) if ranked else None
                if named is not None and named.tuition is not None and end is not None and end.name != named.name:
                    return _comparison([named, end])
            return _ranked_pick(turn, cheapest=_SUPERLATIVES[word])
    return None


def cheapest(turn: Turn) -> Answer:
    return _ranked_pick(turn, cheapest=True)


def most_expensive(turn: Turn) -> Answer:
    return _ranked_pick(turn, cheapest=False)


# Words for the two ends of a price order ("from lowest to highest", "priciest first").
_LOW_END = ("cheapest", "cheap", "lowest", "low", "least", "ascending", "smallest", "cheaper")
_HIGH_END = ("expensive", "highest", "high", "descending", "biggest", "pricier", "priciest", "dearest", "most")


def _descending(turn: Turn) -> bool:
    """Whether the question asks for the dearest first: the end it names first ("lowest to
    highest" starts low), or the end it puts "first" after ("most expensive first")."""
    ends = [(n, "low" if w in _LOW_END else "high") for n, w in enumerate(turn.tokens) if w in _LOW_END + _HIGH_END]
    if not ends:
        return False
    for n, end in ends:
        if n + 1 < len(turn.tokens) and turn.tokens[n + 1] == "first":
            return end == "high"
    return ends[0][1] == "high"


def schools_by_price(turn: Turn) -> Answer:
    schools, how = _filtered(turn)
    ranked = by_tuition(schools)
    if not ranked:
        return not_known(turn, "tuition figures")
    descending = _descending(turn)
    if descending:
        ranked.reverse()
    order = "most to least expensive" if descending else "cheapest first"
    where = f" {how}" if how else ""
    return Answer(
        f"Tuition at the schools I know{where}, {order}:\n{school_bullets(ranked)}",
        sources=_tuitions(ranked),
        listed=_names(ranked),
    )


# Words that mean the average of the tuitions ("schools above the average").
_AVERAGE_WORDS = ("average", "mean", "typical")
# Words that ask for the school after one in an order ("the next cheapest after Harbor").
_AFTER_WORDS = ("after", "behind", "following")
# Words that set schools side by side.
_COMPARE_WORDS = ("compare", "comparison", "vs", "versus", "against")
# Words of a superlative, and whether it asks for the cheapest end.
_SUPERLATIVES = {"cheapest": True, "lowest": True, "least": True, "priciest": False, "dearest": False,
                 "most": False, "highest": False, "costliest": False}  # fmt: skip
# Words that ask for the schools above an amount given some other way ("pricier than Harbor").
_ABOVE_WORDS = ("above", "over", "more", "higher", "pricier", "costlier", "dearer", "expensive", "exceed")


def price_filter(turn: Turn) -> Answer:
    """Schools under or over an amount, a school's tuition, or the average; within a range."""
    if turn.unknown_name and turn.entities.amount is None:
        return _unknown_school(turn)
    if turn.entities.amount is None and turn.says(*_AVERAGE_WORDS) and turn.points_back():
        return hand_over(turn, "average_tuition")  # "is that above the average?"
    if len(turn.entities.schools) >= 2:  # "is Harbor pricier than Bayview?"
        return hand_over(turn, "compare_schools")
    superlative = _superlative_of_one(turn)
    if superlative is not None:
        return superlative
    pair = _focus_against_named(turn)
    if pair is not None:  # "how much is Harbor?" then "is that more than Bayview?"
        return _comparison(pair)
    schools, how = _filtered(turn, ranged=False)
    ranked = by_tuition(schools)
    amount, ceiling = turn.entities.amount, turn.entities.ceiling
    average = None
    # The amount compared with: the one named, a school's tuition ("cheaper than Harbor"),
    # the average, the figure just given ("above that"), else the user's budget.
    reference = turn.knowledge.school(turn.entities.schools[0]) if turn.entities.schools else None
    if amount is None and reference is not None and reference.tuition is not None:
        amount = reference.tuition
        ranked = [s for s in ranked if s.name != reference.name]
    else:
        reference = None
    if amount is None and turn.says(*_AVERAGE_WORDS) and ranked:
        average = statistics.fmean(s.tuition for s in ranked)
        amount = average
    if amount is None and turn.state.figure is not None and turn.points_back():
        amount = turn.state.figure
        # The figure was a school's tuition ("how much is Harbor?" then "anything cheaper than that?").
        focus = [s for s in (turn.knowledge.school(n) for n in turn.state.schools[:1]) if s and s.tuition == amount]
        if focus:
            reference = focus[0]
            ranked = [s for s in ranked if s.name != reference.name]
    if amount is None:
        amount = turn.state.budget
    if amount is None:
        return Answer("What amount should I compare with? For example: schools under $15,000.")
    if not ranked:
        return not_known(turn, "tuition figures")
    relative = average is not None or reference is not None or turn.entities.amount is None
    above = turn.entities.bound == "above" or (relative and turn.says(*_ABOVE_WORDS))
    if ceiling is not None:
        hits = [s for s in ranked if amount <= s.tuition <= ceiling]
        wording = f"between {money(amount)} and {money(ceiling)}"
    elif reference is not None:
        hits = [s for s in ranked if (s.tuition > amount if above else s.tuition < amount)]
        wording = f"{'over' if above else 'under'} {reference.name}'s {money(amount)}"
    else:
        hits = [s for s in ranked if (s.tuition > amount if above else s.tuition <= amount)]
        limit = f"the average, {money(average)}" if average is not None else money(amount)
        wording = f"{'over' if above else 'at or under'} {limit}"
    where = f" {how}" if how else ""
    sources = _tuitions(ranked)
    if not hits:
        label = "most expensive" if above else "cheapest"
        if reference is not None:  # "cheaper than Harbor?" when Harbor is the cheapest
            return Answer(
                f"None of the schools I know{where} costs {wording}: {reference.name} is the {label}.",
                schools=(reference.name,),
                sources=sources,
            )
        nearest = ranked[-1] if above else ranked[0]
        return Answer(
            f"None of the schools I know{where} costs {wording}. "
            f"The {label} is {nearest.name} at {money(nearest.tuition)}.",
            schools=(nearest.name,),
            sources=sources,
        )
    count = "1 school" if len(hits) == 1 else f"{len(hits)} schools"
    return Answer(
        f"{count}{where} {'has' if len(hits) == 1 else 'have'} tuition {wording}:\n{school_bullets(hits)}",
        schools=tuple(s.name for s in hits) if len(hits) <= 2 else (),
        sources=sources,
        listed=_names(hits),
    )


def _focus_against_named(turn: Turn) -> list[School] | None:
    """The school just talked about and the one school a question that points back at it
    names ("is that more than Bayview?"): the pair to compare, both priced; else None."""
    named = turn.entities.schools
    focus = turn.state.schools[:1]
    if len(named) != 1 or not focus or focus[0] in named or not turn.points_back():
        return None
    if turn.state.focus_turn != turn.state.turns or turn.entities.amount is not None:
        return None
    pair = [s for s in (turn.knowledge.school(n) for n in (*focus, *named)) if s and s.tuition is not None]
    return pair if len(pair) == 2 else None


def reverse_order(turn: Turn) -> Answer:
    """The list just shown, in the other order ("the other way round")."""
    listed = [s for s in (turn.knowledge.school(n) for n in turn.state.listed) if s]
    if len(listed) < 2:
        return Answer("There is no list to turn round yet. Ask me, say, to list the schools from cheapest to dearest.")
    listed.reverse()
    prices = [s.tuition for s in listed]
    if None not in prices and prices == sorted(prices):
        order = "cheapest first"
    elif None not in prices and prices == sorted(prices, reverse=True):
        order = "most to least expensive"
    else:
        order = "in the other order"
    return Answer(
        f"The same {len(listed)} schools, {order}:\n{school_bullets(listed)}",
        sources=_tuitions(listed),
        listed=_names(listed),
    )


def average_tuition(turn: Turn) -> Answer:
    """The average tuition of the schools (those in a state, or online, when asked)."""
    schools, how = _filtered(turn)
    ranked = by_tuition(schools)
    if not ranked:
        return not_known(turn, "tuition figures")
    where = f" {how}" if how else ""
    if turn.says(*_MEDIAN_WORDS):
        return _statistic("median", statistics.median(s.tuition for s in ranked), ranked, where)
    mean = statistics.fmean(s.tuition for s in ranked)
    figure = turn.state.figure
    focus = [s for s in (turn.knowledge.school(n) for n in turn.state.schools[:1]) if s and s.tuition == figure]
    if focus and turn.points_back():  # "is that above the average?"
        s = focus[0]
        side = "above" if s.tuition > mean else "below" if s.tuition < mean else "exactly at"
        return Answer(
            f"{s.name}'s tuition, {money(s.tuition)}, is {side} the average of the {len(ranked)} schools I "
            f"know{where}, {money(mean)}.",
            schools=(s.name,),
            sources=_tuitions(ranked),
        )
    return _statistic("average", mean, ranked, where)


def _statistic(name: str, value: float, ranked: list[School], where: str) -> Answer:
    """A statistic of the tuitions: "The average tuition of the 6 schools I know is $17,251."."""
    return Answer(
        f"The {name} tuition of the {len(ranked)} schools I know{where} is {money(value)}.",
        sources=_tuitions(ranked),
        figure=round(value),
    )


def compare_schools(turn: Turn) -> Answer:
    superlative = _superlative_of_one(turn)
    if superlative is not None:
        return superlative
    if _schools_measured_by_one(turn):  # "which schools are cheaper than Harbor?"
        return hand_over(turn, "price_filter")
    named = _schools_asked(turn)
    if len(named) < 2:
        # "compare them", "compare it with <school>": fill in from the schools talked about lately.
        for name in turn.state.recent_schools:
            school = turn.knowledge.school(name)
            if school and school not in named and len(named) < 2:
                named.append(school)
    priced = [s for s in named if s.tuition is not None]
    if len(priced) < 2:
        if len(named) == 1 and turn.unknown_name:  # "is NYU cheaper than Harbor?"
            return Answer(
                f"I don't have information about {turn.unknown_name}, so I can't compare it. " + _describe(named[0]),
                schools=(named[0].name,),
                sources=_described(named[0]),
            )
        if len(named) == 1:
            return Answer(
                _describe(named[0]) + " Name another school to compare it with.",
                schools=(named[0].name,),
                sources=_described(named[0]),
            )
        return hand_over(turn, "price_gap")
    return _comparison(priced)


def _comparison(priced: list[School]) -> Answer:
    """Two or more schools side by side, with the difference in tuition."""
    lines = [
        f"{s.name}: {money(s.tuition)}"
        + (f", {s.place}" if s.place else "")
        + (f", {s.delivery}" if s.delivery else "")
        for s in by_tuition(priced)
    ]
    cheap, dear = min(priced, key=lambda s: s.tuition), max(priced, key=lambda s: s.tuition)
    if cheap.tuition == dear.tuition:
        verdict = "They cost the same."
    else:
        verdict = f"{cheap.name} is {money(dear.tuition - cheap.tuition)} cheaper than {dear.name}."
        if len(priced) > 2:
            verdict = f"{cheap.name} is the cheapest, {money(dear.tuition - cheap.tuition)} less than {dear.name}."
    return Answer(
        verdict + "\n" + "\n".join(f"- {line}" for line in lines),  # the answer first, then the detail
        listed=_names(by_tuition(priced)),
        schools=tuple(s.name for s in priced),
        sources=merged(_tuitions(priced), *(s.sources_of("place", "delivery") for s in priced)),
    )


def price_gap(turn: Turn) -> Answer:
    """The difference in tuition between two schools (named, or just compared), else
    between the cheapest and the most expensive."""
    # The schools named, or the two just compared, unless the question asks for the ends
    # of the range ("the gap between the cheapest and the most expensive").
    ends = turn.says(*_ENDS_WORDS)
    asked = _schools_asked(turn) if turn.entities.schools or not ends else []
    if len(asked) < 2 and not ends:  # "by how much?" after "which of those two is cheaper?"
        recent = [s for s in (turn.knowledge.school(n) for n in turn.state.recent_schools[:2]) if s]
        asked = recent if len(recent) == 2 else asked
    pair = [s for s in asked if s.tuition is not None]
    if len(pair) >= 2:
        cheap, dear = by_tuition(pair[:2])
        if cheap.tuition == dear.tuition:
            text = f"{cheap.name} and {dear.name} cost the same, {money(cheap.tuition)}."
        else:
            text = (
                f"{dear.name} costs {money(dear.tuition - cheap.tuition)} more than {cheap.name} "
                f"({money(dear.tuition)} against {money(cheap.tuition)})."
            )
        return Answer(text, schools=(cheap.name, dear.name), sources=_tuitions([cheap, dear]))
    ranked = by_tuition(list(turn.knowledge.schools))
    if len(ranked) < 2:
        return not_known(turn, "enough tuition figures to compare")
    cheap, dear = ranked[0], ranked[-1]
    return Answer(
        f"The cheapest is {cheap.name} at {money(cheap.tuition)} and the most expensive {dear.name} at "
        f"{money(dear.tuition)}: a difference of {money(dear.tuition - cheap.tuition)}.",
        schools=(cheap.name, dear.name),
        sources=_tuitions(ranked),
    )


# Every word these handlers look for in a question (`Turn.says`): their handler set gives
# them to the speller, which then never "corrects" one into another word (career/__init__.py).
CUE_WORDS = (
    *_AMONG_FOCUS,
    *_PRICE_WORDS,
    *_HYBRID_WORDS,
    *_WHICH_ONE_WORDS,
    *_NEXT_WORDS,
    *_MEDIAN_WORDS,
    *_ENDS_WORDS,
    *_BASIS_WORDS,
    *_BUDGET_WORDS,
    *_NEAR_WORDS,
    *_COMPARATIVES,
    *_WHICH_WORDS,
    *_AVERAGE_WORDS,
    *_AFTER_WORDS,
    *_COMPARE_WORDS,
    *_ABOVE_WORDS,
)
