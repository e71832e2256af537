"""SYNTHETIC DATA FOR BENCHMARKS ONLY — never shipped, never committed, never a source of figures.

`write(folder, trade_rows, milestone_rows)` writes a dataset in the app's Parquet layout (the same
schema as data/*.parquet) whose trade and milestone tables are the bundled rows resampled to the
requested size: each synthetic row copies a real row's shape (flow, reporter, source, text) but
moves its period or date by whole years and scales its value, so filters, preferences, mirror
statistics and charts see realistic variety. Every synthetic row says so in its `note` and its id
starts with `SYNTHETIC-`. The folder is a temporary one chosen by the benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tradeviz import build, rules, schema, store  # noqa: E402

NOTE = "SYNTHETIC benchmark row: not a real figure"
FIRST_YEAR, LAST_YEAR = 1992, 2025


def _shift_years(dates: pd.Series, years: np.ndarray) -> pd.Series:
    """Move each date by a whole number of years (29 February becomes 28 February)."""
    parts = pd.DataFrame({"year": dates.dt.year + years, "month": dates.dt.month, "day": dates.dt.day})
    leap_fix = (parts["month"] == 2) & (parts["day"] == 29)
    parts.loc[leap_fix, "day"] = 28
    return pd.to_datetime(parts, errors="coerce")


def _year_offsets(starts: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """An offset per row that lands its start year anywhere in FIRST_YEAR..LAST_YEAR."""
    target = rng.integers(FIRST_YEAR, LAST_YEAR + 1, size=len(starts))
    current = starts.dt.year.fillna(pd.Series(target, index=starts.index)).to_numpy(dtype="int64")
    return target - current


def trade(bundled: pd.DataFrame, rows: int, rng: np.random.Generator) -> pd.DataFrame:
    picked = bundled.iloc[rng.integers(0, len(bundled), size=rows)].reset_index(drop=True)
    offsets = _year_offsets(picked["period_start"], rng)
    start = _shift_years(picked["period_start"], offsets)
    end = _shift_years(picked["period_end"], offsets)
    # Keep a period's end inside its year when the move landed on 28 February.
    label_year = start.dt.year.astype("Int64").astype("str")
    months = picked["period_label"].str.extract(r"(\b[A-Z][a-z]{2}(?:–[A-Z][a-z]{2})?)$")[0].fillna("")
    label = (label_year + (" " + months).where(months != "", "")).where(start.notna(), picked["period_label"])
    money = picked["flow"].isin(schema.MONEY_FLOWS)
    scale = rng.uniform(0.6, 1.4, size=rows)
    # Inside the build's sanity band (turnover from 1.0, other money flows from 0.1 USD million), so
    # that no synthetic row is a rule break that loading must leave out (which costs a second pass).
    lowest = pd.Series(np.where(picked["flow"] == "turnover", rules.TURNOVER_BAND_USD_MILLION[0], 0.2), index=picked.index)
    value = picked["value"].where(~money, (picked["value"] * scale).clip(lower=lowest, upper=9_000.0).round(1))
    return picked.assign(
        record_id=[f"SYNTHETIC-t{i:07d}" for i in range(rows)],
        period_start=start.dt.date, period_end=end.dt.date, period_label=label, value=value, note=NOTE,
    )


def milestones(bundled: pd.DataFrame, rows: int, rng: np.random.Generator) -> pd.DataFrame:
    picked = bundled.iloc[rng.integers(0, len(bundled), size=rows)].reset_index(drop=True)
    offsets = _year_offsets(picked["date_start"], rng)
    start = _shift_years(picked["date_start"], offsets)
    end = _shift_years(picked["date_end"], offsets)
    # A month-precision date must still end on its month's last day after the move.
    month = picked["date_precision"] == "month"
    end = end.where(~month, start + pd.offsets.MonthEnd(0))
    year_label = start.dt.year.astype("Int64").astype("str")
    label = picked["date_label"].where(picked["date_precision"] == "undated",
                                       start.dt.strftime("%-d %B %Y").where(picked["date_precision"] == "day",
                                       start.dt.strftime("%B %Y").where(month, year_label)))
    # Statements come in small groups about one event, as real ones do.
    events = [f"SYNTHETIC-e{i // 3:07d}" for i in range(rows)]
    return picked.assign(
        milestone_id=[f"SYNTHETIC-m{i:07d}" for i in range(rows)], event_key=events,
        date_start=start.dt.date, date_end=end.dt.date, date_label=label, note=NOTE,
    )


def write(folder: Path, trade_rows: int, milestone_rows: int, seed: int = 0) -> Path:
    """Write every table of the dataset to `folder`: trade and milestones synthetic, the others
    as bundled (so every synthetic row references a real source and policy area)."""
    rng = np.random.default_rng(seed)
    bundled = store.load(store.DATA_DIR)
    tables = {name: bundled[name] for name in schema.TABLES}
    tables["trade"] = trade(bundled["trade"], trade_rows, rng)
    tables["milestones"] = milestones(bundled["milestones"], milestone_rows, rng)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        definition = schema.TABLES[name]
        columns = {}
        for column in definition.columns:
            values = frame[column.name]
            if pa.types.is_date32(column.type):
                values = pd.to_datetime(values).dt.date
            if pa.types.is_list(column.type):
                values = values.map(list)
            columns[column.name] = pa.array(values.tolist() if not pa.types.is_floating(column.type) else values,
                                            type=column.type, from_pandas=True)
        table = pa.table(columns, schema=pa.schema([pa.field(f.name, f.type) for f in definition.arrow_schema]))
        build.atomic_write(store.parquet_path(folder, name), build.write_parquet_bytes(table))
    return folder


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--trade", type=int, default=10_000)
    parser.add_argument("--milestones", type=int, default=10_000)
    args = parser.parse_args()
    write(args.folder, args.trade, args.milestones)
    print(f"wrote synthetic data to {args.folder}")
