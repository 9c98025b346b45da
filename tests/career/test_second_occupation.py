"""The default intents answer another occupation from its knowledge folder alone.

tests/packs/aquaponics/ is a made-up occupation (test data, see its README) with other
figures, other percentiles (a median and the top 10% only), other schools and another
certification. Every kind of question is asked of it; each answer must come from its facts,
and none may carry a fact of the default pack.
"""

import pytest
from conftest import TESTS

from advisor import Advisor

AQUAPONICS = TESTS / "packs" / "aquaponics" / "knowledge"

# Facts of the default pack that must never reach an answer about another occupation.
DEFAULT_PACK_FACTS = [
    "37,110", "24,190", "30,990", "51,350", "61,400", "40,350", "215,500", "11%", "38%", "21%",
    "RHIT", "AHIMA", "Registered Health Information", "Veterans Affairs", "medical records",
    "Keiser", "Hutchinson", "Coastal", "Peirce", "Dakota", "Collin", "nine weeks", "61 credits",
    "16 credits",
]  # fmt: skip


@pytest.fixture(scope="module")
def other() -> Advisor:
    return Advisor.load(knowledge=AQUAPONICS)


# (question, what the answer must say)
QUESTIONS = [
    ("what is an AST", "fish and plants share one water loop"),
    ("what do they do", "test water chemistry"),
    ("how much do they earn", "$48,200"),
    ("what is the median pay", "median of $48,200"),
    ("what do the top 10% make", "$71,900"),
    ("which schools offer the program", "Marlow Institute of Growing"),
    ("how much is tuition at Fenwick", "$13,250"),
    ("which school is the cheapest", "Marlow Institute of Growing"),
    ("which school is the most expensive", "North Tarn Polytechnic"),
    ("compare marlow and north tarn", "$11,600 cheaper"),
    ("which schools are online", "Marlow Institute of Growing"),
    ("how long does it take", "six months"),
    ("how long is the associate degree", "two years"),
    ("how many credits is the certificate", "24 credits"),
    ("what certification do i need", "Certified Aquaponic Systems Specialist"),
    ("who runs the CASS", "Guild of Aquaponic Growers"),
    ("where do they work", "commercial greenhouses"),
    ("what share work in greenhouses", "44%"),
    ("what's the job outlook", "4%"),
    ("how many are employed", "3,150"),
]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_answers_come_from_the_other_pack(other, question, expected):
    reply = other.ask(question)
    assert expected in reply.text, reply.text
    assert not [fact for fact in DEFAULT_PACK_FACTS if fact.lower() in reply.text.lower()], reply.text


def test_a_percentile_the_pack_lacks_is_named_and_said_to_be_unknown(other):
    for question in ("what do the bottom 10% earn", "what do the top 25 percent make"):
        reply = other.ask(question)
        assert "I don't have a figure for the" in reply.text and "$" not in reply.text


def test_the_average_is_not_passed_off_as_the_median(other):
    reply = other.ask("what's the average salary")
    assert "gives the median pay, not the average" in reply.text and "$48,200" in reply.text


def test_a_topic_the_pack_lacks_is_said_to_be_unknown(other):
    reply = other.ask("what personality suits the job")
    assert "I don't have that information" in reply.text


def test_the_default_occupation_is_another_occupation_here(other):
    reply = other.ask("what does a medical records technician earn")
    assert reply.text.startswith("Sorry, I only cover aquaponics systems technicians")
    assert "$" not in reply.text


def test_its_own_occupation_is_never_another_occupation(bot, other):
    # The built-in list of occupations names the default pack's occupation; in its own pack
    # that name is the pack's occupation, not another one.
    assert "medical records technician" not in bot.pack.other_occupations()
    assert "medical records technician" in other.pack.other_occupations()
    assert bot.ask("how much do medical records technicians earn").intent == "salary"


def test_a_school_of_the_default_pack_is_unknown_here(other):
    reply = other.ask("tell me about Peirce")
    assert reply.text.startswith("I don't have information about Peirce") and "$" not in reply.text


def test_no_example_or_suggestion_names_the_default_pack(other):
    texts = [t for i in other.intents for t in (*i.examples, *i.suggestions, i.label)]
    for fact in DEFAULT_PACK_FACTS:
        assert not [t for t in texts if fact.lower() in t.lower()], fact


def test_every_example_is_answered_from_the_other_pack(other):
    for intent in other.intents:
        for example in intent.examples:
            text = other.ask(example).text
            assert not [fact for fact in DEFAULT_PACK_FACTS if fact.lower() in text.lower()], (example, text)
