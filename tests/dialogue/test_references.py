"""References resolved against what the conversation showed (dialogue/references.py), on the
toy pack: each kind of phrase, what it resolves to, and the phrases that point at nothing."""

import pytest

from advisor.dialogue.references import refer
from advisor.dialogue.state import DialogueState

HARBOR, CLIFFSIDE = "Harbor Academy", "Cliffside Institute"
# The last answer (turn 1) listed both schools, cheapest first.
LISTED = DialogueState(turns=1, listed=(HARBOR, CLIFFSIDE), listed_turn=1, recent_schools=(HARBOR, CLIFFSIDE))


def read(toy, state, text):
    pack = toy.pack
    return refer(pack, state, pack.prepare(pack.normaliser.normalise(text).tokens, with_place=True))


@pytest.mark.parametrize(
    "text, schools",
    [
        ("how much is the first one", (HARBOR,)),
        ("and the second one?", (CLIFFSIDE,)),
        ("tell me about the last school", (CLIFFSIDE,)),
        ("what about the 2nd?", (CLIFFSIDE,)),
        ("which of those two is cheaper", (HARBOR, CLIFFSIDE)),
        ("compare them", (HARBOR, CLIFFSIDE)),
        ("both of them online?", (HARBOR, CLIFFSIDE)),
        ("compare the first 2", (HARBOR, CLIFFSIDE)),
    ],
)
def test_a_phrase_points_at_the_schools_shown(toy, text, schools):
    referred = read(toy, LISTED, text)
    assert referred is not None
    assert referred.routed.extraction.entities.schools == schools
    slots = referred.routed.routing_text.split().count("SCHOOL")
    assert slots == len(schools)
    assert "is " in referred.how  # /why says what it was read as


def test_the_other_one_is_the_one_shown_with_the_focus(toy):
    state = LISTED.updated(turns=2, schools=(HARBOR,), focus_turn=2)
    assert read(toy, state, "and the other one?").routed.extraction.entities.schools == (CLIFFSIDE,)


def test_the_other_one_with_a_state_is_the_one_there(toy):
    state = DialogueState(turns=1, schools=(HARBOR,), focus_turn=1)
    referred = read(toy, state, "what about the other one in Oregon")
    entities = referred.routed.extraction.entities
    assert entities.schools == (CLIFFSIDE,)
    assert entities.state is None  # the state picked the school; it is not asked about
    assert "STATE" not in referred.routed.routing_text


def test_that_one_is_the_school_in_focus(toy):
    state = DialogueState(turns=3, schools=(CLIFFSIDE,), focus_turn=3)
    assert read(toy, state, "what's the price of that one").routed.extraction.entities.schools == (CLIFFSIDE,)


def test_a_list_no_longer_talked_about_is_not_pointed_at(toy):
    # Since the list, the talk moved to a school that was not on it.
    state = DialogueState(turns=4, listed=(HARBOR,), listed_turn=1, schools=(CLIFFSIDE,), focus_turn=4)
    assert read(toy, state, "how much is the first one") is None


@pytest.mark.parametrize(
    "text",
    [
        "how much do they earn",  # no school
        "what is the second cheapest",  # an operation, not a reference
        "are these jobs growing",  # "these" of something else
        "is it both online and hybrid",  # "both" of no school
        "what do the first year courses cover",
    ],
)
def test_phrases_that_point_at_no_school(toy, text):
    assert read(toy, LISTED, text) is None


def test_them_with_nothing_shown_is_left_alone(toy):
    assert read(toy, DialogueState(turns=1), "compare them") is None


def test_a_named_school_is_not_replaced(toy):
    assert read(toy, LISTED, "is Cliffside cheaper than the first one") is None


def test_a_side_alone_keeps_the_percent_in_force(toy):
    state = DialogueState(turns=1, percentile=("top", 10), percentile_turn=1)
    referred = read(toy, state, "and the bottom?")
    assert referred.routed.extraction.entities.percentile == ("bottom", 10)
    assert read(toy, state, "what is the lowest tuition") is None  # a question of its own
    assert read(toy, DialogueState(turns=1), "and the bottom?") is None  # no percent in force


def test_a_conversation_answers_the_schools_pointed_at(toy):
    conv = toy.conversation()
    conv.state = LISTED
    first = conv.ask("how much is the first one")
    assert first.intent == "school_tuition" and first.entities["school"] == HARBOR
    other = conv.ask("and the other one?")
    assert other.intent == "school_tuition" and other.entities["school"] == CLIFFSIDE


@pytest.mark.parametrize(
    ("text", "school"),
    [("the cheaper one, where is it?", HARBOR), ("the more expensive one, is it online?", CLIFFSIDE)],
)
def test_a_comparative_picks_one_of_the_pair_by_its_tuition(toy, text, school):
    referred = read(toy, LISTED, text)
    assert referred.routed.extraction.entities.schools == (school,)


def test_the_cheapest_school_is_a_question_of_its_own(toy):
    assert read(toy, LISTED, "which is the cheapest school") is None  # a superlative asks of all schools


def test_a_school_named_then_two_questions_about_it(toy):
    reply = toy.conversation().ask("Cliffside Institute - where is it and how much is it")
    assert "Newport" in reply.text and "$12,500" in reply.text


def test_a_comparative_alone_asks_which_one_it_is(toy):
    assert read(toy, LISTED, "the cheaper one?") is None  # the pick says which, and by how much


def test_those_two_after_two_percentiles_are_those_figures(toy):
    conv = toy.conversation()
    conv.ask("what do the top 10% earn")
    conv.ask("and the bottom 10%?")
    state = conv.state
    referred = read(toy, state, "the gap between those two")
    assert referred.routed.extraction.entities.percentiles == (("top", 10), ("bottom", 10))
    assert referred.routed.routing_text.count("PERCENTILE") == 2


def test_a_list_is_not_pointed_at_once_the_talk_moved_to_pay(toy):
    state = LISTED.updated(turns=2, last_intent="salary")
    assert read(toy, state, "compare them") is None


def test_which_one_right_after_two_schools_asks_of_those_two(toy):
    state = DialogueState(turns=2, schools=(CLIFFSIDE,), focus_turn=2, recent_schools=(CLIFFSIDE, HARBOR))
    referred = read(toy, state, "which one is online")
    assert set(referred.routed.extraction.entities.schools) == {HARBOR, CLIFFSIDE}
    assert read(toy, DialogueState(turns=1), "which one is online") is None  # nothing talked about


def test_the_one_school_of_a_state_said_by_its_state(conv):
    conv.ask("how much is collin")
    r = conv.ask("is it cheaper than the kansas one")
    assert r.intent == "compare_schools" and "Hutchinson" in r.text and "$3,946" in r.text
    assert "Hutchinson Community College" in r.explanation.decision


def test_a_state_with_no_school_points_at_none(conv):
    r = conv.ask("tell me about the ohio one")
    assert not r.entities.get("school")
