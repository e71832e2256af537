"""AppTest of the Articles page: search, open, deep links into a sentence, filters, escaping."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hostile import EVENT_SENTENCE, FIGURE_SENTENCE, TITLE, hostile_data
from marks import marks_of
from shown import plain, plains
from tradeviz import store

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "articles.py")


@pytest.fixture
def app(fixture_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    return AppTest.from_file(PAGE, default_timeout=60)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    return hostile_data(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture
def hostile_app(hostile_folder, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(hostile_folder))
    return AppTest.from_file(PAGE, default_timeout=60)


def bodies(at) -> list[str]:
    return [element.value for element in at.html]


def cards(at) -> list[str]:
    return [b for b in bodies(at) if b.startswith('<div class="tv-card">')]


def reader_body(at) -> str | None:
    return next((b for b in bodies(at) if b.startswith('<article class="tv-reader">')), None)


def side_panel(at) -> str | None:
    return next((b for b in bodies(at) if b.startswith('<ol class="tv-facts">')), None)


def test_list_by_default(app):
    at = app.run()
    assert not at.exception and not at.warning
    assert plain(at.subheader[0].value) == "1 article: all articles"
    assert len(cards(at)) == 1 and "Fixture article on Baku and Beijing" in cards(at)[0]
    assert reader_body(at) is None
    assert at.download_button[0].label == "CSV of these 1 articles"
    assert at.caption[-1].value.startswith("Data version ")


def test_search_shows_snippets_and_writes_the_url(app):
    at = app.run()
    at.text_input(key="articles:q").set_value("trade grew").run()
    assert at.query_params["q"] == "trade grew"
    assert plain(at.subheader[0].value) == "1 article: articles mentioning “trade grew”"
    card = cards(at)[0]
    assert card.count("<mark>") == 1
    assert "while imports exceeded $80 million. <mark>Trade grew</mark> by more than 20% in one year.</p>" in card


def test_search_without_match_explains(app):
    at = app.run()
    at.text_input(key="articles:q").set_value("pipeline").run()
    assert at.subheader[0].value == "No article matches"
    assert plain(at.info[0].value).startswith("No article matches the search and filters")
    assert not at.download_button


def test_search_and_open_an_article(app):
    at = app.run()
    at.text_input(key="articles:q").set_value("tourism office").run()
    at.button(key="open-fx-article").click().run()
    assert not at.exception
    assert at.query_params["article"] == "fx-article"
    body = reader_body(at)
    assert '<h1 class="tv-title">Fixture article on Baku and Beijing</h1>' in body
    assert '<mark class="tv-hit">tourism office</mark>' in body
    assert body.count("<p>") == 3  # every paragraph of the article
    assert marks_of(body).text["f08"] == "Between January and July, trade reached $84 million, 20% more than a year earlier."
    assert side_panel(at).count("<li") == 7
    assert [b.label for b in at.download_button if b.label.startswith("CSV")] == [
        "CSV of these 1 articles", "CSV of these 7 facts"]
    # Back to the list.
    at.button(key="back").click().run()
    assert reader_body(at) is None and "article" not in at.query_params


def test_deep_link_to_a_figure_sentence(app):
    app.query_params["article"] = "fx-article"
    app.query_params["record"] = "f08"
    at = app.run()
    assert not at.exception and not at.warning
    marks = marks_of(reader_body(at))
    assert marks.classes["f08"] == "tv-fact tv-focus"
    assert marks.classes["f09"] == "tv-fact"
    assert "/trade?record=f08" in marks.hrefs
    assert '<li class="tv-item tv-focus-item"><span class="tv-num">3</span>' in side_panel(at)
    assert at.selectbox(key="articles:record").value == "f08"
    assert any("getElementById('fact-f08')" in b for b in bodies(at))
    assert at.query_params["article"] == "fx-article" and at.query_params["record"] == "f08"


def test_deep_link_to_a_milestone_opens_its_article(app):
    app.query_params["record"] = "m05"
    at = app.run()
    assert at.selectbox(key="articles:article").value == "fx-article"
    marks = marks_of(reader_body(at))
    assert marks.classes["m05"] == "tv-fact tv-focus"
    assert "/timeline?milestone=m05" in marks.hrefs
    # The URL now names the article too, so the permalink is complete.
    assert at.query_params["article"] == "fx-article"


def test_focus_selector_moves_the_highlight(app):
    app.query_params["article"] = "fx-article"
    at = app.run()
    at.selectbox(key="articles:record").set_value("f12").run()
    assert at.query_params["record"] == "f12"
    assert marks_of(reader_body(at)).classes["f12"] == "tv-fact tv-focus"


def test_choosing_another_article_clears_the_focus(app):
    app.query_params["record"] = "f08"
    at = app.run()
    at.selectbox(key="articles:article").set_value("").run()
    assert reader_body(at) is None
    assert "record" not in at.query_params and "article" not in at.query_params


@pytest.mark.parametrize(("params", "warnings"), [
    ({"record": "f01"}, ["Ignored ?record=f01: no figure or event from an article has this id"]),
    ({"article": "nope"}, ["Ignored ?article=nope: expected one of , fx-article"]),
    ({"area": "space"}, ["Ignored ?area=space: expected one of , tourism_culture, trade, transport"]),
    ({"published_from": "2020-01-01"},
     ["Ignored ?published_from=2020-01-01: expected a date (YYYY-MM-DD) from 2025-08-31 to 2025-08-31"]),
])
def test_bad_links_warn_and_the_page_still_renders(app, params, warnings):
    for key, value in params.items():
        app.query_params[key] = value
    at = app.run()
    assert not at.exception
    assert plains(at.warning) == warnings
    assert len(cards(at)) == 1


def test_area_filter(app):
    app.query_params["area"] = "transport"
    at = app.run()
    assert at.subheader[0].value == "No article matches"
    at.selectbox(key="articles:area").set_value("tourism_culture").run()
    assert at.subheader[0].value == "1 article\\: all articles, Tourism \\& culture"  # Markdown source, escaped
    assert at.query_params["area"] == "tourism_culture"


def test_permalink_holds_the_view(app):
    app.query_params["record"] = "f09"
    app.query_params["q"] = "exports"
    at = app.run()
    assert not at.code  # the link box is built only when opened
    at.session_state["articles:link-box"] = True
    at.run()
    link = at.code[0].value
    assert link.startswith("/articles?q=exports&article=fx-article&record=f09&v=")


# ---- escaping: an article full of markup shows as text ---------------------------------------


def test_hostile_article_shows_markup_as_text(hostile_app):
    hostile_app.query_params["record"] = "h01"
    at = hostile_app.run()
    assert not at.exception
    body = reader_body(at)
    marks = marks_of(body)
    # Only our own tags reach the page: no <script>, <b>, <i>, <img> or a link to the data's address.
    assert marks.tags <= {"article", "h1", "div", "p", "span", "mark", "a"}
    assert all(href.startswith(("/trade?", "/timeline?")) for href in marks.hrefs)
    assert "javascript:" not in "".join(marks.hrefs)
    # ...and the article's markup is there as text, character for character.
    assert marks.text["h01"] == FIGURE_SENTENCE
    assert marks.text["h02"] == EVENT_SENTENCE
    assert TITLE in marks.all_text
    assert "Then `code`, $x^2$, :smile:, ~~strike~~, | a | b |, <img src=x onerror=alert(3)> and &amp; stay text." in marks.all_text
    assert "# Not a heading" in marks.all_text
    assert "<img src=x onerror=alert(1)>, # Editor" in marks.all_text
    for html_body in bodies(at):
        if "getElementById" not in html_body:  # the page's own scroll script
            assert "<script" not in html_body and "<b>" not in html_body and "<img" not in html_body
    panel = marks_of(side_panel(at))
    assert "Transport, 2024: <i>Corridor</i> **opens**" in panel.all_text
    assert panel.tags <= {"ol", "li", "span", "br", "a"}


def test_hostile_search_text_and_titles_stay_inert(hostile_app):
    hostile_app.query_params["q"] = "**$9 million**"
    at = hostile_app.run()
    assert not at.exception
    # The heading is Markdown, so the search text in it arrives escaped.
    assert at.subheader[0].value == "1 article\\: articles mentioning “\\*\\*\\$9 million\\*\\*”"
    card = marks_of(cards(at)[0])
    assert card.tags <= {"div", "p", "mark"}
    assert TITLE in card.all_text
    # The match inside the article's Markdown-looking text is marked as plain text.
    assert "<mark>**$9 million**</mark>" in cards(at)[0]
