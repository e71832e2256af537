"""The parts every view shares: how a table shows its cells and names its columns."""

import math

import pandas as pd

from tradeviz.views import Table, cell_text, column_labels, for_display, table


def test_cell_text_leaves_missing_cells_blank():
    assert [cell_text(v) for v in (None, math.nan, pd.NaT)] == ["", "", ""]
    assert cell_text(pd.Timestamp("2025-07-31")) == "2025-07-31"
    # Numbers with thousands separators and the digits stored, never a float's noise.
    assert [cell_text(v) for v in (3744.0, 53.3, 1234567.5)] == ["3,744", "53.3", "1,234,567.5"]
    assert [cell_text(v) for v in (True, False, 4, "4th")] == ["yes", "no", "4", "4th"]


def test_for_display_blanks_text_in_place_and_styles_numbers_with_gaps():
    text_only = pd.DataFrame({"note": ["a", None], "flag": pd.Series(["x", pd.NA], dtype="string")})
    shown = for_display(text_only)
    assert isinstance(shown, pd.DataFrame)
    assert shown["note"].tolist() == ["a", ""] and shown["flag"].tolist() == ["x", ""]
    assert text_only["note"].isna().tolist() == [False, True]  # the view's own frame is left as it was

    gaps = pd.DataFrame({"value": [3744.0, math.nan], "date": pd.to_datetime(["2024-01-01", None]),
                         "note": [None, "b"]})
    styled = for_display(gaps)
    cells = [[cell["display_value"] for cell in row[1:]] for row in styled._translate(False, False)["body"]]
    assert cells == [["3,744", "2024-01-01", ""], ["", "", "b"]]
    # The numbers underneath stay numbers: the column still sorts as numbers.
    assert styled.data["value"].dtype == "float64"


def test_every_column_gets_a_heading():
    labels = column_labels(["milestone_id", "source_published_label", "own", "made_up_column"], {"own": "Mine"})
    assert labels == {"milestone_id": "Milestone", "source_published_label": "Published", "own": "Mine",
                      "made_up_column": "Made up column"}


def test_every_stored_column_has_a_written_heading():
    from tradeviz import schema
    from tradeviz.views import COLUMN_LABELS

    stored = {c.name for t in schema.TABLES.values() for c in t.columns}
    assert stored <= set(COLUMN_LABELS)


def test_table_keeps_its_labels_and_counts_every_row():
    rows = pd.DataFrame({"a": range(300)})
    shown = table(rows, labels={"a": "A"})
    assert isinstance(shown, Table) and len(shown.frame) == 250 and shown.total == 300
    assert shown.labels == {"a": "A"} and shown.truncated
