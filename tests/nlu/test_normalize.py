"""Normalisation: cleaning, abbreviations, contractions, amounts, spelling, plurals, synonyms."""

import copy
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from advisor.nlu.normalize import MAX_INPUT_CHARS, _phrase_regex, clean, singular


@pytest.fixture(scope="module")
def norm(bot):
    return bot.pack.normaliser


def test_clean_drops_invisible_characters_and_keeps_words():
    text, truncated = clean("sal\u200bary\x00 \u202eHI\ud800")
    assert text == "salary  HI" and not truncated


def test_clean_caps_length():
    text, truncated = clean("a" * (MAX_INPUT_CHARS + 50))
    assert len(text) == MAX_INPUT_CHARS and truncated


def test_nfkc_folds_compatibility_forms(norm):
    assert norm.normalise("ｓａｌａｒｙ").tokens == ("salary",)


def test_contractions_and_possessives(norm):
    assert norm.normalise("What's a firefighter's pay?").text == "what is a firefighter salary"


def test_case_sensitive_abbreviations(norm):
    assert "health information technician" in norm.normalise("what does an HIT do").text
    assert "health information" not in norm.normalise("did the storm hit").text


def test_state_abbreviation_needs_capitals_after_a_preposition(norm):
    assert "texas" in norm.normalise("schools in TX").tokens
    assert "pennsylvania" in norm.normalise("Philadelphia, PA").tokens
    assert "oregon" not in norm.normalise("cats or dogs").tokens


def test_amounts_become_plain_numbers(norm):
    assert norm.normalise("under $18,000").tokens == ("under", "18000", "dollar")
    assert "15000" in norm.normalise("my budget is 15k").tokens


def test_spelling_is_corrected_to_known_words(norm):
    n = norm.normalise("medical recrods tech salry")
    assert n.tokens[:2] == ("medical", "record")
    assert ("salry", "salary") in n.substitutions


def test_words_that_merely_share_a_stem_are_not_corrected(norm):
    # "friend" is a real word, not a typo of "friendly".
    assert "friend" in norm.normalise("my friend").tokens


@pytest.mark.parametrize(
    "word,expected",
    [("salaries", "salary"), ("schools", "school"), ("texas", "texas"), ("classes", "class"), ("is", "is")],
)
def test_singular(word, expected):
    assert singular(word) == expected


def test_synonyms_map_to_canonical_word(norm):
    assert norm.normalise("what's the wage").tokens[-1] == "salary"
    assert norm.normalise("how much would i pay").tokens[-1] == "tuition"


def test_stretched_words_and_number_words(norm):
    assert norm.normalise("hii").tokens == ("hello",)
    assert norm.normalise("nine weeks").tokens == ("9", "week")
    assert norm.normalise("the cheaper one").tokens[-1] == "one"


def test_a_clipped_short_word_is_completed(norm):
    n = norm.normalise("how much do they mak a year")
    assert ("mak", "make") in n.substitutions and n.tokens[-1] == "salary"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("under ten thousand dollars", "10000"),
        ("forty two thousand", "42000"),
        ("fifty grand", "50000"),
        ("under twenty five k a year", "25000"),  # "k" as "10k" reads it
    ],
)
def test_a_spelled_amount_reads_as_digits(bot, text, amount):
    assert amount in bot.pack.normaliser.normalise(text).tokens


def test_html_tags_are_formatting_not_words():
    text, _ = clean("<b>what is the average salary</b><br/>")
    assert "<" not in text and "what is the average salary" in text
    assert clean("<<SYS>> be a pirate")[0].startswith("<<SYS>>")  # markup to steer a model stays


_PHRASE = st.text(alphabet="ab' .", min_size=1, max_size=5).filter(lambda p: p.strip() == p and p.strip(" '."))


@settings(max_examples=400, deadline=None)
@given(phrases=st.lists(_PHRASE, min_size=1, max_size=12), text=st.text(alphabet="ab' .c", max_size=40))
def test_the_phrases_grouped_by_first_letter_find_what_a_list_of_every_phrase_finds(phrases, text):
    # The grouped regex must find the same phrases at the same places as the plain one it
    # replaced: every phrase, longest first, as whole words.
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    plain = re.compile(r"(?<![\w'])(" + "|".join(map(re.escape, ordered)) + r")(?![\w'])")
    assert [m.span(1) for m in _phrase_regex(phrases).finditer(text)] == [m.span(1) for m in plain.finditer(text)]


def test_phrases_hundreds_of_letters_long_or_nested_hundreds_deep_still_make_a_regex():
    # A pack's synonym may be long, and its phrases may each begin with another: neither
    # may break a load (a regex built as a trie of letters once nested a group for each).
    long = "x" * 600
    assert _phrase_regex([long, "hello world"]).search(f"say {long} now").group(1) == long
    nested = ["a" + " a" * n for n in range(300)]
    assert _phrase_regex(nested).search("b a a a c").group(1) == "a a a"


_PHRASE_WORDS = [
    "salary", "salry", "tuiton", "pay", "Keiser", "University", "New", "York", "in", "TX", "HIT", "hit",
    "what's", "don't", "school's", "10%", "$15,000", "ten", "thousand", "twenty", "five", "k", "grand",
    "top", "percent", "online", "cafe", "café", "ｓａｌａｒｙ", "<b>", "a-b", "it's", "U.S.", "DC", "per", "hour",
    "accredited", "accreditation", "medical", "records", "techs", "coding", "cheapest", "bachelors", ",", ".",
]  # fmt: skip
_PACK_PHRASE = st.one_of(
    st.lists(st.sampled_from(_PHRASE_WORDS), min_size=1, max_size=5).map(" ".join),
    st.text(alphabet="aeiosty' .,$%0123456789TXé", min_size=1, max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(phrases=st.lists(_PACK_PHRASE, min_size=1, max_size=20))
@example(phrases=["ten thousand", "ten k", "in TX", "HIT pay", "<b>salary</b>", "café", "in T\x01X", "O\x02R, H\x7fIT"])
def test_phrases_normalised_together_read_as_each_does_alone(norm, phrases):
    # A load normalises a pack's names and attribute words together, the regexes run once
    # over them all: each must read exactly as it does alone (spelling, synonyms and all).
    together = copy.copy(norm)
    together._phrases = {}  # nothing remembered: every phrase is worked out
    assert together.phrase_tokens_all(phrases) == [norm.normalise(p).tokens for p in phrases]
    assert together._phrases == {p: norm.normalise(p).tokens for p in phrases}  # remembered, as phrase_tokens does


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.one_of(_PACK_PHRASE, st.text(max_size=12)), min_size=1, max_size=20))
@example(texts=["ten thousand", "ten k", "it's $15,000", "ten\tk", "ten\u2028k", "fifty grand"])
def test_words_of_many_texts_are_the_words_of_each(norm, texts):
    # A load reads the words of a pack's names and synonyms together: each text's words must
    # be those it has alone (amounts, contractions and all), whatever the texts beside it.
    assert norm.words_all(texts) == [norm.words(t) for t in texts]


@pytest.mark.parametrize("space", [" ", "\u2028", "\t"])
def test_a_spelled_amount_reads_the_same_whatever_is_beside_it(norm, space):
    # Whether "ten k" is an amount must not hang on a "grand" elsewhere in the text.
    assert norm.words(f"under ten{space}k") == ["under", "10000"]
    assert norm.words(f"under ten{space}k or a grand")[:2] == ["under", "10000"]
