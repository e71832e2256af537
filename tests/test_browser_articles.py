"""Articles page in Chromium against a real server on the fixture plus the hostile article."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from browser import streamlit_server, wait_until_idle
from hostile import EVENT_SENTENCE, FIGURE_SENTENCE, hostile_data
from tradeviz import store

READER = "article.tv-reader"
F08 = "Between January and July, trade reached $84 million, 20% more than a year earlier."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = hostile_data(tmp_path_factory.mktemp("data") / "data")
    with streamlit_server(tmp_path_factory.mktemp("server"), env={store.DATA_ENV: str(data)}) as base:
        yield base


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return context, page, dialogs


def open_url(page, url, ready):
    page.goto(url)
    page.locator(ready).first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def download_csv(page, name) -> tuple[str, list[dict]]:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    content = open(info.value.path(), encoding="utf-8-sig").read()
    return info.value.suggested_filename, list(csv.DictReader(io.StringIO(content)))


def test_deep_link_highlights_the_sentence_and_links_to_the_record(browser, server, tmp_path):
    context, page, dialogs = new_page(browser)
    open_url(page, f"{server}/articles?article=fx-article&record=f08", READER)
    focused = page.locator(f"{READER} mark.tv-focus")
    expect(focused).to_have_count(1)
    expect(focused).to_have_text(F08)
    expect(focused).to_be_in_viewport()
    # Seven facts in the text, each a highlight followed by a link; f09 and f10 share one sentence.
    expect(page.locator(f"{READER} mark.tv-fact")).to_have_count(6)
    expect(page.locator(f"{READER} a.tv-ref")).to_have_count(7)
    expect(page.locator("ol.tv-facts li.tv-focus-item")).to_contain_text("Trade turnover: $84.0 m, +20% · 2025 Jan–Jul")
    page.screenshot(path=tmp_path / "articles-deep-link.png")

    page.locator(f"{READER} a.tv-ref-focus").click()
    page.wait_for_url(re.compile(r"/trade\?record=f08"))
    expect(page.get_by_text(F08, exact=True)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    page.screenshot(path=tmp_path / "trade-from-article.png")
    assert dialogs == []
    context.close()


def test_milestone_link_opens_the_timeline_at_it(browser, server):
    context, page, _ = new_page(browser)
    open_url(page, f"{server}/articles?record=m01", READER)
    assert "article=fx-article" in page.url  # the page named the article in the URL
    link = page.locator(f"{READER} a.tv-ref", has_text="First official visit")
    expect(link).to_have_attribute("href", "/timeline?milestone=m01")
    link.click()
    page.wait_for_url(re.compile(r"/timeline\?(.*&)?milestone=m01"))
    expect(page.get_by_role("heading", name=re.compile("^Timeline"))).to_be_visible(timeout=30_000)
    context.close()


def test_search_open_csv_and_permalink_restore(browser, server, tmp_path):
    context, page, _ = new_page(browser)
    open_url(page, f"{server}/articles", "div.tv-card")
    expect(page.locator("div.tv-card")).to_have_count(2)
    search = page.get_by_role("textbox", name="Search titles and full text")
    search.fill("exports")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=exports"))
    wait_until_idle(page)
    cards = page.locator("div.tv-card")
    expect(cards).to_have_count(2)  # the fixture article and the hostile one both mention exports
    expect(cards.first.locator("mark").first).to_have_text(re.compile("^exports$", re.I))

    # The CSV holds exactly the articles listed, in the same order.
    name, rows = download_csv(page, "CSV of these 2 articles")
    # The view and the data version the rows come from.
    assert re.fullmatch(r"tradeviz-articles-articles-mentioning-exports-v[0-9a-f]+\.csv", name)
    shown_titles = [t.strip() for t in cards.locator(".tv-card-title").all_inner_texts()]
    assert [r["title"] for r in rows] == shown_titles
    assert [r["article_id"] for r in rows] == ["fx-article", "fx-hostile"]
    assert rows[0]["matches"] == "1" and rows[0]["first_match"].startswith("…")

    page.get_by_role("button", name="Read the article").first.click()
    page.wait_for_url(re.compile(r"article=fx-article"))
    wait_until_idle(page)
    expect(page.locator(f"{READER} mark.tv-hit")).to_have_count(1)
    page.get_by_label("Focus on").click()
    page.get_by_role("option", name=re.compile(r"^5 · Azerbaijan's imports")).click()
    page.wait_for_url(re.compile(r"record=f10"))
    wait_until_idle(page)
    expect(page.locator(f"{READER} mark.tv-focus")).to_have_count(1)

    # The facts CSV is the side panel's list.
    _, facts = download_csv(page, "CSV of these 7 facts")
    panel = page.locator("ol.tv-facts li")
    assert len(facts) == panel.count() == 7
    # (The kind is shown in capitals by CSS, so compare without case.)
    assert [f"{r['number']} {r['kind']} {r['extracted']}".lower() for r in facts] == [
        " ".join(t.split("\n")[0].split()).lower() for t in panel.all_inner_texts()]
    assert facts[4]["link"] == "/trade?record=f10"

    # The same URL in a new browser context restores search, article and focus.
    url = page.url
    context.close()
    context, page, _ = new_page(browser)
    open_url(page, url, READER)
    expect(page.get_by_role("textbox", name="Search titles and full text")).to_have_value("exports")
    expect(page.locator(f"{READER} mark.tv-focus")).to_contain_text("imports exceeded $80 million")
    expect(page.locator("ol.tv-facts li.tv-focus-item")).to_contain_text("Azerbaijan's imports from China")
    page.screenshot(path=tmp_path / "articles-restored.png")
    context.close()


def test_hostile_article_shows_its_markup_as_text(browser, server, tmp_path):
    context, page, dialogs = new_page(browser)
    open_url(page, f"{server}/articles?article=fx-hostile&record=h02", READER)
    reader = page.locator(READER)
    expect(reader.locator("mark.tv-focus")).to_have_text(EVENT_SENTENCE)
    expect(reader.locator("mark.tv-fact").nth(1)).to_have_text(FIGURE_SENTENCE)
    expect(reader.locator("h1")).to_have_text("<script>alert('title')</script> **Bold** title & [link](javascript:alert(1))")
    for tag in ("script", "b", "i", "img", "strong", "em", "code", "h2"):
        expect(reader.locator(tag)).to_have_count(0)
    hrefs = reader.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["/timeline?milestone=h02", "/trade?record=h01"]
    page.screenshot(path=tmp_path / "articles-hostile.png")
    assert dialogs == []
    context.close()
