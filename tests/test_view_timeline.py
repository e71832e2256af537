"""Timeline and policy-area logic on the fixture, with hand-computed expectations.

The fixture's milestones, as the tests rely on them:

    m01  1994 (year only)                      visit        trade, tourism_culture   Heydar Aliyev
    m07  December 2018 (month only)            transport    transport                Azerbaijan Railways
    m06  30 Dec 2022 – 2 Jan 2023 (two years)  visit        transport                Delegation of Azerbaijan
    m02  July 2024 (month only)                summit       trade                    Ilham Aliyev, Xi Jinping
    m03  3 July 2024 (same event as m02)       agreement    trade, transport         Ilham Aliyev, Xi Jinping
    m04  16 July 2025                          tourism      tourism_culture          Both governments
    m05  undated                               institution  tourism_culture          Azərbaycan Turizm Bürosu
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from tradeviz import charts, export, filters, provenance, state
from tradeviz.views import RecordCard, Selection, area_names, reader_link, defaults, milestone_order, milestone_rows, sourced
from tradeviz.views import timeline
from tradeviz.views.timeline import Filters
from vega import validation_errors

ALL_YEARS = (1994, 2025)
DATED_IN_ORDER = ["m01", "m07", "m06", "m02", "m03", "m04"]


@pytest.fixture(scope="module")
def milestones(fixture_dataset):
    """Every milestone of the fixture with its sources, in date order, as a page lists them."""
    return sourced(milestone_rows(fixture_dataset), fixture_dataset).iloc[milestone_order(fixture_dataset)]


@pytest.fixture(scope="module")
def names(fixture_dataset):
    return area_names(fixture_dataset)


@pytest.fixture(scope="module")
def params(fixture_dataset):
    return timeline.params(fixture_dataset)


def filter_milestones(milestones: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The dated milestones the view lists (`milestones` are in date order, as the view's are)."""
    return milestones[timeline.dated_in_view(milestones, f)]


def undated_matching(milestones: pd.DataFrame, f: Filters) -> pd.DataFrame:
    return milestones[timeline.undated_in_view(milestones, f)]


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["milestone_id"].tolist()


def marked(milestones: pd.DataFrame, mask: pd.Series) -> list[str]:
    """The ids a mask keeps, in id order (masks keep the frame's order, which is not by date)."""
    assert mask.dtype == bool and mask.index.equals(milestones.index)
    return sorted(milestones.loc[mask, "milestone_id"])


# ---- data and view state -------------------------------------------------------------------


def test_prepare_attaches_sources(milestones):
    row = milestones.set_index("milestone_id").loc["m04"]
    assert (row["source_title"], row["source_publisher"], row["source_kind"]) == (
        '=HYPERLINK("http://evil.example")', "Azərbaycan Gömrük Komitəsi", "statistics_release")
    assert len(milestones) == 7


def test_area_names(fixture_dataset):
    assert area_names(fixture_dataset) == {
        "tourism_culture": "Tourism & culture", "trade": "Trade & investment",
        "transport": "Transport & Middle Corridor"}


def test_date_order_puts_undated_last_and_breaks_ties_by_end(milestones):
    # m02 (1–31 July 2024) and m03 (3 July 2024): m02 starts first.
    assert ids(timeline.date_order(milestones)) == DATED_IN_ORDER + ["m05"]


def test_options_come_from_the_data(milestones):
    # Kinds keep the schema's order; actors sort without regard to case, "Azerbaijan" before "Azərbaycan".
    assert timeline.kind_options(milestones) == ("visit", "agreement", "summit", "institution", "tourism", "transport")
    assert timeline.actor_options(milestones) == (
        "Azerbaijan Railways", "Azərbaycan Turizm Bürosu", "Both governments", "Delegation of Azerbaijan",
        "Heydar Aliyev", "Ilham Aliyev", "Xi Jinping")


def test_year_bounds(milestones):
    assert timeline.year_bounds(milestones) == (1994, 2025)
    # One year only: the slider still gets two distinct ends.
    assert timeline.year_bounds(milestones[milestones["milestone_id"] == "m04"]) == (2024, 2025)


def test_params(params):
    spec = {p.key: p for p in params}
    assert [p.key for p in params] == ["years", "area", "kind", "actor", "q", "lane", "trade", "milestone", "present",
                                       "story", "tab"]
    assert spec["years"].bounds == (1994, 2025)
    assert spec["area"].options == ("tourism_culture", "trade", "transport")
    assert spec["area"].default == spec["kind"].default == spec["actor"].default == ()
    # Ids are tested for membership, never listed: a picker offers the milestones in view.
    assert all(m in spec["milestone"].members for m in [*DATED_IN_ORDER, "m05"])
    assert "m99" not in spec["milestone"].members and len(spec["milestone"].members) == 7
    assert spec["milestone"].kind == "id"
    assert (spec["lane"].default, spec["trade"].default, spec["q"].default) == ("area", False, "")


def test_area_query_is_a_short_permalink_that_reads_back(params):
    query = timeline.area_query(params, "transport")
    assert query == {"area": ["transport"]}
    decoded = state.from_query(params, query)
    assert decoded.notices == []
    assert decoded.state["area"] == ("transport",)
    assert decoded.state["years"] == (1994, 2025)


def test_filters_from_values():
    values = {"years": [2018, 2024], "area": ["trade"], "kind": [], "actor": ("Xi Jinping",), "q": "  sco "}
    assert Filters.from_values(values) == Filters((2018, 2024), ("trade",), (), ("Xi Jinping",), "sco")


# ---- filters -------------------------------------------------------------------------------


@pytest.mark.parametrize("years, expected", [
    pytest.param((1994, 1994), ["m01"], id="year-only date inside its own year"),
    pytest.param((1993, 1993), [], id="year-only date after the range"),
    pytest.param((1995, 2017), [], id="year-only date before the range"),
    pytest.param((2018, 2018), ["m07"], id="December-only date at the end of the range"),
    pytest.param((2019, 2021), [], id="December-only date one day before the range"),
    pytest.param((2022, 2022), ["m06"], id="span across New Year, first year"),
    pytest.param((2023, 2023), ["m06"], id="span across New Year, second year"),
    pytest.param((2024, 2024), ["m02", "m03"], id="July-only date and a day in it"),
    pytest.param((2025, 2025), ["m04"], id="day"),
    pytest.param((1994, 2025), DATED_IN_ORDER, id="everything dated, never the undated m05"),
])
def test_overlaps_years(milestones, years, expected):
    assert marked(milestones, timeline.in_years(milestones, years)) == sorted(expected)


@pytest.mark.parametrize("areas, expected", [
    ((), ["m01", "m02", "m03", "m04", "m05", "m06", "m07"]),
    (("transport",), ["m03", "m06", "m07"]),
    (("trade", "tourism_culture"), ["m01", "m02", "m03", "m04", "m05"]),
])
def test_in_areas(milestones, areas, expected):
    assert marked(milestones, filters.tagged_with_any(milestones["policy_areas"], areas)) == expected


@pytest.mark.parametrize("kinds, expected", [
    ((), ["m01", "m02", "m03", "m04", "m05", "m06", "m07"]),
    (("visit",), ["m01", "m06"]),
    (("summit", "agreement"), ["m02", "m03"]),
])
def test_of_kinds(milestones, kinds, expected):
    assert marked(milestones, filters.one_of(milestones["kind"], kinds)) == expected


@pytest.mark.parametrize("actors, expected", [
    ((), ["m01", "m02", "m03", "m04", "m05", "m06", "m07"]),
    (("Xi Jinping",), ["m02", "m03"]),
    (("Heydar Aliyev", "Both governments"), ["m01", "m04"]),
    (("Azərbaycan Turizm Bürosu",), ["m05"]),
])
def test_with_actors(milestones, actors, expected):
    assert marked(milestones, filters.tagged_with_any(milestones["actors"], actors)) == expected


@pytest.mark.parametrize("text, expected", [
    ("", ["m01", "m02", "m03", "m04", "m05", "m06", "m07"]),
    ("   ", ["m01", "m02", "m03", "m04", "m05", "m06", "m07"]),
    ("VISA", ["m04"]),                 # title "Visa exemption…" and summary "Mutual visa…": one row
    ("summit", ["m02"]),               # in m02's title and summary
    ("astana", ["m03"]),               # summary only
    ("(sco", ["m06"]),                 # plain text: an unbalanced bracket is not a pattern error
    ("<script>", ["m02"]),
    ("office", ["m05"]),
    ("a.b", []),                       # "." is a dot, not "any character"
])
def test_matching_text(milestones, text, expected):
    assert marked(milestones, filters.containing_text(milestones, timeline.TEXT_COLUMNS, text)) == expected


@pytest.mark.parametrize("f, expected", [
    pytest.param(Filters(ALL_YEARS), DATED_IN_ORDER, id="no filter: every dated milestone in date order"),
    pytest.param(Filters((2018, 2024), areas=("transport",)), ["m07", "m06", "m03"], id="years+area"),
    pytest.param(Filters((2018, 2024), areas=("transport",), kinds=("visit",)), ["m06"], id="years+area+kind"),
    pytest.param(Filters(ALL_YEARS, actors=("Ilham Aliyev",), text="declaration"), ["m03"], id="actor+text"),
    pytest.param(Filters((2023, 2025), ("trade",), ("summit", "agreement"), ("Xi Jinping",), "july"), [],
                 id="all five, nothing matches the text"),
    pytest.param(Filters((2023, 2025), ("trade",), ("summit", "agreement"), ("Xi Jinping",), "a"), ["m02", "m03"],
                 id="all five"),
    pytest.param(Filters((2025, 2025), areas=("trade",)), [], id="empty"),
    pytest.param(Filters(ALL_YEARS, areas=("tourism_culture",)), ["m01", "m04"], id="undated m05 never drawn"),
])
def test_filter_milestones_combines_filters(milestones, f, expected):
    assert ids(filter_milestones(milestones, f)) == expected


def test_undated_matching_ignores_years_but_not_other_filters(milestones):
    assert ids(undated_matching(milestones, Filters((1994, 1994), areas=("tourism_culture",)))) == ["m05"]
    assert ids(undated_matching(milestones, Filters(ALL_YEARS, text="visa"))) == []
    assert ids(undated_matching(milestones, Filters(ALL_YEARS, areas=("trade",)))) == []


# ---- words ---------------------------------------------------------------------------------


def test_undated_note():
    assert timeline.undated_note(0) == ""
    assert timeline.undated_note(2) == "2 undated statements not drawn (see Undated statements)"


@pytest.mark.parametrize("f, expected", [
    (Filters(ALL_YEARS), "all milestones, 1994–2025"),
    (Filters((2024, 2024), ("trade", "transport"), ("summit", "agreement"), ("Xi Jinping",), "sco"),
     "milestones in Trade & investment or Transport & Middle Corridor, 2024, summit or agreement, "
     "with Xi Jinping, matching “sco”"),
    (Filters((2018, 2024), areas=("transport",)), "milestones in Transport & Middle Corridor, 2018–2024"),
])
def test_describe(names, f, expected):
    assert timeline.describe(f, names) == expected


@pytest.mark.parametrize("f, expected", [
    pytest.param(Filters((1995, 2017), kinds=("visit",)),
                 "No dated milestone falls in 1995–2017; the dated ones run from 1994 to 2025. Widen the years.",
                 id="years"),
    pytest.param(Filters((2025, 2025), areas=("trade",)),
                 # 2025 holds m04 only, tagged tourism_culture.
                 "1 milestone falls in 2025, but none is tagged Trade & investment. "
                 "Choose other policy areas or clear them.", id="areas"),
    pytest.param(Filters((2024, 2024), areas=("trade",), kinds=("visit",)),
                 # 2024 holds m02 and m03, both trade; neither is a visit.
                 "2 milestones fall in 2024 and match the policy areas, but none is of kind visit. "
                 "Choose other kinds or clear them.", id="kinds"),
    pytest.param(Filters((2018, 2023), areas=("transport",), kinds=("visit", "transport"), actors=("Xi Jinping",)),
                 # 2018–2023: m07, m06 (transport, of those kinds); neither names Xi Jinping.
                 "2 milestones fall in 2018–2023 and match the policy areas and kinds, but none names Xi Jinping "
                 "among its actors. Choose other actors or clear them.", id="actors"),
    pytest.param(Filters(ALL_YEARS, actors=("Azerbaijan Railways",), text="visa"),
                 "1 milestone falls in 1994–2025 and matches the actors, but no title or summary contains “visa”. "
                 "Check the spelling or clear the search.", id="search"),
    pytest.param(Filters(ALL_YEARS, text="office"),
                 "No dated milestone matches these filters. 1 undated statement matches the other filters; "
                 "without a date it cannot be placed in years, so it is listed under Undated statements.",
                 id="only an undated statement matches"),
    pytest.param(Filters((1995, 2017), areas=("tourism_culture",)),
                 "No dated milestone falls in 1995–2017; the dated ones run from 1994 to 2025. Widen the years. "
                 "1 undated statement matches the other filters; without a date it cannot be placed in years, "
                 "so it is listed under Undated statements.", id="years, with an undated statement"),
])
def test_empty_explanation(milestones, names, f, expected):
    assert filter_milestones(milestones, f).empty
    assert timeline.empty_explanation(milestones, f, names) == expected


def test_empty_explanation_without_data(milestones, names):
    assert timeline.empty_explanation(milestones.iloc[0:0], Filters(ALL_YEARS), names) == "No dated milestone is stored yet."


def test_select(fixture_dataset, params):
    values = defaults(params) | {"area": ("tourism_culture",)}
    view = timeline.select(fixture_dataset, values)
    assert ids(view.shown) == ["m01", "m04"]
    assert ids(view.undated) == ["m05"]
    assert view.description == "milestones in Tourism & culture, 1994–2025"
    # One row is one source's statement; m01 and m04 are about two different events.
    assert view.count_text == "2 statements about 2 events shown · 1 undated statement not drawn (see Undated statements)"
    assert view.empty_reason == ""
    assert view.download.rows["milestone_id"].tolist() == ["m01", "m04"]
    assert view.picker == ("", "m01", "m04", "m05")
    empty = timeline.select(fixture_dataset, values | {"q": "zzz"})
    assert empty.count_text == "0 statements about 0 events shown"
    # m02 and m03 are two sources' statements about one summit.
    trade = timeline.select(fixture_dataset, defaults(params) | {"area": ("trade",), "years": (2024, 2024)})
    assert trade.count_text == "2 statements about 1 event shown"
    assert empty.empty_reason.startswith("2 milestones fall in 1994–2025 and match the policy areas, but no title")


# ---- chart ---------------------------------------------------------------------------------


def test_lane_order(names):
    assert timeline.lane_order("area", names) == ["Tourism & culture", "Trade & investment", "Transport & Middle Corridor"]
    assert timeline.lane_order("kind", names)[:3] == ["Visit", "Agreement", "Summit"]


def test_chart_frame_places_approximate_dates_mid_span(milestones, names):
    two = timeline.date_order(milestones[milestones["milestone_id"].isin(["m01", "m06"])])
    result = timeline.chart_frame(two, "area", names, selected="m06")
    ts = pd.Timestamp
    expected = pd.DataFrame({
        # m01 has two areas: one mark in its first lane, a reference in the other.
        "milestone_id": ["m01", "m01", "m06"],
        "event_key": ["1994-visit", "1994-visit", "2022-visit"],
        "lane": ["Trade & investment", "Tourism & culture", "Transport & Middle Corridor"],
        "start": [ts("1994-01-01"), ts("1994-01-01"), ts("2022-12-30")],
        # end = the day after the span; the 1994 mark sits mid-1994 (2 July, noon), not on 1 January;
        # the visit of 30 Dec – 2 Jan sits at 1 January 00:00 (4 days from 30 Dec 00:00, halved).
        "end": [ts("1995-01-01"), ts("1995-01-01"), ts("2023-01-03")],
        "mid": [ts("1994-07-02 12:00"), ts("1994-07-02 12:00"), ts("2023-01-01")],
        "date_label": ["1994", "1994", "30 December 2022 – 2 January 2023"],
        "precision": ["year", "year", "day"],
        "precision_words": ["year (drawn across the year)", "year (drawn across the year)", "day"],
        "status": ["took place or holds"] * 3,
        "title": ["First official visit", "First official visit", "Working visit across New Year"],
        "kind": ["visit", "visit", "visit"],
        "areas": ["Trade & investment, Tourism & culture"] * 2 + ["Transport & Middle Corridor"],
        "actors": ["Heydar Aliyev", "Heydar Aliyev", "Delegation of Azerbaijan"],
        "source": ["Fixture article on Baku and Beijing"] * 2 + ["China-side mirror table"],
        "statements": [1, 1, 1],
        "selected": [False, False, True],
        "reference": [False, True, False],
        "drawn_in": ["Trade & investment", "Trade & investment", "Transport & Middle Corridor"],
        "description": ["First official visit (1994)",
                        "Also First official visit (1994), drawn in the Trade & investment lane",
                        "Working visit across New Year (30 December 2022 – 2 January 2023)"],
        # Each lane's only mark is its first and latest: labelled first; a reference never.
        "label_rank": [0, -1, 0],
    }).astype({"milestone_id": "str", "event_key": "str", "lane": "str", "start": "datetime64[ms]", "end": "datetime64[ms]",
               "mid": "datetime64[ms]", "date_label": "str", "precision": "str", "precision_words": "str", "status": "str",
               "title": "str", "kind": "str", "areas": "str", "actors": "str", "source": "str",
               "drawn_in": "str", "description": "str"})
    assert_frame_equal(result, expected)


def test_chart_frame_lanes_follow_the_chosen_areas_and_kinds(milestones, names):
    m01 = milestones[milestones["milestone_id"] == "m01"]
    assert timeline.chart_frame(m01, "area", names, areas=("tourism_culture",))["lane"].tolist() == ["Tourism & culture"]
    by_kind = timeline.chart_frame(timeline.date_order(milestones.dropna(subset=["date_start"])), "kind", names)
    # m02 (summit) and m03 (agreement) are one event: drawn once, as its first statement (m02).
    assert by_kind["lane"].tolist() == ["Visit", "Transport", "Visit", "Summit", "Tourism"]
    assert by_kind["statements"].tolist() == [1, 1, 1, 2, 1]


def test_one_mark_per_event_carries_every_area_and_the_selected_statement(milestones):
    summit = timeline.date_order(milestones[milestones["event_key"] == "2024-summit"])
    first = timeline.one_per_event(summit)
    # m02 (trade) and m03 (trade, transport): one row, tagged with both areas, two statements.
    assert first["milestone_id"].tolist() == ["m02"] and first["statements"].tolist() == [2]
    assert list(first["policy_areas"].iloc[0]) == ["trade", "transport"]
    # When the reader chose m03, m03 stands for the event.
    assert timeline.one_per_event(summit, selected="m03")["milestone_id"].tolist() == ["m03"]


def test_label_ranks_put_the_selected_latest_and_first_events_first():
    mid = pd.to_datetime(["2000-07-01", "2001-01-01", "2010-07-01", "2019-07-01", "2012-01-01", "2015-01-01"])
    frame = pd.DataFrame({
        "lane": ["A"] * 4 + ["B", "B"], "mid": mid,
        "kind": ["agreement", "other", "visit", "summit", "other", "other"],
        "selected": [False, False, False, False, False, True],
        "reference": [False, False, False, False, False, False],
    })
    # Lane A: latest (2019) 0, first (2000) 1, then key kinds from the latest back (the 2010
    # visit) 2, then the rest (2001) 3. Lane B: the selected 2015 event 0, then the first (2012).
    assert timeline.label_ranks(frame).tolist() == [1, 3, 2, 0, 1, 0]
    assert timeline.label_ranks(frame.assign(reference=[False] * 5 + [True])).tolist() == [1, 3, 2, 0, 0, -1]


def test_annual_turnover_uses_preferred_full_year_figures(fixture_dataset):
    result = timeline.annual_turnover(fixture_dataset, (2019, 2021))
    ts = pd.Timestamp
    # 2019: only f01, marked inconsistent, so never preferred. 2021: f03 (customs) beats f04 (mirror, low).
    expected = pd.DataFrame({
        "year": [2020, 2021],
        "start": [ts("2020-01-01"), ts("2021-01-01")],
        "end": [ts("2021-01-01"), ts("2022-01-01")],
        "mid": [ts("2020-07-02"), ts("2021-07-02 12:00")],  # 2020 is a leap year: 366 days / 2
        "value": [100.0, 120.0],
        "value_label": ["$100.0 m", "$120.0 m"],
        "source": ['=HYPERLINK("http://evil.example")'] * 2,
        "record_id": ["f02", "f03"],
    }).astype({"start": "datetime64[ms]", "end": "datetime64[ms]", "mid": "datetime64[ms]",
               "value_label": "str", "source": "str", "record_id": "str"})
    assert_frame_equal(result, expected)
    # Partial periods (f07, f08, f11) are never annual figures.
    assert timeline.annual_turnover(fixture_dataset, (2025, 2025)).empty


def test_timeline_chart_spec(fixture_dataset, milestones, names):
    shown = filter_milestones(milestones, Filters((2018, 2025)))
    frame = timeline.chart_frame(shown, "area", names, selected="m02")
    lanes = timeline.lanes_in(frame, "area", names)
    chart = charts.timeline(frame, lanes, (2018, 2025), timeline.annual_turnover(fixture_dataset, (2018, 2025)),
                            subtitle="all milestones", source_note="Sources: test")
    spec = chart.to_dict()
    assert spec["title"] == {"text": "Azerbaijan–China milestones", "subtitle": "all milestones"}
    # Rows from the top, 860 px of plot over 2018–2025: Tourism & culture, its name and the 2025
    # visa mark on row 0, its title on row 1; Trade & investment likewise on rows 2 and 3;
    # Transport: the New Year 2023 mark (x 537 px) and the summit's reference tick on row 4, the
    # December 2018 train (x 103 px) on row 5, clear of the lane's name (228 px); two-line titles
    # on rows 6 and 7. Eight rows of 19 px.
    assert spec["height"] == 8 * 19
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    marks_by_row = chart.data("marks").set_index("milestone_id")
    assert marks_by_row.loc[marks_by_row["reference"], "slot"].tolist() == [4.0]
    assert marks_by_row.loc[~marks_by_row["reference"], "slot"].to_dict() == {"m07": 5.0, "m06": 4.0, "m02": 2.0,
                                                                              "m04": 0.0}
    assert chart.data("labels")[["line", "slot"]].values.tolist() == [
        ["Visa exemption in force", 1.0], ["Summit document", 3.0], ["First block", 6.0], ["train arrives", 7.0],
        ["Working visit", 6.0], ["across New Year", 7.0]]
    # The summit (m02 and m03) is one event with two statements: its number on its mark.
    assert marks_by_row.loc["m02", "badge"].tolist() == ["2", ""]
    trade, marks = spec["layer"]
    points = marks["layer"][2]
    assert [(p["name"], p["select"]["fields"]) for p in points["params"]] == [("milestone", ["milestone_id"])]
    assert chart.selection == "milestone"
    x_scale = points["encoding"]["x"]["scale"]["domain"]
    assert [d["year"] for d in x_scale] == [2018, 2026]  # exactly the chosen years, to the end of 2025
    assert points["encoding"]["y"]["scale"] == {"domain": [-0.5, 7.5], "reverse": True, "nice": False, "zero": False}
    assert chart.data("lanes")["lane"].tolist() == ["Tourism & culture", "Trade & investment",
                                                    "Transport & Middle Corridor"]
    # Shapes are keyed by the precision code, hollow where only the month or year is known.
    shape, fill = points["encoding"]["shape"]["scale"], points["encoding"]["fillOpacity"]["scale"]
    assert dict(zip(shape["domain"], shape["range"])) == {"day": "circle", "month": "diamond", "year": "square"}
    assert dict(zip(fill["domain"], fill["range"])) == {"day": 0.9, "month": 0.15, "year": 0.15}
    assert validation_errors(spec) == []
    # The image exports render without a network.
    svg = export.chart_svg(export.image_spec(chart))
    assert ET.fromstring(svg).tag.endswith("svg")
    without = charts.timeline(frame, lanes, (2018, 2025)).to_dict()
    assert "resolve" not in without and json.dumps(without).count('"milestone"') >= 1


def test_too_many_milestones_are_drawn_as_counts(names):
    many = pd.DataFrame({
        "milestone_id": [f"x{i}" for i in range(3)],
        "date_start": pd.to_datetime(["2024-01-05", "2024-06-01", "2025-03-01"]).astype("datetime64[ms]"),
        "date_end": pd.to_datetime(["2024-01-05", "2024-06-30", "2025-03-01"]).astype("datetime64[ms]"),
        "kind": ["visit", "visit", "summit"],
        "policy_areas": [["trade"], ["trade", "transport"], ["transport"]],
    })
    summary = timeline.summary_frame(many, "area", names)
    assert summary[["lane", "year", "count"]].values.tolist() == [
        ["Trade & investment", 2024, 2], ["Transport & Middle Corridor", 2024, 1],
        ["Transport & Middle Corridor", 2025, 1]]
    by_kind = timeline.summary_frame(many, "kind", names)
    assert by_kind[["lane", "year", "count"]].values.tolist() == [["Summit", 2025, 1], ["Visit", 2024, 2]]
    only_trade = timeline.summary_frame(many, "area", names, areas=("trade",))
    assert only_trade["count"].tolist() == [2]
    chart = charts.timeline(pd.DataFrame(), timeline.lanes_in(summary, "area", names), (2024, 2025),
                            summary=summary)
    assert chart.selection is None and list(chart.datasets) == ["summary"]
    assert validation_errors(chart.to_dict()) == []


def test_picked_milestone_and_row():
    assert timeline.picked_milestone({"selection": {"milestone": [{"milestone_id": "m03"}]}}) == "m03"
    assert timeline.picked_milestone({"selection": {"milestone": []}}) is None
    assert timeline.picked_milestone(None) is None
    shown = ["m07", "m06", "m03"]
    assert timeline.picked_row({"selection": {"rows": [1], "columns": []}}, shown) == "m06"
    assert timeline.picked_row({"selection": {"rows": []}}, shown) is None
    assert timeline.picked_row({"selection": {"rows": [3]}}, shown) is None  # the table has changed since
    assert timeline.picked_row(None, shown) is None


def test_source_note(milestones):
    assert provenance.chart_source_note(milestones) == (
        "Sources: Azərbaycan Gömrük Komitəsi, Mirror site, seed articles. Compiled by tradeviz.")


# ---- one milestone -------------------------------------------------------------------------


def test_milestone_labels(milestones):
    labels = timeline.milestone_labels(milestones)  # in date order, as given
    assert list(labels) == ["", *DATED_IN_ORDER, "m05"]
    assert labels["m07"] == 'December 2018 · First block train arrives · =HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("precision, label, expected", [
    ("year", "1994", "Only the year is known: drawn across 1994."),
    ("month", "July 2024", "Only the month is known: drawn across July 2024."),
    ("undated", "undated", "The source gives no date, so it is not drawn on the timeline."),
    ("day", "3 July 2024", "Exact date."),
])
def test_precision_note(precision, label, expected):
    assert timeline.precision_note(precision, label) == expected


def test_milestone_card_from_an_article(milestones, names):
    card = timeline.milestone_card(milestones, "m02", names)
    assert card == RecordCard(
        record_id="m02", title="Summit document", subtitle="July 2024",
        lines=("Only the month is known: drawn across July 2024.",),
        body="<script>alert(1)</script> signed at a summit.",  # escaped by the page, not here
        facts=(("Kind", "summit"), ("Actors", "Ilham Aliyev, Xi Jinping"), ("Policy areas", "Trade & investment")),
        sentence="A document was signed at the July 2024 summit.",
        source_markdown="Source: Fixture article on Baku and Beijing, 2025\\-08\\-31",
        article_link=reader_link("fx-article", "m02"),
        notes=("The same event in other sources: 3 July 2024: Declaration adopted (China-side mirror table)",
               "Note: summary holds HTML on purpose"),
    )


def test_a_planned_milestone_says_so(milestones, names):
    planned = milestones.assign(status=milestones["status"].where(milestones["milestone_id"] != "m04", "planned"))
    card = timeline.milestone_card(planned, "m04", names)
    assert card.subtitle == "16 July 2025 · planned"
    assert card.lines[0] == ("Planned: the source (2025-01-20) announces it as still to come; it is not recorded "
                             "as having taken place.")
    assert ("Status", "planned (still to come at the source's date)") in card.facts
    assert timeline.milestone_labels(planned[planned["milestone_id"] == "m04"])["m04"] == (
        "16 July 2025 · Visa exemption in force (planned) · =HYPERLINK(\"http://evil.example\")")
    frame = timeline.chart_frame(planned[planned["milestone_id"] == "m04"], "area", names)
    assert frame["status"].tolist() == ["planned"]


def test_story_goes_through_the_events_in_date_order(fixture_dataset, params):
    values = defaults(params) | {"story": True}
    first = timeline.select(fixture_dataset, values).story
    # Dated events in view: 1994 visit (m01), Dec 2018 train (m07), New Year 2022 (m06), the
    # July 2024 summit (m02 and m03: one event), the 2025 visa (m04): five events.
    assert (first.position, first.count, first.milestone_id, first.previous, first.next) == (0, 5, "m01", "", "m07")
    assert first.heading == "Event 1 of 5" and first.card.title == "First official visit"
    # The summit's second statement, chosen, stands for the event at its place.
    summit = timeline.select(fixture_dataset, values | {"milestone": "m03"}).story
    assert (summit.position, summit.milestone_id, summit.previous, summit.next) == (3, "m03", "m06", "m04")
    marks = summit.chart.data("marks")
    # One lane; only the event on show carries its title.
    titles = summit.chart.data("labels")
    assert set(marks["lane"]) == {"Events"} and set(titles["milestone_id"]) == {"m03"}
    # A story of a view with nothing in it is no story.
    assert timeline.select(fixture_dataset, values | {"years": (1995, 1996)}).story is None


def test_milestone_card_not_from_an_article(milestones, names):
    card = timeline.milestone_card(milestones, "m03", names, in_view=False)
    assert card.article_link is None and card.sentence == ""
    assert card.facts[2] == ("Policy areas", "Trade & investment, Transport & Middle Corridor")
    assert card.source_markdown == "Source: [China\\-side mirror table, Mirror site, undated](https://mirror.example/table)"
    assert card.notes[-1] == "This milestone is outside the current filters."
    assert timeline.milestone_card(milestones, "", names) is None
    assert timeline.milestone_card(milestones, "m99", names) is None


def test_export_rows_csv_is_exactly_the_rows_shown(milestones):
    shown = filter_milestones(milestones, Filters((2025, 2025)))
    table = timeline.export_rows(shown)
    assert list(table.columns) == timeline.EXPORT_COLUMNS
    assert export.to_csv(export.with_labels(table)).decode("utf-8") == (
        "\ufeffmilestone_id,date_label,date_start,date_end,date_precision,title,summary,kind,status,actors,policy_areas,"
        "event_key,source_id,source_title,source_url,source_published_label,source_sentence,confidence,note\r\n"
        "m04,16 July 2025,2025-07-16,2025-07-16,day,Visa exemption in force,Mutual visa exemption starts.,"
        "tourism,occurred,Both governments,tourism_culture,2025-visa,fx-customs,"
        "\"'=HYPERLINK(\"\"http://evil.example\"\")\",https://customs.example/release,2025-01-20,,normal,\r\n"
    )
    both = timeline.export_rows(filter_milestones(milestones, Filters((2024, 2024))))
    csv_text = export.to_csv(both).decode("utf-8")
    assert csv_text.count("\r\n") == 3
    assert ",Ilham Aliyev; Xi Jinping,trade; transport," in csv_text  # lists as "; "-joined cells


def test_a_timelines_other_layouts_are_laid_out_only_when_asked_for(fixture_dataset, params):
    from tradeviz import charts

    values = defaults(params) | {"area": ("tourism_culture",), "years": (2010, 2025)}
    chart = timeline.select(fixture_dataset, values).chart
    variants = chart.extra["variants"]
    assert sorted(variants) == ["phone", "present", "print"] and variants.made() == ()
    phone = charts.variant(chart, "phone")
    assert variants.made() == ("phone",)
    # The phone's layout is its own (a 320 px plot), and it keeps the chart's text alternative.
    assert phone.extra["surface"] == "phone" and phone is not chart
    assert phone.spec["description"] == chart.spec["description"]
    assert charts.variant(chart, "phone") is phone   # made once, then kept


def test_distinct_events_counts_integers_and_one_for_rows_without_a_key():
    codes = np.array([0, 1, 1, -1, 2])
    assert timeline.distinct_events(codes, np.array([0, 1, 2, 3])) == 3   # events 0 and 1, and the keyless row
    assert timeline.distinct_events(codes, np.array([1, 2])) == 1
    assert timeline.distinct_events(codes, np.array([], dtype="int64")) == 0


def test_latest_occurred_takes_only_the_last_row_that_took_place():
    frame = pd.DataFrame({"title": ["A", "B", "C"], "date_label": ["2020", "2021", "2022"],
                          "status": ["occurred", "occurred", "planned"]})
    occurred = np.array([True, True, False])
    assert timeline.latest_occurred(Selection(frame, np.array([0, 1, 2])), occurred) == ("B", "2021")
    assert timeline.latest_occurred(Selection(frame, np.array([1, 0])), occurred) == ("A", "2020")  # order of view
    assert timeline.latest_occurred(Selection(frame, np.array([2])), occurred) is None


def test_event_codes_and_occurred_rows_of_the_fixture(fixture_dataset):
    rows = milestone_rows(fixture_dataset)
    codes = timeline.event_codes(fixture_dataset)
    # m02 and m03 are one summit: one code for two rows; seven rows, six events.
    by_id = dict(zip(rows["milestone_id"], codes))
    assert by_id["m02"] == by_id["m03"] and len(set(codes)) == 6
    assert timeline.occurred_rows(fixture_dataset).tolist() == (rows["status"] == "occurred").tolist()


@pytest.mark.parametrize("lane,areas", [("area", ()), ("area", ("trade",)), ("kind", ())])
def test_summary_in_view_counts_as_summary_frame_does(fixture_dataset, params, lane, areas):
    names = area_names(fixture_dataset)
    values = defaults(params) | {"years": (2018, 2025), "area": areas}
    shown = timeline.select(fixture_dataset, values).shown
    expected = timeline.summary_frame(shown.take(timeline.SUMMARY_COLUMNS), lane, names, areas)
    found = timeline.summary_in_view(fixture_dataset, shown, lane, names, areas)
    assert_frame_equal(found, expected)
    # By hand (area lane, 2018–2025): m07 (2018, transport), m02/m03 (2024: trade; m03 also transport),
    # m06 (30 Dec 2022 – 2 Jan 2023: its middle is in 2022), m04 (2025, tourism).
    if lane == "area" and not areas:
        assert found[["lane", "year", "count"]].values.tolist() == [
            ["Tourism & culture", 2025, 1], ["Trade & investment", 2024, 2],
            ["Transport & Middle Corridor", 2018, 1], ["Transport & Middle Corridor", 2022, 1],
            ["Transport & Middle Corridor", 2024, 1]]
