"""All goods (TOTAL) on the Products page: each side's UN Comtrade total beside the main dataset's
national figures of the same flow, side and year, with the gap as an interval and a verdict; and a
products set that is partly or wholly unreadable, named on the page while the rest keeps working."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import comtrade_files as files
from products_data import totals_data
from shown import plain
from tradeviz import comtrade, products_store, store
from tradeviz.views import defaults
from tradeviz.views import products as view

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "products.py")
@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return totals_data(tmp_path_factory.mktemp("total") / "data")


def test_comtrade_totals_stand_beside_the_national_figures_with_the_gap(data):
    dataset = store.load(data)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"level": "0"})
    got = shown.download.rows
    assert list(zip(got["year"], got["comtrade_reporter"], got["record_id"], got["verdict"])) == [
        (2021, "AZE", "n02", "consistent"),     # 1,100 within 500–1,500
        (2022, "AZE", "n01", "consistent"),     # 1,250 within 1,245–1,255
        (2022, "AZE", "n04", "cannot tell"),    # flagged: never compared
        (2022, "CHN", "n03", "inconsistent")]   # 1,300 above 1,150–1,250
    # The gap, Comtrade − national, in USD: 1,300,000,000 ± 0.5 against 1,150–1,250 million.
    n03 = got.iloc[3]
    assert (n03["gap_low_usd"], n03["gap_high_usd"]) == (49_999_999.5, 150_000_000.5)
    assert (n03["national_low_usd"], n03["national_high_usd"]) == (1_150e6, 1_250e6)
    assert got.iloc[2]["note"] == "not compared: the research flags this figure low"
    assert shown.count_text == ("3 all-goods totals from UN Comtrade; 4 national figures of the same flow, side and "
                                "period beside them: 2 consistent, 1 inconsistent, 1 cannot tell")
    # One unit for the view: the largest figure (2,000 million) reads under 10,000 in millions.
    table = shown.rows.frame
    assert shown.unit == "USD million" and shown.rows.labels["comtrade"] == "UN Comtrade, USD million"
    assert list(table["comtrade"]) == [1_100.0, 1_250.0, 1_250.0, 1_300.0]
    assert list(table["gap"])[3] == "$50.0 m to $150 m" and list(table["national"])[0] == "~$1,000 m"
    drawn = shown.chart.datasets["totals"]
    assert shown.chart.spec["layer"][0]["encoding"]["y"]["title"] == "USD million"
    assert sorted(drawn.loc[drawn["kind"] == "comtrade", "value_label"]) == ["$1,100 m", "$1,250 m", "$1,300 m"]
    # The flagged figure (n04) is in the table, never drawn.
    assert sorted(drawn.loc[drawn["kind"] == "national", "value_label"]) == ["$1,200 m", "$1,250 m", "~$1,000 m"]
    assert shown.has_series is False and shown.mirror_note.startswith("A UN Comtrade total is what a country reported")


def test_another_pair_has_totals_but_no_national_figures(tmp_path):
    comtrade.import_files([files.api_json(tmp_path / "t.json", [
        files.Figure("AZE", "CIV", "M", 2022, "TOTAL", "All Commodities", 5_000.0)])], tmp_path / "products")
    dataset = store.Dataset(tables={}, version="test", folder=tmp_path)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"level": "0"})
    assert shown.count_text.startswith("1 all-goods total from UN Comtrade; the main dataset holds national figures "
                                       "for Azerbaijan and China only")
    assert shown.unit == "USD" and list(shown.rows.frame["comtrade"]) == [5_000.0]


def test_the_page_shows_all_goods_and_the_comparison(data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    at.button_group(key="products:level").set_value("0").run()
    assert not at.exception and at.query_params["level"] == "0"
    (chart,) = at.get("vega_lite_chart")   # the totals' chart; no product series below it
    spec = json.loads(chart.proto.spec)
    assert spec["layer"][0]["encoding"]["y"]["title"] == "USD million"
    assert not any(plain(h.value) == "One product over the years" for h in at.subheader)
    table = at.dataframe[0].value
    assert list(table["verdict"]) == ["consistent", "consistent", "cannot tell", "inconsistent"]
    assert json.loads(at.dataframe[0].proto.columns)["comtrade"]["label"] == "UN Comtrade, USD million"
    assert any(plain(c.value).startswith("3 all-goods totals from UN Comtrade") for c in at.caption)


def test_a_bad_partition_folder_is_named_and_the_rest_is_served(data, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(data, folder)
    products = folder / products_store.PRODUCTS
    served = json.loads((products / "manifest.json").read_text())["path"]
    stray = products / served / "reporter_iso=AZE" / "year=notayear"
    stray.mkdir()
    shutil.copy(next((products / served / "reporter_iso=AZE").rglob("*.parquet")), stray / "part-0.parquet")
    dataset = store.load(folder)
    shown = view.select(dataset, defaults(view.params(dataset)) | {"level": "0"})
    assert shown.notice == (f"Left out of the products set: {served}/reporter_iso=AZE/year=notayear/part-0.parquet "
                            "is not under reporter_iso=…/year=<a year>/: left out.")
    assert shown.chart is not None and len(shown.download.rows) == 4
    monkeypatch.setenv(store.DATA_ENV, str(folder))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["level"] = "0"
    at.run()
    assert not at.exception
    assert "year=notayear/part-0.parquet" in plain(at.warning[0].value)
    assert at.get("vega_lite_chart") and at.dataframe   # the rest of the page keeps working


def test_a_manifest_whose_set_is_gone_is_named(data, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(data, folder)
    products = folder / products_store.PRODUCTS
    served = json.loads((products / "manifest.json").read_text())["path"]
    shutil.rmtree(products / served)
    monkeypatch.setenv(store.DATA_ENV, str(folder))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    message = plain(at.info[0].value)
    assert message.startswith(f"The products set cannot be read: manifest.json names {served}, which is gone")
    assert at.title[0].value == "What is traded"
    # A manifest that is not JSON is named too.
    (products / "manifest.json").write_text("{not json")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "products/manifest.json cannot be read" in plain(at.info[0].value)
