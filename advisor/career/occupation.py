"""Handlers for the occupation itself: pay and where people work."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..nlu.entities import is_year
from ..pack.knowledge import Knowledge, join_words, money
from ..query.frame import Operation
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
    """What pay answers may say beyond the figures: who reported them and the labels of the
    other pay facts (what affects pay is the pay factors' own answer)."""
    p = knowledge.pay
    if p is None:
        return ""
    return " ".join((p.cites, *(other.label for other in p.other)))


def pay(turn: Turn) -> Answer:
    """The pay figures: one looked up, the difference between two, or a figure the user
    names (an offer) set against them: the frame's operation says which."""
    other = turn.entities.other_occupation
    if other and turn.knowledge.pay is not None:  # "do they earn more than nurses?"
        answer = _pay(turn)
        plural = turn.language.occupations.get(other, other + "s")
        return replace(answer, text=f"I don't have pay figures for {plural}. {answer.text}")
    if turn.knowledge.pay is not None:
        if turn.frame.operation is Operation.DIFFERENCE:
            return _pay_difference(turn)
        if turn.frame.operation is Operation.COMPARE:
            amount = turn.entities.amount
            if amount is None and turn.points_back() and turn.state.last_intent == turn.intent.name:
                amount = turn.state.figure  # "is that good compared to the average?": the offer just set against it
            if amount is not None:
                return _pay_against(turn, amount)
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
    named = [q for q in (p.percentile(side, pct) for side, pct in turn.entities.percentiles) if q is not None]
    if len(named) > 1:  # "what do the bottom 10% make vs the top 10?": each figure named
        first, *rest = named
        parts = [f"the {first.side} {first.percent}% of {plural} earn {money(first.amount)} a {p.period}"]
        parts += [f"the {q.side} {q.percent}% {money(q.amount)}" for q in rest]
        text, sources = f"{lead}{join_words(parts)}.", merged(*(q.sources for q in named))
        central = next((f for f in _figures(p) if f.central and f.central in turn.tokens), None)
        if central is not None:  # "the average, 10th, 25th... percentiles": the average too
            text += f" {sentence(central.label)} is {money(central.amount)}."
            sources = merged(sources, central.sources)
        return Answer(text, sources=sources)
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
    # A year named in the question picks another figure the source gives for that year (so
    # does the figure's own amount); a year it gives none for is not answered with today's.
    years = [t for t in turn.tokens if is_year(t)]
    for figure in p.other:
        if any(y in figure.label.lower().split() for y in years) or turn.entities.amount == figure.amount:
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


@dataclass(frozen=True)
class _Figure:
    """One pay figure of the source, as an answer names it."""

    label: str  # "the top 10%", "the average"
    amount: int
    sources: tuple
    central: str = ""  # "average" or "median" for the centre of the range, "" for a percentile


def _figures(p) -> list[_Figure]:
    """Every pay figure of the source for the same period, lowest first."""
    found = [_Figure(f"the {q.side} {q.percent}%", q.amount, q.sources) for q in p.percentiles]
    if p.average is not None:
        found.append(_Figure("the average", p.average, p.sources, "average"))
    if p.median is not None:
        found.append(_Figure("the median", p.median, p.sources, "median"))
    return sorted(found, key=lambda f: f.amount)


def _named_figures(turn: Turn) -> list[_Figure]:
    """The figures a question names: a figure of another year the source gives ("the May
    2018 figure"), the percentiles (or, pointed at, the one just shown), the average, the
    median."""
    p = turn.knowledge.pay
    named = []
    years = {t for t in turn.tokens if is_year(t)}
    for figure in p.other:
        if years & set(figure.label.lower().split()):
            named.append(_Figure(f"the {figure.label}", figure.amount, figure.sources))
    percentiles = turn.entities.percentiles
    st = turn.state
    if not percentiles and st.percentile and turn.points_back():
        # "the gap between those two" after two percentiles; "how much more is that than..." after one
        pair = st.earlier_percentile and not turn.says(*_AVERAGE_WORDS, *_MEDIAN_WORDS)
        percentiles = (st.earlier_percentile, st.percentile) if pair else (st.percentile,)
    for side, pct in percentiles:
        found = p.percentile(side, pct)
        if found is not None:
            named.append(_Figure(f"the {side} {pct}%", found.amount, found.sources))
    central = [f for f in _figures(p) if f.central]
    if turn.says(*_AVERAGE_WORDS):
        named += [f for f in central if f.central == "average"]
    if turn.says(*_MEDIAN_WORDS):
        named += [f for f in central if f.central == "median"]
    return named


def _pay_difference(turn: Turn) -> Answer:
    """How far apart two pay figures are: the two named; one named and the average; or,
    with none named, the top and the bottom of the range."""
    p = turn.knowledge.pay
    named = _named_figures(turn)
    every = _figures(p)
    if len(named) == 1:
        central = next((f for f in every if f.central and f != named[0]), None)
        named = [named[0], central] if central else named
    if len(named) < 2:
        named = [every[-1], every[0]] if len(every) >= 2 else []
    if len(named) < 2:
        return not_known(turn, "two pay figures to compare")
    high, low = sorted(named[:2], key=lambda f: -f.amount)
    gap = high.amount - low.amount
    # A percentile is people who earn; a figure of another year is a figure that was.
    said = "earn" if "%" in high.label else "was"
    text = (
        f"{_according(p.cites)}{high.label} {said} {money(high.amount)} a {p.period} and {low.label} "
        f"{money(low.amount)}: a difference of {money(gap)}."
    )
    return Answer(
        sentence(text),
        sources=merged(high.sources, low.sources),
        figure=gap,
        chart=_pay_chart(p),
    )


# A figure this big is no pay anyone is offered: said as above every figure, never formatted.
_BEYOND = 10**9


def _pay_against(turn: Turn, amount: int) -> Answer:
    """A figure the user names ("I was offered $45,000") set against the source's: above or
    below the average, and between which percentiles it falls. The source's figures are for
    the occupation as a whole: they do not say what a first job or one place pays."""
    p = turn.knowledge.pay
    every = _figures(p)
    plural = turn.knowledge.occupation.plural
    if amount >= _BEYOND:
        top = every[-1]
        return Answer(f"That is far above every pay figure I know: {top.label} of {plural} earn {money(top.amount)}.")
    said = money(amount)
    lead = ""
    for side, pct in turn.entities.percentiles[:1]:  # "would $52,000 put me in the top 25%?"
        found = p.percentile(side, pct)
        if found is not None:
            inside = amount >= found.amount if side == "top" else amount <= found.amount
            word = ("more" if side == "top" else "less") if inside else ("less" if side == "top" else "more")
            lead = (
                f"{'Yes' if inside else 'No'}: {said} is {word} than what the {side} {pct}% earn "
                f"({money(found.amount)}). "
            )
    central = next((f for f in every if f.central == "average"), None) or next(
        (f for f in every if f.central == "median"), None
    )
    parts = []
    if central is not None:
        if amount == central.amount:
            parts.append(f"{said} a {p.period} is exactly {central.label} for {plural}")
        else:
            side = "above" if amount > central.amount else "below"
            parts.append(
                f"{said} a {p.period} is {money(abs(amount - central.amount))} {side} {central.label} for {plural} "
                f"({money(central.amount)})"
            )
    percentiles = [f for f in every if not f.central]
    below = [f for f in percentiles if f.amount <= amount]
    above = [f for f in percentiles if f.amount > amount]
    if not below and above:
        parts.append(f"and less than {above[0].label} earn ({money(above[0].amount)})")
    elif below and not above:
        parts.append(f"and more than {below[-1].label} earn ({money(below[-1].amount)})")
    elif below and above:
        parts.append(
            f"between what {below[-1].label} earn ({money(below[-1].amount)}) and {above[0].label} "
            f"({money(above[0].amount)})"
        )
    text = lead + ", ".join(parts) + "."
    source = f"The figures are from {p.cites}; they" if p.cites else "These figures"
    text += f" {source} don't say what a first job or any one place pays."
    used = [f for f in every if f in (central, *(below[-1:]), *(above[:1]))]
    return Answer(sentence(text), sources=merged(*(f.sources for f in used)), chart=_pay_chart(p), figure=amount)


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
