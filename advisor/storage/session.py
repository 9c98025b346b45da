"""A conversation kept in a store: the engine's step that a store runs for each turn, the
reply as it is kept (and as the web API gives it), and `StoredConversation`, a
conversation for the chat (`advisor chat --store URL`) whose turns are kept like the web's.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from ..engine import Advisor, Conversation
from ..errors import StateError
from ..reply import Reply

# How many candidates of the explanation a kept reply carries.
CANDIDATES_SHOWN = 3


def reply_json(reply: Reply, bot: Advisor) -> dict[str, Any]:
    """The reply as it is kept and given: everything, its explanation cut to what "why this
    answer?" shows, with the topic it was answered as, in words (the intent's label)."""
    data = reply.to_dict()
    explanation = data.pop("explanation") or {}
    intent = bot.pack.intents.get(reply.intent) if reply.intent else None
    data["explanation"] = {
        "topic": intent.label if intent is not None else "",
        "verdict": reply.verdict(intent.label if intent is not None else None),
        "decision": explanation.get("decision", ""),
        "read_as": explanation.get("routing_text", ""),
        "candidates": explanation.get("candidates", [])[:CANDIDATES_SHOWN],
    }
    return data


def engine_step(bot: Advisor, text: str, on_reply: Callable[[Reply], None] | None = None):
    """The engine's step for a store: the saved state in, the kept reply and the new state
    out. A state this version cannot restore (saved by another) starts the dialogue afresh."""

    def respond(state: dict | None) -> tuple[dict, dict]:
        conversation = bot.conversation()
        if state is not None:
            try:
                conversation = Conversation.from_dict(bot, state)
            except StateError:
                pass
        reply = conversation.ask(text)
        if on_reply is not None:
            on_reply(reply)
        return reply_json(reply, bot), conversation.to_dict()

    return respond


class StoredConversation:
    """One user's conversation whose turns go to a store, for the chat; it answers as
    `Conversation` does (`ask`, `reset`, `last_reply`)."""

    def __init__(self, bot: Advisor, store):
        self.bot = bot
        self.store = store
        self._loop = asyncio.new_event_loop()
        self.id = self._run(store.create())
        self.last_reply: Reply | None = None

    def _run(self, awaitable):
        return self._loop.run_until_complete(awaitable)

    def ask(self, text: str) -> Reply:
        replies: list[Reply] = []
        step = engine_step(self.bot, text, replies.append)
        if self._run(self.store.take_turn(self.id, text, step, self.bot.version)) is None:
            # The conversation was deleted meanwhile (`advisor forget`, or expired by a
            # server on the same store): the question starts a new one, as on the web page.
            self.id = self._run(self.store.create())
            self._run(self.store.take_turn(self.id, text, step, self.bot.version))
        self.last_reply = replies[-1]
        return self.last_reply

    def reset(self) -> None:
        """A new stored conversation: the next turn has no context."""
        self.id = self._run(self.store.create())
        self.last_reply = None

    def close(self) -> None:
        self._run(self.store.close())
        self._loop.close()
