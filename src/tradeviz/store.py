"""Load the Parquet dataset and check it against the schema: the one place the app reads disk.

A missing or corrupt file does not take the app down: its table comes back empty with the
right columns, and the problem is listed so the page can say what is wrong.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradeviz import schema
from tradeviz.schema import Problem

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
VERSION_LENGTH = 10


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    version: str
    problems: list[Problem] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def data_version(data_dir: Path) -> str:
    """A short content hash of the Parquet files: it changes exactly when the data changes."""
    digest = hashlib.sha256()
    for name in sorted(schema.TABLES):
        path = data_dir / f"{name}.parquet"
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()[:VERSION_LENGTH]


def to_frame(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(date_as_object=False)
    for column in table.schema:
        if pa.types.is_list(column.type):
            frame[column.name] = pd.Series(table.column(column.name).to_pylist(), index=frame.index, dtype=object)
        elif pa.types.is_date32(column.type):
            frame[column.name] = pd.to_datetime(frame[column.name]).astype("datetime64[ms]")
    return frame


def read_table(path: Path, definition: schema.Table, label: str) -> tuple[pa.Table, list[Problem]]:
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        return definition.arrow_schema.empty_table(), [Problem(label, "file is missing; run `python -m tradeviz build`")]
    except (pa.ArrowException, OSError) as exc:
        return definition.arrow_schema.empty_table(), [Problem(label, f"cannot be read as Parquet ({exc})")]
    problems = schema.schema_problems(definition, table.schema, label)
    if not problems:
        problems = schema.value_problems(definition, table, label, first_row=0)
    if problems:
        return definition.arrow_schema.empty_table(), problems
    return table, []


def load(data_dir: Path = DATA_DIR) -> Dataset:
    tables, problems = {}, []
    for name, definition in schema.TABLES.items():
        path = data_dir / f"{name}.parquet"
        table, found = read_table(path, definition, f"data/{name}.parquet")
        problems.extend(found)
        tables[name] = to_frame(table)
    return Dataset(tables=tables, version=data_version(data_dir), problems=problems)
