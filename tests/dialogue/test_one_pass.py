"""A message is read once: each clause is normalised once and ranked once (counted by
wrapping the normaliser and the matcher)."""

import pytest

from advisor.nlu.matching import FuzzyMatcher
from advisor.nlu.normalize import Normaliser

QUESTIONS = [
    ("how much do medical records techs earn?", 1),
    ("tell me about Peirce", 1),
    ("which school is the cheapest", 1),
    ("Peirce only costs $9,000, right?", 1),  # a claim: read as a tuition question, once
    ("what about the most expensive one", 1),
    ("I live in Ohio, my budget is 15k and how fast is the job growing?", 3),
]


@pytest.fixture
def counted(monkeypatch):
    calls = {"normalise": 0, "rank": 0}
    normalise, rank = Normaliser.normalise, FuzzyMatcher.rank

    def counting_normalise(self, text):
        calls["normalise"] += 1
        return normalise(self, text)

    def counting_rank(self, *args, **kwargs):
        calls["rank"] += 1
        return rank(self, *args, **kwargs)

    monkeypatch.setattr(Normaliser, "normalise", counting_normalise)
    monkeypatch.setattr(FuzzyMatcher, "rank", counting_rank)
    return calls


@pytest.mark.parametrize(("text", "clauses"), QUESTIONS)
def test_each_clause_is_normalised_once_and_ranked_once(bot, counted, text, clauses):
    bot.conversation().ask(text)  # a first ask, so that nothing is counted that a process does once
    counted.update(normalise=0, rank=0)
    bot.conversation().ask(text)
    assert counted == {"normalise": clauses, "rank": clauses}


def test_a_coordination_is_routed_both_ways_once_more(bot, counted):
    # "price and location": each way is routed to see whether they ask different things,
    # then each clause is read as any other: one normalisation, two ranks per clause.
    bot.conversation().ask("what are the duties and skills")
    counted.update(normalise=0, rank=0)
    bot.conversation().ask("what are the duties and skills")
    assert counted == {"normalise": 1, "rank": 4}
