"""Trade page in Chromium against a real server on the bundled data."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from browser import download, new_page, streamlit_server, wait_until_idle

CHART = '[data-testid="stVegaLiteChart"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


def open_trade(page, url):
    page.goto(url)
    page.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def shown_count(page) -> int:
    text = page.get_by_text(re.compile(r"^\d+ figures shown")).inner_text()
    return int(text.split()[0])


def test_first_request_permalink_gets_navigation_and_filters(browser, server, tmp_path):
    # The module's server has served nothing yet: this is the first request it sees.
    context, page = new_page(browser)
    open_trade(page, f"{server}/trade?flow=exports&flow=imports")
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert [link.split()[-1] for link in links][:2] == ["Overview", "Trade"]
    expect(page.get_by_role("heading", name=re.compile("^exports to China and imports from China", re.IGNORECASE))).to_be_visible()
    page.screenshot(path=tmp_path / "trade-permalink.png")
    context.close()


def test_filter_changes_chart_and_table_and_csv_matches(browser, server, tmp_path):
    context, page = new_page(browser)
    open_trade(page, f"{server}/trade")
    before = shown_count(page)
    points_before = page.locator(f"{CHART} g.mark-symbol path").count()
    # No flow chosen means every flow; choosing exports and imports leaves turnover out.
    for option in ("Exports to China", "Imports from China"):
        page.get_by_role("button", name=option, exact=True).click()
        wait_until_idle(page)
    after = shown_count(page)
    assert 0 < after < before
    assert page.locator(f"{CHART} g.mark-symbol path").count() < points_before
    assert "flow=exports" in page.url and "flow=imports" in page.url and "flow=turnover" not in page.url

    page.get_by_role("tab", name="Table and CSV").click()
    wait_until_idle(page)
    csv_download = download(page, re.compile(r"^CSV of these \d+ rows"))
    assert csv_download.suggested_filename.startswith("tradeviz-trade-exports-to-china-and-imports-from-china")
    rows = list(csv.DictReader(io.StringIO(open(csv_download.path(), encoding="utf-8").read())))
    assert len(rows) == after
    assert {r["flow"] for r in rows} <= {"exports", "imports"}
    assert all(r["source_title"] for r in rows)

    # The same URL in a fresh browser context restores the same view.
    url = page.url
    context.close()
    context, page = new_page(browser)
    open_trade(page, url)
    assert shown_count(page) == after
    page.screenshot(path=tmp_path / "trade-restored.png")
    context.close()


def test_click_point_shows_source_and_images_download(browser, server, tmp_path):
    context, page = new_page(browser)
    open_trade(page, f"{server}/trade?flow=exports")
    page.locator(f"{CHART} g.mark-symbol path").first.click(force=True)
    wait_until_idle(page)
    expect(page.get_by_text(re.compile("^Source: ")).first).to_be_visible()
    assert "record=" in page.url

    png = download(page, "Chart as PNG")
    assert open(png.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    svg = download(page, "Chart as SVG")
    root = ET.parse(svg.path()).getroot()
    assert root.tag.endswith("svg")
    page.screenshot(path=tmp_path / "trade-selected.png")
    context.close()
