"""Fingerprints of every row per data version, so an old permalink can say what changed.

Each build writes data/history/<version>.json: for every table, row id -> a short hash of the
row. Files are never rewritten, so the history grows one small file per published version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from tradeviz import schema

FOLDER = "history"


def row_fingerprints(table: pa.Table, key: str) -> dict[str, str]:
    out = {}
    for row in table.to_pylist():
        payload = json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode()
        out[row[key]] = hashlib.sha256(payload).hexdigest()[:12]
    return dict(sorted(out.items()))


def snapshot(tables: dict[str, pa.Table]) -> dict[str, dict[str, str]]:
    return {name: row_fingerprints(tables[name], schema.TABLES[name].key) for name in sorted(tables)}


def snapshot_bytes(tables: dict[str, pa.Table]) -> bytes:
    return (json.dumps(snapshot(tables), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read(data_dir: Path, version: str) -> dict[str, dict[str, str]] | None:
    path = data_dir / FOLDER / f"{version}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def changes(data_dir: Path, old: str, new: str, ids: set[str]) -> pd.DataFrame | None:
    """Rows among `ids` (any table) that were added or changed between two versions, and rows
    that existed then but are gone now. None when either version has no history file."""
    before, after = read(data_dir, old), read(data_dir, new)
    if before is None or after is None:
        return None
    found = []
    for table in sorted(set(before) | set(after)):
        old_rows, new_rows = before.get(table, {}), after.get(table, {})
        for row_id in sorted(set(old_rows) | set(new_rows)):
            if row_id in old_rows and row_id not in new_rows:
                found.append((table, row_id, "removed since"))
            elif row_id in ids and row_id not in old_rows:
                found.append((table, row_id, "added since"))
            elif row_id in ids and old_rows[row_id] != new_rows[row_id]:
                found.append((table, row_id, "changed since"))
    return pd.DataFrame(found, columns=["table", "id", "change"])
