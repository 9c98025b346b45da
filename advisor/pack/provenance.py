"""Provenance: where each fact of a pack comes from in its source document.

A knowledge pack may name its source document (`source: {file, title}`, a text file beside
the YAML). Then every fact carries `quote`, the passage it comes from, and the section a
quote is under is read off the document (the heading above it). The checks here hold the
two together:
 - a quote that is not in the document (after folding whitespace and typographic quotes)
   is an error, and so is a `section` that is not one of its lines;
 - a fact with no quote is a warning;
 - `coverage` lists the document's sentences that no quote comes from, for
   `advisor check --coverage`: what the pack has not yet taken from its source.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# Typographic marks folded to plain ones, so a quote typed with ' matches the source's ’.
_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
# A line that is a bullet of a list: the bullet is not part of its text.
_BULLET = re.compile(r"^\s*[\u2022\u25cf*\-]\s*")
# Sentences end at . ! ? followed by a space and a capital, a digit or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")
# A heading has no end mark and is short.
HEADING_WORDS = 16


def fold(text: str) -> str:
    """Text as quotes are compared: NFKC, plain quote marks, whitespace folded to one space."""
    if text.isascii():  # NFKC and the marks change no ASCII character
        return " ".join(text.split())
    return " ".join(unicodedata.normalize("NFKC", text).translate(_MARKS).split())


def _heading(line: str, text: str | None = None) -> bool:
    """A heading: a short line that is not a bullet, with no colon and no end mark but "?"
    ("Who is a Harbor Pilot?", "Harbor College"). "Tuition Fees: $17,664"
    and "RELATED: ..." have a colon: they are lines under a heading, not headings.
    `text`: the line folded, when the caller has it."""
    text = fold(line) if text is None else text
    return (
        bool(text)
        and not _BULLET.match(line)
        and ":" not in text
        and not re.search(r"[.!;,]$", text)
        and len(text.split()) <= HEADING_WORDS
    )


@dataclass(frozen=True)
class Sentence:
    """One sentence of the source document, with its line (1-based); a heading is one whole."""

    line: int
    text: str
    heading: bool = False


def sentences(text: str) -> list[Sentence]:
    """The source's sentences: each line split at sentence ends (a heading is kept whole),
    bullets dropped."""
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = fold(_BULLET.sub("", raw))
        if not line:
            continue
        if _heading(raw):
            found.append(Sentence(number, line, heading=True))
        else:
            found.extend(Sentence(number, part) for part in _SENTENCE_END.split(line) if part)
    return found


class SourceText:
    """A source document, folded once, to look quotes and sections up in."""

    def __init__(self, text: str):
        self.text = text
        parts: list[str] = []
        self._offsets: list[int] = []  # where each heading begins in `folded`, in order
        self._headings: list[str] = []
        at = 0
        for line in text.splitlines():
            folded = fold(_BULLET.sub("", line))
            if not folded:
                continue
            # A bullet is no heading, so the line's own folded text is the stripped one.
            if not _BULLET.match(line) and _heading(line, folded):
                self._offsets.append(at)
                self._headings.append(folded)
            parts.append(folded)
            at += len(folded) + 1
        self.folded = " ".join(parts)
        self.lines = set(parts)
        self._places: dict[str, int] = {}  # a folded quote -> its first offset in `folded`

    def _find(self, quote: str) -> tuple[str, int]:
        """The quote folded, and where it first is in the document (-1: nowhere); kept, as
        a load asks both whether a quote is there and where."""
        folded = fold(quote)
        at = self._places.get(folded)
        if at is None:
            at = self._places[folded] = self.folded.find(folded)
        return folded, at

    def has_quote(self, quote: str) -> bool:
        return self._find(quote)[1] >= 0

    def has_section(self, section: str) -> bool:
        return fold(section) in self.lines

    def place_of(self, quote: str) -> tuple[str, bool]:
        """Where the quote's first place in the document is: the heading it is under, and
        whether it is (part of) a heading itself, when the heading is that one ("Harbor
        College" is the heading "Harbor College, Harbor City, Oregon", not a passage under
        the heading before it). ("", False) if it is not found."""
        folded, at = self._find(quote)
        if at < 0:
            return "", False
        above = bisect.bisect_right(self._offsets, at)  # the headings that begin at or before it
        if not above:
            return "", False
        offset, heading = self._offsets[above - 1], self._headings[above - 1]
        return heading, at + len(folded) <= offset + len(heading)


@dataclass(frozen=True)
class Coverage:
    """How much of a source the pack's quotes come from. Headings state no fact: they are
    counted apart from the sentences."""

    total: int  # sentences, headings not included
    quoted: int
    missing: tuple[Sentence, ...]  # sentences no quote comes from
    headings: tuple[Sentence, ...]  # headings no quote comes from

    @property
    def share(self) -> float:
        return self.quoted / self.total if self.total else 1.0


def coverage(source: str, quotes: list[str]) -> Coverage:
    """The sentences of `source` that some quote comes from: a quote inside the sentence, or a
    sentence inside a quote (a quote may run over several sentences)."""
    folded = [fold(q) for q in quotes if q.strip()]
    found = sentences(source)
    missing = [s for s in found if not any(q in s.text or s.text in q for q in folded)]
    body = [s for s in found if not s.heading]
    unquoted = [s for s in missing if not s.heading]
    return Coverage(len(body), len(body) - len(unquoted), tuple(unquoted), tuple(s for s in missing if s.heading))


def quotes_of(knowledge) -> list[str]:
    """Every quote of a loaded `Knowledge`, in the order its facts are kept."""
    k = knowledge
    groups = [k.occupation.quote, *(t.quote for t in k.topics.values())]
    if k.pay is not None:
        groups += [k.pay.quote, k.pay.factors_quote, *(p.quote for p in k.pay.percentiles)]
        groups += [f.quote for f in k.pay.other]
    groups += [k.workplaces.quote, *(s.quote for s in k.workplaces.settings)]
    groups += [c.quote for c in k.credentials]
    for school in k.schools:
        groups += [*school.quote.values(), *(n.quote for n in school.notes)]
    return [q for group in groups for q in group]
