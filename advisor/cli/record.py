"""Record a chat as a transcript that replays green: `advisor chat --record FILE.chat`.

Each question is written as a user line, followed by the reply's intent and its key
content: every amount and percentage it gives, or else its opening words. The file is
written as the chat goes, so a session that ends abruptly still leaves a valid transcript.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TextIO

from ..reply import Reply

# Figures are what a regression test should pin: amounts and percentages.
_FIGURES = re.compile(r"\$\d[\d,]*|\b\d+(?:\.\d+)?%")
MAX_FIGURES = 3
# Without figures, this many characters of the reply's first line (cut at a word) are kept.
OPENING_CHARS = 60


def key_content(reply: Reply) -> list[str]:
    """The parts of a reply worth asserting: its figures, or the start of its first line."""
    figures = list(dict.fromkeys(_FIGURES.findall(reply.text)))[:MAX_FIGURES]
    if figures:
        return figures
    first = " ".join(reply.text.strip().splitlines()[0].split()) if reply.text.strip() else ""
    if len(first) > OPENING_CHARS:
        first = first[:OPENING_CHARS].rsplit(" ", 1)[0]
    return [first] if first else []


class Recorder:
    """Writes the turns of a chat to a .chat file."""

    def __init__(self, path: Path, header: str = "Recorded with `advisor chat --record`"):
        self.path = path
        self._file: TextIO = path.open("w", encoding="utf-8")
        self._file.write(f"# {header} on {date.today().isoformat()}.\n")
        self._file.write("# Replay it with `advisor replay` (or pytest); edit the expectations as you like.\n")
        self._conversations = 1
        self._turns = 0  # turns recorded in the current conversation
        self._file.flush()

    def turn(self, text: str, reply: Reply) -> None:
        line = " ".join(text.split())
        if not line:
            return
        out = [f"> {line}", f"@intent {reply.intent or 'none'}"]
        if self._turns == 0 and self._conversations > 1:
            # A reset starts a new conversation, written only once it has a turn: a reset at
            # the start or the end of a chat leaves no empty conversation behind.
            out.insert(0, f"\n=== conversation {self._conversations}")
        self._turns += 1
        out += [f"< {part}" for part in key_content(reply)]
        self._file.write("\n".join(out) + "\n")
        self._file.flush()

    def new_conversation(self) -> None:
        """The next turn starts a new conversation (fresh context), as after /reset."""
        if self._turns:
            self._conversations += 1
            self._turns = 0

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Recorder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
