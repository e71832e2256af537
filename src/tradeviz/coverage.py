"""Coverage: for each year, money flow, span of months and side, how many figures the dataset
holds and which one the charts use. A year with no figure stays an empty cell, as OWID shows
where data is available: a gap is something to see, not something to fill.

A figure's side is whose statistics it is taken to be (`metrics.figure_side`): the basis its
source states, else the side of the body or official who gave it. A span is the months a figure
covers: 'annual' for a calendar year, 'Jan–Mar' for a part of one ('Jul 2024–Jun 2025' when it
runs across a new year, placed in the year it starts).

The same counts feed the Data & downloads page, the dataset zip's README, the README's coverage
table and the test over the bundled data, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeviz import metrics, periods, schema

# The years the record is measured over (issue 22): from the first full year of diplomatic
# relations to the last full year the sources can report.
FIRST_YEAR, LAST_YEAR = 1992, 2025
# Part-year figures are asked for every year from here to LAST_YEAR.
PART_YEARS_FROM = 2019
ANNUAL = "annual"
SIDES = ("azerbaijan", "china", "unknown")
SIDE_LABELS = {"azerbaijan": "Azerbaijan's statistics", "china": "China's statistics",
               "unknown": "side not stated"}
CELL_COLUMNS = ["flow", "span", "side", "year", "months", "claims", "record_ids", "used_record_id",
                "used_value", "used_qualifier"]
LEGEND = ("Each cell counts the figures the dataset holds for that year, flow, span of months and "
          "side; '2: 3,744' means two figures, and the charts draw 3,744 (USD million; ~ about, "
          "> more than) from this cell. A count alone: figures held that the charts do not draw "
          "(flagged, or another side's figure is preferred). An empty cell: no source found.")
_QUALIFIER_MARK = {"exact": "", "about": "~", "more_than": ">", "less_than": "<"}


def span_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'annual', 'Jan', 'Jan–Mar', or 'Jul 2024–Jun 2025' for a span across a new year."""
    if periods.is_calendar_year(start, end):
        return ANNUAL
    if start.year == end.year:
        return f"{start:%b}" if start.month == end.month else f"{start:%b}–{end:%b}"
    return f"{start:%b %Y}–{end:%b %Y}"


def cells(trade: pd.DataFrame) -> pd.DataFrame:
    """One row per (flow, span, side, year) that holds at least one money figure with a value
    and a period: how many claims, their record ids, and the figure the charts use if it is in
    this cell. `trade` needs `preferred` (from `metrics.preferred`)."""
    money = trade[trade["flow"].isin(schema.MONEY_FLOWS) & trade["value"].notna()
                  & trade["period_start"].notna() & trade["period_end"].notna()]
    if money.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CELL_COLUMNS})
    pairs = pd.MultiIndex.from_arrays([money["period_start"], money["period_end"]])
    distinct = pairs.unique()
    spans = pd.Series([span_label(s, e) for s, e in distinct], index=distinct, dtype=object)
    spans_months = pd.Series([periods.months(s, e) for s, e in distinct], index=distinct, dtype="int64")
    keyed = pd.DataFrame({
        "flow": money["flow"].astype("str").to_numpy(),
        "span": spans.reindex(pairs).to_numpy(dtype=object),
        "side": metrics.figure_side(money).to_numpy(dtype=object),
        "year": money["period_start"].dt.year.astype("int64").to_numpy(),
        "months": spans_months.reindex(pairs).to_numpy(dtype="int64"),
        "record_id": money["record_id"].astype("str").to_numpy(),
        "preferred": money["preferred"].to_numpy(dtype=bool),
        "value": money["value"].astype("float64").to_numpy(),
        "qualifier": money["qualifier"].astype("str").to_numpy(),
    })
    keys = ["flow", "span", "side", "year", "months"]
    grouped = keyed.sort_values("record_id").groupby(keys, sort=True)
    out = grouped.agg(claims=("record_id", "size"), record_ids=("record_id", " ".join)).reset_index()
    used = keyed[keyed["preferred"]].drop_duplicates(keys).set_index(keys)
    found = used.reindex(pd.MultiIndex.from_frame(out[keys]))
    out["used_record_id"] = found["record_id"].fillna("").to_numpy(dtype=object)
    out["used_value"] = found["value"].to_numpy(dtype="float64")
    out["used_qualifier"] = found["qualifier"].fillna("").to_numpy(dtype=object)
    out["claims"] = out["claims"].astype("int64")
    return out[CELL_COLUMNS]


def cell_text(claims: int, used_value: float, used_qualifier: str) -> str:
    """'2', or '2: ~3,700' when the charts draw a figure of this cell; '' for no figure."""
    if not claims:
        return ""
    if used_value != used_value:  # NaN: the charts use no figure of this cell
        return str(claims)
    return f"{claims}: {_QUALIFIER_MARK.get(used_qualifier, '')}{used_value:,.10g}"


def _row_order(found: pd.DataFrame) -> pd.DataFrame:
    """The rows of the grid: every flow's annual figures for every side (so a side with no figure
    at all shows as a row of gaps), then each part-year span a figure exists for, on the sides
    that report it, shortest span first."""
    rows = [(flow, ANNUAL, side, 12) for flow in schema.MONEY_FLOWS for side in SIDES]
    partial = found[found["span"] != ANNUAL][["flow", "span", "side", "months"]].drop_duplicates()
    flow_order = {f: i for i, f in enumerate(schema.MONEY_FLOWS)}
    side_order = {s: i for i, s in enumerate(SIDES)}
    partial = partial.assign(_f=partial["flow"].map(flow_order), _s=partial["side"].map(side_order))
    partial = partial.sort_values(["_f", "months", "span", "_s"])
    rows += list(partial[["flow", "span", "side", "months"]].itertuples(index=False, name=None))
    ordered = pd.DataFrame(rows, columns=["flow", "span", "side", "months"])
    ordered["_f"] = ordered["flow"].map(flow_order)
    return ordered.sort_values(["_f"], kind="stable").drop(columns="_f").reset_index(drop=True)


def year_range(found: pd.DataFrame) -> range:
    """FIRST_YEAR to LAST_YEAR, widened to take in any year a figure is given for."""
    years = found["year"].astype("int64") if len(found) else pd.Series(dtype="int64")
    first = min([FIRST_YEAR, *years.tolist()])
    last = max([LAST_YEAR, *years.tolist()])
    return range(first, last + 1)


def grid(found: pd.DataFrame) -> pd.DataFrame:
    """The coverage grid: one row per flow, span and side (`_row_order`), one text column per
    year (`cell_text`), '' where no figure was found."""
    years = year_range(found)
    rows = _row_order(found)
    keys = ["flow", "span", "side"]
    by_key = found.set_index(keys + ["year"])
    columns: dict[str, object] = {
        "flow": rows["flow"].to_numpy(dtype=object),
        "span": rows["span"].to_numpy(dtype=object),
        "side": rows["side"].map(SIDE_LABELS).to_numpy(dtype=object),
    }
    for year in years:
        index = pd.MultiIndex.from_arrays([rows["flow"], rows["span"], rows["side"], [year] * len(rows)])
        hit = by_key.reindex(index)
        columns[str(year)] = [cell_text(int(c) if c == c else 0, v, q if isinstance(q, str) else "")
                              for c, v, q in zip(hit["claims"], hit["used_value"], hit["used_qualifier"])]
    return pd.DataFrame(columns)


@dataclass(frozen=True)
class Summary:
    """What the dataset covers over FIRST_YEAR..LAST_YEAR, as the README's table states it."""

    annual_years: dict[str, tuple[int, ...]]  # flow -> years with an annual figure
    part_years: tuple[int, ...]  # years PART_YEARS_FROM..LAST_YEAR with a part-year figure
    span_years: int  # how many years FIRST_YEAR..LAST_YEAR there are

    def annual_count(self, flow: str) -> int:
        return len(self.annual_years[flow])

    @property
    def part_years_asked(self) -> tuple[int, ...]:
        return tuple(range(PART_YEARS_FROM, LAST_YEAR + 1))


def summary(found: pd.DataFrame) -> Summary:
    """Counts of `cells` over FIRST_YEAR..LAST_YEAR: the years each flow has an annual figure
    for (any side, any confidence: a figure found is a figure found), and the years from
    PART_YEARS_FROM with at least one part-year money figure."""
    inside = found[(found["year"] >= FIRST_YEAR) & (found["year"] <= LAST_YEAR)]
    annual = inside[inside["span"] == ANNUAL]
    years = {flow: tuple(sorted(int(y) for y in annual.loc[annual["flow"] == flow, "year"].unique()))
             for flow in schema.MONEY_FLOWS}
    partial = inside[(inside["span"] != ANNUAL) & (inside["year"] >= PART_YEARS_FROM)]
    return Summary(annual_years=years, part_years=tuple(sorted(int(y) for y in partial["year"].unique())),
                   span_years=LAST_YEAR - FIRST_YEAR + 1)


def year_runs(years: tuple[int, ...]) -> str:
    """'1992, 2003, 2011, 2016–2025': runs of consecutive years joined by an en dash."""
    if not years:
        return "none"
    runs, start, previous = [], years[0], years[0]
    for year in [*years[1:], None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        runs.append(str(start) if start == previous else f"{start}–{previous}")
        if year is not None:
            start = previous = year
    return ", ".join(runs)


def summary_lines(result: Summary) -> list[str]:
    """The README's coverage table, in Markdown."""
    lines = ["| flow | years with an annual figure | which years |", "|---|---|---|"]
    for flow in schema.MONEY_FLOWS:
        lines.append(f"| {flow} | {result.annual_count(flow)} of {result.span_years} "
                     f"({FIRST_YEAR}–{LAST_YEAR}) | {year_runs(result.annual_years[flow])} |")
    asked = result.part_years_asked
    lines.append(f"| part-year (any flow) | {len(result.part_years)} of {len(asked)} "
                 f"({asked[0]}–{asked[-1]}) | {year_runs(result.part_years)} |")
    return lines


def grid_markdown(table: pd.DataFrame) -> list[str]:
    """The grid as a Markdown table (for the dataset zip's README). Cells are the grid's own
    words and numbers; pipes cannot occur in them, but are escaped all the same."""
    def cell(text: object) -> str:
        return str(text).replace("|", "\\|")
    header = [cell(c) for c in table.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return lines


def readme_section(trade: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """The coverage part of the dataset zip's README: the summary and the whole grid."""
    found = cells(metrics.preferred(trade, sources))
    return (["## Coverage", "", LEGEND, ""] + summary_lines(summary(found)) + [""]
            + grid_markdown(grid(found)) + [""])


# ---- milestones -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventSummary:
    """Distinct events (milestone statements share an `event_key`) with at least one dated
    statement, and how many of them some statement dates to the day."""

    dated: int
    to_the_day: int

    @property
    def day_share(self) -> float:
        return self.to_the_day / self.dated if self.dated else 0.0


def event_summary(milestones: pd.DataFrame) -> EventSummary:
    dated = milestones[milestones["date_precision"] != "undated"]
    per_event = dated.groupby("event_key")["date_precision"].agg(lambda s: bool((s == "day").any()))
    return EventSummary(dated=int(len(per_event)), to_the_day=int(np.count_nonzero(per_event.to_numpy())))


def event_line(events: EventSummary) -> str:
    return f"Milestones: {events.dated} dated events, {events.to_the_day} of them dated to the day."


# ---- issue 22's targets --------------------------------------------------------------------------

# What issue 22 asked of the record over FIRST_YEAR..LAST_YEAR.
TURNOVER_YEARS_ASKED = 25
FLOW_YEARS_ASKED = 15  # for exports and for imports each
EVENTS_ASKED = 120
DAY_SHARE_ASKED = 0.8


@dataclass(frozen=True)
class Target:
    """One target: what was asked, what the bundled data holds, and whether that meets it."""

    what: str
    asked: str
    held: str
    met: bool


def targets(result: Summary, events: EventSummary) -> list[Target]:
    """Issue 22's targets against the counts: the README states them, the bundled-data test
    checks them, so a target met or missed is said the same way in both places."""
    asked_parts = result.part_years_asked
    return [
        Target("annual turnover", f"≥ {TURNOVER_YEARS_ASKED} of {result.span_years} years",
               f"{result.annual_count('turnover')} years", result.annual_count("turnover") >= TURNOVER_YEARS_ASKED),
        Target("annual exports", f"≥ {FLOW_YEARS_ASKED} years", f"{result.annual_count('exports')} years",
               result.annual_count("exports") >= FLOW_YEARS_ASKED),
        Target("annual imports", f"≥ {FLOW_YEARS_ASKED} years", f"{result.annual_count('imports')} years",
               result.annual_count("imports") >= FLOW_YEARS_ASKED),
        Target(f"a part-year figure in each year {asked_parts[0]}–{asked_parts[-1]}", f"{len(asked_parts)} of "
               f"{len(asked_parts)} years", f"{len(result.part_years)} years",
               set(asked_parts) <= set(result.part_years)),
        Target("dated events", f"≥ {EVENTS_ASKED}", f"{events.dated}", events.dated >= EVENTS_ASKED),
        Target("dated events known to the day", f"≥ {DAY_SHARE_ASKED:.0%}",
               f"{events.day_share:.1%} ({events.to_the_day} of {events.dated})",
               events.day_share >= DAY_SHARE_ASKED),
    ]


def target_lines(found: list[Target]) -> list[str]:
    """The README's table of targets, in Markdown."""
    lines = ["| target (issue 22) | asked | held | met |", "|---|---|---|---|"]
    lines += [f"| {t.what} | {t.asked} | {t.held} | {'yes' if t.met else 'no'} |" for t in found]
    return lines
