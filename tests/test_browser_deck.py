"""A briefing deck presented in Chromium at 1920×1080: one slide per screen without Streamlit's
chrome, moved through with the keys a presenter uses; every slide is photographed."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser import new_page, streamlit_server, wait_until_idle

SHOTS = os.environ.get("TRADEVIZ_SHOTS", "")
DECK = ["overview", "trade?flow=turnover", "trade?years_from=2016&tab=mirror", "timeline?years_from=2015",
        "timeline?years_from=2015&story=1&milestone=seed2-2025-08-31-tianjin-meeting"]
TITLES = ["Azerbaijan–China relations at a glance", "Turnover, 2017–2026, full years", "Mirror statistics, 2016–2026",
          "All milestones, 2015–2026", "Aliyev and Xi meet in Tianjin ahead of the SCO summit"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


def shot(page, tmp_path, name: str) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / name)


def on_slide(page, number: int, of: int = len(DECK), title: str = "") -> None:
    """Wait until slide `number` of `of` is shown, with its title (of DECK's, unless given) and,
    if it has one, its chart drawn."""
    expect(page.get_by_text(f"{number} / {of}", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=title or TITLES[number - 1], exact=True)).to_be_visible()
    page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def smallest_chart_text(page) -> float:
    return page.evaluate("""() => Math.min(...Array.from(
        document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text'))
        .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize)))""")


def test_a_deck_of_five_views_moves_with_the_keyboard(browser, server, tmp_path):
    context, page = new_page(browser, viewport={"width": 1920, "height": 1080})
    query = "&".join("s=" + quote(link, safe="") for link in DECK)
    page.goto(f"{server}/deck?present=1&{query}")
    on_slide(page, 1)
    # No sidebar, no Streamlit header or toolbar, no filters: the slide alone.
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    expect(page.get_by_text("$4.87 bn", exact=True)).to_be_visible()
    # Type that reads from the back of a room: nothing on the chart under 18 px at 1080p.
    assert smallest_chart_text(page) >= 18
    shot(page, tmp_path, "deck-slide-1.png")
    page.wait_for_timeout(500)  # the keyboard shortcuts register once the buttons have mounted

    for key, number in (("ArrowRight", 2), ("PageDown", 3), ("ArrowRight", 4), ("Space", 5)):
        page.keyboard.press(key)
        on_slide(page, number)
        expect(page).to_have_url(re.compile(rf"[?&]at={number}(&|$)"))
        assert smallest_chart_text(page) >= 18
        shot(page, tmp_path, f"deck-slide-{number}.png")
    # The story slide carries the event's date, its source sentence and the link to the reader.
    expect(page.get_by_text(re.compile(r"^31 August 2025 · Kind: meeting"))).to_be_visible()
    expect(page.get_by_role("link", name="Read it in the article")).to_be_visible()

    page.keyboard.press("ArrowLeft")
    on_slide(page, 4)
    page.keyboard.press("PageUp")
    on_slide(page, 3)
    # A reload keeps the deck and the slide (both live in the address).
    page.reload()
    on_slide(page, 3)
    page.wait_for_timeout(500)
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="Briefing deck")).to_be_visible(timeout=30_000)
    expect(page).not_to_have_url(re.compile("present=1"))
    expect(page.get_by_text("5. Aliyev and Xi meet in Tianjin ahead of the SCO summit")).to_be_visible()
    context.close()


def test_add_a_view_to_the_deck_from_its_page(browser, server):
    context, page = new_page(browser)
    page.goto(f"{server}/trade?flow=exports&years_from=2016")
    page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    page.get_by_role("button", name="Add this view to the briefing deck").click()
    wait_until_idle(page)
    # The default deck's seven slides and this view.
    page.get_by_role("link", name="Open the briefing deck (8 slides)").click()
    expect(page.get_by_text("8. Exports to China, 2016–2026, full years")).to_be_visible(timeout=30_000)
    assert page.url.endswith("/deck") or "s=trade%3Fflow%3Dexports" in page.url
    context.close()


def test_a_presented_slide_has_no_chart_action_menu(browser, server):
    """Streamlit's chart toolbar (table, download, full screen) shows on a page's chart when the
    pointer is over it, never on a presented slide."""
    context, page = new_page(browser, viewport={"width": 1920, "height": 1080})
    toolbar = page.locator('[data-testid="stElementToolbar"]')
    page.goto(f"{server}/trade?flow=turnover")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)
    chart.hover()
    expect(toolbar.first).to_be_visible()
    page.goto(f"{server}/deck?present=1&at=2")
    on_slide(page, 2, of=7, title="Turnover, 2017–2026, full years")
    page.locator('[data-testid="stVegaLiteChart"]').first.hover()
    page.wait_for_timeout(500)
    assert toolbar.count() == 0 or not any(toolbar.nth(i).is_visible() for i in range(toolbar.count()))
    context.close()
