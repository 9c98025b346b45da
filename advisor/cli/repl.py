"""The interactive chat: a thin prompt-toolkit shell over `Conversation.ask`.

Try it: `advisor chat`, then ask "how much do they earn?", "tell me about a school",
"is it online?", `/why` to see how the last answer was chosen and `/source` for the
passages of the article it comes from. Tab completes known
questions; history persists in the user's data folder; Ctrl-C clears the line and
Ctrl-D leaves. With standard input not a terminal, each input line is answered in turn.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import TextIO

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.completion import FuzzyCompleter, WordCompleter
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.styles import Style

from ..career.provenance import cite
from ..engine import Advisor, Conversation
from ..pack.watch import Reloader
from ..reply import Reply
from ..storage import private_file
from .record import Recorder
from .tables import split_at_table

STYLE = Style.from_dict(
    {
        "prompt": "ansicyan bold",
        "bot": "ansigreen bold",
        "answer": "",
        "suggest": "ansibrightblack italic",
        "note": "ansiyellow",
        "why": "ansibrightblack",
    }
)

COMMANDS = {
    "/help": "show this help",
    "/why": "show how the last answer was chosen",
    "/source": "show the passages of the article the last answer comes from",
    "/reset": "forget the conversation so far",
    "/quit": "leave (Ctrl-D also leaves)",
}


class SafeFileHistory(FileHistory):
    """A FileHistory that keeps the chat going when the history file cannot be written."""

    def store_string(self, string: str) -> None:
        try:
            super().store_string(string)
        except OSError:
            pass  # an unwritable history must never end a chat; this session keeps it in memory

    def load_history_strings(self):
        try:
            yield from super().load_history_strings()
        except OSError:
            return


def history_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("advisor", appauthor=False)) / "history"


def make_history(path: Path | None) -> History:
    if path is None:
        return InMemoryHistory()
    try:
        private_file(path)  # what was asked is for its owner's eyes only: 0600 in a 0700 folder
    except OSError:
        return InMemoryHistory()
    return SafeFileHistory(str(path))


def _questions(bot: Advisor) -> list[str]:
    """What the completer offers: every intent's examples and suggestions, then commands."""
    seen: dict[str, None] = {}
    for intent in bot.intents:
        for text in (*intent.examples, *intent.suggestions):
            seen.setdefault(text, None)
    return sorted(seen) + list(COMMANDS)


def question_completer(bot: Advisor) -> FuzzyCompleter:
    """Tab completes known questions, whatever the case typed ("HOW MUCH" finds "How much...")."""
    return FuzzyCompleter(WordCompleter(_questions(bot), sentence=True, ignore_case=True))


def help_text(bot: Advisor) -> str:
    """Examples from each topic of the pack's /help, then the commands."""
    lines = ["Ask in your own words, for example:"]
    intents = bot.pack.intents
    for topic in intents.help:
        examples = [i.examples[0] for i in map(intents.get, topic.intents) if i and i.examples]
        if examples:
            lines.append(f"  {topic.title}:")
            lines += [f"    {q}" for q in examples]
    if not intents.help:  # a pack with no help topics: the first examples it has
        lines += [f"  {q}" for q in [i.examples[0] for i in bot.intents if i.examples][:8]]
    lines.append("Commands:")
    lines += [f"  {name:<8} {what}" for name, what in COMMANDS.items()]
    return "\n".join(lines)


def why_text(reply: Reply | None) -> str:
    if reply is None or reply.explanation is None:
        return "Nothing asked yet."
    why = reply.explanation
    lines = [
        reply.verdict(),
        f"decision: {why.decision}",
        f"read as: {why.routing_text or '(nothing)'}",
    ]
    if why.frame is not None:
        lines.append(f"asks: {why.frame.describe()}")
    if why.substitutions:
        lines.append("substitutions: " + ", ".join(f"{a} -> {b}" for a, b in why.substitutions))
    if why.entities:
        lines.append("entities: " + ", ".join(f"{k}={v}" for k, v in why.entities.items()))
    for m in why.candidates[:3]:
        lines.append(f"  {m.intent:<20} {m.score:.2f}  {m.pattern!r}")
    return "\n".join(lines)


PROMPT_WIDTH = len("advisor> ")


def wrap(text: str, width: int | None, label: int = PROMPT_WIDTH) -> str:
    """Fold long lines at word boundaries to the terminal's width, keeping list items aligned.
    The first line leaves room for the `label` characters ("advisor> ") printed before it."""
    if not width:
        return text
    out = []
    for n, line in enumerate(text.splitlines() or [""]):
        lead = " " * label if n == 0 else ""
        indent = "  " if line.startswith("- ") else ""
        folded = textwrap.wrap(
            line,
            width=width,
            initial_indent=lead,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
        folded[0] = folded[0][len(lead) :]
        out.extend(folded)
    return "\n".join(out)


def answer_text(reply: Reply, width: int | None) -> str:
    """The reply as the chat prints it after "advisor> ": folded to the terminal, with its
    list of schools drawn as an aligned table when it has one (tables/): the table starts
    on a line of its own, so its columns line up."""
    parts = split_at_table(reply, width)
    if parts is None:
        return wrap(reply.text, width)
    before, table, after = parts
    out = [wrap(before, width)] if before else [""]
    out.extend(table)
    if after:
        out.append(wrap(after, width, label=0))
    return "\n".join(out)


class Chat:
    """Reads one line at a time and says what to print; shared by the terminal and pipe modes."""

    def __init__(
        self,
        bot: Advisor,
        width: int | None = None,
        recorder: Recorder | None = None,
        conversation=None,
        reloader: Reloader | None = None,
    ):
        """`conversation`: one that keeps its turns elsewhere (a StoredConversation), else a
        plain Conversation. `reloader`: load the pack again when its files change (at each
        turn), keeping the conversation."""
        self.bot = bot
        self.width = width  # None: no folding (pipes, files)
        self.recorder = recorder
        self.conversation: Conversation = conversation if conversation is not None else bot.conversation()
        self.reloader = reloader

    def _reload(self) -> list[tuple[str, str]]:
        """A note when the pack was loaded again (the conversation goes on with the new one)."""
        if self.reloader is None:
            return []
        bot = self.reloader.reload_if_changed()
        if bot is None:
            return []
        self.bot = bot
        if isinstance(self.conversation, Conversation):
            last = self.conversation.last_reply
            self.conversation = Conversation.from_dict(bot, self.conversation.to_dict())
            self.conversation.last_reply = last
        else:
            self.conversation.bot = bot  # a stored conversation keeps its state in the store
        return [("class:note", f"(The pack changed: reloaded, {len(bot.intents)} intents.)\n")]

    def source_text(self) -> str:
        """Where the last answer comes from, as "where does that come from?" would say it."""
        reply = self.conversation.last_reply
        if reply is None:
            return "Nothing asked yet."
        source = self.bot.pack.knowledge.source
        return cite(reply.sources, source.title if source else "")

    def handle(self, line: str) -> tuple[list[tuple[str, str]], bool]:
        """Formatted fragments to print for one input line, and whether to stop."""
        text = line.strip()
        command = text.lower()
        if command in ("/quit", "/exit", "/q"):
            return [], True
        if command == "/help":
            return [("class:why", help_text(self.bot) + "\n")], False
        if command == "/why":
            return [("class:why", wrap(why_text(self.conversation.last_reply), self.width, label=0) + "\n")], False
        if command == "/source":
            return [("class:why", wrap(self.source_text(), self.width, label=0) + "\n")], False
        if command == "/reset":
            self.conversation.reset()
            if self.recorder:
                self.recorder.new_conversation()
            return [("class:note", "Conversation reset.\n")], False
        if command.startswith("/") and " " not in command:
            return [("class:note", f"Unknown command {text}. Try /help.\n")], False
        notice = self._reload()
        reply = self.conversation.ask(line)
        if self.recorder:
            self.recorder.turn(line, reply)
        out = [*notice, ("class:bot", "advisor> "), ("class:answer", answer_text(reply, self.width) + "\n")]
        for note in reply.notes:
            out.append(("class:note", f"({note})\n"))
        if reply.suggestions:
            line = reply.suggestion_line()
            out.append(
                (
                    "class:suggest",
                    "  " + wrap(line, self.width and self.width - 2, label=0).replace("\n", "\n  ") + "\n",
                )
            )
        return out, False


def run_pipe(
    bot: Advisor,
    stdin: TextIO,
    stdout: TextIO,
    recorder: Recorder | None = None,
    conversation=None,
    reloader: Reloader | None = None,
) -> int:
    """Answer each line of a non-interactive input, in plain text."""
    chat = Chat(bot, recorder=recorder, conversation=conversation, reloader=reloader)
    for line in stdin:
        if not line.strip():
            continue
        fragments, stop = chat.handle(line.rstrip("\n"))
        if stop:
            break
        stdout.write("".join(text for style, text in fragments if style != "class:suggest") + "\n")
        stdout.flush()
    return 0


def _columns(session: PromptSession) -> int | None:
    try:
        return max(20, session.output.get_size().columns - 1)
    except Exception:  # an output that cannot tell its size: do not fold
        return None


def run_chat(
    bot: Advisor,
    session: PromptSession | None = None,
    history: Path | None = None,
    record: Path | None = None,
    conversation=None,
    reloader: Reloader | None = None,
) -> int:
    """The interactive loop. `session` is for tests (pipe input); else a terminal is used.
    With `record`, the chat is also written to that file as a transcript; with
    `conversation` (a StoredConversation), its turns are kept in a store; with `reloader`,
    a change to the pack's files is loaded before the next answer."""
    recorder = Recorder(record) if record else None
    try:
        if session is None and not sys.stdin.isatty():
            return run_pipe(bot, sys.stdin, sys.stdout, recorder, conversation, reloader)
        return _interactive(bot, session, history, recorder, conversation, reloader)
    finally:
        if recorder:
            recorder.close()


def _interactive(
    bot: Advisor,
    session: PromptSession | None,
    history: Path | None,
    recorder: Recorder | None,
    conversation=None,
    reloader: Reloader | None = None,
) -> int:
    if session is None:
        session = PromptSession(
            history=make_history(history or history_path()),
            completer=question_completer(bot),
            complete_while_typing=False,
            style=STYLE,
        )
    chat = Chat(bot, width=_columns(session), recorder=recorder, conversation=conversation, reloader=reloader)
    welcome = f"Hi! Ask me about becoming a {bot.pack.knowledge.occupation.name}. Type /help for ideas, /quit to leave."
    print_formatted_text(
        FormattedText([("class:bot", "advisor> "), ("", wrap(welcome, chat.width) + "\n")]),
        style=STYLE,
        output=session.output,
    )
    while True:
        try:
            line = session.prompt(FormattedText([("class:prompt", "you> ")]), style=STYLE)
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line, as in a shell
        except EOFError:
            break
        if not line.strip():
            continue
        chat.width = _columns(session)  # the terminal may have been resized
        fragments, stop = chat.handle(line)
        if stop:
            break
        if fragments:
            print_formatted_text(FormattedText(fragments), style=STYLE, output=session.output)
    return 0
