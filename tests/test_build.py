import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tradeviz import build, records, rules, schema, store
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def test_committed_parquet_equals_a_fresh_build(tmp_path):
    written = build.build(ROOT / "data", tmp_path)
    assert sorted(written) == ["articles", "indicators", "milestones", "policy_areas", "sources", "trade"]
    for name, path in written.items():
        committed = store.parquet_path(ROOT / "data", name)
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run `make build`"
    assert (ROOT / "data" / store.MANIFEST).read_bytes() == (tmp_path / store.MANIFEST).read_bytes()
    # Only the set in use is committed.
    assert [p.name for p in (ROOT / "data" / store.SETS).iterdir()] == [store.data_version(ROOT / "data")]


def test_build_is_deterministic(editable_data, tmp_path):
    first = {n: p.read_bytes() for n, p in build.build(editable_data, tmp_path / "a").items()}
    second = {n: p.read_bytes() for n, p in build.build(editable_data, tmp_path / "b").items()}
    assert first == second


def test_invalid_record_writes_nothing(editable_data, tmp_path, capsys):
    trade = editable_data / "sources" / "trade.csv"
    trade.write_text(trade.read_text().replace(",120,usd_million", ",n/a,usd_million"))
    out = tmp_path / "out"
    assert main(["build", "--data", str(editable_data), "--out", str(out)]) == 1
    assert not out.exists() or list(out.iterdir()) == []
    assert "data/sources/trade.csv, row 4, column value: 'n/a' is not a number" in capsys.readouterr().err


def test_failed_build_keeps_the_previous_files(editable_data):
    build.build(editable_data)
    before = store.parquet_path(editable_data, "trade").read_bytes()
    trade = editable_data / "sources" / "trade.csv"
    trade.write_text(trade.read_text().replace(",120,usd_million", ",120000,usd_million"))
    with pytest.raises(build.BuildFailed, match="120000.0 USD million is outside"):
        build.build(editable_data)
    assert store.parquet_path(editable_data, "trade").read_bytes() == before
    assert sorted(p.name for p in editable_data.rglob(".*")) == []


def test_sanity_checks_units_and_ranks(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    text = trade.read_text()
    text = text.replace("trading_partner_rank,2024-01-01,2024-12-31,2024,4,rank", "trading_partner_rank,2024-01-01,2024-12-31,2024,4.5,rank")
    text = text.replace("2025 Jan–Jul,4,usd_million", "2025 Jan–Jul,4,percent")
    trade.write_text(text)
    with pytest.raises(build.BuildFailed) as failure:
        build.build(editable_data)
    assert [str(p) for p in failure.value.problems] == [
        "data/sources/trade.csv, row 10, column unit: flow exports is measured in usd_million, found percent",
        "data/sources/trade.csv, row 14, column value: rank 4.5 is not a whole number in (1, 30)",
    ]


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "x.parquet"
    build.atomic_write(target, b"old")
    build.atomic_write(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["x.parquet"]


def trade_table(rows):
    """A trade table with only the columns sanity_problems reads: (flow, unit, value) per row."""
    return {"trade": pa.Table.from_pylist([{"flow": f, "unit": u, "value": v} for f, u, v in rows])}


def test_sanity_problems_bands_for_money_ranks_and_shares():
    tables = trade_table([
        ("turnover", "usd_million", 1.0),        # row 2: lowest allowed turnover
        ("turnover", "usd_million", 10_000.0),   # row 3: highest allowed
        ("turnover", "usd_million", 0.5),        # row 4: $500k turnover: thousands typed as millions?
        ("exports", "usd_million", 0.1),         # row 5: a direction may be as small as $0.1m
        ("imports", "usd_million", 0.05),        # row 6: below that
        ("exports", "usd_million", 12_000.0),    # row 7: above 10,000
        ("trading_partner_rank", "rank", 30.0),  # row 8: ok
        ("import_source_rank", "rank", 0.0),     # row 9: rank 0 does not exist
        ("trading_partner_rank", "rank", 31.0),  # row 10: outside (1, 30)
        ("share_of_trade", "percent", 100.0),    # row 11: ok
        ("share_of_imports", "percent", -0.5),   # row 12: negative share
        ("share_of_trade", "percent", 100.5),    # row 13: over 100
        ("turnover", "usd_million", None),       # row 14: growth-only row, nothing to check
    ])
    assert [str(p) for p in rules.sanity_problems(tables)] == [
        "data/sources/trade.csv, row 4, column value: 0.5 USD million is outside 1.0–10000.0: a units mistake?",
        "data/sources/trade.csv, row 6, column value: 0.05 USD million is outside 0.1–10000.0: a units mistake?",
        "data/sources/trade.csv, row 7, column value: 12000.0 USD million is outside 0.1–10000.0: a units mistake?",
        "data/sources/trade.csv, row 9, column value: rank 0.0 is not a whole number in (1, 30)",
        "data/sources/trade.csv, row 10, column value: rank 31.0 is not a whole number in (1, 30)",
        "data/sources/trade.csv, row 12, column value: share -0.5% is outside 0–100",
        "data/sources/trade.csv, row 13, column value: share 100.5% is outside 0–100",
    ]


def test_sanity_problems_wrong_unit_for_flow():
    tables = trade_table([
        ("share_of_trade", "usd_million", None),  # row 2: a share is a percent, even without a value
        ("import_source_rank", "percent", 3.0),   # row 3
        ("turnover", "rank", 5.0),                # row 4: money flow in the wrong unit, value still in band
        ("exports", "usd_million", 5.0),          # row 5: fine
    ])
    assert [(p.row, p.column, p.message) for p in rules.sanity_problems(tables)] == [
        (2, "unit", "flow share_of_trade is measured in percent, found usd_million"),
        (3, "unit", "flow import_source_rank is measured in rank, found percent"),
        (4, "unit", "flow turnover is measured in usd_million, found rank"),
    ]


def test_sanity_problems_none_on_fixture(editable_data):
    tables, problems = records.read_all(editable_data)
    assert problems == []
    assert rules.sanity_problems(tables) == []


def test_prepared_tables_sorted_by_key_and_cast_to_schema(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    header, *lines = trade.read_text(encoding="utf-8").splitlines()
    # Reverse the data rows: the prepared table must come back in record_id order all the same.
    trade.write_text("\n".join([header, *reversed(lines)]) + "\n", encoding="utf-8")
    prepared = build.prepared_tables(editable_data)
    assert sorted(prepared) == sorted(schema.TABLES)
    assert prepared["trade"].column("record_id").to_pylist() == [f"f{n:02d}" for n in range(1, 14)]
    assert prepared["sources"].column("source_id").to_pylist() == ["fx-article", "fx-customs", "fx-mirror"]
    for name, table in prepared.items():
        # Including nullability: required columns come out non-nullable, unlike the loose read.
        assert table.schema.equals(schema.TABLES[name].arrow_schema), name
    assert not prepared["trade"].schema.field("record_id").nullable
    assert prepared["trade"].schema.field("value").nullable


def test_prepared_tables_raises_listing_every_problem(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    text = trade.read_text(encoding="utf-8")
    text = text.replace(",120,usd_million", ",n/a,usd_million").replace(",100,usd_million", ",oops,usd_million")
    trade.write_text(text, encoding="utf-8")
    with pytest.raises(build.BuildFailed) as failure:
        build.prepared_tables(editable_data)
    assert [str(p) for p in failure.value.problems] == [
        "data/sources/trade.csv, row 3, column value: 'oops' is not a number",
        "data/sources/trade.csv, row 4, column value: 'n/a' is not a number",
    ]
    assert str(failure.value).startswith("2 problem(s):\n")


def test_prepared_tables_runs_sanity_checks(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    trade.write_text(trade.read_text(encoding="utf-8").replace(",180,usd_million", ",180000,usd_million"),
                     encoding="utf-8")
    with pytest.raises(build.BuildFailed) as failure:
        build.prepared_tables(editable_data)
    assert [str(p) for p in failure.value.problems] == [
        "data/sources/trade.csv, row 7, column value: 180000.0 USD million is outside 1.0–10000.0: a units mistake?",
    ]


def test_write_parquet_bytes_is_deterministic_and_round_trips():
    table = pa.table({
        "record_id": pa.array(["a", "b"]),
        "value": pa.array([1.5, None], pa.float64()),
        "when": pa.array([dt.date(2024, 12, 31), None], pa.date32()),
        "areas": pa.array([["trade", "energy"], []], schema.LIST_OF_STRINGS),
        "text": pa.array(["Azərbaycan", "中国"], pa.large_string()),
    })
    first = build.write_parquet_bytes(table)
    assert first == build.write_parquet_bytes(table)
    assert first[:4] == b"PAR1" and first[-4:] == b"PAR1"
    back = pq.read_table(pa.BufferReader(first))
    assert back.equals(table) and back.schema.equals(table.schema)
    assert b"pandas" not in (back.schema.metadata or {})


def test_write_parquet_bytes_differ_when_data_differs():
    one = pa.table({"x": pa.array([1.0, 2.0])})
    other = pa.table({"x": pa.array([1.0, 2.5])})
    assert build.write_parquet_bytes(one) != build.write_parquet_bytes(other)


def test_an_interrupted_build_leaves_the_old_set_or_the_new_one(editable_data, tmp_path, monkeypatch):
    """Stop a build at each of its writes and removals in turn (as a crash or a full disk
    would): the folder then loads as the old set or as the new one, never a mix."""
    import shutil

    build.build(editable_data)
    old_version = store.data_version(editable_data)
    trade = editable_data / "sources" / "trade.csv"
    trade.write_text(trade.read_text().replace(",120,usd_million", ",125,usd_million"))
    new_version = store.version_of({n: build.write_parquet_bytes(t)
                                    for n, t in build.prepared_tables(editable_data).items()})
    backup = tmp_path / "backup"
    shutil.copytree(editable_data, backup)

    steps: list = []
    stop_at = 0
    real_write, real_rmtree = build.atomic_write, shutil.rmtree

    def counting(real):
        def step(*args, **kwargs):
            steps.append(args[0])
            if len(steps) == stop_at:
                raise OSError("interrupted")
            return real(*args, **kwargs)
        return step

    monkeypatch.setattr(build, "atomic_write", counting(real_write))
    monkeypatch.setattr(build.shutil, "rmtree", counting(real_rmtree))
    build.build(editable_data)  # a first run counts the steps
    total = len(steps)
    assert total == 9  # six tables, the history snapshot, the manifest, the old set removed
    outcomes = []
    for stop_at in range(1, total + 1):
        real_rmtree(editable_data)
        shutil.copytree(backup, editable_data)
        steps.clear()
        with pytest.raises(OSError, match="interrupted"):
            build.build(editable_data)
        after = store.load(editable_data)
        assert after.problems == [], f"stopped at step {stop_at}: {after.problems}"
        assert after.version in {old_version, new_version}, f"stopped at step {stop_at}"
        outcomes.append(after.version)
    # Stopped up to and at the manifest's rename, the old set stays; stopped after it, the new one.
    assert outcomes == [old_version] * 8 + [new_version]
    monkeypatch.undo()
    build.build(editable_data)
    assert [p.name for p in (editable_data / store.SETS).iterdir()] == [new_version]


def test_a_set_that_does_not_match_its_manifest_is_refused(editable_data):
    build.build(editable_data)
    path = store.parquet_path(editable_data, "trade")
    path.write_bytes(store.parquet_path(editable_data, "sources").read_bytes())
    dataset = store.load(editable_data)
    assert [str(p) for p in dataset.problems] == [
        "data/manifest.json: The dataset does not match its manifest, so none of it is shown: run "
        "`python -m tradeviz build` (a build switches sets in one step, so this means a file was changed or "
        "removed by hand).",
        f"data/sets/{dataset.version}/trade.parquet: does not match data/manifest.json (changed after the build)",
    ]
    assert all(frame.empty for frame in dataset.tables.values())
    (editable_data / store.MANIFEST).write_text("{not json")
    assert [str(p) for p in store.load(editable_data).problems][1:] == [
        "data/manifest.json: is not a tradeviz manifest (version, and a path and sha256 for every table)"]
