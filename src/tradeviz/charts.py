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
import threading
from collections import abc
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from tradeviz import labels, periods, schema, words

# The Vega-Lite version Altair 6 and Streamlit 1.67 both speak.
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
TITLE_SIZE = 20
LABEL_SIZE = 14
QUALIFIER_SHAPES = {"exact": "circle", "about": "diamond", "more_than": "triangle-up", "less_than": "triangle-down"}
QUALIFIER_LEGEND = {"exact": "exact", "about": "about (~)", "more_than": "more than (>)", "less_than": "less than (<)"}
FLOW_COLOURS = {"Trade turnover": "#4c78a8", "Azerbaijan's exports to China": "#54a24b",
                "Azerbaijan's imports from China": "#e45756", "Balance (exports − imports)": "#7b4f9d"}
SERIES_LABELS = {"turnover": "Trade turnover", "exports": "Azerbaijan's exports to China",
                 "imports": "Azerbaijan's imports from China", "balance": "Balance (exports − imports)"}
MEASURE_TITLES = {"usd": "USD million", "index": "Index, first year shown = 100"}
RECORD_SELECTION = "record"
MILESTONE_SELECTION = "milestone"
# Marks a chart draws one by one before it summarises: enough for every real figure, few enough
# for a browser to draw at once.
MAX_MARKS = 600
# The layer of one value per flow and year: named, so its marks can be found in the drawn SVG
# (Vega gives them the class "<name>_marks").
SERIES_MARKS = "annual_values"


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
        # On a page the title is the page's own heading, which wraps on a phone; a title drawn
        # by Vega cannot wrap and is cut at the chart's width.
        if not self.extra.get("keep_title"):
            spec.pop("title", None)
        spec["datasets"] = {renames[name]: data for name, data in self._arrow.items()}
        return spec

    @property
    def description(self) -> str:
        """The chart in one sentence, from its data: its text alternative (Vega also gives it to
        screen readers as the drawing's label)."""
        return str(self.spec.get("description", ""))

    @property
    def title(self) -> str:
        title = self.spec.get("title") or {}
        return title.get("text", "") if isinstance(title, dict) else str(title)

    @property
    def subtitle(self) -> str:
        title = self.spec.get("title") or {}
        return title.get("subtitle", "") if isinstance(title, dict) else ""

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
        # JSON has no infinity: an open bound ("more than") is drawn as no bound.
        return float(value) if math.isfinite(value) else None
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


# ---- on a slide and in an exported image -------------------------------------------------------

# Type that reads from the back of a room on a 1920×1080 screen (and on the image of that size):
# nothing under 18 pixels.
PRESENTATION_TITLE = 40
PRESENTATION_SUBTITLE = 24
PRESENTATION_LABEL = 22
PRESENTATION_MIN_TEXT = 18
PRESENTATION_PADDING = 28
# Average advance of a character of the default sans-serif, as a share of its size: what a line
# of a given width holds. Erring wide keeps a wrapped line inside the image.
CHARACTER_WIDTH = 0.6
# At most about this many labels on an axis (a year axis steps over years to stay under it).
MOST_TICKS = 10
# Vega's round ticks for a value axis come out at up to 1.6 × the count asked plus one: asking
# for 5 gives 5 to 9 (0–1,300 USD m: 0, 200 … 1,200; left to itself, 14, every other one hidden).
QUANTITATIVE_TICKS = 5


@dataclass(frozen=True)
class Lettering:
    """The type of a chart drawn to a size: on a slide and in an image (PRESENTATION), or on a
    printed page (PRINT). `variant` names the layout of a timeline it takes (see `variant`)."""

    title: int
    subtitle: int
    label: int
    min_text: int
    padding: int
    font: str
    variant: str


PRESENTATION = Lettering(PRESENTATION_TITLE, PRESENTATION_SUBTITLE, PRESENTATION_LABEL, PRESENTATION_MIN_TEXT,
                         PRESENTATION_PADDING, "sans-serif", "present")
# On A4 at 96 CSS pixels to the inch, 13 px is 9.75 pt: nothing printed under 9 pt. One font, named,
# which the image engine measures and the PDF engine draws alike (Debian's fonts-dejavu-core), so
# a label measured to fit is drawn the same width.
PRINT_FONT = "DejaVu Sans"
PRINT = Lettering(17, 13, 13, 13, 4, PRINT_FONT, "print")


def presentation_config(lettering: Lettering = PRESENTATION) -> dict:
    size = lettering.label
    return {
        "font": lettering.font,
        "title": {"fontSize": lettering.title, "anchor": "start", "subtitleFontSize": lettering.subtitle,
                  "subtitlePadding": 8, "offset": 16},
        "axis": {"labelFontSize": size, "titleFontSize": size, "labelLimit": 420},
        # A few round values up the side, whatever the height; the unit written across, above the
        # values, never turned sideways beside them.
        "axisQuantitative": {"tickCount": QUANTITATIVE_TICKS},
        "axisLeft": {"titleAngle": 0, "titleAlign": "left", "titleAnchor": "end", "titleBaseline": "bottom",
                     "titleX": 0, "titleY": -8},
        "axisRight": {"titleAngle": 0, "titleAlign": "right", "titleAnchor": "end", "titleBaseline": "bottom",
                      "titleX": 0, "titleY": -8},
        "header": {"labelFontSize": size, "titleFontSize": size},
        "legend": {"labelFontSize": size, "titleFontSize": size, "orient": "bottom", "columns": 2,
                   "labelLimit": 640, "titleLimit": 640, "symbolSize": round(size * size * 0.45), "symbolOpacity": 1,
                   "columnPadding": round(size * 1.5)},
        "view": {"stroke": None},
    }


def year_step(years: tuple[int, int]) -> int:
    """Every how many years a year axis writes a label: at most MOST_TICKS labels over `years`."""
    return max(1, math.ceil((years[1] - years[0] + 1) / MOST_TICKS))


def wrap_text(text: str, width: int, font_size: int) -> list[str]:
    """`text` in lines that fit `width` pixels at `font_size`, broken between words."""
    import textwrap

    if not text:
        return []
    per_line = max(16, int(width / (CHARACTER_WIDTH * font_size)))
    return textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False)


def _enlarged(node: Any, factor: float, min_text: int = PRESENTATION_MIN_TEXT) -> Any:
    """Marks drawn for a page resized for a slide or print: text at least `min_text`, point
    areas and strokes grown (or shrunk) in step."""
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, dict):
            mark = dict(mark)
            if "fontSize" in mark or mark.get("type") == "text":
                mark["fontSize"] = max(min_text, round(mark.get("fontSize", LABEL_SIZE) * factor))
            if isinstance(mark.get("size"), (int, float)):
                mark["size"] = round(mark["size"] * factor * factor)
            if isinstance(mark.get("strokeWidth"), (int, float)):
                mark["strokeWidth"] = round(mark["strokeWidth"] * factor, 1)
            node = {**node, "mark": mark}
        if isinstance(node.get("labelLimit"), (int, float)):
            node = {**node, "labelLimit": round(node["labelLimit"] * factor)}
        for key in ("labelFontSize", "titleFontSize"):
            if isinstance(node.get(key), (int, float)):
                node = {**node, key: max(min_text, round(node[key] * factor))}
        return {key: _enlarged(value, factor, min_text) if key not in ("datasets", "data") else value
                for key, value in node.items()}
    if isinstance(node, list):
        return [_enlarged(item, factor, min_text) for item in node]
    return node


def presented(chart: ChartSpec, width: int, height: int, inline: bool = True,
              lettering: Lettering = PRESENTATION) -> dict:
    """The chart sized to exactly `width` × `height` pixels in `lettering` (presentation type
    unless told): the title, the subtitle and the full source line wrapped inside the image,
    every mark and label within it (Vega fits the plot to what is left). `inline` puts the data
    in the spec (for images); otherwise data stays referenced by name (for a slide drawn by
    Streamlit). A timeline keeps the height of its rows (it is as tall as it draws itself)."""
    chart = variant(chart, lettering.variant)
    spec = chart.to_dict() if inline else copy.deepcopy(chart.spec)
    spec = _enlarged(spec, lettering.label / LABEL_SIZE, lettering.min_text)
    spec["config"] = presentation_config(lettering)
    inner = width - 2 * lettering.padding
    title = spec.get("title") or {}
    title = {"text": title} if isinstance(title, str) else dict(title)
    text = title.get("text") or ""
    lines = wrap_text(" ".join(text) if isinstance(text, list) else text, inner, lettering.title)
    subtitle = title.get("subtitle") or []
    subtitle = " ".join(subtitle) if isinstance(subtitle, list) else subtitle
    sub_lines = wrap_text(subtitle, inner, lettering.subtitle) + wrap_text(chart.source_note, inner, lettering.subtitle)
    spec["title"] = {"text": lines or [""], "subtitle": sub_lines, "anchor": "start"}
    if not lines:
        spec["title"]["offset"] = 0
    # An object, not a number: Streamlit's chart element writes into it.
    spec["padding"] = {side: lettering.padding for side in ("top", "bottom", "left", "right")}
    spec["background"] = "white"
    own_height = spec.pop("height", None)
    if "facet" in spec:
        # A faceted chart cannot be fitted by Vega: its panels are sized here, from what the
        # title, the panel headers, the axis and the legend leave.
        figures = chart.data()
        flows = figures["flow_label"].nunique() if "flow_label" in figures else 1
        panels = figures["group"].nunique() if "group" in figures else 1
        spec["spec"]["width"] = {"step": part_year_step(figures, panels, flows, room=inner - 140)}
        used = (len(lines) * lettering.title * 1.25 + len(sub_lines) * lettering.subtitle * 1.3
                + 16 + 3 * lettering.label * 1.6 + 60 * math.ceil(flows / 2) + 2 * lettering.padding)
        spec["spec"]["height"] = max(160, int(height - used))
        spec.pop("width", None)
    elif (spec.get("usermeta") or {}).get("natural_height"):
        # As tall as its rows, unless that would not fit under its title and over its axis and
        # legend: then its rows close up to fit.
        used = (len(lines) * lettering.title * 1.25 + len(sub_lines) * lettering.subtitle * 1.3 + 16
                + 4 * lettering.label * 1.6 + 2 * lettering.padding)
        spec["width"] = width
        spec["height"] = max(120, min(own_height, int(height - used)))
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    else:
        spec["width"] = width
        spec["height"] = height
        spec["autosize"] = {"type": "fit", "contains": "padding"}
    return spec


PHONE_LABEL_LIMIT = 300
PHONE_WIDTH = 250  # what the panels of a faceted chart share on a phone
PHONE_PANEL_SPACING = 8
PHONE_NAME_LIMIT = 150   # pixels of a name on a phone's category axis
PHONE_NUMBER = "abs(datum.value) >= 1000 ? format(datum.value, '~s') : format(datum.value, '~g')"


def for_phone(spec: dict) -> dict:
    """A page's chart on a screen about 390 pixels wide: every legend in one column (two would
    run off the screen), value axes without a title and with a few short numbers ("5k", "0.2")
    beside the plot, so the plot keeps most of the width (a timeline is laid out for a phone apart: `variant`). Returns a new
    dict; the data is shared."""
    def walk(node, in_legend=False, channel=None):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "datasets":
                    out[key] = value
                elif key == "legend" and isinstance(value, dict):
                    out[key] = {**walk(value, True), "columns": 1,
                                "labelLimit": min(PHONE_LABEL_LIMIT, value.get("labelLimit", PHONE_LABEL_LIMIT))}
                else:
                    out[key] = walk(value, in_legend, key)
            if out.get("type") == "quantitative" and isinstance(out.get("axis", {}), dict) and "field" in out \
                    and out.get("field") not in ("year", "start", "mid", "at"):
                # SI prefixes only from a thousand up: "~s" wrote 0.2 (USD million) as "200m".
                # Short numbers beside the plot, never inside it: written over the plot they sat on
                # the first year's marks ("1k" and "500" on 2017's). A few, so they stay apart.
                out["axis"] = {**(out.get("axis") or {}), "title": None, "labelExpr": PHONE_NUMBER,
                               "tickCount": QUANTITATIVE_TICKS, "labelPadding": 2}
                if channel != "x":
                    out["axis"].update({"ticks": False, "domain": False})
            elif out.get("type") == "nominal" and isinstance(out.get("axis"), dict) \
                    and out["axis"].get("labelLimit", 0) > PHONE_NAME_LIMIT:
                # Long names (products) cut short, whole in the tooltip: the bars keep the width.
                out["axis"] = {**out["axis"], "labelLimit": PHONE_NAME_LIMIT}
            return out
        if isinstance(node, list):
            return [walk(item, in_legend, channel) for item in node]
        return node

    phone = walk(spec)
    inner = phone.get("spec")
    panels = (phone.get("usermeta") or {}).get("panels")
    if "facet" in phone and isinstance(inner, dict) and panels:
        # Panels size themselves by their bars: narrow the bars and the gaps to what a phone holds.
        phone["spacing"] = PHONE_PANEL_SPACING
        room = PHONE_WIDTH - PHONE_PANEL_SPACING * max(0, panels["count"] - 1)
        inner["width"] = {"step": int(max(3, min(26, room // max(1, panels["bars"]))))}
        column = phone["facet"].get("column", {})
        column["header"] = {**column.get("header", {}), "labelFontSize": 10, "labelAngle": -40,
                            "labelAlign": "right", "labelLimit": 80}
    return phone


def described(chart: ChartSpec | None, text: str) -> ChartSpec | None:
    """The chart with its text alternative (`ChartSpec.description`)."""
    if chart is None:
        return None
    extra = chart.extra
    if "variants" in extra:
        variants = extra["variants"]
        extra = {**extra, "variants": variants.mapped(lambda v: described(v, text)) if isinstance(variants, Variants)
                 else {name: described(v, text) for name, v in variants.items()}}
    return ChartSpec({**chart.spec, "description": text}, chart.datasets, chart.height, chart.name, chart.source_note,
                     chart.selection, chart.note, extra)


def for_slide(chart: ChartSpec, width: int, height: int) -> ChartSpec:
    """The chart as a slide shows it: presentation type, exactly `height` pixels tall, the
    source line kept under a blank title (the slide states its own title and takeaway)."""
    chart = variant(chart, PRESENTATION.variant)
    bare = ChartSpec({**chart.spec, "title": {"text": "", "subtitle": ""}}, chart.datasets, chart.height,
                     chart.name, chart.source_note, chart.selection, chart.note, chart.extra)
    spec = presented(bare, width, height, inline=False)
    # The source line alone heads the chart, in the subtitle's type.
    spec["title"] = {"text": spec["title"]["subtitle"] or [""], "fontSize": PRESENTATION_SUBTITLE,
                     "fontWeight": "normal", "anchor": "start"}
    # A chart whose rows keep their height (a timeline) is as tall as it draws itself.
    natural = bool((chart.spec.get("usermeta") or {}).get("natural_height"))
    return ChartSpec(spec, chart.datasets, height=None if natural else height, name=f"{chart.name}-slide",
                     source_note=chart.source_note,
                     selection=None, note=chart.note, extra={**chart.extra, "keep_title": True})


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
    return consecutive_runs_by(pd.DataFrame({"year": years, "group": 0}, index=years.index), "group")


def _left_out_note(left_out: int, total: int) -> str:
    if not left_out:
        return ""
    return (f"{words.plural(total - left_out, 'figure')} of {total:,} drawn: every figure a chart uses, then the "
            "other claims up to the limit. Narrow the years, flows or reporters to see each one.")


SERIES_TOOLTIP = tooltip(
    ("flow_label", "Flow"), ("year_label", "Year"), ("value_label", "Figure"), ("range_label", "Could be"),
    ("note", "Note"), ("reporter_label", "Reporter"), ("source_title", "Source"), ("record_id", "Record"),
)


def annual_series(series: pd.DataFrame, claims: pd.DataFrame, years: tuple[int, int], measure: str = "usd",
                  title: str = "", subtitle: str = "", source_note: str = "", note: str = "",
                  milestones: pd.DataFrame | None = None) -> ChartSpec:
    """One line per flow through one value per calendar year, each year's value drawn at its
    year (the 2024 figure on the 2024 tick): a filled mark shaped by its qualifier, with a bar
    over the range its rounding allows; the other claims for that year as hollow marks; the
    balance, derived, as a dashed line. Clicking a mark selects its record.

    `series` and `claims` come from `series_frame` (the view adds the words); `measure` is "usd"
    or "index". The x axis is the years, one tick per year where they fit."""
    lines = series.assign(run=consecutive_runs_by(series, "flow_label"))
    flows = [label for label in FLOW_COLOURS if label in set(lines["flow_label"]) | set(claims["flow_label"])]
    colour = field_("flow_label", "nominal", "Flow", scale={"domain": flows, "range": [FLOW_COLOURS[f] for f in flows]},
                    legend={"orient": "bottom", "columns": 2, "labelLimit": 360})
    x = field_("year", "quantitative", None, scale={"domain": [years[0] - 0.5, years[1] + 0.5], "nice": False},
               axis={"format": "d", "title": None, "values": list(range(years[0], years[1] + 1, year_step(years))),
                     "tickCount": MOST_TICKS, "grid": False})
    y = field_("value", "quantitative", MEASURE_TITLES.get(measure, measure))
    # The legend lists only the kinds of figure drawn: a reader at a projector reads every entry.
    drawn = set(lines["qualifier_label"]) | set(claims["qualifier_label"])
    shapes = {**{QUALIFIER_LEGEND[k]: QUALIFIER_SHAPES[k] for k in QUALIFIER_LEGEND}, "derived": "square"}
    shapes = {label: mark for label, mark in shapes.items() if label in drawn} or shapes
    shape = field_("qualifier_label", "nominal", "Figure is",
                   scale={"domain": list(shapes), "range": list(shapes.values())})
    pick = [{"name": RECORD_SELECTION, "select": {"type": "point", "fields": ["record_id"], "on": "click"}}]
    layers = [
        {"data": {"name": "series"}, "transform": [{"filter": "isValid(datum.low_drawn) && datum.high_drawn > datum.low_drawn"}],
         "mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.35},
         "encoding": {"x": x, "y": field_("low_drawn", "quantitative"), "y2": {"field": "high_drawn"}, "color": colour,
                      "tooltip": SERIES_TOOLTIP}},
        {"data": {"name": "series"}, "mark": {"type": "line", "strokeWidth": 3},
         "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "run", "type": "nominal"},
                      "strokeDash": {"field": "derived", "type": "nominal", "legend": None,
                                     "scale": {"domain": [False, True], "range": [[1, 0], [6, 4]]}}}},
        {"name": "other_claims", "data": {"name": "claims"},
         "mark": {"type": "point", "filled": False, "size": 90, "strokeWidth": 2,
                                              "opacity": 0.8},
         "encoding": {"x": x, "y": y, "color": colour, "shape": shape, "tooltip": SERIES_TOOLTIP}},
        {"name": SERIES_MARKS, "data": {"name": "series"}, "mark": {"type": "point", "filled": True, "size": 170},
         "params": pick,
         "encoding": {"x": x, "y": y, "color": colour, "shape": shape, "tooltip": SERIES_TOOLTIP,
                      "opacity": {"condition": {"param": RECORD_SELECTION, "value": 1.0}, "value": 0.4}}},
    ]
    if (lines["low_drawn"] < 0).any() or (lines["value"] < 0).any():
        layers.insert(0, {"data": {"values": [{"zero": 0}]}, "mark": {"type": "rule", "color": "#999"},
                          "encoding": {"y": {"field": "zero", "type": "quantitative"}}})
    datasets = {"series": lines, "claims": claims}
    if milestones is not None and not milestones.empty:
        datasets["milestones"] = year_axis_events(milestones, years)
        layers.insert(0, {"data": {"name": "milestones"}, "mark": {"type": "rule", "color": "#888", "strokeDash": [4, 3]},
                          "encoding": {"x": {"field": "at", "type": "quantitative"},
                                       "tooltip": tooltip(("date_label", "Date"), ("title", "Milestone"),
                                                          ("kind", "Kind"))}})
    spec = _top(title or "Azerbaijan–China trade, full years",
                subtitle or "One value a year (filled; a bar shows the range its rounding allows); "
                            "other claims hollow; the balance is derived", 380, {"layer": layers})
    return ChartSpec(spec, datasets, height=600, name="annual-series",
                     source_note=source_note, selection=RECORD_SELECTION, note=note)


def year_axis_events(milestones: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    """Milestones placed on a year axis whose ticks sit in the middle of their years (a year's
    figure is drawn on its tick): 1 January 2024 at 2023.5, 3 July 2024 at about 2024.0. One
    rule per event, within the years shown."""
    events = milestones[milestones["date_start"].notna()]
    events = events.drop_duplicates("event_key") if "event_key" in events else events
    start = events["date_start"]
    days = np.where(start.dt.is_leap_year, 366.0, 365.0)
    at = start.dt.year + (start.dt.day_of_year - 0.5) / days - 0.5
    frame = pd.DataFrame({"at": at.astype("float64"), "date_label": events["date_label"].astype("str"),
                          "title": events["title"].astype("str"), "kind": events["kind"].astype("str")})
    return frame[(frame["at"] >= years[0] - 0.5) & (frame["at"] <= years[1] + 0.5)].head(MAX_MARKS)


def consecutive_runs_by(frame: pd.DataFrame, by: str) -> pd.Series:
    """`consecutive_runs` of the years within each group: a line breaks where a year is missing.
    Column-wise (one sort), not a pandas group-by per group: a chart's few dozen rows took 4 ms."""
    years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype="float64")
    groups = pd.factorize(frame[by])[0]
    known = np.flatnonzero(~np.isnan(years) & (groups >= 0))
    order = known[np.lexsort((years[known], groups[known]))]
    numbered = np.zeros(len(frame), dtype="int64")   # 0: a row without a year
    if len(order):
        group, year = groups[order], years[order]
        first_of_group = np.r_[True, group[1:] != group[:-1]]
        runs = np.cumsum(first_of_group | np.r_[True, np.diff(year) != 1])
        # Runs count from 1 within each group: subtract the runs of the groups before.
        numbered[order] = runs - np.maximum.accumulate(np.where(first_of_group, runs - 1, 0))
    return pd.Series(pd.array(numbered, dtype="Int64"), index=frame.index).where(numbered > 0)


def series_frame(series: pd.DataFrame) -> pd.DataFrame:
    """What a series chart encodes: each value with its words, the range its rounding allows
    (drawn only where finite), and its source. `series` is `metrics.annual_series` (or its
    index), joined with the rows' reporter and source columns where there are any."""
    frame = series.copy()
    frame["flow_label"] = frame["flow"].map(SERIES_LABELS).fillna(frame["flow"]).astype("str")
    frame["year_label"] = frame["year"].astype("str")
    frame["low_drawn"] = frame["low"].where(np.isfinite(frame["low"]))
    frame["high_drawn"] = frame["high"].where(np.isfinite(frame["high"]), np.nan)
    frame["qualifier_label"] = frame["qualifier"].map({**QUALIFIER_LEGEND, "derived": "derived"}).astype("str")
    for column in ("value_label", "range_label", "note", "reporter_label", "source_title"):
        if column not in frame:
            frame[column] = ""
        frame[column] = frame[column].fillna("").astype("str")
    frame["derived"] = frame["derived"].astype(bool)
    return frame


# The bar widths the part-year panels share on a page 1440 pixels wide (the chart has no "container"
# width once faceted), and the gap between panels.
PART_YEAR_WIDTH = 680
# The layers of stated figures and of values a reported growth implies (their SVG classes are
# "<name>_marks").
PART_YEAR_BARS, IMPLIED_BASES = "part_year_bars", "implied_bases"
PANEL_SPACING = 28


def part_year_step(figures: pd.DataFrame, panels: int, flows: int, room: int = PART_YEAR_WIDTH,
                   widest: int = 26) -> int:
    """The width of one bar (with an offset, Vega-Lite's step is one bar): as wide as `widest`,
    narrower when the panels would not fit `room` pixels, never under 4."""
    years = int(figures.groupby("group")["year"].nunique().sum()) if len(figures) else 1
    room = room - PANEL_SPACING * max(0, panels - 1)
    return int(max(4, min(widest, room // max(1, years * max(1, flows)))))


def part_year(figures: pd.DataFrame, title: str = "", subtitle: str = "", source_note: str = "") -> ChartSpec:
    """Part-year figures like for like: one panel per span of months (Jan–Mar, Jan–Jul...), in
    it the same months of each year side by side, one bar per flow, a rule over the range its
    rounding allows. Never on one axis with full years, and never one span beside another
    without the gap between panels saying they differ. `figures` carry group (the span),
    group_order, year, flow_label, value, low_drawn, high_drawn and the tooltip words."""
    groups = figures.sort_values("group_order")["group"].drop_duplicates().tolist()
    flows = [label for label in FLOW_COLOURS if label in set(figures["flow_label"])]
    colour = field_("flow_label", "nominal", "Flow", scale={"domain": flows, "range": [FLOW_COLOURS[f] for f in flows]},
                    legend={"orient": "bottom", "columns": 2, "labelLimit": 360})
    x = field_("year", "ordinal", None, axis={"labelAngle": 0, "title": None})
    offset = {"field": "flow_label", "type": "nominal", "sort": flows}
    y = field_("value", "quantitative", "USD million")
    pick = [{"name": RECORD_SELECTION, "select": {"type": "point", "fields": ["record_id"], "on": "click"}}]
    tips = tooltip(("flow_label", "Flow"), ("period_label", "Period"), ("value_label", "Figure"),
                   ("range_label", "Could be"), ("note", "Note"), ("source_title", "Source"), ("record_id", "Record"))
    layers = [
        {"name": PART_YEAR_BARS, "transform": [{"filter": "!datum.derived"}], "mark": {"type": "bar", "opacity": 0.85},
         "params": pick,
         "encoding": {"x": x, "xOffset": offset, "y": y, "color": colour, "tooltip": tips,
                      "opacity": {"condition": {"param": RECORD_SELECTION, "value": 0.9}, "value": 0.35}}},
        # A value implied by a reported growth: a dashed, hollow box over its year, from zero to the
        # middle of the range it could be, at the chart's scale like the bars beside it, never a
        # filled bar (no source states it); the rule over it is that range.
        {"name": IMPLIED_BASES, "transform": [{"filter": "datum.derived"},
                                              {"calculate": "(datum.low_drawn + datum.high_drawn) / 2", "as": "implied"}],
         "mark": {"type": "bar", "fillOpacity": 0.1, "strokeWidth": 2, "strokeDash": [6, 3]},
         "encoding": {"x": x, "xOffset": offset, "y": field_("implied", "quantitative"),
                      "color": colour, "stroke": colour, "tooltip": tips}},
        {"transform": [{"filter": "isValid(datum.low_drawn) && datum.high_drawn > datum.low_drawn"}],
         "mark": {"type": "rule", "strokeWidth": 2, "color": "#222"},
         "encoding": {"x": x, "xOffset": offset, "y": field_("low_drawn", "quantitative"), "y2": {"field": "high_drawn"},
                      "tooltip": tips}},
        {"mark": {"type": "text", "dy": -8, "fontSize": 12, "color": "#222"},
         "encoding": {"x": x, "xOffset": offset, "y": y, "text": {"field": "mark_label", "type": "nominal"}}},
        {"transform": [{"filter": "datum.derived"}], "mark": {"type": "text", "dy": -10, "fontSize": 12, "color": "#444"},
         "encoding": {"x": x, "xOffset": offset, "y": field_("high_drawn", "quantitative"),
                      "text": {"value": "implied"}}},
    ]
    # One panel per span, each as wide as its bars: a span known for one year is narrow, one
    # known for five years wide; the span's name is written under its panel.
    body = {
        "data": {"name": "figures"},
        "facet": {"column": field_("group", "nominal", None, sort=groups,
                                   header={"labelOrient": "bottom", "labelFontSize": LABEL_SIZE,
                                           "labelFontWeight": "bold", "title": None})},
        "spec": {"width": {"step": part_year_step(figures, len(groups), len(flows))}, "height": 380,
                 "layer": layers},
        "resolve": {"scale": {"x": "independent"}},
        "spacing": PANEL_SPACING,
        # How many panels and bars: what a smaller screen needs to size them again (for_phone).
        "usermeta": {"panels": {"count": len(groups), "bars": int(
            figures.groupby("group")["year"].nunique().sum() * max(1, len(flows))) if len(figures) else 1}},
    }
    spec = {"$schema": VEGA_LITE_SCHEMA, "config": config(),
            "title": {"text": title or "Azerbaijan–China trade, the same months of each year",
                      "subtitle": subtitle or "Part-year figures next to the same months of other years; a rule "
                                              "shows the range a figure's rounding allows; a dashed box, a "
                                              "value a reported growth implies (derived)"}, **body}
    return ChartSpec(spec, {"figures": figures}, height=None, name="part-year", source_note=source_note,
                     selection=RECORD_SELECTION)


def trade_periods(rows: pd.DataFrame, milestones: pd.DataFrame | None = None, title: str = "",
                  subtitle: str = "", source_note: str = "", total: int | None = None) -> ChartSpec:
    """Every figure on the period it covers, full years and part-years together because a user
    asked for it: a bar across the period (solid for a calendar year, dashed for part of a year)
    with a point in its middle (a full year's point sits in that year, never on the next
    year's tick): colour = flow, shape = reporter, a ~ or > label where the value is
    approximate or a bound. Clicking a point selects its record. Milestones, if given, are grey
    vertical rules with their title in the tooltip. `total` is how many figures the view holds
    when `rows` are already the ones chosen to draw (`bounded`)."""
    kept, left_out = bounded(rows)
    drawable = len(rows[rows["value"].notna() & rows["period_start"].notna()])
    if total is not None and total > drawable:
        left_out = total - drawable
    frame = trade_chart_frame(kept)
    frame["qualifier_mark"] = frame["qualifier"].map(schema.QUALIFIER_SYMBOLS).astype("str")
    frame["period_end_day"] = frame["period_end"] + pd.Timedelta(days=1)
    frame["mid"] = frame["period_start"] + (frame["period_end_day"] - frame["period_start"]) / 2
    frame["covers"] = np.where(periods.kind(frame["period_start"], frame["period_end"]) == periods.ANNUAL,
                               "a calendar year", "part of a year")
    flows = [label for label in FLOW_COLOURS if label != SERIES_LABELS["balance"]]
    colour = field_("flow_label", "nominal", "Flow", scale={"domain": flows, "range": [FLOW_COLOURS[f] for f in flows]})
    y = field_("value", "quantitative", "USD million")
    end = {"field": "mid", "type": "temporal"}
    layers = [
        {"data": {"name": "figures"}, "mark": {"type": "rule", "strokeWidth": 4, "opacity": 0.55},
         "encoding": {"x": field_("period_start", "temporal", "Period covered"), "x2": {"field": "period_end_day"},
                      "y": y, "color": colour, "tooltip": TRADE_TOOLTIP,
                      "strokeDash": field_("covers", "nominal", "The figure covers",
                                           scale={"domain": ["a calendar year", "part of a year"],
                                                  "range": [[1, 0], [5, 3]]}, legend={"columns": 1})}},
        {"data": {"name": "figures"}, "mark": {"type": "point", "filled": True, "size": 160},
         "params": [{"name": RECORD_SELECTION, "select": {"type": "point", "fields": ["record_id"], "on": "click"}}],
         "encoding": {"x": end, "y": y, "color": colour, "tooltip": TRADE_TOOLTIP,
                      "shape": field_("qualifier_label", "nominal", "Figure is",
                                      scale={"domain": list(QUALIFIER_LEGEND.values()),
                                             "range": [QUALIFIER_SHAPES[k] for k in QUALIFIER_LEGEND]},
                                      legend={"columns": 1}),
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
                subtitle or "Every figure: a bar across the period it covers, solid for a calendar year, dashed "
                            "for part of one; ~ about, > more than", 420, {"layer": layers})
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
    encoding = {
        "y": field_("what", "nominal", None, sort=None, axis={"labelLimit": 400, "title": None}),
        "yOffset": {"field": "bar", "type": "nominal", "sort": "ascending"},
        "x": field_("value", "quantitative", "USD million"),
        "tooltip": tooltip(("period_label", "Period"), ("side", "Side"), ("value_label", "Value"),
                           ("claims", "Claims on this side"), ("record_id", "Record")),
    }
    # Each bar says its figure, so a room can read it without hovering.
    body = {"data": {"name": "claims"}, "encoding": encoding, "layer": [
        {"mark": {"type": "bar"}, "encoding": {"color": field_("side", "nominal", "Reported by")}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": LABEL_SIZE - 2, "color": "#222"},
         "encoding": {"text": {"field": "value_label", "type": "nominal"}}},
    ]}
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
    ("date_label", "Date"), ("title", "Milestone"), ("status", "Status"), ("kind", "Kind"), ("areas", "Policy areas"),
    ("actors", "Actors"), ("precision_words", "Date known to the"), ("statements", "Statements about it"),
    ("source", "Source (first statement)"),
)
# Short, for the legend; the milestone card says what "planned" means.
STATUS_WORDS = {"occurred": "took place or holds", "planned": "planned"}
LANE_HEIGHT = 64


def _year_start(year: int) -> dict:
    return {"year": year, "month": 1, "date": 1}


# The surfaces a timeline is laid out for (labels.Surface): a page about 1366 pixels wide or
# more, a phone about 390 wide, and a slide or exported image (1200 pixels of plot or more, at
# presentation type). Planning for the narrowest of each keeps labels apart on wider ones. A
# lane has rows of titles under its marks: more when there are few lanes.
TIMELINE_LABEL_SIZE = LABEL_SIZE - 1
ROW_PX = 19              # one row of a lane on a page: a line of a title, or a row of marks
POINT_SIZE, SELECTED_POINT_SIZE = 260, 560
# Names of a timeline's layers: Vega gives their marks the class "<name>_marks" in the drawn SVG.
TIMELINE_POINTS, TIMELINE_BADGES, TIMELINE_TITLES = "milestone_points", "statement_badges", "milestone_titles"
MARK_PX = 19
PRESENT_FACTOR = PRESENTATION_LABEL / LABEL_SIZE
PRESENT_ROW_PX = round(ROW_PX * PRESENT_FACTOR)
# What a slide's chart has for its lanes, at most.
PRESENT_LANES_PX = 600
PRINT_LANES_PX = 420


def timeline_surfaces(lanes: int) -> tuple[labels.Surface, ...]:
    """The page, phone, presentation and print surfaces of a timeline of `lanes` lanes (print:
    the text width of an A4 page, its lanes in about half the page's height)."""
    title_rows = 10 if lanes <= 1 else 5 if lanes == 2 else 3 if lanes <= 4 else 2
    page = labels.Surface("page", plot_px=860, font_px=TIMELINE_LABEL_SIZE, mark_px=MARK_PX, line_chars=24,
                          mark_rows=3, label_rows=title_rows)
    phone = labels.Surface("phone", plot_px=320, font_px=TIMELINE_LABEL_SIZE, mark_px=MARK_PX, line_chars=20,
                           mark_rows=3, label_rows=title_rows)
    rows = max(2, int(PRESENT_LANES_PX / max(1, lanes) / PRESENT_ROW_PX))
    mark_rows = 3 if lanes <= 2 else 2
    present = labels.Surface("present", plot_px=1200, font_px=round(TIMELINE_LABEL_SIZE * PRESENT_FACTOR),
                             mark_px=round(MARK_PX * PRESENT_FACTOR), line_chars=36, mark_rows=mark_rows,
                             label_rows=max(1, min(title_rows, rows - mark_rows)))
    rows = max(2, round(PRINT_LANES_PX / max(1, lanes) / ROW_PX))
    mark_rows = 3 if lanes <= 2 else 2
    printed = labels.Surface("print", plot_px=940, font_px=TIMELINE_LABEL_SIZE, mark_px=MARK_PX, line_chars=36,
                             mark_rows=mark_rows, label_rows=max(1, min(title_rows, rows - mark_rows)))
    return page, phone, present, printed


def timeline(frame: pd.DataFrame, lanes: list[str], years: tuple[int, int],
             turnover: pd.DataFrame | None = None, subtitle: str = "", source_note: str = "",
             summary: pd.DataFrame | None = None) -> ChartSpec:
    """Lanes of milestones on a time axis over exactly the chosen years, laid out for a page;
    `extra["variants"]` holds the same chart laid out for a phone and for a slide or image.

    Each event is a point at the middle of its known span (shape = how precisely the date is
    known, hollow when only the month or year is known) over a pale bar across the span, in one
    lane; its other lanes show a thin reference tick. Titles stand under their marks where there
    is room (`labels`); a number on a mark counts the statements behind it. Clicking a point
    selects the milestone; the selected one is larger and its title bold. Annual turnover, if
    given, is a pale grey bar across each year, on its own axis at the right.

    `summary` (lane, year, count) replaces the marks when there are too many to draw one by one:
    each lane-year is then a cell shaded by how many milestones it holds.
    """
    if summary is not None:
        return _timeline(frame, lanes, years, turnover, subtitle, source_note, summary)
    page, *others = timeline_surfaces(len(lanes))
    chart = _timeline(frame, lanes, years, turnover, subtitle, source_note, None, page)
    # The other layouts are laid out only when a phone, a slide or an export asks for them: the
    # label placement is most of a timeline's cost, and a filter change on a page needs one.
    variants = Variants({surface.name: partial(_timeline, frame, lanes, years, turnover, subtitle, source_note,
                                               None, surface) for surface in others})
    return replace(chart, extra={**chart.extra, "variants": variants})


class Variants(abc.Mapping):
    """A chart's other layouts by surface name, each made on first use and then kept (a view,
    and its charts, is shared by every session that asks for the same selection)."""

    def __init__(self, makers: Mapping[str, Callable[[], ChartSpec]]):
        self._makers = dict(makers)
        self._made: dict[str, ChartSpec] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> ChartSpec:
        with self._lock:
            if name not in self._made:
                self._made[name] = self._makers[name]()
            return self._made[name]

    def __iter__(self):
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def made(self) -> tuple[str, ...]:
        """The names laid out so far."""
        return tuple(self._made)

    def mapped(self, change: Callable[[ChartSpec], ChartSpec]) -> "Variants":
        """The same layouts with `change` applied to each, still made on first use."""
        return Variants({name: partial(lambda name, change: change(self[name]), name, change) for name in self._makers})


def variant(chart: ChartSpec, name: str) -> ChartSpec:
    """The chart laid out for the surface `name` ('phone', 'present'), or the chart itself."""
    return chart.extra.get("variants", {}).get(name, chart)


def _timeline(frame: pd.DataFrame, lanes: list[str], years: tuple[int, int], turnover: pd.DataFrame | None,
              subtitle: str, source_note: str, summary: pd.DataFrame | None,
              surface: labels.Surface | None = None) -> ChartSpec:
    # A few pixels beyond the years at each end: a mark of the first or last days sits whole
    # inside the plot, not cut by its edge.
    time_scale = {"domain": [_year_start(years[0]), _year_start(years[1] + 1)],
                  "padding": MARK_PX // 2 + 2 if summary is None else 0}
    axis = {"format": "%Y", "labelAngle": 0, "grid": True, "tickCount": {"interval": "year", "step": year_step(years)}}
    x = field_("mid", "temporal", None, scale=time_scale, axis={**axis, "title": None})
    datasets: dict[str, pd.DataFrame] = {}
    selection = None
    if summary is None:
        layout = labels.lay_out(frame, lanes, years, surface,
                                selected_px=surface.mark_px * math.sqrt(SELECTED_POINT_SIZE / POINT_SIZE))
        datasets["marks"] = layout.marks
        datasets["labels"] = layout.labels
        # Rows numbered from the top: a lane's name, the rows its marks are spread over, then
        # the rows of the titles under them (labels.lay_out), each lane only as tall as it needs.
        y = {"field": "slot", "type": "quantitative", "axis": None,
             "scale": {"domain": [-0.5, layout.slots - 0.5], "reverse": True, "nice": False, "zero": False}}
        colour_scale = {"domain": lanes, "scheme": "tableau10"}
        colour = {"field": "lane", "type": "nominal", "legend": None, "scale": colour_scale}
        drawn = [{"filter": "!datum.reference"}]
        layers = [
            {"data": {"name": "marks"}, "transform": drawn,
             "mark": {"type": "rule", "opacity": 0.25, "strokeWidth": 12, "strokeCap": "butt", "clip": True},
             "encoding": {"x": {"field": "start", "type": "temporal", "scale": time_scale}, "x2": {"field": "end"},
                          "y": y, "color": colour, "tooltip": TIMELINE_TOOLTIP,
                          "description": {"field": "description"}}},
            # An event drawn in another lane: a thin tick here, pointing there.
            {"data": {"name": "marks"}, "transform": [{"filter": "datum.reference"}],
             "mark": {"type": "point", "shape": "M0,-1L0,1", "filled": False, "strokeWidth": 2, "size": 150,
                      "color": "#777", "opacity": 0.8, "clip": True},
             "encoding": {"x": x, "y": y,
                          "tooltip": [*TIMELINE_TOOLTIP, {"field": "drawn_in", "type": "nominal", "title": "Drawn in"}],
                          "description": {"field": "description"}}},
            {"name": TIMELINE_POINTS, "data": {"name": "marks"}, "transform": drawn,
             "mark": {"type": "point", "strokeWidth": 2.5, "clip": True},
             "params": [{"name": MILESTONE_SELECTION,
                         "select": {"type": "point", "fields": ["milestone_id"], "on": "click", "clear": "dblclick"}}],
             "encoding": {
                 "x": x, "y": y, "color": colour, "tooltip": TIMELINE_TOOLTIP,
                 "description": {"field": "description"},
                 "shape": field_("precision", "nominal", "Date known to the",
                                 scale={"domain": list(PRECISION_SHAPES), "range": list(PRECISION_SHAPES.values())},
                                 legend={"labelExpr": f"{json.dumps(PRECISION_WORDS)}[datum.label]"}),
                 "fill": {"field": "lane", "type": "nominal", "legend": None, "scale": colour_scale},
                 # A planned milestone is hollow whatever its date precision, with a dashed outline.
                 "fillOpacity": {"condition": {"test": f"datum.status == '{STATUS_WORDS['planned']}'", "value": 0},
                                 "field": "precision", "type": "nominal", "legend": None,
                                 "scale": {"domain": list(PRECISION_FILL), "range": list(PRECISION_FILL.values())}},
                 "size": {"condition": {"test": "datum.selected", "value": SELECTED_POINT_SIZE}, "value": POINT_SIZE},
                 # A planned milestone has a dashed outline: announced, not taken place.
                 "strokeDash": field_("status", "nominal", "Status",
                                      scale={"domain": list(STATUS_WORDS.values()), "range": [[1, 0], [3, 2]]},
                                      legend={"symbolFillColor": "white", "symbolStrokeColor": "#333",
                                              "symbolStrokeWidth": 2, "symbolType": "circle"}),
                 "opacity": {"condition": {"param": MILESTONE_SELECTION, "value": 1.0}, "value": 0.45}}},
            # How many statements stand behind a mark (behind a pile of marks drawn on top of
            # one another: one number for the pile), when more than one.
            {"name": TIMELINE_BADGES, "data": {"name": "marks"}, "transform": [{"filter": "datum.badge != ''"}],
             "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "color": "#222", "dy": 1, "aria": False},
             "encoding": {"x": x, "y": y, "text": {"field": "badge", "type": "nominal"}}},
            # Titles under their marks (labels.lay_out chose which, where and how wrapped): one
            # text per line, centred on the mark, or starting or ending at it beside an edge.
            *[{"name": f"{TIMELINE_TITLES}_{anchor}{'_selected' if bold else ''}", "data": {"name": "labels"},
               "transform": [{"filter": f"datum.anchor == '{anchor}' && {'' if bold else '!'}datum.selected"}],
               "mark": {"type": "text", "align": anchor, "baseline": "middle", "fontSize": TIMELINE_LABEL_SIZE,
                        "color": "#222", "fontWeight": "bold" if bold else "normal"},
               "encoding": {"x": x, "y": y, "text": {"field": "line", "type": "nominal"},
                            "description": {"field": "description"}}}
              for anchor in ("left", "center", "right") for bold in (False, True)],
        ]
        if len(lanes) > 1:
            datasets["lanes"] = layout.lanes
            layers += [
                # A hairline between lanes, and each lane's name in its own row at the left.
                {"data": {"name": "lanes"}, "transform": [{"filter": "datum.top > 0"}],
                 "mark": {"type": "rule", "color": "#ddd", "strokeWidth": 1},
                 "encoding": {"x": {"value": 0}, "x2": {"value": {"expr": "width"}},
                              "y": {**y, "field": "top"}}},
                {"data": {"name": "lanes"},
                 "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4,
                          "fontSize": TIMELINE_LABEL_SIZE, "fontWeight": "bold", "color": "#333"},
                 "encoding": {"x": {"value": 0}, "y": y, "text": {"field": "lane", "type": "nominal"}}},
            ]
        marks = {"layer": layers}
        selection = MILESTONE_SELECTION
        height = layout.slots * ROW_PX
        if surface.name == "present":
            height = round(height * PRESENT_FACTOR)
    else:
        y = field_("lane", "nominal", None, sort=lanes, scale={"domain": lanes},
                   axis={"labelLimit": 0, "labelFontWeight": "bold", "title": None, "ticks": False, "domain": False,
                         "labelAlign": "left", "labelBaseline": "top", "labelPadding": -6,
                         "labelOffset": -(LANE_HEIGHT // 2) + 2, "labelColor": "#333", "zindex": 1})
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
    if summary is None:
        # Its rows keep their height on a slide or in an image (a title's lines stay together).
        spec["usermeta"] = {"natural_height": True}
    return ChartSpec(spec, datasets, height=None, name="timeline", source_note=source_note,
                     selection=selection, extra={"surface": surface.name} if surface else {})


def ranked_products(frame: pd.DataFrame, title: str, subtitle: str = "", source_note: str = "",
                    unit: str = "USD million") -> ChartSpec:
    """Products as horizontal bars, largest first: `frame` has product (label), value (in
    `unit`, the view's one unit) and value_label (in the same unit). A bar longer than half the longest carries its label inside its
    end (white); a shorter one, just right of it: a label beyond the longest bar would be cut off
    on a narrow screen."""
    # The order is given as the y scale's domain: a sort by "-x" is dropped when layers filtered
    # apart union their domains (Vega-Lite then sorts names alphabetically: seen in Chromium).
    frame = frame.sort_values("value", ascending=False, kind="stable")
    order = list(frame["product"])
    encoding = {"y": field_("product", "nominal", None, sort=order, scale={"domain": order},
                            axis={"labelLimit": 320, "title": None}),
                # Each bar is labelled with its value: a few round ticks are enough (Vega's
                # default gave 21 on a projector's width).
                "x": field_("value", "quantitative", unit, axis={"tickCount": 6}),
                "tooltip": [{"field": "product", "type": "nominal", "title": "Product"},
                            {"field": "value_label", "type": "nominal", "title": "Value"}]}
    text = {**encoding, "text": {"field": "value_label", "type": "nominal"}}
    long_bar = "datum.value > 0.5 * datum.largest"
    layers = [{"mark": {"type": "bar", "color": "#4c78a8"}, "encoding": encoding},
              {"transform": [{"filter": long_bar}],
               "mark": {"type": "text", "align": "right", "dx": -6, "fontSize": LABEL_SIZE, "color": "white"},
               "encoding": text},
              {"transform": [{"filter": f"!({long_bar})"}],
               "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": LABEL_SIZE, "color": "#222"},
               "encoding": text}]
    height = max(120, 26 * len(frame))
    spec = _top(title, subtitle, height, {"data": {"name": "products"},
                                          "transform": [{"joinaggregate": [{"op": "max", "field": "value",
                                                                             "as": "largest"}]}],
                                          "layer": layers})
    return ChartSpec(spec, {"products": frame}, height=height + 110, name="products", source_note=source_note)


def product_series(frame: pd.DataFrame, years: tuple[int, int], title: str, subtitle: str = "",
                   source_note: str = "", unit: str = "USD million") -> ChartSpec:
    """One product's value each year, one line per reporting side (`frame`: year, value in
    `unit`, side, value_label), each year's value on its year's tick: where the two lines part,
    the two sides' own figures for the same trade differ."""
    span = years[1] - years[0]
    sides = list(dict.fromkeys(frame["side"]))
    x = field_("year", "quantitative", None, scale={"domain": [years[0] - 0.5, years[1] + 0.5], "nice": False},
               axis={"format": "d", "title": None, "values": list(range(years[0], years[1] + 1, max(1, span // 12 + 1))),
                     "grid": False})
    colour = field_("side", "nominal", "As reported by", scale={"domain": sides, "range": ["#e45756", "#4c78a8"][:len(sides)]},
                    legend={"orient": "bottom", "columns": 1, "labelLimit": 480})
    hover = tooltip(("side", "Reported by"), ("year", "Year"), ("value_label", "Value"))
    # A few round ticks: Vega's default gave 25 at a projector's height.
    encoding = {"x": x, "y": field_("value", "quantitative", unit, axis={"tickCount": 6}),
                "color": colour, "tooltip": hover}
    layers = [{"mark": {"type": "line", "strokeWidth": 3}, "encoding": {**encoding, "detail": {"field": "run", "type": "nominal"}}},
              {"mark": {"type": "point", "filled": True, "size": 140}, "encoding": encoding}]
    lines = frame.assign(run=frame["side"] + " " + consecutive_runs_by(frame, "side").astype("str"))
    spec = _top(title, subtitle, 300, {"data": {"name": "series"}, "layer": layers})
    return ChartSpec(spec, {"series": lines}, height=470, name="product-series", source_note=source_note)


def totals_against_national(frame: pd.DataFrame, years: tuple[int, int], title: str, subtitle: str = "",
                            source_note: str = "", unit: str = "USD million") -> ChartSpec:
    """All goods each year: each side's UN Comtrade total as a line (`frame` rows of kind
    "comtrade": year, value in `unit`, side, value_label), and the national figures of the same
    flow as hollow diamonds with their interval as a bar from low to high (kind "national":
    low and high in `unit`, range_label). Where a diamond's bar misses its side's line, the two
    figures cannot be the same amount."""
    span = years[1] - years[0]
    sides = list(dict.fromkeys(frame["side"]))
    palette = ["#e45756", "#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d"]
    x = field_("year", "quantitative", None, scale={"domain": [years[0] - 0.5, years[1] + 0.5], "nice": False},
               axis={"format": "d", "title": None, "values": list(range(years[0], years[1] + 1, max(1, span // 12 + 1))),
                     "grid": False})
    colour = field_("side", "nominal", "Figure", scale={"domain": sides, "range": palette[:len(sides)]},
                    legend={"orient": "bottom", "columns": 1, "labelLimit": 520})
    y = field_("value", "quantitative", unit, axis={"tickCount": 6})
    hover = tooltip(("side", "Figure"), ("year", "Year"), ("value_label", "Value"), ("range_label", "Could be"),
                    ("source", "Source"))
    comtrade = {"filter": "datum.kind == 'comtrade'"}
    national = {"filter": "datum.kind == 'national'"}
    layers = [
        {"transform": [comtrade], "mark": {"type": "line", "strokeWidth": 3},
         "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "run", "type": "nominal"}}},
        {"transform": [comtrade], "mark": {"type": "point", "filled": True, "size": 140},
         "encoding": {"x": x, "y": y, "color": colour, "tooltip": hover}},
        {"transform": [national, {"filter": "isFinite(datum.low) && isFinite(datum.high)"}],
         "mark": {"type": "rule", "strokeWidth": 3, "opacity": 0.6},
         "encoding": {"x": x, "y": field_("low", "quantitative"), "y2": {"field": "high"}, "color": colour}},
        {"transform": [national], "mark": {"type": "point", "shape": "diamond", "filled": False, "size": 220,
                                           "strokeWidth": 3},
         "encoding": {"x": x, "y": y, "color": colour, "tooltip": hover}},
    ]
    lines = frame.assign(run=frame["side"] + " " + consecutive_runs_by(frame, "side").astype("str"))
    spec = _top(title, subtitle, 320, {"data": {"name": "totals"}, "layer": layers})
    return ChartSpec(spec, {"totals": lines}, height=520, name="totals", source_note=source_note)
