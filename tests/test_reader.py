"""reader.py on the fixture: facts and where their sentences are, and the HTML of the reader."""

import datetime as dt
import pandas as pd
import pandas.testing as pdt
import pytest

from marks import marks_of
from tradeviz import reader

D = dt.date
BOUNDS = (D(2025, 8, 31), D(2025, 8, 31))
AREA_NAMES = {"trade": "Trade & investment", "transport": "Transport & Middle Corridor",
              "tourism_culture": "Tourism & culture"}
S1 = "The first visit took place in 1994."                                    # 0-35
S2 = "A document was signed at the July 2024 summit."                         # 36-82
S3 = "Between January and July, trade reached $84 million, 20% more than a year earlier."  # 84-166
S4 = "Exports grew 4.5 times to $4 million, while imports exceeded $80 million."          # 167-240
S5 = "Trade grew by more than 20% in one year."                               # 241-281
S6 = "Azerbaijan has opened a tourism office in China."                       # 283-331


@pytest.fixture(scope="module")
def facts(fixture_dataset):
    return reader.facts(fixture_dataset)


@pytest.fixture(scope="module")
def article(fixture_dataset):
    return fixture_dataset["articles"].iloc[0]


def test_facts_are_the_article_rows_in_text_order(facts):
    # Paragraph 1 is S1 + " " + S2 (35 + 1 + 46 = 82 characters), then "\n\n", so paragraph 2
    # starts at 84: S3 is 82 long (84-166), S4 73 (167-240), S5 40 (241-281); S6 starts the third
    # paragraph at 283. f09 and f10 cite the same sentence, so they share its span. m03, m04 and
    # every other trade row come from sources that are not articles.
    expected = pd.DataFrame({
        "number": [1, 2, 3, 4, 5, 6, 7],
        "kind": ["event", "event", "figure", "figure", "figure", "figure", "event"],
        "record_id": ["m01", "m02", "f08", "f09", "f10", "f12", "m05"],
        "article_id": ["fx-article"] * 7,
        "extracted": ["Visit, 1994: First official visit",
                      "Summit, July 2024: Summit document",
                      "Trade turnover: $84.0 m, +20% · 2025 Jan–Jul",
                      "Azerbaijan's exports to China: $4.0 m, 4.5× · 2025 Jan–Jul",
                      "Azerbaijan's imports from China: >$80.0 m · 2025 Jan–Jul",
                      "Trade turnover: >+20% · one year (not stated)",
                      "Institution: Tourism office"],
        "sentence": [S1, S2, S3, S4, S4, S5, S6],
        "found": [True] * 7,
        "start": [0, 36, 84, 167, 167, 241, 283],
        "end": [35, 82, 166, 240, 240, 281, 331],
        "page": ["timeline", "timeline", "trade", "trade", "trade", "trade", "timeline"],
        "param": ["milestone", "milestone", "record", "record", "record", "record", "milestone"],
    })
    pdt.assert_frame_equal(facts.drop(columns="detail"), expected)
    assert facts["detail"].iloc[1] == "Summit, July 2024: Summit document. <script>alert(1)</script> signed at a summit."
    assert facts["detail"].iloc[2] == ("Trade turnover, 2025 Jan–Jul: $84.0 m, +20% (vs same period of 2024); "
                                       "reported by Fixture article")


def test_a_missing_sentence_is_marked_not_found_and_goes_last(fixture_dataset):
    trade = fixture_dataset["trade"].copy()
    trade.loc[trade["record_id"] == "f08", "source_sentence"] = "Trade fell."
    dataset = type(fixture_dataset)({**fixture_dataset.tables, "trade": trade}, fixture_dataset.version)
    result = reader.facts(dataset)
    assert result[["number", "record_id", "found", "start", "end"]].iloc[-1].tolist() == [7, "f08", False, -1, -1]
    assert result["record_id"].tolist()[:6] == ["m01", "m02", "f09", "f10", "f12", "m05"]


def test_fact_url_and_query(facts):
    first, third = facts.iloc[0], facts.iloc[2]
    assert reader.fact_url(first) == "/timeline?milestone=m01"
    assert reader.fact_url(third) == "/trade?record=f08"
    assert reader.fact_query(third) == {"record": ["f08"]}


def test_facts_table(facts):
    result = reader.facts_table(facts.iloc[2:4])
    expected = pd.DataFrame({
        "number": [3, 4], "kind": ["figure", "figure"], "record_id": ["f08", "f09"],
        "extracted": ["Trade turnover: $84.0 m, +20% · 2025 Jan–Jul",
                      "Azerbaijan's exports to China: $4.0 m, 4.5× · 2025 Jan–Jul"],
        "sentence": [S3, S4], "found_in_text": [True, True],
        "link": ["/trade?record=f08", "/trade?record=f09"],
    })
    pdt.assert_frame_equal(result, expected)


def test_meta_line(article):
    assert reader.meta_line(article, AREA_NAMES) == (
        "31 August 2025 · Aysel Məmmədova · Trade & investment, Tourism & culture · 1 min read")
    with_role = article.copy()
    with_role["publisher"], with_role["author_role"] = "Trend", "Editor-in-Chief"
    assert reader.meta_line(with_role, AREA_NAMES).startswith("Trend · 31 August 2025 · Aysel Məmmədova, Editor-in-Chief ·")


def test_card_html_marks_matches_in_title_and_snippets(article):
    result = reader.card_html(article, "baku", AREA_NAMES)
    assert result == (
        '<div class="tv-card"><div class="tv-card-title">Fixture article on <mark>Baku</mark> and Beijing</div>'
        '<div class="tv-meta">31 August 2025 · Aysel Məmmədova · Trade &amp; investment, '
        'Tourism &amp; culture · 1 min read</div></div>')
    snippet = reader.card_html(article, "bold", AREA_NAMES)
    # The snippet around 'Bold' shows the article's own <b> tags as text.
    assert "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; and [a link](javascript:alert(1)) stay text.</p>" in snippet


def test_article_html_marks_each_cited_sentence_and_links_its_records(article, facts):
    result = reader.article_html(article, facts, focus="f10")
    marks = marks_of(result)
    assert marks.text == {"m01": S1, "m02": S2, "f08": S3, "f09": S4, "f10": S4, "f12": S5, "m05": S6}
    assert marks.classes["f10"] == "tv-fact tv-focus" and marks.classes["f08"] == "tv-fact"
    assert marks.hrefs == ["/timeline?milestone=m01", "/timeline?milestone=m02", "/trade?record=f08",
                           "/trade?record=f09", "/trade?record=f10", "/trade?record=f12", "/timeline?milestone=m05"]
    assert result.count("<p>") == 3
    assert '<span class="tv-anchor" id="fact-f09"></span><span class="tv-anchor" id="fact-f10"></span>' in result
    # Uncited text, the article's own markup included, is escaped.
    assert result.endswith("</a> &lt;b&gt;Bold&lt;/b&gt; and [a link](javascript:alert(1)) stay text.</p>")


def test_article_html_exact_output_for_a_small_article():
    small = {"text": "A <b>. B x.\n\nC."}
    facts = pd.DataFrame([{"number": 1, "kind": "figure", "record_id": "r1", "extracted": "<v>", "detail": "d",
                           "sentence": "B x.", "found": True, "start": 7, "end": 11, "page": "trade", "param": "record"}])
    assert reader.article_html(small, facts, query="x") == (
        '<p>A &lt;b&gt;. <span class="tv-anchor" id="fact-r1"></span>'
        '<mark class="tv-fact" data-facts="r1" title="&lt;v&gt;">B <mark class="tv-hit">x</mark>.</mark>'
        '<a class="tv-ref" href="/trade?record=r1" target="_self" title="d"><span class="tv-num">1</span> &lt;v&gt; ↗</a>'
        '</p><p>C.</p>')


def test_overlapping_sentences_each_get_their_whole_text():
    body = {"text": "One two three four."}
    facts = pd.DataFrame([
        {"number": 1, "kind": "figure", "record_id": "a", "extracted": "A", "detail": "A", "sentence": "One two three",
         "found": True, "start": 0, "end": 13, "page": "trade", "param": "record"},
        {"number": 2, "kind": "event", "record_id": "b", "extracted": "B", "detail": "B", "sentence": "two three four.",
         "found": True, "start": 4, "end": 19, "page": "timeline", "param": "milestone"},
    ])
    marks = marks_of(reader.article_html(body, facts))
    assert marks.text == {"a": "One two three", "b": "two three four."}


def test_search_matches_are_marked_in_the_reader(article, facts):
    result = reader.article_html(article, facts, query="tourism office")
    assert '<mark class="tv-hit">tourism office</mark>' in result


def test_header_and_reader_html_escape_title(article):
    hostile = article.copy()
    hostile["title"] = "<script>x</script> **b**"
    result = reader.reader_html(hostile, pd.DataFrame(columns=reader.FACT_COLUMNS + ["detail"]), AREA_NAMES)
    assert result.startswith('<article class="tv-reader"><h1 class="tv-title">&lt;script&gt;x&lt;/script&gt; **b**</h1>')
    assert "(title given by the editors)" in result


def test_side_panel_lists_every_fact_with_both_links(facts):
    result = reader.side_panel_html(facts, focus="m05")
    marks = marks_of(result)
    assert marks.hrefs[:2] == ["#fact-m01", "/timeline?milestone=m01"]
    assert len(marks.hrefs) == 14
    assert result.count('<li class="tv-item tv-focus-item">') == 1
    missing = facts.assign(found=[True] * 6 + [False])
    assert '<span class="tv-missing">sentence not found in the text</span>' in reader.side_panel_html(missing)
    assert "No figure or event" in reader.side_panel_html(facts.iloc[:0])


@pytest.mark.parametrize(("record_id", "anchor"), [("f08", "fact-f08"), ("m-01_a", "fact-m-01_a"),
                                                    ("x');alert(1)//", "fact-x___alert_1___")])
def test_fact_anchor_is_a_safe_id(record_id, anchor):
    assert reader.fact_anchor(record_id) == anchor


def test_focus_scroll_script_uses_the_safe_anchor():
    script = reader.focus_scroll_script("x');alert(1)//")
    assert "getElementById('fact-x___alert_1___')" in script
    assert "alert(1)" not in script
    assert "<" not in script.removeprefix("<script>").removesuffix("</script>")


# ---- articles kept as excerpts (issue 22) ------------------------------------------------------

EXCERPTS = {"article_id": "x1", "source_id": "x1", "title": "Trade with China", "title_origin": "editorial",
            "published": pd.Timestamp("2024-05-08"), "author": None, "author_role": None, "publisher": "Azernews",
            "policy_areas": ["trade"], "content": "excerpts", "url": "https://example.org/a?b=1&c=<2>",
            "text": "Imports reached $743.7 million.\n\nTurnover was $625.1 million a year earlier."}


def test_a_whole_article_is_not_excerpts(article):
    assert article["content"] == "full" and not reader.is_excerpts(article)
    assert "excerpts" not in reader.header_html(article, AREA_NAMES)


def test_meta_line_counts_the_passages_of_excerpts():
    assert reader.meta_line(EXCERPTS, AREA_NAMES) == (
        "Azernews · 8 May 2024 · Trade & investment · excerpts only: 2 passages the dataset cites")


def test_excerpts_are_quoted_passages_with_gaps_between_them():
    facts = pd.DataFrame([{"number": 1, "kind": "figure", "record_id": "r1", "extracted": "Imports", "detail": "d",
                           "sentence": "Imports reached $743.7 million.", "found": True, "start": 0, "end": 31,
                           "page": "trade", "param": "record"}])
    result = reader.article_html(EXCERPTS, facts)
    assert result.startswith('<blockquote class="tv-excerpt"><p><span class="tv-anchor" id="fact-r1"></span>')
    assert result.count('<blockquote class="tv-excerpt">') == 2 and result.count('<p class="tv-gap">[…]</p>') == 1
    assert result.endswith("<p>Turnover was $625.1 million a year earlier.</p></blockquote>")


def test_the_header_of_excerpts_says_so_and_links_the_original_escaped():
    header = reader.header_html(EXCERPTS, AREA_NAMES)
    assert '<p class="tv-excerpt-note"><strong>Excerpts.</strong> Only the sentences' in header
    assert ('<a class="tv-original" href="https://example.org/a?b=1&amp;c=&lt;2&gt;" target="_blank" '
            'rel="noopener noreferrer">https://example.org/a?b=1&amp;c=&lt;2&gt;</a>') in header
    assert reader.card_html(EXCERPTS, "", AREA_NAMES).startswith(
        '<div class="tv-card"><div class="tv-card-title"><span class="tv-badge">Excerpts</span> Trade with China')


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "", None, "  https://x"])
def test_an_address_that_is_not_http_is_never_a_link(url):
    assert reader.original_link({**EXCERPTS, "url": url}) == ""
    assert "<a " not in reader.excerpt_note_html({**EXCERPTS, "url": url})
