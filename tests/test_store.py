import shutil

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
    folder = tmp_path / "data"
    shutil.copytree(fixture_data, folder)
    return folder


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
