"""Load the Parquet dataset and check it against the schema: the one place the app reads disk.

A missing or corrupt file does not take the app down: its table comes back empty with the
right columns, and the problem is listed so the page can say what is wrong.

A loaded `Dataset` is shared by every session of a server, so it is treated as read-only; what
pages derive from it (preferred figures, option lists...) is computed once per dataset with
`Dataset.derived` and shared too.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradeviz import schema
from tradeviz.schema import Problem

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATA_ENV = "TRADEVIZ_DATA"
VERSION_LENGTH = 10


def data_dir() -> Path:
    # Tests, benchmarks and deployments point the app at another dataset through the environment.
    return Path(os.environ.get(DATA_ENV) or DATA_DIR)


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    version: str
    problems: list[Problem] = field(default_factory=list)
    folder: Path | None = None
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def derived(self, name: str, compute: Callable[["Dataset"], Any]) -> Any:
        """`compute(self)`, computed once per dataset and shared by every caller. The lock makes
        concurrent sessions wait for the one computation instead of repeating it (re-entrant: one
        derived value may be computed from another)."""
        try:
            return self._derived[name]
        except KeyError:
            pass
        with self._lock:
            if name not in self._derived:
                self._derived[name] = compute(self)
            return self._derived[name]


def parquet_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.parquet"


def signature(folder: Path) -> tuple:
    """Size and modification time of every table file: cheap to read on every rerun, and it
    changes whenever a build replaces a file (the content hash is computed only then)."""
    out = []
    for name in sorted(schema.TABLES):
        try:
            stat = parquet_path(folder, name).stat()
            out.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


def data_version(folder: Path) -> str:
    """A short content hash of the Parquet files: it changes exactly when the data changes."""
    digest = hashlib.sha256()
    for name in sorted(schema.TABLES):
        path = parquet_path(folder, name)
        digest.update(name.encode())
        if path.exists():
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        else:
            digest.update(b"<missing>")
    return digest.hexdigest()[:VERSION_LENGTH]


def _list_dtype(arrow_type: pa.DataType):
    # Lists stay in Arrow memory (pandas' ArrowDtype): a million rows of Python lists would cost
    # hundreds of megabytes and make every "tagged with" filter a Python loop.
    if pa.types.is_list(arrow_type):
        return pd.ArrowDtype(arrow_type)
    return None


def to_frame(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(date_as_object=False, types_mapper=_list_dtype)
    for column in table.schema:
        if pa.types.is_date32(column.type):
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


def load(folder: Path = DATA_DIR) -> Dataset:
    tables, problems = {}, []
    for name, definition in schema.TABLES.items():
        table, found = read_table(parquet_path(folder, name), definition, f"data/{name}.parquet")
        problems.extend(found)
        tables[name] = to_frame(table)
    return Dataset(tables=tables, version=data_version(folder), problems=problems, folder=folder)
