"""Selecting rows and joining provenance: pure functions, DataFrame in, DataFrame out."""

from __future__ import annotations

import pandas as pd

from tradeviz.metrics import period_kind


SOURCE_COLUMNS = {
    "title": "source_title",
    "publisher": "source_publisher",
    "published_label": "source_published_label",
    "url": "source_url",
    "kind": "source_kind",
    "reliability": "source_reliability",
}


def attach_sources(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the source's title, publisher, date label, address, kind and reliability to each row."""
    # Column by column with `map` rather than `join`: pandas 3 cannot join two empty
    # Arrow-backed frames (a page must still render when a table failed to load).
    lookup = sources.set_index("source_id")
    return rows.assign(**{name: rows["source_id"].map(lookup[column]) for column, name in SOURCE_COLUMNS.items()})


def overlaps_years(start: pd.Series, end: pd.Series, years: tuple[int, int]) -> pd.Series:
    """True where the period [start, end] lies inside the years [from, to] (both inclusive).

    A partial period must lie wholly inside, so "2025 Jan–Jul" is in 2025–2025 but
    "2024–2025" spans are not in 2025–2025. Rows without a period are never inside.
    """
    first, last = years
    return start.notna() & (start.dt.year >= first) & (end.dt.year <= last)


def filter_trade(rows: pd.DataFrame, years: tuple[int, int], flows, reporters, periods: str) -> pd.DataFrame:
    """Rows of the given flows and reporters whose period lies in `years`.

    periods: "all", "annual" (calendar years only) or "partial" (shorter spans only).
    """
    keep = overlaps_years(rows["period_start"], rows["period_end"], years)
    keep &= rows["flow"].isin(list(flows)) & rows["reporter"].isin(list(reporters))
    if periods != "all":
        keep &= period_kind(rows["period_start"], rows["period_end"]) == periods
    return rows[keep]


def _join_english(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


TRADE_FLOW_WORDS = {"turnover": "turnover", "exports": "exports to China", "imports": "imports from China",
                    "trading_partner_rank": "partner rank", "import_source_rank": "import-source rank",
                    "share_of_trade": "share of trade", "share_of_imports": "share of imports"}
PERIOD_WORDS = {"all": "", "annual": "full years", "partial": "part-year periods"}


def describe_trade(years: tuple[int, int], flows, reporters, periods: str, all_reporters) -> str:
    """'turnover and exports to China, 2019–2025, full years' — caption, subtitle and file name."""
    parts = [_join_english([TRADE_FLOW_WORDS[f] for f in flows]) or "no flow",
             f"{years[0]}–{years[1]}" if years[0] != years[1] else str(years[0])]
    if PERIOD_WORDS[periods]:
        parts.append(PERIOD_WORDS[periods])
    if set(reporters) != set(all_reporters):
        parts.append(f"{len(list(reporters))} of {len(list(all_reporters))} reporters")
    return ", ".join(parts)


def empty_trade_explanation(rows: pd.DataFrame, years, flows, reporters, periods: str) -> str:
    """Which filter emptied the view, in one sentence."""
    if not len(list(flows)):
        return "No flow is selected: choose at least one of turnover, exports or imports."
    if not len(list(reporters)):
        return "No reporter is selected: choose at least one."
    in_years = rows[overlaps_years(rows["period_start"], rows["period_end"], years)]
    if in_years.empty:
        return f"No figure covers a period inside {years[0]}–{years[1]}; widen the years."
    of_flows = in_years[in_years["flow"].isin(list(flows))]
    if of_flows.empty:
        return "No figure of the chosen flows falls in these years."
    of_reporters = of_flows[of_flows["reporter"].isin(list(reporters))]
    if of_reporters.empty:
        return "None of the chosen reporters gives a figure for these flows and years."
    return f"None of the figures left is for {PERIOD_WORDS[periods] or 'these periods'}."


def milestones_in_years(milestones: pd.DataFrame, years: tuple[int, int], kinds, areas) -> pd.DataFrame:
    """Dated milestones whose span overlaps the years, of the given kinds and touching any of
    the given policy areas (for overlays on trade charts)."""
    first, last = years
    dated = milestones["date_start"].notna()
    overlaps = dated & (milestones["date_end"].dt.year >= first) & (milestones["date_start"].dt.year <= last)
    of_kind = milestones["kind"].isin(list(kinds))
    wanted = set(areas)
    in_area = milestones["policy_areas"].map(lambda values: bool(wanted.intersection(values)))
    return milestones[overlaps & of_kind & in_area]
