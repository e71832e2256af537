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
        .configure_legend(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, orient="bottom", columns=3, labelLimit=320)
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
    frame = frame[(frame["period_start"].dt.month == 1) & (frame["period_end"].dt.month == 12)
                  & (frame["period_start"].dt.day == 1) & (frame["period_end"].dt.day == 31)]
    base = alt.Chart(frame).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title="USD million"),
    )
    line = base.transform_filter(alt.datum.preferred).mark_line(strokeWidth=3, color="#4c78a8")
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
