"""One search across everything (tradeviz.search, views.search, pages/search.py)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shown import plain
from tradeviz import search, store, ui
from tradeviz.views import search as view

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "search.py")


@pytest.fixture(scope="module")
def bundled():
    return store.load(ROOT / "data")


def test_fts_query_quotes_every_word_as_a_prefix():
    assert search.fts_query("first visit") == '"first"* AND "visit"*'
    assert search.fts_query("Middle-Corridor", "OR") == '"Middle"* OR "Corridor"*'
    # FTS5 syntax typed by a user is only words here.
    assert search.fts_query('NEAR("a" b) OR *') == '"NEAR"* AND "a"* AND "b"* AND "OR"*'
    assert search.fts_query(" ,.; ") is None


def test_documents_cover_every_table(fixture_dataset):
    documents = search.documents(fixture_dataset)
    kinds = {d.kind for d in documents}
    assert kinds == set(search.KINDS)
    # One per row, and one per paragraph of each article (the fixture article has 3 paragraphs).
    counts = {kind: sum(d.kind == kind for d in documents) for kind in kinds}
    assert counts == {"milestone": 7, "figure": 13, "indicator": 1, "source": 3, "policy_area": 3, "article": 3}


def test_words_in_any_order_stems_and_prefixes(fixture_dataset):
    index = search.index(fixture_dataset)
    first = [(h.kind, h.record_id) for h in index.search("visit first")]
    assert first[0] == ("milestone", "m01")              # "First official visit": both words, in its title
    assert ("article", "fx-article#1") in first          # "The first visit took place in 1994."
    assert index.search("visits")[0].record_id == "m01"  # stemmed
    assert index.search("corrid")[0].kind == "policy_area"  # a prefix: Transport & Middle Corridor
    assert index.search("zzzz") == []
    assert {h.kind for h in index.search("first", kinds=("article",))} == {"article"}


def test_the_index_is_built_once_per_dataset(fixture_dataset):
    assert search.index(fixture_dataset) is search.index(fixture_dataset)


@pytest.mark.parametrize(("words", "expected"), [
    ("first visit", {("milestone", "r1994-03-heydar-aliyev-visit"), ("source", "newsaz-first-train-2026"),
                     ("policy_area", "tourism_culture")}),
    ("Middle Corridor", {("policy_area", "transport"), ("milestone", "seed2-middle-corridor-access"),
                         ("indicator", "i2024-block-trains-received"), ("source", "newsaz-daily-trains")}),
    ("visa", {("milestone", "seed1-visa-free"), ("milestone", "r2016-simplified-visas"),
              ("source", "newsaz-visa-free-2024"), ("policy_area", "tourism_culture")}),
    ("SCO", {("milestone", "r2025-09-01-sco-partner-status"), ("policy_area", "sco_security"),
             ("source", "report-sco-dialogue-partner"), ("article", "seed-2025-08-31#5")}),
])
def test_searches_of_the_bundled_data_reach_three_kinds_of_record(bundled, words, expected):
    hits = search.index(bundled).search(words)
    found = {(h.kind, h.record_id) for h in hits}
    assert expected <= found
    assert len({h.kind for h in hits}) >= 3


def test_search_page_keeps_its_words_in_the_url_and_links_each_hit(fixture_data, monkeypatch):
    monkeypatch.setenv(ui.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert at.info[0].value.startswith("Type words")
    at.text_input(key="search:q").input("first visit").run()
    assert at.query_params["q"] == "first visit"
    # Both words: m01 ("First official visit") and the article's first paragraph; then one word:
    # m06 ("Working visit…") and m07 ("First block train…").
    assert plain(at.caption[1].value) == "4 hits (article passage and milestone)"
    assert [plain(m.value).split("](")[0] for m in at.markdown] == [
        "[Milestone: First official visit", "[Article passage: Fixture article on Baku and Beijing",
        "[Milestone: Working visit across New Year", "[Milestone: First block train arrives"]
    assert plain(at.markdown[0].value) == "[Milestone: First official visit](/timeline?milestone=m01)"
    at.button_group(key="search:kind").set_value(["article"]).run()
    assert [plain(m.value) for m in at.markdown] == ["[Article passage: Fixture article on Baku and Beijing]"
                                                     "(/articles?article=fx-article)"]
    at.text_input(key="search:q").input("zzzz").run()
    assert "Nothing matches" in plain(at.info[0].value)


def test_view_counts_and_kinds(fixture_dataset):
    shown = view.select(fixture_dataset, {"q": "visit", "kind": ()})
    assert shown.count_text.startswith(f"{len(shown.results)} hit")
    assert view.select(fixture_dataset, {"q": " ", "kind": ()}).results == ()


def test_overview_search_box_opens_the_search(fixture_data, monkeypatch):
    monkeypatch.setenv(ui.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    at.text_input(key="overview-search-words").input("visa")
    at.button(key="FormSubmitter:overview-search-Search").click().run()
    assert not at.exception
    # Run on its own, the page cannot switch pages: it links to the search instead.
    assert any("/search?q=visa" in m.value for m in at.markdown)
