"""The Products view in Chromium against a real server on fixture Comtrade files: the chart is
drawn, a filter changes what is shown, the CSV holds the rows shown."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import download, new_page, streamlit_server, wait_until_idle
from products_data import products_data
from tradeviz import ui

CHART = '[data-testid="stVegaLiteChart"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = products_data(tmp_path_factory.mktemp("products") / "data")
    with streamlit_server(tmp_path_factory.mktemp("server"), env={ui.DATA_ENV: str(folder)}) as base:
        yield base


def test_products_chart_filter_and_csv(browser, server, tmp_path):
    context, page = new_page(browser, {"width": 1440, "height": 1200})
    page.goto(f"{server}/products?years_from=2023")
    page.locator(f"{CHART} svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    expect(page.get_by_text("AZE's imports from CHN, 2024: largest products")).to_be_visible()
    assert page.locator(f"{CHART} g.mark-rect path").count() == 3   # chapters 84, 85, 87
    page.screenshot(path=tmp_path / "products.png", full_page=True)

    page.get_by_text("HS headings (4 digits)", exact=True).click()
    expect(page.get_by_text("2 products;", exact=False)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert "level=4" in page.url
    csv_file = download(page, "CSV of these 2 rows")
    rows = list(csv.DictReader(io.StringIO(Path(csv_file.path()).read_text(encoding="utf-8-sig"))))
    assert sorted(r["cmd_code"] for r in rows) == ["8703", "8704"]
    context.close()
