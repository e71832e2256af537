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

from tradeviz import history, records, rules, schema, store
from tradeviz.schema import Problem

class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(str(p) for p in problems))


def prepared_tables(data_dir: Path) -> dict[str, pa.Table]:
    """Read, validate and sort every table, or raise BuildFailed listing every problem."""
    tables, problems = records.read_all(data_dir)
    if not problems:
        problems = rules.sanity_problems(tables)
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
