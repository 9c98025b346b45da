"""Handlers join the engine through a HandlerSet given to the load, never by being imported:
the career pack's lists them all; a test builds a smaller one."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest
from conftest import TOY

import advisor.career
from advisor import Advisor, PackLoadError
from advisor.career import Answer, career_handlers, schools
from advisor.pack.registry import HandlerSet, HandlerSpec


def _toy_set(*extra: HandlerSpec, cue_words=(), pay=lambda turn: Answer("Ask the keeper.")) -> HandlerSet:
    """The handlers the toy pack names, its pay answered in a word of the test's own."""
    return HandlerSet.of(
        HandlerSpec("pay", pay),
        HandlerSpec("school_tuition", schools.school_tuition),
        HandlerSpec("school_info", schools.school_info),
        HandlerSpec("school_location", schools.school_location),
        *extra,
        cue_words=cue_words,
    )


def test_a_pack_answers_with_the_handlers_it_is_loaded_with():
    handlers = _toy_set(HandlerSpec("cheapest", schools.cheapest))
    bot = Advisor.load(TOY / "intents", TOY / "knowledge", handlers=handlers)
    assert bot.handlers is handlers
    assert bot.ask("how much do they earn").text == "Ask the keeper."
    assert "Cliffside" in bot.ask("tell me about cliffside").text  # a career handler, listed again


def test_a_handler_the_set_lacks_is_a_load_error_at_its_line():
    with pytest.raises(PackLoadError) as caught:
        Advisor.load(TOY / "intents", TOY / "knowledge", handlers=_toy_set())
    (problem,) = caught.value.problems
    assert "unknown handler 'cheapest'" in problem.message
    assert problem.file.endswith("toy.yaml") and problem.line == 39  # its `handler:` line
    assert problem.hint == "known handlers: pay, school_info, school_location, school_tuition"


def test_the_cue_words_of_the_set_reach_the_speller():
    extra = HandlerSpec("cheapest", schools.cheapest)
    listening = Advisor.load(TOY / "intents", TOY / "knowledge", handlers=_toy_set(extra, cue_words=["zorbly"]))
    deaf = Advisor.load(TOY / "intents", TOY / "knowledge", handlers=_toy_set(extra))
    assert "zorbly" in listening.pack.normaliser.vocabulary
    assert "zorbly" not in deaf.pack.normaliser.vocabulary


def test_a_handler_set_is_frozen():
    handlers = career_handlers()
    assert handlers == career_handlers() and "pay" in handlers
    assert handlers != HandlerSet(handlers.handlers, handlers.says, frozenset())  # the cue words count
    with pytest.raises(dataclasses.FrozenInstanceError):
        handlers.cue_words = frozenset()  # type: ignore[misc]
    with pytest.raises(TypeError):
        handlers.handlers["pay"] = None  # type: ignore[index]
    with pytest.raises(ValueError, match="two handlers are named 'pay'"):
        HandlerSet.of(HandlerSpec("pay", schools.cheapest), HandlerSpec("pay", schools.cheapest))


def _listened_for() -> set[str]:
    """Every word a career handler passes to `Turn.says`, read from the code: a literal, or a
    module constant (spread with *)."""
    words: set[str] = set()
    package = Path(advisor.career.__file__).parent
    for path in package.glob("*.py"):
        module = importlib.import_module(f"advisor.career.{path.stem}")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "says":
                for arg in node.args:
                    value = arg.value if isinstance(arg, ast.Starred) else arg
                    if isinstance(value, ast.Constant):
                        words.add(value.value)
                    else:
                        assert isinstance(value, ast.Name), f"{path.name}:{arg.lineno}: says() of an expression"
                        constant = getattr(module, value.id)
                        words.update(constant if isinstance(arg, ast.Starred) else [constant])
    return words


def test_every_word_a_career_handler_listens_for_is_a_cue_word():
    listened = _listened_for()
    assert {"dearer", "median", "hybrid"} <= listened
    assert not listened - career_handlers().cue_words, "add them to their module's CUE_WORDS"
