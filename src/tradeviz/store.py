"""Load the main Parquet dataset (data/ or shared storage) and check it against the schema.

(Products sets are read by products_store, article sources by reader and records. Process
memory settings are tradeviz.memory's, applied by an explicit call, not here at import.)

A missing or corrupt file does not take the app down: its table comes back empty with the
right columns, and the problem is listed so the page can say what is wrong.

A loaded `Dataset` is shared by every session of a server, so it is treated as read-only; what
pages derive from it (preferred figures, option lists...) is computed once per dataset with
`Dataset.derived` and shared too.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradeviz import rules, schema, shared
from tradeviz.schema import Problem

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


DATA_ENV = "TRADEVIZ_DATA"
VERSION_LENGTH = 10


def data_location() -> str:
    """Where the dataset is read from: TRADEVIZ_DATA (a folder, or a URI of shared storage such
    as s3://bucket/data?endpoint_override=host:9000&scheme=http) or the bundled data/. Tests,
    benchmarks and deployments point the app at another dataset through the environment."""
    return os.environ.get(DATA_ENV) or str(DATA_DIR)


def shared_location() -> str | None:
    """The URI of the shared dataset this process serves, None when it reads a local folder."""
    location = data_location()
    return location if shared.is_shared(location) else None


def data_dir() -> Path:
    """The folder to load: TRADEVIZ_DATA's folder, or the local copy of its shared dataset
    (shared.local_copy, which raises shared.Unreachable when there is none)."""
    location = data_location()
    return shared.local_copy(location, MANIFEST) if shared.is_shared(location) else Path(location)


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


# The dataset is one set of files switched in one step: a build writes every table of a new
# set into sets/<version>/, then replaces manifest.json (temp file + rename), which names the
# set's files, their SHA-256 and the data version. A reader follows the manifest, so it sees the
# old set or the new one, never a mix; a file that does not match the manifest is refused.
MANIFEST = "manifest.json"
SETS = "sets"


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None for a folder of bare <table>.parquet files (as written by
    hand or by tools before manifests); a manifest that cannot be read raises ValueError."""
    path = folder / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror})") from None
    try:
        manifest = json.loads(text)
        files = manifest["files"]
        if not isinstance(manifest["version"], str) or not all(
                isinstance(files[name]["path"], str) and isinstance(files[name]["sha256"], str) for name in schema.TABLES):
            raise TypeError
        # A set's files live under the data folder: no absolute path, no way up.
        if any(Path(files[name]["path"]).is_absolute() or ".." in Path(files[name]["path"]).parts
               for name in schema.TABLES):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise ValueError("is not a tradeviz manifest (version, and a path and sha256 for every table)") from None
    return manifest


def table_paths(folder: Path) -> dict[str, Path]:
    """Every table's Parquet file: as the manifest names it, or <table>.parquet without one."""
    try:
        manifest = read_manifest(folder)
    except ValueError:
        manifest = None
    if manifest is None:
        return {name: folder / f"{name}.parquet" for name in schema.TABLES}
    return {name: folder / manifest["files"][name]["path"] for name in schema.TABLES}


def parquet_path(folder: Path, name: str) -> Path:
    return table_paths(folder)[name]


def signature(folder: Path) -> tuple:
    """Size and modification time of the manifest (or, without one, of every table file): cheap
    to read on every rerun, and it changes whenever a build switches sets (the content hash is
    computed only then)."""
    names = [MANIFEST] if (folder / MANIFEST).exists() else [f"{name}.parquet" for name in sorted(schema.TABLES)]
    out = []
    for name in names:
        try:
            stat = (folder / name).stat()
            out.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


def version_of(payloads: dict[str, bytes | None]) -> str:
    """A short content hash of the tables' Parquet bytes: it changes exactly when the data changes."""
    digest = hashlib.sha256()
    for name in sorted(schema.TABLES):
        digest.update(name.encode())
        payload = payloads.get(name)
        digest.update(payload if payload is not None else b"<missing>")
    return digest.hexdigest()[:VERSION_LENGTH]


def data_version(folder: Path) -> str:
    try:
        manifest = read_manifest(folder)
    except ValueError:
        manifest = None
    if manifest is not None:
        return manifest["version"]
    payloads = {name: (path.read_bytes() if path.exists() else None) for name, path in table_paths(folder).items()}
    return version_of(payloads)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_problems(folder: Path) -> list[Problem]:
    """Why the folder's set cannot be trusted: an unreadable manifest, or a file missing or not
    matching it (a build interrupted by hand, a file copied over)."""
    try:
        manifest = read_manifest(folder)
    except ValueError as exc:
        return [Problem(f"data/{MANIFEST}", str(exc))]
    if manifest is None:
        return []
    problems = []
    for name in sorted(schema.TABLES):
        entry = manifest["files"][name]
        label = f"data/{entry['path']}"
        try:
            matches = sha256_of(folder / entry["path"]) == entry["sha256"]
        except FileNotFoundError:
            problems.append(Problem(label, f"is named by data/{MANIFEST} but missing"))
            continue
        except OSError as exc:
            problems.append(Problem(label, f"cannot be read ({exc.strerror})"))
            continue
        if not matches:
            problems.append(Problem(label, f"does not match data/{MANIFEST} (changed after the build)"))
    return problems


# pandas' own string dtype ("str"), asked for by name so pyarrow builds it straight from the
# Arrow buffers; left to its default, it goes through a Python object per cell first (for a
# million rows: seconds, and hundreds of megabytes the allocator keeps).
STRING_DTYPE = pd.StringDtype(storage="pyarrow", na_value=np.nan)


def _dtype_for(arrow_type: pa.DataType):
    # Lists stay in Arrow memory too (pandas' ArrowDtype): a million rows of Python lists would
    # cost hundreds of megabytes and make every "tagged with" filter a Python loop.
    if pa.types.is_list(arrow_type):
        return pd.ArrowDtype(arrow_type)
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return STRING_DTYPE
    return None


def to_frame(table: pa.Table) -> pd.DataFrame:
    # One chunk per column: Arrow's take on a column of many chunks (one per row group) joins
    # them first, so showing 250 rows of a million would copy the whole column.
    frame = table.combine_chunks().to_pandas(date_as_object=False, types_mapper=_dtype_for)
    for column in table.schema:
        if pa.types.is_date32(column.type):
            frame[column.name] = pd.to_datetime(frame[column.name]).astype("datetime64[ms]")
    return frame


def read_table(path: Path, definition: schema.Table, label: str) -> tuple[pa.Table, list[Problem]]:
    """The file's table, or an empty one with the problem when the file is missing, unreadable
    or not of the schema. Value problems (an empty required cell, a value not allowed, a repeated
    key) come back with the table: `load` leaves those rows out, not the whole table."""
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        return definition.arrow_schema.empty_table(), [Problem(label, "file is missing; run `python -m tradeviz build`")]
    except (pa.ArrowException, OSError) as exc:
        # The reader's message names the file by its full path; viewers see the project's name for it.
        reason = str(exc).replace(str(path), label).replace(str(path.parent), "data")
        return definition.arrow_schema.empty_table(), [Problem(label, f"cannot be read as Parquet ({reason})")]
    problems = schema.schema_problems(definition, table.schema, label)
    if problems:
        return definition.arrow_schema.empty_table(), problems
    return table, schema.value_problems(definition, table, label, first_row=0)


def _without(table: pa.Table, rows: set[int]) -> tuple[pa.Table, list[int]]:
    """The table without the given row indices, and the original index of each row kept."""
    kept = [index for index in range(table.num_rows) if index not in rows] if rows else list(range(table.num_rows))
    return (table.take(pa.array(kept, pa.int64())) if rows else table), kept


# Leaving a row out can break a rule elsewhere (a source left out leaves its figures without a
# source), so the rules run again on what is left, at most this many times.
MAX_RULE_PASSES = 4


def load(folder: Path = DATA_DIR) -> Dataset:
    """Every table, checked by the same rules as the build (schema.value_problems and
    rules.problems): a file that cannot be read comes back empty; a row that breaks a rule is
    left out and listed in `problems` by file, row and rule."""
    refused = manifest_problems(folder)
    if refused:
        message = ("The dataset does not match its manifest, so none of it is shown: run "
                   "`python -m tradeviz build` (a build switches sets in one step, so this means a file "
                   "was changed or removed by hand).")
        empty = {name: to_frame(definition.arrow_schema.empty_table()) for name, definition in schema.TABLES.items()}
        return Dataset(tables=empty, version=data_version(folder),
                       problems=[Problem(f"data/{MANIFEST}", message), *refused], folder=folder)
    tables, problems = {}, []
    labels = {name: f"data/{name}.parquet" for name in schema.TABLES}
    paths = table_paths(folder)
    for name, definition in schema.TABLES.items():
        tables[name], found = read_table(paths[name], definition, labels[name])
        problems.extend(found)
    by_label = {label: name for name, label in labels.items()}
    left_out: dict[str, set[int]] = {name: set() for name in tables}
    found = [p for p in problems if p.row is not None]
    for _ in range(MAX_RULE_PASSES):
        for problem in found:
            left_out[by_label[problem.file]].add(problem.row)
        kept = {name: _without(table, left_out[name]) for name, table in tables.items()}

        def locate(table: str, index: int, row: dict, kept=kept) -> tuple[str, int]:
            return labels[table], kept[table][1][index]  # the row's number in the file

        found = rules.problems({name: pair[0] for name, pair in kept.items()}, locate)
        problems.extend(found)
        if not found:
            break
    frames = {name: to_frame(_without(table, left_out[name])[0]) for name, table in tables.items()}
    return Dataset(tables=frames, version=data_version(folder), problems=problems, folder=folder)
