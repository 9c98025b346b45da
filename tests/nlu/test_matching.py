"""The rapidfuzz router and the matcher interface."""

from advisor import Advisor, Match
from advisor.nlu.matching import FuzzyMatcher, RoutingIntent


def test_rank_orders_by_score_then_pack_order():
    m = FuzzyMatcher()
    m.fit([RoutingIntent("a", ("salary",)), RoutingIntent("b", ("salary",)), RoutingIntent("c", ("tuition",))])
    ranked = m.rank("salary", 3)
    assert [r.intent for r in ranked[:2]] == ["a", "b"]  # a tie goes to the intent defined first
    assert ranked[0].score == 1.0 and ranked[0].pattern == "salary"


def test_word_order_and_extra_words_are_tolerated():
    m = FuzzyMatcher(stopwords={"the", "is"})
    m.fit([RoutingIntent("pay", ("average salary",)), RoutingIntent("cost", ("school tuition",))])
    assert m.rank("the salary average is", 1)[0].intent == "pay"


def test_empty_text_ranks_nothing():
    m = FuzzyMatcher()
    m.fit([RoutingIntent("a", ("x",))])
    assert m.rank("   ", 5) == []


class KeywordMatcher:
    """A stand-in router: first intent with a pattern word in the text."""

    def fit(self, intents):
        self.intents = list(intents)

    def rank(self, text, limit):
        words = set(text.split())
        return [Match(i.name, 1.0, p) for i in self.intents for p in i.patterns if set(p.split()) & words][:limit]


def test_the_router_is_replaceable():
    from conftest import TOY

    bot = Advisor.load(TOY / "intents", TOY / "knowledge", matcher=KeywordMatcher())
    assert isinstance(bot.matcher, KeywordMatcher)
    assert bot.ask("salary").intent == "salary"
