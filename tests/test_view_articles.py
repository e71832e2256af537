"""The Articles view on the fixture: parameters, focus rules, the list, the opened article."""

import datetime as dt

import pandas as pd
import pandas.testing as pdt
import pytest

from tradeviz import reader, state
from tradeviz.views import articles as view
from tradeviz.views import defaults

D = dt.date
BOUNDS = (D(2025, 8, 31), D(2025, 8, 31))
AREA_NAMES = {"trade": "Trade & investment", "transport": "Transport & Middle Corridor",
              "tourism_culture": "Tourism & culture"}


@pytest.fixture(scope="module")
def facts(fixture_dataset):
    return reader.facts(fixture_dataset)


def test_params_round_trip(fixture_dataset, facts):
    params = view.params(fixture_dataset)
    assert [p.key for p in params] == ["q", "area", "published", "article", "record"]
    assert params[2].bounds == BOUNDS
    assert set(params[4].members) == {"m01", "m02", "f08", "f09", "f10", "f12", "m05"}
    query = {"q": ["Trade grew"], "area": ["trade"], "article": ["fx-article"], "record": ["f12"]}
    decoded = state.from_query(params, query)
    assert decoded.notices == []
    assert decoded.state == {"q": "Trade grew", "area": "trade", "published": BOUNDS, "article": "fx-article",
                             "record": "f12"}
    assert state.to_query(params, decoded.state) == query


def test_date_bounds(fixture_dataset):
    assert view.date_bounds(fixture_dataset["articles"]) == BOUNDS
    assert view.date_bounds(fixture_dataset["articles"].iloc[:0]) == (dt.date.today(), dt.date.today())


@pytest.mark.parametrize(("article", "record", "expected"), [
    ("", "", view.Focus("", "")),
    ("fx-article", "", view.Focus("fx-article", "")),
    ("", "f08", view.Focus("fx-article", "f08")),                 # a record alone opens its article
    ("fx-article", "m05", view.Focus("fx-article", "m05")),
    ("fx-other", "f08", view.Focus("fx-other", "", ("Ignored ?record=f08: it comes from the article fx-article, "
                                                    "not fx-other",))),
    ("", "f01", view.Focus("", "", ("Ignored ?record=f01: no figure or event from an article has this id",))),
])
def test_resolve_focus(facts, article, record, expected):
    assert view.resolve_focus(article, record, facts) == expected


def _two_articles(fixture_dataset):
    one = fixture_dataset["articles"]
    other = one.assign(article_id="fx-b", source_id="fx-b", title="Trains and TRADE",
                       published=pd.Timestamp("2024-03-01").as_unit("ms"),
                       policy_areas=[["transport"]], text="Rail links. More trade by rail.")
    return pd.concat([one, other], ignore_index=True)


def test_select_articles_newest_first_without_query(fixture_dataset):
    articles = _two_articles(fixture_dataset)
    result = view.select_articles(articles, "", "", (D(2024, 1, 1), D(2025, 12, 31)))
    expected = pd.DataFrame({
        "article_id": ["fx-article", "fx-b"],
        "title": ["Fixture article on Baku and Beijing", "Trains and TRADE"],
        "published": [D(2025, 8, 31), D(2024, 3, 1)],
        "publisher": [None, None], "author": ["Aysel Məmmədova"] * 2, "author_role": [None, None],
        "policy_areas": [["trade", "tourism_culture"], ["transport"]],
        "reading_minutes": [1, 1], "matches": [0, 0], "first_match": ["", ""],
    }).astype({"publisher": "str", "author_role": "str", "published": object})
    pdt.assert_frame_equal(result, expected)


def test_select_articles_search_counts_title_and_text_matches(fixture_dataset):
    articles = _two_articles(fixture_dataset)
    result = view.select_articles(articles, "trade", "", (D(2024, 1, 1), D(2025, 12, 31)))
    # fx-article: 'trade' in S3 and 'Trade' in S5 = 2; fx-b: 'TRADE' in the title + 'trade' in the text = 2.
    assert result[["article_id", "matches"]].values.tolist() == [["fx-article", 2], ["fx-b", 2]]
    # 60 characters before 'trade' (at 110 in the text) reach back past the paragraph start (84).
    assert result["first_match"].tolist() == [
        "Between January and July, trade reached $84 million, 20% more than a year earlier. Exports…",
        "Rail links. More trade by rail.",
    ]
    assert view.select_articles(articles, "by rail", "", (D(2024, 1, 1), D(2025, 12, 31)))["article_id"].tolist() == ["fx-b"]
    assert view.select_articles(articles, "no such words", "", (D(2024, 1, 1), D(2025, 12, 31))).empty


def test_select_articles_by_area_and_dates(fixture_dataset):
    articles = _two_articles(fixture_dataset)
    wide = (D(2024, 1, 1), D(2025, 12, 31))
    assert view.select_articles(articles, "", "transport", wide)["article_id"].tolist() == ["fx-b"]
    assert view.select_articles(articles, "", "tourism_culture", wide)["article_id"].tolist() == ["fx-article"]
    # Both ends of the date range are inclusive.
    assert view.select_articles(articles, "", "", (D(2024, 3, 1), D(2025, 8, 30)))["article_id"].tolist() == ["fx-b"]
    assert view.select_articles(articles, "", "", (D(2025, 8, 31), D(2025, 8, 31)))["article_id"].tolist() == ["fx-article"]


@pytest.mark.parametrize(("query", "area", "published", "expected"), [
    ("", "", BOUNDS, "all articles"),
    (" trade ", "", BOUNDS, "articles mentioning “trade”"),
    ("", "trade", (D(2025, 8, 1), D(2025, 8, 31)),
     "all articles, Trade & investment, published 2025-08-01 to 2025-08-31"),
])
def test_describe(query, area, published, expected):
    assert view.describe(query, area, published, BOUNDS, AREA_NAMES) == expected



def test_select_opens_the_article_of_a_record(fixture_dataset):
    values = defaults(view.params(fixture_dataset)) | {"record": "f08"}
    shown = view.select(fixture_dataset, values)
    assert shown.focus == view.Focus("fx-article", "f08")
    assert shown.opened.article_id == "fx-article"
    assert shown.opened.picker == ("", "m01", "m02", "f08", "f09", "f10", "f12", "m05")
    assert 'class="tv-fact tv-focus"' in shown.opened.html
    assert shown.opened.download.button_label == "CSV of these 7 facts"
    assert [c.article_id for c in shown.cards] == ["fx-article"]
    assert shown.heading == "1 article: all articles"


def test_select_without_a_match_says_so(fixture_dataset):
    values = defaults(view.params(fixture_dataset)) | {"q": "no such words"}
    shown = view.select(fixture_dataset, values)
    assert shown.shown.empty and shown.download is None and shown.opened is None
    assert shown.heading == "No article matches"
