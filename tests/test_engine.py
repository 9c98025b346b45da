"""The public API: Advisor, Conversation, Reply."""

import dataclasses
import gc
import json

import pytest

import advisor
from advisor import Advisor, Conversation, Reply, StateError, engine


def test_public_names_are_sorted_and_importable():
    assert advisor.__all__ == sorted(advisor.__all__)
    for name in advisor.__all__:
        assert getattr(advisor, name)


def test_reply_is_frozen_and_typed(bot):
    r = bot.ask("how much do they earn?")
    assert isinstance(r, Reply) and r.intent == "salary" and 0 <= r.confidence <= 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.text = "x"
    assert isinstance(r.suggestions, tuple) and all(isinstance(s, str) for s in r.suggestions)
    json.dumps(r.to_dict())


def test_fallback_has_no_intent_and_offers_suggestions(bot):
    r = bot.ask("zxcv mnbv")
    assert r.intent is None and r.text and 2 <= len(r.suggestions) <= 3


def test_intents_are_listed(bot):
    assert all(i.name and isinstance(i.patterns, tuple) for i in bot.intents)


def test_conversation_keeps_context(conv):
    conv.ask("tell me about Peirce")
    assert "$11,000" in conv.ask("how much is it?").text
    assert "Philadelphia" in conv.ask("where is it?").text


def test_what_about_another_school_repeats_the_question(conv):
    conv.ask("how much is Peirce")
    assert "$17,664" in conv.ask("what about Keiser?").text


def test_and_another_percentile(conv):
    conv.ask("what's the salary?")
    assert "$24,190" in conv.ask("and the bottom 10%?").text


def test_state_round_trips_through_json(bot):
    a = bot.conversation()
    a.ask("tell me about Hutchinson")
    b = Conversation.from_dict(bot, json.loads(json.dumps(a.to_dict())))
    for q in ("how much is it?", "which state is it in?"):
        assert a.ask(q).text == b.ask(q).text


def test_bad_state_is_refused_in_plain_words(bot):
    with pytest.raises(StateError, match="saved by another version of advisor"):
        Conversation.from_dict(bot, {"version": 99})
    with pytest.raises(StateError, match="is a dict made by Conversation.to_dict\\(\\), not list"):
        Conversation.from_dict(bot, ["not", "a", "dict"])
    with pytest.raises(StateError, match="not a saved conversation: it has no 'version' key"):
        Conversation.from_dict(bot, {"user": "ann", "messages": []})
    with pytest.raises(StateError, match="keys a saved state never has \\(messages\\)"):
        Conversation.from_dict(bot, {"version": 1, "messages": []})


def test_a_question_that_is_not_text_is_a_type_error(bot):
    for value in (None, 42, b"how much", ["how much"]):
        with pytest.raises(TypeError, match="ask\\(\\) takes the question as a str, not"):
            bot.ask(value)
        with pytest.raises(TypeError, match="takes the question as a str"):
            bot.conversation().ask(value)


def test_a_second_pack_runs_on_the_same_engine(toy):
    assert "$41,000" in toy.ask("how much do they earn").text
    c = toy.conversation()
    c.ask("tell me about cliffside")
    assert "$12,500" in c.ask("how much is it").text


def test_empty_knowledge_folder_still_loads(tmp_path):
    from conftest import TOY

    bot = Advisor.load(TOY / "intents", tmp_path)
    assert bot.ask("hello").text  # answers, even if only to say it does not know
    assert "don't have" in bot.ask("how much do they earn").text


def test_ask_has_no_memory(bot):
    bot.ask("tell me about Peirce")
    assert "school" not in bot.ask("how much is it?").entities


def test_compare_them_uses_the_schools_talked_about(conv):
    conv.ask("tell me about Peirce")
    conv.ask("what's the tuition at Keiser")
    text = conv.ask("compare them").text
    assert "$6,664" in text and "Peirce College" in text and "Keiser University" in text


@pytest.mark.parametrize("pause", [False, True])
def test_a_load_pauses_the_garbage_collector_only_when_asked(monkeypatch, pause):
    # The collector is the process's: a library call leaves it alone unless asked.
    from conftest import TOY

    seen = []

    def load_pack(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    real = engine.load_pack
    monkeypatch.setattr(engine, "load_pack", load_pack)
    assert gc.isenabled()
    Advisor.load(TOY / "intents", TOY / "knowledge", pause_gc=pause)
    assert seen == [not pause] and gc.isenabled()  # as it was, after the load
