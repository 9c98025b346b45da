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
    assert "$37,110" in out and "you could ask" in out


def test_context_carries_between_lines(run):
    out = run("tell me about Peirce\n", "how much is it?\n")
    assert "Tuition at Peirce College is $11,000" in out


def test_commands(run):
    out = run("/help\n", "what's the pay\n", "/why\n", "/reset\n", "/nonsense\n")
    assert "Commands:" in out and "intent: salary" in out and "Conversation reset." in out
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
