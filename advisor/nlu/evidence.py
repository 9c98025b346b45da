"""Which intent accounts for the words of a question.

Fuzzy matching says which patterns a question reads like; it can be swayed by the shape
of a question ("do they do transcription?" reads like "what do they do?"). Here every
content word of the question is accounted for: an intent accounts for a word when its
patterns use it, or, with less weight (SAID_WEIGHT), when its examples or its answer do (the
pack's own words, normalised as questions are). The entities a question names count too, as
their slot words (SCHOOL, STATE...): an intent whose patterns take a school accounts for a
school named. A question whose distinctive word only another intent's answer uses
("transcription") asks that intent. Words are weighted by how few intents use them (idf),
so a word every answer says ("record") decides nothing. A word no intent uses stands for
one of its forms that an intent does ("analysis" for "analyze", "insurer" for "insurance").
"""

from __future__ import annotations

import itertools
import math
import os.path
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .entities import SLOTS

_SLOT_WORDS = frozenset(SLOTS.values())
# Entities that are content: what a question asks about. The occupation is named in most
# questions and decides nothing; another occupation is decided on before routing.
_CONTENT_SLOTS = _SLOT_WORDS - {SLOTS["occupation"], SLOTS["other_occupation"]}
# A word an intent only says (in its answer or examples) accounts for less than one its
# patterns ask with: an answer mentions many things it is not about ("different personalities").
SAID_WEIGHT = 0.6
# Two words are forms of one word when they share a beginning of at least FORM_PREFIX letters
# that is at least FORM_SHARE of the shorter one: "analysis" / "analyze" (5 of 7),
# "entrepreneur" / "entrepreneurial", "pharmacy" / "pharmaceutical"; not "care" / "career".
FORM_PREFIX = 5
FORM_SHARE = 0.7
# A word known only by another form of it weighs this share of that form's idf, and counts
# only for the intents that use that form: "finishing" is not quite "finish".
FORM_WEIGHT = 0.5


def _shared_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


# "profit" is a form of "nonprofit" (whose answer speaks of a school's being for profit).
NEGATING_PREFIXES = ("non", "un")


def same_word(a: str, b: str, negated: bool = True) -> bool:
    """Whether two words are forms of one word (see FORM_PREFIX); with `negated`, a word
    and its negation ("profit", "nonprofit") count as one too: they speak of one thing."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if negated and len(short) >= FORM_PREFIX and any(long == p + short for p in NEGATING_PREFIXES):
        return True
    shared = _shared_prefix(a, b)
    return shared >= FORM_PREFIX and shared >= FORM_SHARE * min(len(a), len(b))


@dataclass(frozen=True)
class Accounting:
    """How well one intent accounts for a question's content words (idf-weighted share)."""

    intent: str
    share: float  # 0..1
    missing: tuple[str, ...]  # content words it does not account for


class Evidence:
    """Intent vocabularies and word weights for one pack. Read-only after construction, but
    for what a question needs of each word (its users, weight and forms), worked out on
    first use and kept: a big pack has tens of thousands of words, and questions reach few."""

    def __init__(
        self,
        asked: Mapping[str, Iterable[str]],
        said: Mapping[str, Iterable[str]],
        ignore: Iterable[str],
        indexes: Sequence[Mapping[str, Sequence[str]]] | None = None,
    ):
        """`asked`: intent -> the words of its patterns; `said`: intent -> the words of its
        answers and examples; `ignore`: words that never count as content (stopwords,
        fillers). `indexes`: word -> the intents that use it (in their patterns or what they
        say), in sorted order, in parts that together cover `asked` and `said` and share no
        intent (a pack's files'); made from them when not given."""
        self.ignore = frozenset(ignore)
        self._asked_words = asked
        self._said_words = said
        indexes = list(indexes) if indexes is not None else [sorted_users(inverted(asked), inverted(said))]
        self._total = max(1, len(set(asked) | set(said)))
        self._asked: dict[str, frozenset[str]] = {}
        self._said: dict[str, frozenset[str]] = {}
        self._idf: dict[str, float] = {}
        self._forms: dict[str, tuple[str, ...]] = {}  # a cache: word -> forms()
        self._weighed_words: dict[tuple[str, ...], tuple] = {}  # a cache: see _weighed
        self._first_users: dict[tuple[str, int | None], tuple[str, ...]] = {}  # a cache: see users_of
        # Each word's lists of users, one from each part that has it (a word's forms are many
        # in a big pack: each is one look-up, not one for each part).
        lists: dict[str, list[Sequence[str]]] = {}
        for index in indexes:
            for word, users in index.items():
                found = lists.get(word)
                if found is None:
                    lists[word] = [users]
                else:
                    found.append(users)
        self._lists = lists
        # Every word some intent uses (its patterns or what it says); and those words by their
        # first FORM_PREFIX letters and their length: where the forms of a word are looked for.
        self.words: frozenset[str] = frozenset(lists)
        beginnings: dict[tuple[str, int], list[str]] = {}
        for word in sorted(w for w in self.words if len(w) >= FORM_PREFIX):
            beginnings.setdefault((word[:FORM_PREFIX], len(word)), []).append(word)
        self._beginnings = beginnings
        self._longest = max((length for _, length in beginnings), default=0)

    def asked_of(self, intent: str) -> frozenset[str]:
        """The words of an intent's patterns."""
        found = self._asked.get(intent)
        if found is None:
            found = self._asked[intent] = frozenset(self._asked_words.get(intent, ()))
        return found

    def answer_words_of(self, intent: str) -> Iterable[str]:
        """Every content word of what an intent says (its answers, examples and label)."""
        return self._said_words.get(intent, ())

    def speaks_of(self, intent: str, words: tuple[str, ...]) -> bool:
        """Whether what an intent says (its answers, examples and label) uses each of the words,
        in some form of it, and takes the entities (SCHOOL) among them in its patterns."""
        said = self.answer_words_of(intent)
        takes = self.asked_of(intent)  # a slot word: the intent must take it
        return all(
            word in takes if word in _SLOT_WORDS else any(same_word(word, other, negated=False) for other in said)
            for word in words
        )

    def said_of(self, intent: str) -> frozenset[str]:
        """The words only an intent's answers and examples say (not its patterns)."""
        found = self._said.get(intent)
        if found is None:
            found = self._said[intent] = frozenset(self._said_words.get(intent, ())) - self.asked_of(intent)
        return found

    def vocab_of(self, intent: str) -> frozenset[str]:
        return self.asked_of(intent) | self.said_of(intent)

    def _uses(self, word: str) -> int:
        """How many intents use the word itself (the parts share no intent: their counts add)."""
        return sum(map(len, self._lists.get(word, ())))

    def idf(self, word: str) -> float:
        """How few intents use a word (log scale); the word must be known."""
        found = self._idf.get(word)
        if found is None:
            found = self._idf[word] = math.log(1 + self._total / self._uses(word))
        return found

    def _knows(self, word: str) -> bool:
        return word in self.words

    def _near(self, word: str) -> list[str]:
        """Words that may be forms of `word`: those that begin as it does for as many letters
        as same_word asks of a word of their length."""
        beginnings = self._beginnings
        start = word[:FORM_PREFIX]
        near = []
        for length in range(FORM_PREFIX, self._longest + 1):
            shared = max(FORM_PREFIX, math.ceil(FORM_SHARE * min(length, len(word))))
            if shared > min(length, len(word)):
                continue
            prefix = word[:shared]
            near.extend(w for w in beginnings.get((start, length), ()) if w.startswith(prefix))
        return near

    def forms(self, word: str) -> tuple[str, ...]:
        """The other forms of a word that some intent uses ("analyze" for "analysis")."""
        if len(word) < FORM_PREFIX:
            return ()
        found = self._forms.get(word)
        if found is None:
            # The near words share as long a beginning as same_word asks: each is a form.
            near = [w for w in self._near(word) if w != word]
            negations = []
            for prefix in NEGATING_PREFIXES:  # "nonprofit" for "profit", and the other way round
                negated = prefix + word
                negations += self._beginnings.get((negated[:FORM_PREFIX], len(negated)), ())
                if word.startswith(prefix) and self._knows(word[len(prefix) :]):
                    negations.append(word[len(prefix) :])
            near += (w for w in negations if w != word and same_word(word, w))
            found = self._forms[word] = tuple(dict.fromkeys(near))
        return found

    def content(self, routing_tokens: Iterable[str]) -> tuple[str, ...]:
        """The words of a question that carry its meaning: not stopwords, fillers or entities,
        nor a unit after "per" ("what do they earn per hour" is about pay)."""
        tokens = list(routing_tokens)
        units = {n + 1 for n, w in enumerate(tokens) if w == "per"}
        return tuple(
            dict.fromkeys(
                w
                for n, w in enumerate(tokens)
                if w in _CONTENT_SLOTS
                or (n not in units and w not in _SLOT_WORDS and w not in self.ignore and w.isalpha() and len(w) > 2)
            )
        )

    def known(self, words: Iterable[str]) -> tuple[str, ...]:
        """The words some intent accounts for (itself, or a form of it)."""
        return tuple(w for w in words if self._knows(w) or self.forms(w))

    def _weight(self, word: str) -> float:
        """A known word's weight: its idf, or a share of its forms' when no intent uses the
        word itself ("finishing" is not quite "finish")."""
        if self._knows(word):
            return self.idf(word)
        return FORM_WEIGHT * max(self.idf(f) for f in self.forms(word))

    def account(self, intent: str, words: tuple[str, ...]) -> Accounting:
        """How much of `words` (those some intent knows) the intent accounts for: a word its
        patterns use in full, one its answers use by SAID_WEIGHT, another form of it by
        FORM_WEIGHT of that. A word known only by its forms counts for, never against."""
        asked, said = self.asked_of(intent), self.said_of(intent)
        mass = covered = 0.0
        missing = []
        for word, weight, knows, forms in self._weighed(words):
            if word in asked or word in said:
                credit = 1.0 if word in asked else SAID_WEIGHT
            else:
                credit = FORM_WEIGHT * (
                    1.0 if not asked.isdisjoint(forms) else SAID_WEIGHT if not said.isdisjoint(forms) else 0.0
                )
                if not knows:
                    credit = credit / FORM_WEIGHT if credit else 0.0  # the weight has the share in it
            if credit:
                mass += weight
                covered += weight * credit
            elif knows:
                mass += weight
                missing.append(word)
        return Accounting(intent, covered / mass if mass else 1.0, tuple(missing))

    def _weighed(self, words: tuple[str, ...]) -> tuple[tuple[str, float, bool, tuple[str, ...]], ...]:
        """The known words of a question, each with its weight, whether an intent uses it
        itself, and its forms: the same for every intent a question is weighed against, so
        worked out once (the last WEIGHED_KEPT questions' are kept)."""
        found = self._weighed_words.get(words)
        if found is None:
            found = tuple((w, self._weight(w), self._knows(w), self.forms(w)) for w in self.known(words))
            if len(self._weighed_words) >= WEIGHED_KEPT:
                self._weighed_words.clear()
            self._weighed_words[words] = found
        return found

    def users_of(self, word: str, limit: int | None = None) -> tuple[str, ...]:
        """The intents that use a word or a form of it, sorted; the first `limit` of them
        (a common word of a big pack has thousands, and a question reads a few). Kept."""
        found = self._first_users.get((word, limit))
        if found is None:
            # Each part's lists are sorted: their first `limit` names hold the first `limit`.
            lists = [users for w in (word, *self.forms(word)) for users in self._lists.get(w, ())]
            names = itertools.chain.from_iterable(lists if limit is None else (users[:limit] for users in lists))
            found = self._first_users[(word, limit)] = tuple(sorted(set(names))[:limit])
        return found

    def accounting_for(self, words: tuple[str, ...], limit: int | None = None) -> list[str]:
        """Intents that account for any of the words, the rarest words' intents first (at
        most `limit`: a common word of a big pack has thousands). A word's first `limit`
        users are all it may add: fewer than `limit` are found before it."""
        found: dict[str, None] = {}
        for word in sorted(self.known(words), key=lambda w: -self._weight(w)):
            for name in self.users_of(word, limit):
                found[name] = None
                if limit is not None and len(found) >= limit:
                    return list(found)
        return list(found)


# Questions whose weighed words are kept (_weighed): a bound on memory for odd input.
WEIGHED_KEPT = 4096
# A question's ranking blends how a pattern reads like it (the matcher's score) with how much
# of its content an intent accounts for: score = (1 - ACCOUNT_WEIGHT) * match + ACCOUNT_WEIGHT
# * share. With 0.4, an intent that accounts for none of the question's known content words
# needs a near-verbatim pattern to stay ahead, and one that accounts for all of them wins
# over a pattern that only shares the question's shape ("do they do transcription?").
ACCOUNT_WEIGHT = 0.4
# Intents that account for the question's rarest words join the candidates, even when no
# pattern of theirs was ranked: at most this many.
ACCOUNTING_CANDIDATES = 6


def inverted(words_of: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """intent -> words, turned into word -> intents."""
    found: dict[str, list[str]] = {}
    for name, words in words_of.items():
        for word in set(words):
            found.setdefault(word, []).append(name)
    return found


def sorted_users(*indexes: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Some indexes of word -> intents made one, each word's intents sorted (as Evidence
    reads its parts)."""
    found: dict[str, set[str]] = {}
    for index in indexes:
        for word, users in index.items():
            known = found.get(word)
            if known is None:
                found[word] = set(users)
            else:
                known.update(users)
    return {word: tuple(sorted(users)) for word, users in found.items()}
