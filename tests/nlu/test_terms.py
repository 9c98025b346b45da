"""Terms a question hinges on that the pack does not know (nlu/terms.py), and the decline
by name they get instead of a neighbouring answer."""

import pytest

from advisor.nlu.terms import foreign_words, unknown_acronym


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("do i need to take the SAT", "SAT"),
        ("do i need the GRE for this", "GRE"),
        ("what does the BLS say", None),  # the pack's own abbreviation
        ("does the VA hire them", None),  # the source names the VA
        ("is the RHIT exam hard", None),  # the pack's synonym
        ("do I need a GED", None),
        ("HOW MUCH DO THEY EARN", None),  # capitals of a shout say nothing
        ("I'm in TX", None),  # a state
    ],
)
def test_an_acronym_the_pack_never_uses(bot, text, term):
    assert unknown_acronym(bot.pack, text) == term


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("do i need to take the SAT", "SAT"),
        ("can i work for Walmart doing this", "Walmart"),
        ("is McDonalds hiring", "McDonalds"),
    ],
)
def test_a_question_that_hinges_on_an_unknown_term_is_declined_by_name(conv, text, term):
    reply = conv.ask(text)
    assert reply.outcome == "declined" and reply.attribute == term and reply.intent is None
    assert term in reply.text and "$" not in reply.text


def test_a_claim_with_an_unknown_term_is_answered_and_corrected(conv):
    reply = conv.ask("the RHIT is given out by the AMA, right?")
    assert reply.outcome == "answered" and "AHIMA" in reply.text


def test_a_school_we_know_compared_with_one_we_do_not(conv):
    reply = conv.ask("is NYU cheaper than Peirce")
    assert reply.intent == "compare_schools"
    assert "NYU" in reply.text and "$11,000" in reply.text and reply.table is None


def test_a_known_kind_of_thing_is_declined_as_its_attribute(conv):
    reply = conv.ask("can i use my GI Bill for this")
    assert reply.outcome == "declined" and reply.attribute == "financial aid and scholarships"


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("how many mg of aspirin", ("mg", "aspirin")),
        ("who won the super bowl", ("super", "bowl")),  # "won" is a word of the article
        ("how much do they earn", ()),
        ("roughly how many people held this job in 2018", ()),  # "held": few unknown words
        ("is it a lot of sitting at a computer", ()),  # "sitting" is a form of "sit"
        ("third?", ()),  # an ordinal is no content
        ("anything near Wichita", ()),  # a place's name is known
    ],
)
def test_words_the_pack_never_uses_when_they_are_most_of_a_question(bot, text, foreign):
    tokens = bot.pack.normaliser.normalise(text).tokens
    assert foreign_words(bot.pack, tokens, bot.pack.places.place_words()) == foreign


def test_a_question_mostly_of_unknown_words_is_declined_however_well_the_rest_matches(conv):
    reply = conv.ask("how many mg of aspirin")
    assert reply.outcome == "declined" and reply.intent is None and "aspirin" in reply.text
    assert not any(ch.isdigit() for ch in reply.text)
