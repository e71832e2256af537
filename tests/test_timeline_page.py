"""AppTest of the Timeline page on the fixture: each filter changes the count and the rows."""

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from shown import plain, plains
from tradeviz import store
from tradeviz.markdown import escape_markdown

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "timeline.py")
ALL_DATED = ["m01", "m07", "m06", "m02", "m03", "m04"]


@pytest.fixture
def app(fixture_data, monkeypatch):
    """The Timeline page on the fixture, opened at its table of milestones (a permalink can name the tab)."""
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["tab"] = "milestones"
    return at


def count(at) -> str:
    """The count line, always shown, unescaped."""
    line = next(m.value for m in at.markdown if " shown" in m.value)
    return line.strip("*").replace("\\", "")


def rows(at) -> list[str]:
    """Milestones in the date-ordered table (the tab's dataframe)."""
    if not at.dataframe:
        return []
    return at.dataframe[0].value["milestone_id"].tolist()


def undated(at) -> list[str]:
    """The undated statements, in their own tab."""
    at.session_state["timeline:tab"] = "Undated statements"
    at.run()
    ids = at.dataframe[0].value["milestone_id"].tolist() if at.dataframe else []
    at.session_state["timeline:tab"] = "Milestones in date order"
    at.run()
    return ids


def chart_data(at, column: str = "badge"):
    """The chart's spec and the first of its datasets with `column`: the milestone marks (with
    their `badge`), or the titles written on the chart (`line`)."""
    element = at.get("vega_lite_chart")[0].proto
    tables = [pa.ipc.open_stream(d.data.data).read_all() for d in element.datasets]
    found = next(t for t in tables if column in t.column_names)
    return json.loads(element.spec), found.to_pandas()


def test_default_view(app):
    at = app.run()
    assert not at.exception
    assert at.subheader[0].value == "All milestones, 1994–2025"
    assert count(at) == "6 statements about 5 events shown · 1 undated statement not drawn (see Undated statements)"
    assert rows(at) == ALL_DATED
    _, marks = chart_data(at)
    # One mark per event, in its first lane, a reference tick in each other: m02 and m03 are one
    # summit (trade, transport), drawn as m02 with two statements; m01 has two areas. 5 marks
    # and 2 references for 6 statements.
    drawn = marks[~marks["reference"]]
    assert sorted(drawn["milestone_id"]) == ["m01", "m02", "m04", "m06", "m07"]
    assert sorted(marks.loc[marks["reference"], "milestone_id"]) == ["m01", "m02"]
    assert drawn.loc[drawn["milestone_id"] == "m02", ["statements", "badge"]].values.tolist() == [[2, "2"]]
    assert [b.label for b in at.download_button] == [
        "Chart as PNG", "Chart as SVG", "PNG, 4:3", "SVG, 4:3", "CSV of these 6 rows", "Same rows as zip with README"]
    # The link opened already shows this view: the address is left as it was (no second
    # browser-history entry); the first change writes the view and the data version.
    assert set(at.query_params) == {"tab"}
    at.toggle(key="timeline:trade").set_value(True).run()
    assert set(at.query_params) == {"tab", "trade", "v"}
    assert undated(at) == ["m05"]


def test_years_slider(app):
    at = app.run()
    at.slider(key="timeline:years").set_value((2018, 2018)).run()
    assert rows(at) == ["m07"]  # December 2018 only; m06 starts 30 December 2022
    assert count(at) == "1 statement about 1 event shown · 1 undated statement not drawn (see Undated statements)"
    assert (at.query_params["years_from"], at.query_params["years_to"]) == ("2018", "2018")
    at.slider(key="timeline:years").set_value((2023, 2024)).run()
    assert rows(at) == ["m06", "m02", "m03"]  # the New Year visit counts in 2023 too


def test_policy_area_filter_and_lanes(app):
    at = app.run()
    at.button_group(key="timeline:area").set_value(["transport"]).run()
    assert rows(at) == ["m07", "m06", "m03"]
    assert count(at) == "3 statements about 3 events shown"
    assert at.query_params["area"] == "transport"
    spec, marks = chart_data(at)
    assert set(marks["lane"]) == {"Transport & Middle Corridor"}  # m03's trade lane is not drawn


def test_kind_filter(app):
    at = app.run()
    at.button_group(key="timeline:kind").set_value(["visit"]).run()
    assert rows(at) == ["m01", "m06"]
    assert count(at) == "2 statements about 2 events shown"


def test_actor_filter(app):
    at = app.run()
    at.multiselect(key="timeline:actor").set_value(["Xi Jinping"]).run()
    assert rows(at) == ["m02", "m03"]
    assert at.query_params["actor"] == "Xi Jinping"


def test_text_search(app):
    at = app.run()
    at.text_input(key="timeline:q").input("VISA").run()
    assert rows(at) == ["m04"]
    assert at.subheader[0].value == escape_markdown("Milestones, 1994–2025, matching “VISA”")
    assert at.query_params["q"] == "VISA"


def test_filters_combine_from_a_permalink(app):
    app.query_params["area"] = ["transport", "trade"]
    app.query_params["kind"] = ["visit", "agreement"]
    app.query_params["years_from"] = "2020"
    at = app.run()
    assert not at.warning
    assert rows(at) == ["m06", "m03"]
    assert at.button_group(key="timeline:area").value == ["trade", "transport"]
    assert at.slider(key="timeline:years").value == (2020, 2025)


def test_policy_area_link_opens_the_filtered_timeline(app):
    app.query_params["area"] = "tourism_culture"
    at = app.run()
    assert at.subheader[0].value == escape_markdown("Milestones in Tourism & culture, 1994–2025")
    assert rows(at) == ["m01", "m04"]
    assert undated(at) == ["m05"]


def test_lane_per_kind_and_trade_overlay(app):
    at = app.run()
    at.segmented_control(key="timeline:lane").set_value("kind").run()
    at.toggle(key="timeline:trade").set_value(True).run()
    spec, marks = chart_data(at)
    # The summit's agreement (m03) is the same event as the summit (m02): one mark, in Summit.
    assert sorted(set(marks["lane"])) == ["Summit", "Tourism", "Transport", "Visit"]
    element = at.get("vega_lite_chart")[0].proto
    tables = [pa.ipc.open_stream(d.data.data).read_all() for d in element.datasets]
    turnover = next(t for t in tables if "value" in t.column_names)
    assert turnover.column("record_id").to_pylist() == ["f02", "f03", "f05", "f06"]  # 2020, 2021, 2023, 2024
    assert any(c.value.startswith("Grey bars, right axis") for c in at.caption)
    assert (at.query_params["lane"], at.query_params["trade"]) == ("kind", "1")


def test_empty_result_explains_itself(app):
    at = app.run()
    at.button_group(key="timeline:area").set_value(["trade"]).run()
    at.slider(key="timeline:years").set_value((2025, 2025)).run()
    assert rows(at) == []
    assert count(at) == "0 statements about 0 events shown"
    assert plain(at.info[0].value) == (
        "1 milestone falls in 2025, but none is tagged Trade & investment. Choose other policy areas or clear them.")
    assert not at.get("vega_lite_chart")


def test_bad_params_warn_and_page_renders(app):
    app.query_params["kind"] = "parade"
    app.query_params["milestone"] = "m99"
    at = app.run()
    assert plains(at.warning) == [
        # Notices quote at most 40 characters of the options.
        "Ignored ?kind=parade: expected any of visit, agreement, summit, institution, …",
        # Ids are checked, never listed: a dataset may hold millions.
        "Ignored ?milestone=m99: no milestone has this id",
    ]
    assert rows(at) == ALL_DATED


def detail_markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_choosing_a_milestone_shows_its_details(app):
    app.query_params["tab"] = "read"
    at = app.run()
    at.selectbox(key="timeline:milestone").set_value("m02").run()
    assert at.query_params["milestone"] == "m02"
    shown = detail_markdown(at)
    assert "**Summit document** · July 2024" in shown
    # Data text is escaped: the HTML in the summary is shown as text, never rendered.
    assert escape_markdown("<script>alert(1)</script> signed at a summit.") in shown
    assert "**Kind:** summit  \n**Actors:** Ilham Aliyev, Xi Jinping  \n**Policy areas:** Trade \\& investment" in shown
    assert at.text[0].value == "A document was signed at the July 2024 summit."
    assert "[Read it in the article](/articles?article=fx-article&record=m02)" in shown
    captions = [c.value for c in at.caption]
    assert "Only the month is known\\: drawn across July 2024\\." in captions
    assert any(plain(c).startswith("The same event in other sources: 3 July 2024") for c in captions)
    _, marks = chart_data(at)
    # Enlarged and labelled in its event's first lane (trade); a reference in the other (transport,
    # through m03), with no title.
    assert marks.loc[marks["selected"], ["milestone_id", "lane", "reference"]].values.tolist() == [
        ["m02", "Trade & investment", False], ["m02", "Transport & Middle Corridor", True]]
    _, titles = chart_data(at, "line")
    assert titles.loc[titles["selected"], ["line", "lane"]].values.tolist() == [["Summit document", "Trade & investment"]]


def test_clicking_a_chart_mark_selects_it(app):
    at = app.run()
    at.session_state["timeline-chart"] = {"selection": {"milestone": [{"milestone_id": "m04"}]}}
    at.run()
    assert at.query_params["milestone"] == "m04"
    assert "**Visa exemption in force** · 16 July 2025" in detail_markdown(at)
    # m04 comes from a statistics release, not an article: no reader link.
    assert not any("Read it in the article" in m for m in detail_markdown(at))


def test_selecting_a_table_row_selects_it(app):
    at = app.run()
    at.button_group(key="timeline:area").set_value(["transport"]).run()
    at.session_state["timeline-table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    # Row 1 of the transport table (m07, m06, m03) is m06.
    assert at.query_params["milestone"] == "m06"
    assert "**Working visit across New Year** · 30 December 2022 – 2 January 2023" in detail_markdown(at)


def test_milestone_outside_the_filters_says_so(app):
    app.query_params["milestone"] = "m01"
    app.query_params["area"] = "transport"
    at = app.run()
    assert "This milestone is outside the current filters." in plains(at.caption)


def test_presentation_view_keeps_the_chart_and_hides_tables_and_downloads(app):
    at = app.run()
    assert rows(at) == ALL_DATED
    assert any(b.label == "Chart as PNG" for b in at.get("download_button"))
    at.toggle(key="timeline:present").set_value(True).run()
    assert not at.exception
    assert at.query_params["present"] == "1"
    assert len(at.get("vega_lite_chart")) == 1
    assert rows(at) == [] and not at.tabs and not at.slider and not at.title
    # The chart's images stay for the presenter; the table's CSV goes with the table.
    assert [b.label for b in at.download_button] == ["Chart as PNG", "Chart as SVG", "PNG, 4:3", "SVG, 4:3"]
    at.button(key="timeline-leave-present").click().run()
    assert rows(at) == ALL_DATED


def test_bundled_data_shows_every_seed_milestone(monkeypatch):
    """Issue 3: every milestone of both seed articles appears, from Heydar Aliyev's 1994 visit
    to the Tianjin meeting of 31 August 2025; undated ones in their own table."""
    from tradeviz import store

    monkeypatch.delenv(store.DATA_ENV, raising=False)
    milestones = store.load(Path(PAGE).parents[1] / "data")["milestones"]
    seeds = milestones[milestones["source_id"].str.startswith("seed-")]
    dated = milestones["date_start"].notna()
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["tab"] = "milestones"
    at.run()
    assert not at.exception
    events = milestones.loc[dated, "event_key"].nunique()
    assert count(at).startswith(f"{dated.sum()} statements about {events} events shown · {(~dated).sum()} undated")
    listed = set(at.dataframe[0].value["milestone_id"])
    shown = listed | set(undated(at))
    assert set(seeds["milestone_id"]) <= shown
    assert {"seed1-1994-heydar-aliyev-visit", "seed2-2025-08-31-tianjin-meeting"} <= listed
