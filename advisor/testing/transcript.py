r"""Transcript files (`.chat`): conversations written the way they read, with expectations.

    # a comment. The first conversation of a file is named after the file.
    === salary follow-ups          a new conversation (fresh context), with a title
    > how much do they earn?       the user says
    < 41,000                       the reply contains this (case-insensitive, whitespace folded)
    <~ 52,?000                     the reply matches this regex (re.search, case-insensitive, . matches newlines)
    <! 30,000                      the reply does not contain this
    <!~ \$\d                        the reply does not match this regex
    <= Sorry, ...                  the whole reply equals this (whitespace folded)
    @intent salary                 the reply's intent is this (`@intent none`: not understood)
    @entity school=Harbor Academy  the reply's entities include this
    @suggests cheapest             one of the reply's suggestions contains this

Every expectation applies to the nearest user line above it. A malformed file raises
`TranscriptError` naming file:line and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TranscriptError

# Expectation prefixes, longest first so "<~" is not read as "<".
_EXPECT = {"<!~": "no_regex", "<~": "regex", "<!": "absent", "<=": "equals", "<": "contains"}
_DIRECTIVES = ("@intent", "@entity", "@suggests")


@dataclass(frozen=True)
class Expectation:
    """One check on a reply: contains, regex, absent, no_regex, equals, intent, entity or suggests."""

    kind: str
    value: str
    line: int

    def source(self) -> str:
        """The expectation as it is written in the file."""
        prefix = {v: k for k, v in _EXPECT.items()}.get(self.kind)
        return f"{prefix} {self.value}" if prefix else f"@{self.kind} {self.value}"


@dataclass
class ChatTurn:
    text: str
    line: int
    expectations: list[Expectation] = field(default_factory=list)


@dataclass
class ChatConversation:
    title: str
    file: str
    line: int
    turns: list[ChatTurn] = field(default_factory=list)


def fold(text: str) -> str:
    """Case and whitespace folded, as `<` and `<=` compare."""
    return " ".join(text.split()).casefold()


def parse(text: str, file: str) -> list[ChatConversation]:
    """Parse a transcript's text; raise TranscriptError for anything malformed."""
    default_title = Path(file).stem
    conversations: list[ChatConversation] = []
    current: ChatConversation | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("==="):
            title = stripped[3:].strip() or f"{default_title} #{len(conversations) + 1}"
            current = ChatConversation(title, file, number)
            conversations.append(current)
            continue
        if stripped.startswith(">"):
            if current is None:
                current = ChatConversation(default_title, file, number)
                conversations.append(current)
            current.turns.append(ChatTurn(stripped[1:].strip(), number))
            continue
        expectation = _expectation(stripped, file, number)
        if current is None or not current.turns:
            raise TranscriptError(file, number, "an expectation must follow a user line ('> what the user says')")
        current.turns[-1].expectations.append(expectation)
    for conversation in conversations:
        if not conversation.turns:
            raise TranscriptError(file, conversation.line, f"conversation {conversation.title!r} has no user line")
    return conversations


def _expectation(stripped: str, file: str, number: int) -> Expectation:
    for prefix, kind in _EXPECT.items():
        if stripped.startswith(prefix):
            value = stripped[len(prefix) :].strip()
            if not value:
                raise TranscriptError(file, number, f"'{prefix}' needs text after it")
            if kind in ("regex", "no_regex"):
                try:
                    re.compile(value)
                except re.error as exc:
                    raise TranscriptError(file, number, f"bad regular expression: {exc}") from None
            return Expectation(kind, value, number)
    word, _, value = stripped.partition(" ")
    if word in _DIRECTIVES:
        value = value.strip()
        if not value:
            raise TranscriptError(file, number, f"'{word}' needs a value")
        if word == "@entity" and "=" not in value:
            raise TranscriptError(file, number, "'@entity' needs key=value, e.g. @entity school=Harbor Academy")
        return Expectation(word[1:], value, number)
    raise TranscriptError(
        file,
        number,
        f"expected '> ', '< ', '<~ ', '<! ', '<= ', '@intent', '@entity', '@suggests', '===' or '#', "
        f"found {stripped[:30]!r}",
    )


def load(path: Path) -> list[ChatConversation]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TranscriptError(str(path), 0, "the file is not UTF-8") from None
    except OSError as exc:
        raise TranscriptError(str(path), 0, f"cannot read the file: {exc.strerror or exc}") from None
    return parse(text, str(path))


def find(paths: list[Path], pattern: str = "*.chat") -> list[Path]:
    """Transcript files: each path itself, or every matching file below a folder, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob(pattern)))
        else:
            found.append(path)
    return found
