"""Shared fixtures: the default advisor (loaded once) and the toy pack."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from advisor import Advisor

pytest_plugins = ["pytester"]


def pytest_configure(config):
    # Tests never read or fill the user's own pack cache.
    if "ADVISOR_CACHE_DIR" not in os.environ:
        config._advisor_cache_dir = tempfile.mkdtemp(prefix="advisor-test-cache-")
        os.environ["ADVISOR_CACHE_DIR"] = config._advisor_cache_dir


def pytest_unconfigure(config):
    # The cache made for this run goes with it (each run used to leave one in /tmp).
    made = getattr(config, "_advisor_cache_dir", None)
    if made:
        os.environ.pop("ADVISOR_CACHE_DIR", None)
        shutil.rmtree(made, ignore_errors=True)


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


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A redis-server of its own, on a free 127.0.0.1 port, for the session (tests/servers.py)."""
    from servers import start_redis

    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)
