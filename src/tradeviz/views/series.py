"""The series a chart of trade draws, shared by the pages that draw one (Trade, Overview):
one value per flow and calendar year, the other claims of those years, part-year figures like
for like. Words and sources are attached here, to the few rows a chart draws."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeviz import charts, filters, metrics, schema, words
from tradeviz.store import Dataset

BALANCE = metrics.BALANCE
FLOWS = (*schema.MONEY_FLOWS, BALANCE)
FLAG_WORDS = {"low": "flagged low-confidence by the research: never used by charts",
              "inconsistent": "flagged inconsistent by the research: never used by charts"}


def series_parts(figures: pd.DataFrame, flows, measure: str,
                 dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The annual series a chart draws (`charts.series_frame`), the other claims of those years
    as hollow marks, and a note on what was left out. `figures` are the full-year money rows in
    view, with intervals; `flows` the flows wanted (none: all, the derived balance included);
    `measure` "usd" or "index"."""
    picked = metrics.chosen(figures)
    series = metrics.annual_series(picked)
    wanted = list(flows) or list(FLOWS)
    series = series[series["flow"].isin(wanted)]
    note = ""
    bases: dict[str, float] = {}
    if measure == "index":
        for flow, group in series.groupby("flow"):
            bases[flow] = float(group.sort_values("year")["value"].iloc[0])
        indexed = metrics.indexed(series)
        if BALANCE in set(series["flow"]) and BALANCE not in set(indexed["flow"]):
            note = "The balance can be zero or negative, so it has no index: it is left out."
        series = indexed
    sources = dataset["sources"].set_index("source_id")
    # Each drawn year's figure is one of `picked` (a few rows per flow): its words are looked up
    # there, by position, never against every figure in view (a million at scale).
    by_record = pd.Index(picked["record_id"].astype("str").to_numpy(dtype=object))
    records = series["record_id"].to_numpy(dtype=object)
    found = by_record.get_indexer(records) if len(by_record) else np.full(len(records), -1)
    known = found >= 0
    at = np.where(known, found, 0)

    def of_record(column: str) -> np.ndarray:
        if not len(by_record):
            return np.full(len(records), None, dtype=object)
        return picked[column].to_numpy(dtype=object)[at]

    values, qualifiers = of_record("value"), of_record("qualifier")
    reporters, source_ids = of_record("reporter"), of_record("source_id")
    titles = sources["title"]
    series = series.assign(
        value_label=[words.value_text(values[i], "usd_million", qualifiers[i]) if known[i]
                     else words.value_text(v, "usd_million", "exact") for i, v in enumerate(series["value"])]
        if measure == "usd" else [f"{v:.1f}" for v in series["value"]],
        range_label=[words.money_range(lo, hi) if measure == "usd" else f"{lo:.1f} to {hi:.1f}"
                     for lo, hi in zip(series["low"], series["high"])],
        note=np.where(series["derived"], "derived: exports − imports (their ranges subtracted)",
                      "the figure the preference rule picks for this year"),
        reporter_label=[schema.REPORTER_LABELS.get(reporters[i], "") if known[i] else "" for i in range(len(records))],
        source_title=[str(titles.get(source_ids[i], "")) if known[i] else "" for i in range(len(records))],
    )
    # The other claims: positions first, then at most MAX_MARKS rows taken (never a filtered copy
    # of every figure in view).
    other = (~figures.index.isin(picked.index) & filters.one_of(figures["flow"], wanted).to_numpy()
             & figures["value"].notna().to_numpy())
    others = figures.iloc[np.flatnonzero(other)[:charts.MAX_MARKS]]
    others = others[others["flow"].isin(bases) | (measure == "usd")]
    scale = others["flow"].map(bases).to_numpy(dtype="float64") if measure == "index" else np.ones(len(others))
    claims = pd.DataFrame({
        "flow": others["flow"].astype("str"), "year": others["period_start"].dt.year.astype("int64"),
        "value": (others["value"] / scale * (100.0 if measure == "index" else 1.0)).astype("float64"),
        "low": others["value_low"].astype("float64"), "high": others["value_high"].astype("float64"),
        "qualifier": others["qualifier"].astype("str"), "record_id": others["record_id"].astype("str"),
        "derived": False,
        "value_label": words.values_text(others["value"], others["unit"], others["qualifier"]),
        "range_label": [words.money_range(lo, hi) for lo, hi in zip(others["value_low"], others["value_high"])],
        "note": others["confidence"].map(lambda c: FLAG_WORDS.get(c, "another claim for this year: not used by "
                                                                      "the line")).astype("str"),
        "reporter_label": others["reporter"].map(schema.REPORTER_LABELS).astype("str"),
        "source_title": others["source_id"].map(sources["title"]).fillna("").astype("str"),
    })
    return charts.series_frame(series), charts.series_frame(claims), note


def part_year_frame(figures: pd.DataFrame, dataset: Dataset, pool: pd.DataFrame | None = None) -> pd.DataFrame:
    """The chosen part-year figures, each with the span of months it covers (its group), for
    the like-for-like chart; and, where a figure's reported growth implies a prior-period value
    that no figure gives (`metrics.implied_priors` against `pool`, the whole dataset), that value
    as a derived range in the prior year's place."""
    picked = metrics.chosen(figures)
    sources = dataset["sources"].set_index("source_id")
    start, end = picked["period_start"], picked["period_end"]
    span = _spans(start, end)
    frame = pd.DataFrame({
        "group": span, "group_order": start.dt.month * 100 + end.dt.month,
        "year": start.dt.year.astype("int64"),
        "flow_label": picked["flow"].map(schema.FLOW_LABELS).astype("str"),
        "period_label": picked["period_label"].astype("str"),
        "value": picked["value"].astype("float64"),
        "low_drawn": picked["value_low"].where(np.isfinite(picked["value_low"])).astype("float64"),
        "high_drawn": picked["value_high"].where(np.isfinite(picked["value_high"])).astype("float64"),
        "value_label": words.values_text(picked["value"], picked["unit"], picked["qualifier"]),
        "range_label": [words.money_range(lo, hi) for lo, hi in zip(picked["value_low"], picked["value_high"])],
        "mark_label": picked["qualifier"].map(schema.QUALIFIER_SYMBOLS).astype("str"),
        "note": "the figure the preference rule picks for this period",
        "source_title": picked["source_id"].map(sources["title"]).fillna("").astype("str"),
        "record_id": picked["record_id"].astype("str"),
        "derived": False,
    })
    if pool is not None and len(picked):
        implied = metrics.implied_priors(picked, pool)
        # A bound ("more than $3 billion, +17%") implies only a floor: nothing to draw a box around.
        implied = implied[implied["verdict"].str.startswith("no figure stored") & np.isfinite(implied["implied_high"])]
        if len(implied):
            by_record = picked.set_index("record_id")
            rows = by_record.loc[implied["record_id"]]
            prior_start = rows["period_start"] - pd.DateOffset(years=1)
            derived = pd.DataFrame({
                "group": _spans(rows["period_start"], rows["period_end"]),
                "group_order": (rows["period_start"].dt.month * 100 + rows["period_end"].dt.month).to_numpy(),
                "year": prior_start.dt.year.astype("int64").to_numpy(),
                "flow_label": rows["flow"].map(schema.FLOW_LABELS).astype("str").to_numpy(),
                "period_label": implied["prior_label"].to_numpy(),
                "value": np.nan,
                "low_drawn": implied["implied_low"].to_numpy(),
                "high_drawn": implied["implied_high"].to_numpy(),
                "value_label": "no figure stored",
                "range_label": [words.money_range(lo, hi, outward=True)
                                for lo, hi in zip(implied["implied_low"], implied["implied_high"])],
                "mark_label": "",
                "note": [f"implied by the growth {record} reports: derived here, stated by no source"
                         for record in implied["record_id"]],
                "source_title": "",
                "record_id": implied["record_id"].to_numpy(),
                "derived": True,
            })
            frame = pd.concat([frame, derived], ignore_index=True)
    return frame.sort_values(["group_order", "year", "derived"]).reset_index(drop=True)


def _spans(start: pd.Series, end: pd.Series) -> np.ndarray:
    """'Jan–Jul' for January to July, 'Jan' for January alone."""
    return np.where(start.dt.month == end.dt.month, start.dt.strftime("%b"),
                    start.dt.strftime("%b") + "–" + end.dt.strftime("%b"))
