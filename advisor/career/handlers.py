"""Named handlers: answers computed from the knowledge pack.

An intent names a handler (``handler: school_tuition``); the engine calls it with a
`Turn` (the question's entities, tokens, the pack and the dialogue state) and shows the
`Answer` it returns. Handlers know the shape of a career pack (pay, schools, levels of
study) but no occupation: every word they show comes from the pack or the question.
They join the engine through a `HandlerSet` (pack/registry.py) that lists them by name:
the career pack's is `career_handlers()` in this package's __init__.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from ..dialogue.state import DialogueState
from ..nlu.entities import Entities
from ..nlu.language import Language
from ..nlu.places import Places
from ..pack.intents import Intent
from ..pack.knowledge import Knowledge
from ..pack.templates import fields_in, render_answer
from ..query.frame import Constraints, Frame, Operation
from ..reply import Chart, Source

# A handler: what it reads of a turn, to the answer it gives.
Handler = Callable[["Turn"], "Answer"]


@dataclass(frozen=True)
class Turn:
    """Everything a handler may read. Handlers never change it."""

    intent: Intent
    entities: Entities
    tokens: tuple[str, ...]
    knowledge: Knowledge
    language: Language
    state: DialogueState
    words_of: Callable[[str], tuple[str, ...]]  # a text of the pack as a question's tokens read it
    unknown_name: str | None = None  # a school-like name the pack does not know
    variant: int = 0  # which of the intent's answer variations to use
    intents: tuple[Intent, ...] = ()  # every intent of the pack, for offers of a next question
    places: Places | None = None  # cities and regions, for "the nearest school"
    content: tuple[str, ...] = ()  # the question's content words (nlu/evidence.py)
    text: str = ""  # the question as typed
    # What the question asks (query/frame.py): operation, count, position, constraints.
    frame: Frame = Frame("nothing", None, Operation.NONE)
    handlers: Mapping[str, Handler] = field(default_factory=dict)  # the handlers by name, for hand_over

    def asks_for_several(self) -> bool:
        """Whether the question asks for several things ("schools near me") rather than one
        ("which school is nearest?"): a plural noun as typed (tokens are singular)."""
        return bool(re.search(r"\b(?:schools|colleges|programs|ones|options|universities)\b", self.text, re.I))

    def own_answer(self, default: str = "") -> str:
        """The intent's own answer template (this turn's variation), filled in; `default`
        when it has none or the pack lacks a field it names."""
        return render_answer(self.intent.answers, self.variant, self.knowledge.fields, default)

    def own_sources(self) -> tuple[Source, ...]:
        """The sources of the facts the intent's own answer (this turn's variation) states."""
        if not self.intent.answers:
            return ()
        return template_sources(self.knowledge, self.intent.answers[self.variant % len(self.intent.answers)])

    def says(self, *words: str) -> bool:
        """True when the question says any of these words (or phrases), each read as the
        question was ("budget" as the vocabulary's "cheap", "priciest" as "most expensive",
        "two" as "2"). Each word must be among the handler set's cue words, which the speller
        knows (career/__init__.py)."""
        return any(_within(self.tokens, self.words_of(w)) for w in words)

    def points_back(self) -> bool:
        """Whether the question points back at what was said before ("it", "that")."""
        return self.language.points_back(self.tokens)

    def school_meant(self):
        """The school named, or the one in focus when the question points back at it
        ("their program") or follows a question about it; None when the question is about
        no school in particular."""
        just_answered = self.state.focus_turn == self.state.turns  # the last answer was about it
        names = self.entities.schools or (self.state.schools[:1] if just_answered or self.points_back() else ())
        return self.knowledge.school(names[0]) if names else None

    @property
    def constraints(self) -> Constraints:
        """The constraints the question's frame applies (its own, or kept from before)."""
        return self.frame.constraints


def _within(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the phrase's tokens appear in `tokens`, together and in order."""
    if len(phrase) == 1:
        return phrase[0] in tokens
    n = len(phrase)
    return bool(phrase) and any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Answer:
    """A handler's result: the text, the schools it is about (the new focus), what to
    remember about the user, and an optional yes/no offer of a next question."""

    text: str
    schools: tuple[str, ...] | None = None  # None keeps the current focus
    suggestions: tuple[str, ...] = ()
    remember: Mapping[str, Any] = field(default_factory=dict)  # DialogueState fields to set
    offer: str = ""  # a question asked for the user when they answer "yes"
    # The passages its facts come from; None: the previous answer's (an answer about them).
    sources: tuple[Source, ...] | None = ()
    noted: str = ""  # what the user told, in a few words ("you live in Ohio"), to say back
    listed: tuple[str, ...] | None = None  # the schools a list shows, in its order (None: no list)
    chart: Chart | None = None  # figures to draw (a list of schools gets its tuition chart from `listed`)
    figure: int | None = None  # the one amount the answer gives, for "above that?"
    handler: str | None = None  # another handler that answered instead (hand_over)


def template_sources(knowledge: Knowledge, template: str) -> tuple[Source, ...]:
    """The sources of the facts a template names, in order, without repeats."""
    found = (s for name in fields_in(template) for s in knowledge.field_sources.get(name, ()))
    return tuple(dict.fromkeys(found))


def merged(*groups) -> tuple[Source, ...]:
    """Sources of several facts, in order, without repeats."""
    return tuple(dict.fromkeys(s for group in groups for s in group))


def sentence(text: str) -> str:
    """Capitalise the first letter only (str.capitalize would lower-case the rest)."""
    return text[:1].upper() + text[1:]


def computed(schools, figure) -> tuple[Source, ...]:
    """The sources of a figure of each school that a computed answer was worked out from,
    each naming the figure taken ("Harbor College's tuition, $9,000")."""
    return tuple(
        replace(s, figure=f"{school.name}'s {fact}, {value}")
        for school in schools
        for fact, value in [figure(school)]
        for s in school.sources_of(fact)
    )


def hand_over(turn: Turn, name: str) -> Answer:
    """Another handler's answer, when the question proves to be of its kind ("can I do it
    all online?" routed to the tuition): the reply then names the intent that answered."""
    answer = turn.handlers[name](turn)
    return answer if answer.handler else replace(answer, handler=name)


def not_known(turn: Turn, what: str) -> Answer:
    """The honest answer when the pack lacks a section: say so, never guess."""
    return Answer(f"Sorry, I don't have {what} for {turn.knowledge.occupation.plural} in my information.")
