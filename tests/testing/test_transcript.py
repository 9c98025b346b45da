"""The .chat format: parsing, and malformed files named by file:line."""

import pytest

from advisor.testing.transcript import TranscriptError, find, fold, parse

GOOD = """# comment
> how much do they earn?
< 37,110
@intent salary
> and the top 10 percent?
<~ 61,?400
<! 24,190
=== second
> hi
<= Hello there
@entity school=Peirce College
@suggests cheapest
"""


def test_parse_conversations_turns_and_expectations():
    first, second = parse(GOOD, "t/salary.chat")
    assert first.title == "salary" and first.line == 2 and len(first.turns) == 2
    assert [e.kind for e in first.turns[1].expectations] == ["regex", "absent"]
    assert second.title == "second" and second.turns[0].text == "hi"
    assert [e.kind for e in second.turns[0].expectations] == ["equals", "entity", "suggests"]
    assert first.turns[0].expectations[0].source() == "< 37,110"


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("< 37,110\n", 1, "must follow a user line"),
        ("> hi\n?? what\n", 2, "expected '> '"),
        ("> hi\n<~ (unclosed\n", 2, "bad regular expression"),
        ("> hi\n@entity school\n", 2, "key=value"),
        ("> hi\n<\n", 2, "needs text"),
        ("=== empty\n=== next\n> hi\n", 1, "has no user line"),
    ],
)
def test_malformed_files_name_the_line(text, line, message):
    with pytest.raises(TranscriptError) as err:
        parse(text, "bad.chat")
    assert str(err.value).startswith(f"bad.chat:{line}:") and message in str(err.value)


def test_fold_ignores_case_and_spacing():
    assert fold("  Tuition\n  IS  $11,000 ") == "tuition is $11,000"


def test_find_walks_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.chat").write_text("> hi\n")
    (tmp_path / "y.txt").write_text("")
    assert [p.name for p in find([tmp_path])] == ["x.chat"]
