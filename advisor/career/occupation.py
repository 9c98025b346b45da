"""Handlers for the occupation itself: pay and where people work."""

from __future__ import annotations

from ..pack.knowledge import Knowledge, join_words, money
from ..reply import Chart
from .handlers import Answer, Turn, merged, not_known, sentence

# Words that ask what makes pay higher ("what affects pay?", "how to earn more").
_FACTOR_WORDS = ("affect", "affects", "raise", "increase", "more", "better", "factors")
_MEDIAN_WORDS = ("median",)
_AVERAGE_WORDS = ("average", "mean")
# Every word these handlers look for in a question (`Turn.says`): their handler set gives
# them to the speller, which then never "corrects" one into another word (career/__init__.py).
CUE_WORDS = (*_FACTOR_WORDS, *_MEDIAN_WORDS, *_AVERAGE_WORDS)


def _according(cites: str) -> str:
    return f"According to {cites}, " if cites else ""


def pay_says(knowledge: Knowledge) -> str:
    """What pay answers may say beyond the figures: the labels of the other pay facts."""
    return " ".join(p.label for p in (knowledge.pay.other if knowledge.pay else ()))


def pay(turn: Turn) -> Answer:
    answer = _pay(turn)
    asked = next((unit for word, unit in _PERIODS.items() if word in turn.tokens), None)
    p = turn.knowledge.pay
    if p is not None and asked and asked != p.period:
        # Never divide a yearly figure into an hourly one: the source gives none.
        return Answer(f"I only have figures per {p.period}, not per {asked}. {answer.text}", sources=answer.sources)
    return answer


# Words asking for pay over another period than the pack's.
_PERIODS = {
    "hour": "hour",
    "hourly": "hour",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "day": "day",
    "daily": "day",
}


def _pay(turn: Turn) -> Answer:
    p = turn.knowledge.pay
    if p is None:
        return not_known(turn, "pay figures")
    plural = turn.knowledge.occupation.plural
    lead = _according(p.cites)
    percentile = turn.entities.percentile
    just_named = turn.state.percentile_turn == turn.state.turns
    if percentile is None and turn.state.percentile and just_named and turn.points_back():
        # "is that per hour?" right after the pay of a percentile is about that figure.
        last = next((i for i in turn.intents if i.name == turn.state.last_intent), None)
        if last is not None and last.handler == turn.intent.handler:
            percentile = turn.state.percentile
    if percentile:
        side, pct = percentile
        found = p.percentile(side, pct)
        if found:
            text = f"{lead}the {side} {pct}% of {plural} earn {money(found.amount)} a {p.period}."
            return Answer(text, sources=merged(found.sources))
        known = join_words([f"the {q.side} {q.percent}%" for q in p.percentiles])
        if not known:
            return Answer(f"I don't have a figure for the {side} {pct}%.")
        return Answer(f"I don't have a figure for the {side} {pct}%. I know the pay of {known}.")
    # A year named in the question picks another figure the source gives for that year; a
    # year it gives none for is not answered with today's figures.
    years = [t for t in turn.tokens if t.isdecimal() and len(t) == 4 and 1900 <= int(t) <= 2100]
    for figure in p.other:
        if any(y in figure.label.lower().split() for y in years):
            return Answer(f"{lead}the {figure.label} was {money(figure.amount)}.", sources=figure.sources)
    if years:
        return Answer(
            f"I don't know what {plural} earn in {years[0]}: my information doesn't say. "
            "Ask me what they earn, and I'll give the figures it has."
        )
    text = _central(turn, lead, plural)
    chart = _pay_chart(p)
    ends = [q for q in p.percentiles if q.percent == min(x.percent for x in p.percentiles)]
    if ends:
        parts = [f"the {q.side} {q.percent}% earn {money(q.amount)}" for q in sorted(ends, key=lambda q: q.side)]
        text += " " + sentence(join_words(parts)) + "."
    sources = merged(p.sources, *(q.sources for q in ends))
    if turn.entities.setting or turn.says(*_FACTOR_WORDS):
        if p.factors:
            text = f"{p.factors} {text}"
            sources = merged(p.factors_sources, sources)
    return Answer(sentence(text), sources=sources, chart=chart)


def _pay_chart(p) -> Chart | None:
    """The pay the source gives, lowest to highest: its percentiles and its average or median."""
    bars = [(f"{q.side.capitalize()} {q.percent}%", float(q.amount)) for q in p.percentiles]
    central = p.average if p.average is not None else p.median
    if central is not None:
        bars.append(("Average" if p.average is not None else "Median", float(central)))
    bars.sort(key=lambda bar: bar[1])
    return Chart(f"Pay a {p.period}", "$", tuple(bars)) if len(bars) >= 2 else None


def _central(turn: Turn, lead: str, plural: str) -> str:
    """The average or the median, whichever was asked and the source gives; a figure of the
    other kind is named as what it is, never passed off as the one asked."""
    p = turn.knowledge.pay
    asked = "median" if turn.says(*_MEDIAN_WORDS) else "average" if turn.says(*_AVERAGE_WORDS) else None
    kind = asked if asked and getattr(p, asked) is not None else ("average" if p.average is not None else "median")
    measure = "an average" if kind == "average" else "a median"
    figure = f"{lead}{plural} earn {measure} of {money(getattr(p, kind))} a {p.period}."
    if asked and asked != kind:
        return f"My information gives the {kind} pay, not the {asked}: {figure[:1].lower()}{figure[1:]}"
    return figure


def workplaces_says(knowledge: Knowledge) -> str:
    """What workplace answers may say: the settings' names."""
    return " ".join(s.name for s in knowledge.workplaces.settings)


def workplaces(turn: Turn) -> Answer:
    w = turn.knowledge.workplaces
    if not w.settings:
        return not_known(turn, "information on workplaces")
    text = f"They work in {join_words([s.name for s in w.settings])}."
    shares = [s for s in w.settings if s.share is not None]
    if shares:
        listed = join_words([f"{s.share}% in {s.name}" for s in shares])
        year = f" in {shares[0].year}" if shares[0].year else ""
        text += " " + sentence(f"{_according(w.cites)}{listed}{year}.")
    return Answer(text, sources=merged(w.sources, *(s.sources for s in shares)))


def workplace_share(turn: Turn) -> Answer:
    w = turn.knowledge.workplaces
    shares = [s for s in w.settings if s.share is not None]
    if not shares:
        return not_known(turn, "figures on where they work")
    lead = _according(w.cites)
    name = turn.entities.setting
    if name:
        setting = turn.knowledge.setting(name)
        if setting and setting.share is not None:
            year = f" in {setting.year}" if setting.year else ""
            plural = turn.knowledge.occupation.plural
            text = sentence(f"{lead}{setting.share}% of {plural} worked in {setting.name}{year}.")
            return Answer(text, sources=setting.sources)
        known = join_words([f"{s.share}% in {s.name}" for s in shares])
        return Answer(f"I don't have a figure for {name}. The figures I have are {known}.")
    listed = join_words([f"{s.share}% worked in {s.name}" for s in shares])
    year = f" in {shares[0].year}" if shares[0].year else ""
    return Answer(sentence(f"{lead}{listed}{year}."), sources=merged(*(s.sources for s in shares)))
