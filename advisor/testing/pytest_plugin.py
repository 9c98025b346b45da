"""A pytest plugin: transcripts (`.chat`) collected as tests, one item per conversation.

Registered through the `pytest11` entry point, but it collects nothing until a project opts
in, as pytest's own doctest collection does: installing advisor never changes what pytest
collects in an unrelated project. Settings (in pytest.ini, or [tool.pytest.ini_options] in
pyproject.toml):

    chat_glob = *.chat              opt in: which files are transcripts (or --chat-glob GLOB)
    chat_intents = path/to/intents  a pack other than the packaged default (both optional)
    chat_knowledge = path/to/knowledge

A failure shows the numbered transcript up to the failing turn, then expected against got.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .replay import ConversationResult, numbered, run_conversation
from .transcript import ChatConversation, TranscriptError, load

_ADVISOR_KEY = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("advisor", "advisor transcripts (.chat)")
    group.addoption(
        "--chat-glob", dest="chat_glob", default=None, help="collect transcript files matching this glob (e.g. *.chat)"
    )
    parser.addini("chat_glob", "collect transcript files matching this glob (e.g. *.chat); unset: none", default="")
    parser.addini("chat_intents", "intents folder for transcripts (default: the packaged pack)", default="")
    parser.addini("chat_knowledge", "knowledge folder for transcripts (default: the packaged pack)", default="")


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    config = parent.config
    pattern = config.getoption("chat_glob") or config.getini("chat_glob")
    if pattern and file_path.match(pattern):
        return ChatFile.from_parent(parent, path=file_path)
    return None


def _advisor(config: pytest.Config):
    """One Advisor per test session (loading a pack is the slow part)."""
    if _ADVISOR_KEY not in config.stash:
        from ..engine import Advisor

        root = config.rootpath
        intents, knowledge = config.getini("chat_intents"), config.getini("chat_knowledge")
        config.stash[_ADVISOR_KEY] = Advisor.load(
            root / intents if intents else None, root / knowledge if knowledge else None
        )
    return config.stash[_ADVISOR_KEY]


class ChatFile(pytest.File):
    def collect(self):
        try:
            conversations = load(self.path)
        except TranscriptError as exc:
            raise self.CollectError(str(exc)) from None
        for conversation in conversations:
            yield ChatItem.from_parent(self, name=conversation.title, conversation=conversation)


class TranscriptFailure(Exception):
    """Raised by a ChatItem whose conversation did not meet its expectations."""

    def __init__(self, result: ConversationResult):
        self.result = result
        super().__init__(f"{len(result.failures)} expectation(s) failed")


class ChatItem(pytest.Item):
    def __init__(self, *, conversation: ChatConversation, **kwargs):
        super().__init__(**kwargs)
        self.conversation = conversation

    def runtest(self) -> None:
        result = run_conversation(_advisor(self.config), self.conversation)
        if result.failures:
            raise TranscriptFailure(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, TranscriptFailure):
            result = excinfo.value.result
            first = result.failures[0]
            parts = [numbered(result, upto=first), ""]
            parts += [failure.describe() for failure in result.failures]
            return "\n".join(parts)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, self.conversation.line - 1, f"transcript: {self.conversation.title}"
