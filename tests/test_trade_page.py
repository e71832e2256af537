"""AppTest of the Trade page on the fixture: each filter changes what is shown."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shown import plain, plains
from tradeviz import store

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "trade.py")


def plains_of(labels):
    return [plain(label) for label in labels]


@pytest.fixture
def app(fixture_data, monkeypatch):
    """The Trade page on the fixture, opened at its "Table and CSV" tab (a permalink can name the tab)."""
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["tab"] = "table"
    return at


def rows_table(at):
    return at.dataframe[-1].value


def test_default_view(fixture_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert at.subheader[0].value == "Turnover, exports to China, imports from China and the balance, 2019–2025, full years"
    # One chart; the tabs under it are drawn only when opened, the first ("Read a figure") by default.
    assert len(at.get("vega_lite_chart")) == 1
    assert [t.label for t in at.tabs] == ["Read a figure", "The chart as a table", "All figures and CSV",
                                          "Compare two periods", "Growth", "Mirror statistics",
                                          "Conflicting figures", "Rank and share"]
    assert len(at.dataframe) == 0
    # Every flow and every figure kind is visible as an option; none is selected (none means all).
    assert plains_of(at.button_group(key="trade:flow").options) == ["Turnover", "Exports to China", "Imports from China", "Balance (derived)"]
    assert at.button_group(key="trade:flow").value == []
    # Defaults stay out of the URL, and a link that already shows its view is left alone.
    assert set(at.query_params) == set()
    at.button_group(key="trade:measure").set_value("index").run()
    assert set(at.query_params) == {"measure", "v"}


def test_table_tab_lists_every_figure_in_view(app):
    at = app.run()
    # Full years by default: f01..f06 are the full-year money rows of 2019–2025, flagged ones included.
    assert rows_table(at)["record"].tolist() == ["f01", "f02", "f03", "f04", "f05", "f06"]
    assert at.query_params["tab"] == "table"
    assert [b.label for b in at.download_button][-2:] == ["CSV of these 6 rows", "Same rows as zip with README"]
    app.query_params["periods"] = "all"
    # 12 money-flow rows have a period (f12 has none, f13 is a rank).
    assert len(rows_table(app.run())) == 11


def test_series_tab_is_the_chart_as_a_table(app):
    app.query_params["tab"] = "series"
    at = app.run()
    assert rows_table(at)[["year", "record"]].values.tolist() == [
        [2020, "f02"], [2021, "f03"], [2023, "f05"], [2024, "f06"]]


def test_index_measure(app):
    app.query_params["tab"] = "series"
    at = app.run()
    at.button_group(key="trade:measure").set_value("index").run()
    assert at.query_params["measure"] == "index"
    assert rows_table(at)["figure"].tolist() == ["100.0", "120.0", "150.0", "180.0"]


def test_each_tab_opens_its_part(app):
    at = app.run()
    at.session_state["trade:tab"] = "Mirror statistics"
    at.run()
    assert at.query_params["tab"] == "mirror"
    assert len(at.get("vega_lite_chart")) == 2  # the main chart and the mirror chart
    assert at.dataframe[0].value["record_az"].tolist() == ["f03"]
    at.session_state["trade:tab"] = "Conflicting figures"
    at.run()
    assert at.dataframe[0].value["record"].tolist() == ["f03", "f04"]


def test_flow_filter(app):
    at = app.run()
    at.button_group(key="trade:periods").set_value("all").run()
    at.button_group(key="trade:flow").set_value(["exports"]).run()
    assert rows_table(at)["record"].tolist() == ["f09"]
    assert at.query_params["flow"] == "exports"
    # The label no longer says "none chosen: all" once one is chosen.
    assert at.button_group(key="trade:flow").label == "Flows (1 of 4 chosen)"
    # Emptying the selection means every flow again, and the URL says so.
    at.button_group(key="trade:flow").set_value([]).run()
    assert len(rows_table(at)) == 11
    assert at.button_group(key="trade:flow").label == "Flows (none chosen: all)"


def test_reporter_and_period_filters_from_url(app):
    app.query_params["reporter"] = ["az_customs"]
    app.query_params["periods"] = "partial"
    at = app.run()
    assert rows_table(at)["record"].tolist() == ["f07", "f11"]
    assert not at.warning


def test_years_slider(app):
    at = app.run()
    at.slider(key="trade:years").set_value((2024, 2024)).run()
    assert rows_table(at)["record"].tolist() == ["f06"]


def test_empty_result_explains(app):
    app.query_params["years_from"] = "2022"
    app.query_params["years_to"] = "2022"
    at = app.run()
    assert plain(at.info[0].value) == "No figure covers a period inside 2022–2022; widen the years."


def test_bad_params_warn_and_page_renders(app):
    app.query_params["flow"] = ["reexport"]
    app.query_params["years_from"] = "2025"
    app.query_params["years_to"] = "2019"
    at = app.run()
    assert plains(at.warning) == [
        "Ignored ?years_from=2025&years_to=2019: the range ends before it starts",
        "Ignored ?flow=reexport: expected any of turnover, exports, imports, balance",
    ]
    assert len(rows_table(at)) == 6


def test_record_selection_shows_source_sentence(app):
    app.query_params["record"] = "f08"
    at = app.run()
    assert at.text[0].value == "Between January and July, trade reached $84 million, 20% more than a year earlier."
    assert "[Read it in the article](/articles?article=fx-article&record=f08)" in [m.value for m in at.markdown]


def test_choosing_a_figure_shows_its_sentence(app):
    # Clicking a chart point is exercised in the browser test; AppTest drives the selectbox.
    app.query_params["tab"] = "read"
    app.query_params["periods"] = "all"
    at = app.run()
    at.selectbox(key="trade:record").set_value("f10").run()
    assert at.query_params["record"] == "f10"
    assert "Exports grew 4.5 times" in at.text[0].value


def test_comparison_controls(app):
    app.query_params["tab"] = "compare"
    at = app.run()
    at.selectbox(key="trade:a").set_value("2021").run()
    # 120 [115, 125] -> 180 [175, 185], each figure's rounding carried through.
    assert [plain(m.value) for m in at.metric] == ["$50.0–70.0 m", "+40.0% to +60.9%", "+11.8% to +17.2% a year",
                                            "1.40×–1.61×"]
    at.selectbox(key="trade:b").set_value("2025-01..2025-07").run()
    assert plain(at.info[0].value).startswith("2021 and 2025 Jan–Jul cover different parts of the year")


def test_presentation_view_hides_tables_and_filters(app):
    at = app.run()
    at.toggle(key="trade:present").set_value(True).run()
    assert len(at.dataframe) == 0 and not at.tabs and not at.slider and not at.title
    assert at.query_params["present"] == "1"
    # The chart and its images stay; the page title and filters go.
    assert len(at.get("vega_lite_chart")) == 1
    assert [b.label for b in at.download_button] == ["Chart as PNG", "Chart as SVG", "PNG, 4:3", "SVG, 4:3"]
    # Leaving it (Esc) keeps the view: the filters come back as they were.
    at.button(key="trade-leave-present").click().run()
    assert at.query_params.get("present") is None
    assert len(rows_table(at)) == 6


def test_bundled_data_reproduces_the_seed_statement_on_january_july_2025(monkeypatch):
    """Issue 5: "trade turnover reached $2.5 billion in January–July, 26.7% higher than a year
    earlier" comes back from the stored row, with the sentence it was taken from."""
    monkeypatch.delenv(store.DATA_ENV, raising=False)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["record"] = "seed-2025-jan-jul-turnover"
    at.run()
    assert not at.exception
    headline = at.markdown[0].value
    assert r"Trade turnover, 2025 Jan–Jul\: \$2\.50 bn, \+26\.7%" in headline
    assert "same period of the previous year" in headline
    assert at.text[0].value == (
        "Between January and July of this year, trade turnover between Azerbaijan and China "
        "reached $2.5 billion - 26.7% higher than in the same period of 2024."
    )
    assert "/articles?article=seed-2025-08-31&record=seed-2025-jan-jul-turnover" in at.markdown[2].value


def test_clicking_a_chart_point_selects_its_figure(app):
    at = app.run()
    at.session_state["trade-chart"] = {"selection": {"record": [{"record_id": "f06"}]}}
    at.run()
    assert at.query_params["record"] == "f06"
    assert plain(at.markdown[0].value).startswith("**Trade turnover, 2024: $180.0 m")
