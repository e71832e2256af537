"""Every page on a phone, 390×844 in Chromium with a phone's user agent: charts use the width,
filters fold away, nothing runs off the screen sideways."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import PHONE, streamlit_server, wait_until_idle
from tradeviz import site

SHOTS = os.environ.get("TRADEVIZ_SHOTS", "")
CHART = '[data-testid="stVegaLiteChart"]'
# The plot's own rectangle: the first background Vega draws inside the chart.
PLOT_WIDTH = f"""() => document.querySelector('{CHART} svg.marks path.background').getBoundingClientRect().width"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.mark.parametrize("page_path", [p.url_path for p in site.PAGES])
def test_every_page_fits_a_phone(phone, server, page_path, tmp_path):
    phone.goto(f"{server}/{page_path}")
    phone.locator("h1").first.wait_for(state="visible", timeout=30_000)
    if phone.locator(CHART).count():
        phone.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(phone)
    # Nothing wider than the screen: no sideways scrolling.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=folder / f"phone-{page_path}.png")


@pytest.mark.parametrize("page_path", ["trade", "timeline"])
def test_the_plot_takes_most_of_a_phone_and_the_filters_fold(phone, server, page_path):
    phone.goto(f"{server}/{page_path}")
    phone.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(phone)
    assert phone.evaluate(PLOT_WIDTH) >= 0.85 * PHONE["width"]
    # The filters are one closed expander: the years slider shows only once it is opened.
    expect(phone.get_by_role("slider").first).to_be_hidden()
    phone.get_by_text("Filters", exact=True).click()
    expect(phone.get_by_role("slider").first).to_be_visible()
