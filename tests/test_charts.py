import math

import altair as alt
import pandas as pd
import pytest
from pandas.testing import assert_series_equal

from tradeviz import charts, filters, metrics


def trade_row(record_id, start, end, value, *, flow="turnover", preferred=True, qualifier="exact",
              reporter="az_customs", unit="usd_million", growth=math.nan, growth_unit=None, label=None):
    """One trade row as charts receive it: after attach_sources and metrics.preferred."""
    return {
        "record_id": record_id, "flow": flow, "period_label": label or record_id,
        "period_start": pd.Timestamp(start) if start else pd.NaT,
        "period_end": pd.Timestamp(end) if end else pd.NaT,
        "value": value, "unit": unit, "qualifier": qualifier,
        "growth_reported": growth, "growth_unit": growth_unit, "growth_qualifier": "exact" if growth_unit else None,
        "reporter": reporter, "source_title": "Release", "source_publisher": "Customs",
        "source_published_label": "2025-01-20", "source_url": None, "preferred": preferred,
    }


def frame_of(*rows):
    return pd.DataFrame(list(rows))


def data_rows(spec: dict, layer: dict | None = None) -> list[dict]:
    """The rows a Vega-Lite spec (or one of its layers) carries in its inline datasets."""
    name = (layer or spec).get("data", spec.get("data", {}))["name"]
    return spec["datasets"][name]


def test_projector_config_sets_large_type_and_bottom_legend():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    config = charts.projector_config(chart).to_dict()["config"]
    assert config["title"] == {"fontSize": 20, "anchor": "start", "subtitleFontSize": 14}
    assert config["axis"] == {"labelFontSize": 14, "titleFontSize": 14}
    assert config["legend"]["orient"] == "bottom"
    assert (config["legend"]["labelFontSize"], config["legend"]["titleFontSize"]) == (14, 14)
    assert config["legend"]["labelLimit"] == 320
    # The input chart is left as it was: configure_* returns a new chart.
    assert "title" not in chart.to_dict().get("config", {})


def test_trade_chart_frame_labels_one_row_per_mark():
    rows = frame_of(
        trade_row("a", "2024-01-01", "2024-07-31", 150.0, qualifier="about", growth=25.0, growth_unit="percent",
                  label="2024 Jan–Jul"),
        trade_row("b", "2025-01-01", "2025-12-31", 2000.0, flow="imports", qualifier="more_than",
                  reporter="cn_statistics", growth=4.5, growth_unit="multiple"),
        trade_row("growth-only", None, None, math.nan),
        trade_row("no-value", "2023-01-01", "2023-12-31", math.nan),
    )
    frame = charts.trade_chart_frame(rows)
    assert list(frame.columns) == [
        "record_id", "flow", "flow_label", "period_label", "period_start", "period_end", "year", "mid",
        "value", "value_label", "growth_label", "qualifier", "qualifier_label", "reporter", "reporter_label",
        "source_title", "source_publisher", "source_published", "preferred",
    ]
    # Rows without a period or without a value have no place on a chart.
    assert frame["record_id"].tolist() == ["a", "b"]
    assert frame["year"].tolist() == [2024, 2025]
    # 2024-01-01 .. 2024-07-31 is 212 days (31+29+31+30+31+30+30): midpoint 106 days in = 16 April.
    # 2025-01-01 .. 2025-12-31 is 364 days: midpoint 182 days in = 2 July.
    assert frame["mid"].tolist() == [pd.Timestamp("2024-04-16"), pd.Timestamp("2025-07-02")]
    assert frame["value_label"].tolist() == ["~$150.0 m", ">$2.00 bn"]
    assert frame["growth_label"].tolist() == ["+25%", "4.5×"]
    assert frame["qualifier_label"].tolist() == ["about (~)", "more than (>)"]
    assert frame["flow_label"].tolist() == ["Trade turnover", "Azerbaijan's imports from China"]
    assert frame["reporter_label"].tolist() == ["Azerbaijan State Customs Committee", "Chinese-side statistics"]
    assert frame["source_published"].tolist() == ["2025-01-20", "2025-01-20"]


def test_consecutive_runs_numbers_runs_in_year_order():
    years = pd.Series([2018, None, 1992, 2016, 2011, 2017], index=[10, 11, 12, 13, 14, 15])
    # In year order: 1992 | 2011 | 2016 2017 2018 -> runs 1, 2, 3; the missing year stays missing.
    expected = pd.Series([3, pd.NA, 1, 3, 2, 3], index=[10, 11, 12, 13, 14, 15], dtype="Int64")
    assert_series_equal(charts.consecutive_runs(years), expected)


def test_consecutive_runs_of_nothing():
    assert charts.consecutive_runs(pd.Series([None, None], dtype="float64")).isna().all()
    assert charts.consecutive_runs(pd.Series([], dtype="float64")).empty


def annual_rows():
    return frame_of(
        trade_row("y1992", "1992-01-01", "1992-12-31", 1.5),
        trade_row("y2011", "2011-01-01", "2011-12-31", 900.0),
        trade_row("y2011-other", "2011-01-01", "2011-12-31", 850.0, reporter="cn_statistics", preferred=False),
        trade_row("y2016", "2016-01-01", "2016-12-31", 700.0),
        trade_row("y2017", "2017-01-01", "2017-12-31", 800.0),
        trade_row("y2018", "2018-01-01", "2018-12-31", 1300.0, qualifier="about"),
        trade_row("h2018", "2018-01-01", "2018-06-30", 600.0),                   # part of a year
        trade_row("x2017", "2017-01-01", "2017-12-31", 300.0, flow="exports"),  # not turnover
        trade_row("two-years", "2019-01-01", "2020-12-31", 3000.0),             # Jan–Dec, but two years
    )


def test_annual_turnover_chart_keeps_calendar_year_turnover_and_breaks_runs_at_gaps():
    spec = charts.annual_turnover_chart(annual_rows()).to_dict()
    data = {row["record_id"]: row for row in data_rows(spec)}
    assert sorted(data) == ["y1992", "y2011", "y2011-other", "y2016", "y2017", "y2018"]
    # Preferred years 1992 | 2011 | 2016–2018: three runs, so no line claims 1993–2010 or 2012–2015.
    assert {rid: row["run"] for rid, row in data.items()} == {
        "y1992": 1, "y2011": 2, "y2011-other": None, "y2016": 3, "y2017": 3, "y2018": 3,
    }
    assert data["y2018"]["value_label"] == "~$1.30 bn"


def test_annual_turnover_chart_encodings_and_titles():
    spec = charts.annual_turnover_chart(annual_rows()).to_dict()
    line, points = spec["layer"]
    assert line["mark"]["type"] == "line"
    assert line["transform"] == [{"filter": "datum.preferred"}]
    assert line["encoding"]["detail"] == {"field": "run", "type": "nominal"}
    assert (line["encoding"]["x"]["field"], line["encoding"]["x"]["type"]) == ("year", "quantitative")
    assert (line["encoding"]["y"]["field"], line["encoding"]["y"]["title"]) == ("value", "USD million")
    assert points["mark"]["type"] == "point"
    assert points["encoding"]["color"]["field"] == "reporter_label"
    shape = points["encoding"]["shape"]
    assert shape["field"] == "qualifier_label"
    assert dict(zip(shape["scale"]["domain"], shape["scale"]["range"])) == {
        "exact": "circle", "about (~)": "diamond", "more than (>)": "triangle-up", "less than (<)": "triangle-down",
    }
    assert [t["field"] for t in points["encoding"]["tooltip"]] == [
        "flow_label", "period_label", "value_label", "growth_label", "qualifier_label", "reporter_label",
        "source_title", "source_publisher", "source_published", "record_id",
    ]
    assert spec["title"] == {"text": "Azerbaijan–China trade turnover, full years",
                             "subtitle": "Line: the figure charts use per year; points: every claim"}
    custom = charts.annual_turnover_chart(annual_rows(), title="T", subtitle="S").to_dict()
    assert custom["title"] == {"text": "T", "subtitle": "S"}


def test_annual_turnover_chart_on_fixture(fixture_dataset):
    rows = metrics.preferred(filters.attach_sources(fixture_dataset["trade"], fixture_dataset["sources"]),
                             fixture_dataset["sources"])
    data = data_rows(charts.annual_turnover_chart(rows).to_dict())
    # Annual turnover rows: f01 2019 (inconsistent), f02 2020, f03/f04 2021, f05 2023, f06 2024.
    # Preferred: 2020, 2021 | 2023, 2024 (2022 is missing) -> runs 1, 1, 2, 2.
    assert [(r["record_id"], r["year"], r["run"]) for r in data] == [
        ("f01", 2019, None), ("f02", 2020, 1), ("f03", 2021, 1), ("f04", 2021, None),
        ("f05", 2023, 2), ("f06", 2024, 2),
    ]


def period_rows():
    return frame_of(
        trade_row("t", "2024-01-01", "2024-12-31", 180.0),
        trade_row("e", "2025-01-01", "2025-07-31", 4.0, flow="exports", qualifier="about"),
        trade_row("i", "2025-01-01", "2025-07-31", 80.0, flow="imports", qualifier="more_than",
                  reporter="press_article"),
    )


def test_trade_periods_chart_data_and_selection():
    spec = charts.trade_periods_chart(period_rows()).to_dict()
    spans, points, marks = spec["layer"]
    rows = {r["record_id"]: r for r in data_rows(spec, spans)}
    # Each bar ends the day after its period ends, so a full year spans the whole year.
    assert {rid: r["period_end_day"][:10] for rid, r in rows.items()} == {
        "t": "2025-01-01", "e": "2025-08-01", "i": "2025-08-01"}
    assert {rid: r["qualifier_mark"] for rid, r in rows.items()} == {"t": "", "e": "~", "i": ">"}
    assert spans["mark"]["type"] == "rule"
    assert (spans["encoding"]["x"]["field"], spans["encoding"]["x"]["type"]) == ("period_start", "temporal")
    assert spans["encoding"]["x2"] == {"field": "period_end_day"}
    assert spans["encoding"]["color"]["field"] == "flow_label"
    assert spans["encoding"]["color"]["scale"]["domain"] == [
        "Trade turnover", "Azerbaijan's exports to China", "Azerbaijan's imports from China"]
    assert points["mark"]["type"] == "point"
    assert points["encoding"]["shape"]["field"] == "reporter_label"
    assert marks["mark"]["type"] == "text"
    assert marks["encoding"]["text"] == {"field": "qualifier_mark", "type": "nominal"}
    # Clicking a point selects its record; the selection lives on the point layer.
    (param,) = spec["params"]
    assert param["name"] == charts.RECORD_SELECTION == "record"
    assert param["select"] == {"type": "point", "fields": ["record_id"], "on": "click"}
    assert param["views"] == [points["name"]]
    assert points["encoding"]["opacity"]["condition"]["param"] == "record"
    assert spec["title"] == {"text": "Azerbaijan–China trade by period covered",
                             "subtitle": "Bars span the period each figure covers; ~ about, > more than"}


def test_trade_periods_chart_milestones_are_rules_for_dated_ones_only():
    milestones = pd.DataFrame({
        "milestone_id": ["m1", "m2"],
        "date_start": pd.to_datetime(["2024-07-03", None]),
        "date_label": ["3 July 2024", "undated"],
        "title": ["Declaration adopted", "Office opens"],
        "kind": ["agreement", "institution"],
        "summary": ["not carried", "not carried"],
    })
    spec = charts.trade_periods_chart(period_rows(), milestones, title="T", subtitle="S").to_dict()
    assert len(spec["layer"]) == 4
    events = spec["layer"][0]
    assert events["mark"] == {"type": "rule", "color": "#888", "strokeDash": [4, 3]}
    assert [(r["milestone_id"], r["title"]) for r in data_rows(spec, events)] == [("m1", "Declaration adopted")]
    assert "summary" not in data_rows(spec, events)[0]
    assert [t["field"] for t in events["encoding"]["tooltip"]] == ["date_label", "title", "kind"]
    assert spec["title"] == {"text": "T", "subtitle": "S"}
    # An empty milestones frame adds no layer.
    assert len(charts.trade_periods_chart(period_rows(), milestones.iloc[:0]).to_dict()["layer"]) == 3


def test_comparison_chart_keeps_order_and_qualifiers():
    first = pd.Series({"period_label": "2023", "value": 150.0, "unit": "usd_million", "qualifier": "about"})
    second = pd.Series({"period_label": "2024", "value": 2000.0, "unit": "usd_million", "qualifier": "more_than"})
    spec = charts.comparison_chart(first, second, "2023 vs 2024").to_dict()
    assert data_rows(spec) == [
        {"period": "2023", "value": 150.0, "label": "~$150.0 m"},
        {"period": "2024", "value": 2000.0, "label": ">$2.00 bn"},
    ]
    bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    assert bars["encoding"]["x"]["field"] == "period"
    assert bars["encoding"]["x"]["sort"] is None  # first period on the left, not alphabetical
    assert (bars["encoding"]["y"]["field"], bars["encoding"]["y"]["type"]) == ("value", "quantitative")
    assert labels["encoding"]["text"] == {"field": "label", "type": "nominal"}
    assert spec["title"] == "2023 vs 2024"


def test_mirror_chart_pairs_each_side():
    gaps = pd.DataFrame({
        "flow": ["turnover", "exports"], "period_label": ["2021", "2024"],
        "record_az": ["a1", "a2"], "value_az": [120.0, 10.0], "qualifier_az": ["exact", "exact"],
        "record_cn": ["c1", "c2"], "value_cn": [90.0, 12.5], "qualifier_cn": ["exact", "about"],
        "gap": [30.0, -2.5], "gap_pct": [100 / 3, -20.0],
    })
    spec = charts.mirror_chart(gaps).to_dict()
    assert [(r["what"], r["side"], r["value"]) for r in data_rows(spec)] == [
        ("2021 · Trade turnover", "Azerbaijani side", 120.0),
        ("2024 · Azerbaijan's exports to China", "Azerbaijani side", 10.0),
        ("2021 · Trade turnover", "Chinese side", 90.0),
        ("2024 · Azerbaijan's exports to China", "Chinese side", 12.5),
    ]
    encoding = spec["encoding"]
    assert (encoding["y"]["field"], encoding["y"]["type"]) == ("what", "nominal")
    assert encoding["yOffset"]["field"] == "bar"
    assert (encoding["x"]["field"], encoding["x"]["type"]) == ("value", "quantitative")
    assert encoding["color"]["field"] == "side"
    assert spec["mark"]["type"] == "bar"
    assert spec["title"] == "Mirror statistics: the same trade as each side reports it"


def test_mirror_chart_gives_each_claim_its_own_bar():
    # 2017: two Azerbaijani claims against one Chinese figure make two pairs; the chart must
    # show three bars (1200, 1300, 964), not stack the Azerbaijani ones or draw 964 twice.
    gaps = pd.DataFrame({
        "flow": ["turnover", "turnover"], "period_label": ["2017", "2017"],
        "record_az": ["feb", "jul"], "value_az": [1200.0, 1300.0], "qualifier_az": ["about", "about"],
        "record_cn": ["mirror", "mirror"], "value_cn": [964.0, 964.0], "qualifier_cn": ["exact", "exact"],
        "gap": [236.0, 336.0], "gap_pct": [236 / 9.64, 336 / 9.64],
    })
    rows = data_rows(charts.mirror_chart(gaps).to_dict())
    assert sorted((r["bar"], r["value"], r["value_label"]) for r in rows) == [
        ("Azerbaijani side · feb", 1200.0, "~$1.20 bn"),
        ("Azerbaijani side · jul", 1300.0, "~$1.30 bn"),
        ("Chinese side · mirror", 964.0, "$964.0 m"),
    ]


@pytest.mark.parametrize("builder", [charts.annual_turnover_chart, charts.trade_periods_chart])
def test_chart_builders_accept_no_rows(builder):
    empty = frame_of(trade_row("x", "2024-01-01", "2024-12-31", 1.0)).iloc[:0]
    spec = builder(empty).to_dict()
    assert all(rows == [] for rows in spec["datasets"].values())
