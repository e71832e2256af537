"""The Overview page: headline figures and trade over time, each figure with its source."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeviz import charts, metrics, periods, provenance, state, words
from tradeviz.store import Dataset
from tradeviz.views import Table, memoized, preferred_rows, table, trade_rows
from tradeviz.views.series import series_parts

PAGE = "overview"
PREFERENCE_RULE = metrics.PREFERENCE_RULE
CHART_TABLE_LABELS = {"year": "Year", "figure": "Trade turnover", "could_be": "Could be", "source": "Source",
                      "record": "Record"}


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return ()


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    source: str            # Markdown source line, escaped
    delta: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class OverviewView:
    turnover: Headline | None
    rank: Headline | None
    events: int
    statements: int
    sources: int
    chart: charts.ChartSpec | None

    planned: int = 0
    source_ids: tuple[str, ...] = ()  # the sources of the figures and the chart
    table: Table | None = None        # the chart as a table: its text alternative in full

    EVENTS_LABEL = "Events recorded"

    @property
    def milestones_caption(self) -> str:
        """The Timeline lists statements (one row per source's statement); several sources may
        describe one event, so the count here is of events and the caption says how they relate."""
        planned = (f" Of these, {self.planned} {'is' if self.planned == 1 else 'are'} still planned at the date of "
                   "the source that announces it." if self.planned else "")
        return (f"Described in {words.plural(self.statements, 'statement')} (the Timeline lists each) from "
                f"{words.plural(self.sources, 'source')}.{planned}")


def takeaway(view: OverviewView) -> str:
    parts = []
    if view.turnover is not None:
        delta = f" ({view.turnover.delta})" if view.turnover.delta else ""
        parts.append(f"{view.turnover.label}: {view.turnover.value}{delta}")
    if view.rank is not None:
        parts.append(f"China is Azerbaijan's {view.rank.value} trading partner ({view.rank.label.split(', ', 1)[-1]})")
    parts.append(f"{words.plural(view.events, 'event')} recorded")
    return "; ".join(parts) + "."


@memoized
def select(dataset: Dataset, values: dict) -> OverviewView:
    trade = trade_rows(dataset)
    preferred = preferred_rows(dataset)
    latest = metrics.latest_preferred(preferred, "turnover", kind=periods.ANNUAL)
    rank = metrics.latest_preferred(preferred, "trading_partner_rank")
    turnover = None
    if latest is not None:
        growth = words.growth_text(latest["growth_reported"], latest["growth_unit"], latest["growth_qualifier"])
        turnover = Headline(f"Trade turnover, {latest['period_label']}",
                            words.value_text(latest["value"], latest["unit"], latest["qualifier"]),
                            provenance.source_line(latest), delta=f"{growth} as reported" if growth else None)
    partner = None
    if rank is not None:
        partner = Headline(f"China's partner rank, {rank['period_label']}",
                           words.value_text(rank["value"], rank["unit"], rank["qualifier"]),
                           provenance.source_line(rank),
                           help="China's rank among Azerbaijan's trading partners, latest period stated")
    milestones = dataset["milestones"]
    chart = chart_table = None
    annual = trade[(trade["flow"] == "turnover") & trade["value"].notna() & (trade["period_kind"] == periods.ANNUAL)]
    series = claims = None
    if not annual.empty:
        series, claims, note = series_parts(annual, ("turnover",), "usd", dataset)
    # Every annual claim can be flagged by the research, leaving no series to draw.
    if series is not None and not series.empty:
        years = (int(annual["start_year"].min()), int(annual["start_year"].max()))
        first, last = series.sort_values("year").iloc[0], series.sort_values("year").iloc[-1]
        text = (f"Line chart of trade turnover, one value a year, {years[0]}–{years[1]}: from "
                f"{first['value_label']} in {first['year']} to {last['value_label']} in {last['year']} "
                f"({words.plural(len(series), 'year')} with a value; {words.plural(len(claims), 'other claim')} "
                "drawn as hollow marks).")
        chart = charts.annual_series(series, claims, years, title="Azerbaijan–China trade turnover, full years",
                                     subtitle="One value a year: the figure the preference rule picks (a bar shows "
                                              "the range its rounding allows); other claims hollow",
                                     source_note=provenance.sources_note_for(annual["source_id"], dataset["sources"]),
                                     note=note)
        chart = charts.described(chart, text)
        chart_table = table(pd.DataFrame({
            "year": series["year"], "figure": series["value_label"], "could_be": series["range_label"],
            "source": series["source_title"], "record": series["record_id"]}).sort_values("year"),
            labels=CHART_TABLE_LABELS)
    # An event counts as planned only when no statement says it took place.
    took_place = set(milestones.loc[milestones["status"] == "occurred", "event_key"])
    planned = set(milestones.loc[milestones["status"] == "planned", "event_key"]) - took_place
    cited = [row["source_id"] for row in (latest, rank) if row is not None] + list(annual["source_id"])
    return OverviewView(turnover, partner, int(milestones["event_key"].nunique()), len(milestones),
                        int(milestones["source_id"].nunique()), chart, planned=len(planned),
                        source_ids=tuple(dict.fromkeys(str(c) for c in cited)), table=chart_table)
