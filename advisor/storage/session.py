"""A conversation kept in a store: the engine's step that a store runs for each turn, the
reply as it is kept (and as the web API gives it), and `StoredConversation`, a
conversation for the chat (`advisor chat --store URL`) whose turns are kept like the web's.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from typing import Any, Callable

from ..dialogue.state import DialogueState
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


# Saved states read lately, by their JSON text: a server answers a conversation's next turn
# from the state it wrote at the last, without decoding and checking it again. Any text maps
# to one state, so the cache can never give another conversation's.
STATES_KEPT = 1024


class _States:
    """A least-recently-used map of JSON text -> DialogueState (immutable, so shareable)."""

    def __init__(self, size: int = STATES_KEPT) -> None:
        self._size = size
        self._kept: OrderedDict[str, DialogueState] = OrderedDict()

    def get(self, text: str) -> DialogueState | None:
        found = self._kept.get(text)
        if found is not None:
            self._kept.move_to_end(text)
        return found

    def put(self, text: str, state: DialogueState) -> None:
        self._kept[text] = state
        self._kept.move_to_end(text)
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)


_STATES = _States()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class EngineStep:
    """The engine's step for a store (stores.Respond): the saved state in (JSON text), the
    kept reply (data and JSON text) and the new state (JSON text) out. A state this version
    cannot restore (saved by another) starts the dialogue afresh. Once the step has run,
    `reply` and `reply_text` are the reply it made (the last, if a store ran it again): a
    server sends that text as it is."""

    def __init__(self, bot: Advisor, text: str, on_reply: Callable[[Reply], None] | None = None):
        self.bot, self.text, self.on_reply = bot, text, on_reply
        self.reply: dict | None = None
        self.reply_text = ""

    def _restored(self, saved: str | None) -> Conversation:
        if saved is None:
            return self.bot.conversation()
        state = _STATES.get(saved)
        if state is None:
            try:
                state = DialogueState.from_dict(json.loads(saved))
            except (StateError, ValueError):
                return self.bot.conversation()
        return Conversation(self.bot, state)

    def __call__(self, saved: str | None) -> tuple[dict, str, str]:
        conversation = self._restored(saved)
        reply = conversation.ask(self.text)
        if self.on_reply is not None:
            self.on_reply(reply)
        self.reply = reply_json(reply, self.bot)
        self.reply_text = _json(self.reply)
        state = _json(conversation.to_dict())
        _STATES.put(state, conversation.state)
        return self.reply, self.reply_text, state


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
        step = EngineStep(self.bot, text, replies.append)
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
