"""Every page runs without exception under AppTest, on the bundled data and on the fixture."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shown import plain

from tradeviz import store

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))


def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", PAGES, ids=[p.stem for p in PAGES])


def test_page_runs_on_bundled_data(page, monkeypatch):
    monkeypatch.delenv(store.DATA_ENV, raising=False)
    at = AppTest.from_file(str(page), default_timeout=60).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


# What each page shows of the fixture (tests/fixtures/data/sources), read off its rows by hand.
ON_THE_FIXTURE = {
    "articles": "1 article: all articles",                       # fx-article, the fixture's one article
    "data": "13 of 13 rows",                                     # f01..f13
    "deck": "Trade turnover: $100.0 m in 2020, $180.0 m in 2024.",  # f02 and f06, the drawn ends
    "overview": "Described in 7 statements (the Timeline lists each) from 3 sources.",  # m01..m07
    "policy_areas": "**Latest event:** Visa exemption in force (16 July 2025)",  # m04, Tourism & culture
    "products": "No product-level data is imported yet.",       # the fixture has no products set
    "review": "Nothing to review: add an article with `python -m tradeviz add-article FILE`.",
    "search": "Type words to search every milestone, figure, indicator, article, source and policy area.",
    "timeline": "6 statements about 5 events shown",             # m05 is undated; m02/m03 one summit
    "trade": "6 figures in view.",                               # f01..f06, full years 2019–2024
}


def shown_texts(at: AppTest) -> str:
    return "\n".join(plain(e.value) for kind in ("title", "caption", "markdown", "subheader", "info", "header")
                     for e in getattr(at, kind))


def test_page_runs_on_fixture(page, fixture_data, fixture_dataset, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(str(page), default_timeout=60).run()
    assert not at.exception
    texts = shown_texts(at)
    assert ON_THE_FIXTURE[page.stem] in texts
    # The footer names the fixture's data version: the page read the fixture, not the bundled data.
    assert f"Data version {fixture_dataset.version}" in texts


def test_page_survives_missing_data(page, tmp_path, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(tmp_path))
    at = AppTest.from_file(str(page), default_timeout=60).run()
    assert not at.exception
    assert "file is missing" in at.error[0].value


def test_dashboard_navigation_runs(monkeypatch):
    monkeypatch.delenv(store.DATA_ENV, raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Azerbaijan–China relations at a glance"


def test_overview_headlines_on_fixture(fixture_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    # f06 is the only 2024 annual turnover row: $180.0 m, +20% as its source reports.
    assert [(plain(m.label), plain(m.value)) for m in at.metric] == [
        ("Trade turnover, 2024", "$180.0 m"),
        ("China's partner rank, 2024", "4th"),
        ("Events recorded", "6"),  # 7 statements, m02 and m03 one event
    ]
    # The Timeline counts statements; the caption says how the two numbers relate.
    assert "Described in 7 statements (the Timeline lists each) from 3 sources." in [c.value for c in at.caption]
    assert at.metric[0].proto.delta == "+20% as reported"
    # The customs title looks like a spreadsheet formula; in Markdown it arrives escaped.
    assert at.caption[1].value.startswith("Source: [\\=HYPERLINK")
    chart = at.get("vega_lite_chart")
    assert len(chart) == 1


def test_overview_says_how_many_events_are_still_planned(monkeypatch):
    monkeypatch.delenv(store.DATA_ENV, raising=False)
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    # The 2026 Year of Azerbaijani Tourism is announced, not held; the state visit announced on
    # 22 April 2025 has other statements that it took place, so it counts as an event that did.
    assert any(c.value.endswith("Of these, 1 is still planned at the date of the source that announces it.")
               for c in at.caption)


def test_page_runs_on_values_the_build_would_refuse(page, fixture_data, tmp_path, monkeypatch):
    from bad_values import bad_values_data

    monkeypatch.setenv(store.DATA_ENV, str(bad_values_data(fixture_data, tmp_path / "data")))
    at = AppTest.from_file(str(page), default_timeout=60).run()
    assert not at.exception
    notice = plain(at.warning[0].value)
    assert notice.startswith("Rows that break the dataset's rules are left out of every chart, table and "
                             "computation (8 rows):")
    assert "- data/trade.parquet, row 4, column value: nan is not a finite number" in notice
