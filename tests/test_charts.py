import math
import re

import pandas as pd
import pyarrow as pa
import pytest
from pandas.testing import assert_series_equal

from tradeviz import charts, export, metrics, provenance
from vega import validation_errors


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


def series_rows():
    """An annual series as metrics.annual_series gives it, with words as views.series adds them."""
    series = pd.DataFrame({
        "flow": ["turnover", "turnover", "turnover", "exports", "imports", "balance"],
        "year": [2016, 2017, 2019, 2017, 2017, 2017],
        "value": [769.0, 1300.0, 2180.0, 577.0, 850.0, -273.0],
        "low": [768.5, 1250.0, 2175.0, 576.5, 845.0, -278.5],
        "high": [769.5, 1350.0, math.inf, 577.5, 855.0, -267.5],
        "qualifier": ["exact", "about", "more_than", "exact", "about", "derived"],
        "record_id": ["t16", "t17", "t19", "x17", "m17", ""],
        "derived": [False, False, False, False, False, True],
    })
    claims = pd.DataFrame({"flow": ["turnover"], "year": [2017], "value": [1200.0], "low": [1150.0],
                           "high": [1250.0], "qualifier": ["about"], "record_id": ["t17-other"], "derived": [False]})
    return charts.series_frame(series), charts.series_frame(claims)


def test_series_frame_words_and_drawn_ranges():
    series, claims = series_rows()
    assert series["flow_label"].tolist() == [
        "Trade turnover", "Trade turnover", "Trade turnover", "Azerbaijan's exports to China",
        "Azerbaijan's imports from China", "Balance (exports − imports)"]
    assert series["year_label"].tolist() == ["2016", "2017", "2019", "2017", "2017", "2017"]
    # An open range ("more than") has no finite top: no bar is drawn for it.
    assert series["low_drawn"].tolist()[2] == 2175.0 and math.isnan(series["high_drawn"].tolist()[2])
    assert series["qualifier_label"].tolist() == [
        "exact", "about (~)", "more than (>)", "exact", "about (~)", "derived"]
    assert (series["value_label"] == "").all() and claims["derived"].tolist() == [False]


def test_consecutive_runs_by_breaks_each_flow_at_its_gaps():
    series, _ = series_rows()
    # Turnover 2016, 2017 | 2019: two runs; every other flow has one year.
    assert charts.consecutive_runs_by(series, "flow_label").tolist() == [1, 1, 2, 1, 1, 1]


def test_annual_series_draws_each_year_on_its_tick():
    series, claims = series_rows()
    spec = charts.annual_series(series, claims, (2016, 2019)).to_dict()
    *_, ranges, line, others, marks = spec["layer"]
    for layer in (ranges, line, others, marks):
        x = layer["encoding"]["x"]
        # A year is a number on the axis: the 2017 figure at x = 2017, the tick labelled 2017,
        # half a year of room either side of the first and last.
        assert (x["field"], x["type"]) == ("year", "quantitative")
        assert x["scale"] == {"domain": [2015.5, 2019.5], "nice": False}
        assert x["axis"]["values"] == [2016, 2017, 2018, 2019] and x["axis"]["format"] == "d"
    assert [r["year"] for r in data_rows(spec, marks)] == [2016, 2017, 2019, 2017, 2017, 2017]
    # The range bar runs from low to high where both are finite.
    assert ranges["mark"]["type"] == "rule"
    assert (ranges["encoding"]["y"]["field"], ranges["encoding"]["y2"]) == ("low_drawn", {"field": "high_drawn"})
    # The line breaks at the missing 2018; the balance is dashed (derived).
    assert line["encoding"]["detail"] == {"field": "run", "type": "nominal"}
    assert line["encoding"]["strokeDash"]["field"] == "derived"
    assert others["mark"]["filled"] is False and data_rows(spec, others)[0]["record_id"] == "t17-other"
    assert marks["params"][0]["name"] == charts.RECORD_SELECTION
    assert dict(zip(marks["encoding"]["shape"]["scale"]["domain"], marks["encoding"]["shape"]["scale"]["range"])) == {
        "exact": "circle", "about (~)": "diamond", "more than (>)": "triangle-up", "derived": "square"}
    # The balance is negative: a zero line is drawn first.
    assert spec["layer"][0]["encoding"]["y"] == {"field": "zero", "type": "quantitative"}
    colours = marks["encoding"]["color"]["scale"]
    assert colours["domain"] == ["Trade turnover", "Azerbaijan's exports to China",
                                 "Azerbaijan's imports from China", "Balance (exports − imports)"]


def test_annual_series_ticks_thin_out_over_many_years():
    series, claims = series_rows()
    spec = charts.annual_series(series, claims, (1992, 2025)).to_dict()
    # 34 years: every fourth year labelled (34 / 10, rounded up), starting at the first: 9 labels,
    # at most MOST_TICKS (10).
    assert spec["layer"][-1]["encoding"]["x"]["axis"]["values"] == list(range(1992, 2026, 4))
    assert charts.year_step((2016, 2025)) == 1 and charts.year_step((2015, 2025)) == 2


def test_year_axis_events_sit_where_their_date_falls_in_the_year():
    milestones = pd.DataFrame({
        "milestone_id": ["a", "b", "c", "d"], "event_key": ["a", "b", "c", "c"],
        "date_start": pd.to_datetime(["2024-01-01", "2024-07-02", "2025-12-31", "2025-12-31"]),
        "date_label": ["1 Jan 2024", "2 Jul 2024", "31 Dec 2025", "31 Dec 2025"],
        "title": ["A", "B", "C", "C again"], "kind": ["visit"] * 4})
    at = charts.year_axis_events(milestones, (2024, 2025))
    # The 2024 tick is the middle of 2024: 1 January (day 1 of 366) at 2024 + 0.5/366 - 0.5;
    # 2 July (day 184) at 2024 + 183.5/366 - 0.5 = 2024.0014; one rule per event.
    assert at["title"].tolist() == ["A", "B", "C"]
    assert at["at"].tolist() == pytest.approx([2024 + 0.5 / 366 - 0.5, 2024 + 183.5 / 366 - 0.5,
                                               2025 + 364.5 / 365 - 0.5])
    assert charts.year_axis_events(milestones, (2025, 2025))["title"].tolist() == ["C"]


def test_annual_series_on_fixture(fixture_dataset):
    rows = metrics.with_intervals(metrics.preferred(
        provenance.attach_sources(fixture_dataset["trade"], fixture_dataset["sources"]), fixture_dataset["sources"]))
    series = metrics.annual_series(metrics.chosen(rows))
    # Annual turnover chosen: 2020 f02, 2021 f03 (f04 flagged), 2023 f05, 2024 f06; 2019's only
    # claim is flagged, so there is no 2019 value.
    assert series[["flow", "year", "record_id"]].values.tolist() == [
        ["turnover", 2020, "f02"], ["turnover", 2021, "f03"], ["turnover", 2023, "f05"], ["turnover", 2024, "f06"]]
    spec = charts.annual_series(charts.series_frame(series), charts.series_frame(series.iloc[:0]),
                                (2020, 2024)).to_dict()
    assert [r["run"] for r in spec["datasets"]["series"]] == [1, 1, 2, 2]


def test_indexed_series_and_balance():
    figures = pd.DataFrame({
        "flow": ["exports", "imports", "exports", "imports"], "year": [2020, 2020, 2021, 2021],
        "period_start": pd.to_datetime(["2020-01-01"] * 2 + ["2021-01-01"] * 2),
        "period_end": pd.to_datetime(["2020-12-31"] * 2 + ["2021-12-31"] * 2),
        "value": [100.0, 400.0, 150.0, 500.0], "value_low": [99.5, 395.0, 149.5, 495.0],
        "value_high": [100.5, 405.0, 150.5, 505.0], "qualifier": ["exact"] * 4, "record_id": ["e0", "i0", "e1", "i1"],
    })
    series = metrics.annual_series(figures)
    balance = series[series["flow"] == "balance"]
    # 100 - 400 = -300, range [99.5 - 405, 100.5 - 395] = [-305.5, -294.5]; 150 - 500 = -350.
    assert balance[["year", "value", "low", "high"]].values.tolist() == [
        [2020, -300.0, -305.5, -294.5], [2021, -350.0, -355.5, -344.5]]
    assert balance["derived"].all() and (balance["qualifier"] == "derived").all()
    index = metrics.indexed(series)
    # Exports 2021: 150 / 100 · 100 = 150, range [149.5 / 100.5, 150.5 / 99.5] · 100; the
    # balance cannot be indexed (its first year is negative) and is left out.
    exports = index[(index["flow"] == "exports") & (index["year"] == 2021)].iloc[0]
    assert exports["value"] == 150.0
    assert (exports["low"], exports["high"]) == pytest.approx((149.5 / 100.5 * 100, 150.5 / 99.5 * 100))
    assert set(index["flow"]) == {"exports", "imports"}


def part_year_figures():
    return pd.DataFrame({
        "group": ["Jan–Jul", "Jan–Jul", "Jan–Mar"], "group_order": [107, 107, 103], "year": [2024, 2025, 2025],
        "flow_label": ["Trade turnover"] * 3, "period_label": ["2024 Jan–Jul", "2025 Jan–Jul", "2025 Jan–Mar"],
        "value": [math.nan, 2450.0, 1000.0], "low_drawn": [1932.8, 2445.0, 1000.0],
        "high_drawn": [1956.2, 2455.0, math.nan], "value_label": ["a", "b", "c"], "range_label": ["", "", ""],
        "mark_label": ["", "", ">"], "note": ["", "", ""], "source_title": ["", "", ""], "record_id": ["q", "q", "r"],
        "derived": [True, False, False],
    })


def test_part_year_chart_puts_the_same_months_side_by_side():
    spec = charts.part_year(part_year_figures()).to_dict()
    # One panel per span of months, in calendar order; in each, the years side by side.
    assert spec["facet"]["column"]["field"] == "group" and spec["facet"]["column"]["sort"] == ["Jan–Mar", "Jan–Jul"]
    assert spec["resolve"] == {"scale": {"x": "independent"}}
    bars, implied, ranges, labels, implied_label = spec["spec"]["layer"]
    assert bars["transform"] == [{"filter": "!datum.derived"}] and bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "year" and bars["encoding"]["xOffset"]["field"] == "flow_label"
    assert bars["params"][0]["name"] == charts.RECORD_SELECTION
    # A value a reported growth implies is a dashed hollow box over its year, from zero to the
    # middle of its range, never a filled bar; the range is a rule over it, as for any figure.
    assert implied["transform"][0] == {"filter": "datum.derived"}
    assert implied["mark"]["strokeDash"] and "y2" not in implied["encoding"]
    assert implied_label["encoding"]["text"] == {"value": "implied"}
    assert ranges["encoding"]["y"]["field"] == "low_drawn" and labels["encoding"]["text"]["field"] == "mark_label"
    assert validation_errors(spec) == []


def test_an_implied_base_is_drawn_at_the_charts_scale():
    svg = export.chart_svg(charts.part_year(part_year_figures()).to_dict())

    def heights(name):
        """The heights of the bars of layer `name`, in every panel (a panel without any is '<g …/>')."""
        groups = re.findall(rf'<g class="mark-rect role-mark {name}_marks"[^>]*(?<!/)>(.*?)</g>', svg, re.S)
        return [float(h) for group in groups
                for h in re.findall(r'<path[^>]*d="M[-\d.]+,[-\d.]+h[-\d.]+v([-\d.]+)', group)]

    implied, = heights(charts.IMPLIED_BASES)
    stated = max(heights(charts.PART_YEAR_BARS))
    # Jan–Jul 2024 could be 1,932.8–1,956.2: its box rises to 1,944.5, beside 2,450 stated for
    # Jan–Jul 2025, at the same scale: 1,944.5 / 2,450 of that bar's height (it was a 6-px tick).
    assert implied / stated == pytest.approx(1944.5 / 2450, rel=0.01)


def test_part_year_bars_narrow_to_fit_the_page():
    figures = part_year_figures()
    # 3 years over two panels (Jan–Mar: 2025; Jan–Jul: 2024, 2025), one flow: room for 26 px bars.
    assert charts.part_year_step(figures, 2, 1) == 26
    many = pd.DataFrame({"group": ["Jan–Mar"] * 40, "year": range(1990, 2030)})
    # 40 years × 3 flows = 120 bars in 680 px: 5 px each; never under 4.
    assert charts.part_year_step(many, 1, 3) == 680 // 120 == 5
    assert charts.part_year_step(pd.concat([many] * 3, keys=["a", "b", "c"]).reset_index()
                                 .assign(group=lambda f: f["level_0"]), 3, 3) == 4


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
    # Each bar ends the day after its period ends, so a full year spans the whole year, and its
    # point sits in the middle: 2024 (366 days) at noon on 1 July 2024, never on 2025.
    assert {rid: r["period_end_day"][:10] for rid, r in rows.items()} == {
        "t": "2025-01-01", "e": "2025-08-01", "i": "2025-08-01"}
    # 1 Jan to 1 Aug 2025 is 212 days: the middle is 106 days in, 16 April.
    assert {rid: r["mid"][:16] for rid, r in rows.items()} == {
        "t": "2024-07-02T00:00", "e": "2025-04-17T00:00", "i": "2025-04-17T00:00"}
    assert {rid: r["covers"] for rid, r in rows.items()} == {
        "t": "a calendar year", "e": "part of a year", "i": "part of a year"}
    assert spans["encoding"]["strokeDash"]["field"] == "covers"
    assert points["encoding"]["x"] == {"field": "mid", "type": "temporal"}
    assert {rid: r["qualifier_mark"] for rid, r in rows.items()} == {"t": "", "e": "~", "i": ">"}
    assert spans["mark"]["type"] == "rule"
    assert (spans["encoding"]["x"]["field"], spans["encoding"]["x"]["type"]) == ("period_start", "temporal")
    assert spans["encoding"]["x2"] == {"field": "period_end_day"}
    assert spans["encoding"]["color"]["field"] == "flow_label"
    assert spans["encoding"]["color"]["scale"]["domain"] == [
        "Trade turnover", "Azerbaijan's exports to China", "Azerbaijan's imports from China"]
    assert points["mark"]["type"] == "point"
    assert points["encoding"]["shape"]["field"] == "qualifier_label"
    assert marks["mark"]["type"] == "text"
    assert marks["encoding"]["text"] == {"field": "qualifier_mark", "type": "nominal"}
    # Clicking a point selects its record; the selection lives on the point layer.
    (param,) = points["params"]
    assert param["name"] == charts.RECORD_SELECTION == "record"
    assert param["select"] == {"type": "point", "fields": ["record_id"], "on": "click"}
    assert "params" not in spec and "params" not in spans and "params" not in marks
    assert points["encoding"]["opacity"]["condition"]["param"] == "record"
    assert spec["title"]["text"] == "Azerbaijan–China trade by period covered"
    assert "solid for a calendar year, dashed for part of one" in spec["title"]["subtitle"]


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
    bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["color"]["field"] == "side"
    # Each bar is labelled with its figure.
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "value_label"
    assert spec["title"]["text"] == "Mirror statistics: the same trade as each side reports it"


def test_mirror_chart_draws_at_most_five_claims_a_side():
    many = pd.concat([mirror_claims().iloc[[0]]] * 8, ignore_index=True)
    many["record_id"] = [f"r{i}" for i in range(8)]
    many["side_rank"] = range(8)
    assert [r["record_id"] for r in data_rows(charts.mirror(many).to_dict())] == ["r0", "r1", "r2", "r3", "r4"]


def test_chart_builders_accept_no_rows():
    empty = frame_of(trade_row("x", "2024-01-01", "2024-12-31", 1.0)).iloc[:0]
    series, claims = series_rows()
    for chart in (charts.trade_periods(empty), charts.annual_series(series.iloc[:0], claims.iloc[:0], (2020, 2021)),
                  charts.part_year(part_year_figures().iloc[:0])):
        spec = chart.to_dict()
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
        assert validation_errors(chart.to_dict()) == [], chart.name


def test_validation_errors_finds_a_broken_spec():
    assert validation_errors({"mark": "nonsense", "encoding": {"x": {"field": "a", "type": "sideways"}}})


def test_for_phone_makes_legends_one_column_and_axes_short():
    series, claims = series_rows()
    spec = charts.annual_series(series, claims, (2016, 2019)).streamlit_spec
    phone = charts.for_phone(spec)
    marks = phone["layer"][-1]
    # One legend column, a few short value labels beside the plot (never over its marks), the data
    # shared, the page's spec kept.
    assert marks["encoding"]["color"]["legend"]["columns"] == 1
    assert marks["encoding"]["y"]["axis"] == {"title": None, "labelExpr": charts.PHONE_NUMBER,
                                              "tickCount": charts.QUANTITATIVE_TICKS, "labelPadding": 2,
                                              "ticks": False, "domain": False}
    assert marks["encoding"]["x"]["axis"]["format"] == "d"  # years stay years
    assert phone["datasets"] is spec["datasets"]
    assert spec["layer"][-1]["encoding"]["color"]["legend"]["columns"] == 2


def test_for_phone_narrows_panels():
    figures = part_year_figures()
    phone = charts.for_phone(charts.part_year(figures).to_dict())
    # 2 panels, 3 bars (one flow, three years): (250 - 8) // 3 = 80, at most 26.
    assert phone["spec"]["width"] == {"step": 26} and phone["spacing"] == 8
    assert phone["facet"]["column"]["header"]["labelFontSize"] == 10


def test_ranked_products_draws_largest_first_with_labels():
    frame = pd.DataFrame({"product": ["84 Machinery", "85 Electrical"], "value": [0.4, 0.35],
                          "value_label": ["$400 k", "$350 k"]})
    chart = charts.ranked_products(frame, "Largest products", "HS chapters")
    bars, inside, outside = chart.spec["layer"]
    assert inside["encoding"]["text"]["field"] == "value_label"
    assert chart.spec["height"] == 120   # 26 px a product, at least 120
    # A label of a bar over half the longest sits inside its end; the others right of their bar.
    assert inside["transform"] == [{"filter": "datum.value > 0.5 * datum.largest"}]
    assert (inside["mark"]["align"], outside["mark"]["align"]) == ("right", "left")
    assert validation_errors(chart.to_dict()) == []


def test_phone_axes_write_small_and_large_numbers_short_and_true():
    # Drawn by Vega itself: 0.2 (USD million) stays 0.2, never "200m"; thousands become "k".
    small = pd.DataFrame({"product": ["84 Machinery", "85 Electrical machinery and equipment and parts thereof"],
                          "value": [0.4, 0.2], "value_label": ["$400 k", "$200 k"]})
    large = small.assign(value=[4000.0, 2000.0])
    for frame, expected, absent in ((small, "0.2", "200m"), (large, "2k", "2000")):
        spec = charts.for_phone(charts.ranked_products(frame, "Largest").to_dict())
        assert spec["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == charts.PHONE_NAME_LIMIT
        # Values across the bottom stay under the plot, not written over the bars.
        assert "labelBaseline" not in spec["layer"][0]["encoding"]["x"]["axis"]
        labels = re.findall(r">([^<]+)</text>", export.chart_svg(spec))
        assert expected in labels and absent not in labels


def test_ranked_products_are_drawn_largest_at_the_top_whatever_their_names():
    # Names in alphabetical order are smallest first: a sort Vega-Lite drops would show them so.
    frame = pd.DataFrame({"product": ["01 Animals", "84 Machinery", "27 Fuels"], "value": [0.1, 0.5, 2.0],
                          "value_label": ["$100 k", "$500 k", "$2.00 m"]})
    svg = export.chart_svg(charts.ranked_products(frame, "Largest products").to_dict())
    drawn_at = {name: float(y) for y, name in re.findall(r'translate\(-?[\d.]+,([\d.]+)\)"[^>]*>([^<]+)</text>', svg)}
    assert drawn_at["27 Fuels"] < drawn_at["84 Machinery"] < drawn_at["01 Animals"]


def test_product_series_puts_each_year_on_its_tick_and_breaks_at_gaps():
    frame = pd.DataFrame({"year": [2020, 2021, 2023, 2020], "value": [1.0, 2.0, 3.0, 4.0],
                          "side": ["A reports", "A reports", "A reports", "B reports"],
                          "value_label": ["$1.00 m", "$2.00 m", "$3.00 m", "$4.00 m"]})
    chart = charts.product_series(frame, (2020, 2023), "HS 84: each year")
    x = chart.spec["layer"][1]["encoding"]["x"]
    assert x["scale"]["domain"] == [2019.5, 2023.5] and x["axis"]["values"] == [2020, 2021, 2022, 2023]
    # 2022 is missing for A: its line is two runs, so no line is drawn across the missing year.
    assert list(chart.data("series")["run"]) == ["A reports 1", "A reports 1", "A reports 2", "B reports 1"]
    assert chart.spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == ["A reports", "B reports"]
    assert validation_errors(chart.to_dict()) == []


def test_product_series_image_has_a_few_round_value_ticks():
    """At 1920×1080 Vega's default drew 25 value labels (0.00, 0.05, … 1.20): a few round ones
    read on a projector."""
    frame = pd.DataFrame({"year": [2023, 2024, 2023, 2024], "value": [0.3, 0.4, 0.9, 1.2],
                          "side": ["A reports", "A reports", "B reports", "B reports"],
                          "value_label": ["$300 k", "$400 k", "$900 k", "$1.20 m"]})
    svg = export.chart_svg(export.image_spec(charts.product_series(frame, (2023, 2024), "HS 84: each year")))
    labels = [re.findall(r">([^<]+)</text>", group) for group in re.findall(r"role-axis-label[^>]*>(.*?)</g>", svg, re.S)]
    assert labels == [["2023", "2024"], ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"]]
