"""Dialogue state: what a conversation is about, kept between turns as plain data.

The state holds the focus (the last intent and the schools, state, percentile, setting
and level of study being discussed) and what the user said about themselves. It is a
frozen dataclass: each turn makes a new one, so a saved state never changes under you.
`to_dict` / `from_dict` round-trip it through JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import StateError
from ..query.frame import NO_CONSTRAINTS, Constraints
from ..reply import Source

STATE_VERSION = 1  # a field added with a default keeps the version: older states still restore


@dataclass(frozen=True)
class Pending:
    """A question the bot asked and is waiting on.

    kind "intent": which of `options` (intent names) the user's `question` meant;
    kind "school": which of `options` (school names) the `question` (for `intent`) meant;
    kind "offer":  a yes/no offer; "yes" asks `question` (options holds its intent)."""

    kind: str
    options: tuple[str, ...]
    question: str = ""
    intent: str = ""


@dataclass(frozen=True)
class DialogueState:
    last_intent: str | None = None
    schools: tuple[str, ...] = ()  # schools in focus, most relevant first
    recent_schools: tuple[str, ...] = ()  # schools talked about, latest first (for "compare them")
    focus_turn: int = 0  # the turn whose answer was about the schools in focus
    listed: tuple[str, ...] = ()  # the schools the last list showed, in its order ("which of those")
    listed_turn: int = 0  # the turn whose answer showed that list
    figure: int | None = None  # the last amount an answer gave ("which schools are above that?")
    unknown_school: str | None = None  # a school the pack does not know, last asked about
    state: str | None = None
    percentile: tuple[str, int] | None = None
    percentile_turn: int = 0  # the turn that last named the percentile
    earlier_percentile: tuple[str, int] | None = None  # the one before it ("the gap between those two")
    setting: str | None = None
    degree: str | None = None
    pending: Pending | None = None
    # What the user told about themselves.
    home_state: str | None = None
    home_point: tuple[float, float] | None = None  # where the user lives, when they named a city
    home_place: str | None = None  # that place, as it is shown ("Tampa, Florida")
    budget: int | None = None
    wants_online: bool = False
    has_degree: str | None = None
    turns: int = 0
    sources: tuple[Source, ...] = ()  # the sources of the last answer
    constraints: Constraints = NO_CONSTRAINTS  # what narrowed the last question over a table
    # The questions answered so far, latest first (an intent and what it was asked of), so
    # that no suggestion asks one again.
    asked: tuple[str, ...] = ()

    def updated(self, **changes: Any) -> "DialogueState":
        """A copy with `changes` (field names only). It runs on every turn, several times, so
        the copy is made directly: dataclasses.replace reads the fields and calls __init__."""
        unknown = changes.keys() - _FIELDS
        if unknown:
            raise TypeError(f"DialogueState has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(type(self))
        values = {**self.__dict__, **changes}
        object.__setattr__(copy, "__dict__", values)
        return copy

    def to_dict(self) -> dict:
        # By hand, not dataclasses.asdict: that deep-copies every Source, and a server saves
        # the state at every turn.
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["sources"] = [s.to_dict() for s in self.sources]
        data["pending"] = asdict(self.pending) if self.pending is not None else None
        data["constraints"] = self.constraints.to_dict()
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "DialogueState":
        if not isinstance(data, dict):
            raise StateError(
                f"a saved conversation is a dict made by Conversation.to_dict(), not {type(data).__name__}"
            )
        if "version" not in data:
            raise StateError(
                "this dict is not a saved conversation: it has no 'version' key. "
                "Save a conversation with Conversation.to_dict() and pass that dict back."
            )
        if data["version"] != STATE_VERSION:
            raise StateError(
                f"this conversation was saved by another version of advisor (state version "
                f"{data['version']!r}; this one reads version {STATE_VERSION}), so it cannot be restored"
            )
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known - {"version"}
        if unknown:
            raise StateError(
                f"this dict is not a saved conversation: it has keys a saved state never has "
                f"({', '.join(sorted(map(str, unknown)))})"
            )
        values = {k: v for k, v in data.items() if k in known}
        try:
            for key in ("schools", "recent_schools", "listed", "asked"):
                if values.get(key) is not None:
                    values[key] = tuple(str(s) for s in values[key])
            if values.get("figure") is not None:
                values["figure"] = int(values["figure"])
            for key in ("percentile", "earlier_percentile"):
                if values.get(key) is not None:
                    side, pct = values[key]
                    values[key] = (str(side), int(pct))
            if values.get("home_point") is not None:
                values["home_point"] = tuple(float(x) for x in values["home_point"])
            if values.get("sources") is not None:
                values["sources"] = tuple(Source(**s) for s in values["sources"])
            if values.get("constraints") is not None:
                values["constraints"] = Constraints.from_dict(values["constraints"])
            if values.get("pending") is not None:
                p = values["pending"]
                values["pending"] = Pending(
                    str(p["kind"]),
                    tuple(str(o) for o in p["options"]),
                    str(p.get("question", "")),
                    str(p.get("intent", "")),
                )
            return cls(**values)
        except (TypeError, ValueError, KeyError) as exc:
            raise StateError(f"this saved conversation is damaged and cannot be restored ({exc})") from None


_FIELDS = frozenset(f.name for f in fields(DialogueState))
