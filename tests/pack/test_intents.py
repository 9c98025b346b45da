"""Intent files: schema, vocabulary, and the minimal schema other tools rely on."""

import pytest

from advisor.errors import PackLoadError
from advisor.pack.intents import Kind, load_intents


def write(tmp_path, text):
    (tmp_path / "i.yaml").write_text(text)
    return tmp_path


def test_default_pack_covers_every_topic(bot):
    names = {i.name for i in bot.intents}
    assert {
        "about",
        "duties",
        "salary",
        "outlook",
        "education",
        "certification",
        "duration",
        "credits",
        "school_tuition",
        "school_location",
        "cheapest",
        "compare_schools",
        "greeting",
        "thanks",
        "goodbye",
        "help",
        "who_are_you",
        "fallback",
        "out_of_scope",
    } <= names
    small_talk = {"greeting", "thanks", "goodbye", "affirm", "decline", "fallback"}
    assert all(len(i.patterns) >= 8 for i in bot.intents if i.name not in small_talk)
    assert all(len(i.patterns) >= 5 for i in bot.intents if i.name != "fallback")


def test_minimal_schema(tmp_path):
    s = load_intents(write(tmp_path, "intents:\n  - name: hi\n    patterns: [hello]\n    answer: Hi!\n"))
    assert s.intents[0].name == "hi" and s.intents[0].patterns == ("hello",) and s.intents[0].answer == "Hi!"


@pytest.mark.parametrize(
    "text,message",
    [
        ("intents:\n  - name: a\n    patterns: []\n    answer: x\n", "empty pattern list"),
        ("intents:\n  - name: a\n    answer: x\n", "missing the key 'patterns'"),
        ("intents:\n  - name: a\n    patterns: [x]\n", "no 'answer', 'answers' or 'handler'"),
        (
            "intents:\n  - name: a\n    patterns: [x]\n    answer: y\n  - name: a\n    patterns: [z]\n    answer: y\n",
            "duplicate intent name",
        ),
        ("intents:\n  - name: a\n    paterns: [x]\n    answer: y\n", "did you mean 'patterns'"),
        ("intents:\n  - name: a\n    patterns: [x]\n    answer: y\n    slots: [city]\n", "unknown entity kind"),
    ],
)
def test_schema_problems_name_the_line(tmp_path, text, message):
    with pytest.raises(PackLoadError) as err:
        load_intents(write(tmp_path, text))
    shown = "\n".join(map(str, err.value.problems))
    assert message in shown and "i.yaml:" in shown


def test_kinds_load_as_the_enum_and_an_unknown_one_is_named_at_its_line(tmp_path):
    text = "intents:\n  - name: hi\n    patterns: [hello]\n    answer: Hi!\n    kind: social\n"
    (hi,) = load_intents(write(tmp_path, text)).intents
    assert hi.kind is Kind.SOCIAL and hi.kind == "social"  # a str: YAML and JSON read it as written
    assert load_intents(write(tmp_path, text.replace("    kind: social\n", ""))).intents[0].kind is Kind.QUESTION
    with pytest.raises(PackLoadError) as err:
        load_intents(write(tmp_path, text.replace("social", "chitchat")))
    (problem,) = err.value.problems
    assert (problem.file.rpartition("/")[2], problem.line, problem.column) == ("i.yaml", 5, 11)
    assert problem.message == "unknown kind 'chitchat'"
    assert problem.hint == "kinds: question, social, meta, statement, summary"


def test_empty_file_is_reported(tmp_path):
    with pytest.raises(PackLoadError) as err:
        load_intents(write(tmp_path, ""))
    assert "empty" in str(err.value)


def test_an_unknown_operation_names_its_file_and_line(tmp_path):
    from advisor import PackLoadError
    from advisor.pack.intents import load_intents

    folder = tmp_path / "intents"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        "intents:\n  - name: a\n    operation: sideways\n    answer: hi\n    patterns: [hi]\n"
    )
    try:
        load_intents(folder)
    except PackLoadError as exc:
        problem = exc.problems[0]
        assert "unknown operation 'sideways'" in problem.message and problem.line == 3
        assert "lookup" in problem.hint
    else:
        raise AssertionError("an unknown operation loaded")


def test_a_name_is_claimed_where_it_first_appears_even_by_an_intent_with_other_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    folder = write(tmp_path, """intents:
  - name: x
    patterns: [what is x]
    answer: X.
  - name: x
    patterns: [tell me about x]
  - name: y
    patterns: [what is y]
  - name: y
    patterns: [y again]
    answer: Y.
""")  # fmt: skip
    with pytest.raises(PackLoadError) as caught:
        load_intents(folder)
    found = [(p.line, p.message.split(",")[0]) for p in caught.value.problems]
    assert found == [
        (5, "duplicate intent name 'x'"),  # a duplicate with another problem: named a duplicate
        (7, "intent 'y' has no 'answer'"),
        (9, "duplicate intent name 'y'"),  # the first 'y' is invalid, yet it is the first
    ]
