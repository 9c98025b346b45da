"""`advisor replay`: every failure reported with file:line, expected and got; exit codes."""

import json

from advisor.cli import main

PASSING = "> how much do they earn?\n< 37,110\n@intent salary\n> and the top 10 percent?\n<~ 61,?400\n"
FAILING = "=== broken\n> tell me about Peirce\n< 99,999\n> how much is it\n<= Tuition at Peirce College is $11,001.\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_all_pass(tmp_path, capsys):
    assert main(["replay", str(write(tmp_path, "ok.chat", PASSING))]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "1 passed, 0 failed"


def test_failures_are_all_reported_and_others_still_run(tmp_path, capsys):
    write(tmp_path, "a.chat", PASSING)
    bad = write(tmp_path, "b.chat", FAILING + "=== after\n> where is Peirce\n< Philadelphia\n")
    assert main(["replay", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3: expected '< 99,999'" in out and "got: Peirce College is in Philadelphia" in out
    assert f"{bad}:5:" in out and "-Tuition at Peirce College is $11,001." in out
    assert "+Tuition at Peirce College is $11,000." in out
    assert out.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_json(tmp_path, capsys):
    assert main(["replay", "--json", str(write(tmp_path, "b.chat", FAILING))]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["failed"] == 1 and data["conversations"][0]["failures"][0]["line"] == 3


def test_malformed_file_exits_2(tmp_path, capsys):
    assert main(["replay", str(write(tmp_path, "m.chat", "> hi\n?? nope\n"))]) == 2
    assert "m.chat:2:" in capsys.readouterr().err


def test_missing_path_exits_2(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "nope.chat")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_coverage_lists_reached_and_unreached(tmp_path, capsys):
    assert main(["replay", "--coverage", str(write(tmp_path, "ok.chat", PASSING))]) == 0
    out = capsys.readouterr().out
    assert "salary" in out and "unreached:" in out and "school_tuition" in out.split("unreached:")[1]


def test_coverage_counts_declines_as_declined_and_every_part_of_a_message(tmp_path, capsys):
    chat = "> do they get dental insurance\n@intent none\n> where is Peirce and what do they earn\n"
    assert main(["replay", "--coverage", "--json", str(write(tmp_path, "parts.chat", chat))]) == 0
    counts = json.loads(capsys.readouterr().out)["coverage"]
    assert counts["(declined)"] == 1 and "(not understood)" not in counts
    assert counts["school_location"] == 1 and counts["salary"] == 1  # the second part reached salary
