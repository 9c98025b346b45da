"""Questions the bot asks back, and how the next message answers them.

Three kinds (see `state.Pending`): which topic ("Do you mean the salary or the tuition?"),
which school ("Which school do you mean: A or B?"), and a yes/no offer ("Would you like
the schools that teach online?"). An answer may name an option ("the salary",
a school's name), give its position ("the first", "2"), or say yes or no. A message that
answers none of these (or says no) is taken as a new question: a pending question never
traps the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..nlu.matching import Match
from ..nlu.normalize import Normalized
from ..pack.build import Pack, Routed
from ..pack.intents import Intent
from .state import DialogueState, Pending

# A reply that is ranked this well (0..1) for one of the options, and better than for the
# others, picks it: lower than the routing threshold, since only the options compete.
RESOLVE_ACCEPT = 0.5
# A reply longer than this many words is a new question, not an answer to ours.
MAX_ANSWER_WORDS = 6


@dataclass(frozen=True)
class Resolution:
    """What the reply to a pending question decided."""

    question: str  # the text to answer now (the original question, or the offer)
    intent: Intent | None  # forced intent, or None to route `question` as usual
    school: str | None = None  # the school chosen, for a "school" question
    how: str = ""


def label(intent: Intent) -> str:
    """How a clarifying question names an intent: its label, or its name in words."""
    return intent.label or "the " + intent.name.replace("_", " ")


def ask_which_intent(a: Intent, b: Intent, question: str) -> tuple[str, Pending]:
    return f"Do you mean {label(a)} or {label(b)}?", Pending("intent", (a.name, b.name), question)


def ask_which_school(options: tuple[str, ...], intent: Intent, question: str) -> tuple[str, Pending]:
    listed = ", ".join(options[:-1]) + f" or {options[-1]}" if len(options) > 1 else options[0]
    return f"Which school do you mean: {listed}?", Pending("school", options, question, intent.name)


def _says(pack: Pack, norm: Normalized, phrases: tuple[str, ...]) -> bool:
    text = f" {norm.text} "
    return any(f" {' '.join(pack.normaliser.phrase_tokens(p))} " in text for p in phrases)


def _position(pack: Pack, norm: Normalized, count: int) -> int | None:
    """0-based option index from 'the first', 'second', '2', 'the last'."""
    for token in norm.tokens:
        n = pack.language.ordinals.get(token)
        if n is None and token.isdecimal() and len(token) == 1:
            n = int(token)
        if n == -1:
            return count - 1
        if n and 1 <= n <= count:
            return n - 1
    return None


def resolve(
    pack: Pack, state: DialogueState, norm: Normalized, routed: Routed, matches: list[Match]
) -> Resolution | None:
    """The pending question's answer in `norm`, or None when `norm` is a new question.
    `routed` and `matches` are the reply read as any question is: it is not ranked again."""
    pending = state.pending
    if pending is None or not norm.tokens or len(norm.tokens) > MAX_ANSWER_WORDS:
        return None
    if pending.kind == "offer":
        # "no" is left to routing, which answers it like any "no thanks".
        if _says(pack, norm, pack.language.yes_words) and not _says(pack, norm, pack.language.no_words):
            return Resolution(pending.question, None, how=f"accepted the offer: {pending.question!r}")
        return None
    index = _position(pack, norm, len(pending.options))
    if pending.kind == "school":
        intent = pack.intents.get(pending.intent)
        if index is None:
            named = routed.extraction.entities.schools
            index = next((pending.options.index(s) for s in named if s in pending.options), None)
        if index is None or intent is None:
            return None
        school = pending.options[index]
        return Resolution(pending.question, intent, school=school, how=f"chose {school}")
    options = [i for i in (pack.intents.get(n) for n in pending.options) if i]
    if index is None:
        index = _by_words(pack, norm, options, matches)
    if index is None:
        return None
    return Resolution(pending.question, options[index], how=f"chose {options[index].name}")


def _by_words(pack: Pack, norm: Normalized, options: list[Intent], matches: list[Match]) -> int | None:
    """The option the reply names: by its label's words, else by how the reply was ranked."""
    words = set(norm.tokens)
    for n, option in enumerate(options):
        wanted = set(pack.normaliser.phrase_tokens(label(option))) - pack.language.stopwords
        if wanted and wanted <= words:
            return n
    names = [o.name for o in options]
    if not matches or matches[0].intent not in names:
        return None  # it reads better as another question than as either option
    if matches[0].score >= RESOLVE_ACCEPT:
        return names.index(matches[0].intent)
    return None
