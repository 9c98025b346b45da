"""Turn decisions: empty input, out of scope, follow-ups, clarification, long questions."""

from advisor.dialogue import ACCEPT, CONFIDENT, MARGIN, unknown_name


def test_thresholds_are_ordered():
    assert 0 < MARGIN < ACCEPT < CONFIDENT <= 1


def test_empty_input_asks_for_a_question(bot):
    for text in ("", "   ", "!!!", "\x00\x00"):
        r = bot.ask(text)
        assert r.intent is None and "question" in r.text


def test_gibberish_falls_back(bot):
    assert bot.ask("zxcv mnbv").intent is None


def test_weather_in_a_state_is_out_of_scope(bot):
    r = bot.ask("is it hot in texas right now")
    assert r.intent == "out_of_scope" and "Collin" not in r.text


def test_a_state_named_alone_lists_its_schools(conv):
    assert "Dakota State University" in conv.ask("south dakota").text


def test_long_story_routes_on_its_question(bot):
    story = ("i've worked retail for ten years and my back hurts, my cousin does paperwork at a clinic "
             "and likes it, i'm good with computers, so anyway what skills do you need for this job")
    assert bot.ask(story).intent == "skills"


def test_close_intents_are_told_apart_by_the_entity_named(bot):
    assert "$17,642" in bot.ask("coastline washington school cost").text


def test_unknown_name_needs_a_sign_that_it_is_a_name(bot):
    norm = bot.pack.normaliser.normalise
    assert unknown_name(bot.pack, "tuition at yale", norm("tuition at yale").tokens) == "Yale"
    assert unknown_name(bot.pack, "is distance learning available", norm("is distance learning available").tokens) is None


def test_explanation_says_why(bot):
    why = bot.ask("how much do they earn").explanation
    assert why.candidates[0].intent == "salary" and "scored" in why.decision


def test_a_close_runner_up_that_follows_the_last_question_wins(conv):
    conv.ask("what certifications are there")
    assert "AHIMA" in conv.ask("who offers that").text


def test_a_close_runner_up_taking_the_named_entity_wins(bot):
    assert "Peirce College" in bot.ask("can you recommend a school in Pennsylvania?").text


def test_which_is_cheaper_after_a_comparison(conv):
    conv.ask("compare hutchinson and collin")
    assert "Hutchinson" in conv.ask("which is cheaper").text.split(",")[0]
