"""The command line, through main(argv) with captured output."""

import json

from advisor.cli import main


def test_ask(capsys):
    assert main(["ask", "how", "much", "do", "they", "earn"]) == 0
    assert "$37,110" in capsys.readouterr().out


def test_ask_json(capsys):
    assert main(["ask", "tuition at Peirce", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["intent"] == "school_tuition" and data["entities"] == {"school": "Peirce College"}
    # The whole reply, as the README says: the explanation too.
    assert set(data) == {
        "text", "intent", "confidence", "entities", "suggestions", "notes", "sources", "outcome", "attribute",
        "table", "chart", "parts", "explanation",
    }  # fmt: skip
    assert data["explanation"]["candidates"][0]["intent"] == "school_tuition"
    assert data["explanation"]["routing_text"] and data["explanation"]["decision"]


def test_explain_shows_candidates(capsys):
    assert main(["explain", "wat do medical recrods techs earn"]) == 0
    out = capsys.readouterr().out
    assert "normalised:" in out and "'recrods' -> 'records'" in out and "1. salary" in out


def test_check_clean_pack(capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_check_broken_pack(tmp_path, capsys):
    (tmp_path / "i.yaml").write_text("intents:\n  - name: a\n    patterns: [x\n")
    assert main(["--intents", str(tmp_path), "check"]) == 2
    err = capsys.readouterr().err
    assert "i.yaml:4:" in err or "i.yaml:3:" in err
    assert "Traceback" not in err


def test_check_reports_unknown_handler_and_field(tmp_path, capsys):
    (tmp_path / "i.yaml").write_text(
        "intents:\n  - name: a\n    patterns: [x]\n    handler: cheapst\n"
        "  - name: b\n    patterns: [y]\n    answer: '{pay.averag}'\n"
    )
    assert main(["--intents", str(tmp_path), "check"]) == 2
    err = capsys.readouterr().err
    assert "unknown handler 'cheapst'" in err and "did you mean 'cheapest'" in err
    assert "{pay.averag}" in err and "did you mean {pay.average}" in err


def test_missing_pack_folder_is_one_line(tmp_path, capsys):
    assert main(["--knowledge", str(tmp_path / "nope"), "ask", "hi"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0]


def test_ask_does_not_import_prompt_toolkit():
    import subprocess
    import sys

    code = "import sys; from advisor.cli import main; main(['ask', 'hi']); print('prompt_toolkit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "where is Peirce"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert "Philadelphia" in out


def test_check_reports_follows_naming_no_intent(tmp_path, capsys):
    (tmp_path / "i.yaml").write_text("intents:\n  - name: a\n    patterns: [x]\n    answer: y\n    follows: [zzz]\n")
    assert main(["--intents", str(tmp_path), "check"]) == 2
    assert "i.yaml:5:" in capsys.readouterr().err


def test_pack_folder_that_is_a_file_is_one_line(tmp_path, capsys):
    not_a_folder = tmp_path / "file.yaml"
    not_a_folder.write_text("x: 1\n")
    assert main(["--intents", str(not_a_folder), "ask", "hi"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a folder" in err[0]


def test_version(capsys):
    assert main(["--version"]) == 0 and capsys.readouterr().out.startswith("advisor ")


def test_exit_codes_are_the_documented_ones(capsys, tmp_path):
    import advisor.cli.commands as cli

    doc = cli.__doc__
    assert "0    success" in doc and "1    replay" in doc and "2    a usage error" in doc
    assert main(["--help"]) == 0
    for usage_error in (["frobnicate"], ["ask"], ["ask", "hi", "--nope"], ["replay"], ["check", "--strict=3"]):
        assert main(usage_error) == 2, usage_error
        assert "usage: advisor" in capsys.readouterr().err
    bad = tmp_path / "bad.chat"
    bad.write_text("> how much do they earn\n< 99,999\n")
    assert main(["replay", str(bad)]) == 1
    assert main(["replay", str(tmp_path / "missing.chat")]) == 2


def test_the_cli_pauses_the_garbage_collector_while_it_loads(monkeypatch, capsys):
    from advisor import Advisor

    asked = []
    load = Advisor.load.__func__

    def recording(cls, *args, **kwargs):
        asked.append(kwargs.get("pause_gc"))
        return load(cls, *args, **kwargs)

    monkeypatch.setattr(Advisor, "load", classmethod(recording))
    assert main(["ask", "how much do they earn"]) == 0
    assert asked == [True]
