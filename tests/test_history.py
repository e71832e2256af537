import datetime as dt
import hashlib
import json

import pyarrow as pa

from tradeviz import build, history, schema, store


def sha12(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def areas(*rows):
    return pa.Table.from_pylist([{"area_id": a, "name": n, "description": d} for a, n, d in rows])


def test_row_fingerprint_is_a_hash_of_the_row_as_sorted_json():
    table = pa.Table.from_pylist([
        {"record_id": "f2", "value": 1.5, "day": dt.date(2024, 1, 2), "actors": ["Xi", "Aliyev"]},
        {"record_id": "f1", "value": None, "day": None, "actors": []},
    ])
    # Keys sorted, dates as ISO text, nulls as null, non-ASCII kept: the format history files
    # were written with, so old fingerprints stay comparable with new ones.
    assert history.row_fingerprints(table, "record_id") == {
        "f1": sha12('{"actors": [], "day": null, "record_id": "f1", "value": null}'),
        "f2": sha12('{"actors": ["Xi", "Aliyev"], "day": "2024-01-02", "record_id": "f2", "value": 1.5}'),
    }
    assert list(history.row_fingerprints(table, "record_id")) == ["f1", "f2"]  # sorted by key


def test_row_fingerprint_changes_with_any_cell_only():
    before = history.row_fingerprints(areas(("trade", "Trade", "Goods."), ("energy", "Energy", "Oil.")), "area_id")
    after = history.row_fingerprints(areas(("energy", "Energy", "Oil."), ("trade", "Trade", "Goods and services.")),
                                     "area_id")
    assert before["energy"] == after["energy"]  # row order does not matter
    assert before["trade"] != after["trade"]
    assert len(before["trade"]) == 12 and int(before["trade"], 16) >= 0


def test_snapshot_per_table_with_the_table_key():
    tables = {
        "sources": pa.Table.from_pylist([{"source_id": "s1", "title": "Təqdimat"}]),
        "policy_areas": areas(("trade", "Trade", "Goods.")),
    }
    snap = history.snapshot(tables)
    assert list(snap) == ["policy_areas", "sources"]
    assert snap == {
        "policy_areas": {"trade": sha12('{"area_id": "trade", "description": "Goods.", "name": "Trade"}')},
        "sources": {"s1": sha12('{"source_id": "s1", "title": "Təqdimat"}')},
    }


def test_snapshot_bytes_is_indented_utf8_json_with_a_final_newline():
    tables = {"policy_areas": areas(("trade", "Trade", "Goods."), ("energy", "Energy", "Oil."))}
    snap = history.snapshot(tables)
    expected = (
        "{\n"
        ' "policy_areas": {\n'
        f'  "energy": "{snap["policy_areas"]["energy"]}",\n'
        f'  "trade": "{snap["policy_areas"]["trade"]}"\n'
        " }\n"
        "}\n"
    )
    assert history.snapshot_bytes(tables).decode("utf-8") == expected
    assert json.loads(history.snapshot_bytes(tables)) == snap


def test_snapshot_of_the_fixture_covers_every_row(editable_data):
    tables = build.prepared_tables(editable_data)
    snap = history.snapshot(tables)
    assert sorted(snap) == sorted(schema.TABLES)
    # One fingerprint per row: keys are unique, so nothing collapses.
    assert {name: len(rows) for name, rows in snap.items()} == {name: t.num_rows for name, t in tables.items()}
    assert list(snap["trade"]) == [f"f{n:02d}" for n in range(1, 14)]
    # The build writes exactly these bytes as the new version's history file.
    build.build(editable_data)
    written = editable_data / history.FOLDER / f"{store.data_version(editable_data)}.json"
    assert written.read_bytes() == history.snapshot_bytes(tables)
