"""Handlers for what users tell about themselves: where they live, their budget, whether
they want to study online, the degree they already have; and advice that uses it."""

from __future__ import annotations

import re
from dataclasses import replace

from ..pack.knowledge import join_words, money
from ..query.schools import by_tuition
from .handlers import Answer, Turn, computed, merged
from .schools import school_bullets, schools_by_distance, schools_in_state

# How a writer speaks of someone else ("my cousin lives in...", "she lives in..."); a place
# said with none of it ("single dad in Ohio", "I live in Ohio") is the writer's own.
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:\w+\s+)?(?:cousin|friend|sister|brother|mom|mum|dad|mother|father|son|"
    r"daughter|wife|husband|partner|kid|child|aunt|uncle|niece|nephew|girlfriend|boyfriend|roommate|parent)\b"
    r"|^(?:he|she|they)\b"
)


def user_location(turn: Turn) -> Answer:
    place = turn.entities.place
    state = turn.entities.state
    if not state and not (place and place.kind == "region"):
        return Answer("Which state do you live in?")
    answer = schools_in_state(turn)
    where = place.name if place is not None else state
    if place is not None and place.kind == "region":  # a region is no home: answer, remember nothing
        return Answer(answer.text, schools=answer.schools, offer=answer.offer, sources=answer.sources)
    # Someone else's place ("my cousin lives in Tampa") is noted as a place, not as the user's.
    noted = where if _SOMEONE_ELSE.search(" ".join(turn.tokens)) else f"you live in {where}"
    return Answer(
        f"Noted: {noted}. {answer.text}",
        schools=answer.schools,
        offer=answer.offer,
        remember={"home_state": state, "home_point": place.point if place else None, "home_place": where},
        sources=answer.sources,
        noted=noted,
    )


def user_budget(turn: Turn) -> Answer:
    amount = turn.entities.amount
    if amount is None:
        return Answer("What is your budget? For example: my budget is $15,000.")
    fits = [s for s in by_tuition(list(turn.knowledge.schools)) if s.tuition <= amount]
    text = f"Noted: your budget is {money(amount)}."
    if fits:
        text += f" These schools have tuition within it:\n{school_bullets(fits)}"
    elif turn.knowledge.schools:
        cheapest = by_tuition(list(turn.knowledge.schools))[0]
        text += (
            f" None of the schools I know is within it; the cheapest is {cheapest.name} at {money(cheapest.tuition)}."
        )
    priced = by_tuition(list(turn.knowledge.schools))
    return Answer(
        text,
        schools=tuple(s.name for s in fits) if len(fits) == 1 else (),
        remember={"budget": amount},
        noted=f"your budget is {money(amount)}",
        sources=computed(priced, lambda s: ("tuition", money(s.tuition))),
    )


def user_online(turn: Turn) -> Answer:
    online = [s for s in turn.knowledge.schools if s.online]
    text = "Noted: you want to study online."
    if online:
        text += f" These schools teach online:\n{school_bullets(online, lambda s: f'{s.name} ({s.delivery})')}"
    else:
        text += " My information doesn't name any school that teaches online."
    return Answer(
        text,
        remember={"wants_online": True},
        sources=merged(*(s.sources_of("delivery") for s in online)),
        noted="you want to study online",
    )


def user_degree(turn: Turn) -> Answer:
    level = turn.entities.degree
    if not level:
        return Answer(
            "Which degree do you have: " + join_words([c.level for c in turn.knowledge.credentials], "or") + "?"
        )
    advice = turn.own_answer()
    cred = turn.knowledge.credential(level)
    called = cred.called if cred else level
    return Answer(
        f"Noted: you already have {called}. {advice}".strip(),
        remember={"has_degree": level},
        sources=turn.own_sources(),
        noted=f"you already have {called}",
    )


def schools_for_me(turn: Turn) -> Answer:
    """Schools that fit everything the user told (state, budget, online), and what the
    question itself says ("what can I afford with $12,000?", "online ones that fit me")."""
    st = turn.state
    budget = turn.entities.amount if turn.entities.amount is not None else st.budget
    online = st.wants_online or turn.constraints.online
    if not (st.home_state or budget is not None or online):
        return Answer(
            "Tell me what matters to you and I'll narrow the list: where you live, your budget, "
            "or whether you want to study online."
        )
    schools = list(turn.knowledge.schools)
    reasons = []
    if online:
        schools = [s for s in schools if s.online]
        reasons.append("teach online")
    if budget is not None:
        schools = [s for s in schools if s.tuition is not None and s.tuition <= budget]
        reasons.append(f"cost at most {money(budget)}")
    nearest = None
    if st.home_state and not online:
        near = (st.home_state, *turn.language.neighbours.get(st.home_state, ()))
        within = [s for s in schools if s.state in near]
        if within or turn.places is None:
            schools = within
            reasons.append(f"are in or next to {st.home_state}")
        else:  # none nearby: the nearest of the rest, by the distance to the user's place
            point = st.home_point or turn.places.point("", st.home_state)
            nearest = schools_by_distance(turn, point, schools)[:1] if point else []
    why = join_words(reasons)
    if nearest:
        s = nearest[0]
        lead = f"None of the schools I know is in or next to {st.home_state}. "
        fits = f" among those that {why}" if why else ""
        return Answer(
            f"{lead}The nearest{fits} is {s.name}"
            + (f" in {s.place}" if s.place else "")
            + f", at {money(s.tuition)}.",
            sources=merged(s.sources_of("tuition", "place")),
            schools=(s.name,),
        )
    if not schools:
        return Answer(f"None of the schools I know {why}. Ask me for the cheapest school, or the online ones.")
    shown = by_tuition(schools)
    text = f"Schools that {why}:\n{school_bullets(shown)}"
    if st.home_state and not online and budget is not None:
        # Near home was not all they asked for: within budget, online, elsewhere.
        away = [s for s in by_tuition(turn.knowledge.schools) if s.online and s not in schools]
        away = [s for s in away if s.tuition is not None and s.tuition <= budget]
        if away:
            names = join_words([f"{s.name} ({money(s.tuition)})" for s in away])
            text += f"\nWithin your budget and taught online, from anywhere: {names}."
    if online and st.home_state:
        # Someone who wants online study still lives somewhere: a school at home may suit.
        home = [
            s
            for s in turn.knowledge.schools
            if s.state == st.home_state and s not in schools and (budget is None or (s.tuition or 0) <= budget)
        ]
        if home:
            names = join_words([f"{s.name} ({money(s.tuition)})" for s in home])
            text += f"\nIn {st.home_state} itself there is {names}, "
            text += "though my information doesn't say it teaches online."
    return Answer(
        text,
        sources=merged(*(s.sources_of("tuition", "delivery", "place") for s in schools)),
        schools=tuple(s.name for s in schools) if len(schools) <= 2 else (),
        listed=tuple(s.name for s in shown),  # "the first one", "the second one" point into it
    )


def choosing_school(turn: Turn) -> Answer:
    """How to choose a school; once the user has told what matters to them (where they
    live, their budget, online), the schools that fit it as well."""
    advice = turn.own_answer()
    st = turn.state
    if not (st.home_state or st.budget is not None or st.wants_online):
        return Answer(advice, sources=turn.own_sources())
    fit = schools_for_me(turn)
    return replace(fit, text=f"{fit.text}\n{advice}", sources=merged(fit.sources or (), turn.own_sources()))
