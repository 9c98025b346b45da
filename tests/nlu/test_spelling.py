"""Spelling correction works word by word against the vocabulary it is given."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from advisor.nlu.spelling import Speller

SPELLER = Speller(["salary", "school", "which", "make", "hello", "dearest"])


def test_a_slip_is_corrected_to_the_nearest_known_word():
    assert SPELLER.correct("salry") == "salary"
    assert SPELLER.correct("shcool") == "school"
    assert SPELLER.correct("wich") == "which"


def test_a_clipped_short_word_is_completed():
    assert SPELLER.correct("mak") == "make"


def test_a_stretched_word_loses_its_repeated_letters():
    assert SPELLER.correct("hellooo") == "hello"


def test_common_english_words_and_known_words_are_left_alone():
    assert SPELLER.correct("nearest") == "nearest"  # not "dearest"
    assert not SPELLER.correctable("salary")
    assert not SPELLER.correctable("42")


def test_two_known_words_run_together_are_split():
    speller = Speller(["night", "shift", "full", "time"])
    assert speller.correct("nightshifts") == "night shifts"
    assert speller.correct("fulltime") == "full time"


def test_a_long_place_name_one_letter_off_a_known_word_is_that_word_mistyped():
    speller = Speller(["keiser", "tuition"], protected=lambda: frozenset({"keyser", "wichita", "tuitio"}))
    assert speller.correct("keyser") == "keiser"  # a town in West Virginia, and a school mistyped
    assert speller.correct("wichita") == "wichita"  # a place far from any known word stays


_WORDS = st.text(alphabet="abcdeilnorst", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(vocabulary=st.lists(_WORDS, min_size=1, max_size=60), word=_WORDS, cutoff=st.sampled_from([80, 83, 85, 60]))
def test_the_search_by_length_finds_what_one_search_of_the_whole_vocabulary_does(vocabulary, word, cutoff):
    # Lengths too far from a word's own are skipped: that must never change the answer,
    # nor which of two words with the same score wins (the first in alphabetical order).
    speller = Speller(vocabulary)
    whole = process.extractOne(word, sorted(speller.vocabulary), scorer=fuzz.ratio, score_cutoff=cutoff)
    assert speller._closest(word, cutoff) == (whole[:2] if whole else None)
