"""Answer templates: fields filled from the pack, nothing evaluated."""

import pytest

from advisor.pack.templates import MissingField, fields_in, render


def test_render_and_literal_braces():
    assert render("Pay {pay.average}; {{not a field}}", {"pay.average": "$1"}) == "Pay $1; {not a field}"


def test_fields_in():
    assert fields_in("{a.b} and {c} but not {{d}}") == ["a.b", "c"]


def test_missing_field():
    with pytest.raises(MissingField):
        render("{nope}", {})


def test_attribute_syntax_is_not_a_field():
    assert render("{0.__class__}", {}) == "{0.__class__}"
