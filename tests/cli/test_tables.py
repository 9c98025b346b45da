"""The chat draws a reply's list of schools as an aligned table."""

from advisor.cli.repl import answer_text
from advisor.cli.tables import aligned, split_at_table
from advisor.reply import Reply, Table

TABLE = Table(
    ("School", "Where", "Tuition", "Study"),
    (("Harbor College", "Harbor, Oregon", "$9,000", "online"), ("Bayview Institute", "Bayview, Maine", "$12,500", "")),
)
TEXT = (
    "Two schools:\n- Harbor College (Harbor, Oregon): $9,000\n- Bayview Institute (Bayview, Maine): $12,500\n"
    "That is all."
)


def test_columns_line_up_and_figures_align_right():
    lines = aligned(TABLE)
    assert lines[0].startswith("School") and set(lines[1]) <= {"-", " "}
    assert lines[2].index("Harbor,") == lines[3].index("Bayview,")  # the Where column
    assert lines[2].index("$9,000") > lines[3].index("$12,500")  # right-aligned figures end together


def test_the_list_of_the_text_is_replaced_by_the_table():
    reply = Reply(TEXT, "schools", 1.0, table=TABLE)
    before, table, after = split_at_table(reply, 120)
    assert before == "Two schools:" and after == "That is all." and table[0].startswith("School")
    shown = answer_text(reply, 120)
    assert "- Harbor College" not in shown and "Harbor College" in shown and shown.endswith("That is all.")


def test_a_table_too_wide_for_the_terminal_leaves_the_list():
    reply = Reply(TEXT, "schools", 1.0, table=TABLE)
    assert split_at_table(reply, 30) is None and "- Harbor College" in answer_text(reply, 30)


def test_a_reply_without_a_table_is_its_text():
    assert answer_text(Reply("Hello.", "greeting", 1.0), None) == "Hello."
