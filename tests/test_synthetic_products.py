"""The SYNTHETIC product generator of the benchmarks (benchmarks/synthetic_products.py) writes
rows the importer would have accepted: in its layout, one row per key, passing the checks
`register-products` makes of a set written elsewhere."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas.testing
import pyarrow.compute as pc

from tradeviz import products_store, products_table, products_writer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthetic_products  # noqa: E402


def test_every_key_once_and_each_code_at_its_own_level():
    table = synthetic_products.table(20_000, seed=3)
    assert table.schema == products_table.SCHEMA and table.num_rows == 20_000
    keys = table.group_by(list(products_table.KEY)).aggregate([])
    assert keys.num_rows == 20_000
    assert pc.all(pc.equal(pc.utf8_length(table["cmd_code"]), pc.cast(table["aggr_level"], "int32"))).as_py()
    assert set(table["source_file"].unique().to_pylist()) == {"SYNTHETIC"}
    # The same seed gives the same rows (a benchmark compares like with like).
    pandas.testing.assert_frame_equal(synthetic_products.table(20_000, seed=3).to_pandas(), table.to_pandas())


def test_a_written_set_passes_the_checks_of_a_set_written_elsewhere(tmp_path):
    synthetic_products.write(tmp_path, 20_000)
    products = tmp_path / products_store.PRODUCTS
    name = json.loads((products / "manifest.json").read_text())["path"].split("/")[1]
    version, problems = products_writer.register_set(str(products), name)
    # Random values put some totals below their children's sum: warnings, not a refusal.
    assert version and all(p.warning for p in problems)
    assert len(problems) == 6 and str(problems[-1]).startswith(f"sets/{name}: warning: ")
    assert str(problems[-1]).endswith(" more rows where a total is below the sum of its children")
    assert products_store.open_set(str(products)).count_rows() == 20_000
