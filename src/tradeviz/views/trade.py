"""The Trade page: figures by the period they cover, growth comparisons, mirror statistics,
conflicting figures and ranks, every number with its source."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tradeviz import charts, filters, metrics, periods, provenance, schema, state, words
from tradeviz.store import Dataset
from tradeviz.views import Download, RecordCard, Section, Table, area_names, memoized, table, trade_rows

PAGE = "trade"
PERIOD_LABELS = {"all": "All periods", "annual": "Full years", "partial": "Part-year"}
NO_RECORD = ""
# Figures the "Read the source of a figure" picker lists: the figures in view, first ones first.
MAX_PICKER = 200


# ---- derived once per dataset -----------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    rows: pd.DataFrame          # every trade row, sources attached, preferred marked, period kind and key
    comparisons: pd.DataFrame   # each money row against its prior period, beside the reported growth
    ids: frozenset
    period_options: tuple[str, ...]
    period_labels: dict[str, dict[str, str]]  # flow -> period key -> label
    milestones: pd.DataFrame    # dated milestones, for the overlay
    areas: dict[str, str]


def period_options(rows: pd.DataFrame, flows=schema.MONEY_FLOWS) -> list[str]:
    """Period keys that have a preferred figure in any of `flows`, oldest first."""
    chosen = rows[rows["flow"].isin(list(flows)) & rows["preferred"]].sort_values(["period_end", "period_start"])
    return list(dict.fromkeys(chosen["period_key"]))


def period_labels(rows: pd.DataFrame, flow: str) -> dict[str, str]:
    chosen = rows[(rows["flow"] == flow) & rows["preferred"]]
    return dict(zip(chosen["period_key"], chosen["period_label"]))


def _prepare(dataset: Dataset) -> Prepared:
    rows = trade_rows(dataset)
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS)]
    comparisons = metrics.reported_vs_computed(metrics.compare_with_prior_period(money, pool=money), rows)
    milestones = dataset["milestones"]
    return Prepared(
        rows=rows,
        comparisons=comparisons.set_index("record_id", drop=False),
        ids=frozenset(rows["record_id"]),
        period_options=tuple(period_options(rows)),
        period_labels={flow: period_labels(rows, flow) for flow in schema.MONEY_FLOWS},
        milestones=milestones[milestones["date_start"].notna()],
        areas=area_names(dataset),
    )


def prepared(dataset: Dataset) -> Prepared:
    return dataset.derived("trade.prepared", _prepare)


# ---- parameters -------------------------------------------------------------------------------


def default_years(bounds: tuple[int, int]) -> tuple[int, int]:
    # The last ten years by default: the sources are dense there; 1992 and 2011 stay one drag away.
    return max(bounds[0], bounds[1] - 9), bounds[1]


def _params(dataset: Dataset) -> tuple[state.Param, ...]:
    ready = prepared(dataset)
    rows = ready.rows
    bounds = periods.column_year_bounds(rows["period_start"], rows["period_end"])
    annual_turnover = [k for k in period_options(rows, ["turnover"]) if "." not in k]
    latest_two = annual_turnover[-2:] if len(annual_turnover) >= 2 else ["", ""]
    kinds = tuple(k for k in schema.MILESTONE_KINDS if k in set(dataset["milestones"]["kind"]))
    return (
        state.Param("years", "year_range", bounds=bounds, default=default_years(bounds), label="Years",
                    widget="slider"),
        state.Param("periods", "choice", default="all", options=tuple(PERIOD_LABELS), label="Periods",
                    widget="segmented", labels=PERIOD_LABELS),
        state.Param("flow", "choices", options=schema.MONEY_FLOWS, label="Flows", widget="multiselect",
                    labels=schema.FLOW_LABELS, placeholder="All flows"),
        state.Param("reporter", "choices", options=schema.REPORTERS, label="Reporters", widget="multiselect",
                    labels=schema.REPORTER_LABELS, placeholder="All reporters"),
        state.Param("milestones", "flag", default=False, label="Show diplomatic milestones on the chart",
                    widget="toggle"),
        state.Param("mkind", "choices", options=kinds, label="Milestone kinds", widget="multiselect",
                    placeholder="All kinds"),
        state.Param("marea", "choices", options=tuple(ready.areas), label="Milestone policy areas",
                    widget="multiselect", labels=ready.areas, placeholder="All policy areas"),
        state.Param("present", "flag", default=False, label="Presentation view (charts only)", widget="toggle"),
        state.Param("record", "id", default=NO_RECORD, label="Read the source of a figure", members=ready.ids,
                    widget="selectbox", noun="figure"),
        state.Param("cflow", "choice", default="turnover", options=schema.MONEY_FLOWS, label="Flow",
                    widget="selectbox", labels=schema.FLOW_LABELS),
        state.Param("a", "choice", default=latest_two[0], options=("", *ready.period_options), label="From",
                    widget="selectbox"),
        state.Param("b", "choice", default=latest_two[1], options=("", *ready.period_options), label="To",
                    widget="selectbox"),
    )


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return dataset.derived("trade.params", _params)


# ---- words ------------------------------------------------------------------------------------


def describe(years: tuple[int, int], flows, reporters, period_kind: str) -> str:
    """'turnover and exports to China, 2019–2025, full years' — caption, subtitle and file name.
    No flows or reporters chosen means all of them."""
    flows = list(flows) or list(schema.MONEY_FLOWS)
    parts = [words.join([words.FLOW_WORDS[f] for f in flows]), words.years_text(years)]
    if words.PERIOD_WORDS[period_kind]:
        parts.append(words.PERIOD_WORDS[period_kind])
    if reporters and set(reporters) != set(schema.REPORTERS):
        parts.append(f"{len(list(reporters))} of {len(schema.REPORTERS)} reporters")
    return ", ".join(parts)


def empty_explanation(money: pd.DataFrame, years, flows, reporters, period_kind: str) -> str:
    """Which filter emptied the view, in one sentence."""
    in_years = money[filters.within_years(money["period_start"], money["period_end"], years)]
    if in_years.empty:
        return f"No figure covers a period inside {years[0]}–{years[1]}; widen the years."
    of_flows = in_years[filters.one_of(in_years["flow"], flows)]
    if of_flows.empty:
        return "No figure of the chosen flows falls in these years."
    of_reporters = of_flows[filters.one_of(of_flows["reporter"], reporters)]
    if of_reporters.empty:
        return "None of the chosen reporters gives a figure for these flows and years."
    return f"None of the figures left is for {words.PERIOD_WORDS[period_kind] or 'these periods'}."


def record_labels(rows: pd.DataFrame) -> dict[str, str]:
    """'2025 Jan–Jul · Trade turnover · $2.50 bn · Seed news article' for each row given."""
    labels = {NO_RECORD: "— choose a figure —"}
    for row in rows.itertuples(index=False):
        value = words.value_text(row.value, row.unit, row.qualifier) if row.value == row.value else "growth only"
        labels[row.record_id] = (f"{row.period_label} · {schema.FLOW_LABELS[row.flow]} · {value} · "
                                 f"{schema.REPORTER_LABELS[row.reporter]}")
    return labels


def record_card(rows: pd.DataFrame, record_id: str) -> RecordCard | None:
    """Everything the page shows about one figure; None for no id or an id not in the data."""
    if not record_id:
        return None
    match = rows[rows["record_id"] == record_id]
    if match.empty:
        return None
    row = match.iloc[0]
    link = None
    if row["source_kind"] == "article":
        link = {"article": row["source_id"], "record": row["record_id"]}
    return RecordCard(
        record_id=row["record_id"],
        title=words.figure_headline(row),
        sentence=row["source_sentence"] if isinstance(row["source_sentence"], str) else "",
        source_markdown=provenance.source_line(row),
        article_link=link,
        notes=(f"Note: {row['note']}",) if isinstance(row["note"], str) and row["note"] else (),
    )


# ---- comparison of two periods ----------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    message: str = ""
    figures: tuple[tuple[str, str], ...] = ()
    chart: charts.ChartSpec | None = None
    sources: str = ""


def comparison(rows: pd.DataFrame, flow: str, first_key: str, second_key: str) -> Comparison:
    if not first_key or not second_key:
        return Comparison("Choose two periods to compare.")
    chosen = rows[(rows["flow"] == flow) & rows["preferred"] & rows["period_key"].isin([first_key, second_key])]
    keyed = {r["period_key"]: r for _, r in chosen.iterrows()}
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
    figures = (
        ("Change", f"{symbol}{words.value_text(result['change'], 'usd_million', 'exact')}{caveat}"),
        ("Change in percent", f"{symbol}{result['change_pct']:+.1f}%"),
        (f"CAGR over {result['years']} years" if result["years"] > 1 else "Annual growth",
         f"{symbol}{result['cagr']:+.1f}% a year" if result["cagr"] == result["cagr"] else "—"),
        ("Multiple", f"{symbol}{result['multiple']:.2f}×"),
    )
    title = f"{schema.FLOW_LABELS[flow]}: {first['period_label']} vs {second['period_label']}"
    sources = "Figures: " + "; ".join(f"{r['period_label']} from {r['source_title']} ({r['source_published_label']})"
                                      for r in (first, second))
    source_note = provenance.chart_source_note(pd.DataFrame([first, second]))
    return Comparison("", figures, charts.comparison(first, second, title, source_note), sources)


# ---- tables -----------------------------------------------------------------------------------


def growth_table(comparisons: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """Each shown figure against its prior period (looked up in the whole dataset, so a view of
    2024–2025 still finds 2023), beside the growth its source reported."""
    frame = comparisons[comparisons["record_id"].isin(shown["record_id"])]
    order = pd.Series(range(len(shown)), index=shown["record_id"].to_numpy())
    frame = frame.assign(_order=order.reindex(frame["record_id"].to_numpy()).to_numpy()).sort_values("_order")
    return pd.DataFrame({
        "record": frame["record_id"],
        "flow": frame["flow"].map(schema.FLOW_LABELS),
        "period": frame["period_label"],
        "value": words.values_text(frame["value"], ["usd_million"] * len(frame), frame["qualifier"]),
        "compared with": frame["prior_label"].fillna("—"),
        "comparison": frame["comparison"],
        "computed change %": frame["change_pct"].round(1),
        "reported growth": words.growths_text(frame["growth_reported"], frame["growth_unit"],
                                              frame["growth_qualifier"]),
        "difference (points)": frame["difference_points"].round(1),
        "disagree": frame["disagrees"],
    }).reset_index(drop=True)


def mirror_table(gaps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "flow": gaps["flow"].map(schema.FLOW_LABELS),
        "period": gaps["period_label"],
        "Azerbaijani side": words.values_text(gaps["value_az"], ["usd_million"] * len(gaps), gaps["qualifier_az"]),
        "record (AZ)": gaps["record_az"],
        "claims (AZ)": gaps["claims_az"],
        "Chinese side": words.values_text(gaps["value_cn"], ["usd_million"] * len(gaps), gaps["qualifier_cn"]),
        "record (CN)": gaps["record_cn"],
        "claims (CN)": gaps["claims_cn"],
        "gap (USD m)": gaps["gap"].round(1),
        "gap (% of Chinese figure)": gaps["gap_pct"].round(1),
    })


def conflict_table(claimed: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "flow": claimed["flow"].map(schema.FLOW_LABELS),
        "period": claimed["period_label"],
        "value": words.values_text(claimed["value"], claimed["unit"], claimed["qualifier"]),
        "qualifier": claimed["qualifier"],
        "reporter": claimed["reporter_detail"],
        "source": claimed["source_title"],
        "published": claimed["source_published_label"],
        "confidence": claimed["confidence"],
        "used in charts": claimed["preferred"],
        "record": claimed["record_id"],
    })


def rank_table(rows: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    """China's rank and share in the years (and those that state no period), oldest first."""
    ranks = rows[~rows["flow"].isin(schema.MONEY_FLOWS)]
    keep = filters.within_years(ranks["period_start"], ranks["period_end"], years) | ranks["period_start"].isna()
    chosen = ranks[keep].sort_values(["period_end", "flow"], na_position="last")
    return pd.DataFrame({
        "period": chosen["period_label"],
        "measure": chosen["flow"].map(schema.FLOW_LABELS),
        "value": words.values_text(chosen["value"], chosen["unit"], chosen["qualifier"]),
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


# ---- the view ---------------------------------------------------------------------------------


GROWTH_CAPTION = ("Computed from stored values beside the growth each source reported. A partial period is "
                  "compared only with the same months of the prior year.")
MIRROR_FOOTNOTE = ("Side = the statistical basis a source states; where none is stated, Azerbaijani bodies and "
                   "officials count as the Azerbaijani side, while Chinese diplomats (who have quoted both sides' "
                   "data) count for neither. One bar per claim; where a side has more than one claim, the table "
                   "compares the one the preference rule picks among that side's claims. "
                   "Possible causes of gaps (origin vs destination counting, CIF/FOB) are not stated by the sources.")


@dataclass(frozen=True)
class TradeView:
    description: str
    rows: pd.DataFrame                   # the money figures in view, in period order
    empty_reason: str = ""
    chart: charts.ChartSpec | None = None
    milestones: pd.DataFrame | None = None
    picker: tuple[str, ...] = (NO_RECORD,)
    picker_labels: dict[str, str] = field(default_factory=dict)
    card: RecordCard | None = None
    period_labels: dict[str, str] = field(default_factory=dict)
    comparison: Comparison = Comparison()
    sections: tuple[Section, ...] = ()   # growth, mirror, conflicts: shown outside the presentation view
    ranks: Section | None = None
    figures: Table | None = None
    download: Download | None = None

    @property
    def heading(self) -> str:
        return words.sentence_case(self.description)

    @property
    def count_text(self) -> str:
        return f"{words.plural(len(self.rows), 'figure')} shown. " + metrics.PREFERENCE_RULE

    def section(self, key: str) -> Section:
        return next(s for s in (*self.sections, self.ranks) if s is not None and s.key == key)


def _picker(shown: pd.DataFrame, rows: pd.DataFrame, selected: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The figures in view (at most MAX_PICKER) and the selected one, wherever it is."""
    listed = shown.head(MAX_PICKER)
    if selected and selected not in set(listed["record_id"]):
        listed = pd.concat([rows[rows["record_id"] == selected], listed])
    labels = record_labels(listed)
    return (NO_RECORD, *listed["record_id"]), labels


@memoized
def select(dataset: Dataset, values: dict) -> TradeView:
    ready = prepared(dataset)
    rows = ready.rows
    years, flows, reporters, period_kind = tuple(values["years"]), values["flow"], values["reporter"], values["periods"]
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS)]
    keep = (filters.within_years(money["period_start"], money["period_end"], years)
            & filters.one_of(money["flow"], flows) & filters.one_of(money["reporter"], reporters))
    if period_kind != "all":
        keep &= money["period_kind"] == period_kind
    shown = money[keep].sort_values(["period_end", "period_start", "flow", "record_id"])
    description = describe(years, flows, reporters, period_kind)
    picker, picker_labels = _picker(shown, rows, values["record"])
    common = dict(
        description=description, rows=shown, picker=picker, picker_labels=picker_labels,
        card=record_card(rows, values["record"]),
        period_labels=ready.period_labels.get(values["cflow"], {}),
        comparison=comparison(rows, values["cflow"], values["a"], values["b"]),
        ranks=Section("ranks", "China's rank and share", table=table(rank_table(rows, years)),
                      empty="No rank or share figure falls in these years."),
    )
    if shown.empty:
        return TradeView(empty_reason=empty_explanation(money, years, flows, reporters, period_kind), **common)
    milestones = None
    if values["milestones"]:
        m = ready.milestones
        milestones = m[filters.overlaps_years(m["date_start"], m["date_end"], years)
                       & filters.one_of(m["kind"], values["mkind"])
                       & filters.tagged_with_any(m["policy_areas"], values["marea"])]
    claims = metrics.mirror_claims(shown)
    gaps = metrics.mirror_gaps(claims)
    mirror_rows = shown[shown["record_id"].isin(claims["record_id"])]
    exported = export_rows(shown)
    sections = (
        Section("growth", "Year on year and same period of the prior year", GROWTH_CAPTION,
                table=table(growth_table(ready.comparisons, shown)),
                empty="No figure in view has a value and a period to compare."),
        Section("mirror", "Mirror statistics",
                chart=charts.mirror(claims, provenance.chart_source_note(mirror_rows)) if not gaps.empty else None,
                table=table(mirror_table(gaps)), footnote=MIRROR_FOOTNOTE,
                empty="No period in view has figures from both the Azerbaijani and the Chinese side. "
                      "2017 is the clearest case: widen the years to include it."),
        Section("conflicts", "Conflicting figures", metrics.PREFERENCE_RULE,
                table=table(conflict_table(metrics.conflicts(shown))),
                empty="No period in view has more than one figure for the same flow."),
    )
    return TradeView(
        chart=charts.trade_periods(shown, milestones, subtitle=description,
                                   source_note=provenance.chart_source_note(shown)),
        milestones=milestones, sections=sections, figures=table(exported),
        download=Download(exported, PAGE, description), **common,
    )
