"""End-to-end: Chromium against a real server. Screenshots land in each test's tmp dir."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import ROOT, streamlit_server, wait_until_idle
from tradeviz import metrics, store, words
from tradeviz.views import sourced, trade_rows

CHART = '[data-testid="stVegaLiteChart"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_overview_renders_chart_and_sourced_headlines(server, page, tmp_path):
    page.goto(server)
    page.locator(f"{CHART} svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    dataset = store.load(ROOT / "data")
    trade = sourced(trade_rows(dataset), dataset)
    latest = metrics.latest_preferred(trade, "turnover", kind="annual")
    expect(page.get_by_text(f"Trade turnover, {latest['period_label']}")).to_be_visible()
    expect(
        page.get_by_text(words.value_text(latest["value"], latest["unit"], latest["qualifier"]), exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name=latest["source_title"]).first).to_be_visible()
    # One point per annual turnover claim is drawn.
    assert page.locator(f"{CHART} g.mark-symbol path").count() >= 10
    page.screenshot(path=tmp_path / "overview.png")
