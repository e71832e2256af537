"""The parts every view shares: how a table shows its cells and names its columns."""

import math

import pandas as pd

from tradeviz.views import Table, column_formats, column_labels, table


def test_column_formats_come_from_the_column_types_not_a_styler():
    frame = pd.DataFrame({"value": [3744.0, math.nan], "date": pd.to_datetime(["2024-01-01", None]),
                          "note": [None, "b"], "claims": [2, 1], "preferred": [True, False],
                          "label": pd.Series(["x", pd.NA], dtype="string")})
    assert column_formats(frame) == {"value": "decimal", "date": "date", "note": "as is", "claims": "as is",
                                     "preferred": "as is", "label": "as is"}
    # The frame is read, never changed: the table gets the view's own rows.
    assert frame["note"].isna().tolist() == [True, False] and frame["value"].dtype == "float64"


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
