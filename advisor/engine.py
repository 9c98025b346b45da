"""The public front: `Advisor` (a loaded pack, shareable between threads) and
`Conversation` (one user's dialogue, with its own state). This is where the application is
assembled: a pack is loaded with the handlers its intents name (the career pack's unless
others are given), which it keeps for answering."""

from __future__ import annotations

import gc
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from .career import career_handlers
from .dialogue.pipeline import SuggestionMeanings, respond
from .dialogue.state import DialogueState
from .nlu.entities import SLOTS
from .nlu.language import Language, english
from .nlu.matching import FuzzyMatcher, Matcher
from .pack.build import Pack, load_pack, pack_dirs
from .pack.intents import Intent
from .pack.registry import HandlerSet
from .reply import Explanation, Reply


def default_matcher(pack: Pack) -> FuzzyMatcher:
    """The rapidfuzz matcher, ignoring stopwords and the occupation's own name."""
    return default_matcher_for(pack.language)


def default_matcher_for(language: Language) -> FuzzyMatcher:
    return FuzzyMatcher(language.stopwords | {SLOTS["occupation"]})


def _indexer(matcher: FuzzyMatcher):
    """The default matcher's `part`, named for the cache by what its parts depend on."""

    def part(routing):
        return matcher.part(routing)

    part.name = "fuzzy:" + ",".join(sorted(matcher.stopwords))
    return part


@contextmanager
def _collector_paused():
    """The cyclic garbage collector off within the block, as it was after it. After the
    process's first block that works, what it made (and everything before it) is frozen out
    of the collector's sight; a later load (a pack loaded again) is not, as it replaces the
    one before and what it frees must be collected."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if not gc.get_freeze_count():
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


def _question(text: object) -> str:
    """The question, which must be text: any other value is a programming error, told as one."""
    if not isinstance(text, str):
        raise TypeError(f"ask() takes the question as a str, not {type(text).__name__}")
    return text


class Advisor:
    """A loaded pack and its router, which do not change after `load`, so one Advisor can serve
    many threads (what a suggestion asks that the pack's text does not hold is read when first
    offered, and kept: an idempotent addition)."""

    def __init__(self, pack: Pack, matcher: Matcher | None = None):
        """The default matcher is fitted on the pack's shards (their index parts, when built
        with its indexer), any other matcher on the routing forms."""
        self.pack = pack
        if matcher is None:
            matcher = default_matcher(pack)
            parts = [shard.index for shard in pack.shards]
            if parts and all(part is not None for part in parts):
                matcher.fit_parts(parts)
            else:
                matcher.fit(pack.routing)
        else:
            matcher.fit(pack.routing)
        self.matcher = matcher
        self.suggestions = SuggestionMeanings(pack, matcher)
        # One question answered now, so that the first user's turn does not pay for what a
        # process does once: the interpreter specialising the pipeline's code, first calls
        # into rapidfuzz, the first words' weights (a few milliseconds, once).
        self.ask(pack.intents.intents[0].example if pack.intents.intents else "hello")

    @classmethod
    def load(
        cls,
        intents: str | Path | None = None,
        knowledge: str | Path | None = None,
        matcher: Matcher | None = None,
        handlers: HandlerSet | None = None,
        pause_gc: bool = False,
    ) -> "Advisor":
        """Load a pack (the packaged default when folders are not given), answering with
        `handlers` (default: `career_handlers()`). Raises PackLoadError.
        What a load computes for each file is kept in the cache (see pack/cache.py): a pack
        loaded before loads again fast, and one with a file changed redoes that file.

        `pause_gc`: switch the cyclic garbage collector off while loading. A load makes
        millions of objects and frees none, and the collector would scan them all again and
        again as they are made (pausing it halves a big pack's load). It is the process's
        setting, not the library's, so only an application asks for it (the CLI and the
        server do); it is restored when the load ends. What the process's first load made is
        then frozen (gc.freeze): the collector would otherwise scan it all at the first
        collection after the load (on the first user's turn) and at every full one after."""
        intents_dir, knowledge_dir = pack_dirs(intents, knowledge)
        indexer = _indexer(default_matcher_for(english())) if matcher is None else None
        handlers = career_handlers() if handlers is None else handlers
        with _collector_paused() if pause_gc else nullcontext():
            pack = load_pack(intents_dir, knowledge_dir, indexer=indexer, handlers=handlers)
            return cls(pack, matcher)

    @property
    def version(self) -> str:
        """The pack's version (a hash of its files), kept with stored turns."""
        return self.pack.version or "unknown"

    @property
    def handlers(self) -> HandlerSet:
        """The handlers the pack was loaded with, by name."""
        return self.pack.handlers

    @property
    def intents(self) -> tuple[Intent, ...]:
        return self.pack.intents.intents

    def conversation(self) -> "Conversation":
        return Conversation(self)

    def ask(self, text: str) -> Reply:
        """Answer one question with no context."""
        reply, _ = respond(self.pack, self.matcher, self.suggestions, DialogueState(), _question(text))
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
        advisor = self.advisor
        reply, self.state = respond(advisor.pack, advisor.matcher, advisor.suggestions, self.state, _question(text))
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
