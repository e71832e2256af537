"""The build: editable records -> validated tables -> Parquet files, atomically and deterministically.

Nothing is written unless every record is valid and every sanity check passes. The files are
written next to their destination and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tradeviz import history, records, rules, schema, store
from tradeviz.schema import Problem

class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(str(p) for p in problems))


def prepared_tables(data_dir: Path, staged: dict[Path, Path] | None = None) -> dict[str, pa.Table]:
    """Read, validate and sort every table, or raise BuildFailed listing every problem. `staged`
    maps a source file to a copy to read instead (records.read_all)."""
    tables, problems = records.read_all(data_dir, staged)
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


TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
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
    """Build every table into out_dir (default: data_dir) as a new set, and switch to it in one
    step. Returns table name -> Parquet path.

    The steps: each table into sets/<version>/ (a new folder; the set in use is not touched), the
    history snapshot of the version, then the manifest replaced by rename (the switch), then the
    sets no longer named removed. Interrupted anywhere, the folder holds the old set or the new
    one, never a mix (tests/test_build.py interrupts it at every step)."""
    out_dir = out_dir or data_dir
    staged = stage(data_dir, out_dir)
    if staged.history is not None:
        atomic_write(staged.history[0], staged.history[1])
    atomic_write(out_dir / store.MANIFEST, staged.manifest)
    remove_unused_sets(out_dir, keep=staged.version)
    return staged.written


@dataclass(frozen=True)
class StagedSet:
    version: str
    manifest: bytes               # the manifest that switches to this set
    written: dict[str, Path]      # table name -> its Parquet file in sets/<version>/
    history: tuple[Path, bytes] | None  # the version's history snapshot, to write before the switch


def stage(data_dir: Path, out_dir: Path, staged_sources: dict[Path, Path] | None = None) -> StagedSet:
    """Validate the sources (with `staged_sources` read in place of theirs) and write their set
    into out_dir, without switching to it: the manifest to switch with, and the history snapshot
    to write before (None when the version has one), are returned. Raises BuildFailed, having
    written nothing, when the sources do not build."""
    tables = prepared_tables(data_dir, staged_sources)
    payloads = {name: write_parquet_bytes(t) for name, t in tables.items()}
    version = store.version_of(payloads)
    set_dir = Path(store.SETS) / version
    written = {}
    for name, payload in sorted(payloads.items()):
        path = out_dir / set_dir / f"{name}.parquet"
        if not path.exists() or path.read_bytes() != payload:
            atomic_write(path, payload)
        written[name] = path
    history_path = out_dir / history.FOLDER / f"{version}.json"
    snapshot = None if history_path.exists() else (history_path, history.snapshot_bytes(tables))
    manifest = {"version": version,
                "files": {name: {"path": (set_dir / f"{name}.parquet").as_posix(),
                                 "sha256": hashlib.sha256(payload).hexdigest()}
                          for name, payload in sorted(payloads.items())}}
    return StagedSet(version, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"), written,
                     snapshot)


def remove_unused_sets(out_dir: Path, keep: str) -> None:
    """After the switch: the sets and bare table files (the layout before manifests) that the
    manifest no longer names."""
    sets = out_dir / store.SETS
    for folder in sorted(sets.iterdir() if sets.is_dir() else ()):
        if folder.is_dir() and folder.name != keep:
            shutil.rmtree(folder)
    for name in schema.TABLES:
        (out_dir / f"{name}.parquet").unlink(missing_ok=True)
