import datetime as dt
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradeviz import schema, store


def test_load_fixture(fixture_dataset):
    assert fixture_dataset.problems == []
    trade = fixture_dataset["trade"]
    assert list(trade.columns) == schema.TRADE.column_names
    assert str(trade["period_start"].dtype) == "datetime64[ms]"
    assert fixture_dataset["milestones"].loc[1, "actors"] == ["Ilham Aliyev", "Xi Jinping"]
    assert len(fixture_dataset.version) == 10


def copy_of(fixture_data, tmp_path):
    """The fixture as bare <table>.parquet files without a manifest, as a hand edit or another
    tool leaves them: what the loader's own checks must catch."""
    from bad_values import bare_copy

    return bare_copy(fixture_data, tmp_path / "data")


def test_missing_file_is_reported_and_other_tables_load(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    (folder / "milestones.parquet").unlink()
    dataset = store.load(folder)
    assert [str(p) for p in dataset.problems] == [
        "data/milestones.parquet: file is missing; run `python -m tradeviz build`"
    ]
    assert dataset["milestones"].empty and list(dataset["milestones"].columns) == schema.MILESTONES.column_names
    assert len(dataset["trade"]) == 13


def test_corrupt_file_is_reported(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    (folder / "trade.parquet").write_bytes(b"PAR1 this is not parquet")
    dataset = store.load(folder)
    assert len(dataset.problems) == 1
    assert str(dataset.problems[0]).startswith("data/trade.parquet: cannot be read as Parquet")
    assert dataset["trade"].empty


def test_wrong_column_type_names_the_column(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    table = pq.read_table(folder / "trade.parquet")
    index = table.schema.get_field_index("value")
    table = table.set_column(index, "value", pa.array([str(v) for v in table.column("value").to_pylist()]))
    pq.write_table(table, folder / "trade.parquet")
    assert [str(p) for p in store.load(folder).problems] == [
        "data/trade.parquet, column value: has type string, expected double"
    ]


def test_bad_value_names_the_row(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    table = pq.read_table(folder / "trade.parquet")
    flows = table.column("flow").to_pylist()
    flows[2] = "reexport"
    table = table.set_column(table.schema.get_field_index("flow"), table.schema.field("flow"), pa.array(flows))
    pq.write_table(table, folder / "trade.parquet")
    assert [str(p) for p in store.load(folder).problems] == [
        "data/trade.parquet, row 2, column flow: 'reexport' is not one of "
        "turnover, exports, imports, trading_partner_rank, import_source_rank, share_of_trade, share_of_imports"
    ]


def test_data_version_changes_with_content(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    before = store.data_version(folder)
    assert before == store.data_version(fixture_data)
    (folder / "indicators.parquet").write_bytes(b"changed")
    assert store.data_version(folder) != before


def test_to_frame_dates_lists_and_nulls():
    table = pa.table({
        "id": pa.array(["a", "b"]),
        "day": pa.array([dt.date(2024, 2, 29), None], pa.date32()),
        "areas": pa.array([["trade", "energy"], []], schema.LIST_OF_STRINGS),
        "value": pa.array([1.5, None], pa.float64()),
    })
    frame = store.to_frame(table)
    assert list(frame.columns) == ["id", "day", "areas", "value"]
    # Dates become millisecond timestamps (so .dt works), nulls become NaT.
    assert str(frame["day"].dtype) == "datetime64[ms]"
    assert frame.loc[0, "day"] == pd.Timestamp("2024-02-29") and pd.isna(frame.loc[1, "day"])
    # Lists stay in Arrow memory (a million Python lists would not), and read back as lists.
    assert frame["areas"].dtype == pd.ArrowDtype(schema.LIST_OF_STRINGS)
    assert frame["areas"].tolist() == [["trade", "energy"], []]
    assert type(frame.loc[0, "areas"]) is list
    assert frame.loc[0, "value"] == 1.5 and pd.isna(frame.loc[1, "value"])


def test_to_frame_of_an_empty_table_keeps_columns_and_types():
    frame = store.to_frame(schema.MILESTONES.arrow_schema.empty_table())
    assert frame.empty and list(frame.columns) == schema.MILESTONES.column_names
    assert str(frame["date_start"].dtype) == "datetime64[ms]"
    assert frame["date_start"].dt.year.empty  # .dt works on the empty column too


def test_signature_changes_when_a_file_is_replaced(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    before = store.signature(folder)
    assert [name for name, _, _ in before] == [f"{name}.parquet" for name in sorted(schema.TABLES)]
    (folder / "indicators.parquet").write_bytes(b"changed")
    assert store.signature(folder) != before
    (folder / "indicators.parquet").unlink()
    assert dict((n, (s, m)) for n, s, m in store.signature(folder))["indicators.parquet"] == (None, None)


def test_signature_of_a_set_is_its_manifest(fixture_data, tmp_path):
    # A build switches sets by replacing the manifest, so its size and time say when to reload.
    shutil.copytree(fixture_data, tmp_path / "data")
    (name, size, _), = store.signature(tmp_path / "data")
    assert (name, size) == ("manifest.json", (tmp_path / "data" / "manifest.json").stat().st_size)


def test_derived_is_computed_once_per_dataset(fixture_dataset):
    calls = []

    def compute(dataset):
        calls.append(dataset.version)
        return len(dataset["trade"])

    first = fixture_dataset.derived("test.count", compute)
    # One derived value may be computed from another without deadlock.
    nested = fixture_dataset.derived("test.nested", lambda d: d.derived("test.count", compute) + 1)
    assert (first, nested, calls) == (13, 14, [fixture_dataset.version])


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(store.DATA_ENV, str(tmp_path))
    assert store.data_dir() == tmp_path
    monkeypatch.delenv(store.DATA_ENV)
    assert store.data_dir() == store.DATA_DIR


def test_rows_breaking_the_builds_rules_are_left_out_and_named(fixture_data, tmp_path):
    from bad_values import bad_values_data

    dataset = store.load(bad_values_data(fixture_data, tmp_path / "data"))
    assert [str(p) for p in dataset.problems] == [
        "data/trade.parquet, row 1, column value: 0.0 USD million is outside 1.0–10000.0: a units mistake?",
        "data/trade.parquet, row 2, column value: -5.0 USD million is outside 1.0–10000.0: a units mistake?",
        "data/trade.parquet, row 4, column value: nan is not a finite number",
        "data/trade.parquet, row 5, column value: inf is not a finite number",
        "data/trade.parquet, row 6, column period_end: 2024-07-31 is before period_start 2024-12-31",
        "data/trade.parquet, row 7, column growth_reported: -inf is not a finite number",
        "data/milestones.parquet, row 1, column source_id: 'gone' is not in sources.csv",
        "data/indicators.parquet, row 0, column policy_area: nowhere not in policy_areas.csv",
    ]
    # Exactly those rows are gone; the rest of each table is kept.
    assert list(dataset["trade"]["record_id"]) == ["f01", "f04", "f09", "f10", "f11", "f12", "f13"]
    assert "m02" not in set(dataset["milestones"]["milestone_id"]) and len(dataset["milestones"]) == 6
    assert dataset["indicators"].empty


def test_a_row_left_out_takes_the_rows_that_need_it_along(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    table = pq.read_table(folder / "sources.parquet")
    kinds = table.column("kind").to_pylist()
    row = table.column("source_id").to_pylist().index("fx-mirror")
    kinds[row] = "rumour"  # not an allowed kind: the source is left out, then the rows citing it
    table = table.set_column(table.schema.get_field_index("kind"), table.schema.field("kind"), pa.array(kinds))
    pq.write_table(table, folder / "sources.parquet")
    dataset = store.load(folder)
    assert [str(p) for p in dataset.problems] == [
        f"data/sources.parquet, row {row}, column kind: 'rumour' is not one of {', '.join(schema.SOURCE_KINDS)}",
        "data/trade.parquet, row 3, column source_id: 'fx-mirror' is not in sources.csv",      # f04
        "data/milestones.parquet, row 2, column source_id: 'fx-mirror' is not in sources.csv",  # m03
        "data/milestones.parquet, row 5, column source_id: 'fx-mirror' is not in sources.csv",  # m06
    ]
    assert "f04" not in set(dataset["trade"]["record_id"])
    assert {"m03", "m06"}.isdisjoint(dataset["milestones"]["milestone_id"])


def test_a_read_error_names_the_file_not_the_servers_path(fixture_data, tmp_path):
    folder = copy_of(fixture_data, tmp_path)
    (folder / "trade.parquet").write_bytes(b"PAR1 this is not parquet PAR1")
    message = str(store.load(folder).problems[0])
    assert str(tmp_path) not in message and message.startswith("data/trade.parquet: cannot be read as Parquet")
