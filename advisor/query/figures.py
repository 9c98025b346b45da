"""The figure of the knowledge that an amount a question names is: "what's the $52,700
figure about?", "$9,000 is which school?". An amount equal to one of the pack's own
figures is a question about that figure, not a budget or an offer."""

from __future__ import annotations

from dataclasses import dataclass

from ..pack.knowledge import Knowledge


@dataclass(frozen=True)
class NamedFigure:
    """A figure of the knowledge: of the pay (a percentile, the average or median, or
    another figure by its label) or of a school's tuition."""

    table: str  # "pay" or "tuition"
    label: str  # "the top 10%", "the average", "all workers in May 2019"
    percentile: tuple[str, int] | None = None
    school: str | None = None


def figure_named(knowledge: Knowledge, amount: int) -> NamedFigure | None:
    """The pack's figure equal to the amount, if exactly one is."""
    found: list[NamedFigure] = []
    pay = knowledge.pay
    if pay is not None:
        for q in pay.percentiles:
            if q.amount == amount:
                found.append(NamedFigure("pay", q.label, percentile=(q.side, q.percent)))
        for central, value in (("the average", pay.average), ("the median", pay.median)):
            if value == amount:
                found.append(NamedFigure("pay", central))
        for other in pay.other:
            if other.amount == amount:
                found.append(NamedFigure("pay", other.label))
    for school in knowledge.schools:
        if school.tuition == amount:
            found.append(NamedFigure("tuition", f"{school.name}'s tuition", school=school.name))
    return found[0] if len(found) == 1 else None
