"""Spelling correction works word by word against the vocabulary it is given."""

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
