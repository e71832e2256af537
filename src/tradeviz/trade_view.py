"""What the Trade page shows, as plain functions of the dataset and the view state."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from tradeviz import charts, filters, metrics, provenance, schema, state
from tradeviz.store import Dataset

PERIOD_LABELS = {"all": "All periods", "annual": "Full years", "partial": "Part-year"}
NO_RECORD = ""


def prepare(dataset: Dataset) -> pd.DataFrame:
    """Trade rows with their sources attached and the preferred figure marked."""
    with_sources = filters.attach_sources(dataset["trade"], dataset["sources"])
    return metrics.preferred(with_sources, dataset["sources"])


def area_names(dataset: Dataset) -> dict[str, str]:
    areas = dataset["policy_areas"]
    return dict(zip(areas["area_id"], areas["name"]))


def _money(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["flow"].isin(schema.MONEY_FLOWS)]


def period_options(rows: pd.DataFrame, flows=schema.MONEY_FLOWS) -> list[str]:
    """Period keys that have a preferred figure in any of `flows`, oldest first."""
    chosen = rows[rows["flow"].isin(list(flows)) & rows["preferred"]].sort_values(["period_end", "period_start"])
    keys = [metrics.period_key(s, e) for s, e in zip(chosen["period_start"], chosen["period_end"])]
    return list(dict.fromkeys(keys))


def params(rows: pd.DataFrame, dataset: Dataset) -> tuple[state.Param, ...]:
    bounds = state.year_bounds(d for d in pd.concat([rows["period_start"], rows["period_end"]]).dropna())
    annual_turnover = [k for k in period_options(rows, ["turnover"]) if "." not in k]
    latest_two = (annual_turnover[-2:] if len(annual_turnover) >= 2 else ["", ""])
    kinds = tuple(sorted(dataset["milestones"]["kind"].unique()))
    areas = tuple(dataset["policy_areas"]["area_id"])
    return (
        # The last ten years by default: the sources are dense there; 1992 and 2011 stay one drag away.
        state.Param("years", "year_range", bounds=bounds, default=(max(bounds[0], bounds[1] - 9), bounds[1])),
        state.Param("periods", "choice", default="all", options=tuple(PERIOD_LABELS)),
        state.Param("flow", "choices", default=schema.MONEY_FLOWS, options=schema.MONEY_FLOWS),
        state.Param("reporter", "choices", default=schema.REPORTERS, options=schema.REPORTERS),
        state.Param("milestones", "flag", default=False),
        state.Param("mkind", "choices", default=kinds, options=kinds),
        state.Param("marea", "choices", default=areas, options=areas),
        state.Param("present", "flag", default=False),
        state.Param("record", "choice", default=NO_RECORD, options=(NO_RECORD, *rows["record_id"])),
        state.Param("cflow", "choice", default="turnover", options=schema.MONEY_FLOWS),
        state.Param("a", "choice", default=latest_two[0], options=("", *period_options(rows))),
        state.Param("b", "choice", default=latest_two[1], options=("", *period_options(rows))),
    )


@dataclass
class TradeView:
    rows: pd.DataFrame
    milestones: pd.DataFrame | None
    description: str
    empty_reason: str = ""


def select(rows: pd.DataFrame, dataset: Dataset, values: dict) -> TradeView:
    flows, reporters = list(values["flow"]), list(values["reporter"])
    money = _money(rows)
    shown = filters.filter_trade(money, values["years"], flows, reporters, values["periods"])
    shown = shown.sort_values(["period_end", "period_start", "flow", "record_id"])
    description = filters.describe_trade(values["years"], flows, reporters, values["periods"], schema.REPORTERS)
    milestones = None
    if values["milestones"]:
        milestones = filters.milestones_in_years(dataset["milestones"], values["years"], values["mkind"], values["marea"])
    reason = "" if not shown.empty else filters.empty_trade_explanation(money, values["years"], flows, reporters, values["periods"])
    return TradeView(shown, milestones, description, reason)


def record_labels(rows: pd.DataFrame) -> dict[str, str]:
    labels = {NO_RECORD: "— choose a figure —"}
    for row in rows.itertuples(index=False):
        value = metrics.format_value(row.value, row.unit, row.qualifier) if row.value == row.value else "growth only"
        labels[row.record_id] = f"{row.period_label} · {schema.FLOW_LABELS[row.flow]} · {value} · {schema.REPORTER_LABELS[row.reporter]}"
    return labels


@dataclass
class RecordDetail:
    headline: str
    sentence: str
    source_markdown: str
    article_link: dict[str, str] | None
    note: str


def headline(row) -> str:
    """'Trade turnover, 2025 Jan–Jul: $2.50 bn, +26.7% (vs same period of 2024), as reported by …'"""
    value = metrics.format_value(row["value"], row["unit"], row["qualifier"]) if pd.notna(row["value"]) else "no value stated"
    text = f"{schema.FLOW_LABELS[row['flow']]}, {row['period_label']}: {value}"
    growth = metrics.format_growth(row["growth_reported"], row["growth_unit"], row["growth_qualifier"])
    if growth:
        basis = row["growth_basis"] if isinstance(row["growth_basis"], str) else ""
        text += f", {growth}" + (f" ({basis})" if basis else "")
    return f"{text}; reported by {row['reporter_detail']}"


def record_detail(rows: pd.DataFrame, record_id: str) -> RecordDetail | None:
    match = rows[rows["record_id"] == record_id]
    if match.empty:
        return None
    row = match.iloc[0]
    link = None
    if row["source_kind"] == "article":
        link = {"article": row["source_id"], "record": row["record_id"]}
    return RecordDetail(
        headline=headline(row),
        sentence=row["source_sentence"] if isinstance(row["source_sentence"], str) else "",
        source_markdown=provenance.source_line(row),
        article_link=link,
        note=row["note"] if isinstance(row["note"], str) else "",
    )


def period_labels(rows: pd.DataFrame, flow: str) -> dict[str, str]:
    chosen = rows[(rows["flow"] == flow) & rows["preferred"]]
    return {metrics.period_key(s, e): label for s, e, label in
            zip(chosen["period_start"], chosen["period_end"], chosen["period_label"])}


@dataclass
class Comparison:
    message: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)
    chart: alt.Chart | None = None
    sources: str = ""


def comparison(rows: pd.DataFrame, flow: str, first_key: str, second_key: str) -> Comparison:
    if not first_key or not second_key:
        return Comparison("Choose two periods to compare.")
    chosen = rows[(rows["flow"] == flow) & rows["preferred"]]
    keyed = {metrics.period_key(r.period_start, r.period_end): r for _, r in chosen.iterrows()}
    missing = [k for k in (first_key, second_key) if k not in keyed]
    if missing:
        return Comparison(f"No {schema.FLOW_LABELS[flow].lower()} figure is stored for {', '.join(missing)}.")
    first, second = keyed[first_key], keyed[second_key]
    if first["period_end"] >= second["period_end"]:
        return Comparison("The “To” period must come after the “From” period.")
    result = metrics.compare_periods(first, second)
    if not result["comparable"]:
        return Comparison(result["reason"])
    symbol = {"more_than": ">", "less_than": "<", "about": "~", "unknown": "?"}.get(result["qualifier"], "")
    caveat = " (bounds make this uncertain)" if result["qualifier"] == "unknown" else ""
    figures = [
        ("Change", f"{symbol}{metrics.format_value(result['change'], 'usd_million', 'exact')}{caveat}"),
        ("Change in percent", f"{symbol}{result['change_pct']:+.1f}%"),
        (f"CAGR over {result['years']} years" if result["years"] > 1 else "Annual growth",
         f"{symbol}{result['cagr']:+.1f}% a year" if result["cagr"] == result["cagr"] else "—"),
        ("Multiple", f"{symbol}{result['multiple']:.2f}×"),
    ]
    title = f"{schema.FLOW_LABELS[flow]}: {first['period_label']} vs {second['period_label']}"
    sources = "Figures: " + "; ".join(f"{r['period_label']} from {r['source_title']} ({r['source_published_label']})" for r in (first, second))
    return Comparison("", figures, charts.comparison_chart(first, second, title), sources)


def growth_table(rows: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    comparisons = metrics.compare_with_prior_period(shown, pool=rows)
    if comparisons.empty:
        return comparisons
    frame = metrics.reported_vs_computed(comparisons, rows)
    return pd.DataFrame({
        "record": frame["record_id"],
        "flow": frame["flow"].map(schema.FLOW_LABELS),
        "period": frame["period_label"],
        "value": [metrics.format_value(v, "usd_million", q) for v, q in zip(frame["value"], frame["qualifier"])],
        "compared with": frame["prior_label"].fillna("—"),
        "comparison": frame["comparison"],
        "computed change %": frame["change_pct"].round(1),
        "reported growth": [metrics.format_growth(g, u, q) for g, u, q in
                            zip(frame["growth_reported"], frame["growth_unit"], frame["growth_qualifier"])],
        "difference (points)": frame["difference_points"].round(1),
        "disagree": frame["disagrees"],
    })


def mirror_table(gaps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "flow": gaps["flow"].map(schema.FLOW_LABELS),
        "period": gaps["period_label"],
        "Azerbaijani side": [metrics.format_value(v, "usd_million", q) for v, q in zip(gaps["value_az"], gaps["qualifier_az"])],
        "record (AZ)": gaps["record_az"],
        "Chinese side": [metrics.format_value(v, "usd_million", q) for v, q in zip(gaps["value_cn"], gaps["qualifier_cn"])],
        "record (CN)": gaps["record_cn"],
        "gap (USD m)": gaps["gap"].round(1),
        "gap (% of Chinese figure)": gaps["gap_pct"].round(1),
    })


def conflict_table(shown: pd.DataFrame) -> pd.DataFrame:
    claimed = metrics.conflicts(shown)
    return pd.DataFrame({
        "flow": claimed["flow"].map(schema.FLOW_LABELS),
        "period": claimed["period_label"],
        "value": [metrics.format_value(v, u, q) for v, u, q in zip(claimed["value"], claimed["unit"], claimed["qualifier"])],
        "qualifier": claimed["qualifier"],
        "reporter": claimed["reporter_detail"],
        "source": claimed["source_title"],
        "published": claimed["source_published_label"],
        "confidence": claimed["confidence"],
        "used in charts": claimed["preferred"],
        "record": claimed["record_id"],
    })


def rank_table(rows: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    ranks = rows[~rows["flow"].isin(schema.MONEY_FLOWS)]
    in_years = ranks[filters.overlaps_years(ranks["period_start"], ranks["period_end"], years)]
    undated = ranks[ranks["period_start"].isna()]
    chosen = pd.concat([in_years, undated]).sort_values(["period_end", "flow"], na_position="last")
    return pd.DataFrame({
        "period": chosen["period_label"],
        "measure": chosen["flow"].map(schema.FLOW_LABELS),
        "value": [metrics.format_value(v, u, q) for v, u, q in zip(chosen["value"], chosen["unit"], chosen["qualifier"])],
        "reporter": chosen["reporter_detail"],
        "source": chosen["source_title"],
        "record": chosen["record_id"],
    })


EXPORT_COLUMNS = ["record_id", "flow", "period_label", "period_start", "period_end", "value", "unit", "qualifier",
                  "growth_reported", "growth_unit", "growth_qualifier", "growth_basis", "reporter", "reporter_detail",
                  "stat_basis", "confidence", "preferred", "source_id", "source_title", "source_url",
                  "source_published_label", "source_sentence", "note"]


def export_rows(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows in view with their provenance (source title and address): table and CSV alike."""
    return shown[EXPORT_COLUMNS].reset_index(drop=True)
