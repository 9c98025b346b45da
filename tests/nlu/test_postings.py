"""The two readers of the router's index rank alike: numpy for a big pack, Python lists for a
small one, tried on the same generated pack, question by question."""

import math

import pytest
from benchgen import write_pack_asked

from advisor import Advisor
from advisor.engine import default_matcher_for
from advisor.nlu.language import english
from advisor.nlu.matching import LARGE_PACK
from advisor.nlu.postings import ArrayPostings, ListPostings, quantised


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A pack big enough to read with numpy (about 1.5 x LARGE_PACK patterns), with questions
    made from its patterns (typos, words dropped and added)."""
    folder = tmp_path_factory.mktemp("generated")
    asked = write_pack_asked(folder, intents=400, patterns=20, questions=300, files=4)
    return Advisor.load(folder / "intents", folder / "knowledge"), asked


def _matcher(bot: Advisor, vectorised: bool):
    matcher = default_matcher_for(english())
    matcher.vectorised = vectorised
    matcher.fit_parts([shard.index for shard in bot.pack.shards])
    return matcher


def test_a_big_pack_is_read_with_numpy_and_a_small_one_with_lists(generated, bot):
    big, _ = generated
    assert len(big.matcher._full) > LARGE_PACK and isinstance(big.matcher._postings, ArrayPostings)
    assert len(bot.matcher._full) <= LARGE_PACK and isinstance(bot.matcher._postings, ListPostings)


def test_both_readers_rank_every_question_alike(generated):
    bot, asked = generated
    lists, arrays = _matcher(bot, False), _matcher(bot, True)
    normalise = bot.pack.normaliser.normalise
    routed = 0
    for question, _ in asked:
        text = bot.pack.prepare(normalise(question).tokens).routing_text
        ranked = lists.rank(text, 5)
        assert ranked == arrays.rank(text, 5), question  # intents, scores and patterns, to the bit
        routed += bool(ranked)
    assert routed >= 0.9 * len(asked)


def test_both_readers_answer_alike_through_the_engine(generated):
    bot, asked = generated
    replies = {}
    for vectorised in (False, True):
        engine = Advisor(bot.pack, _matcher(bot, vectorised))
        replies[vectorised] = [(r.intent, r.confidence, r.text) for r in map(engine.ask, (q for q, _ in asked))]
    assert replies[False] == replies[True]
    right = sum(intent == wanted for (intent, _, _), (_, wanted) in zip(replies[True], asked, strict=True))
    assert right >= 0.85 * len(asked)


def test_word_weights_are_quantised_so_every_sum_is_exact(generated):
    bot, _ = generated
    weights = list(bot.matcher._idf.values())
    assert all(quantised(w) == w and math.isfinite(w) for w in weights)
    # Summed in two orders, the same bits (plain floats would differ in the last place).
    assert sum(weights) == sum(reversed(weights)) == math.fsum(weights)


def test_a_pattern_weight_is_the_same_from_both_readers(generated):
    bot, _ = generated
    lists, arrays = _matcher(bot, False), _matcher(bot, True)
    assert list(lists._postings._mass) == arrays._postings._mass.tolist()
