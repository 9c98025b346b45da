"""The answer to "where does that come from?": the passages behind the last answer."""

from __future__ import annotations

import re

from ..pack.knowledge import join_words
from ..reply import Source
from .handlers import Answer, Turn

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def cite(sources: tuple[Source, ...], title: str) -> str:
    """The sources as a reader sees them: each passage quoted, with its section, what figure
    was taken from it for a computed answer, and any correction of the source."""
    document = f'the article "{title}"' if title else "my information"
    if not sources:
        return f"My last answer didn't state anything from {document}, so there is nothing to cite."
    figures = any(s.figure for s in sources)
    lines = [f"I worked that out from these figures in {document}:" if figures else f"That comes from {document}:"]
    for s in sources:
        lead = f"{s.figure}: " if s.figure else ""
        where = " (a heading of the article)" if s.heading else f' (under "{s.section}")' if s.section else ""
        lines.append(f"- {lead}\u201c{s.quote}\u201d{where}")
        if s.correction:
            lines.append(f"  Note: {s.correction}")
    return "\n".join(lines)


def sources(turn: Turn) -> Answer:
    """Where the last answer comes from; the reply cites the same passages (sources=None),
    and says to whom the article credits them. Asked before anything was answered, what
    the information comes from, and whom the article credits for what."""
    source = turn.knowledge.source
    credits = _credits(turn.knowledge)
    credited = ""
    if credits:
        by_whom: dict[str, list[str]] = {}
        for label, whom, _ in credits:
            by_whom.setdefault(whom, []).append(label)
        credited = f" It credits {join_words([f'{join_words(labels)} to {whom}' for whom, labels in by_whom.items()])}."
    if turn.state.turns == 0:
        document = f'the article "{source.title}"' if source and source.title else "one article"
        text = f"My information comes from {document}.{credited}"
        return Answer(f"{text} Ask me something, and I'll show you the passages behind the answer.", sources=())
    if not turn.state.sources:
        return Answer(cite((), source.title if source else "") + credited, sources=None)
    cited = cite(turn.state.sources, source.title if source else "")
    quotes = {s.quote for s in turn.state.sources}
    credited = list(dict.fromkeys(whom for _, whom, said in credits if quotes & said))
    if credited:
        cited += f"\nThe article credits {'these figures' if len(quotes) > 1 else 'this'} to {join_words(credited)}."
    if turn.state.sources and not turn.language.time_words.isdisjoint(turn.tokens):  # "what year was that?"
        return Answer(f"{_years(turn.state.sources)}\n{cited}", sources=None)
    return Answer(cited, sources=None)


def _credits(knowledge) -> list[tuple[str, str, frozenset[str]]]:
    """Whom the article credits, for what: (what, whom, the quotes that say it)."""
    found = []
    pay = knowledge.pay
    if pay is not None and pay.cites:
        parts = (pay, *pay.percentiles, *pay.other)
        found.append(("its pay figures", pay.cites, frozenset(s.quote for p in parts for s in p.sources)))
    places = knowledge.workplaces
    if places is not None and places.cites:
        parts = (places, *places.settings)
        found.append(("its workplace figures", places.cites, frozenset(s.quote for p in parts for s in p.sources)))
    for key, topic in knowledge.topics.items():
        if topic.cites:
            found.append((f"its {key.replace('_', ' ')}", topic.cites, frozenset(s.quote for s in topic.sources)))
    return found


def _years(sources: tuple[Source, ...]) -> str:
    """When the last answer's figures are from: the years its passages name, or that they
    name none."""
    years = sorted({y for s in sources for y in _YEAR.findall(s.quote)})
    if not years:
        return "The article doesn't say what year that is from."
    return f"The article gives {'the year' if len(years) == 1 else 'the years'} {join_words(years)} for that."
