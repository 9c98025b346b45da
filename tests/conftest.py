"""Shared fixtures: the default advisor (loaded once) and the toy pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import Advisor

pytest_plugins = ["pytester"]

TESTS = Path(__file__).parent
TOY = TESTS / "packs" / "toy"


@pytest.fixture(scope="session")
def bot() -> Advisor:
    return Advisor.load()


@pytest.fixture(scope="session")
def toy() -> Advisor:
    return Advisor.load(TOY / "intents", TOY / "knowledge")


@pytest.fixture
def conv(bot):
    return bot.conversation()
