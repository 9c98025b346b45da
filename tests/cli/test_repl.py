"""The chat, driven through prompt-toolkit's pipe input as a person would type."""

import io

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor.cli import repl


@pytest.fixture
def run(bot, monkeypatch):
    """Type lines into a real PromptSession; return what the chat printed."""

    def typing(*keys: str) -> str:
        printed = []
        monkeypatch.setattr(
            repl, "print_formatted_text", lambda text, **kw: printed.append("".join(t for _, t in text))
        )
        with create_pipe_input() as pipe:
            session = PromptSession(input=pipe, output=DummyOutput())
            for k in keys:
                pipe.send_text(k)
            pipe.close()
            assert repl.run_chat(bot, session=session) == 0
        return "".join(printed)

    return typing


def test_a_question_gets_an_answer(run):
    out = run("how much do they earn?\n")
    assert "$37,110" in out and "You could ask" in out


def test_context_carries_between_lines(run):
    out = run("tell me about Peirce\n", "how much is it?\n")
    assert "Tuition at Peirce College is $11,000" in out


def test_commands(run):
    out = run("/help\n", "what's the pay\n", "/why\n", "/reset\n", "/nonsense\n")
    assert "Commands:" in out and "Answered as a question about" in out and "Conversation reset." in out
    assert "Unknown command /nonsense" in out


def test_quit_stops_reading(run):
    out = run("/quit\n", "how much do they earn?\n")
    assert "$37,110" not in out


def test_ctrl_c_clears_the_line_and_goes_on(run):
    out = run("how much is\x03", "where is Peirce\n")
    assert "Philadelphia" in out


def test_pipe_mode_answers_each_line(bot):
    out = io.StringIO()
    assert repl.run_pipe(bot, io.StringIO("tell me about Keiser\nhow much is it\n\n/quit\nhi\n"), out) == 0
    text = out.getvalue()
    assert "$17,664" in text and "Hello" not in text


def test_unwritable_history_does_not_stop_the_chat(tmp_path):
    blocked = tmp_path / "ro"
    blocked.mkdir()
    history = repl.make_history(blocked / "sub" / "history")
    blocked.chmod(0o500)
    try:
        history.store_string("hello")  # must not raise
    finally:
        blocked.chmod(0o700)


def test_wrap_folds_at_words_and_indents_list_items():
    text = repl.wrap("one two three four five six seven\n- item with many words in it", 20)
    lines = text.splitlines()
    assert all(len(line) <= 20 for line in lines[1:]) and len(lines[0]) <= 20 - repl.PROMPT_WIDTH + 9
    assert any(line.startswith("  ") for line in lines[2:])
    assert repl.wrap("unchanged", None) == "unchanged"


def test_a_tiny_terminal_still_chats(bot, monkeypatch):
    from prompt_toolkit.data_structures import Size

    class Tiny(DummyOutput):
        def get_size(self):
            return Size(rows=4, columns=12)

    printed = []
    monkeypatch.setattr(repl, "print_formatted_text", lambda text, **kw: printed.append("".join(t for _, t in text)))
    with create_pipe_input() as pipe:
        pipe.send_text("where is Peirce\n")
        pipe.close()
        assert repl.run_chat(bot, session=PromptSession(input=pipe, output=Tiny())) == 0
    assert "Philadelphia" in "".join(printed)


def test_help_gives_examples_from_every_topic(run, bot):
    out = run("/help\n")
    for topic in ("The job and its pay", "Training and certification", "Schools and tuition", "Tell me about yourself"):
        assert f"{topic}:" in out
    # Pay, tuition, duration, certification, and telling your state, budget or wish to study online.
    for example in (
        "How much do medical records technicians earn?",
        "How much is tuition at",
        "How long does it take",
        "What certification should I get?",
        "I live in",
        "My budget is",
        "I want to study online",
    ):
        assert example in out, example
    # Every example shown is answered by the intent it illustrates.
    for topic in bot.pack.intents.help:
        for name in topic.intents:
            example = bot.pack.intents.get(name).examples[0]
            assert bot.ask(example).intent == name, example


def test_completion_ignores_case(bot):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    completer = repl.question_completer(bot)
    for typed in ("how much do", "HOW MUCH DO", "How Much Do"):
        found = [c.text for c in completer.get_completions(Document(typed), CompleteEvent())]
        assert "How much do they earn?" in found, typed
