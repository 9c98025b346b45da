"""Recording a chat as a transcript that replays green."""

import io

from advisor.cli import main, repl
from advisor.cli.record import key_content
from advisor.reply import Reply


def test_key_content_prefers_figures():
    assert key_content(Reply("They earn $37,110; 38% work in hospitals.", "x", 1.0)) == ["$37,110", "38%"]
    text = "Medical records technicians organize and maintain health information data for everyone involved"
    assert key_content(Reply(text, "x", 1.0)) == ["Medical records technicians organize and maintain health"]


def test_a_recorded_session_replays_green(bot, tmp_path, capsys):
    path = tmp_path / "session.chat"
    lines = "\n".join(
        [
            "hii",
            "how much do they earn",
            "and the top 10%?",
            "tell me about Peirce",
            "is it online",
            "/reset",
            "which school is cheapest",
            "compare it with keiser",
            "zxcv",
            "schools in ohio",
            "yes",
            "/quit",
        ]
    )
    recorder = repl.Recorder(path)
    repl.run_pipe(bot, io.StringIO(lines), io.StringIO(), recorder)
    recorder.close()
    text = path.read_text()
    assert "=== conversation 2" in text and "@intent none" in text and "< $61,400" in text
    assert main(["replay", str(path)]) == 0
    assert capsys.readouterr().out.strip().endswith("2 passed, 0 failed")


def test_record_option_in_a_pipe(tmp_path, monkeypatch, capsys):
    path = tmp_path / "piped.chat"
    monkeypatch.setattr("sys.stdin", io.StringIO("where is Peirce\n"))
    assert main(["chat", "--record", str(path)]) == 0
    assert "> where is Peirce" in path.read_text() and "Philadelphia" in capsys.readouterr().out


def _record(bot, path, lines):
    recorder = repl.Recorder(path)
    repl.run_pipe(bot, io.StringIO("\n".join(lines)), io.StringIO(), recorder)
    recorder.close()
    return path.read_text()


def test_a_reset_first_or_last_leaves_no_empty_conversation(bot, tmp_path, capsys):
    for n, lines in enumerate(
        (
            ["/reset", "how much do they earn"],
            ["how much do they earn", "/reset"],
            ["/reset", "/reset", "where is Peirce", "/reset", "/reset", "how much is it", "/reset"],
        )
    ):
        path = tmp_path / f"reset{n}.chat"
        text = _record(bot, path, lines)
        conversations = 1 + text.count("\n=== ")
        assert main(["replay", str(path)]) == 0, text
        assert capsys.readouterr().out.strip().endswith(f"{conversations} passed, 0 failed")
    # Two conversations in the last: each reset between turns starts one, the others are no-ops.
    assert text.count("\n=== ") == 1
