"""Data & downloads and Overview pages in Chromium: search, permalink restore, CSV, images."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from browser import ROOT, download, new_page, streamlit_server, wait_until_idle
from tradeviz import export, store

CHART = '[data-testid="stVegaLiteChart"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


def row_count(page) -> int:
    return int(page.get_by_text(re.compile(r"^\d+ of \d+ rows$")).inner_text().split()[0])


def test_data_page_search_survives_reload_and_csv_has_the_rows_shown(browser, server, tmp_path):
    dataset = store.load(ROOT / "data")
    expected = export.search_rows(dataset["milestones"], "Tianjin")
    assert 0 < len(expected) < len(dataset["milestones"])

    context, page = new_page(browser)
    page.goto(f"{server}/data")
    page.get_by_text(re.compile(r"^\d+ of \d+ rows$")).wait_for(timeout=30_000)
    page.get_by_label("Table").click()
    page.get_by_role("option", name="milestones").click()
    wait_until_idle(page)
    search = page.get_by_label("Search the rows (plain text, any column)")
    search.fill("Tianjin")
    search.press("Enter")
    wait_until_idle(page)
    assert row_count(page) == len(expected)
    assert "table=milestones" in page.url and "q=Tianjin" in page.url

    rows = list(csv.DictReader(io.StringIO(
        open(download(page, re.compile(r"^CSV of these \d+ rows")).path(), encoding="utf-8-sig").read())))
    assert sorted(r["milestone_id"] for r in rows) == sorted(expected["milestone_id"])
    page.screenshot(path=tmp_path / "data-search.png")

    url = page.url
    context.close()
    context, page = new_page(browser)
    page.goto(url)
    page.get_by_text(re.compile(r"^\d+ of \d+ rows$")).wait_for(timeout=30_000)
    wait_until_idle(page)
    assert row_count(page) == len(expected)
    expect(page.get_by_label("Search the rows (plain text, any column)")).to_have_value("Tianjin")
    context.close()


def test_overview_chart_downloads_as_png_and_svg(browser, server, tmp_path):
    context, page = new_page(browser)
    page.goto(server)  # the default page answers at the root, not at /overview
    page.locator(f"{CHART} svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    png = download(page, "Chart as PNG")
    assert open(png.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    svg_root = ET.parse(download(page, "Chart as SVG").path()).getroot()
    assert svg_root.tag.endswith("svg")
    # The source line travels inside the image.
    assert "Sources: " in "".join(svg_root.itertext())
    context.close()


def test_coverage_grid_shows_and_its_csv_has_every_cell(browser, server, tmp_path):
    from tradeviz import coverage, metrics

    dataset = store.load(ROOT / "data")
    found = coverage.cells(metrics.preferred(dataset["trade"], dataset["sources"]))
    context, page = new_page(browser, viewport={"width": 1600, "height": 1000})
    page.goto(f"{server}/data")
    heading = page.get_by_text("Coverage: which years have figures")
    heading.wait_for(timeout=30_000)
    wait_until_idle(page)
    heading.scroll_into_view_if_needed()
    summary = coverage.summary(found)
    expect(page.get_by_text(re.compile(
        rf"^Turnover: an annual figure for {summary.annual_count('turnover')} of the 34 years"))).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    grid.screenshot(path=tmp_path / "coverage-grid.png")
    grid.hover()
    page.mouse.wheel(4000, 0)  # to the latest years, where most figures are
    wait_until_idle(page)
    grid.screenshot(path=tmp_path / "coverage-grid-latest.png")
    rows = list(csv.DictReader(io.StringIO(
        open(download(page, re.compile(r"^CSV of the \d+ cells with a figure")).path(), encoding="utf-8-sig").read())))
    assert len(rows) == len(found)
    assert {(r["flow"], r["span"], r["year"], r["claims"]) for r in rows} == {
        (f, s, str(y), str(c)) for f, s, y, c in found[["flow", "span", "year", "claims"]].itertuples(index=False)}
    context.close()
