"""Small-count suppression: primary and secondary, in cells and totals."""

from schakel.reports.tables import ReportTable, suppress


def _shown(rows, totals=True, limit=5):
    table = suppress(
        ReportTable("t", "r", ["a", "b", "c"][: len(rows[0][1])], rows, totals=totals), limit
    )
    return table.export_rows()[1:]


def test_counts_below_the_threshold_are_hidden_and_zero_is_shown():
    assert _shown([("x", [0, 7, 12])]) == [["x", 0, 7, 12, 19], ["Totaal", 0, 7, 12, 19]]
    rows = _shown([("x", [4, 5])], totals=False)
    assert rows == [["x", "minder dan 5", 5]]


def test_a_hidden_cell_cannot_be_computed_back_from_its_totals():
    rows = _shown([("x", [3, 10, 20]), ("y", [7, 8, 9])])
    assert rows[0] == ["x", "minder dan 5", "afgeschermd", 20, 33]
    assert rows[1] == ["y", "afgeschermd", "afgeschermd", 9, 24]
    assert rows[2] == ["Totaal", 10, 18, 29, 57]
    # Every row and column sum has at least two hidden parts, or none.
    table = suppress(
        ReportTable("t", "r", ["a", "b", "c"], [("x", [3, 10, 20]), ("y", [7, 8, 9])]), 5
    )
    for i, cells in enumerate(table.cells):
        hidden = sum(c.hidden for c in cells) + table.row_totals[i].hidden
        assert hidden != 1
    for j in range(3):
        hidden = sum(table.cells[i][j].hidden for i in range(2)) + table.column_totals[j].hidden
        assert hidden != 1


def test_a_small_total_is_hidden_too():
    rows = _shown([("x", [0, 2]), ("y", [0, 0])])
    assert rows[0] == ["x", 0, "minder dan 5", "minder dan 5"]
    assert rows[-1] == ["Totaal", 0, "minder dan 5", "minder dan 5"]


def test_one_small_column_total_hides_a_second_column_total():
    # Column a sums to 4 (hidden); column b to 40; the grand total would give a away.
    rows = _shown([("x", [2, 20]), ("y", [2, 20])])
    totals = rows[-1]
    assert totals[1] == "minder dan 5"
    assert "afgeschermd" in totals[2:] or totals[2] == "afgeschermd"


def test_the_threshold_is_configurable(settings):
    settings.SCHAKEL_REPORT_THRESHOLD = 10
    table = suppress(ReportTable("t", "r", ["a"], [("x", [9]), ("y", [30])], totals=False))
    assert table.export_rows()[1] == ["x", "minder dan 10"]
