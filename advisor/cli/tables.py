"""A reply's table, aligned for a terminal, in place of the list its text gives.

A reply that lists schools says so in text ("- Harbor College (Harbor City,
Oregon): $9,000" per line) and carries the same facts as a `Table`. The chat shows
the text with its list replaced by the table's columns, aligned; where the table would not
fit the terminal, or the text has no list of the table's length, the text is shown as it is.
"""

from __future__ import annotations

from ..reply import Reply, Table

# Space between columns.
GAP = "  "


def aligned(table: Table) -> list[str]:
    """The table as lines: a header, a rule, and a row per line; empty columns left out."""
    keep = [n for n in range(len(table.columns)) if any(row[n] for row in table.rows)]
    cells = [[table.columns[n] for n in keep]] + [[row[n] for n in keep] for row in table.rows]
    widths = [max(len(line[n]) for line in cells) for n in range(len(keep))]
    # Figures read best aligned to the right.
    right = [all(_figure(row[n]) for row in cells[1:] if row[n]) for n in range(len(keep))]

    def line(values: list[str]) -> str:
        return GAP.join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)).rstrip()

    return [line(cells[0]), GAP.join("-" * w for w in widths), *(line(row) for row in cells[1:])]


def _figure(text: str) -> bool:
    return bool(text) and text.lstrip("$").replace(",", "").replace(".", "").isdigit()


def split_at_table(reply: Reply, width: int | None) -> tuple[str, list[str], str] | None:
    """The reply's text around its list of schools, and that list as the aligned table:
    (before, table lines, after); None when it has no table, or no list of the table's
    length, or the table would not fit the terminal's width."""
    if reply.table is None:
        return None
    lines = reply.text.splitlines()
    rows = len(reply.table.rows)
    start = next(
        (n for n in range(len(lines) - rows + 1) if all(x.startswith("- ") for x in lines[n : n + rows])), None
    )
    if start is None or (start + rows < len(lines) and lines[start + rows].startswith("- ")):
        return None
    table = aligned(reply.table)
    if width and max(len(x) for x in table) > width:
        return None  # too wide for this terminal: the list reads better
    return "\n".join(lines[:start]), table, "\n".join(lines[start + rows :])
