"""The fixture's Parquet files with values the build would refuse, written straight to Parquet
(as a hand edit, a foreign tool or a half-done migration could): zero, negative, NaN and
infinite figures, a period ending before it starts, references to nothing."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# Parquet rows are sorted by key: trade row i is record f0{i+1}.
BAD_TRADE = {1: {"value": 0.0}, 2: {"value": -5.0}, 4: {"value": math.nan}, 5: {"value": math.inf},
             6: {"period_start": dt.date(2024, 12, 31)}, 7: {"growth_reported": -math.inf}}
BAD_MILESTONES = {1: {"source_id": "gone"}}
BAD_INDICATORS = {0: {"policy_area": "nowhere"}}


def _edit(path: Path, changes: dict[int, dict]) -> None:
    table = pq.read_table(path)
    for column in {c for change in changes.values() for c in change}:
        values = table.column(column).to_pylist()
        for row, change in changes.items():
            if column in change:
                values[row] = change[column]
        index = table.schema.get_field_index(column)
        table = table.set_column(index, table.schema.field(column), pa.array(values, table.schema.field(column).type))
    pq.write_table(table, path)


def bare_copy(data: Path, folder: Path) -> Path:
    """A copy of a built data folder as bare <table>.parquet files, without a manifest."""
    from tradeviz import schema, store

    shutil.copytree(data, folder, ignore=shutil.ignore_patterns(store.MANIFEST, store.SETS))
    for name in schema.TABLES:
        shutil.copy(store.parquet_path(data, name), folder / f"{name}.parquet")
    return folder


def bad_values_data(fixture_data: Path, folder: Path) -> Path:
    bare_copy(fixture_data, folder)
    _edit(folder / "trade.parquet", BAD_TRADE)
    _edit(folder / "milestones.parquet", BAD_MILESTONES)
    _edit(folder / "indicators.parquet", BAD_INDICATORS)
    return folder
