"""The figure of the knowledge an amount is (query/figures.py)."""

from advisor.query.figures import figure_named


def test_an_amount_equal_to_a_figure_of_the_pack_is_that_figure(bot):
    k = bot.pack.knowledge
    assert figure_named(k, 61400).percentile == ("top", 10)
    assert figure_named(k, 37110).label == "the average"
    assert "May 2018" in figure_named(k, 40350).label
    tuition = figure_named(k, 14458)
    assert tuition.table == "tuition" and tuition.school == "Hutchinson Community College"
    assert figure_named(k, 40000) is None


def test_a_figure_of_the_pack_named_in_a_question_is_looked_up(bot):
    r = bot.conversation().ask("I keep seeing 40,350 mentioned, what figure is that?")
    assert r.intent == "salary" and r.explanation.frame.operation.value == "lookup"
    assert "May 2018" in r.text and "above the average" not in r.text
    r = bot.conversation().ask("14,458 is which school")
    assert r.entities.get("school") == "Hutchinson Community College"


def test_the_writers_own_figure_is_not_the_packs(bot):
    # Said to be a budget or an offer, an amount is the writer's, whatever it equals.
    assert bot.conversation().ask("my budget is 14458").intent == "user_budget"
    assert bot.conversation().ask("I was offered 40,350").intent == "pay_offer"
    # Doing something with the figure keeps the intent that does it.
    assert bot.conversation().ask("difference between the $37,110 average and the May 2018 number").intent == "pay_gap"
