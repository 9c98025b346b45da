"""What the pack's suggestions ask is read when an Advisor is made (or from the pack cache),
never on a user's turn: the first turn of a process costs what a later one does."""

import shutil

import pytest
from conftest import TOY

from advisor import Advisor
from advisor.dialogue import pipeline


@pytest.fixture
def reads(monkeypatch):
    """How many suggestions are read (routed through the pipeline on their own)."""
    count = {"n": 0}
    read = pipeline.SuggestionMeanings._read

    def counting(self, suggestion):
        count["n"] += 1
        return read(self, suggestion)

    monkeypatch.setattr(pipeline.SuggestionMeanings, "_read", counting)
    return count


def test_no_turn_reads_a_suggestion(bot, reads):
    engine = Advisor(bot.pack, bot.matcher)  # reads (or finds in the cache) every suggestion now
    reads["n"] = 0
    conv = engine.conversation()
    for question in ("how much do they earn", "which schools are online", "what about the cheapest", "help"):
        assert conv.ask(question).suggestions
    assert reads["n"] == 0


def test_a_second_load_finds_the_meanings_in_the_cache(tmp_path, monkeypatch, reads):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(TOY, tmp_path / "pack")
    first = Advisor.load(tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge")
    assert reads["n"] > 0  # an empty cache: each suggestion read once
    reads["n"] = 0
    again = Advisor.load(tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge")
    assert reads["n"] == 0
    assert again.suggestions._meanings == first.suggestions._meanings


def test_a_changed_pack_reads_its_suggestions_again(tmp_path, monkeypatch, reads):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(TOY, tmp_path / "pack")
    intents, knowledge = tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge"
    Advisor.load(intents, knowledge)
    (intents / "more.yaml").write_text(
        "intents:\n  - name: extra\n    patterns: [tell me a new thing]\n    examples: [Tell me a new thing]\n"
        "    answer: A new thing.\n"
    )
    reads["n"] = 0
    bot = Advisor.load(intents, knowledge)
    assert reads["n"] > 0 and bot.suggestions["Tell me a new thing"].asks == "extra"
