"""Operations over the pay figures, on the toy pack (average $41,000; bottom 10% $30,000;
top 10% $52,000): the difference between two figures, and a figure the user names set
against them. The operation comes from the frame; the handler only computes and says."""

import pytest

from advisor.query.frame import Operation


def ask(toy, text):
    return toy.conversation().ask(text)


def test_the_difference_between_two_percentiles(toy):
    reply = ask(toy, "difference between the top 10% and the bottom 10%")
    assert reply.intent == "pay_gap" and reply.explanation.frame.operation is Operation.DIFFERENCE
    assert "$22,000" in reply.text  # 52,000 - 30,000


def test_a_gap_with_no_figure_named_is_the_whole_range(toy):
    assert "$22,000" in ask(toy, "pay gap").text


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("$45,000", ["$4,000 above the average", "between what the bottom 10% earn ($30,000) and the top 10%"]),
        ("$35,000", ["$6,000 below the average", "between what the bottom 10% earn ($30,000) and the top 10%"]),
        ("$20,000", ["$21,000 below the average", "less than the bottom 10% earn ($30,000)"]),
    ],
)
def test_an_offer_is_set_against_the_figures(toy, amount, says):
    reply = ask(toy, f"i was offered {amount}")
    assert reply.intent == "pay_offer" and reply.explanation.frame.operation is Operation.COMPARE
    for part in says:
        assert part in reply.text
    assert "first job" in reply.text  # the figures are not a starting salary


def test_an_offer_beyond_any_figure_is_said_so_without_formatting_it(toy):
    reply = ask(toy, "i was offered $" + "9" * 30)
    assert "far above every pay figure" in reply.text and "999" not in reply.text
