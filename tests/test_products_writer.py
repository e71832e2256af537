"""Writing products sets: `import-comtrade` and `register-products` are all or nothing (killed with
SIGKILL at each of their steps, the location serves the old set or the new one, whole, and running
the command again completes), they write where the app reads (TRADEVIZ_DATA, TRADEVIZ_PRODUCTS),
and a set another engine wrote (DuckDB here) registers and serves."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas.testing
import pyarrow.parquet as pq
import pytest

import comtrade_files as files
from products_data import FIXTURES
from tradeviz import comtrade, products_store, products_writer, store
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
# Runs the command line with one function replaced by itself plus a SIGKILL of the process, before
# or after its Nth call: the command dies at that step, as `kill -9` would leave it.
KILLED_AT = """
import importlib, os, signal, sys
module, name, when, nth, *argv = sys.argv[1:]
target = importlib.import_module(module)
real, calls = getattr(target, name), [0]

def killing(*args, **kwargs):
    calls[0] += 1
    if calls[0] == int(nth) and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    out = real(*args, **kwargs)
    if calls[0] == int(nth) and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return out

setattr(target, name, killing)
from tradeviz.__main__ import main
sys.exit(main(argv))
"""


def run_killed(step: tuple[str, str, str, int], *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", KILLED_AT, *map(str, step), *argv], capture_output=True, text=True,
                          timeout=300, env=env, cwd=ROOT)


def served(products: Path) -> tuple[str, dict]:
    """(version, every row's value by key) of the set the manifest names, read whole: a set
    missing a file, or a manifest naming no whole set, would not give one of the two states."""
    found = products_store.read_manifest(str(products))
    table = products_store.dataset(found).to_table()
    keys = zip(*(table[c].to_pylist() for c in ("reporter_iso", "year", "partner_iso", "flow", "freq", "month",
                                                 "cmd_code", "value_usd")))
    return found[0]["version"], {key[:-1]: key[-1] for key in keys}


def new_files(folder: Path) -> list[Path]:
    """Four partitions: AZE 2021, 2022 and 2023, CHN 2022."""
    totals = [files.Figure("AZE", "CHN", "M", year, "TOTAL", "All Commodities", value)
              for year, value in ((2021, 1_100_000_000.0), (2022, 1_250_000_000.0))]
    totals.append(files.Figure("CHN", "AZE", "X", 2022, "TOTAL", "All Commodities", 1_300_000_000.0))
    return [files.website_csv(folder / "TradeData.csv"), files.api_json(folder / "totals.json", totals)]


IMPORT_STEPS = [
    ("tradeviz.comtrade", "table_checks", "after", 1),            # read and checked, nothing written
    ("tradeviz.products_writer", "_write_partitions", "before", 1),
    ("pyarrow.parquet", "write_table", "after", 3),                # the version's hash, then two of four files
    ("tradeviz.products_writer", "switch_manifest", "before", 1),  # the new set whole, not yet named
    ("os", "replace", "before", 1),                                # the new manifest written, not yet renamed
    ("tradeviz.products_writer", "remove_earlier_sets", "before", 1),
    ("tradeviz.products_writer", "remove_earlier_sets", "after", 1),
]


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The old state (the fixture CSV imported) and the new one (new_files imported), each as
    (version, rows), and the products folder holding the old state."""
    base = tmp_path_factory.mktemp("states")
    comtrade.import_files([FIXTURES / "annual.csv"], base / "old" / "products")
    old = served(base / "old" / "products")
    comtrade.import_files(new_files(base), base / "new" / "products")
    return old, served(base / "new" / "products"), base


@pytest.mark.parametrize("step", IMPORT_STEPS, ids=[f"{s[1]}-{s[2]}-{s[3]}" for s in IMPORT_STEPS])
def test_an_import_killed_at_any_step_leaves_the_old_set_or_the_new_and_a_rerun_completes(tmp_path, states, step):
    old, new, base = states
    products = tmp_path / "products"
    shutil.copytree(base / "old" / "products", products)
    arguments = ["import-comtrade", *map(str, new_files(base)), "--data", str(tmp_path)]
    killed = run_killed(step, *arguments)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert served(products) in (old, new)
    assert main(arguments) == 0
    assert served(products) == new
    # The interrupted run's leftovers are gone: the served set alone remains.
    assert [p.name for p in (products / "sets").iterdir()] == [new[0]]


REGISTER_STEPS = [
    ("tradeviz.products_table", "repeats", "after", 1),               # checking the first partition
    ("tradeviz.products_writer", "switch_manifest", "before", 1),
    ("os", "replace", "before", 1),
]


@pytest.mark.parametrize("step", REGISTER_STEPS, ids=[f"{s[1]}-{s[2]}" for s in REGISTER_STEPS])
def test_a_registration_killed_at_any_step_leaves_the_old_set_or_the_new_and_a_rerun_completes(tmp_path, states, step):
    old, new, base = states
    products = tmp_path / "products"
    shutil.copytree(base / "old" / "products", products)
    # The new rows as another engine wrote them, under a name of its own.
    rows = products_store.dataset(products_store.read_manifest(str(base / "new" / "products"))).to_table()
    pq.write_to_dataset(rows, products / "sets" / "engine-run", partition_cols=["reporter_iso", "year"])
    arguments = ["register-products", "engine-run", "--products", str(products)]
    killed = run_killed(step, *arguments)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    version, values = served(products)
    assert (version, values) == old or values == new[1]
    assert main(arguments) == 0
    assert served(products)[1] == new[1]
    assert json.loads((products / "manifest.json").read_text())["path"] == "sets/engine-run"


def test_the_commands_write_where_the_app_reads(tmp_path, monkeypatch, capsys):
    """Without --data, import-comtrade writes the products set the app would serve: beside
    TRADEVIZ_DATA's dataset, or at TRADEVIZ_PRODUCTS; register-products looks there too."""
    bundled = ROOT / "data" / "products"
    before = sorted(bundled.rglob("*")) if bundled.exists() else None
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(store.DATA_ENV, str(data))
    monkeypatch.delenv(products_store.PRODUCTS_ENV, raising=False)
    assert main(["import-comtrade", str(files.api_json(tmp_path / "api.json"))]) == 0
    assert f"to {data / 'products'} " in capsys.readouterr().out
    assert products_store.open_set(str(data / "products")).count_rows() == 7
    version = json.loads((data / "products" / "manifest.json").read_text())["version"]
    shutil.copytree(data / "products" / "sets" / version, data / "products" / "sets" / "copy")
    assert main(["register-products", "copy"]) == 0
    assert json.loads((data / "products" / "manifest.json").read_text())["path"] == "sets/copy"
    elsewhere = tmp_path / "shared-products"
    monkeypatch.setenv(products_store.PRODUCTS_ENV, str(elsewhere))
    assert main(["import-comtrade", str(files.api_json(tmp_path / "api.json"))]) == 0
    assert products_store.open_set(str(elsewhere)).count_rows() == 7
    assert (sorted(bundled.rglob("*")) if bundled.exists() else None) == before   # the bundled data untouched


def test_a_set_duckdb_wrote_registers_and_serves(tmp_path):
    """DuckDB writes the products layout (COPY … TO … (FORMAT parquet, PARTITION_BY (reporter_iso,
    year))) from the importer's rows; register-products checks it and the view serves the same
    figures from it as from the importer's own set."""
    import duckdb

    from products_data import products_data
    from tradeviz.views import defaults
    from tradeviz.views import products as view

    folder = products_data(tmp_path / "data")
    products = folder / products_store.PRODUCTS
    dataset = store.load(folder)
    before = view.select(dataset, defaults(view.params(dataset)))
    rows = products_store.open_set(str(products)).to_table()
    target = products / "sets" / "duckdb-run"
    duckdb.sql(f"COPY (SELECT * FROM rows) TO '{target}' (FORMAT parquet, PARTITION_BY (reporter_iso, year))")
    written = sorted(p.relative_to(target).parts[:2] for p in target.rglob("*.parquet"))
    assert ("reporter_iso=AZE", "year=2024") in written
    assert main(["register-products", "duckdb-run", "--products", str(products)]) == 0
    assert json.loads((products / "manifest.json").read_text())["path"] == "sets/duckdb-run"
    after = view.select(dataset, defaults(view.params(dataset)))
    pandas.testing.assert_frame_equal(after.download.rows, before.download.rows)
    pandas.testing.assert_frame_equal(after.rows.frame, before.rows.frame)
    assert after.count_text == before.count_text and after.chart.title == before.chart.title


def test_an_empty_table_is_not_a_set(tmp_path):
    from tradeviz.products_table import SCHEMA

    with pytest.raises(ValueError):
        products_writer.write_set(SCHEMA.empty_table(), tmp_path / "products")
    assert not (tmp_path / "products").exists()
