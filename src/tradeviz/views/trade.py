"""The Trade page: trade over the years (each year's figure at its year), part-year figures like
for like, growth comparisons on intervals, mirror statistics, conflicting figures and ranks, every
number with its source, its qualifier and its rounding."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from tradeviz import charts, filters, intervals, metrics, periods, provenance, schema, state, words
from tradeviz.store import Dataset
from tradeviz.views.series import BALANCE, FLAG_WORDS, FLOWS, part_year_frame, series_parts
from tradeviz.views import (Download, Ids, RecordCard, Section, Selection, Table, area_names, memoized,
                            milestone_rows, ordered, picked, preferred_rows, reader_link, sort_order, sourced, table,
                            trade_rows)

PAGE = "trade"
# How the chart draws the figures: full years as a series (the default), part-years like for
# like, or every figure on its period (only when a user asks: the marks then say which is which).
PERIOD_LABELS = {"annual": "Full years", "partial": "Same months of each year", "all": "Every figure, on its period"}
MEASURE_LABELS = {"usd": "USD", "index": "Index (first year = 100)"}
FLOW_PILLS = {"turnover": "Turnover", "exports": "Exports to China", "imports": "Imports from China",
              BALANCE: "Balance (derived)"}
FLOW_WORDS = {**words.FLOW_WORDS, BALANCE: "the balance"}
# Short enough for one row of pills; the chart's legend and tooltips give the full names.
REPORTER_PILLS = {"az_customs": "AZ Customs Committee", "az_ministry": "AZ Ministry of Economy",
                  "az_official": "AZ official", "cn_statistics": "China-side statistics", "cn_official": "Chinese diplomat",
                  "news_agency": "News agency", "press_article": "Seed article", "blog": "Blog"}
# The parts of the page under the chart, one tab each; only the open one is computed and drawn.
TABS = {"read": "Read a figure", "series": "The chart as a table", "table": "All figures and CSV",
        "compare": "Compare two periods", "growth": "Growth", "mirror": "Mirror statistics",
        "conflicts": "Conflicting figures", "ranks": "Rank and share"}
NO_RECORD = ""
# Figures the "Read the source of a figure" picker lists: the figures in view, first ones first.
MAX_PICKER = 200
FLAG_SHORT = {"low": "low-confidence", "inconsistent": "inconsistent"}


# ---- derived once per dataset -----------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """What the Trade view derives from the whole dataset, once: the rows, and the orders the
    page lists them in (positions, so a filter change only masks: nothing is sorted, and no row
    is copied, per view)."""

    rows: pd.DataFrame          # every trade row: preferred marked, period kind, years, intervals (trade_rows)
    money_order: np.ndarray     # turnover, exports and imports, in period order
    claimed_order: np.ndarray   # money rows of a flow and period with more than one claim, in conflict order
    rank_order: np.ndarray      # ranks and shares, by period end, undated last
    comparable: np.ndarray      # row position -> a money row with a value and a period (it can be compared)
    ids: Ids                    # record id -> row position
    preferred: pd.DataFrame     # the preferred rows with their sources: period options and comparisons
    period_options: tuple[str, ...]
    period_labels: dict[str, dict[str, str]]  # flow -> period key -> label
    milestones: pd.DataFrame    # every milestone (the dataset's own frame), for the overlay
    areas: dict[str, str]

    def row(self, record_id: str) -> pd.DataFrame:
        """The row of one record (empty when the id is unknown)."""
        position = self.ids.position(record_id)
        return self.rows.iloc[[position] if position >= 0 else []]


def period_options(rows: pd.DataFrame, flows=schema.MONEY_FLOWS) -> list[str]:
    """Period keys that have a preferred figure in any of `flows`, oldest first."""
    chosen = rows[rows["flow"].isin(list(flows)) & rows["preferred"]].sort_values(["period_end", "period_start"])
    return list(dict.fromkeys(chosen["period_key"]))


def period_labels(rows: pd.DataFrame, flow: str) -> dict[str, str]:
    chosen = rows[(rows["flow"] == flow) & rows["preferred"]]
    return dict(zip(chosen["period_key"], chosen["period_label"]))


def _prepare(dataset: Dataset) -> Prepared:
    rows = trade_rows(dataset)
    is_money = rows["flow"].isin(schema.MONEY_FLOWS).to_numpy()
    money_order = sort_order(rows, ["period_end", "period_start", "flow", "record_id"])
    money_order = money_order[is_money[money_order]]
    claimed_order = sort_order(rows, ["flow", "period_start", "period_end", "preferred", "record_id"],
                               ascending=[True, True, True, False, True])
    claimed_order = claimed_order[(is_money & (rows["claims"] > 1).to_numpy())[claimed_order]]
    rank_order = sort_order(rows, ["period_end", "flow"])
    rank_order = rank_order[~is_money[rank_order]]
    comparable = is_money & (rows["value"].notna() & rows["period_start"].notna()).to_numpy()
    preferred = preferred_rows(dataset)
    return Prepared(
        rows=rows, money_order=money_order, claimed_order=claimed_order, rank_order=rank_order,
        comparable=comparable, ids=Ids(rows["record_id"]), preferred=preferred,
        period_options=tuple(period_options(preferred)),
        period_labels={flow: period_labels(preferred, flow) for flow in schema.MONEY_FLOWS},
        milestones=milestone_rows(dataset), areas=area_names(dataset),
    )


def prepared(dataset: Dataset) -> Prepared:
    return dataset.derived("trade.prepared", _prepare)


# ---- parameters -------------------------------------------------------------------------------


def mirror_empty_reason(years: tuple[int, int], any_period: pd.DataFrame, anywhere: pd.DataFrame) -> str:
    """Why no period in view has figures from both sides, from the mirror gaps the view would
    have with any kind of period (`any_period`) and those of all money figures whatever the
    filters (`anywhere`): the kind of period hides them, or the flows or reporters do, or the
    years leave out the periods that have some (named)."""
    said = "No period in view has figures from both the Azerbaijani and the Chinese side"

    def named(gaps: pd.DataFrame) -> str:
        return words.join(list(dict.fromkeys(gaps["period_label"])))

    if len(any_period):
        return f"{said} among these figures; {named(any_period)} has some: choose “Full years” or “Every figure”."
    if len(anywhere):
        inside = anywhere[(anywhere["period_start"].dt.year >= years[0]) & (anywhere["period_end"].dt.year <= years[1])]
        if len(inside):
            return f"{said} for these flows and reporters; {named(inside)} has some for others."
        return f"{said}: {named(anywhere)} has some: widen the years to include it."
    return f"{said}."


def default_years(bounds: tuple[int, int]) -> tuple[int, int]:
    # The last ten years by default, to the last year with any figure (part-year figures of the
    # current year included: the table and the figure picker list them); 1992 and 2011 stay one
    # drag away. A chart ends at its own last year with data (`chart_years`).
    return max(bounds[0], bounds[1] - 9), bounds[1]


def chart_years(years: tuple[int, int], *frames: pd.DataFrame) -> tuple[int, int]:
    """The years a chart of `frames` (each with a `year` column) spans within the chosen `years`:
    from the first year with a figure to the last, so no chart starts or ends in an empty year."""
    found = [int(y) for frame in frames if len(frame) for y in (frame["year"].min(), frame["year"].max())]
    if not found:
        return years
    return max(years[0], min(found)), min(years[1], max(found))


def _params(dataset: Dataset) -> tuple[state.Param, ...]:
    ready = prepared(dataset)
    rows = ready.rows
    bounds = periods.column_year_bounds(rows["period_start"], rows["period_end"])
    annual_turnover = [k for k in period_options(ready.preferred, ["turnover"]) if "." not in k]
    latest_two = annual_turnover[-2:] if len(annual_turnover) >= 2 else ["", ""]
    present = set(dataset["milestones"]["kind"].unique())
    kinds = tuple(k for k in schema.MILESTONE_KINDS if k in present)
    return (
        state.Param("years", "year_range", bounds=bounds, default=default_years(bounds), label="Years",
                    widget="slider"),
        state.Param("periods", "choice", default="annual", options=tuple(PERIOD_LABELS), label="Figures",
                    widget="segmented", labels=PERIOD_LABELS),
        state.Param("measure", "choice", default="usd", options=tuple(MEASURE_LABELS), label="Show",
                    widget="segmented", labels=MEASURE_LABELS),
        state.Param("flow", "choices", options=FLOWS, label="Flows (none chosen: all)", widget="pills",
                    labels=FLOW_PILLS),
        state.Param("reporter", "choices", options=schema.REPORTERS, label="Reporters (none chosen: all)",
                    widget="pills", labels=REPORTER_PILLS),
        state.Param("milestones", "flag", default=False, label="Show milestones", widget="toggle"),
        state.Param("mkind", "choices", options=kinds, label="Milestone kinds (none chosen: all)", widget="pills",
                    labels={k: k.capitalize() for k in kinds}),
        state.Param("marea", "choices", options=tuple(ready.areas), label="Milestone policy areas (none chosen: all)",
                    widget="pills", labels=ready.areas),
        state.Param("present", "flag", default=False, label="Presentation view (charts only)", widget="toggle"),
        state.Param("record", "id", default=NO_RECORD, label="Read the source of a figure", members=ready.ids,
                    widget="selectbox", noun="figure"),
        state.Param("cflow", "choice", default="turnover", options=schema.MONEY_FLOWS, label="Flow",
                    widget="selectbox", labels=schema.FLOW_LABELS),
        state.Param("a", "choice", default=latest_two[0], options=("", *ready.period_options), label="From",
                    widget="selectbox"),
        state.Param("b", "choice", default=latest_two[1], options=("", *ready.period_options), label="To",
                    widget="selectbox"),
        state.Param("tab", "choice", default="read", options=tuple(TABS), label="Part of the page", widget="tabs",
                    labels=TABS),
    )


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return dataset.derived("trade.params", _params)


def data_flows(flows) -> list[str]:
    """The stored flows a choice of flows needs: the balance is derived from exports and imports.
    Nothing chosen means every flow."""
    chosen = list(flows) or list(FLOWS)
    needed = [f for f in chosen if f != BALANCE]
    if BALANCE in chosen:
        needed += [f for f in ("exports", "imports") if f not in needed]
    return needed


# ---- words ------------------------------------------------------------------------------------


def describe(years: tuple[int, int], flows, reporters, period_kind: str, measure: str = "usd") -> str:
    """'turnover and exports to China, 2019–2025, full years' — caption, subtitle and file name.
    No flows or reporters chosen means all of them."""
    # Nothing chosen means every flow: the full-year chart also draws the balance it derives.
    flows = list(flows) or list(FLOWS if period_kind == "annual" else schema.MONEY_FLOWS)
    parts = [words.join([FLOW_WORDS[f] for f in flows]), words.years_text(years)]
    parts.append({"annual": "full years", "partial": "the same months of each year",
                  "all": "every figure on its period"}[period_kind])
    if period_kind == "annual" and measure == "index":
        parts.append("as an index")
    if reporters and set(reporters) != set(schema.REPORTERS):
        parts.append(f"{len(list(reporters))} of {len(schema.REPORTERS)} reporters")
    return ", ".join(parts)


PERIOD_WORDS = {"annual": "full years", "partial": "part-year periods", "all": ""}


def empty_explanation(rows: pd.DataFrame, years, flows, reporters, period_kind: str) -> str:
    """Which filter emptied the view, in one sentence (counting rows, never copying them)."""
    money = rows["flow"].isin(schema.MONEY_FLOWS)
    in_years = money & filters.within_years(rows["start_year"], rows["end_year"], years)
    if not in_years.any():
        return f"No figure covers a period inside {years[0]}–{years[1]}; widen the years."
    of_flows = in_years & filters.one_of(rows["flow"], data_flows(flows))
    if not of_flows.any():
        return "No figure of the chosen flows falls in these years."
    if not (of_flows & filters.one_of(rows["reporter"], reporters)).any():
        return "None of the chosen reporters gives a figure for these flows and years."
    return (f"None of the figures left is for {PERIOD_WORDS[period_kind] or 'these periods'}: "
            "choose other figures above the flows.")


def record_labels(rows: pd.DataFrame) -> dict[str, str]:
    """'2025 Jan–Jul · Trade turnover · $2.50 bn · Seed news article' for each row given."""
    labels = {NO_RECORD: "— choose a figure —"}
    for row in rows.itertuples(index=False):
        value = words.value_text(row.value, row.unit, row.qualifier) if row.value == row.value else "growth only"
        labels[row.record_id] = (f"{row.period_label} · {schema.FLOW_LABELS[row.flow]} · {value} · "
                                 f"{schema.REPORTER_LABELS[row.reporter]}")
    return labels


def record_card(rows: pd.DataFrame, record_id: str) -> RecordCard | None:
    """Everything the page shows about one figure (`rows` holding it, with sources and
    intervals); None for no id or an id not in the rows."""
    if not record_id:
        return None
    match = rows[rows["record_id"] == record_id]
    if match.empty:
        return None
    row = match.iloc[0]
    link = reader_link(row["source_id"], row["record_id"]) if row["source_kind"] == "article" else None
    lines = []
    if pd.notna(row["value"]) and row["unit"] == "usd_million":
        lines.append(f"As an interval (its qualifier and rounding): {words.money_range(row['value_low'], row['value_high'])}")
    if pd.notna(row["growth_reported"]):
        lines.append(f"Reported growth as an interval: {words.percent_range(row['growth_low'], row['growth_high'], 2)}")
    notes = [FLAG_WORDS[row["confidence"]].capitalize()] if row["confidence"] in FLAG_WORDS else []
    if isinstance(row["note"], str) and row["note"]:
        notes.append(f"Note: {row['note']}")
    return RecordCard(record_id=row["record_id"], title=words.figure_headline(row), lines=tuple(lines),
                      sentence=row["source_sentence"] if isinstance(row["source_sentence"], str) else "",
                      source_markdown=provenance.source_line(row), article_link=link, notes=tuple(notes))


# ---- comparison of two periods ----------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    message: str = ""
    figures: tuple[tuple[str, str], ...] = ()
    chart: charts.ChartSpec | None = None
    sources: str = ""


def comparison(rows: pd.DataFrame, flow: str, first_key: str, second_key: str) -> Comparison:
    """Two periods of one flow compared on their intervals: change, change in percent, CAGR and
    multiple, each as the range the two figures' qualifiers and rounding allow."""
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
    years = result["years"]
    figures = (
        ("Change", words.money_range(*result["change"], outward=True)),
        ("Change in percent", words.percent_range(*result["change_pct"])),
        (f"CAGR over {years} years" if years > 1 else "Annual growth",
         words.percent_range(*result["cagr"]) + " a year" if not np.isnan(result["cagr"][0]) else "—"),
        ("Multiple", words.multiple_range(*result["multiple"])),
    )
    title = f"{schema.FLOW_LABELS[flow]}: {first['period_label']} vs {second['period_label']}"
    sources = ("Ranges: what the two figures' qualifiers and rounding allow. Figures: "
               + "; ".join(f"{r['period_label']} {words.value_text(r['value'], r['unit'], r['qualifier'])} from "
                           f"{r['source_title']} ({r['source_published_label']})" for r in (first, second)))
    source_note = provenance.chart_source_note(pd.DataFrame([first, second]))
    return Comparison("", figures, charts.comparison(first, second, title, source_note), sources)


# ---- tables -----------------------------------------------------------------------------------

GROWTH_LABELS = {"flow": "Flow", "period": "Period", "figure": "Figure", "compared_with": "Compared with",
                 "computed": "Computed change", "reported": "Reported growth", "verdict": "Verdict", "record": "Record"}
# Tables sit on the Trade page, so "to China" and "from China" say enough.
SHORT_FLOWS = {**schema.FLOW_LABELS, "turnover": "Turnover", "exports": "Exports to China",
               "imports": "Imports from China"}


def growth_rows(ready: Prepared, shown: Selection) -> pd.DataFrame:
    """The shown figures that have a value and a period (the first MAX_TABLE_ROWS), each against
    the preferred figure of its prior period, beside the growth its source reported. Computed
    for the rows a table shows only: the prior figures are the preferred ones, a few per year."""
    from tradeviz.views import MAX_TABLE_ROWS

    comparable = shown.positions[ready.comparable[shown.positions]][:MAX_TABLE_ROWS]
    head = ready.rows.iloc[comparable]
    return metrics.reported_vs_computed(metrics.compare_with_prior_period(head, pool=ready.preferred), head)


def growth_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Each figure against its prior period (looked up in the whole dataset, so a view of
    2024–2025 still finds 2023), beside the growth its source reported, with the verdict."""
    compared = frame["comparison"].isin(["year on year", "same period of prior year"]).to_numpy()
    prior = [f"{label} ({words.value_text(v, 'usd_million', q)})" if ok else ""
             for label, v, q, ok in zip(frame["prior_label"], frame["prior_value"], frame["prior_qualifier"], compared)]
    verdict = np.where(frame["comparison"].str.startswith(("not compared", metrics.NO_PRIOR)), frame["comparison"],
                       np.where(frame["verdict"] == "", "no growth reported", frame["verdict"]))
    return pd.DataFrame({
        "flow": frame["flow"].map(SHORT_FLOWS),
        "period": frame["period_label"],
        "figure": words.values_text(frame["value"], ["usd_million"] * len(frame), frame["qualifier"]),
        "compared_with": prior,
        "computed": [words.percent_range(lo, hi) if lo == lo else "" for lo, hi in
                     zip(frame["change_pct_low"], frame["change_pct_high"])],
        "reported": words.growths_text(frame["growth_reported"], frame["growth_unit"], frame["growth_qualifier"]),
        "verdict": verdict,
        "record": frame["record_id"],
    }).reset_index(drop=True)


IMPLIED_LABELS = {"flow": "Flow", "period": "Period", "implies": "Prior period", "implied": "Implied value (derived)",
                  "stored": "Stored for it", "verdict": "Checked against", "record": "Record"}


def implied_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "flow": frame["flow"].map(SHORT_FLOWS), "period": frame["period_label"], "implies": frame["prior_label"],
        "implied": [words.money_range(lo, hi, outward=True) for lo, hi in zip(frame["implied_low"], frame["implied_high"])],
        "stored": frame["stored"], "verdict": frame["verdict"], "record": frame["record_id"],
    })


MIRROR_LABELS = {"flow": "Flow", "period": "Period", "az": "Azerbaijani side", "record_az": "Record (AZ)",
                 "claims_az": "Claims (AZ)", "cn": "Chinese side", "record_cn": "Record (CN)", "claims_cn": "Claims (CN)",
                 "gap": "Gap (AZ − CN)", "gap_pct": "Gap, % of the Chinese figure"}


def _flagged(text: str, confidence: str) -> str:
    return f"{text} (flagged {FLAG_SHORT[confidence]})" if confidence in FLAG_SHORT else text


def mirror_table(gaps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "flow": gaps["flow"].map(SHORT_FLOWS),
        "period": gaps["period_label"],
        "az": [_flagged(words.value_text(v, "usd_million", q), c)
               for v, q, c in zip(gaps["value_az"], gaps["qualifier_az"], gaps["confidence_az"])],
        "record_az": gaps["record_az"],
        "claims_az": gaps["claims_az"],
        "cn": [_flagged(words.value_text(v, "usd_million", q), c)
               for v, q, c in zip(gaps["value_cn"], gaps["qualifier_cn"], gaps["confidence_cn"])],
        "record_cn": gaps["record_cn"],
        "claims_cn": gaps["claims_cn"],
        "gap": [note or words.money_range(lo, hi, outward=True)
                for lo, hi, note in zip(gaps["gap_low"], gaps["gap_high"], gaps["gap_note"])],
        "gap_pct": ["" if note else words.percent_range(lo, hi) for lo, hi, note in
                    zip(gaps["gap_pct_low"], gaps["gap_pct_high"], gaps["gap_note"])],
    })


CONFLICT_LABELS = {"flow": "Flow", "period": "Period", "figure": "Figure", "could_be": "Could be",
                   "against": "Against the figure charts use", "confidence": "Research flag", "reporter": "Reporter",
                   "source": "Source", "published": "Published", "record": "Record"}


def conflict_table(claimed: pd.DataFrame, agreement: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({
        "flow": claimed["flow"].map(SHORT_FLOWS),
        "period": claimed["period_label"],
        "figure": words.values_text(claimed["value"], claimed["unit"], claimed["qualifier"]),
        "could_be": [words.money_range(lo, hi) for lo, hi in zip(claimed["value_low"], claimed["value_high"])],
        "against": agreement.reindex(claimed.index).to_numpy(),
        "confidence": claimed["confidence"].map(FLAG_SHORT).fillna("").astype("str"),
        "reporter": claimed["reporter_detail"],
        "source": claimed["source_title"],
        "published": claimed["source_published_label"],
        "record": claimed["record_id"],
    })


def rank_rows(ready: Prepared, years: tuple[int, int]) -> Selection:
    """China's rank and share in the years (and those that state no period), oldest first."""
    rows = ready.rows
    keep = filters.within_years(rows["start_year"], rows["end_year"], years) | rows["period_start"].isna()
    return Selection(rows, ordered(ready.rank_order, keep))


RANK_LABELS = {"period": "Period", "measure": "Measure", "value": "Value", "reporter": "Reporter", "source": "Source",
               "record": "Record"}


def rank_table(chosen: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "period": chosen["period_label"],
        "measure": chosen["flow"].map(schema.FLOW_LABELS),
        "value": words.values_text(chosen["value"], chosen["unit"], chosen["qualifier"]),
        "reporter": chosen["reporter_detail"],
        "source": chosen["source_title"],
        "record": chosen["record_id"],
    })


EXPORT_COLUMNS = ["record_id", "flow", "period_label", "period_start", "period_end", "value", "unit", "qualifier",
                  "value_low", "value_high", "growth_reported", "growth_unit", "growth_qualifier", "growth_basis",
                  "reporter", "reporter_detail", "stat_basis", "confidence", "preferred", "source_id", "source_title",
                  "source_url", "source_published_label", "source_sentence", "note"]


def export_rows(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows in view with their provenance (source title and address) and the interval each
    figure stands for: the CSV. The on-screen table is `figure_table`."""
    return shown[EXPORT_COLUMNS].reset_index(drop=True)


FIGURE_LABELS = {"period": "Period", "flow": "Flow", "figure": "Figure", "could_be": "Could be",
                 "growth": "Growth as reported", "reporter": "Reporter", "used": "Used by charts",
                 "flag": "Research flag", "source": "Source", "published": "Published", "record": "Record"}


def figure_table(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows in view as a reader wants them: words, not codes."""
    return pd.DataFrame({
        "period": shown["period_label"],
        "flow": shown["flow"].map(SHORT_FLOWS),
        "figure": words.values_text(shown["value"], shown["unit"], shown["qualifier"]),
        "could_be": [words.money_range(lo, hi) if lo == lo else "" for lo, hi in
                     zip(shown["value_low"], shown["value_high"])],
        "growth": words.growths_text(shown["growth_reported"], shown["growth_unit"], shown["growth_qualifier"]),
        "reporter": shown["reporter_detail"],
        "used": shown["preferred"].map({True: "yes", False: ""}),
        "flag": shown["confidence"].map(FLAG_SHORT).fillna("").astype("str"),
        "source": shown["source_title"],
        "published": shown["source_published_label"],
        "record": shown["record_id"],
    })


SERIES_TABLE_LABELS = {"year": "Year", "flow": "Flow", "figure": "Figure", "could_be": "Could be",
                       "claims": "Other claims", "source": "Source", "record": "Record"}


# ---- the view ---------------------------------------------------------------------------------


GROWTH_CAPTION = ("Computed from the stored figures as intervals (their qualifiers and rounding), beside the "
                  "growth each source reported: consistent when the reported growth fits the computed range, "
                  "inconsistent when it cannot, cannot tell when the range is too wide to say. A part-year "
                  "figure is compared only with the same months of the prior year; a figure the research flags "
                  "is never compared.")
IMPLIED_CAPTION = ("Where no figure is stored for the prior period, the reported growth implies one: "
                   "value ÷ (1 + growth), as a range. Derived here, never stated by a source.")
MIRROR_FOOTNOTE = ("Side = the statistical basis a source states; where none is stated, Azerbaijani bodies and "
                   "officials count as the Azerbaijani side, while Chinese diplomats (who have quoted both sides' "
                   "data) count for neither. One bar per claim; where a side has more than one claim, the table "
                   "compares the one the preference rule picks among that side's claims, as ranges. A figure the "
                   "research flags is shown with its flag and never used to compute a gap. Possible causes of gaps "
                   "(origin vs destination counting, CIF/FOB) are not stated by the sources.")
CONFLICT_CAPTION = ("Every claim for a flow and period with more than one, the figure charts use first. Two "
                    "figures agree within rounding when their ranges share a value (“$2.5 billion” and "
                    "“$2.45 billion”); only a claim that differs is a conflict. " + metrics.PREFERENCE_RULE)


@dataclass(frozen=True)
class TradeView:
    """What the Trade page shows. The chart and the rows in view are computed by `select`; each
    tab's content is computed the first time a page asks for it and kept with the view, so a
    rerun that opens one tab never pays for the others."""

    description: str
    rows: Selection                      # the money figures in view, in period order
    empty_reason: str = ""
    chart: charts.ChartSpec | None = None
    milestones: pd.DataFrame | None = None
    picker: tuple[str, ...] = (NO_RECORD,)
    picker_labels: dict[str, str] = field(default_factory=dict)
    card: RecordCard | None = None
    period_labels: dict[str, str] = field(default_factory=dict)
    series: pd.DataFrame | None = None   # the annual series the chart draws (full years only)
    context: "_Context | None" = field(default=None, repr=False, compare=False)

    @property
    def heading(self) -> str:
        return words.sentence_case(self.description)

    @property
    def count_text(self) -> str:
        return f"{words.plural(len(self.rows), 'figure')} in view. " + metrics.PREFERENCE_RULE

    @cached_property
    def comparison(self) -> Comparison:
        c = self.context
        return comparison(c.ready.preferred, c.values["cflow"], c.values["a"], c.values["b"])

    @cached_property
    def ranks(self) -> Section:
        c = self.context
        return Section("ranks", TABS["ranks"], table=table(rank_rows(c.ready, c.years), c.shaped(rank_table),
                                                           RANK_LABELS),
                       empty="No rank or share figure falls in these years.")

    @cached_property
    def series_table(self) -> Section:
        frame = self.series if self.series is not None else pd.DataFrame()
        shown = pd.DataFrame({
            "year": frame.get("year", pd.Series(dtype="int64")), "flow": frame.get("flow_label", pd.Series(dtype="str")),
            "figure": frame.get("value_label", pd.Series(dtype="str")),
            "could_be": frame.get("range_label", pd.Series(dtype="str")),
            "claims": frame.get("claims", pd.Series(dtype="int64")),
            "source": frame.get("source_title", pd.Series(dtype="str")),
            "record": frame.get("record_id", pd.Series(dtype="str")),
        })
        return Section("series", TABS["series"], "One row per flow and year the chart draws.",
                       table=table(shown, labels=SERIES_TABLE_LABELS),
                       empty="The chart shows no full-year series: choose “Full years” above the flows.")

    def _sided_claims(self, positions) -> pd.DataFrame:
        """The mirror claims (figures a side is known to report) among the rows at `positions`."""
        rows = self.context.ready.rows
        sided = positions[(rows["stat_basis"] != "not_stated").to_numpy()[positions]
                          | rows["reporter"].isin(metrics.SIDED_REPORTERS).to_numpy()[positions]]
        return metrics.mirror_claims(Selection(rows, sided).take(MIRROR_COLUMNS))

    def _mirror_empty(self) -> str:
        """What an empty mirror tab says, from the gaps the view would have with any kind of
        period, and those of all money figures (computed only when the tab is empty)."""
        c = self.context
        rows = c.ready.rows
        with_any_period = in_view(rows, c.years, c.values["flow"], c.values["reporter"], "all")
        money = rows["value"].notna() & rows["flow"].isin(schema.MONEY_FLOWS)
        gaps = [metrics.mirror_gaps(self._sided_claims(np.flatnonzero(mask.to_numpy())))
                for mask in (with_any_period & money, money)]
        return mirror_empty_reason(c.years, *gaps)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Growth, mirror statistics and conflicting figures: empty when no figure is in view."""
        c = self.context
        if self.rows.empty:
            return ()
        rows, positions = c.ready.rows, self.rows.positions
        claims = self._sided_claims(positions)
        gaps = metrics.mirror_gaps(claims)
        claimed = Selection(rows, ordered(c.ready.claimed_order, c.mask))
        head = claimed.take(limit=None if len(claimed) <= 250 else 250)
        agreement = metrics.agreement(head, metrics.chosen(rows[rows["preferred"]]))
        return (
            Section("growth", TABS["growth"], GROWTH_CAPTION,
                    table=Table(growth_table(growth_rows(c.ready, self.rows)),
                                int(c.ready.comparable[positions].sum()), GROWTH_LABELS),
                    empty="No figure in view has a value and a period to compare."),
            Section("mirror", TABS["mirror"],
                    chart=charts.described(
                        charts.mirror(claims, provenance.sources_note_for(claims["source_id"], c.dataset["sources"])),
                        f"Bar chart of mirror statistics: {words.plural(len(claims), 'claim')} for "
                        f"{words.plural(len(gaps), 'period')}, each side's figures side by side; "
                        "the table below gives each gap.") if not gaps.empty else None,
                    table=table(gaps, mirror_table, MIRROR_LABELS), footnote=MIRROR_FOOTNOTE,
                    empty=self._mirror_empty() if gaps.empty else ""),
            Section("conflicts", TABS["conflicts"], CONFLICT_CAPTION,
                    table=Table(conflict_table(sourced(head, c.dataset), agreement).reset_index(drop=True),
                                len(claimed), CONFLICT_LABELS),
                    empty="No period in view has more than one figure for the same flow."),
        )

    @cached_property
    def implied(self) -> Section:
        c = self.context
        from tradeviz.views import MAX_TABLE_ROWS

        heads = self.rows.take(limit=MAX_TABLE_ROWS)
        frame = metrics.implied_priors(heads, c.ready.rows[c.ready.comparable])
        return Section("implied", "Implied prior-period values", IMPLIED_CAPTION,
                       table=table(frame, implied_table, IMPLIED_LABELS),
                       empty="Every reported growth in view has its prior period stored, or none is reported.")

    def section(self, key: str) -> Section:
        if key == "ranks":
            return self.ranks
        if key == "series":
            return self.series_table
        return next((s for s in self.sections if s.key == key), Section(key, TABS[key], empty=self.empty_reason))

    @cached_property
    def figures(self) -> Table | None:
        return None if self.rows.empty else table(self.rows, self.context.shaped(figure_table), FIGURE_LABELS)

    @cached_property
    def download(self) -> Download | None:
        if self.rows.empty:
            return None
        return Download(self.rows, PAGE, self.description, shape=self.context.shaped(export_rows),
                        version=self.context.dataset.version)


def chart_text(chart: charts.ChartSpec | None, series: pd.DataFrame | None, values: dict, years) -> str:
    """The chart in one sentence, from what it draws: its text alternative."""
    if chart is None:
        return ""
    span = words.years_text(tuple(years))
    if series is not None and not series.empty:
        parts = []
        for flow in TAKEAWAY_FLOWS:
            line = series[series["flow"] == flow].sort_values("year")
            if line.empty:
                continue
            first, last = line.iloc[0], line.iloc[-1]
            name = str(last["flow_label"])
            parts.append(f"{name} {first['value_label']} in {first['year']}" if len(line) == 1 else
                         f"{name} from {first['value_label']} in {first['year']} to {last['value_label']} in {last['year']}")
        others = int(series["claims"].sum()) if "claims" in series else 0
        measure = " as an index (first year = 100)" if values.get("measure") == "index" else ""
        return (f"Line chart, one value a year{measure}, {span}: " + "; ".join(parts)
                + (f"; {words.plural(others, 'other claim')} drawn as hollow marks." if others else "."))
    figures = chart.data()
    if "group" in figures:
        stated, derived = figures[~figures["derived"]], figures[figures["derived"]]
        return (f"Bar chart of part-year figures, the same months of each year side by side: "
                f"{words.plural(stated['group'].nunique(), 'span')} of months, {words.plural(len(stated), 'figure')}"
                + (f", {words.plural(len(derived), 'value')} implied by a reported growth (derived)" if len(derived)
                   else "") + ".")
    return f"Chart of {words.plural(len(figures), 'figure')}, each drawn across the period it covers, {span}."


TAKEAWAY_FLOWS = ("turnover", "exports", "imports", BALANCE)


def takeaway(view: TradeView) -> str:
    """One line a slide says under its title, from the figures the view draws (never more than
    they say): the first and latest year of the first flow drawn; the gap between the two sides'
    figures for the mirror tab; the two periods compared for the comparison tab."""
    if view.chart is None:
        return view.empty_reason
    tab = view.context.values.get("tab") if view.context else ""
    if tab == "mirror":
        return mirror_takeaway(view.section("mirror").table.frame) if view.section("mirror").table else ""
    if tab == "compare" and view.comparison.figures:
        change = dict(view.comparison.figures)
        title = view.comparison.chart.spec["title"]["text"] if view.comparison.chart else ""
        return f"{title}: {change.get('Change in percent', '')} ({change.get('Change', '')})."
    series = view.series
    if series is not None and not series.empty:
        flow = next(f for f in TAKEAWAY_FLOWS if f in set(series["flow"]))
        line = series[series["flow"] == flow].sort_values("year")
        first, last = line.iloc[0], line.iloc[-1]
        name = str(last["flow_label"])
        if len(line) == 1:
            return f"{name}: {last['value_label']} in {last['year']}, the only full year stored in this view."
        return f"{name}: {first['value_label']} in {first['year']}, {last['value_label']} in {last['year']}."
    figures = view.chart.data()
    if "group" in figures:
        stated = figures[~figures["derived"]].sort_values(["year", "group_order"])
        if not stated.empty:
            last = stated.iloc[-1]
            return f"Latest part-year figure: {last['flow_label']}, {last['period_label']}: {last['value_label']}."
    return f"{words.plural(len(view.rows), 'figure')} on the periods they cover, {view.context.years[0]}–" \
           f"{view.context.years[1]}."


def mirror_takeaway(table: pd.DataFrame) -> str:
    """'2017 turnover: Azerbaijani side ~$1.30 bn, Chinese side $964.0 m (…)': the first period
    both sides report (`mirror_table` rows)."""
    if table.empty:
        return ""
    turnover = table[table["flow"] == SHORT_FLOWS["turnover"]]
    row = (turnover if len(turnover) else table).iloc[0]
    gap = row["gap"] if row["gap_pct"] == "" else f"a gap of {row['gap']} ({row['gap_pct']})"
    return f"{row['flow']}, {row['period']}: Azerbaijani side {row['az']}, Chinese side {row['cn']}; {gap}."


@dataclass(frozen=True)
class _Context:
    """What a view's lazily computed parts need."""

    dataset: Dataset
    ready: Prepared
    values: dict
    years: tuple[int, int]
    mask: pd.Series

    def shaped(self, shape):
        """`shape` applied to rows with their sources attached."""
        return lambda rows: shape(sourced(rows, self.dataset))


def picked_record(event) -> str | None:
    """The figure clicked on the chart."""
    return picked(event, charts.RECORD_SELECTION, "record_id")


def _picker(shown: Selection, ready: Prepared, selected: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The figures in view (at most MAX_PICKER) and the selected one, wherever it is."""
    listed = shown.take(LABEL_COLUMNS, limit=MAX_PICKER)
    if selected and not (listed["record_id"] == selected).any():
        listed = pd.concat([ready.row(selected)[LABEL_COLUMNS], listed])
    return (NO_RECORD, *listed["record_id"]), record_labels(listed)


LABEL_COLUMNS = ["record_id", "period_label", "flow", "value", "unit", "qualifier", "reporter"]
OVERLAY_COLUMNS = ["milestone_id", "event_key", "date_start", "date_end", "date_label", "title", "kind"]
MIRROR_COLUMNS = ["record_id", "flow", "period_start", "period_end", "period_label", "value", "qualifier",
                  "value_low", "value_high", "confidence", "stat_basis", "reporter", "preference_rank", "source_id"]
CHART_COLUMNS = ["record_id", "flow", "period_start", "period_end", "period_label", "value", "unit", "qualifier",
                 "value_low", "value_high", "confidence", "reporter", "preference_rank", "source_id", "preferred",
                 "growth_reported", "growth_unit", "growth_qualifier", "growth_low", "growth_high"]


def in_view(rows: pd.DataFrame, years: tuple[int, int], flows, reporters, period_kind: str) -> pd.Series:
    """The Trade page's filters as one mask over every row."""
    keep = (filters.within_years(rows["start_year"], rows["end_year"], years)
            & filters.one_of(rows["flow"], data_flows(flows)) & filters.one_of(rows["reporter"], reporters))
    if period_kind != "all":
        keep &= rows["period_kind"] == period_kind
    return keep


def chart_positions(shown: Selection, limit: int = charts.MAX_MARKS) -> np.ndarray:
    """At most `limit` of the shown figures with a value: every preferred one first, then the
    others in order; kept in display order."""
    drawable = shown.positions[shown.frame["value"].notna().to_numpy()[shown.positions]]
    if len(drawable) <= limit:
        return drawable
    preferred = shown.frame["preferred"].to_numpy()[drawable]
    picked_ = np.argsort(~preferred, kind="stable")[:limit]
    return drawable[np.sort(picked_)]


def _chart(shown: Selection, values: dict, years: tuple[int, int], description: str, dataset: Dataset,
           milestones: pd.DataFrame | None) -> tuple[charts.ChartSpec | None, pd.DataFrame | None]:
    rows = shown.frame
    source_note = provenance.sources_note_for(shown.column("source_id"), dataset["sources"])
    mode = values["periods"]
    if mode == "annual":
        figures = shown.take(CHART_COLUMNS)
        series, claims, note = series_parts(figures, values["flow"], values["measure"], dataset)
        counts = claims.groupby(["flow_label", "year"]).size()
        series = series.assign(claims=[int(counts.get((f, y), 0)) for f, y in zip(series["flow_label"], series["year"])])
        if series.empty:
            return None, series
        return charts.annual_series(series, claims, chart_years(years, series, claims), values["measure"],
                                    subtitle=description, source_note=source_note, note=note,
                                    milestones=milestones), series
    if mode == "partial":
        frame = part_year_frame(shown.take(CHART_COLUMNS), dataset, pool=shown.frame)
        if frame.empty:
            return None, None
        return charts.part_year(frame, subtitle=description, source_note=source_note), None
    drawn = chart_positions(shown)
    total = int(rows["value"].notna().to_numpy()[shown.positions].sum())
    return charts.trade_periods(sourced(rows.iloc[drawn], dataset), milestones, subtitle=description,
                                source_note=source_note, total=total), None


@memoized
def select(dataset: Dataset, values: dict) -> TradeView:
    ready = prepared(dataset)
    rows = ready.rows
    years, flows, reporters, period_kind = tuple(values["years"]), values["flow"], values["reporter"], values["periods"]
    mask = in_view(rows, years, flows, reporters, period_kind)
    shown = Selection(rows, ordered(ready.money_order, mask))
    description = describe(years, flows, reporters, period_kind, values["measure"])
    picker, picker_labels = _picker(shown, ready, values["record"])
    common = dict(
        description=description, rows=shown, picker=picker, picker_labels=picker_labels,
        card=record_card(sourced(ready.row(values["record"]), dataset), values["record"]),
        period_labels=ready.period_labels.get(values["cflow"], {}),
        context=_Context(dataset, ready, dict(values), years, mask),
    )
    if shown.empty:
        return TradeView(empty_reason=empty_explanation(rows, years, flows, reporters, period_kind), **common)
    milestones = None
    if values["milestones"]:
        m = ready.milestones
        keep = (filters.overlaps_years(m["start_year"], m["end_year"], years)
                & filters.one_of(m["kind"], values["mkind"]) & filters.tagged_with_any(m["policy_areas"], values["marea"]))
        milestones = Selection(m, np.flatnonzero(keep.to_numpy())).take(OVERLAY_COLUMNS, limit=charts.MAX_MARKS)
    chart, series = _chart(shown, values, years, description, dataset, milestones)
    chart = charts.described(chart, chart_text(chart, series, values, years))
    if chart is None:
        return TradeView(empty_reason="No figure in view can be drawn: choose other figures or flows.",
                         series=series, **common)
    return TradeView(chart=chart, milestones=milestones, series=series, **common)
