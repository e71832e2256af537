"""The offline briefing pack: the HTML opens in Chromium with the network cut off and shows every
chart and every source; the PDF, turned into page images and text by poppler, says the same."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tradeviz import store
from tradeviz.views import deck, defaults, pack

DATA = Path(__file__).resolve().parents[1] / "data"
ORIGIN = "http://briefing.example:8501"


@pytest.fixture(scope="module")
def built():
    dataset = store.load(DATA)
    shown = deck.select(dataset, defaults(deck.params(dataset)))
    return dataset, shown.slides, deck.sources_of(shown.slides, dataset)


def test_pack_html_is_whole_offline(browser, built, tmp_path):
    dataset, slides, _ = built
    document = pack.html(dataset, slides, ORIGIN, public=True)
    path = tmp_path / "briefing.html"
    path.write_text(document, encoding="utf-8")
    # Nothing to fetch: no script, no stylesheet or image by address.
    assert not re.search(r"<script|<link |<img |@import|url\(http", document, re.I)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched = []

    def cut_off(route):
        fetched.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:).*"), cut_off)
    page.goto(path.as_uri())
    assert fetched == []
    # Every chart drawn, with its marks, inside its slide.
    charts = page.locator("section.slide .chart svg")
    assert charts.count() == sum(1 for s in slides if s.chart is not None) == 6
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        # Across the text width (1016 px); the story strip is one lane, the others taller.
        assert box["width"] > 1000 and box["height"] > 150
        assert charts.nth(i).locator("path, rect, line").count() > 20
    # Every source cited is listed with its address, numbered.
    listed = page.locator("ol.sources li")
    assert listed.count() >= len(built[2]) > 10
    text = page.locator("ol.sources").inner_text()
    for source in built[2]:
        assert source["title"] in text
        if source["url"]:
            assert source["url"] in text
    body = page.locator("body").inner_text()
    assert f"data version {dataset.version}" in body
    assert f"Permalink: {ORIGIN}/trade?flow=turnover" in body
    assert "Aliyev and Xi meet in Tianjin ahead of the SCO summit" in body
    page.screenshot(path=(Path(os.environ["TRADEVIZ_SHOTS"]) if os.environ.get("TRADEVIZ_SHOTS") else tmp_path) / "pack-html.png", full_page=True)
    context.close()


def test_pack_pdf_pages_carry_the_same_text(built, tmp_path):
    dataset, slides, sources = built
    pdf = pack.pdf(dataset, slides, ORIGIN, public=True)
    assert pdf[:5] == b"%PDF-"
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    # A title page, one page per slide, the milestones and the sources.
    assert len(pages) >= len(slides) + 2
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pages)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for slide in slides:
        assert re.sub(r"\s+", " ", slide.title) in flat
    for source in sources:
        assert re.sub(r"\s+", " ", source["title"]) in flat
    assert f"data version {dataset.version}" in flat and "$4.87 bn" in flat


def test_the_deck_page_packs_links_to_the_public_address(browser, tmp_path):
    """Served with TRADEVIZ_PUBLIC_URL, the pack the Deck page gives links there, not to the
    localhost address the browser used; served without it, the page says links are local."""
    from browser import streamlit_server, wait_until_idle
    from pdf_layout import links
    from tradeviz import site

    public = "https://tradeviz.example.org"
    with streamlit_server(tmp_path / "server", env={site.PUBLIC_URL_ENV: public}) as base:
        page = browser.new_page()
        page.goto(f"{base}/deck")
        page.get_by_role("button", name="Briefing pack (PDF)").wait_for(timeout=30_000)
        wait_until_idle(page)
        assert "are local" not in page.locator("body").inner_text()
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Briefing pack (PDF)").click()
        pdf = tmp_path / "pack.pdf"
        info.value.save_as(pdf)
        page.close()
    ours = [link for link in links(pdf) if "/deck" in link or "/trade?" in link or "/timeline?" in link]
    assert ours and all(link.startswith(public) for link in ours)
    assert not any("localhost" in link or "127.0.0.1" in link for link in links(pdf))
