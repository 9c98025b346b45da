"""Every exception the advisor raises, in one place.

Hierarchy::

    AdvisorError                 base of everything below
    +-- PackError                a pack (intents or knowledge) cannot be used
    |   +-- PackLoadError        one or more problems, each tied to file:line:column
    +-- StateError               a saved conversation state cannot be restored
    +-- TranscriptError          a .chat transcript file is malformed
    +-- StoreError               the web channel's conversation store cannot be used
        +-- StoreUnavailable     ... for now: down, full or damaged (the web answers 503)

Errors are raised while files load, never while a question is answered: a reply
is always a `Reply`, whatever the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AdvisorError(Exception):
    """Raised for any problem the advisor reports; catch this to catch them all."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a pack file, with where it is and how to fix it."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class PackError(AdvisorError):
    """Raised when a pack directory cannot be used at all (missing, unreadable)."""


class PackLoadError(PackError):
    """Raised when pack files hold problems; `problems` lists each with file:line:column."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "unknown problem"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))


class StateError(AdvisorError):
    """Raised when `Conversation.from_dict` is given data that is not a saved state."""


class TranscriptError(AdvisorError):
    """Raised when a .chat file is malformed; the message names file:line and what was expected."""

    def __init__(self, file: str, line: int, message: str):
        self.file, self.line = file, line
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class StoreError(AdvisorError):
    """The web channel's conversation store cannot be opened or used; the message says
    which store and how to fix it."""


class StoreUnavailable(StoreError):
    """The store cannot take or give a turn for now: Redis does not answer, the disk is
    full, the SQLite file was damaged, deleted or replaced. The web channel answers 503
    with Retry-After; a message sent again with its Idempotency-Key is stored once."""
