"""Turn what a person typed into the canonical text that patterns are scored against.

Steps, in order (each substitution is recorded so `advisor explain` can show it):
 1. clean: cap the length, Unicode NFKC, drop control, zero-width and surrogate characters;
 2. case-sensitive abbreviations from the pack (such as job-title initials) and state abbreviations
    after a preposition or comma ("in TX");
 3. lower-case, unify apostrophes, expand contractions and chat shorthand;
 4. amounts ("$18,000", "18k", "18 grand") become plain numbers, "%" becomes "percent";
 5. drop punctuation, split into words;
 6. correct misspelt words to the nearest word the pack knows (spelling.py);
 7. number words to digits ("nine" -> "9"), plural to singular by a few suffix rules
    ("salaries" -> "salary", "schools" -> "school");
 8. replace synonyms with their canonical word ("wage" -> "salary").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Mapping, Sequence

from .language import Language
from .spelling import Speller

# Longest text that is scored. A question is a sentence or two; anything longer is cut
# here (and the reply says so) so a megabyte of input costs no more than a long question.
MAX_INPUT_CHARS = 1000

_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
# ASCII control characters: whitespace ones become spaces, the rest go.
_ASCII_CONTROLS = {c: (" " if chr(c) in "\n\r\t\x0b\x0c\x00" else None) for c in [*range(32), 127]}
_ASCII_CONTROLS_BUT_SEPARATOR = {c: v for c, v in _ASCII_CONTROLS.items() if c != 0}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_MONEY = re.compile(
    r"\$\s*(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|grand)?\b|\b(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|grand)\b"
    r"|\b(\d{1,3}(?:,\d{3})+)\b"
)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class Normalized:
    """The result of normalising one text."""

    original: str
    text: str
    tokens: tuple[str, ...]
    substitutions: tuple[tuple[str, str], ...]
    truncated: bool = False


# HTML tags around or inside a question ("<b>what is the average salary</b><br/>") are
# formatting, not words: each becomes a space. Only HTML's own tag names, so that markup
# written to steer a model ("<<SYS>>", "[INST]") is still seen for what it is.
_HTML_TAG = re.compile(
    r"</?(?:b|i|u|s|em|strong|br|hr|p|div|span|a|font|h[1-6]|ul|ol|li|small|big|code|pre|sub|sup|mark|"
    r"blockquote|table|tr|td|th|img|script|style|html|body|head|title)\b[^<>]{0,200}>",
    re.IGNORECASE,
)


def clean(text: str) -> tuple[str, bool]:
    """Cap the length, drop HTML tags and keep only visible characters. Returns (text,
    was_truncated)."""
    if not isinstance(text, str):
        text = str(text)
    truncated = len(text) > MAX_INPUT_CHARS
    text = text[:MAX_INPUT_CHARS]
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if text.isascii():  # the common case: no Unicode work to do, only control characters
        return text.translate(_ASCII_CONTROLS).strip(), truncated
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in text:
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
            # Line breaks and tabs separate words; zero-width marks join them.
            if ch in "\n\r\t\x0b\x0c\x00":
                kept.append(" ")
        else:
            kept.append(ch)
    return "".join(kept).strip(), truncated


# Joins many texts for `normalise_all`: not a word character and not whitespace, so no
# step's pattern can match across two texts; `clean` has removed it from each text.
SEPARATOR = "\x00"
_WORD_OR_SEPARATOR = re.compile(_WORD.pattern + "|" + SEPARATOR)
_CAPITAL_PAIR = re.compile(r"\b[A-Z]{2}\b")


def _has_capital_pair(text: str) -> bool:
    """Whether a text may hold a state abbreviation, written in capitals ("in TX"). Most
    text has no capital at all: islower() is one quick pass, the regex's word boundaries a
    slow one over a big pack's patterns."""
    return not text.islower() and _CAPITAL_PAIR.search(text) is not None


_DIGIT = re.compile(r"\d")
# What a spelled amount ends with ("ten thousand", "fifty grand", "ten k"): the check before
# its regex, which must be run on every text that has it, or one text reads two ways.
_SPELLED_END = re.compile(r"\s(?:thousand|grand|k)\b")
# At most this many words keep their computed form (a bound on memory for odd input).
_FORMS_CACHE = 200_000


def _segment(joined: str, m: re.Match) -> str:
    """The text of `normalise_all`'s joined string that holds the match `m`."""
    start = joined.rfind(SEPARATOR, 0, m.start()) + 1
    end = joined.find(SEPARATOR, m.end())
    return joined[start : end if end >= 0 else len(joined)]


def singular(word: str) -> str:
    """A plural's singular by suffix rules. Crude, but the same rule runs on patterns and
    questions, so it only has to be consistent: 'texas' and 'analysis' are left alone."""
    if len(word) < 4 or not word.isalpha() or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "as", "ous", "ics")):
        return word
    return word[:-1]


def _plain_number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _amount_text(match: re.Match) -> str:
    if match.group(1):
        value = _plain_number(match.group(1)) * (1000 if match.group(2) else 1)
        return f" {value:.0f} dollars "
    if match.group(3):
        return f" {_plain_number(match.group(3)) * 1000:.0f} "
    return f" {_plain_number(match.group(5)):.0f} "


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern | None:
    """A regex finding any of the phrases as whole words (group 1), the longest where
    several begin at one place: the phrases longest first, grouped by their first letter
    ("d(?:oesn't|on't|ont)|w(?:on't|ont)"), so that at each place of a text only the
    phrases beginning with its letter are tried, not every phrase. That counts on a big
    pack's patterns (megabytes of text) and with hundreds of synonyms; only one group can
    match at a place, so the one found is the one the plain list would find."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not ordered:
        return None
    groups: dict[str, list[str]] = {}
    for phrase in ordered:
        groups.setdefault(phrase[0], []).append(re.escape(phrase[1:]))
    body = "|".join(
        re.escape(first) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in sorted(groups.items())
    )
    return re.compile(r"(?<![\w'])(" + body + r")(?![\w'])")


class Normaliser:
    """Normalises text for one pack. Immutable after construction, so safe across threads."""

    def __init__(
        self,
        language: Language,
        synonyms: Mapping[str, str],
        abbreviations: Mapping[str, str],
        known_words: Iterable[str] = (),
    ):
        self.language = language
        self._abbreviations = dict(abbreviations)
        self._abbreviation_re = _phrase_regex(self._abbreviations)
        self._contraction_re = _phrase_regex(language.contractions)
        # "ten thousand", "fifty five grand": a spelled amount, read as digits before amounts are.
        spelled = "|".join(sorted(map(re.escape, language.spelled_numbers), key=len, reverse=True))
        self._spelled_amount_re = re.compile(rf"\b({spelled})(?:[\s-]+({spelled}))?\s+(thousand|grand|k)\b")
        # Synonym variants are matched in their normalised form, as the user's text will be.
        self._synonyms = {}
        variants = self.words_all([*synonyms, *synonyms.values()])
        for variant_words, canonical_words in zip(variants[: len(synonyms)], variants[len(synonyms) :], strict=True):
            key = " ".join(self._singular(w) for w in variant_words)
            canonical = " ".join(self._singular(w) for w in canonical_words)
            if key and key != canonical:
                self._synonyms[key] = canonical
        self._synonym_re = _phrase_regex(self._synonyms)
        abbr = "|".join(sorted(language.state_by_abbreviation))
        preps = "|".join(sorted(language.place_prepositions, key=len, reverse=True))
        # Only capitals count ("in TX", "Philadelphia, PA"): "in" or "me" in lower case is a word.
        self._state_abbr_re = re.compile(rf"((?:\b(?i:{preps})\s+)|(?:,\s*))({abbr})\b")
        self.vocabulary: frozenset[str] = frozenset()
        self.set_known_words(known_words)

    @cached_property
    def _language_phrase_words(self) -> frozenset[str]:
        """The words of the language's fixed phrases ("yes please", "top"...): known words
        at every set_known_words, read once."""
        lang = self.language
        phrases = [*lang.yes_words, *lang.no_words, *lang.online_words]
        phrases += [p for group in (*lang.percentile_sides.values(), *lang.amount_bounds.values()) for p in group]
        return frozenset(w for words in self.words_all(phrases) for w in words)

    def set_known_words(self, words: Iterable[str], protected=None) -> None:
        """Words that are never 'corrected', and the targets of spelling correction;
        `protected()` gives more words never corrected, but no targets (places' names)."""
        lang = self.language
        vocab = set(words) | set(lang.stopwords) | set(lang.numbers) | set(lang.ordinals) | set(lang.follow_up_words)
        vocab |= set(lang.institution_words) | lang.reference_words | lang.place_prepositions
        vocab |= self._language_phrase_words
        for phrase in list(self._synonyms) + list(self._synonyms.values()) + list(self.language.contractions.values()):
            vocab.update(phrase.split())
        self.speller = Speller(vocab, protected)
        self.vocabulary = self.speller.vocabulary
        self._forms: dict[str, str] = {}  # word -> its form after steps 6-7; reset with the vocabulary
        self._pack_forms: dict[str, str] = {}  # the same for pack text, without step 6
        self._phrases: dict[str, tuple[str, ...]] = {}  # fixed phrases -> tokens
        self._pack_texts: dict[str, tuple[str, ...]] = {}  # pack texts -> tokens

    # -- steps -------------------------------------------------------------------------

    def _lower(self, text: str) -> str:
        """Steps 3-4 on any text (one question, or many joined by SEPARATOR)."""
        text = text.casefold().translate(_APOSTROPHES)
        if self._contraction_re:
            text = self._contraction_re.sub(lambda m: self.language.contractions[m.group(1)], text)
        # Only a text with a space and a word the regex ends with can hold a spelled amount.
        if _SPELLED_END.search(text):
            text = self._spelled_amount_re.sub(self._spelled_amount, text)
        if _DIGIT.search(text):  # amounts need digits; most text has none
            text = _MONEY.sub(_amount_text, text)
        return text.replace("%", " percent ")

    def _spelled_amount(self, m: re.Match) -> str:
        numbers = self.language.spelled_numbers
        value = numbers[m.group(1)] + (numbers[m.group(2)] if m.group(2) else 0)
        return f"{value} {m.group(3)}"

    @staticmethod
    def split_words(text: str) -> list[str]:
        """Step 5: the words of a lower-cased text, possessives and apostrophes dropped."""
        words = []
        for word in _WORD.findall(text):
            if word.endswith("'s"):
                word = word[:-2]  # possessive: "firefighter's" -> "firefighter"
            word = word.replace("'", "")
            if word:
                words.append(word)
        return words

    @staticmethod
    def raw_words(lowered: str) -> list[str]:
        """The words of `lower_all`'s result, with the separators between texts kept."""
        return _WORD_OR_SEPARATOR.findall(lowered)

    def distinct_words(self, raw: list[str]) -> set[str]:
        """The set of words (as `split_words` gives them) in `raw_words`' result."""
        return set(self.split_words(" ".join(set(raw) - {SEPARATOR})))

    def words(self, text: str) -> list[str]:
        """Steps 3-5 only: lower-case words with contractions and amounts handled."""
        return self.split_words(self._lower(text))

    def words_all(self, texts: Iterable[str]) -> list[list[str]]:
        """`words` of many texts (a pack's names and synonyms at load): the regexes of steps
        3-4 run once over the texts joined by SEPARATOR, which none of them can match across.
        A text with a control character or non-ASCII text is read alone."""
        texts = list(texts)
        joined = list(dict.fromkeys(t for t in texts if t.isascii() and t.isprintable()))
        lowered = self._lower(SEPARATOR.join(joined)).split(SEPARATOR) if joined else []
        found = dict(zip(joined, map(self.split_words, lowered), strict=True))
        return [list(found[t]) if t in found else self.words(t) for t in texts]

    def pack_tokens(self, text: str) -> tuple[str, ...]:
        """A text of the pack as a question's tokens would read it, without spelling
        correction (the pack's own words are right), remembered."""
        tokens = self._pack_texts.get(text)
        if tokens is None:
            tokens = self._pack_texts[text] = self.normalise_all([text])[0]
        return tokens

    def phrase_tokens(self, phrase: str) -> tuple[str, ...]:
        """The tokens of a fixed phrase of the pack or the language ("yes please", an intent's
        label), normalised once and remembered: they are looked up on every turn."""
        tokens = self._phrases.get(phrase)
        if tokens is None:
            tokens = self._phrases[phrase] = self.normalise(phrase).tokens
        return tokens

    def phrase_tokens_all(self, phrases: Sequence[str]) -> list[tuple[str, ...]]:
        """`phrase_tokens` of many phrases (a pack's names and attributes at load): the same
        tokens, remembered the same way, with the regexes of steps 3-4 and 8 run once over
        the phrases joined by SEPARATOR rather than once a phrase. A phrase that steps 1-2
        would change (markup, a control character, non-ASCII or very long text, an
        abbreviation, two capitals that may be a state) is normalised on its own."""
        remembered = self._phrases
        batch = []
        for phrase in dict.fromkeys(phrases):
            if phrase in remembered:
                continue
            if (
                phrase.isascii()
                and phrase.isprintable()  # a control character is cleaned away first, inside a word
                and len(phrase) <= MAX_INPUT_CHARS
                and "<" not in phrase
                and not _has_capital_pair(phrase)
                and not (self._abbreviation_re and self._abbreviation_re.search(phrase))
            ):
                batch.append(phrase)
            else:
                self.phrase_tokens(phrase)
        if batch:
            # Each phrase's words (steps 3-5, together), spelled as a question's are (6-7).
            spelled = [
                " ".join(form for word in words for form in self._forms_of(word, self._corrected(word)))
                for words in self.words_all(batch)
            ]
            for phrase, tokens in zip(batch, self._with_synonyms(SEPARATOR.join(spelled)), strict=True):
                remembered[phrase] = tokens
        return [remembered[phrase] for phrase in phrases]

    def _corrected(self, word: str) -> str:
        """Step 6 for one word of a question: its spelling corrected (two words, when it was
        two run together), or the word itself."""
        return self.speller.correct(word) if self.speller.correctable(word) else word

    def _forms_of(self, word: str, corrected: str) -> tuple[str, ...]:
        """Steps 6-7 for one word of a question, `corrected` as _corrected gives it."""
        if " " in corrected:  # two words run together
            return tuple(self._plain_form(part) for part in corrected.split())
        return (self._form(word),)

    def _plain_form(self, word: str) -> str:
        """Step 7 for one word: number words as digits, plurals as singulars."""
        spelled = self.language.spelled_numbers.get(word)
        return str(spelled) if spelled is not None else self._singular(word)

    def _form(self, word: str) -> str:
        """Steps 6-7 for one word of a question: spelling, then step 7 (memoised per word)."""
        form = self._forms.get(word)
        if form is None:
            form = self._plain_form(self.speller.correct(word) if self.speller.correctable(word) else word)
            if len(self._forms) < _FORMS_CACHE:
                self._forms[word] = form
        return form

    def _pack_form(self, word: str) -> str:
        """Step 7 only, for the pack's own text, which is never corrected (memoised per word)."""
        form = self._plain_form(word)
        if len(self._pack_forms) < _FORMS_CACHE:
            self._pack_forms[word] = form
        return form

    def lower_all(self, texts: list[str]) -> str:
        """Steps 1-4 for many texts at once (a pack's patterns), joined by SEPARATOR: each
        regex runs once over them all, and no step can match across the separator."""
        joined = SEPARATOR.join(texts)
        if joined.isascii():  # one pass for all; the separator itself is kept
            joined = joined.translate(_ASCII_CONTROLS_BUT_SEPARATOR)
        else:
            joined = SEPARATOR.join(clean(t)[0] for t in texts)
        if self._abbreviation_re:
            joined = self._abbreviation_re.sub(lambda m: self._abbreviations[m.group(1)], joined)
        if _has_capital_pair(joined):
            by_abbr = self.language.state_by_abbreviation
            joined = self._state_abbr_re.sub(lambda m: self._state_for(m, by_abbr, _segment(joined, m)), joined)
        return self._lower(joined)

    def normalise_all(self, texts: list[str], raw: list[str] | None = None) -> list[tuple[str, ...]]:
        """The tokens of many texts at once (`raw`: their `raw_words`, if already found).
        No substitutions are kept: this is for a pack's own text, not for questions."""
        if not texts:
            return []
        if raw is None:
            raw = self.raw_words(self.lower_all(texts))
        # One pass of the word regex over everything; the separators come back as tokens.
        forms: list[str] = []
        # A pack's own words are never spelling-corrected: they are right by definition.
        known, form = self._pack_forms.get, self._pack_form  # a pack repeats its words: look up first
        for word in raw:
            if "'" in word:
                word = (word[:-2] if word.endswith("'s") else word).replace("'", "")
                if not word:
                    continue
            forms.append(word if word == SEPARATOR else (known(word) or form(word)))
        return self._with_synonyms(" ".join(forms))

    def _with_synonyms(self, joined: str) -> list[tuple[str, ...]]:
        """Step 8 over the forms of many texts joined by SEPARATOR (no synonym can match
        across it), and each text's tokens."""
        if self._synonym_re:
            joined = self._synonym_re.sub(lambda m: self._synonyms[m.group(1)], joined)
        return [tuple(piece.split()) for piece in joined.split(SEPARATOR)]

    def _singular(self, word: str) -> str:
        return word if word in self.language.stopwords else singular(word)

    def normalise(self, text: str) -> Normalized:
        cleaned, truncated = clean(text)
        subs: list[tuple[str, str]] = []

        def record(pattern: re.Pattern | None, text: str, repl) -> str:
            if pattern is None:
                return text

            def swap(m: re.Match) -> str:
                new = repl(m)
                if new != m.group(0):
                    subs.append((m.group(0), new))
                return new

            return pattern.sub(swap, text)

        work = record(self._abbreviation_re, cleaned, lambda m: self._abbreviations[m.group(1)])
        if _has_capital_pair(work):
            by_abbr = self.language.state_by_abbreviation
            work = record(self._state_abbr_re, work, lambda m: self._state_for(m, by_abbr, cleaned))
        tokens = []
        for word in self.words(work):
            corrected = self._corrected(word)
            if corrected != word:
                subs.append((word, corrected))
            tokens.extend(self._forms_of(word, corrected))
        joined = " ".join(tokens)
        joined = record(self._synonym_re, joined, lambda m: self._synonyms[m.group(1)])
        final = tuple(joined.split())
        return Normalized(text if isinstance(text, str) else str(text), " ".join(final), final, tuple(subs), truncated)

    def _state_for(self, m: re.Match, by_abbr: Mapping[str, str], cleaned: str) -> str:
        """Expand a state abbreviation, unless the whole text is in capitals and it is a word."""
        lead, abbr = m.group(1), m.group(2)
        if cleaned.upper() == cleaned and abbr in self.language.ambiguous_abbreviations:
            return m.group(0)
        return lead + by_abbr[abbr]
