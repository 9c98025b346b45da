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


SUGGESTING = (
    "intents:\n  - name: extra\n    patterns: [tell me a new thing]\n    answer: A new thing.\n"
    "    suggestions: [Tell me a new thing, What is the median?]\n"
)


@pytest.fixture
def pack(tmp_path, monkeypatch):
    """The toy pack with intents that offer suggestions, its cache in tmp_path."""
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(TOY, tmp_path / "pack")
    (tmp_path / "pack" / "intents" / "more.yaml").write_text(SUGGESTING)
    return tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge"


def test_a_second_load_finds_the_meanings_in_the_cache(pack, reads):
    first = Advisor.load(*pack)
    assert reads["n"] == 2  # an empty cache: each suggestion read once
    reads["n"] = 0
    again = Advisor.load(*pack)
    assert reads["n"] == 0
    assert again.suggestions._meanings == first.suggestions._meanings
    assert again.suggestions["Tell me a new thing"].asks == "extra"


def test_a_changed_pack_reads_its_suggestions_again(pack, reads):
    Advisor.load(*pack)
    pack[0].joinpath("more.yaml").write_text(SUGGESTING.replace("A new thing.", "Something new."))
    reads["n"] = 0
    bot = Advisor.load(*pack)
    assert reads["n"] == 2 and bot.suggestions["Tell me a new thing"].asks == "extra"


def test_a_damaged_cache_entry_is_worked_out_again(pack, reads, monkeypatch):
    from advisor.pack import cache

    Advisor.load(*pack)
    real = cache.read
    monkeypatch.setattr(cache, "read", lambda kind, entry: [1, 2] if kind == "suggestions" else real(kind, entry))
    reads["n"] = 0
    bot = Advisor.load(*pack)
    assert reads["n"] == 2 and bot.suggestions["Tell me a new thing"].asks == "extra"
