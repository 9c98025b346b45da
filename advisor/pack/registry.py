"""The handlers a pack's intents may name: a frozen set, given to a load.

The application lists its handlers in one place (`advisor.career.career_handlers()` for the
career pack) and hands the set to `Advisor.load`; nothing joins it by being imported. A
pack reads three things of it: the names an intent may give as `handler:` (references.py),
what each handler says (the text of the knowledge its answers draw on, which build.py counts
among the words of its intents' answers), and the cue words handlers listen for in a
question, which the speller must never "correct". The dialogue calls the handlers by name.
A test can build a set of its own, as small as it likes.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping

from .knowledge import Knowledge

# A handler takes a Turn and returns an Answer (career/handlers.py): the pack only names it.
Handler = Callable[[Any], Any]
# The text of a pack that a handler's answers draw on (a school's notes, the pay factors).
Says = Callable[[Knowledge], str]


@dataclass(frozen=True)
class HandlerSpec:
    """One handler as a set lists it: its name in intent files, the function and what it says."""

    name: str
    handler: Handler
    says: Says | None = None


@dataclass(frozen=True)
class HandlerSet(Mapping[str, Handler]):
    """Handlers by name, what they say, and the words they listen for. Immutable; two sets
    are equal when all three are (not only the handlers, as a Mapping would compare)."""

    handlers: Mapping[str, Handler]
    says: Mapping[str, Says]
    cue_words: frozenset[str]

    @classmethod
    def of(cls, *specs: HandlerSpec, cue_words: Iterable[str] = ()) -> "HandlerSet":
        """The set of these handlers; `cue_words`: every word they look for in a question
        (`Turn.says`)."""
        handlers: dict[str, Handler] = {}
        for spec in specs:
            if spec.name in handlers:
                raise ValueError(f"two handlers are named {spec.name!r}")
            handlers[spec.name] = spec.handler
        says = {spec.name: spec.says for spec in specs if spec.says is not None}
        return cls(MappingProxyType(handlers), MappingProxyType(says), frozenset(cue_words))

    def __getitem__(self, name: str) -> Handler:
        return self.handlers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.handlers)

    def __len__(self) -> int:
        return len(self.handlers)

    def said(self, knowledge: Knowledge) -> dict[str, str]:
        """What each handler that says something says of this knowledge: name -> text."""
        return {name: says(knowledge) for name, says in self.says.items()}
