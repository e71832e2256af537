"""In Chromium against a real server: nothing leaves the machine, and no markup from the data or
the URL is interpreted.

Every request to a host other than localhost is aborted and recorded, on every page of the
bundled data and of the hostile fixture (hostile.py: a hostile string in every free-text field);
the test fails on any. On the hostile data no link or image may point outside, and a hostile
string shows as the literal text it is."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from browser import new_page, streamlit_server, wait_until_idle
from hostile import EVIL_HOST, hostile_everywhere
from tradeviz import site, store

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PAGES = [page.url_path if page.url_path != site.DEFAULT else "" for page in site.PAGES]
EXTRA_VIEWS = ["trade?tab=mirror", "trade?periods=partial", "timeline?story=1", "deck?present=1",
               "articles?article=fx-article"]
HOSTILE_NAME = "[Session expired - sign in again](https://evil.invalid/login)"


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data = hostile_everywhere(tmp_path_factory.mktemp("hostile") / "data")
    with streamlit_server(tmp_path_factory.mktemp("server"), env={store.DATA_ENV: str(data)}) as base:
        yield base


def recording_outside_requests(browser):
    context, page = new_page(browser, {"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(route_):
        url = route_.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route_.continue_()
        else:
            outside.append(url)
            route_.abort()

    context.route("**/*", route)
    return context, page, outside


def visit(page, url):
    page.goto(url)
    page.locator('[data-testid="stMain"]').wait_for(timeout=30_000)
    wait_until_idle(page)
    page.wait_for_timeout(500)


def test_no_page_of_the_bundled_data_asks_another_host(browser, bundled_server, tmp_path):
    context, page, outside = recording_outside_requests(browser)
    for path in PAGES + EXTRA_VIEWS[:4]:
        visit(page, f"{bundled_server}/{path}")
        assert outside == [], f"/{path} asked {outside}"
        # Viewers see no Deploy button or developer menu (.streamlit/config.toml).
        expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
    page.screenshot(path=tmp_path / "last-page.png")
    context.close()


def test_a_check_that_can_fail_sees_an_outside_request(browser, bundled_server):
    context, page, outside = recording_outside_requests(browser)
    visit(page, bundled_server)
    page.evaluate("fetch('https://example.invalid/x').catch(() => null)")
    page.wait_for_timeout(500)
    assert outside == ["https://example.invalid/x"]
    context.close()


def test_no_markup_from_data_or_url_is_interpreted(browser, hostile_server, tmp_path):
    context, page, outside = recording_outside_requests(browser)
    query = f"?{quote(HOSTILE_NAME, safe='')}=1&{quote('![i](https://evil.invalid/t.png)', safe='')}=1"
    for path in [f"trade{query}", f"timeline{query}"] + PAGES + EXTRA_VIEWS:
        visit(page, f"{hostile_server}/{path}")
        assert outside == [], f"/{path} asked {outside}"
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert not [href for href in links if urlsplit(href).hostname == EVIL_HOST], f"/{path} links outside"
        images = page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)")
        assert not [src for src in images if urlsplit(src).hostname not in LOCAL_HOSTS | {None}
                    and not src.startswith(("data:", "blob:"))], f"/{path} shows an outside image"
        assert page.locator("img[src*='evil']").count() == 0
        if path == f"trade{query}":
            # The notice shows the parameter's name literally, shortened.
            # (A word joiner, invisible, follows "https": it stops the address becoming a link.)
            notice = re.compile(r"^Ignored \?\[Session expired - sign in again\]\(https\u2060?…=1: unknown parameter$")
            expect(page.get_by_text(notice)).to_be_visible(timeout=20_000)
            page.screenshot(path=tmp_path / "trade-hostile-url.png")
    # On the Overview hostile labels show as the text they are: LaTeX, colour directives and an
    # icon directive literally (a word joiner, invisible, keeps ":material/home:" from being drawn).
    visit(page, hostile_server)
    expect(page.get_by_text("Trade turnover, ZQ5 $\\frac{1}{2}$ and $$x^2$$", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"ZQ6 :red\[red\] :blue-background\[blue\] :material\u2060?/home: :smile:")).first
           ).to_be_visible()
    page.screenshot(path=tmp_path / "overview-hostile.png", full_page=True)
    context.close()


def test_a_query_string_too_large_for_streamlit_gets_a_notice(browser, bundled_server):
    context, page = new_page(browser, {"width": 1400, "height": 1000})
    # (The check is wrapped when a page first runs in the server process: the module fixture's
    # server has run pages by now; the very first request after a start is not covered.)
    visit(page, f"{bundled_server}/trade")
    visit(page, f"{bundled_server}/trade?" + "&".join(f"p{n}=1" for n in range(1001)))
    expect(page.get_by_text(re.compile(r"query string was too large for the server"))).to_be_visible()
    context.close()
