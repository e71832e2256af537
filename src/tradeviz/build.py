"""The build: editable records -> validated tables -> Parquet files, atomically and deterministically.

Nothing is written unless every record is valid and every sanity check passes. The files are
written next to their destination and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tradeviz import history, records, schema, store
from tradeviz.schema import Problem

# Bands an analyst would notice being broken: a value in thousands or units instead of millions
# of USD lands far outside them. Sourced annual turnover runs from $1.5m (1992) to $4.87bn (2025).
TURNOVER_BAND_USD_MILLION = (1.0, 10_000.0)
RANK_BAND = (1, 30)


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(str(p) for p in problems))


def sanity_problems(tables: dict[str, pa.Table]) -> list[Problem]:
    problems = []
    file = "data/sources/trade.csv"
    for row_number, row in enumerate(tables["trade"].to_pylist(), start=2):
        value, flow, unit = row["value"], row["flow"], row["unit"]
        expected_unit = {"trading_partner_rank": "rank", "import_source_rank": "rank",
                         "share_of_trade": "percent", "share_of_imports": "percent"}.get(flow, "usd_million")
        if unit != expected_unit:
            problems.append(Problem(file, f"flow {flow} is measured in {expected_unit}, found {unit}", row_number, "unit"))
        if value is None:
            continue
        if flow in schema.MONEY_FLOWS:
            low, high = TURNOVER_BAND_USD_MILLION
            if flow != "turnover":
                low = 0.1
            if not low <= value <= high:
                problems.append(Problem(file, f"{value} USD million is outside {low}–{high}: a units mistake?", row_number, "value"))
        elif unit == "rank" and not (RANK_BAND[0] <= value <= RANK_BAND[1] and value == int(value)):
            problems.append(Problem(file, f"rank {value} is not a whole number in {RANK_BAND}", row_number, "value"))
        elif unit == "percent" and not 0 <= value <= 100:
            problems.append(Problem(file, f"share {value}% is outside 0–100", row_number, "value"))
    return problems


def prepared_tables(data_dir: Path) -> dict[str, pa.Table]:
    """Read, validate and sort every table, or raise BuildFailed listing every problem."""
    tables, problems = records.read_all(data_dir)
    if not problems:
        problems = sanity_problems(tables)
    if problems:
        raise BuildFailed(problems)
    prepared = {}
    for name, table in tables.items():
        definition = schema.TABLES[name]
        ordered = table.sort_by(definition.key)
        prepared[name] = ordered.cast(definition.arrow_schema)
    return prepared


def write_parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    # Fixed options and no pandas metadata keep the bytes a function of the data alone.
    pq.write_table(table, sink, compression="zstd", use_dictionary=True, write_statistics=True,
                   store_schema=True, row_group_size=100_000)
    return sink.getvalue().to_pybytes()


def atomic_write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def build(data_dir: Path, out_dir: Path | None = None) -> dict[str, Path]:
    """Build every table into out_dir (default: data_dir). Returns table name -> Parquet path."""
    out_dir = out_dir or data_dir
    tables = prepared_tables(data_dir)
    payloads = {name: write_parquet_bytes(t) for name, t in tables.items()}
    written = {}
    for name, payload in sorted(payloads.items()):
        path = out_dir / f"{name}.parquet"
        atomic_write(path, payload)
        written[name] = path
    history_path = out_dir / history.FOLDER / f"{store.data_version(out_dir)}.json"
    if not history_path.exists():
        atomic_write(history_path, history.snapshot_bytes(tables))
    return written
