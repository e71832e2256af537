"""Trade page in Chromium against a real server on the bundled data."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from playwright.sync_api import expect

from browser import download, new_page, streamlit_server, wait_until_idle
from tradeviz import charts

CHART = '[data-testid="stVegaLiteChart"]'
SERIES_MARKS = f"{CHART} g.{charts.SERIES_MARKS}_marks path"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


def open_trade(page, url):
    page.goto(url)
    page.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def shown_count(page) -> int:
    text = page.get_by_text(re.compile(r"^\d+ figures? in view")).inner_text()
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

    page.get_by_role("tab", name="All figures and CSV").click()
    wait_until_idle(page)
    csv_download = download(page, re.compile(r"^CSV of these \d+ rows"))
    assert re.fullmatch(r"tradeviz-trade-exports-to-china-and-imports-from-china-\d{4}-\d{4}-full-years-v[0-9a-f]+\.csv",
                        csv_download.suggested_filename)
    payload = open(csv_download.path(), "rb").read()
    # The UTF-8 byte-order mark first, so Excel on Windows reads "Jan–Mar" as written.
    assert payload.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"))))
    assert len(rows) == after
    assert {r["flow"] for r in rows} <= {"exports", "imports"}
    assert all(r["source_title"] for r in rows)
    # A spreadsheet library reads numbers as numbers and units in words.
    frame = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig")
    assert frame.columns[0] == "record_id"
    assert frame["value"].dtype == "float64" and frame["value_low"].dtype == "float64"
    assert set(frame["unit_label"]) == {"USD million"}

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


def test_rightmost_annual_turnover_mark_sits_above_its_year(browser, server, tmp_path):
    """Hover the last year's value and read the year on the axis straight below it: they are
    the same year (a figure is drawn at its year, never at the end of its period)."""
    context, page = new_page(browser, viewport={"width": 1440, "height": 900})
    open_trade(page, f"{server}/trade?flow=turnover")
    marks = page.locator(SERIES_MARKS)
    boxes = [marks.nth(i).bounding_box() for i in range(marks.count())]
    assert len(boxes) >= 5
    rightmost = max(range(len(boxes)), key=lambda i: boxes[i]["x"])
    mark = boxes[rightmost]
    mark_x = mark["x"] + mark["width"] / 2
    marks.nth(rightmost).hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    year_shown = re.search(r"Year\s*(\d{4})", tooltip.inner_text()).group(1)
    labels = page.locator(f"{CHART} g.role-axis-label text")
    below = []
    for i in range(labels.count()):
        text = labels.nth(i).text_content()
        box = labels.nth(i).bounding_box()
        if re.fullmatch(r"\d{4}", text or "") and box["y"] > mark["y"]:
            below.append((abs(box["x"] + box["width"] / 2 - mark_x), text))
    distance, axis_year = min(below)
    page.screenshot(path=tmp_path / "trade-hover.png")
    assert axis_year == year_shown == "2025"
    assert distance < 3  # pixels: on the tick, not between two
    context.close()


def test_exported_svg_draws_2024_on_its_tick(browser, server, tmp_path):
    context, page = new_page(browser)
    open_trade(page, f"{server}/trade?flow=turnover")
    root = ET.parse(download(page, "Chart as SVG").path()).getroot()
    group = next(g for g in root.iter(f"{SVG}g") if f"{charts.SERIES_MARKS}_marks" in g.get("class", ""))
    by_year = {re.match(r"year: (\d{4});", p.get("aria-label")).group(1): p for p in group.iter(f"{SVG}path")}

    def x_of(element) -> float:
        return float(re.match(r"translate\(([-\d.]+),", element.get("transform")).group(1))

    ticks = {t.text: x_of(t) for g in root.iter(f"{SVG}g") if "role-axis-label" in g.get("class", "")
             for t in g.iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text or "")}
    # The 2024 mark sits on the 2024 tick: nearer to it than half the way to 2025.
    spacing = ticks["2025"] - ticks["2024"]
    assert spacing > 0
    assert abs(x_of(by_year["2024"]) - ticks["2024"]) < spacing / 4
    assert abs(x_of(by_year["2025"]) - ticks["2025"]) < spacing / 4
    context.close()


RECORD_HISTORY = """
  window.historyCalls = [];
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name].bind(history);
    history[name] = (...args) => { window.historyCalls.push([name, String(args[2])]); return original(...args); };
  }
"""


def test_opening_a_link_makes_one_history_entry_and_back_undoes_a_change(browser, server):
    context, page = new_page(browser)
    page.add_init_script(RECORD_HISTORY)
    page.goto(f"{server}/trade?flow=exports")
    entries = page.evaluate("history.length")
    page.locator(f"{CHART} svg.marks").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    # The page showed the link's view without rewriting the address: still one entry for it.
    assert page.evaluate("window.historyCalls") == []
    assert page.evaluate("history.length") == entries
    page.get_by_role("button", name="Imports from China", exact=True).click()
    wait_until_idle(page)
    calls = page.evaluate("window.historyCalls")
    assert [name for name, _ in calls] == ["pushState"] and "flow=imports" in calls[0][1]
    page.go_back()
    expect(page.get_by_role("heading", name=re.compile("^Exports to China, "))).to_be_visible()
    assert page.url.endswith("/trade?flow=exports")
    context.close()
