"""Write a products set and make it the one served: the write side of the products layer.

A set is written whole into a folder of its own under sets/, then the location's manifest.json
is switched to it in one step (a rename on a local disk, one object put in an object store), then
the importer's earlier sets are removed. Readers follow the manifest, so they see the old set or
the new one, never a mix; interrupted at any step (tests/test_products_writer.py kills it with
SIGKILL at each), the location still serves a whole set, and running the command again completes.

A set another engine wrote (Spark, Trino, DuckDB, pyarrow) in the same layout is served once
`register_set` has checked it against the products table's rules (tradeviz.products_table).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from tradeviz import build, products_table
from tradeviz.products_store import MANIFEST, filesystem, shown_name
from tradeviz.products_table import KEY, PARTITIONING, SCHEMA, SHOWN_PER_RULE, Problem

# Small row groups: a scan for one partner, flow and HS chapter decodes little beyond the rows it
# keeps (measured at 1 M synthetic rows: a one-chapter scan peaked about 4 MB above the process
# with groups of 16,384 rows, about 2 MB with 4,096). About GROUPS_PER_FILE groups a file (one
# reporter's year), of ROWS_PER_GROUP rows each: see rows_per_group.
GROUPS_PER_FILE = 32
ROWS_PER_GROUP = (1_024, 4_096)
IMPORTED_SET = re.compile(r"[0-9a-f]{10}")   # the importer names a set by its content's hash
STAGING = re.compile(r"\.[0-9a-f]{10}\.tmp")
SORT_ORDER = ("reporter_iso", "year", "partner_iso", "flow", "aggr_level", "cmd_code", "month")


def rows_per_group(rows_in_file: int) -> int:
    """Rows per row group of a file: a view selects one partner, flow and level of a reporter's
    year, a small part of its file, and a scan skips, by their statistics, the row groups that
    cannot match instead of decoding them; smaller groups skip more, but each adds to the footer
    a server keeps per file. So about GROUPS_PER_FILE groups, of 1,024 to 4,096 rows.
    Measured on synthetic sets (benchmarks/products.py): at 1 M rows, files of 12–28 k rows, the
    view's peak for a 1.04 MB selection fell from 2.7–3.0 MB with 4,096-row groups to 0.9–1.2 MB
    with 1,024; at 10 M rows, files of 120–280 k rows, 1,024-row groups doubled the first views
    (2.1 s and 296 MB against 1.1 s and 127 MB) and each filter change, where 4,096 meet the
    memory target already."""
    return min(max(rows_in_file // GROUPS_PER_FILE, ROWS_PER_GROUP[0]), ROWS_PER_GROUP[1])


def write_set(table: pa.Table, where: str | Path, revisions: dict[tuple[str, int], set[str]] | None = None) -> str:
    """Write `table` partitioned by reporter and year as a new set under `where`/sets/ (a
    products location: a folder or a URI), switch `where`/manifest.json to it, then remove the
    importer's earlier sets. `revisions` are the HS revisions each reporter's figures of a year
    are given in (Comtrade's classificationCode), listed in the manifest. Returns the version."""
    if not table.num_rows:
        raise ValueError("a products set needs at least one row")
    table = table.sort_by([(name, "ascending") for name in SORT_ORDER])
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    listed = sorted([reporter, year, sorted(codes)] for (reporter, year), codes in (revisions or {}).items())
    # The revisions are part of what a view shows, so they are part of the version too.
    version = hashlib.sha256(sink.getvalue().to_pybytes() + json.dumps(listed).encode()).hexdigest()[:10]
    del sink
    filesystem_, root = filesystem(str(where))
    root = root.rstrip("/")
    _write_new_set(table, filesystem_, root, version)
    pairs = table.group_by(["reporter_iso", "partner_iso"]).aggregate([])
    files = table.group_by("source_file").aggregate([("source_file", "count")])
    switch_manifest(filesystem_, root, version, version, table.num_rows,
                    zip(pairs["reporter_iso"].to_pylist(), pairs["partner_iso"].to_pylist()),
                    dict(zip(files["source_file"].to_pylist(), files["source_file_count"].to_pylist())), listed)
    remove_earlier_sets(filesystem_, root, version)
    return version


def _write_new_set(table: pa.Table, filesystem_, root: str, version: str) -> None:
    """The set's files in sets/<version>/. On a local disk they are written into a staging
    folder renamed into place when whole (a set folder is complete or absent); in an object
    store, where there is no rename, straight into sets/<version>/, which no reader opens before
    the manifest names it. A set of the same version already in place is kept as it is."""
    from pyarrow import fs

    target = f"{root}/sets/{version}"
    if filesystem_.get_file_info(target).type == fs.FileType.Directory and isinstance(filesystem_, fs.LocalFileSystem):
        return
    if not isinstance(filesystem_, fs.LocalFileSystem):
        _write_partitions(table, filesystem_, target)
        return
    staging = f"{root}/sets/.{version}.tmp"
    filesystem_.create_dir(f"{root}/sets", recursive=True)
    if filesystem_.get_file_info(staging).type != fs.FileType.NotFound:
        filesystem_.delete_dir(staging)   # left by a run that was interrupted
    _write_partitions(table, filesystem_, staging)
    filesystem_.move(staging, target)


def _write_partitions(table: pa.Table, filesystem_, folder: str) -> None:
    """One Parquet file per reporter and year under hive folders (reporter_iso=AZE/year=2024/),
    without those two columns, its row groups in the order of `table` (sorted) and sized to the
    file (rows_per_group)."""
    counts = table.group_by(list(PARTITIONING)).aggregate([("year", "count")]).sort_by(
        [(name, "ascending") for name in PARTITIONING])
    start = 0
    for reporter, year, rows in zip(counts["reporter_iso"].to_pylist(), counts["year"].to_pylist(),
                                    counts["year_count"].to_pylist()):
        part = table.slice(start, rows)
        start += rows
        target = f"{folder}/reporter_iso={reporter}/year={year}"
        filesystem_.create_dir(target, recursive=True)
        pq.write_table(part.drop_columns(list(PARTITIONING)), f"{target}/part-0.parquet",
                       row_group_size=rows_per_group(rows), filesystem=filesystem_)


def remove_earlier_sets(filesystem_, root: str, served: str) -> None:
    """The importer's sets other than `served`, and staging folders left by interrupted runs. A
    set another engine wrote (register_set) is not the importer's to delete."""
    from pyarrow import fs

    for info in filesystem_.get_file_info(fs.FileSelector(f"{root}/sets", allow_not_found=True)):
        if info.type == fs.FileType.Directory and info.base_name != served and (
                IMPORTED_SET.fullmatch(info.base_name) or STAGING.fullmatch(info.base_name)):
            filesystem_.delete_dir(info.path)


def switch_manifest(filesystem_, root: str, name: str, version: str, rows: int, pairs, files: dict,
                    revisions: list | None = None) -> None:
    """Point the products location's manifest at sets/<name> in one step: a rename on a local
    disk, one object put in an object store (readers see the old manifest or the new). `pairs`
    are (reporter, partner); `files` maps each source file to its rows; `revisions` lists
    [reporter, year, [HS revision codes]] when the files named them."""
    from pyarrow import fs

    manifest = {"version": version, "path": f"sets/{name}", "rows": rows, "partitioning": list(PARTITIONING),
                "pairs": [list(pair) for pair in sorted(pairs)],
                "files": [[file, count] for file, count in sorted(files.items()) if file]}
    if revisions:
        manifest["hs_revisions"] = revisions
    payload = (json.dumps(manifest, indent=2) + "\n").encode("utf-8")
    if isinstance(filesystem_, fs.LocalFileSystem):
        build.atomic_write(Path(root) / MANIFEST, payload)
    else:
        with filesystem_.open_output_stream(f"{root}/{MANIFEST}") as stream:
            stream.write(payload)


# ---- a set written by another engine --------------------------------------------------------

TOTAL_BELOW_CHILDREN = "a total is below the sum of its children"
CHECKED = sorted({rule.column for rule in products_table.RULES} | set(KEY) | {"source_file"})


def register_set(where: str, name: str) -> tuple[str, list[Problem]]:
    """Make `sets/<name>` under the products location `where` (a folder or a URI) the set
    served, when it holds the importer's layout: Parquet files partitioned as
    reporter_iso=…/year=…, with SCHEMA's columns and types (extra columns are ignored), rows
    that keep the products table's value rules, and no key repeated. Returns (version,
    problems): the manifest is replaced only when every problem is a warning (a total below the
    sum of its children, as the importer warns); the version is "" otherwise. Any engine that
    writes this layout can so publish a set too large for one machine to import."""
    from pyarrow import fs

    if "/" in name or name in ("", ".", ".."):
        return "", [Problem(name, None, "is not a set's folder name (one name under sets/)")]
    try:
        filesystem_, root = filesystem(where)
    except (OSError, ValueError, pa.ArrowException) as exc:
        return "", [Problem(shown_name(where), None, f"cannot be opened ({exc})")]
    root = root.rstrip("/")
    base = f"{root}/sets/{name}"
    try:
        listed = filesystem_.get_file_info(fs.FileSelector(base, allow_not_found=True, recursive=True))
    except (OSError, pa.ArrowException) as exc:
        return "", [Problem(f"sets/{name}", None, f"cannot be listed ({exc})")]
    files = sorted((info for info in listed if info.type == fs.FileType.File and info.base_name.endswith(".parquet")),
                   key=lambda info: info.path)
    if not files:
        return "", [Problem(f"sets/{name}", None, "holds no .parquet file")]
    problems = [Problem(info.path[len(root) + 1:], None, "is not under reporter_iso=…/year=<a year>/ (the importer's "
                                                         "partitioning)")
                for info in files if not _partitioned(info.path[len(base) + 1:])]
    if problems:
        return "", problems
    try:
        data = ds.dataset([info.path for info in files], filesystem=filesystem_, format="parquet",
                          partitioning=ds.partitioning(pa.schema([SCHEMA.field(n) for n in PARTITIONING]),
                                                       flavor="hive"), partition_base_dir=base)
    except (OSError, pa.ArrowException) as exc:
        return "", [Problem(f"sets/{name}", None, f"cannot be read as Parquet ({exc})")]
    stored = [column for column in SCHEMA if column.name not in PARTITIONING]
    pairs, counts, version_hash = set(), {}, hashlib.sha256()
    shown: dict[str, int] = {}
    sizes = {info.path: info.size for info in files}
    # A key holds its reporter and year, so each partition's keys are checked when its last file
    # has been read (fragments come in path order): one partition's key columns in memory at a
    # time, however large the set.
    partition, keys, labels = None, [], []
    for fragment in data.get_fragments():
        label = fragment.path[len(root) + 1:]
        if fragment.path.rsplit("/", 1)[0] != partition:
            problems.extend(_partition_problems(keys, labels, shown))
            partition, keys, labels = fragment.path.rsplit("/", 1)[0], [], []
        version_hash.update(f"{label}\t{sizes.get(fragment.path, 0)}\n".encode())
        try:
            physical = fragment.physical_schema
        except (OSError, pa.ArrowException) as exc:
            problems.append(Problem(label, None, f"cannot be read as Parquet ({exc})"))
            continue
        wrong = [f"column {c.name} is missing" if c.name not in physical.names
                 else f"column {c.name} is {physical.field(c.name).type}, not {c.type}"
                 for c in stored if c.name not in physical.names or physical.field(c.name).type != c.type]
        if wrong:
            problems.extend(Problem(label, None, message) for message in wrong)
            continue
        offset = 0
        labels.append(label)
        for batch in fragment.to_batches(columns=CHECKED, schema=SCHEMA):
            problems.extend(products_table.broken_rules(
                batch, shown, lambda at, label=label, offset=offset: (label, None, f"row {offset + at + 1}: ")))
            keys.append(pa.RecordBatch.from_arrays(
                [*(batch.column(c) for c in KEY), batch.column("value_usd"),
                 pa.array(np.full(batch.num_rows, len(labels) - 1, np.int32)),
                 pa.array(np.arange(offset + 1, offset + batch.num_rows + 1, dtype=np.int64))],
                names=[*KEY, "value_usd", "file", "row"]))
            offset += batch.num_rows
            if batch.num_rows:   # one file is one reporter (its partition)
                reporter = batch.column("reporter_iso")[0].as_py()
                pairs.update((reporter, partner) for partner in pc.unique(batch.column("partner_iso")).to_pylist()
                             if partner is not None)
            found = pc.value_counts(batch.column("source_file").fill_null(""))
            for value, count in zip(found.field("values").to_pylist(), found.field("counts").to_pylist()):
                counts[value] = counts.get(value, 0) + count
    problems.extend(_partition_problems(keys, labels, shown))
    problems.extend(products_table.hidden_counts({k: n for k, n in shown.items() if k != TOTAL_BELOW_CHILDREN},
                                                 f"sets/{name}"))
    if shown.get(TOTAL_BELOW_CHILDREN, 0) > SHOWN_PER_RULE:
        problems.append(Problem(f"sets/{name}", None, f"{shown[TOTAL_BELOW_CHILDREN] - SHOWN_PER_RULE:,} more rows "
                                                      f"where {TOTAL_BELOW_CHILDREN}", warning=True))
    if any(not problem.warning for problem in problems):
        return "", problems
    version = version_hash.hexdigest()[:10]
    switch_manifest(filesystem_, root, name, version, sum(counts.values()), pairs, counts)
    return version, problems


def _partitioned(inside: str) -> bool:
    parts = inside.split("/")
    return (len(parts) == 3 and parts[0].startswith("reporter_iso=") and parts[1].startswith("year=")
            and parts[1][5:].lstrip("-").isdigit())


REPEATED_KEY = "the key (reporter, year, partner, flow, frequency, month, HS code) repeats an earlier row's"


def _partition_problems(keys: list[pa.RecordBatch], labels: list[str], shown: dict[str, int]) -> list[Problem]:
    """Rows of one partition whose key an earlier row already has, each named by file and row
    with the row it repeats (errors); when there is none, totals below the sum of their
    children, as the importer warns of them. `keys` hold KEY, value_usd, the file's index in
    `labels` and the row's number in its file (1 = first)."""
    if not keys:
        return []
    table = pa.Table.from_batches(keys)
    again = products_table.repeats(table)
    files, rows = table.column("file").to_numpy(), table.column("row").to_numpy()
    problems = []
    if again.num_rows:
        for at, first in zip(again["index"].to_pylist(), again["first"].to_pylist()):
            shown[REPEATED_KEY] = shown.get(REPEATED_KEY, 0) + 1
            if shown[REPEATED_KEY] <= SHOWN_PER_RULE:
                row = table.slice(first, 1).to_pylist()[0]
                problems.append(Problem(labels[files[at]], None,
                                        f"row {rows[at]}: repeats {labels[files[first]]} row {rows[first]} "
                                        f"({products_table.figure_words(row)})"))
        return problems
    over = products_table.totals_over_children(table)
    for at, total, summed in zip(over["index"].to_pylist(), over["total"].to_pylist(),
                                 over["value_usd_sum"].to_pylist()):
        shown[TOTAL_BELOW_CHILDREN] = shown.get(TOTAL_BELOW_CHILDREN, 0) + 1
        if shown[TOTAL_BELOW_CHILDREN] <= SHOWN_PER_RULE:
            row = table.slice(at, 1).to_pylist()[0]
            problems.append(Problem(labels[files[at]], None, f"row {rows[at]}: {row['cmd_code']} is {total:,.0f} "
                                                             f"USD but its children in this set sum to {summed:,.0f} "
                                                             "USD", warning=True))
    return problems
