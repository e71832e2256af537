"""Altair chart builders shared by pages and image exports.

Sized and lettered for a projector: large titles and labels, every mark with a tooltip giving
value (with its qualifier), period, reporter and source.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tradeviz import metrics, schema

TITLE_SIZE = 20
LABEL_SIZE = 14
QUALIFIER_SHAPES = {"exact": "circle", "about": "diamond", "more_than": "triangle-up", "less_than": "triangle-down"}
QUALIFIER_LEGEND = {"exact": "exact", "about": "about (~)", "more_than": "more than (>)", "less_than": "less than (<)"}


def projector_config(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure_title(fontSize=TITLE_SIZE, anchor="start", subtitleFontSize=LABEL_SIZE)
        .configure_axis(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE)
        .configure_legend(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, orient="bottom", columns=2, labelLimit=320)
    )


def trade_chart_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns a trade chart encodes, one row per mark (rows need a period and a value)."""
    frame = rows[rows["value"].notna() & rows["period_start"].notna()].copy()
    frame["year"] = frame["period_end"].dt.year.astype("int64")
    frame["mid"] = frame["period_start"] + (frame["period_end"] - frame["period_start"]) / 2
    frame["value_label"] = [
        metrics.format_value(v, u, q) for v, u, q in zip(frame["value"], frame["unit"], frame["qualifier"])
    ]
    frame["growth_label"] = [
        metrics.format_growth(g, u, q)
        for g, u, q in zip(frame["growth_reported"], frame["growth_unit"], frame["growth_qualifier"])
    ]
    frame["reporter_label"] = frame["reporter"].map(schema.REPORTER_LABELS)
    frame["flow_label"] = frame["flow"].map(schema.FLOW_LABELS)
    frame["qualifier_label"] = frame["qualifier"].map(QUALIFIER_LEGEND)
    keep = ["record_id", "flow", "flow_label", "period_label", "period_start", "period_end", "year", "mid",
            "value", "value_label", "growth_label", "qualifier", "qualifier_label", "reporter", "reporter_label",
            "source_title", "source_publisher", "source_published", "preferred"]
    frame["source_published"] = frame["source_published_label"]
    return frame[[c for c in keep if c in frame.columns]]


TOOLTIP = [
    alt.Tooltip("flow_label:N", title="Flow"),
    alt.Tooltip("period_label:N", title="Period"),
    alt.Tooltip("value_label:N", title="Value"),
    alt.Tooltip("growth_label:N", title="Growth as reported"),
    alt.Tooltip("qualifier_label:N", title="Qualifier"),
    alt.Tooltip("reporter_label:N", title="Reporter"),
    alt.Tooltip("source_title:N", title="Source"),
    alt.Tooltip("source_publisher:N", title="Publisher"),
    alt.Tooltip("source_published:N", title="Published"),
    alt.Tooltip("record_id:N", title="Record"),
]


def annual_turnover_chart(rows: pd.DataFrame, title: str = "Azerbaijan–China trade turnover, full years",
                          subtitle: str = "") -> alt.Chart:
    """Every annual turnover claim as a point (colour = reporter, shape = qualifier), and a line
    through the figure each year that the preference rule picks."""
    frame = trade_chart_frame(rows[rows["flow"] == "turnover"])
    # Calendar years only: Jan 1 to Dec 31 of the same year (a 2019–2020 span is not "2020").
    frame = frame[metrics.period_kind(frame["period_start"], frame["period_end"]) == "annual"]
    frame = frame.assign(run=consecutive_runs(frame["year"].where(frame["preferred"])))
    base = alt.Chart(frame).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title="USD million"),
    )
    # One line per run of consecutive years: a line across 1992–2011 would claim data nobody gave.
    line = base.transform_filter(alt.datum.preferred).mark_line(strokeWidth=3, color="#4c78a8").encode(
        detail="run:N")
    points = base.mark_point(size=140, filled=True, opacity=0.9).encode(
        color=alt.Color("reporter_label:N", title="Reporter"),
        shape=alt.Shape("qualifier_label:N", title="Qualifier",
                        scale=alt.Scale(domain=list(QUALIFIER_LEGEND.values()),
                                        range=[QUALIFIER_SHAPES[k] for k in QUALIFIER_LEGEND])),
        tooltip=TOOLTIP,
    )
    return projector_config((line + points).properties(
        title=alt.Title(title, subtitle=subtitle or "Line: the figure charts use per year; points: every claim"),
        height=380,
        width="container",
    ))


def consecutive_runs(years: pd.Series) -> pd.Series:
    """Number each run of consecutive years (1, 2, ...) in year order; missing years get <NA>."""
    known = years.dropna().astype("int64").sort_values()
    runs = (known.diff() != 1).cumsum()
    return runs.reindex(years.index).astype("Int64")


RECORD_SELECTION = "record"
FLOW_COLOURS = {"Trade turnover": "#4c78a8", "Azerbaijan's exports to China": "#54a24b",
                "Azerbaijan's imports from China": "#e45756"}


def trade_periods_chart(rows: pd.DataFrame, milestones: pd.DataFrame | None = None, title: str = "",
                        subtitle: str = "") -> alt.LayerChart:
    """Each figure as a bar across the period it covers (so Jan–Jul is visibly shorter than a
    year) with a point at its end: colour = flow, shape = reporter, a ~ or > label where the
    value is approximate or a bound. Clicking a point selects its record. Milestones, if given,
    are grey vertical rules with their title in the tooltip."""
    frame = trade_chart_frame(rows)
    frame["qualifier_mark"] = frame["qualifier"].map(schema.QUALIFIER_SYMBOLS)
    frame["period_end_day"] = frame["period_end"] + pd.Timedelta(days=1)
    pick = alt.selection_point(name=RECORD_SELECTION, fields=["record_id"], on="click")
    colour = alt.Color("flow_label:N", title="Flow", scale=alt.Scale(domain=list(FLOW_COLOURS), range=list(FLOW_COLOURS.values())))
    base = alt.Chart(frame).encode(y=alt.Y("value:Q", title="USD million"), color=colour, tooltip=TOOLTIP)
    spans = base.mark_rule(strokeWidth=4, opacity=0.55).encode(
        x=alt.X("period_start:T", title="Period covered"), x2="period_end_day:T")
    points = base.mark_point(size=160, filled=True).encode(
        x="period_end_day:T",
        shape=alt.Shape("reporter_label:N", title="Reporter"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
    ).add_params(pick)
    marks = base.mark_text(dx=10, dy=-10, fontSize=LABEL_SIZE, fontWeight="bold").encode(
        x="period_end_day:T", text="qualifier_mark:N")
    layers = [spans, points, marks]
    if milestones is not None and not milestones.empty:
        events = milestones[milestones["date_start"].notna()][["milestone_id", "date_start", "date_label", "title", "kind"]]
        layers.insert(0, alt.Chart(events).mark_rule(color="#888", strokeDash=[4, 3]).encode(
            x="date_start:T",
            tooltip=[alt.Tooltip("date_label:N", title="Date"), alt.Tooltip("title:N", title="Milestone"),
                     alt.Tooltip("kind:N", title="Kind")],
        ))
    return projector_config(alt.layer(*layers).properties(
        title=alt.Title(title or "Azerbaijan–China trade by period covered",
                        subtitle=subtitle or "Bars span the period each figure covers; ~ about, > more than"),
        height=420, width="container",
    ))


def comparison_chart(first: pd.Series, second: pd.Series, title: str) -> alt.Chart:
    """Two periods side by side, each bar labelled with its value and qualifier."""
    frame = pd.DataFrame({
        "period": [first["period_label"], second["period_label"]],
        "value": [first["value"], second["value"]],
        "label": [metrics.format_value(first["value"], first["unit"], first["qualifier"]),
                  metrics.format_value(second["value"], second["unit"], second["qualifier"])],
    })
    bars = alt.Chart(frame).mark_bar(color="#4c78a8").encode(
        x=alt.X("period:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="USD million"),
        tooltip=["period", "label"],
    )
    labels = bars.mark_text(dy=-10, fontSize=LABEL_SIZE, color="#222").encode(text="label:N")
    return projector_config((bars + labels).properties(title=title, height=320, width="container"))


def mirror_chart(gaps: pd.DataFrame) -> alt.Chart:
    """Each side's figures for the same period and flow as bars side by side: one bar per claim,
    so two Azerbaijani claims for one year stand next to each other instead of stacking."""
    sides = []
    for side, suffix in (("Azerbaijani side", "az"), ("Chinese side", "cn")):
        claims = gaps.drop_duplicates(f"record_{suffix}")
        sides.append(pd.DataFrame({
            "flow": claims["flow"], "period_label": claims["period_label"], "side": side,
            "record_id": claims[f"record_{suffix}"], "value": claims[f"value_{suffix}"],
            "value_label": [metrics.format_value(v, "usd_million", q)
                            for v, q in zip(claims[f"value_{suffix}"], claims[f"qualifier_{suffix}"])],
        }))
    long = pd.concat(sides, ignore_index=True)
    long["what"] = long["period_label"] + " · " + long["flow"].map(schema.FLOW_LABELS)
    long["bar"] = long["side"] + " · " + long["record_id"]
    return projector_config(alt.Chart(long).mark_bar().encode(
        y=alt.Y("what:N", title=None, axis=alt.Axis(labelLimit=400)),
        yOffset=alt.YOffset("bar:N", sort="ascending"),
        x=alt.X("value:Q", title="USD million"),
        color=alt.Color("side:N", title="Reported by"),
        tooltip=["period_label", "side", "value_label", "record_id"],
    ).properties(title="Mirror statistics: the same trade as each side reports it", width="container"))
