"""Questions asked back and the answers understood: which topic, which school, yes/no offers."""

import pytest

from advisor.dialogue.clarify import MAX_ANSWER_WORDS, RESOLVE_ACCEPT
from advisor.dialogue.state import Pending


def test_constants_are_sane():
    assert 0 < RESOLVE_ACCEPT < 1 and MAX_ANSWER_WORDS >= 3


def ask_back(conv, question, options):
    """Put the conversation in the state of having asked `question` (which topic)."""
    conv.state = conv.state.updated(pending=Pending("intent", options, question))


@pytest.mark.parametrize(
    "answer,fact",
    [("the salary", "$37,110"), ("the first", "$37,110"), ("tuition", "$11,000"), ("the second one", "$11,000")],
)
def test_which_topic_answers(conv, answer, fact):
    ask_back(conv, "how much at Peirce", ("salary", "school_tuition"))
    assert fact in conv.ask(answer).text


def test_a_new_question_instead_of_an_answer_is_answered(conv):
    ask_back(conv, "how much at Peirce", ("salary", "school_tuition"))
    r = conv.ask("where is Dakota State University")
    assert "Madison" in r.text and conv.state.pending is None


def test_ambiguous_school_name_asks_which_then_answers(conv):
    r = conv.ask("how much is the community college")
    assert r.intent is None and r.text.startswith("Which school do you mean")
    assert "Hutchinson Community College" in r.text and "Collin County Community College District" in r.text
    assert "$14,458" in conv.ask("Hutchinson").text


def test_ambiguous_school_answered_by_position(conv):
    conv.ask("where is the community college")
    assert "McKinney" in conv.ask("the third").text


def test_offer_then_yes(conv):
    r = conv.ask("are there schools in Oklahoma")
    assert "Would you like them?" in r.text
    assert "Coastal Community University" in conv.ask("yes please").text


def test_offer_then_no(conv):
    conv.ask("are there schools in Oklahoma")
    r = conv.ask("no thanks")
    assert r.intent == "decline" and "Keiser" not in r.text and conv.state.pending is None


def test_yes_without_an_offer_is_not_an_error(conv):
    assert conv.ask("yes").intent == "affirm"
