"""The public front: `Advisor` (a loaded pack, shareable between threads) and
`Conversation` (one user's dialogue, with its own state)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from .dialogue.pipeline import respond
from .dialogue.state import DialogueState
from .nlu.entities import SLOTS
from .nlu.matching import FuzzyMatcher, Matcher
from .pack import cache
from .pack.build import Pack, load_pack, pack_dirs
from .pack.intents import Intent
from .pack.version import pack_version
from .reply import Explanation, Reply


def default_matcher(pack: Pack) -> FuzzyMatcher:
    """The rapidfuzz matcher, ignoring stopwords and the occupation's own name."""
    return FuzzyMatcher(pack.language.stopwords | {SLOTS["occupation"]})


def _question(text: object) -> str:
    """The question, which must be text: any other value is a programming error, told as one."""
    if not isinstance(text, str):
        raise TypeError(f"ask() takes the question as a str, not {type(text).__name__}")
    return text


class Advisor:
    """A loaded pack and its router. Immutable after `load`, so one Advisor can serve many threads."""

    def __init__(self, pack: Pack, matcher: Matcher | None = None, fitted: bool = False, version: str = "unknown"):
        """`fitted`: the matcher is already fitted on this pack (restored from the cache);
        `version`: the pack's version (a hash of its files), kept with stored turns."""
        self.pack = pack
        self.version = version
        self.matcher = matcher if matcher is not None else default_matcher(pack)
        if not fitted:
            self.matcher.fit(pack.routing)

    @classmethod
    def load(
        cls,
        intents: str | Path | None = None,
        knowledge: str | Path | None = None,
        matcher: Matcher | None = None,
    ) -> "Advisor":
        """Load a pack (the packaged default when folders are not given). Raises PackLoadError.
        A pack loaded before, unchanged, comes from the cache (see cache.py)."""
        intents_dir, knowledge_dir = pack_dirs(intents, knowledge)
        version = pack_version(intents_dir, knowledge_dir)
        entry = cache.key(intents_dir, knowledge_dir) if cache.enabled() else None
        saved = cache.read(entry) if entry else None
        if saved is not None:
            (intent_set, knowledge_pack, derived), matcher_state = saved
            pack = Pack(intent_set, knowledge_pack, derived=derived)
            if matcher is None and matcher_state is not None:
                return cls(pack, FuzzyMatcher.from_state(matcher_state), fitted=True, version=version)
            return cls(pack, matcher, version=version)
        pack = load_pack(intents_dir, knowledge_dir)
        bot = cls(pack, matcher, version=version)
        if entry:
            state = bot.matcher.state() if matcher is None else None
            cache.write(entry, (replace(pack.intents, docs=()), pack.knowledge, pack.derived()), state)
        return bot

    @property
    def intents(self) -> tuple[Intent, ...]:
        return self.pack.intents.intents

    def conversation(self) -> "Conversation":
        return Conversation(self)

    def ask(self, text: str) -> Reply:
        """Answer one question with no context."""
        reply, _ = respond(self.pack, self.matcher, DialogueState(), _question(text))
        return reply

    def explain(self, text: str) -> Explanation:
        explanation = self.ask(text).explanation
        assert explanation is not None  # respond() always explains
        return explanation


class Conversation:
    """One user's dialogue: answers in the context of what came before. Not for sharing."""

    def __init__(self, advisor: Advisor, state: DialogueState | None = None):
        self.advisor = advisor
        self.state = state or DialogueState()
        self.last_reply: Reply | None = None

    def ask(self, text: str) -> Reply:
        """Answer `text` in the context of the conversation so far."""
        reply, self.state = respond(self.advisor.pack, self.advisor.matcher, self.state, _question(text))
        self.last_reply = reply
        return reply

    def reset(self) -> None:
        """Forget the context, as if the conversation had just begun."""
        self.state = DialogueState()
        self.last_reply = None

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-safe data; `Conversation.from_dict(bot, data)` restores it."""
        return self.state.to_dict()

    @classmethod
    def from_dict(cls, advisor: Advisor, data: dict[str, Any]) -> "Conversation":
        return cls(advisor, DialogueState.from_dict(data))
