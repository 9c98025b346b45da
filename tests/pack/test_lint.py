"""Conflict linting in `advisor check`: conflicts, duplicates, unreachable intents, --strict."""

import json

from advisor import Advisor
from advisor.cli import main
from advisor.pack.lint import lint, table

CONFLICTING = """intents:
  - name: pay
    patterns: [how much do they earn, salary]
    answer: a lot
  - name: cost
    patterns: [how much does it cost, what does the salary look like, tuition, tuition]
    answer: some
  - name: shadowed
    patterns: [salary]
    answer: never
"""


def pack(tmp_path, text=CONFLICTING):
    (tmp_path / "i.yaml").write_text(text)
    (tmp_path / "k").mkdir()
    return tmp_path


def test_findings(tmp_path):
    folder = pack(tmp_path)
    bot = Advisor.load(folder, folder / "k")
    findings = lint(bot.pack, bot.matcher)
    kinds = {(f.kind, f.intent, f.pattern) for f in findings}
    assert ("duplicate", "cost", "tuition") in kinds
    assert ("conflict", "shadowed", "salary") in kinds  # "salary" reads the same to pay, defined first
    assert ("unreachable", "shadowed", "") in kinds
    assert "shadowed" in table(findings)


def test_check_warns_and_strict_fails(tmp_path, capsys):
    folder = pack(tmp_path)
    args = ["--intents", str(folder), "--knowledge", str(folder / "k"), "check"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "conflict" in captured.err and "warnings" in captured.out
    assert main([*args, "--strict"]) == 2


def test_check_json(tmp_path, capsys):
    folder = pack(tmp_path)
    main(["--intents", str(folder), "--knowledge", str(folder / "k"), "check", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert {f["kind"] for f in data["findings"]} == {"conflict", "duplicate", "unreachable"}


def test_default_pack_passes_strict(capsys):
    assert main(["check", "--strict"]) == 0
    assert "0 warnings" in capsys.readouterr().out


UNCOVERED = """attributes:
  - name: starting pay
    about: occupation
    asks: what {subject} earn when they start
    words: [starting + salary]
intents:
  - name: pay
    patterns: [how much do they earn, what is the starting salary]
    answer: a lot
  - name: choosing
    patterns: [how do i choose, does starting salary matter]
    answer: Weigh the starting salary against the cost.
"""


def test_a_pattern_asking_an_uncovered_attribute_is_flagged(tmp_path):
    # "what is the starting salary" would let the pay answer reply to a question the pack
    # cannot answer; "does starting salary matter" is fine: that answer speaks of it.
    folder = pack(tmp_path, UNCOVERED)
    bot = Advisor.load(folder, folder / "k")
    findings = [f for f in lint(bot.pack, bot.matcher) if f.kind == "uncovered"]
    assert [(f.intent, f.pattern, f.other_intent) for f in findings] == [
        ("pay", "what is the starting salary", "starting pay")
    ]
    assert "attributes.yaml" in findings[0].message()
