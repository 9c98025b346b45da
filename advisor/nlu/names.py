"""Names the pack does not know: "tuition at Yale", "what does Miami Dade College charge".

Such a name must never get a number. It is found as a run of words outside the pack's
vocabulary with a sign that it is a name (see `unknown_name`), quoted back as typed, and
routed as a school would be ("is Stanford good?" reads like "is <school> good?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from .language import Language
from .lexicon import common_words


class KnownWords(Protocol):
    """What names read of a pack (pack/build.py's Pack): the words it knows, and its language."""

    @property
    def known_words(self) -> frozenset[str]: ...

    @property
    def language(self) -> Language: ...


# Words before a name that make an unknown word a likely school: "tuition at Yale".
_NAME_LEADS = frozenset({"at", "about", "from", "for", "attend", "attending", "does", "did"})
# Words that join a state's name to a college's ("Ohio State University", "University of Texas").
_JOINERS = frozenset({"state", "of"})


@dataclass(frozen=True)
class Name:
    """An unknown name: as the user typed it, and the tokens [start, end) it covers."""

    text: str
    start: int
    end: int


def unknown_name(pack: KnownWords, original: str, tokens: tuple[str, ...]) -> Name | None:
    """A school-like name the pack does not know ('Yale', 'Miami Dade College'), if any.

    A run of words the pack does not know counts as a name when an institution word
    ("college") follows it, a word such as "at", "about" or "for" comes before it, or it is
    capitalised mid-sentence; any other unknown word is more likely an ordinary word we
    lack. State names count as part of a name next to an institution word."""
    vocab = pack.known_words
    institution = pack.language.institution_words
    states = pack.language.state_words
    name_words = states | _JOINERS
    stop = pack.language.stopwords  # "of" is a word of "District of Columbia", and of any question
    found: list[Name] = []
    for i, token in enumerate(tokens):  # "Southern New Hampshire University", "Ohio State University"
        if token in institution:
            start, end = i, i + 1
            # Words before "college" join its name while they could be a name's: words the
            # pack does not know. An ordinary English word joins only a name already formed
            # ("southern" in "southern new hampshire university"), never starts one
            # ("nearest school").
            while start > 0 and tokens[start - 1].isalpha():
                word = tokens[start - 1]
                formed = any(t in states or _may_name(t, vocab, original) for t in tokens[start:i])
                if word in name_words or (word not in vocab and (formed or _may_name(word, vocab, original))):
                    start -= 1
                elif any(t in states and t not in stop for t in tokens[max(0, start - 3) : start - 1]):
                    start -= 1  # "Texas State Technical College": a state's name just before carries them
                else:
                    break
            if end + 1 < len(tokens) and tokens[end] == "of":  # "University of Texas", "College of DuPage"
                end += 1
                while (
                    end < len(tokens) and tokens[end].isalpha() and (tokens[end] in states or tokens[end] not in vocab)
                ):
                    end += 1
                if tokens[end - 1] == "of":
                    end -= 1
            span = tokens[start:end]
            # A name has something of a name in it: a word that is no ordinary English word,
            # a state's name, or a capital as typed. "nearest school" has none of these.
            unknown_word = any(t not in vocab for t in span)
            state_name = any(t in states for t in span) and any(t in _JOINERS for t in span)
            if len(span) > 1 and (unknown_word or state_name):
                found.append(_name(original, tokens, start, end, institution))
    # A message typed in capitals says nothing by its capitals ("WHO RUNS THE EXAM, THE AMA?").
    letters = [c for c in original if c.isalpha()]
    shouted = bool(letters) and sum(c.isupper() for c in letters) > len(letters) / 2
    i = 0
    while i < len(tokens):  # unknown words with a sign that they are a name
        if not (tokens[i].isalpha() and tokens[i] not in vocab):
            i += 1
            continue
        start = i
        while i < len(tokens) and tokens[i].isalpha() and tokens[i] not in vocab:
            i += 1
        # "Penn State": a joining word typed with a capital goes on with the name.
        if i < len(tokens) and tokens[i] == "state" and _may_name(tokens[i], frozenset(), original):
            i += 1
        # A state's postal abbreviation ("Austin TX", "Washington DC") is no name.
        if all(t.upper() in pack.language.state_by_abbreviation for t in tokens[start:i]):
            continue
        typed = _typed(original, tokens, start, i, institution)
        # "tell me about volcanoes" is no name: after a lead word, a name has a rare word in it.
        led = start > 0 and tokens[start - 1] in _NAME_LEADS and not all(_common(t) for t in tokens[start:i])
        capital = bool(typed) and typed[:1].isupper() and not original.lstrip().startswith(typed) and not shouted
        if led or capital:
            found.append(_name(original, tokens, start, i, institution))
    return max(found, key=lambda n: (n.end - n.start, -n.start)) if found else None


def _may_name(token: str, vocab: frozenset[str], original: str) -> bool:
    """Whether a word before "college" marks it as a name: a word the pack does not know,
    and no ordinary English word ("nearest school") unless typed with a capital ("Southern
    Hills College")."""
    if token in vocab:
        return False
    if not _common(token):
        return True
    return bool(re.search(r"\b" + re.escape(token[:1].upper()) + re.escape(token[1:]), original))


def _typed(original: str, tokens: tuple[str, ...], start: int, end: int, institution: frozenset[str]) -> str | None:
    """tokens[start:end] as typed in the original text, if found: a token stands for the typed
    word it begins ("rutger" for "Rutgers"), an institution word for whatever word the user
    typed there ("university" became "school")."""
    parts = [r"[^\W\d_]+" if t in institution else re.escape(t) + r"\w*" for t in tokens[start:end]]
    m = re.search(r"\b" + r"\W+".join(parts), original, re.IGNORECASE)
    return m.group(0) if m else None


def _name(original: str, tokens: tuple[str, ...], start: int, end: int, institution: frozenset[str]) -> Name:
    text = _typed(original, tokens, start, end, institution) or " ".join(tokens[start:end])
    # As typed when it has capitals ("McKinney"); title case when typed in lower case.
    return Name(text.title() if text.islower() else text, start, end)


def _common(token: str) -> bool:
    """A common English word (tokens are singular: "nowaday" was "nowadays")."""
    common = common_words()
    return any(form in common for form in (token, token + "s", token + "es", token[:-1] + "ies"))


# A bare name is at most this many words, in a question of at most BARE_QUESTION_WORDS.
BARE_NAME_WORDS = 3
BARE_QUESTION_WORDS = 8


def bare_name(pack: KnownWords, original: str, tokens: tuple[str, ...]) -> Name | None:
    """A name with no sign around it ("harvard tuition", "is nyu any good"): the one run of
    words the pack does not know that are not common English words either ("available" is
    a word, "harvard" a name), in a short question with some other word the pack knows.
    The caller keeps it only if the question then reads as one about a school."""
    if len(tokens) > BARE_QUESTION_WORDS:
        return None
    vocab = pack.known_words
    odd = [t.isalpha() and len(t) > 2 and t not in vocab and not _common(t) for t in tokens]
    starts = [i for i, flag in enumerate(odd) if flag and (i == 0 or not odd[i - 1])]
    if len(starts) != 1:
        return None
    start = end = starts[0]
    while end < len(tokens) and odd[end]:
        end += 1
    others = [t for t in tokens[:start] + tokens[end:] if t in vocab and t not in pack.language.stopwords]
    if end - start > BARE_NAME_WORDS or not others:
        return None
    return _name(original, tokens, start, end, pack.language.institution_words)
