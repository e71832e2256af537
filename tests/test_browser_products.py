"""The Products view in Chromium against a real server on fixture Comtrade files, read from a
local folder and, with the whole dataset, from a local S3-compatible server: the charts are drawn, filters change what is
shown, the CSV holds the rows shown, a product's series follows the HS code typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import download, new_page, streamlit_server, wait_until_idle
from products_data import dataset_in_a_bucket, products_data, totals_data
from tradeviz import shared, store

CHART = '[data-testid="stVegaLiteChart"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = products_data(tmp_path_factory.mktemp("products") / "data")
    with streamlit_server(tmp_path_factory.mktemp("server"), env={store.DATA_ENV: str(folder)}) as base:
        yield base


@pytest.fixture(scope="module")
def totals_server(tmp_path_factory):
    folder = totals_data(tmp_path_factory.mktemp("totals") / "data")
    with streamlit_server(tmp_path_factory.mktemp("server"), env={store.DATA_ENV: str(folder)}) as base:
        yield base


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """A server whose TRADEVIZ_DATA is the bucket: no local folder holds the dataset."""
    with dataset_in_a_bucket(tmp_path_factory.mktemp("products") / "data") as (_, uri):
        with streamlit_server(tmp_path_factory.mktemp("server"),
                              env={store.DATA_ENV: uri, shared.CACHE_ENV: str(tmp_path_factory.mktemp("cache"))}) as base:
            yield base


def test_products_chart_filter_and_csv(browser, server, tmp_path):
    context, page = new_page(browser, {"width": 1440, "height": 1200})
    page.goto(f"{server}/products?years_from=2023")
    page.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    expect(page.get_by_text("AZE's imports from CHN, 2024: largest products")).to_be_visible()
    ranking = page.locator(CHART).first
    assert ranking.locator("g.mark-rect path").count() == 3   # chapters 84, 85, 87; not the USA's 84
    # One unit for the view, as drawn: the axis says it and every bar's label is written in it.
    texts = ranking.locator("svg text").all_text_contents()
    assert "USD thousand" in texts and "USD million" not in texts
    assert {"$400 k", "$350 k", "$250 k"} <= set(texts)
    series_texts = page.locator(CHART).nth(1).locator("svg text").all_text_contents()
    assert "USD thousand" in series_texts
    page.screenshot(path=tmp_path / "products.png", full_page=True)

    page.get_by_text("HS headings (4 digits)", exact=True).click()
    expect(page.get_by_text("2 products;", exact=False)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert "level=4" in page.url
    csv_file = download(page, "CSV of these 2 rows")
    rows = list(csv.DictReader(io.StringIO(Path(csv_file.path()).read_text(encoding="utf-8-sig"))))
    assert sorted(r["cmd_code"] for r in rows) == ["8703", "8704"]
    context.close()


def test_a_products_series_follows_the_code_typed(browser, server):
    context, page = new_page(browser, {"width": 1440, "height": 1600})
    page.goto(f"{server}/products")
    expect(page.get_by_text("HS 84 Machinery and mechanical appliances: each year")).to_be_visible(timeout=30_000)
    series = page.locator(CHART).nth(1)
    series.locator("svg.marks").wait_for(state="visible", timeout=30_000)
    assert series.locator("g.mark-symbol.role-mark path").count() == 4   # 2023 and 2024, each side
    box = page.get_by_label("Series of HS code (blank: the largest)")
    box.fill("8703")
    box.press("Enter")
    expect(page.get_by_text("HS 8703: 1 annual figure from 1 reporting side")).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert "product=8703" in page.url
    assert page.locator(CHART).nth(1).locator("g.mark-symbol.role-mark path").count() == 1
    context.close()


def test_the_shared_dataset_in_chromium(browser, s3_server, tmp_path):
    context, page = new_page(browser, {"width": 1440, "height": 1200})
    page.goto(f"{s3_server}/products?partner=USA")
    expect(page.get_by_text("AZE's imports from USA, 2024: largest products")).to_be_visible(timeout=30_000)
    page.locator(CHART).first.locator("svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    assert page.locator(CHART).first.locator("g.mark-rect path").count() == 1
    expect(page.get_by_text("USA reports no exports of these products in 2024", exact=False)).to_be_visible()
    page.screenshot(path=tmp_path / "products-s3.png", full_page=True)
    page.goto(f"{s3_server}/review")
    expect(page.get_by_text("This dashboard serves the shared dataset at s3://…@shared/tradeviz/data",
                            exact=False)).to_be_visible(timeout=30_000)
    page.goto(f"{s3_server}/trade")
    page.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    context.close()


def test_a_presentation_permalink_reopens_the_charts_alone(browser, server, tmp_path):
    context, page = new_page(browser, {"width": 1920, "height": 1080})
    page.goto(f"{server}/products?level=4&present=1")
    page.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    # The view prepared (HS headings: 8703 and 8704), without Streamlit's chrome or the filters.
    assert page.locator(CHART).first.locator("g.mark-rect path").count() == 2
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    assert page.get_by_text("HS headings (4 digits)", exact=True).count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    expect(page.get_by_text("Source: UN Comtrade, imported from annual.csv, monthly.json.").first).to_be_visible()
    page.screenshot(path=tmp_path / "products-present.png")
    page.keyboard.press("Escape")
    expect(page.get_by_text("What is traded", exact=True)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert "present" not in page.url and "level=4" in page.url
    context.close()


def test_all_goods_beside_the_national_figures(browser, totals_server, tmp_path):
    """The TOTAL level: both sides' Comtrade totals as lines, the national figures as diamonds
    with their ranges, one unit on the axis, the table and the count of verdicts; the CSV keeps
    raw USD."""
    context, page = new_page(browser, {"width": 1440, "height": 1400})
    page.goto(f"{totals_server}/products")
    page.get_by_text("All goods (TOTAL)", exact=True).click()
    expect(page.get_by_text("AZE's imports from CHN, all goods: each year")).to_be_visible(timeout=30_000)
    chart = page.locator(CHART).first
    chart.locator("svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    assert "level=0" in page.url
    assert page.locator(CHART).count() == 1                   # no product series under all goods
    assert chart.locator("g.mark-line path").count() == 2      # AZE's line and CHN's (one point)
    # 3 totals and 3 national figures, each with its range (the 4th, flagged, is in the table only).
    assert chart.locator("g.mark-symbol.role-mark path").count() == 3 + 3
    assert chart.locator("g.mark-rule.role-mark line").count() == 3
    assert "USD million" in chart.locator("svg text").all_text_contents()
    expect(page.get_by_text("4 national figures of the same flow, side and period beside them: 2 consistent, "
                            "1 inconsistent, 1 cannot tell", exact=False)).to_be_visible()
    page.screenshot(path=tmp_path / "products-total.png", full_page=True)
    csv_file = download(page, "CSV of these 4 rows")
    rows = list(csv.DictReader(io.StringIO(Path(csv_file.path()).read_text(encoding="utf-8-sig"))))
    assert [(r["year"], r["comtrade_reporter"], r["comtrade_usd"], r["verdict"]) for r in rows] == [
        ("2021", "AZE", "1100000000", "consistent"), ("2022", "AZE", "1250000000", "consistent"),
        ("2022", "AZE", "1250000000", "cannot tell"), ("2022", "CHN", "1300000000", "inconsistent")]
    context.close()
