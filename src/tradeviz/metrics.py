"""Growth arithmetic on trade rows: pure functions, DataFrame in, DataFrame (or number) out.

Rules an economist would insist on, enforced here rather than in pages:
- a partial period is compared only with the same months of the prior year, never with a full year;
- where no comparable prior period is stored, the result says so instead of inventing one;
- a qualifier travels with its value: "more than $2 billion" stays a lower bound in every result;
- growth computed from stored values sits beside the growth the source reported, never replaces it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tradeviz import schema

# A source rounding 26.7% to one decimal, or a value rounded to $0.1bn, moves computed growth by
# up to about a point; beyond that the two growth figures disagree for real.
GROWTH_TOLERANCE_POINTS = 1.0

# The rule for choosing one figure among conflicting claims for the same period and flow:
# first the confidence the research gave it, then who produced it (a statistics body before an
# official quoted in the press), then the most recent publication.
REPORTER_PREFERENCE = (
    "az_customs",
    "cn_statistics",
    "az_ministry",
    "az_official",
    "cn_official",
    "news_agency",
    "press_article",
    "blog",
)
CONFIDENCE_PREFERENCE = ("normal", "low", "inconsistent")
PREFERENCE_RULE = (
    "Where sources disagree on a period and flow, charts use one figure: never one the research "
    "flagged as low-confidence or inconsistent; a statistics body before an official or a "
    "newspaper; then the latest publication. Every other claim stays listed beside it."
)

# Bounds combine by direction: a lower bound minus an exact number is still a lower bound.
_BOUND_SIGN = {"exact": 0, "about": 0, "more_than": 1, "less_than": -1}


def period_kind(start: pd.Series, end: pd.Series) -> pd.Series:
    """'annual' for a calendar year, 'partial' for a shorter span, 'unstated' without dates."""
    annual = (
        (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31)
        & (start.dt.year == end.dt.year)
    )
    kind = pd.Series(np.where(annual, "annual", "partial"), index=start.index, dtype="str")
    return kind.where(start.notna() & end.notna(), "unstated")


def with_period_kind(trade: pd.DataFrame) -> pd.DataFrame:
    return trade.assign(period_kind=period_kind(trade["period_start"], trade["period_end"]))


def preferred(trade: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Mark, within each (flow, period), the one row that charts use, following PREFERENCE_RULE.

    Adds `preferred` (bool) and `claims` (how many rows give that flow and period).
    Rows without a period or value are never preferred, and neither are rows the research marked
    low-confidence or inconsistent: they stay listed but are never the figure a chart uses.
    """
    published = sources.set_index("source_id")["published"]
    frame = trade.assign(
        # reindex, not map: map on an empty frame tries to cast the dates to float and fails.
        _published=published.reindex(trade["source_id"].to_numpy()).to_numpy(),
        _confidence=trade["confidence"].map({c: i for i, c in enumerate(CONFIDENCE_PREFERENCE)}),
        _reporter=trade["reporter"].map({r: i for i, r in enumerate(REPORTER_PREFERENCE)}),
    )
    comparable = frame["period_start"].notna() & frame["value"].notna()
    ranked = frame[comparable].sort_values(
        ["_confidence", "_reporter", "_published", "record_id"],
        ascending=[True, True, False, True],
        na_position="last",
    )
    keys = ["flow", "period_start", "period_end"]
    eligible = ranked[ranked["confidence"] == "normal"]
    winners = set(eligible.drop_duplicates(keys)["record_id"])
    claims = frame[comparable].groupby(keys)["record_id"].transform("size")
    return trade.assign(
        preferred=trade["record_id"].isin(winners),
        claims=claims.reindex(trade.index).fillna(0).astype("int64"),
    )


def prior_period(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The same months one year earlier (29 February maps to 28 February, and a period ending
    on 28 February ends on the 29th when the prior year is a leap year)."""
    prior_end = end - pd.DateOffset(years=1)
    if end.is_month_end:
        prior_end += pd.offsets.MonthEnd(0)
    return start - pd.DateOffset(years=1), prior_end


def combine_qualifiers(current: str, previous: str) -> str:
    """The qualifier of (current - previous): bounds survive, 'about' is contagious, conflicts
    between a lower and an upper bound leave nothing certain ('unknown')."""
    sign = _BOUND_SIGN[current] - _BOUND_SIGN[previous]
    if _BOUND_SIGN[current] and _BOUND_SIGN[previous] and _BOUND_SIGN[current] == _BOUND_SIGN[previous]:
        return "unknown"
    if sign > 0:
        return "more_than"
    if sign < 0:
        return "less_than"
    return "about" if "about" in (current, previous) else "exact"


def growth_pct(current: float, previous: float) -> float:
    return (current - previous) / previous * 100.0


def compare_with_prior_period(rows: pd.DataFrame, pool: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each row with a value and period, find the same period one year earlier (same flow,
    preferred row) and compute the change. Rows without such a prior period get
    `comparison = "no comparable prior period stored"` and no numbers.

    Expects the output of `preferred` (so it knows which prior row to use). Prior rows are looked
    up in `pool` (default: `rows`), so a view filtered to 2024–2025 still finds 2023.
    Returns: record_id, flow, period_label, value, qualifier, prior_record_id, prior_label,
    prior_value, change, change_pct, change_qualifier, comparison.
    """
    usable = rows[rows["value"].notna() & rows["period_start"].notna()]
    pool = usable if pool is None else pool[pool["value"].notna() & pool["period_start"].notna()]
    prior_pool = pool[pool["preferred"]].set_index(["flow", "period_start", "period_end"])
    out = []
    for row in usable.itertuples(index=False):
        p_start, p_end = prior_period(row.period_start, row.period_end)
        key = (row.flow, p_start, p_end)
        result = {
            "record_id": row.record_id,
            "flow": row.flow,
            "period_label": row.period_label,
            "value": row.value,
            "qualifier": row.qualifier,
            "prior_record_id": None,
            "prior_label": None,
            "prior_value": math.nan,
            "change": math.nan,
            "change_pct": math.nan,
            "change_qualifier": None,
            "comparison": "no comparable prior period stored",
        }
        if key in prior_pool.index:
            prior = prior_pool.loc[key]
            result.update(
                prior_record_id=prior["record_id"],
                prior_label=prior["period_label"],
                prior_value=prior["value"],
                change=row.value - prior["value"],
                change_pct=growth_pct(row.value, prior["value"]),
                change_qualifier=combine_qualifiers(row.qualifier, prior["qualifier"]),
                comparison="year on year" if _is_annual(row.period_start, row.period_end) else "same period of prior year",
            )
        out.append(result)
    return pd.DataFrame(out, columns=list(_COMPARISON_COLUMNS)).astype(_COMPARISON_COLUMNS)


_COMPARISON_COLUMNS = {
    "record_id": "str",
    "flow": "str",
    "period_label": "str",
    "value": "float64",
    "qualifier": "str",
    "prior_record_id": "str",
    "prior_label": "str",
    "prior_value": "float64",
    "change": "float64",
    "change_pct": "float64",
    "change_qualifier": "str",
    "comparison": "str",
}


def _is_annual(start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def reported_vs_computed(comparisons: pd.DataFrame, trade: pd.DataFrame) -> pd.DataFrame:
    """Beside each computed change, the growth the source reported, and whether they disagree.

    A reported multiple ("4.5 times") is turned into percent ((4.5 - 1) * 100 = 350) only for the
    comparison; the reported figure itself is kept as stated.
    """
    reported = trade.set_index("record_id")[["growth_reported", "growth_unit", "growth_qualifier"]]
    frame = comparisons.join(reported, on="record_id")
    as_pct = np.where(
        frame["growth_unit"] == "multiple",
        (frame["growth_reported"] - 1.0) * 100.0,
        frame["growth_reported"],
    )
    frame["reported_pct"] = pd.Series(as_pct, index=frame.index, dtype="float64")
    frame["difference_points"] = frame["change_pct"] - frame["reported_pct"]
    both = frame["change_pct"].notna() & frame["reported_pct"].notna()
    # A reported bound ("more than 20%") only disagrees when the computed value breaks it.
    lower_broken = (frame["growth_qualifier"] == "more_than") & (frame["change_pct"] < frame["reported_pct"])
    exactish = ~frame["growth_qualifier"].isin(["more_than", "less_than"])
    far = frame["difference_points"].abs() > GROWTH_TOLERANCE_POINTS
    frame["disagrees"] = both & ((exactish & far) | lower_broken)
    return frame


def cagr(start_value: float, end_value: float, years: float) -> float:
    """Compound annual growth rate in percent: (end/start)^(1/years) - 1."""
    if years <= 0 or start_value <= 0:
        raise ValueError("CAGR needs a positive start value and a positive number of years")
    return ((end_value / start_value) ** (1.0 / years) - 1.0) * 100.0


def multiple(start_value: float, end_value: float) -> float:
    if start_value == 0:
        raise ValueError("a multiple of zero is undefined")
    return end_value / start_value


def index_series(values: pd.Series, base_label) -> pd.Series:
    """Rebase a series so that the value at `base_label` is 100."""
    base = values.loc[base_label]
    return values / base * 100.0


def balance_and_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """Per period (and reporter): exports, imports, turnover, balance and export/import shares.

    Where turnover and one direction are stored for the same period and reporter, the other
    direction is derived (turnover minus the known one) and flagged in `derived`. Directions with
    bounds carry them into the derivation: turnover minus "more than X" imports is "less than".
    """
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS) & rows["value"].notna() & rows["period_start"].notna()]
    out = []
    for (start, end, reporter), group in money.groupby(["period_start", "period_end", "reporter"], sort=True):
        by_flow = {r.flow: r for r in group.itertuples(index=False)}
        entry = {
            "period_start": start,
            "period_end": end,
            "period_label": group["period_label"].iloc[0],
            "reporter": reporter,
            "derived": None,
        }
        values = {flow: (by_flow[flow].value, by_flow[flow].qualifier) for flow in by_flow}
        if "turnover" in values and len(values) == 2:
            known = "exports" if "exports" in values else "imports"
            missing = "imports" if known == "exports" else "exports"
            total, total_q = values["turnover"]
            part, part_q = values[known]
            values[missing] = (total - part, combine_qualifiers(total_q, part_q))
            entry["derived"] = missing
        for flow in schema.MONEY_FLOWS:
            value, qualifier = values.get(flow, (math.nan, None))
            entry[flow] = value
            entry[f"{flow}_qualifier"] = qualifier
        exports, imports = entry["exports"], entry["imports"]
        entry["balance"] = exports - imports
        both = exports + imports
        entry["export_share_pct"] = exports / both * 100.0 if both else math.nan
        entry["import_share_pct"] = imports / both * 100.0 if both else math.nan
        out.append(entry)
    frame = pd.DataFrame(out)
    return frame.astype({"derived": "str"}) if not frame.empty else frame


def mirror_gaps(rows: pd.DataFrame) -> pd.DataFrame:
    """The same flow and period as reported by each side: Azerbaijani vs Chinese basis or speaker.

    The side of a row is its stated statistical basis, or, where none is stated, the side of the
    person or body who gave it. Returns one row per pair, with the gap in USD million and percent
    of the Chinese-side figure.
    """
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS) & rows["value"].notna() & rows["period_start"].notna()]
    side = money["stat_basis"].where(money["stat_basis"] != "not_stated", money["reporter"].map(_reporter_side))
    money = money.assign(side=side)
    az = money[money["side"] == "azerbaijan"]
    cn = money[money["side"] == "china"]
    pairs = az.merge(cn, on=["flow", "period_start", "period_end"], suffixes=("_az", "_cn"))
    if pairs.empty:
        return pd.DataFrame(columns=["flow", "period_label", "record_az", "value_az", "qualifier_az",
                                     "record_cn", "value_cn", "qualifier_cn", "gap", "gap_pct"])
    return pd.DataFrame({
        "flow": pairs["flow"],
        "period_label": pairs["period_label_az"],
        "record_az": pairs["record_id_az"],
        "value_az": pairs["value_az"],
        "qualifier_az": pairs["qualifier_az"],
        "record_cn": pairs["record_id_cn"],
        "value_cn": pairs["value_cn"],
        "qualifier_cn": pairs["qualifier_cn"],
        "gap": pairs["value_az"] - pairs["value_cn"],
        "gap_pct": (pairs["value_az"] - pairs["value_cn"]) / pairs["value_cn"] * 100.0,
    }).reset_index(drop=True)


def _reporter_side(reporter: str) -> str:
    """Whose statistics a figure is taken to be when the source does not say.

    Azerbaijani bodies and officials are taken to quote Azerbaijan's figures (the research
    reads the minister's 2017 totals as the Azerbaijani side). Chinese diplomats are not:
    they have quoted Azerbaijani data as often as Chinese data, so without a stated basis
    their figures belong to neither side.
    """
    if reporter.startswith("az_"):
        return "azerbaijan"
    if reporter == "cn_statistics":
        return "china"
    return "unknown"


def conflicts(rows: pd.DataFrame) -> pd.DataFrame:
    """Every (flow, period) with more than one claim, every claim listed, the chosen one marked."""
    claimed = rows[rows["claims"] > 1]
    return claimed.sort_values(["flow", "period_start", "period_end", "preferred", "record_id"],
                               ascending=[True, True, True, False, True])


def format_value(value: float, unit: str, qualifier: str) -> str:
    """'>$2.0 bn', '~$1.3 bn', '$53.3 m', '4th', '7.9%' — the qualifier is never dropped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    symbol = schema.QUALIFIER_SYMBOLS.get(qualifier, "")
    if unit == "usd_million":
        text = f"${value / 1000:,.2f} bn" if abs(value) >= 1000 else f"${value:,.1f} m"
    elif unit == "rank":
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        text = f"{n}{suffix}"
    elif unit == "percent":
        text = f"{value:g}%"
    else:
        text = f"{value:g} {unit}"
    return f"{symbol}{text}"


def format_growth(value: float, unit: str | None, qualifier: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or unit is None:
        return ""
    symbol = schema.QUALIFIER_SYMBOLS.get(qualifier or "exact", "")
    if unit == "multiple":
        return f"{symbol}{value:g}×"
    return f"{symbol}{value:+g}%"


def latest_preferred(rows: pd.DataFrame, flow: str, kind: str | None = None) -> pd.Series | None:
    """The preferred row of `flow` with the latest period end (optionally only annual or partial)."""
    candidates = rows[(rows["flow"] == flow) & rows["preferred"]]
    if kind is not None:
        candidates = candidates[period_kind(candidates["period_start"], candidates["period_end"]) == kind]
    if candidates.empty:
        return None
    return candidates.sort_values(["period_end", "period_start"]).iloc[-1]


def period_key(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'2017' for a calendar year, '2025-01..2025-07' for a span of months: short, URL-safe."""
    if _is_annual(start, end):
        return str(start.year)
    return f"{start:%Y-%m}..{end:%Y-%m}"


def period_months(start: pd.Timestamp, end: pd.Timestamp) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def compare_periods(first: pd.Series, second: pd.Series) -> dict:
    """Change from `first` to `second` (rows with value, qualifier, period_start/end).

    Periods must cover the same months of the year (two full years, or Jan–Jul vs Jan–Jul);
    otherwise `comparable` is False and `reason` says why. CAGR uses the whole years between the
    two periods' ends.
    """
    same_shape = (period_months(first["period_start"], first["period_end"])
                  == period_months(second["period_start"], second["period_end"])
                  and first["period_start"].month == second["period_start"].month)
    if not same_shape:
        return {"comparable": False,
                "reason": f"{first['period_label']} and {second['period_label']} cover different parts of "
                          "the year; compare full years with full years, or the same months of two years."}
    years = second["period_end"].year - first["period_end"].year
    result = {
        "comparable": True,
        "reason": "",
        "change": second["value"] - first["value"],
        "change_pct": growth_pct(second["value"], first["value"]),
        "multiple": multiple(first["value"], second["value"]),
        "cagr": cagr(first["value"], second["value"], years) if years > 0 else math.nan,
        "years": years,
        "qualifier": combine_qualifiers(second["qualifier"], first["qualifier"]),
    }
    return result
