"""Find the things a question is about: schools, states, pay percentiles, workplace settings,
levels of study, amounts, online study, and which occupation it names.

Every name comes from the pack (school names and aliases, settings, credential levels,
occupation aliases, other occupations from the vocabulary) or from the built-in English
data (states, number words); nothing is listed here. Mentions are matched on normalised
tokens, longest first, so typos are already corrected by the normaliser. Each mention is
replaced by a slot word (SCHOOL, STATE...) in the text used for routing, so "how much is"
followed by any school's name routes the same way as the pattern "how much is {school}".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from .language import Language
from .places import Place

# Slot words. Upper case cannot collide with normalised user text, which is lower case.
SLOTS = {
    "school": "SCHOOL",
    "state": "STATE",
    "percentile": "PERCENTILE",
    "setting": "SETTING",
    "degree": "DEGREE",
    "amount": "AMOUNT",
    "occupation": "OCCUPATION",
    "other_occupation": "OTHERJOB",
}
SLOT_PATTERN = re.compile(r"\{(" + "|".join(SLOTS) + r")\}")

# When one phrase names two kinds of thing, the earlier kind wins.
_KIND_PRIORITY = ("school", "occupation", "other_occupation", "state", "setting", "degree")
_PERCENT_WORDS = ("percent", "percentile", "pct")
# A number longer than this is no amount anyone means ("9" typed 400 times, past what a
# float holds): it is read as no amount at all, and the answer asks for one.
MAX_AMOUNT_DIGITS = 40
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
# How many words may stand between "top" and "10" ("the top paid 10 percent").
_PERCENT_WINDOW = 3
_YEARS = range(1900, 2101)


def is_year(token: str) -> bool:
    """Whether a normalised token is a year ("2018"), not an amount or a count."""
    return len(token) == 4 and token.isdecimal() and int(token) in _YEARS


@dataclass(frozen=True)
class Mention:
    """A span of tokens [start, end) that names `value`, a thing of `kind`."""

    kind: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Entities:
    """What a question mentions. Values are canonical names from the pack."""

    schools: tuple[str, ...] = ()
    state: str | None = None  # the first state named
    states: tuple[str, ...] = ()  # every state named ("in Texas or Kansas")
    percentile: tuple[str, int] | None = None  # ("top", 10): the first named
    percentiles: tuple[tuple[str, int], ...] = ()  # every one named ("the top and bottom 10%")
    setting: str | None = None
    degree: str | None = None
    amount: int | None = None
    bound: str | None = None  # "below" or "above", with amount
    ceiling: int | None = None  # the top of a range ("between 15,000 and 18,000"): amount is its bottom
    online: bool = False
    occupation: bool = False  # the pack's own occupation is named
    other_occupation: str | None = None
    school_options: tuple[str, ...] = ()  # a part of a name that fits several schools ("community")
    place: Place | None = None  # a city or region named ("Portland, Oregon", "the Midwest")

    def as_strings(self) -> dict[str, str]:
        """The flat, JSON-safe form shown in `Reply.entities`."""
        out: dict[str, str] = {}
        for i, school in enumerate(self.schools):
            out["school" if i == 0 else f"school_{i + 1}"] = school
        if self.state:
            out["state"] = self.state
        for i, state in enumerate(self.states[1:], 2):
            out[f"state_{i}"] = state
        if self.percentile:
            out["percentile"] = f"{self.percentile[0]} {self.percentile[1]}%"
        for i, (side, pct) in enumerate(self.percentiles[1:], 2):
            out[f"percentile_{i}"] = f"{side} {pct}%"
        for name in ("setting", "degree", "bound", "other_occupation"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.amount is not None:
            out["amount"] = str(self.amount)
        if self.ceiling is not None:
            out["up_to"] = str(self.ceiling)
        if self.online:
            out["online"] = "yes"
        if self.place:
            out["place"] = self.place.name
        return out


_NOTHING = Entities()


@dataclass(frozen=True)
class Extraction:
    entities: Entities
    routing_tokens: tuple[str, ...]  # tokens with mentions replaced by slot words


# Words that join the two ends of a range ("between 15,000 and 18,000", "15,000 to 18,000").
_RANGE_JOINS = ("and", "to", "through", "thru")
_RANGE_OPENERS = ("between", "from", "range")


def _joins_range(tokens: tuple[str, ...], after: int, at: int) -> bool:
    """Whether tokens[after:at] join a first amount to a second as a range."""
    between = tokens[after:at]
    return 0 < len(between) <= 2 and between[-1] in _RANGE_JOINS


def _range_start(tokens: tuple[str, ...], i: int, value: int) -> tuple[int, int, int] | None:
    """(low, high, start) when the amount at i ends a range whose start is a bare number:
    "between 15 and 20 thousand" (the thousands go with both), "15 20000" from "15-20k"."""
    j = i - 1
    if j >= 0 and tokens[j] in _RANGE_JOINS:
        j -= 1
    if j < 0 or not tokens[j].isdecimal() or (j == i - 1 and j > 0 and tokens[j - 1] not in _RANGE_OPENERS):
        return None
    low = int(tokens[j])
    if low < 1000 and low * 1000 <= value:
        low *= 1000
    if low > value or (j == i - 2 and not (j > 0 and tokens[j - 1] in _RANGE_OPENERS)):
        return None
    return low, value, j - (1 if j > 0 and tokens[j - 1] in _RANGE_OPENERS else 0)


class PhraseTable:
    """Phrases (token tuples) to values, found longest first at a position in a text.
    Indexed by first word, so a word that starts no phrase costs one dictionary look-up."""

    def __init__(self, phrases: dict[tuple[str, ...], object]):
        self.phrases = phrases
        self._longest: dict[str, int] = {}
        for phrase in phrases:
            self._longest[phrase[0]] = max(self._longest.get(phrase[0], 0), len(phrase))

    def find(self, tokens: tuple[str, ...], i: int) -> tuple[int, object]:
        """(length, value) of the longest phrase starting at tokens[i]; (0, None) if none."""
        longest = self._longest.get(tokens[i])
        if longest is None:
            return 0, None
        for n in range(min(longest, len(tokens) - i), 0, -1):
            hit = self.phrases.get(tokens[i : i + n])
            if hit is not None:
                return n, hit
        return 0, None

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self.phrases

    def get(self, phrase: tuple[str, ...]):
        return self.phrases.get(phrase)


def _plural(phrase: tuple[str, ...]) -> tuple[str, ...]:
    return phrase[:-1] + (phrase[-1] + "s",)


class EntityIndex:
    """Phrase tables for one pack. Built once at load; read-only afterwards."""

    def __init__(
        self,
        language: Language,
        tokenize_all: Callable[[Sequence[str]], list[tuple[str, ...]]],
        names: Mapping[str, Iterable[tuple[str, str]]],
        partials: Mapping[str, tuple[str, ...]] | None = None,
        percents: frozenset[int] = frozenset(),
    ):
        """`names[kind]` yields (phrase, canonical value); `tokenize_all` normalises phrases.
        `partials` maps a word of a school's name to the schools it may mean. `percents` are
        the pay percentiles the pack gives (10 and 25, say), which need no "percent" after them."""
        self.language = language
        self._percents = percents
        self._partials = dict(partials or {})
        # Every phrase normalised at once (the regexes run once over them all), then looked up.
        named = [(kind, phrase, value) for kind in reversed(_KIND_PRIORITY) for phrase, value in names.get(kind, ())]
        said = [p for group in (language.percentile_sides, language.amount_bounds) for ps in group.values() for p in ps]
        phrases = [phrase for _, phrase, _ in named] + said + list(language.online_words)
        tokenize = dict(zip(phrases, map(tuple, tokenize_all(phrases)), strict=True)).__getitem__
        self._phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        for kind, phrase, value in named:  # earlier kinds overwrite later ones
            tokens = tokenize(phrase)
            if not tokens:
                continue
            self._phrases[tokens] = (kind, value)
            if kind not in ("school", "state") and _plural(tokens) not in self._phrases:
                self._phrases[_plural(tokens)] = (kind, value)
        self._names = PhraseTable(self._phrases)
        self._sides = PhraseTable({tokenize(p): side for side, ps in language.percentile_sides.items() for p in ps})
        self._bounds = PhraseTable({tokenize(p): b for b, ps in language.amount_bounds.items() for p in ps})
        self._online = PhraseTable({tokenize(p): True for p in language.online_words})
        # Words that can start a mention: a text with none of them (and no digits) has no entity.
        self._starters = frozenset(
            phrase[0] for table in (self._names, self._sides, self._online) for phrase in table.phrases
        ) | frozenset(self._partials)

    def names(self, phrase: tuple[str, ...]) -> bool:
        """Whether the words are a name of the pack's (a school, a setting...): such a name
        is never read as a place (a college called after its town is the college)."""
        return phrase in self._names

    @property
    def words(self) -> set[str]:
        """Every word of every phrase: the normaliser must not 'correct' these."""
        found = set()
        for table in (self._names, self._sides, self._bounds, self._online):
            for phrase in table.phrases:
                found.update(phrase)
        return found | set(self._partials)

    def _number(self, token: str) -> int | None:
        if token.isdecimal():
            return int(token)
        return self.language.numbers.get(token)

    def extract(self, tokens: tuple[str, ...]) -> Extraction:
        if self._starters.isdisjoint(tokens) and "".join(tokens).isalpha():  # no mention, no number
            return Extraction(_NOTHING, tokens)
        mentions: list[Mention] = []
        found: dict[str, list[str]] = {}
        percentiles: list[tuple[str, int]] = []
        amount = bound = ceiling = None
        online = False
        options: tuple[str, ...] = ()
        i = 0
        while i < len(tokens):
            n, hit = self._names.find(tokens, i)
            if hit:
                kind, value = hit
                mentions.append(Mention(kind, value, i, i + n))
                if value not in found.setdefault(kind, []):
                    found[kind].append(value)
                i += n
                continue
            partial = self._partials.get(tokens[i])
            if partial:
                if len(partial) == 1:  # a part of one school's name only: that school
                    mentions.append(Mention("school", partial[0], i, i + 1))
                    if partial[0] not in found.setdefault("school", []):
                        found["school"].append(partial[0])
                elif not options:
                    options = partial
                    mentions.append(Mention("school", "?", i, i + 1))
                i += 1
                continue
            n, side = self._sides.find(tokens, i)
            if side:
                pct, end = self._percent_after(tokens, i + n)
                if pct:
                    percentiles.append((side, pct))
                    # "the top and bottom 25%": a side named between this one and the percent shares it.
                    for j in range(i + n, min(end, len(tokens))):
                        m, other = self._sides.find(tokens, j)
                        if other and other != side and (other, pct) not in percentiles:
                            percentiles.append((other, pct))
                    mentions.append(Mention("percentile", f"{side} {pct}", i, end))
                    i = end
                    continue
            hit_percentile = self._ordinal_percentile(tokens, i)
            if hit_percentile:
                percentiles.append(hit_percentile[0])
                end = hit_percentile[1]
                mentions.append(Mention("percentile", f"{percentiles[-1][0]} {percentiles[-1][1]}", i, end))
                i = end
                continue
            if tokens[i].isdecimal() and ceiling is None and len(tokens[i]) <= MAX_AMOUNT_DIGITS:
                value = int(tokens[i])
                is_money = i + 1 < len(tokens) and tokens[i + 1] in ("dollar", "dollars")
                if is_money or (value >= 1000 and value not in _YEARS):
                    end = i + 2 if is_money else i + 1
                    if amount is None:
                        low = _range_start(tokens, i, value)
                        if low is not None:  # "between 15 and 20 thousand", "from 15k to 20k"
                            amount, ceiling = low[0], low[1]
                            mentions.append(Mention("amount", f"{low[0]}-{low[1]}", low[2], end))
                        else:
                            amount, bound = value, self._bound_before(tokens, i)
                            mentions.append(Mention("amount", str(value), i, end))
                        i = end
                        continue
                    if _joins_range(tokens, mentions[-1].end if mentions else i, i):
                        ceiling, bound = max(value, amount), None
                        amount = min(value, amount)
                        mentions.append(Mention("amount", str(value), i, end))
                        i = end
                        continue
            n, _ = self._online.find(tokens, i)
            online = online or bool(n)
            i += max(n, 1)
        entities = Entities(
            schools=tuple(found.get("school", ())),
            state=(found.get("state") or [None])[0],
            states=tuple(found.get("state", ())),
            percentile=percentiles[0] if percentiles else None,
            percentiles=tuple(dict.fromkeys(percentiles)),
            setting=(found.get("setting") or [None])[0],
            degree=(found.get("degree") or [None])[0],
            amount=amount,
            bound=bound,
            ceiling=ceiling,
            online=online,
            occupation=bool(found.get("occupation")),
            other_occupation=(found.get("other_occupation") or [None])[0],
            school_options=options if not found.get("school") else (),
        )
        return Extraction(entities, self._mask(tokens, mentions))

    def _percent_after(self, tokens: tuple[str, ...], start: int) -> tuple[int | None, int]:
        """The percent named within a few words after a side word, and where it ends."""
        for j in range(start, min(start + _PERCENT_WINDOW, len(tokens))):
            two = " ".join(tokens[j : j + 2])
            value, width = (
                (self.language.numbers[two], 2) if two in self.language.numbers else (self._number(tokens[j]), 1)
            )
            if value is None or not 0 < value < 100:
                continue
            end = j + width
            named_percent = end < len(tokens) and tokens[end] in _PERCENT_WORDS
            # The percents the pack gives pay for (its tenths, say) need no "percent" after them;
            # another number does ("the top 50 percent"), so "the top 3 schools" is no percentile.
            if value in self._percents or named_percent:
                return value, end + (1 if named_percent else 0)
        return None, start

    def _ordinal_percentile(self, tokens: tuple[str, ...], i: int):
        """'90th percentile' -> top 10; '25th percentile' -> bottom 25 (for the percents the pack
        has), also in a run ("the 25th and 75th percentile")."""
        m = _ORDINAL.match(tokens[i])
        if not m:
            return None
        # "the 25th and 75th percentile", "10th, 25th and 90th percentiles": a run of
        # ordinals joined by "and" / "or" shares the "percentile" that ends it.
        j = i + 1
        while j < len(tokens) and (_ORDINAL.match(tokens[j]) or tokens[j] in ("and", "or")):
            j += 1
        if j >= len(tokens) or tokens[j] != "percentile":
            return None
        rank = int(m.group(1))
        side, pct = ("top", 100 - rank) if rank > 50 else ("bottom", rank)
        end = i + 2 if j == i + 1 else i + 1  # the last of a run takes "percentile" with it
        return ((side, pct), end) if pct in self._percents else None

    def _bound_before(self, tokens: tuple[str, ...], i: int) -> str | None:
        for n in range(1, 4):
            if i - n >= 0 and tokens[i - n : i] in self._bounds:
                return self._bounds.get(tokens[i - n : i])
        # "under 15000" may also read "my budget is 15000": look a few words back.
        for j in range(max(0, i - 4), i):
            for n in range(3, 0, -1):
                if tokens[j : j + n] in self._bounds:
                    return self._bounds.get(tokens[j : j + n])
        return None

    @staticmethod
    def _mask(tokens: tuple[str, ...], mentions: list[Mention]) -> tuple[str, ...]:
        out: list[str] = []
        i = 0
        for m in sorted(mentions, key=lambda m: m.start):
            out.extend(tokens[i : m.start])
            out.append(SLOTS[m.kind])
            i = m.end
        out.extend(tokens[i:])
        return tuple(out)
