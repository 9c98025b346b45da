"""Replay transcripts through the public API and report every failed expectation.

Used by `advisor replay` and by the pytest plugin. Each conversation runs in a fresh
`Conversation`; all of its turns run even after a failure, so one report shows them all.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..engine import Advisor
from ..reply import Reply
from .transcript import ChatConversation, ChatTurn, Expectation, fold


@dataclass(frozen=True)
class Failure:
    """An expectation the reply did not meet."""

    file: str
    expectation: Expectation
    turn: ChatTurn
    reply: Reply

    @property
    def line(self) -> int:
        return self.expectation.line

    def describe(self) -> str:
        """What was expected and what came, with a diff for a whole-reply expectation."""
        e, got = self.expectation, self.reply
        head = f"{self.file}:{e.line}: expected {e.source()!r}"
        if e.kind == "intent":
            return f"{head}\n  got intent: {got.intent or 'none'}\n  reply: {got.text}"
        if e.kind == "entity":
            return f"{head}\n  got entities: {dict(got.entities)}"
        if e.kind == "suggests":
            return f"{head}\n  got suggestions: {list(got.suggestions)}"
        if e.kind == "equals":
            diff = difflib.unified_diff([e.value], [" ".join(got.text.split())], "expected", "got", lineterm="")
            return head + "\n" + "\n".join(f"  {d}" for d in diff)
        return f"{head}\n  got: {got.text}"


def met(expectation: Expectation, reply: Reply) -> bool:
    kind, value = expectation.kind, expectation.value
    if kind == "contains":
        return fold(value) in fold(reply.text)
    if kind == "absent":
        return fold(value) not in fold(reply.text)
    if kind in ("regex", "no_regex"):
        found = re.search(value, reply.text, re.IGNORECASE | re.DOTALL) is not None
        return found if kind == "regex" else not found
    if kind == "equals":
        return fold(value) == fold(reply.text)
    if kind == "intent":
        return (reply.intent or "none") == value.strip()
    if kind == "entity":
        key, _, wanted = value.partition("=")
        return fold(reply.entities.get(key.strip(), "")) == fold(wanted)
    if kind == "suggests":
        return any(fold(value) in fold(s) for s in reply.suggestions)
    raise ValueError(f"unknown expectation kind {kind!r}")


@dataclass
class ConversationResult:
    conversation: ChatConversation
    replies: list[Reply] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def run_conversation(bot: Advisor, conversation: ChatConversation) -> ConversationResult:
    result = ConversationResult(conversation)
    chat = bot.conversation()
    for turn in conversation.turns:
        reply = chat.ask(turn.text)
        result.replies.append(reply)
        for expectation in turn.expectations:
            if not met(expectation, reply):
                result.failures.append(Failure(conversation.file, expectation, turn, reply))
    return result


# What a turn no intent answered is counted as, by its outcome.
_UNANSWERED = {"fallback": "(not understood)", "declined": "(declined)", "clarification": "(asked back)",
               "answered": "(from a school's notes)"}  # fmt: skip


def coverage(bot: Advisor, results: list[ConversationResult]) -> Counter:
    """Turns that reached each intent of the pack (0 for those none reached); a message of
    several questions counts once for each intent that answered a part of it. Turns no
    intent answered are counted by what became of them: not understood, declined, asked
    back, or answered from a school's notes."""
    counts: Counter = Counter({intent.name: 0 for intent in bot.intents})
    for result in results:
        for reply in result.replies:
            if reply.parts:
                for intent in dict.fromkeys(reply.parts):
                    counts[intent or "(a part no intent answered)"] += 1
            else:
                counts[reply.intent or _UNANSWERED.get(reply.outcome, reply.outcome)] += 1
    return counts


def numbered(result: ConversationResult, upto: Failure | None = None) -> str:
    """The conversation as a numbered transcript, with each reply, up to the failing turn."""
    lines = [f"=== {result.conversation.title}  ({result.conversation.file}:{result.conversation.line})"]
    for turn, reply in zip(result.conversation.turns, result.replies, strict=False):
        lines.append(f"{turn.line:>4} > {turn.text}")
        lines.append(f"       reply: {' '.join(reply.text.split())}  [intent: {reply.intent or 'none'}]")
        for e in turn.expectations:
            mark = "FAIL" if any(f.expectation is e for f in result.failures) else "ok"
            lines.append(f"{e.line:>4} {e.source()}   <- {mark}")
        if upto is not None and turn is upto.turn:
            break
    return "\n".join(lines)
