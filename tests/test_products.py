"""The Products view on fixture Comtrade files (tests/fixtures/comtrade), imported into a copy of
the fixture dataset."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from products_data import products_data as fixture_products
from shown import plain
from tradeviz import store, ui
from tradeviz.views import defaults
from tradeviz.views import products as view

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "products.py")


@pytest.fixture(scope="module")
def products_data(tmp_path_factory):
    return fixture_products(tmp_path_factory.mktemp("products") / "data")


def test_the_view_ranks_products_with_growth_and_the_mirror_figure(products_data):
    dataset = store.load(products_data)
    values = defaults(view.params(dataset)) | {"years": (2023, 2024)}
    shown = view.select(dataset, values)
    rows = shown.rows.frame
    assert list(rows["cmd_code"]) == ["84", "85", "87"]
    # Azerbaijan's 2024 imports of chapter 84: 400,000 USD; China reports exporting 1,200,000 USD.
    first = rows.iloc[0]
    assert (first["last"], first["mirror"], first["gap"]) == (400_000.0, 1_200_000.0, -800_000.0)
    totals = view.select(dataset, values | {"level": "4", "chapter": "87"})
    assert list(totals.rows.frame["cmd_code"]) == ["8703", "8704"]


def test_exports_have_growth_between_two_years(products_data):
    dataset = store.load(products_data)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"flow": "exports", "years": (2023, 2024),
                                                                  "level": "2"})
    assert shown.chart is not None and "figures of 2023 only" in shown.count_text  # only chapter 27, 2023


def count_line(at) -> str:
    return next(plain(c.value) for c in at.caption if " products; " in plain(c.value))


def test_page_reacts_to_its_filters(products_data, monkeypatch):
    monkeypatch.setenv(ui.DATA_ENV, str(products_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
    assert count_line(at).startswith("3 products")
    at.button_group(key="products:level").set_value("4").run()
    assert count_line(at).startswith("2 products")   # 8703 and 8704
    assert at.query_params["level"] == "4"


def test_page_says_how_to_import_when_there_is_no_product_data(fixture_data, monkeypatch):
    monkeypatch.setenv(ui.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "python -m tradeviz import-comtrade" in plain(at.info[0].value)
