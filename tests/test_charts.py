import math

import pandas as pd
import pyarrow as pa
import pytest
from pandas.testing import assert_series_equal

from tradeviz import charts, metrics, provenance


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


def test_config_sets_large_type_and_bottom_legend():
    config = charts.config()
    assert config["title"] == {"fontSize": 20, "anchor": "start", "subtitleFontSize": 14}
    assert config["axis"] == {"labelFontSize": 14, "titleFontSize": 14}
    assert config["legend"]["orient"] == "bottom"
    assert (config["legend"]["labelFontSize"], config["legend"]["titleFontSize"]) == (14, 14)
    assert config["legend"]["labelLimit"] == 320


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
    spec = charts.annual_turnover(annual_rows()).to_dict()
    data = {row["record_id"]: row for row in data_rows(spec)}
    assert sorted(data) == ["y1992", "y2011", "y2011-other", "y2016", "y2017", "y2018"]
    # Preferred years 1992 | 2011 | 2016–2018: three runs, so no line claims 1993–2010 or 2012–2015.
    assert {rid: row["run"] for rid, row in data.items()} == {
        "y1992": 1, "y2011": 2, "y2011-other": None, "y2016": 3, "y2017": 3, "y2018": 3,
    }
    assert data["y2018"]["value_label"] == "~$1.30 bn"


def test_annual_turnover_chart_encodings_and_titles():
    spec = charts.annual_turnover(annual_rows()).to_dict()
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
    custom = charts.annual_turnover(annual_rows(), title="T", subtitle="S").to_dict()
    assert custom["title"] == {"text": "T", "subtitle": "S"}


def test_annual_turnover_chart_on_fixture(fixture_dataset):
    rows = metrics.preferred(provenance.attach_sources(fixture_dataset["trade"], fixture_dataset["sources"]),
                             fixture_dataset["sources"])
    data = data_rows(charts.annual_turnover(rows).to_dict())
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
    spec = charts.trade_periods(period_rows()).to_dict()
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
    (param,) = points["params"]
    assert param["name"] == charts.RECORD_SELECTION == "record"
    assert param["select"] == {"type": "point", "fields": ["record_id"], "on": "click"}
    assert "params" not in spec and "params" not in spans and "params" not in marks
    assert points["encoding"]["opacity"]["condition"]["param"] == "record"
    assert spec["title"] == {"text": "Azerbaijan–China trade by period covered",
                             "subtitle": "Bars span the period each figure covers; ~ about, > more than"}


def test_trade_periods_chart_milestones_are_rules_for_dated_ones_only():
    milestones = pd.DataFrame({
        "milestone_id": ["m1", "m2"], "event_key": ["e1", "e2"],
        "date_start": pd.to_datetime(["2024-07-03", None]),
        "date_label": ["3 July 2024", "undated"],
        "title": ["Declaration adopted", "Office opens"],
        "kind": ["agreement", "institution"],
        "summary": ["not carried", "not carried"],
    })
    spec = charts.trade_periods(period_rows(), milestones, title="T", subtitle="S").to_dict()
    assert len(spec["layer"]) == 4
    events = spec["layer"][0]
    assert events["mark"] == {"type": "rule", "color": "#888", "strokeDash": [4, 3]}
    assert [(r["milestone_id"], r["title"]) for r in data_rows(spec, events)] == [("m1", "Declaration adopted")]
    assert "summary" not in data_rows(spec, events)[0]
    assert [t["field"] for t in events["encoding"]["tooltip"]] == ["date_label", "title", "kind"]
    assert spec["title"] == {"text": "T", "subtitle": "S"}
    # An empty milestones frame adds no layer.
    assert len(charts.trade_periods(period_rows(), milestones.iloc[:0]).to_dict()["layer"]) == 3


def test_comparison_chart_keeps_order_and_qualifiers():
    first = pd.Series({"period_label": "2023", "value": 150.0, "unit": "usd_million", "qualifier": "about"})
    second = pd.Series({"period_label": "2024", "value": 2000.0, "unit": "usd_million", "qualifier": "more_than"})
    spec = charts.comparison(first, second, "2023 vs 2024").to_dict()
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
    assert spec["title"] == {"text": "2023 vs 2024", "subtitle": ""}


def mirror_claims():
    # 2017: two Azerbaijani claims against one Chinese figure; 2024 exports: one claim a side.
    return pd.DataFrame({
        "flow": ["turnover", "turnover", "turnover", "exports", "exports"],
        "period_start": pd.to_datetime(["2017-01-01"] * 3 + ["2024-01-01"] * 2),
        "period_end": pd.to_datetime(["2017-12-31"] * 3 + ["2024-12-31"] * 2),
        "period_label": ["2017", "2017", "2017", "2024", "2024"],
        "side": ["azerbaijan", "azerbaijan", "china", "azerbaijan", "china"],
        "record_id": ["jul", "feb", "mirror", "a2", "c2"],
        "value": [1300.0, 1200.0, 964.0, 10.0, 12.5],
        "qualifier": ["about", "about", "exact", "exact", "about"],
        "side_rank": [0, 1, 0, 0, 0],
        "claims": [2, 2, 1, 1, 1],
    })


def test_mirror_chart_gives_each_claim_its_own_bar():
    # The chart must show three bars for 2017 (1200, 1300, 964), not stack the Azerbaijani ones
    # or draw 964 twice.
    spec = charts.mirror(mirror_claims()).to_dict()
    assert [(r["what"], r["bar"], r["value"], r["value_label"], r["claims"]) for r in data_rows(spec)] == [
        ("2017 · Trade turnover", "Azerbaijani side · jul", 1300.0, "~$1.30 bn", 2),
        ("2017 · Trade turnover", "Azerbaijani side · feb", 1200.0, "~$1.20 bn", 2),
        ("2017 · Trade turnover", "Chinese side · mirror", 964.0, "$964.0 m", 1),
        ("2024 · Azerbaijan's exports to China", "Azerbaijani side · a2", 10.0, "$10.0 m", 1),
        ("2024 · Azerbaijan's exports to China", "Chinese side · c2", 12.5, "~$12.5 m", 1),
    ]
    encoding = spec["encoding"]
    assert (encoding["y"]["field"], encoding["y"]["type"]) == ("what", "nominal")
    assert encoding["yOffset"]["field"] == "bar"
    assert (encoding["x"]["field"], encoding["x"]["type"]) == ("value", "quantitative")
    assert encoding["color"]["field"] == "side"
    assert spec["mark"]["type"] == "bar"
    assert spec["title"]["text"] == "Mirror statistics: the same trade as each side reports it"


def test_mirror_chart_draws_at_most_five_claims_a_side():
    many = pd.concat([mirror_claims().iloc[[0]]] * 8, ignore_index=True)
    many["record_id"] = [f"r{i}" for i in range(8)]
    many["side_rank"] = range(8)
    assert [r["record_id"] for r in data_rows(charts.mirror(many).to_dict())] == ["r0", "r1", "r2", "r3", "r4"]


@pytest.mark.parametrize("builder", [charts.annual_turnover, charts.trade_periods])
def test_chart_builders_accept_no_rows(builder):
    empty = frame_of(trade_row("x", "2024-01-01", "2024-12-31", 1.0)).iloc[:0]
    spec = builder(empty).to_dict()
    assert all(rows == [] for rows in spec["datasets"].values())


def test_bounded_keeps_preferred_rows_first_then_order():
    rows = frame_of(*[trade_row(f"r{i}", "2024-01-01", "2024-12-31", float(i), preferred=(i % 3 == 0))
                      for i in range(9)])
    kept, left_out = charts.bounded(rows, limit=4)
    # Preferred: r0, r3, r6; then the first other row, r1; kept in their original order.
    assert kept["record_id"].tolist() == ["r0", "r1", "r3", "r6"]
    assert left_out == 5
    assert charts.bounded(rows, limit=9)[0] is rows and charts.bounded(rows, limit=9)[1] == 0


def test_trade_periods_says_when_figures_were_left_out():
    rows = frame_of(*[trade_row(f"r{i}", "2024-01-01", "2024-12-31", float(i), preferred=(i == 0))
                      for i in range(charts.MAX_MARKS + 10)])
    chart = charts.trade_periods(rows)
    assert len(chart.data("figures")) == charts.MAX_MARKS
    assert chart.note.startswith(f"{charts.MAX_MARKS:,} figures of {charts.MAX_MARKS + 10:,} drawn")
    assert charts.trade_periods(rows.head(3)).note == ""


def test_streamlit_spec_carries_arrow_bytes_under_content_names():
    chart = charts.trade_periods(period_rows())
    spec = chart.streamlit_spec
    (name, data), = spec["datasets"].items()
    assert name.startswith("data-") and isinstance(data, bytes)
    assert {layer["data"]["name"] for layer in spec["layer"]} == {name}
    table = pa.ipc.open_stream(data).read_all()
    assert table.column("record_id").to_pylist() == ["t", "e", "i"]
    # The spec the builder made is left as it was; the same bytes come back on the next call.
    assert chart.spec["layer"][0]["data"] == {"name": "figures"}
    assert chart.streamlit_spec is spec
    # Different data, different name: the browser redraws exactly when the data changes.
    other = charts.trade_periods(period_rows().iloc[:2]).streamlit_spec
    assert set(other["datasets"]) != set(spec["datasets"])


def every_chart(fixture_dataset):
    from tradeviz.views import defaults, overview, timeline, trade

    values = defaults(trade.params(fixture_dataset)) | {"milestones": True, "years": (2019, 2025)}
    shown = trade.select(fixture_dataset, values)
    tl_values = defaults(timeline.params(fixture_dataset)) | {"trade": True}
    return [shown.chart, shown.comparison.chart, shown.section("mirror").chart,
            overview.select(fixture_dataset, {}).chart, timeline.select(fixture_dataset, tl_values).chart]


def test_every_chart_is_valid_vega_lite(fixture_dataset):
    """Specs are never validated on a rerun; this is where they are, against the JSON schema of
    the Vega-Lite version Streamlit and vl-convert draw with."""
    charts_ = every_chart(fixture_dataset)
    assert all(c is not None for c in charts_)
    for chart in charts_:
        assert charts.validation_errors(chart.to_dict()) == [], chart.name


def test_validation_errors_finds_a_broken_spec():
    assert charts.validation_errors({"mark": "nonsense", "encoding": {"x": {"field": "a", "type": "sideways"}}})
