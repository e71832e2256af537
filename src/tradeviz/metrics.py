"""Growth arithmetic on trade rows: pure functions, DataFrame in, DataFrame (or number) out.

Rules an economist would insist on, enforced here rather than in pages:
- a partial period is compared only with the same months of the prior year, never with a full year;
- where no comparable prior period is stored, the result says so instead of inventing one;
- a qualifier travels with its value: "more than $2 billion" stays a lower bound in every result;
- growth computed from stored values sits beside the growth the source reported, never replaces it.

Numbers become words in `words`, not here. Every table-wide computation is a join or a
vectorised operation, so its cost grows with the rows, not with their square.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tradeviz import filters, periods, schema

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
PERIOD_KEYS = ["flow", "period_start", "period_end"]

# Bounds combine by direction: a lower bound minus an exact number is still a lower bound.
_BOUND_SIGN = {"exact": 0, "about": 0, "more_than": 1, "less_than": -1}


def preferred(trade: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Mark, within each (flow, period), the one row that charts use, following PREFERENCE_RULE.

    Adds `preferred` (bool), `claims` (how many rows give that flow and period) and
    `preference_rank` (0 for the row the rule likes best of all, then 1, 2...).
    Rows without a period or value are never preferred, and neither are rows the research marked
    low-confidence or inconsistent: they stay listed but are never the figure a chart uses.
    Only the key columns are sorted, never the rows themselves.
    """
    published = sources.set_index("source_id")["published"]
    keys = pd.DataFrame({
        # reindex, not map: map on an empty frame tries to cast the dates to float and fails.
        "_published": pd.Series(published.reindex(trade["source_id"].to_numpy()).to_numpy(),
                                dtype=published.dtype),
        "_confidence": trade["confidence"].map({c: i for i, c in enumerate(CONFIDENCE_PREFERENCE)}).to_numpy(),
        "_reporter": trade["reporter"].map({r: i for i, r in enumerate(REPORTER_PREFERENCE)}).to_numpy(),
        "record_id": trade["record_id"].reset_index(drop=True),
        "flow": trade["flow"].reset_index(drop=True),
        "period_start": trade["period_start"].reset_index(drop=True),
        "period_end": trade["period_end"].reset_index(drop=True),
    })
    order = filters.sort_order(keys, ["_confidence", "_reporter", "_published", "record_id"],
                               ascending=[True, True, False, True])
    rank = np.empty(len(keys), dtype="int32")
    rank[order] = np.arange(len(keys), dtype="int32")
    comparable = (trade["period_start"].notna() & trade["value"].notna()).to_numpy()
    eligible = order[(comparable & (trade["confidence"] == "normal").to_numpy())[order]]
    winners = eligible[~keys.iloc[eligible].duplicated(PERIOD_KEYS).to_numpy()]
    is_preferred = np.zeros(len(keys), dtype=bool)
    is_preferred[winners] = True
    claims = np.zeros(len(keys), dtype="int32")
    if comparable.any():
        claims[comparable] = keys[comparable].groupby(PERIOD_KEYS)["record_id"].transform("size").to_numpy()
    return trade.assign(preferred=is_preferred, claims=claims, preference_rank=rank)


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


_COMBINED = {f"{a}|{b}": combine_qualifiers(a, b) for a in _BOUND_SIGN for b in _BOUND_SIGN}


def combine_qualifier_columns(current: pd.Series, previous: pd.Series) -> pd.Series:
    """`combine_qualifiers` for whole columns (missing on either side gives missing)."""
    return (current.astype("str") + "|" + previous.astype("str")).map(_COMBINED)


def growth_pct(current: float, previous: float) -> float:
    return (current - previous) / previous * 100.0


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
NO_PRIOR = "no comparable prior period stored"


def compare_with_prior_period(rows: pd.DataFrame, pool: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each row with a value and period, find the same period one year earlier (same flow,
    preferred row) and compute the change. Rows without such a prior period get
    `comparison = "no comparable prior period stored"` and no numbers.

    Expects the output of `preferred` (so it knows which prior row to use). Prior rows are looked
    up in `pool` (default: `rows`), so a view filtered to 2024–2025 still finds 2023. One join,
    whatever the number of rows; the result keeps the index of `rows`. Returns: record_id, flow, period_label, value, qualifier,
    prior_record_id, prior_label, prior_value, change, change_pct, change_qualifier, comparison.
    """
    usable = rows[rows["value"].notna() & rows["period_start"].notna()]
    pool = usable if pool is None else pool[pool["value"].notna() & pool["period_start"].notna()]
    prior_rows = pool[pool["preferred"]][["flow", "period_start", "period_end", "record_id", "period_label",
                                          "value", "qualifier"]]
    prior_rows = prior_rows.rename(columns={"period_start": "_prior_start", "period_end": "_prior_end",
                                            "record_id": "prior_record_id", "period_label": "prior_label",
                                            "value": "prior_value", "qualifier": "_prior_qualifier"})
    prior_start, prior_end = periods.prior_columns(usable["period_start"], usable["period_end"])
    left = pd.DataFrame({
        "record_id": usable["record_id"], "flow": usable["flow"], "period_label": usable["period_label"],
        "value": usable["value"], "qualifier": usable["qualifier"],
        "_annual": periods.kind(usable["period_start"], usable["period_end"]) == periods.ANNUAL,
        "_prior_start": prior_start, "_prior_end": prior_end,
    })
    joined = left.merge(prior_rows, how="left", on=["flow", "_prior_start", "_prior_end"], sort=False)
    # One preferred row per flow and period, so the join keeps one row per input row, in order:
    # the result can carry the input's index (views look comparisons up by row, not by id).
    joined.index = usable.index
    found = joined["prior_record_id"].notna()
    joined["change"] = joined["value"] - joined["prior_value"]
    joined["change_pct"] = (joined["value"] - joined["prior_value"]) / joined["prior_value"] * 100.0
    joined["change_qualifier"] = combine_qualifier_columns(joined["qualifier"], joined["_prior_qualifier"]).where(found)
    joined["comparison"] = np.where(~found, NO_PRIOR,
                                    np.where(joined["_annual"], "year on year", "same period of prior year"))
    return joined[list(_COMPARISON_COLUMNS)].astype(_COMPARISON_COLUMNS)


def reported_vs_computed(comparisons: pd.DataFrame, trade: pd.DataFrame) -> pd.DataFrame:
    """Beside each computed change, the growth the source reported, and whether they disagree.

    A reported multiple ("4.5 times") is turned into percent ((4.5 - 1) * 100 = 350) only for the
    comparison; the reported figure itself is kept as stated.
    """
    # By row (comparisons keep the index of the trade rows), column by column: no hash of ids,
    # and no join, which pandas 3 cannot do on two empty Arrow-backed frames.
    frame = comparisons.assign(**{column: trade[column].reindex(comparisons.index)
                                  for column in ("growth_reported", "growth_unit", "growth_qualifier")})
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
    frame["disagrees"] = (both & ((exactish & far) | lower_broken)).astype(bool)
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


# Reporters whose figures belong to a side even when the source states no basis (`reporter_side`).
SIDED_REPORTERS = ("az_customs", "az_ministry", "az_official", "cn_statistics")


def reporter_side(reporters: pd.Series) -> pd.Series:
    """Whose statistics a figure is taken to be when the source does not say.

    Azerbaijani bodies and officials are taken to quote Azerbaijan's figures (the research
    reads the minister's 2017 totals as the Azerbaijani side). Chinese diplomats are not:
    they have quoted Azerbaijani data as often as Chinese data, so without a stated basis
    their figures belong to neither side.
    """
    side = pd.Series("unknown", index=reporters.index, dtype="str")
    side = side.where(~reporters.astype("str").str.startswith("az_"), "azerbaijan")
    return side.where(reporters != "cn_statistics", "china")


MIRROR_CLAIM_COLUMNS = ["flow", "period_start", "period_end", "period_label", "side", "record_id", "value",
                        "qualifier", "side_rank", "claims", "source_id"]
MIRROR_COLUMNS = ["flow", "period_label", "period_start", "period_end", "record_az", "value_az", "qualifier_az",
                  "claims_az", "record_cn", "value_cn", "qualifier_cn", "claims_cn", "gap", "gap_pct"]


def mirror_claims(rows: pd.DataFrame) -> pd.DataFrame:
    """Every money claim of a flow and period that both sides report, with its side.

    The side of a row is its stated statistical basis, or, where none is stated, the side of the
    person or body who gave it (`reporter_side`). `side_rank` orders a side's claims for one
    period by the preference rule (0 = the one the rule likes best; needs `preference_rank`
    from `preferred`); `claims` counts them. Periods only one side reports are left out. Rows
    keep the index they had in `rows`.
    """
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS) & rows["value"].notna() & rows["period_start"].notna()]
    side = money["stat_basis"].where(money["stat_basis"] != "not_stated", reporter_side(money["reporter"]))
    money = money.assign(side=side)
    money = money[money["side"].isin(["azerbaijan", "china"])].sort_values("preference_rank")
    sides = money.groupby(PERIOD_KEYS, sort=False)["side"].transform("nunique")
    both = money[sides == 2]
    keys = PERIOD_KEYS + ["side"]
    both = both.assign(side_rank=both.groupby(keys, sort=False).cumcount().astype("int64"),
                       claims=both.groupby(keys, sort=False)["record_id"].transform("size").astype("int64"))
    both = both.sort_values(["period_end", "period_start", "flow", "side", "side_rank"])
    return both[MIRROR_CLAIM_COLUMNS]


def mirror_gaps(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per flow and period of `mirror_claims`: each side's best claim and the gap, in USD
    million and in percent of the Chinese-side figure. Linear in the claims: no pairing of every
    claim with every other."""
    best = claims[claims["side_rank"] == 0]
    columns = PERIOD_KEYS + ["period_label", "record_id", "value", "qualifier", "claims"]
    az = best[best["side"] == "azerbaijan"][columns]
    cn = best[best["side"] == "china"][columns].drop(columns="period_label")
    pairs = az.merge(cn, on=PERIOD_KEYS, suffixes=("_az", "_cn"))
    pairs = pairs.sort_values(["period_end", "period_start", "flow"]).reset_index(drop=True)
    return pd.DataFrame({
        "flow": pairs["flow"].astype("str"),
        "period_label": pairs["period_label"].astype("str"),
        "period_start": pairs["period_start"],
        "period_end": pairs["period_end"],
        "record_az": pairs["record_id_az"].astype("str"),
        "value_az": pairs["value_az"].astype("float64"),
        "qualifier_az": pairs["qualifier_az"].astype("str"),
        "claims_az": pairs["claims_az"].astype("int64"),
        "record_cn": pairs["record_id_cn"].astype("str"),
        "value_cn": pairs["value_cn"].astype("float64"),
        "qualifier_cn": pairs["qualifier_cn"].astype("str"),
        "claims_cn": pairs["claims_cn"].astype("int64"),
        "gap": (pairs["value_az"] - pairs["value_cn"]).astype("float64"),
        "gap_pct": ((pairs["value_az"] - pairs["value_cn"]) / pairs["value_cn"] * 100.0).astype("float64"),
    }, columns=MIRROR_COLUMNS)


def conflicts(rows: pd.DataFrame) -> pd.DataFrame:
    """Every (flow, period) with more than one claim, every claim listed, the chosen one marked."""
    claimed = rows[rows["claims"] > 1]
    return claimed.sort_values(["flow", "period_start", "period_end", "preferred", "record_id"],
                               ascending=[True, True, True, False, True])


def latest_preferred(rows: pd.DataFrame, flow: str, kind: str | None = None) -> pd.Series | None:
    """The preferred row of `flow` with the latest period end (optionally only annual or partial)."""
    candidates = rows[(rows["flow"] == flow) & rows["preferred"]]
    if kind is not None:
        candidates = candidates[periods.kind(candidates["period_start"], candidates["period_end"]) == kind]
    if candidates.empty:
        return None
    return candidates.sort_values(["period_end", "period_start"]).iloc[-1]


def compare_periods(first: pd.Series, second: pd.Series) -> dict:
    """Change from `first` to `second` (rows with value, qualifier, period_start/end).

    Periods must cover the same months of the year (two full years, or Jan–Jul vs Jan–Jul);
    otherwise `comparable` is False and `reason` says why. CAGR uses the whole years between the
    two periods' ends.
    """
    same_shape = (periods.months(first["period_start"], first["period_end"])
                  == periods.months(second["period_start"], second["period_end"])
                  and first["period_start"].month == second["period_start"].month)
    if not same_shape:
        return {"comparable": False,
                "reason": f"{first['period_label']} and {second['period_label']} cover different parts of "
                          "the year; compare full years with full years, or the same months of two years."}
    years = second["period_end"].year - first["period_end"].year
    return {
        "comparable": True,
        "reason": "",
        "change": second["value"] - first["value"],
        "change_pct": growth_pct(second["value"], first["value"]),
        "multiple": multiple(first["value"], second["value"]),
        "cagr": cagr(first["value"], second["value"], years) if years > 0 else math.nan,
        "years": years,
        "qualifier": combine_qualifiers(second["qualifier"], first["qualifier"]),
    }
