"""Safe YAML loading with file:line:column for every problem."""

import pytest

from advisor.errors import PackLoadError
from advisor.pack.yamlsource import load_yaml, parse_yaml


def test_marks_are_one_based():
    doc = parse_yaml("a:\n  b: [1, 2]\n", "f.yaml")
    assert doc.data == {"a": {"b": [1, 2]}}
    assert doc.marks[("a", "b", 1)] == (2, 10)


def test_syntax_error_names_file_line_column():
    with pytest.raises(PackLoadError) as err:
        parse_yaml("a: [1, 2\nb: 3\n", "bad.yaml")
    assert str(err.value.problems[0]).startswith("bad.yaml:2:")


def test_python_tags_are_refused_and_never_run(tmp_path):
    with pytest.raises(PackLoadError) as err:
        parse_yaml("x: !!python/object/apply:os.system ['touch " + str(tmp_path / "pwned") + "']\n", "evil.yaml")
    assert "tag" in str(err.value) or "constructor" in str(err.value)
    assert not (tmp_path / "pwned").exists()


def test_duplicate_keys_are_errors():
    with pytest.raises(PackLoadError) as err:
        parse_yaml("a: 1\na: 2\n", "dup.yaml")
    assert "dup.yaml:2:1" in str(err.value) and "duplicate key" in str(err.value)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(PackLoadError) as err:
        load_yaml(path)
    assert ":2:" in str(err.value) and "UTF-8" in str(err.value)


def test_empty_file_is_none():
    assert parse_yaml("", "empty.yaml").data is None
