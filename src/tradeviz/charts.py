"""Every chart of the dashboard, as a Vega-Lite specification built once per input.

A builder returns a `ChartSpec`: the Vega-Lite dict (data referenced by name), the data frames
behind it, and what a page or an export needs to show it (height, selection, source line).
Specs are plain dicts, written here rather than through Altair's object model: building and
validating an Altair chart cost a page more than everything else it did, three times per rerun.
Tests validate every spec against the Vega-Lite JSON schema instead (tests/test_charts.py).

Sized and lettered for a projector: large titles and labels, every mark with a tooltip giving
value (with its qualifier), period, reporter and source. Data is bounded before it reaches a
spec: a chart never embeds more than a few thousand rows, however large the dataset.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from tradeviz import periods, schema, words

# The Vega-Lite version Altair 6 and Streamlit 1.67 both speak.
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
TITLE_SIZE = 20
LABEL_SIZE = 14
QUALIFIER_SHAPES = {"exact": "circle", "about": "diamond", "more_than": "triangle-up", "less_than": "triangle-down"}
QUALIFIER_LEGEND = {"exact": "exact", "about": "about (~)", "more_than": "more than (>)", "less_than": "less than (<)"}
FLOW_COLOURS = {"Trade turnover": "#4c78a8", "Azerbaijan's exports to China": "#54a24b",
                "Azerbaijan's imports from China": "#e45756"}
RECORD_SELECTION = "record"
MILESTONE_SELECTION = "milestone"
# Marks a chart draws one by one before it summarises: enough for every real figure, few enough
# for a browser to draw at once.
MAX_MARKS = 600


@dataclass(frozen=True)
class ChartSpec:
    """One chart: `spec` is Vega-Lite without data; `datasets` maps each data name it uses to
    its frame. `height` is the height Streamlit gives the whole element (title and legend
    included); `selection` names the point selection that reruns the page, if any."""

    spec: dict
    datasets: Mapping[str, pd.DataFrame]
    height: int | None  # None: as tall as the spec draws itself
    name: str
    source_note: str = ""
    selection: str | None = None
    note: str = ""  # said under the chart, e.g. when marks were summarised
    extra: dict = field(default_factory=dict)

    @cached_property
    def _arrow(self) -> dict[str, bytes]:
        # Streamlit takes Arrow IPC bytes for named datasets as they are: serialised once per
        # chart, not once per rerun. Names are content hashes, as Streamlit's own Altair path
        # uses, so the browser sees new data exactly when the bytes change.
        out = {}
        for name, frame in self.datasets.items():
            table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            out[name] = sink.getvalue().to_pybytes()
        return out

    @cached_property
    def streamlit_spec(self) -> dict:
        """The spec for st.vega_lite_chart: datasets as Arrow bytes under content-hash names."""
        renames = {name: "data-" + hashlib.sha256(data).hexdigest()[:20] for name, data in self._arrow.items()}
        spec = _rename_data(copy.deepcopy(self.spec), renames)
        spec["datasets"] = {renames[name]: data for name, data in self._arrow.items()}
        return spec

    def to_dict(self) -> dict:
        """The spec with its data inline (JSON-ready): for images, for validation and for tests."""
        spec = copy.deepcopy(self.spec)
        spec["datasets"] = {name: _records(frame) for name, frame in self.datasets.items()}
        return spec

    def data(self, name: str | None = None) -> pd.DataFrame:
        return self.datasets[name or next(iter(self.datasets))]


def _rename_data(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and data.get("name") in renames:
            node["data"] = {"name": renames[data["name"]]}
        for key, value in node.items():
            if key != "data":
                _rename_data(value, renames)
    elif isinstance(node, list):
        for item in node:
            _rename_data(item, renames)
    return node


def _json_value(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if value is pd.NA:
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def config() -> dict:
    """Projector lettering: large titles, axis and legend text; legends below the plot."""
    return {
        "title": {"fontSize": TITLE_SIZE, "anchor": "start", "subtitleFontSize": LABEL_SIZE},
        "axis": {"labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE},
        "legend": {"labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "orient": "bottom", "columns": 2,
                   "labelLimit": 320},
    }


def _top(title: str, subtitle: str, height: int, body: dict, **extra) -> dict:
    spec = {"$schema": VEGA_LITE_SCHEMA, "config": config(), "title": {"text": title, "subtitle": subtitle},
            "width": "container", "height": height}
    spec.update(body)
    spec.update(extra)
    return spec


def field_(name: str, kind: str, title: str | None = None, **more) -> dict:
    out = {"field": name, "type": kind}
    if title is not None:
        out["title"] = title
    out.update(more)
    return out


def tooltip(*pairs: tuple[str, str]) -> list[dict]:
    return [{"field": name, "type": "nominal", "title": title} for name, title in pairs]


# ---- trade -----------------------------------------------------------------------------------

TRADE_TOOLTIP = tooltip(
    ("flow_label", "Flow"), ("period_label", "Period"), ("value_label", "Value"),
    ("growth_label", "Growth as reported"), ("qualifier_label", "Qualifier"), ("reporter_label", "Reporter"),
    ("source_title", "Source"), ("source_publisher", "Publisher"), ("source_published", "Published"),
    ("record_id", "Record"),
)
TRADE_FRAME_COLUMNS = ["record_id", "flow", "flow_label", "period_label", "period_start", "period_end", "year", "mid",
                       "value", "value_label", "growth_label", "qualifier", "qualifier_label", "reporter",
                       "reporter_label", "source_title", "source_publisher", "source_published", "preferred"]


def trade_chart_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns a trade chart encodes, one row per mark (rows need a period and a value)."""
    frame = rows[rows["value"].notna() & rows["period_start"].notna()]
    out = pd.DataFrame({
        "record_id": frame["record_id"].astype("str"),
        "flow": frame["flow"].astype("str"),
        "flow_label": frame["flow"].map(schema.FLOW_LABELS).astype("str"),
        "period_label": frame["period_label"].astype("str"),
        "period_start": frame["period_start"],
        "period_end": frame["period_end"],
        "year": frame["period_end"].dt.year.astype("int64"),
        "mid": frame["period_start"] + (frame["period_end"] - frame["period_start"]) / 2,
        "value": frame["value"].astype("float64"),
        "value_label": words.values_text(frame["value"], frame["unit"], frame["qualifier"]),
        "growth_label": words.growths_text(frame["growth_reported"], frame["growth_unit"], frame["growth_qualifier"]),
        "qualifier": frame["qualifier"].astype("str"),
        "qualifier_label": frame["qualifier"].map(QUALIFIER_LEGEND).astype("str"),
        "reporter": frame["reporter"].astype("str"),
        "reporter_label": frame["reporter"].map(schema.REPORTER_LABELS).astype("str"),
        "source_title": frame["source_title"].astype("str"),
        "source_publisher": frame["source_publisher"].astype("str"),
        "source_published": frame["source_published_label"].astype("str"),
        "preferred": frame["preferred"].astype(bool),
    }, index=frame.index)
    return out[TRADE_FRAME_COLUMNS]


def bounded(rows: pd.DataFrame, limit: int = MAX_MARKS) -> tuple[pd.DataFrame, int]:
    """At most `limit` rows, the preferred figures first: (rows kept in their order, rows left out)."""
    if len(rows) <= limit:
        return rows, 0
    order = np.argsort(~rows["preferred"].to_numpy(dtype=bool), kind="stable")[:limit]
    kept = rows.iloc[np.sort(order)]
    return kept, len(rows) - limit


def consecutive_runs(years: pd.Series) -> pd.Series:
    """Number each run of consecutive years (1, 2, ...) in year order; missing years get <NA>."""
    known = years.dropna().astype("int64").sort_values()
    runs = (known.diff() != 1).cumsum()
    return runs.reindex(years.index).astype("Int64")


def _left_out_note(left_out: int, total: int) -> str:
    if not left_out:
        return ""
    return (f"{words.plural(total - left_out, 'figure')} of {total:,} drawn: every figure a chart uses, then the "
            "other claims up to the limit. Narrow the years, flows or reporters to see each one.")


def annual_turnover(rows: pd.DataFrame, title: str = "Azerbaijan–China trade turnover, full years",
                    subtitle: str = "", source_note: str = "", total: int | None = None) -> ChartSpec:
    """Every annual turnover claim as a point (colour = reporter, shape = qualifier), and a line
    through the figure each year that the preference rule picks. `total` is how many claims
    there are when `rows` are already the ones chosen to draw (`bounded`)."""
    turnover = rows[(rows["flow"] == "turnover")]
    # Calendar years only: Jan 1 to Dec 31 of the same year (a 2019–2020 span is not "2020").
    turnover = turnover[periods.kind(turnover["period_start"], turnover["period_end"]) == periods.ANNUAL]
    kept, left_out = bounded(turnover)
    frame = trade_chart_frame(kept)
    frame["run"] = consecutive_runs(frame["year"].where(frame["preferred"]))
    x = field_("year", "quantitative", "Year", axis={"format": "d", "tickMinStep": 1})
    y = field_("value", "quantitative", "USD million")
    layers = [
        # One line per run of consecutive years: a line across 1992–2011 would claim data nobody gave.
        {"mark": {"type": "line", "color": "#4c78a8", "strokeWidth": 3},
         "transform": [{"filter": "datum.preferred"}],
         "encoding": {"x": x, "y": y, "detail": {"field": "run", "type": "nominal"}}},
        {"mark": {"type": "point", "filled": True, "opacity": 0.9, "size": 140},
         "encoding": {
             "x": x, "y": y,
             "color": field_("reporter_label", "nominal", "Reporter"),
             "shape": field_("qualifier_label", "nominal", "Qualifier",
                             scale={"domain": list(QUALIFIER_LEGEND.values()),
                                    "range": [QUALIFIER_SHAPES[k] for k in QUALIFIER_LEGEND]}),
             "tooltip": TRADE_TOOLTIP}},
    ]
    spec = _top(title, subtitle or "Line: the figure charts use per year; points: every claim", 380,
                {"data": {"name": "turnover"}, "layer": layers})
    total = max(total or 0, len(turnover))
    return ChartSpec(spec, {"turnover": frame}, height=560, name="annual-turnover", source_note=source_note,
                     note=_left_out_note(total - len(frame), total))


def trade_periods(rows: pd.DataFrame, milestones: pd.DataFrame | None = None, title: str = "",
                  subtitle: str = "", source_note: str = "", total: int | None = None) -> ChartSpec:
    """Each figure as a bar across the period it covers (so Jan–Jul is visibly shorter than a
    year) with a point at its end: colour = flow, shape = reporter, a ~ or > label where the
    value is approximate or a bound. Clicking a point selects its record. Milestones, if given,
    are grey vertical rules with their title in the tooltip. `total` is how many figures the
    view holds when `rows` are already the ones chosen to draw (`bounded`)."""
    kept, left_out = bounded(rows)
    drawable = len(rows[rows["value"].notna() & rows["period_start"].notna()])
    if total is not None and total > drawable:
        left_out = total - drawable
    frame = trade_chart_frame(kept)
    frame["qualifier_mark"] = frame["qualifier"].map(schema.QUALIFIER_SYMBOLS).astype("str")
    frame["period_end_day"] = frame["period_end"] + pd.Timedelta(days=1)
    colour = field_("flow_label", "nominal", "Flow",
                    scale={"domain": list(FLOW_COLOURS), "range": list(FLOW_COLOURS.values())})
    y = field_("value", "quantitative", "USD million")
    end = {"field": "period_end_day", "type": "temporal"}
    layers = [
        {"data": {"name": "figures"}, "mark": {"type": "rule", "strokeWidth": 4, "opacity": 0.55},
         "encoding": {"x": field_("period_start", "temporal", "Period covered"), "x2": {"field": "period_end_day"},
                      "y": y, "color": colour, "tooltip": TRADE_TOOLTIP}},
        {"data": {"name": "figures"}, "mark": {"type": "point", "filled": True, "size": 160},
         "params": [{"name": RECORD_SELECTION, "select": {"type": "point", "fields": ["record_id"], "on": "click"}}],
         "encoding": {"x": end, "y": y, "color": colour, "tooltip": TRADE_TOOLTIP,
                      "shape": field_("reporter_label", "nominal", "Reporter"),
                      "opacity": {"condition": {"param": RECORD_SELECTION, "value": 1.0}, "value": 0.35}}},
        {"data": {"name": "figures"},
         "mark": {"type": "text", "dx": 10, "dy": -10, "fontSize": LABEL_SIZE, "fontWeight": "bold"},
         "encoding": {"x": end, "y": y, "color": colour, "text": {"field": "qualifier_mark", "type": "nominal"},
                      "tooltip": TRADE_TOOLTIP}},
    ]
    datasets = {"figures": frame}
    if milestones is not None and not milestones.empty:
        events = milestones[milestones["date_start"].notna()]
        events = events.drop_duplicates("event_key") if "event_key" in events else events
        events = events.head(MAX_MARKS)
        datasets["milestones"] = pd.DataFrame({
            "milestone_id": events["milestone_id"].astype("str"), "date_start": events["date_start"],
            "date_label": events["date_label"].astype("str"), "title": events["title"].astype("str"),
            "kind": events["kind"].astype("str")})
        layers.insert(0, {"data": {"name": "milestones"}, "mark": {"type": "rule", "color": "#888", "strokeDash": [4, 3]},
                          "encoding": {"x": {"field": "date_start", "type": "temporal"},
                                       "tooltip": tooltip(("date_label", "Date"), ("title", "Milestone"),
                                                          ("kind", "Kind"))}})
    spec = _top(title or "Azerbaijan–China trade by period covered",
                subtitle or "Bars span the period each figure covers; ~ about, > more than", 420, {"layer": layers})
    return ChartSpec(spec, datasets, height=620, name="trade-periods", source_note=source_note,
                     selection=RECORD_SELECTION, note=_left_out_note(left_out, total or len(rows)))


def comparison(first: pd.Series, second: pd.Series, title: str, source_note: str = "") -> ChartSpec:
    """Two periods side by side, each bar labelled with its value and qualifier."""
    frame = pd.DataFrame({
        "period": [str(first["period_label"]), str(second["period_label"])],
        "value": [float(first["value"]), float(second["value"])],
        "label": [words.value_text(first["value"], first["unit"], first["qualifier"]),
                  words.value_text(second["value"], second["unit"], second["qualifier"])],
    })
    encoding = {"x": field_("period", "nominal", None, sort=None, axis={"labelAngle": 0, "title": None}),
                "y": field_("value", "quantitative", "USD million"),
                "tooltip": [{"field": "period", "type": "nominal"}, {"field": "label", "type": "nominal"}]}
    layers = [
        {"mark": {"type": "bar", "color": "#4c78a8"}, "encoding": encoding},
        {"mark": {"type": "text", "dy": -10, "fontSize": LABEL_SIZE, "color": "#222"},
         "encoding": {**encoding, "text": {"field": "label", "type": "nominal"}}},
    ]
    spec = _top(title, "", 320, {"data": {"name": "periods"}, "layer": layers})
    return ChartSpec(spec, {"periods": frame}, height=420, name="comparison", source_note=source_note)


# Claims per side and period the mirror chart draws; the rest are counted in the tooltip and
# listed in full under Conflicting figures.
MAX_MIRROR_CLAIMS = 5
SIDE_WORDS = {"azerbaijan": "Azerbaijani side", "china": "Chinese side"}


def mirror(claims: pd.DataFrame, source_note: str = "") -> ChartSpec:
    """Each side's figures for the same period and flow as bars side by side: one bar per claim
    (`metrics.mirror_claims`), so two Azerbaijani claims for one year stand next to each other
    instead of stacking; at most MAX_MIRROR_CLAIMS per side and period, the preferred first."""
    kept = claims[claims["side_rank"] < MAX_MIRROR_CLAIMS].head(MAX_MARKS)
    long = pd.DataFrame({
        "flow": kept["flow"].astype("str"),
        "period_label": kept["period_label"].astype("str"),
        "side": kept["side"].map(SIDE_WORDS).astype("str"),
        "record_id": kept["record_id"].astype("str"),
        "value": kept["value"].astype("float64"),
        "value_label": words.values_text(kept["value"], ["usd_million"] * len(kept), kept["qualifier"]),
        "claims": kept["claims"].astype("int64"),
    })
    long["what"] = (long["period_label"] + " · " + long["flow"].map(schema.FLOW_LABELS)).astype("str")
    long["bar"] = (long["side"] + " · " + long["record_id"]).astype("str")
    body = {"data": {"name": "claims"}, "mark": {"type": "bar"}, "encoding": {
        "y": field_("what", "nominal", None, sort=None, axis={"labelLimit": 400, "title": None}),
        "yOffset": {"field": "bar", "type": "nominal", "sort": "ascending"},
        "x": field_("value", "quantitative", "USD million"),
        "color": field_("side", "nominal", "Reported by"),
        "tooltip": tooltip(("period_label", "Period"), ("side", "Side"), ("value_label", "Value"),
                           ("claims", "Claims on this side"), ("record_id", "Record")),
    }}
    groups = long["what"].nunique()
    height = max(160, 24 * len(long) + 24 * groups)
    spec = _top("Mirror statistics: the same trade as each side reports it", "", height, body)
    return ChartSpec(spec, {"claims": long}, height=height + 140, name="mirror", source_note=source_note)


# ---- timeline --------------------------------------------------------------------------------

PRECISION_WORDS = {"day": "day", "month": "month (drawn across the month)", "year": "year (drawn across the year)"}
# Keyed by precision code, drawn hollow where only the month or year is known.
PRECISION_SHAPES = {"day": "circle", "month": "diamond", "year": "square"}
PRECISION_FILL = {"day": 0.9, "month": 0.15, "year": 0.15}
TIMELINE_TOOLTIP = tooltip(
    ("date_label", "Date"), ("title", "Milestone"), ("kind", "Kind"), ("areas", "Policy areas"), ("actors", "Actors"),
    ("precision_words", "Date known to the"), ("source", "Source"),
)
LANE_HEIGHT = 64


def _year_start(year: int) -> dict:
    return {"year": year, "month": 1, "date": 1}


def timeline(frame: pd.DataFrame, lanes: list[str], years: tuple[int, int],
             turnover: pd.DataFrame | None = None, subtitle: str = "", source_note: str = "",
             summary: pd.DataFrame | None = None) -> ChartSpec:
    """Lanes of milestones on a time axis over exactly the chosen years.

    Each milestone is a point at the middle of its known span (shape = how precisely the date is
    known, hollow when only the month or year is known) over a pale bar across the span. Clicking
    a point selects the milestone; the selected one is larger and labelled. Annual turnover, if
    given, is a pale grey bar across each year, on its own axis at the right.

    `summary` (lane, year, count) replaces the marks when there are too many to draw one by one:
    each lane-year is then a cell shaded by how many milestones it holds.
    """
    time_scale = {"domain": [_year_start(years[0]), _year_start(years[1] + 1)]}
    span = years[1] - years[0] + 1
    axis = {"format": "%Y", "labelAngle": 0, "grid": True, "tickCount": {"interval": "year", "step": max(1, span // 12)}}
    x = field_("mid", "temporal", None, scale=time_scale, axis={**axis, "title": None})
    y = field_("lane", "nominal", None, sort=lanes, scale={"domain": lanes},
               axis={"labelLimit": 260, "labelFontWeight": "bold", "title": None})
    colour_scale = {"domain": lanes, "scheme": "tableau10"}
    datasets: dict[str, pd.DataFrame] = {}
    selection = None
    if summary is None:
        datasets["marks"] = frame
        colour = {"field": "lane", "type": "nominal", "legend": None, "scale": colour_scale}
        layers = [
            {"mark": {"type": "bar", "opacity": 0.25, "height": {"band": 0.5}, "clip": True},
             "encoding": {"x": {"field": "start", "type": "temporal", "scale": time_scale}, "x2": {"field": "end"},
                          "y": y, "color": colour, "tooltip": TIMELINE_TOOLTIP}},
            {"mark": {"type": "point", "strokeWidth": 2.5, "clip": True},
             "params": [{"name": MILESTONE_SELECTION,
                         "select": {"type": "point", "fields": ["milestone_id"], "on": "click", "clear": "dblclick"}}],
             "encoding": {
                 "x": x, "y": y, "color": colour, "tooltip": TIMELINE_TOOLTIP,
                 "shape": field_("precision", "nominal", "Date known to the",
                                 scale={"domain": list(PRECISION_SHAPES), "range": list(PRECISION_SHAPES.values())},
                                 legend={"labelExpr": f"{json.dumps(PRECISION_WORDS)}[datum.label]"}),
                 "fill": {"field": "lane", "type": "nominal", "legend": None, "scale": colour_scale},
                 "fillOpacity": {"field": "precision", "type": "nominal", "legend": None,
                                 "scale": {"domain": list(PRECISION_FILL), "range": list(PRECISION_FILL.values())}},
                 "size": {"condition": {"test": "datum.selected", "value": 560}, "value": 260},
                 "opacity": {"condition": {"param": MILESTONE_SELECTION, "value": 1.0}, "value": 0.45}}},
            {"transform": [{"filter": "datum.selected"}],
             "mark": {"type": "text", "align": "left", "dx": 16, "dy": -16, "fontSize": LABEL_SIZE,
                      "fontWeight": "bold", "color": "#222"},
             "encoding": {"x": x, "y": y, "text": {"field": "title", "type": "nominal"}}},
        ]
        marks = {"data": {"name": "marks"}, "layer": layers}
        selection = MILESTONE_SELECTION
    else:
        datasets["summary"] = summary
        cell = {"x": {"field": "start", "type": "temporal", "scale": time_scale, "axis": {**axis, "title": None}},
                "x2": {"field": "end"}, "y": y,
                "tooltip": tooltip(("lane", "Lane"), ("year", "Year"), ("count_label", "Milestones"))}
        marks = {"data": {"name": "summary"}, "layer": [
            {"mark": {"type": "rect", "clip": True, "height": {"band": 0.7}},
             "encoding": {**cell, "color": {"field": "count", "type": "quantitative", "title": "Milestones",
                                            "scale": {"scheme": "blues", "type": "sqrt"}}}},
            {"mark": {"type": "text", "fontSize": 11, "clip": True},
             "encoding": {"x": {"field": "mid", "type": "temporal", "scale": time_scale}, "y": y,
                          "text": {"field": "count_short", "type": "nominal"}}},
        ]}
    height = max(180, LANE_HEIGHT * len(lanes))
    body: dict = marks
    if turnover is not None and not turnover.empty:
        datasets["turnover"] = turnover
        # A pale backdrop behind the lanes, so milestones stay in front and read first.
        value = field_("value", "quantitative", "Trade turnover, USD m (grey)",
                       scale={"domain": [0, float(turnover["value"].max()) * 1.15]},
                       axis={"orient": "right", "titleColor": "#666", "labelColor": "#666", "grid": False})
        # Each year's figure spans its year, so a year without a figure is a visible gap.
        trade_encoding = {"x": {"field": "start", "type": "temporal", "scale": time_scale}, "x2": {"field": "end"},
                          "y": value, "tooltip": [{"field": "year", "type": "ordinal", "title": "Year"},
                                                  {"field": "value_label", "type": "nominal", "title": "Trade turnover"},
                                                  {"field": "source", "type": "nominal", "title": "Source"}]}
        trade = {"data": {"name": "turnover"}, "layer": [
            {"mark": {"type": "rect", "color": "#999", "opacity": 0.15, "clip": True},
             "encoding": {**trade_encoding, "y2": {"datum": 0}}},
            {"mark": {"type": "rule", "color": "#777", "strokeWidth": 2.5, "clip": True}, "encoding": trade_encoding},
        ]}
        body = {"layer": [trade, marks], "resolve": {"scale": {"y": "independent"}}}
    else:
        body = {"layer": [marks]}
    spec = _top("Azerbaijan–China milestones", subtitle, height, body,
                # fit-x: the height is the lanes' own; Streamlit's default "fit" would squeeze
                # them under the title and legend.
                autosize={"type": "fit-x", "contains": "padding"})
    return ChartSpec(spec, datasets, height=None, name="timeline", source_note=source_note,
                     selection=selection)


def validation_errors(spec: dict) -> list[str]:
    """What the Vega-Lite JSON schema finds wrong with a spec (for tests: never on a rerun)."""
    import jsonschema
    from altair.vegalite.v6.schema import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:200]}"
            for e in validator.iter_errors(json.loads(json.dumps(spec)))]
