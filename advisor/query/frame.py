"""What one clause asks, decided once: a `Frame`.

A frame says what a clause is about (its subject: the occupation, a school, the schools,
the user...), the attribute it asks (tuition, location, pay...), the operation to run over
the knowledge (look up, list, filter, order, the top n, the n-th, min/max, compare,
difference, average...) and the constraints that narrow the rows (states, taken as "any
of", online study, a place to measure distance from). It is built in one place
(dialogue/framing.py), shown by `/why` and `advisor ask --json`, and read by the handlers,
which compute and say the answer without deciding again what was meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


def _joined(items: tuple[str, ...] | list[str], last: str) -> str:
    """'a', 'a and b', 'a, b or c' (frames are below the pack: its join_words is not theirs)."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


class Operation(str, Enum):
    """What to do with the rows a frame selects."""

    LOOKUP = "lookup"  # a fact of the subject
    LIST = "list"  # the rows, as they are
    FILTER = "filter"  # the rows that meet a condition
    ORDER = "order"  # the rows in order of the attribute
    MIN = "min"  # the row with the least of the attribute
    MAX = "max"  # the row with the most
    NTH = "nth"  # the n-th row in order (position)
    TOP_N = "top_n"  # the first n rows in order (count)
    COMPARE = "compare"  # rows side by side
    DIFFERENCE = "difference"  # how far apart two figures are
    AVERAGE = "average"  # the mean of the attribute over the rows
    DISTANCE = "distance"  # how far a row is from a place
    NEAREST = "nearest"  # the rows nearest a place
    CHECK = "check"  # a yes/no question about the subject
    SOURCE = "source"  # where the last answer comes from
    TELL = "tell"  # the user tells a fact about themselves
    CHAT = "chat"  # greetings, thanks, help: nothing is looked up
    NONE = "none"  # not understood, or declined


# The operations that run over the rows of a table and narrow them by constraints.
TABLE_OPERATIONS = frozenset(
    {
        Operation.LIST,
        Operation.FILTER,
        Operation.ORDER,
        Operation.MIN,
        Operation.MAX,
        Operation.NTH,
        Operation.TOP_N,
        Operation.AVERAGE,
        Operation.NEAREST,
    }
)


@dataclass(frozen=True)
class Constraints:
    """What narrows the rows of a table. Each kind is independent, so a correction replaces
    one kind and keeps the rest ("and in Texas?" keeps "online")."""

    states: tuple[str, ...] = ()  # a row in any of these states
    region: str = ""  # the region the states were named by ("the Midwest"), if they were
    online: bool = False  # rows that can be studied online
    near: str = ""  # a place to measure from, as shown ("Dallas, Texas")
    point: tuple[float, float] | None = None  # its latitude and longitude
    above: int | None = None  # rows whose tuition is over this ("more than 15k"; a range's bottom less 1)
    below: int | None = None  # ...or at most this ("under $15,000", the top of a range)

    def __bool__(self) -> bool:
        return bool(self.states or self.online or self.near or self.above is not None or self.below is not None)

    def replaced_by(self, other: "Constraints") -> "Constraints":
        """These constraints with each kind that `other` sets taken from it."""
        changes: dict[str, Any] = {}
        if other.states:
            changes["states"], changes["region"] = other.states, other.region
        if other.online:
            changes["online"] = True
        if other.near:
            changes["near"], changes["point"] = other.near, other.point
        if other.above is not None or other.below is not None:
            changes["above"], changes["below"] = other.above, other.below
        return replace(self, **changes)

    def words(self) -> str:
        """The constraints in words, as an answer says them: "online in Texas or Kansas"."""
        parts = []
        if self.online:
            parts.append("online")
        if self.states:
            parts.append("in " + (self.region or _joined(self.states, "or")))
        if self.near:
            parts.append(f"near {self.near}")
        if self.above is not None and self.below is not None:
            parts.append(f"costing ${self.above + 1:,} to ${self.below:,}")  # a range's bottom is in it
        elif self.above is not None:
            parts.append(f"costing over ${self.above:,}")
        elif self.below is not None:
            parts.append(f"costing at most ${self.below:,}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "states": list(self.states),
            "region": self.region,
            "online": self.online,
            "near": self.near,
            "point": self.point,
            "above": self.above,
            "below": self.below,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Constraints":
        point = data.get("point")
        return cls(
            states=tuple(str(s) for s in data.get("states") or ()),
            region=str(data.get("region") or ""),
            online=bool(data.get("online")),
            near=str(data.get("near") or ""),
            point=(float(point[0]), float(point[1])) if point else None,
            above=int(data["above"]) if data.get("above") is not None else None,
            below=int(data["below"]) if data.get("below") is not None else None,
        )


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Frame:
    """One clause's meaning: subject, attribute, operation and constraints."""

    subject: str  # "occupation", "school", "schools", "certification", "user", "conversation" or "nothing"
    attribute: str | None  # what is asked ("tuition", "location", "pay"...), None when nothing is
    operation: Operation
    schools: tuple[str, ...] = ()  # the schools named or pointed at
    count: int | None = None  # how many rows a TOP_N asks for
    position: int | None = None  # which row an NTH asks for (-1: the last)
    constraints: Constraints = field(default=NO_CONSTRAINTS)
    carried: bool = False  # the constraints came from the conversation, not the clause

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "attribute": self.attribute,
            "operation": self.operation.value,
            "schools": list(self.schools),
            "count": self.count,
            "position": self.position,
            "constraints": self.constraints.to_dict(),
            "carried": self.carried,
        }

    def describe(self) -> str:
        """One line for `/why`: "min tuition of schools [online in Texas, kept from before]"."""
        head = f"{self.operation.value} {self.attribute or ''}".strip()
        about = _joined(self.schools, "and") if self.schools else self.subject
        extra = []
        if self.count:
            extra.append(f"n={self.count}")
        if self.position:
            extra.append(f"position={self.position}")
        if self.constraints:
            extra.append(self.constraints.words() + (", kept from before" if self.carried else ""))
        return f"{head} of {about}" + (f" [{'; '.join(extra)}]" if extra else "")
