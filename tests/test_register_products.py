"""A products set written by another engine (here pyarrow.parquet.write_to_dataset, with its own
file names, row groups and an extra column, as Spark or Trino would write it) is served once
`python -m tradeviz register-products NAME` has checked it; a set that breaks the layout or the
importer's value rules is refused by file and row, and the set served stays as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pandas.testing
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from products_data import products_data, s3_server
from tradeviz import comtrade, products_store, products_writer, store
from tradeviz.__main__ import main
from tradeviz.views import defaults
from tradeviz.views import products as view


def imported_rows(folder: Path) -> pa.Table:
    """The fixture files as the importer wrote them, read back whole (19 rows)."""
    return products_store.open_set(folder).to_table()


def written_elsewhere(table: pa.Table, products: Path, name: str) -> None:
    """The rows written as another engine would: hive folders, its own file names, one row
    group per file, and a column tradeviz does not read."""
    extra = table.append_column("ingested_by", pa.array(["another engine"] * table.num_rows))
    pq.write_to_dataset(extra, products / "sets" / name, partition_cols=["reporter_iso", "year"],
                        basename_template="part-{i}-c000.snappy.parquet")


def test_a_set_written_by_another_engine_is_served_as_the_importers(tmp_path, capsys):
    folder = products_data(tmp_path / "data")
    products = folder / products_store.PRODUCTS
    imported = json.loads((products / "manifest.json").read_text())
    dataset = store.load(folder)
    before = view.select(dataset, defaults(view.params(dataset)))

    written_elsewhere(imported_rows(folder), products, "spark-run-7")
    assert main(["register-products", "spark-run-7", "--products", str(products)]) == 0
    said = capsys.readouterr()
    assert "serving sets/spark-run-7" in said.out
    # The importer's warning about these rows, now from the other writer's file and row: China's
    # TOTAL of 1,100,000 USD is below its chapter 84 (1,200,000 USD). A warning does not refuse.
    assert said.err.splitlines() == [
        "sets/spark-run-7/reporter_iso=CHN/year=2024/part-0-c000.snappy.parquet: warning: row 1: TOTAL is "
        "1,100,000 USD but its children in this set sum to 1,200,000 USD"]
    manifest = json.loads((products / "manifest.json").read_text())
    assert manifest["path"] == "sets/spark-run-7" and manifest["rows"] == 19
    assert (manifest["pairs"], manifest["files"]) == (imported["pairs"], imported["files"])
    # The same view from the other writer's files: ranking, growth and mirror alike.
    after = view.select(dataset, defaults(view.params(dataset)))
    pandas.testing.assert_frame_equal(after.download.rows, before.download.rows)
    assert after.count_text == before.count_text
    # Registering the same files again gives the same version (file names and sizes).
    assert products_writer.register_set(str(products), "spark-run-7")[0] == manifest["version"]


def test_a_set_that_breaks_the_rules_is_refused_by_file_and_row(tmp_path, capsys):
    folder = products_data(tmp_path / "data")
    products = folder / products_store.PRODUCTS
    manifest_before = (products / "manifest.json").read_bytes()
    rows = imported_rows(folder).sort_by([("reporter_iso", "ascending"), ("year", "ascending"),
                                          ("cmd_code", "ascending")])
    values = rows.column("value_usd").to_pylist()
    values[0] = -5.0                       # AZE 2023's first row
    codes = rows.column("cmd_code").to_pylist()
    codes[1] = "8"                         # its second
    bad = rows.set_column(rows.schema.get_field_index("value_usd"), "value_usd", pa.array(values))
    bad = bad.set_column(bad.schema.get_field_index("cmd_code"), "cmd_code", pa.array(codes))
    first = bad.filter((pc.field("reporter_iso") == "AZE") & (pc.field("year") == 2023))
    pq.write_to_dataset(bad, products / "sets" / "bad-run", partition_cols=["reporter_iso", "year"],
                        basename_template="part-{i}.parquet")
    assert first.num_rows >= 2
    assert main(["register-products", "bad-run", "--products", str(products)]) == 1
    err = capsys.readouterr().err
    assert "Not registered; the manifest is unchanged." in err
    assert "sets/bad-run/reporter_iso=AZE/year=2023/part-0.parquet: row 1: value_usd -5 is not a number of 0 or more" in err
    assert "sets/bad-run/reporter_iso=AZE/year=2023/part-0.parquet: row 2: cmd_code '8' is not TOTAL" in err
    assert (products / "manifest.json").read_bytes() == manifest_before

    # A value column of another type, a file outside the partitioning, an empty set, a bad name.
    typed = rows.set_column(rows.schema.get_field_index("value_usd"), "value_usd",
                            pc.cast(rows.column("value_usd"), pa.int64()))
    pq.write_to_dataset(typed, products / "sets" / "typed-run", partition_cols=["reporter_iso", "year"],
                        basename_template="part-{i}.parquet")
    _, problems = products_writer.register_set(str(products), "typed-run")
    assert {str(p) for p in problems} >= {
        "sets/typed-run/reporter_iso=AZE/year=2024/part-0.parquet: column value_usd is int64, not double"}
    pq.write_table(rows, products / "sets" / "flat.parquet")
    (products / "sets" / "flat-run").mkdir()
    pq.write_table(rows, products / "sets" / "flat-run" / "all.parquet")
    assert [str(p) for p in products_writer.register_set(str(products), "flat-run")[1]] == [
        "sets/flat-run/all.parquet: is not under reporter_iso=…/year=<a year>/ (the importer's partitioning)"]
    assert [str(p) for p in products_writer.register_set(str(products), "nothing-here")[1]] == [
        "sets/nothing-here: holds no .parquet file"]
    assert [str(p) for p in products_writer.register_set(str(products), "../data")[1]] == [
        "../data: is not a set's folder name (one name under sets/)"]
    assert (products / "manifest.json").read_bytes() == manifest_before


def test_a_key_repeated_within_a_partition_is_refused_by_file_and_row(tmp_path):
    """Two writers' files in one reporter/year folder holding the same figure: the view would add
    them up. Monthly rows of one product in different months are not repeats, nor are annual
    rows (no month) of different partners or flows."""
    folder = products_data(tmp_path / "data")
    products = folder / products_store.PRODUCTS
    manifest_before = (products / "manifest.json").read_bytes()
    rows = imported_rows(folder).sort_by([("reporter_iso", "ascending"), ("year", "ascending"),
                                          ("partner_iso", "ascending"), ("flow", "ascending"),
                                          ("cmd_code", "ascending")])
    pq.write_to_dataset(rows, products / "sets" / "twice", partition_cols=["reporter_iso", "year"],
                        basename_template="part-a-{i}.parquet")
    aze_2024 = rows.filter((pc.field("reporter_iso") == "AZE") & (pc.field("year") == 2024))
    first = aze_2024.slice(0, 1).to_pylist()[0]
    assert (first["partner_iso"], first["flow"], first["cmd_code"], first["month"]) == ("CHN", "imports", "84", None)
    # The second writer's file repeats AZE 2024's first row (as its own second row).
    pq.write_table(pa.concat_tables([aze_2024.slice(3, 1), aze_2024.slice(0, 1)]).drop_columns(["reporter_iso", "year"]),
                   products / "sets" / "twice" / "reporter_iso=AZE" / "year=2024" / "part-b-0.parquet")
    folder_2024 = "sets/twice/reporter_iso=AZE/year=2024"
    # Named in the order of the files and their rows.
    assert [str(p) for p in products_writer.register_set(str(products), "twice")[1] if not p.warning] == [
        f"{folder_2024}/part-b-0.parquet: row 1: repeats {folder_2024}/part-a-0.parquet row 4 "
        f"({aze_2024['flow'][3]} {aze_2024['cmd_code'][3]} 2024, partner {aze_2024['partner_iso'][3]})",
        f"{folder_2024}/part-b-0.parquet: row 2: repeats {folder_2024}/part-a-0.parquet row 1 "
        "(imports 84 2024, partner CHN)"]
    assert (products / "manifest.json").read_bytes() == manifest_before

    # Every row of AZE 2024 written twice: five named, the rest counted.
    pq.write_table(aze_2024.drop_columns(["reporter_iso", "year"]),
                   products / "sets" / "twice" / "reporter_iso=AZE" / "year=2024" / "part-b-0.parquet")
    problems = [str(p) for p in products_writer.register_set(str(products), "twice")[1] if not p.warning]
    assert aze_2024.num_rows > 5 and len(problems) == 6
    assert problems[-1] == (f"sets/twice: {aze_2024.num_rows - 5:,} more rows where the key (reporter, year, partner, "
                            "flow, frequency, month, HS code) repeats an earlier row's")
    assert (products / "manifest.json").read_bytes() == manifest_before


def test_a_set_written_into_a_bucket_is_registered_there(tmp_path):
    from pyarrow import fs

    folder = products_data(tmp_path / "data")
    rows = imported_rows(folder)
    with s3_server() as (s3, uri):
        written_elsewhere(rows, tmp_path / "staging", "trino-run")
        fs.copy_files(str(tmp_path / "staging"), "shared/tradeviz/products", destination_filesystem=s3)
        where = uri("tradeviz/products")
        version, problems = products_writer.register_set(where, "trino-run")
        assert [p.warning for p in problems] == [True] and products_store.read_manifest(where)[0]["version"] == version
        assert products_store.open_set(where).count_rows() == 19
        assert products_store.pairs_in(products_store.read_manifest(where)[0]) == [("AZE", "CHN"), ("AZE", "USA"), ("CHN", "AZE")]


def test_an_import_after_a_registered_set_leaves_that_set_alone(tmp_path):
    folder = products_data(tmp_path / "data")
    products = folder / products_store.PRODUCTS
    written_elsewhere(imported_rows(folder), products, "spark-run-7")
    assert products_writer.register_set(str(products), "spark-run-7")[0]
    first_import = json.loads((products / "manifest.json").read_text())
    # A new import serves its own set and removes the importer's earlier ones, not the other engine's.
    comtrade.import_files([Path(__file__).parent / "fixtures" / "comtrade" / "annual.csv"], folder / products_store.PRODUCTS)
    served = json.loads((products / "manifest.json").read_text())["path"]
    assert served != "sets/spark-run-7" and (products / "sets" / "spark-run-7").is_dir()
    assert sorted(p.name for p in (products / "sets").iterdir()) == sorted(["spark-run-7", served.split("/")[1]])
    assert first_import["path"] == "sets/spark-run-7"
