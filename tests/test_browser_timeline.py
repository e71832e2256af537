"""Timeline and Policy areas pages in Chromium against a real server on the fixture data."""

from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import streamlit_server, wait_until_idle
from tradeviz import store

CHART = '[data-testid="stVegaLiteChart"]'
MARKS = f"{CHART} g.mark-symbol.role-mark path"  # not the legend's symbols
# Screenshots go to the test's tmp folder, or to $TRADEVIZ_SHOTS to look at them.
SHOTS = os.environ.get("TRADEVIZ_SHOTS")


@pytest.fixture(scope="module")
def server(tmp_path_factory, fixture_data):
    with streamlit_server(tmp_path_factory.mktemp("server"), env={store.DATA_ENV: str(fixture_data)}) as base:
        yield base


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    return context, context.new_page()


def shot(page, tmp_path, name, element=None) -> Path:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    (element or page).screenshot(path=folder / name)
    return folder / name


def open_timeline(page, url):
    page.goto(url)
    page.get_by_text(re.compile(r"^\d+ statements? about \d+ events? shown")).wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def expect_count(page, count: int) -> None:
    """The count line says `count` (retried: the rerun may not have started yet)."""
    expect(page.get_by_text(re.compile(rf"^{count} statements? about \d+ events? shown"))).to_be_visible()


def download(page, name):
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return info.value


def choose(page, option: str) -> None:
    """Pick a pill: every option shows, so a click on its name chooses it."""
    page.get_by_role("button", name=option, exact=True).click()
    wait_until_idle(page)


def test_click_a_mark_shows_the_milestone(browser, server, tmp_path):
    context, page = new_page(browser)
    open_timeline(page, f"{server}/timeline?area=tourism_culture")
    page.locator(MARKS).first.wait_for(state="attached")
    # Tourism & culture has m01 (1994) and m04 (2025); the first mark drawn is m01.
    assert page.locator(MARKS).count() == 2
    page.locator(MARKS).first.click(force=True)
    wait_until_idle(page)
    expect(page.get_by_text("First official visit · 1994")).to_be_visible()
    expect(page.get_by_text("Only the year is known: drawn across 1994.")).to_be_visible()
    expect(page.get_by_text("The first visit took place in 1994.")).to_be_visible()
    expect(page.get_by_text("Actors: Heydar Aliyev")).to_be_visible()
    link = page.get_by_role("link", name="Read it in the article")
    assert link.get_attribute("href").endswith("articles?article=fx-article&record=m01")
    expect(page).to_have_url(re.compile(r"/timeline\?area=tourism_culture&milestone=m01&v="))
    shot(page, tmp_path, "timeline-clicked.png")
    shot(page, tmp_path, "timeline-chart.png", page.locator(CHART).first)
    context.close()


def test_filters_permalink_restores_the_view_and_csv_is_the_rows_shown(browser, server, tmp_path):
    context, page = new_page(browser)
    open_timeline(page, f"{server}/timeline")
    expect_count(page, 6)
    page.get_by_role("tab", name="Milestones in date order").click()
    wait_until_idle(page)
    choose(page, "Transport & Middle Corridor")
    expect_count(page, 3)
    page.get_by_label("Search titles and summaries").fill("sco")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    expect_count(page, 1)
    expect(page).to_have_url(re.compile(r"/timeline\?area=transport&q=sco&tab=milestones&v="))
    heading = "Milestones in Transport & Middle Corridor, 1994–2025, matching “sco”"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()

    csv_download = download(page, "CSV of these 1 rows")
    assert csv_download.suggested_filename.startswith("tradeviz-timeline-milestones-in-transport-middle-corridor")
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.path()).read_text(encoding="utf-8-sig"))))
    assert [r["milestone_id"] for r in rows] == ["m06"]
    assert rows[0]["date_label"] == "30 December 2022 – 2 January 2023"

    url = page.url
    context.close()
    context, page = new_page(browser)
    open_timeline(page, url)
    expect_count(page, 1)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    # A web-first assertion: the restored run may still be redrawing the input when the count shows.
    expect(page.get_by_label("Search titles and summaries")).to_have_value("sco")
    shot(page, tmp_path, "timeline-restored.png")

    # Clear the search: the CSV holds exactly the three rows now shown, in date order.
    page.get_by_label("Search titles and summaries").fill("")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    expect_count(page, 3)
    rows = list(csv.DictReader(io.StringIO(Path(download(page, "CSV of these 3 rows").path()).read_text("utf-8-sig"))))
    assert [r["milestone_id"] for r in rows] == ["m07", "m06", "m03"]
    context.close()


def test_chart_images_download(browser, server, tmp_path):
    context, page = new_page(browser)
    open_timeline(page, f"{server}/timeline?years_from=2018&trade=1&milestone=m02")
    png = download(page, "Chart as PNG")
    data = Path(png.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # 1920 × 1080, named after the view, its size and the data version.
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1920, 1080)
    assert re.fullmatch(r"tradeviz-timeline-all-milestones-2018-2025-1920x1080-v[0-9a-f]+\.png",
                        png.suggested_filename)
    # The 4:3 image of the same view is named apart (the two had overwritten each other).
    four_three = download(page, "PNG, 4:3")
    assert four_three.suggested_filename == png.suggested_filename.replace("1920x1080", "1440x1080")
    svg = download(page, "Chart as SVG")
    assert svg.suggested_filename == png.suggested_filename.replace(".png", ".svg")
    root = ET.parse(svg.path()).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Azerbaijan–China milestones" in texts and "Summit document" in texts
    folder = Path(SHOTS) if SHOTS else tmp_path
    (folder / "timeline-export.png").write_bytes(data)
    shot(page, tmp_path, "timeline-trade-overlay.png", page.locator(CHART).first)
    context.close()


def test_policy_area_card_opens_the_filtered_timeline(browser, server, tmp_path):
    context, page = new_page(browser)
    page.goto(f"{server}/policy-areas")
    card_link = page.locator('a[href$="timeline?area=transport"]', has_text="Open on the timeline")
    card_link.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    shot(page, tmp_path, "policy-areas.png")
    card_link.click()  # navigates inside the app, in the same tab
    expect(page).to_have_url(re.compile(r"/timeline\?area=transport"))
    page.get_by_text(re.compile(r"^\d+ statements? about \d+ events? shown")).wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    expect_count(page, 3)
    expect(page.get_by_role("heading", name="Milestones in Transport & Middle Corridor, 1994–2025")).to_be_visible()
    context.close()
