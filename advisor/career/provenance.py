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
        where = f' (under "{s.section}")' if s.section else ""
        lines.append(f"- {lead}\u201c{s.quote}\u201d{where}")
        if s.correction:
            lines.append(f"  Note: {s.correction}")
    return "\n".join(lines)


def sources(turn: Turn) -> Answer:
    """Where the last answer comes from; the reply cites the same passages (sources=None)."""
    source = turn.knowledge.source
    if turn.state.turns == 0:
        return Answer("Ask me something first, and I'll show you where the answer comes from.", sources=())
    cited = cite(turn.state.sources, source.title if source else "")
    if turn.state.sources and not turn.language.time_words.isdisjoint(turn.tokens):  # "what year was that?"
        return Answer(f"{_years(turn.state.sources)}\n{cited}", sources=None)
    return Answer(cited, sources=None)


def _years(sources: tuple[Source, ...]) -> str:
    """When the last answer's figures are from: the years its passages name, or that they
    name none."""
    years = sorted({y for s in sources for y in _YEAR.findall(s.quote)})
    if not years:
        return "The article doesn't say what year that is from."
    return f"The article gives {'the year' if len(years) == 1 else 'the years'} {join_words(years)} for that."
