"""Growth arithmetic on trade rows: pure functions, DataFrame in, DataFrame (or number) out.

Rules an economist would insist on, enforced here rather than in pages:
- a partial period is compared only with the same months of the prior year, never with a full year;
- where no comparable prior period is stored, the result says so instead of inventing one (and
  shows the prior value the reported growth implies, marked derived);
- a figure is an interval (`intervals`): its qualifier and its rounding travel with it into every
  result, and a comparison says consistent, inconsistent or cannot tell, never more;
- a row the research flags low-confidence or inconsistent never enters a computed comparison;
- growth computed from stored values sits beside the growth the source reported, never replaces it.

Numbers become words in `words`, not here. Every table-wide computation is a join or a
vectorised operation, so its cost grows with the rows, not with their square.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tradeviz import filters, intervals, periods, schema

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
        "_confidence": filters.rank_in(trade["confidence"], CONFIDENCE_PREFERENCE),
        "_reporter": filters.rank_in(trade["reporter"], REPORTER_PREFERENCE),
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


def with_intervals(trade: pd.DataFrame) -> pd.DataFrame:
    """Add each row's value and reported growth as intervals (`intervals`): value_low, value_high
    (in the value's unit) and growth_low, growth_high (percentage change)."""
    money = (trade["unit"] == "usd_million").to_numpy()
    rank = (trade["unit"] == "rank").to_numpy()
    values = trade["value"].to_numpy(dtype="float64", na_value=np.nan)
    # A rank is a whole number, exact as stated; money values in millions, rounded as written.
    precision = np.where(money, intervals.money_precisions(values),
                         np.where(rank, 0.0, intervals.digits_precisions(values)))
    value_low, value_high = intervals.value_columns(values, trade["qualifier"].to_numpy(dtype=object), precision)
    growth = trade["growth_reported"].to_numpy(dtype="float64", na_value=np.nan)
    growth_low, growth_high = intervals.growth_columns(
        growth, trade["growth_unit"].to_numpy(dtype=object, na_value=None),
        trade["growth_qualifier"].fillna("exact").to_numpy(dtype=object), intervals.digits_precisions(growth))
    return trade.assign(value_low=value_low, value_high=value_high, growth_low=growth_low, growth_high=growth_high)


_COMPARISON_COLUMNS = {
    "record_id": "str",
    "flow": "str",
    "period_label": "str",
    "value": "float64",
    "qualifier": "str",
    "value_low": "float64",
    "value_high": "float64",
    "prior_record_id": "str",
    "prior_label": "str",
    "prior_value": "float64",
    "prior_qualifier": "str",
    "prior_low": "float64",
    "prior_high": "float64",
    "change_low": "float64",
    "change_high": "float64",
    "change_pct_low": "float64",
    "change_pct_high": "float64",
    "comparison": "str",
}
NO_PRIOR = "no comparable prior period stored"
FLAGGED = {"low": "not compared: the research flags it low-confidence",
           "inconsistent": "not compared: the research flags it inconsistent"}


def compare_with_prior_period(rows: pd.DataFrame, pool: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each row with a value and period, find the same period one year earlier (same flow,
    preferred row) and compute the change as an interval, in USD million and in percent. Rows
    without such a prior period get `comparison = "no comparable prior period stored"` and no
    numbers; rows the research flags get `comparison = "not compared: …"` and no numbers.

    Prior rows are looked up in `pool` (default: `rows`) among the preferred ones (never
    flagged), so a view filtered to 2024–2025 still finds 2023. One join, whatever the number of
    rows; the result keeps the index of `rows`.
    """
    rows = rows if "value_low" in rows else with_intervals(rows)
    pool = rows if pool is None else (pool if "value_low" in pool else with_intervals(pool))
    usable = rows[rows["value"].notna() & rows["period_start"].notna()]
    pool = pool[pool["value"].notna() & pool["period_start"].notna() & pool["preferred"]]
    prior_rows = pd.DataFrame({
        "flow": pool["flow"], "_prior_start": pool["period_start"], "_prior_end": pool["period_end"],
        "prior_record_id": pool["record_id"], "prior_label": pool["period_label"], "prior_value": pool["value"],
        "prior_qualifier": pool["qualifier"], "prior_low": pool["value_low"], "prior_high": pool["value_high"],
    })
    prior_start, prior_end = periods.prior_columns(usable["period_start"], usable["period_end"])
    left = pd.DataFrame({
        "record_id": usable["record_id"], "flow": usable["flow"], "period_label": usable["period_label"],
        "value": usable["value"], "qualifier": usable["qualifier"], "value_low": usable["value_low"],
        "value_high": usable["value_high"], "_confidence": usable["confidence"],
        "_annual": periods.kind(usable["period_start"], usable["period_end"]) == periods.ANNUAL,
        "_prior_start": prior_start, "_prior_end": prior_end,
    })
    joined = left.merge(prior_rows, how="left", on=["flow", "_prior_start", "_prior_end"], sort=False)
    # One preferred row per flow and period, so the join keeps one row per input row, in order:
    # the result can carry the input's index (views look comparisons up by row, not by id).
    joined.index = usable.index
    flagged = (joined["_confidence"] != "normal").to_numpy()
    found = joined["prior_record_id"].notna().to_numpy() & ~flagged
    change_low, change_high = intervals.difference(joined["value_low"], joined["value_high"],
                                                   joined["prior_low"], joined["prior_high"])
    pct_low, pct_high = intervals.growth_between(joined["value_low"], joined["value_high"],
                                                 joined["prior_low"], joined["prior_high"])
    joined["change_low"] = np.where(found, change_low, np.nan)
    joined["change_high"] = np.where(found, change_high, np.nan)
    joined["change_pct_low"] = np.where(found, pct_low, np.nan)
    joined["change_pct_high"] = np.where(found, pct_high, np.nan)
    comparison = np.where(joined["_annual"], "year on year", "same period of prior year")
    comparison = np.where(joined["prior_record_id"].notna(), comparison, NO_PRIOR)
    joined["comparison"] = np.where(flagged, joined["_confidence"].map(FLAGGED).fillna(NO_PRIOR), comparison)
    return joined[list(_COMPARISON_COLUMNS)].astype(_COMPARISON_COLUMNS)


def reported_vs_computed(comparisons: pd.DataFrame, trade: pd.DataFrame) -> pd.DataFrame:
    """Beside each computed change, the growth the source reported (as an interval: reported_low,
    reported_high) and the verdict: consistent, inconsistent or cannot tell ('' where there is
    nothing to compare). A reported multiple ("4.5 times") is compared as percent (+350%); the
    reported figure itself is kept as stated."""
    trade = trade if "growth_low" in trade else with_intervals(trade)
    # By row (comparisons keep the index of the trade rows), column by column: no hash of ids,
    # and no join, which pandas 3 cannot do on two empty Arrow-backed frames.
    frame = comparisons.assign(**{column: trade[column].reindex(comparisons.index)
                                  for column in ("growth_reported", "growth_unit", "growth_qualifier")})
    frame["reported_low"] = trade["growth_low"].reindex(comparisons.index).astype("float64")
    frame["reported_high"] = trade["growth_high"].reindex(comparisons.index).astype("float64")
    frame["verdict"] = intervals.verdicts(frame["reported_low"], frame["reported_high"],
                                          frame["change_pct_low"], frame["change_pct_high"])
    frame["verdict"] = frame["verdict"].astype("str")
    return frame


IMPLIED_COLUMNS = ["record_id", "flow", "period_label", "prior_label", "implied_low", "implied_high",
                   "stored", "verdict"]


def implied_priors(rows: pd.DataFrame, pool: pd.DataFrame) -> pd.DataFrame:
    """The prior-period value each reported growth implies where no comparable prior period is
    stored: value ÷ (1 + growth), as an interval, marked derived by the caller. `stored` names
    the figures stored for that period (none, when there are none) and `verdict` says whether
    they fit it; two implied values of one period are checked against each other the same way.
    Rows the research flags never imply anything."""
    rows = rows if "growth_low" in rows else with_intervals(rows)
    pool = pool if "value_low" in pool else with_intervals(pool)
    candidates = rows[rows["value"].notna() & rows["period_start"].notna() & rows["growth_reported"].notna()
                      & (rows["confidence"] == "normal")]
    prior_start, prior_end = periods.prior_columns(candidates["period_start"], candidates["period_end"])
    low, high = intervals.implied_prior(candidates["value_low"].to_numpy(dtype="float64"),
                                        candidates["value_high"].to_numpy(dtype="float64"),
                                        candidates["growth_low"].to_numpy(dtype="float64"),
                                        candidates["growth_high"].to_numpy(dtype="float64"))
    implied = pd.DataFrame({
        "record_id": candidates["record_id"].astype("str").to_numpy(),
        "flow": candidates["flow"].astype("str").to_numpy(),
        "period_label": candidates["period_label"].astype("str").to_numpy(),
        "_start": np.asarray(prior_start), "_end": np.asarray(prior_end),
        "implied_low": low, "implied_high": high,
    })
    implied = implied[implied["implied_low"].notna()]
    # What is stored for each prior period asked about: one row per period, so the cost is the
    # candidates plus the stored rows, never their product. A period fits when every stored
    # figure overlaps the implied interval: the largest low is under its high, the smallest high
    # over its low.
    stored = pool[pool["value"].notna() & pool["period_start"].notna() & (pool["confidence"] == "normal")]
    stored = pd.DataFrame({"flow": stored["flow"].astype("str").to_numpy(),
                           "_start": stored["period_start"].to_numpy(), "_end": stored["period_end"].to_numpy(),
                           "_id": stored["record_id"].astype("str").to_numpy(),
                           "_preferred": stored["preferred"].to_numpy(dtype=bool),
                           "_low": stored["value_low"].to_numpy(dtype="float64"),
                           "_high": stored["value_high"].to_numpy(dtype="float64")})
    keys = ["flow", "_start", "_end"]
    stored = stored.merge(implied[keys].drop_duplicates(), on=keys)
    summary = stored.groupby(keys, sort=False).agg(
        stored=("_id", ", ".join), _any_preferred=("_preferred", "any"),
        _max_low=("_low", "max"), _min_high=("_high", "min")).reset_index()
    implied = implied.merge(summary, on=keys, how="left", sort=False)
    # A stored preferred prior exists: the growth is compared with it instead.
    implied = implied[~implied["_any_preferred"].fillna(False).astype(bool)]
    found = implied["stored"].notna().to_numpy()
    fits = ((implied["_max_low"] <= implied["implied_high"]) & (implied["implied_low"] <= implied["_min_high"])).to_numpy()
    verdict = np.where(~found, "no figure stored for that period",
                       np.where(fits, "fits the stored figure", "contradicted by a stored figure")).astype(object)
    group = implied.groupby(keys, sort=False)
    several = (group["record_id"].transform("size") > 1).to_numpy()
    agree = (group["implied_low"].transform("max") <= group["implied_high"].transform("min")).to_numpy()
    # Implied values of the same period must agree with each other too.
    note = np.where(~several, "", np.where(agree, "; the implied values agree within rounding",
                                           "; the implied values disagree"))
    frame = pd.DataFrame({
        "record_id": implied["record_id"].to_numpy(), "flow": implied["flow"].to_numpy(),
        "period_label": implied["period_label"].to_numpy(),
        "prior_label": _labels(implied["_start"], implied["_end"]),
        "implied_low": implied["implied_low"].to_numpy(dtype="float64"),
        "implied_high": implied["implied_high"].to_numpy(dtype="float64"),
        "stored": implied["stored"].fillna("none").to_numpy(),
        "verdict": (verdict + note).astype(object) if len(implied) else np.array([], dtype=object),
    }, columns=IMPLIED_COLUMNS)
    return frame.astype({c: "str" for c in ("record_id", "flow", "period_label", "prior_label", "stored", "verdict")})


def _labels(starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """`periods.label` for columns, worded once per distinct period."""
    pairs = pd.MultiIndex.from_arrays([starts, ends])
    distinct = pairs.unique()
    words = pd.Series([periods.label(s, e) for s, e in distinct], index=distinct, dtype=object)
    return words.reindex(pairs).to_numpy(dtype=object)


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


def figure_side(rows: pd.DataFrame) -> pd.Series:
    """Whose statistics each figure is: the basis its source states, else the side of the body
    or official who gave it (`reporter_side`): 'azerbaijan', 'china' or 'unknown'."""
    stated = rows["stat_basis"].astype("str")
    return stated.where(stated != "not_stated", reporter_side(rows["reporter"])).astype("str")


MIRROR_CLAIM_COLUMNS = ["flow", "period_start", "period_end", "period_label", "side", "record_id", "value",
                        "qualifier", "value_low", "value_high", "confidence", "side_rank", "claims", "source_id"]
MIRROR_COLUMNS = ["flow", "period_label", "period_start", "period_end", "record_az", "value_az", "qualifier_az",
                  "confidence_az", "claims_az", "record_cn", "value_cn", "qualifier_cn", "confidence_cn", "claims_cn",
                  "gap_low", "gap_high", "gap_pct_low", "gap_pct_high", "gap_note"]


def mirror_claims(rows: pd.DataFrame) -> pd.DataFrame:
    """Every money claim of a flow and period that both sides report, with its side.

    The side of a row is its stated statistical basis, or, where none is stated, the side of the
    person or body who gave it (`reporter_side`). `side_rank` orders a side's claims for one
    period by the preference rule (0 = the one the rule likes best; needs `preference_rank`
    from `preferred`); `claims` counts them. Periods only one side reports are left out. Rows
    keep the index they had in `rows`.
    """
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS) & rows["value"].notna() & rows["period_start"].notna()]
    money = money if "value_low" in money else with_intervals(money)
    money = money.assign(side=figure_side(money))
    money = money[money["side"].isin(["azerbaijan", "china"])].sort_values("preference_rank")
    sides = money.groupby(PERIOD_KEYS, sort=False)["side"].transform("nunique")
    both = money[sides == 2]
    keys = PERIOD_KEYS + ["side"]
    both = both.assign(side_rank=both.groupby(keys, sort=False).cumcount().astype("int64"),
                       claims=both.groupby(keys, sort=False)["record_id"].transform("size").astype("int64"))
    both = both.sort_values(["period_end", "period_start", "flow", "side", "side_rank"])
    return both[MIRROR_CLAIM_COLUMNS]


def mirror_gaps(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per flow and period of `mirror_claims`: each side's best claim and the gap as an
    interval (Azerbaijani minus Chinese side), in USD million and in percent of the Chinese-side
    figure. Linear in the claims: no pairing of every claim with every other. Where the research
    flags either figure, the gap is not computed and `gap_note` says why."""
    best = claims[claims["side_rank"] == 0]
    columns = PERIOD_KEYS + ["period_label", "record_id", "value", "qualifier", "value_low", "value_high",
                             "confidence", "claims"]
    az = best[best["side"] == "azerbaijan"][columns]
    cn = best[best["side"] == "china"][columns].drop(columns="period_label")
    pairs = az.merge(cn, on=PERIOD_KEYS, suffixes=("_az", "_cn"))
    pairs = pairs.sort_values(["period_end", "period_start", "flow"]).reset_index(drop=True)
    flagged = ((pairs["confidence_az"] != "normal") | (pairs["confidence_cn"] != "normal")).to_numpy()
    gap_low, gap_high = intervals.difference(pairs["value_low_az"], pairs["value_high_az"],
                                             pairs["value_low_cn"], pairs["value_high_cn"])
    pct_low, pct_high = intervals.growth_between(pairs["value_low_az"], pairs["value_high_az"],
                                                 pairs["value_low_cn"], pairs["value_high_cn"])
    note = np.where(flagged, "not computed: the research flags a figure of this pair", "")
    return pd.DataFrame({
        "flow": pairs["flow"].astype("str"),
        "period_label": pairs["period_label"].astype("str"),
        "period_start": pairs["period_start"],
        "period_end": pairs["period_end"],
        "record_az": pairs["record_id_az"].astype("str"),
        "value_az": pairs["value_az"].astype("float64"),
        "qualifier_az": pairs["qualifier_az"].astype("str"),
        "confidence_az": pairs["confidence_az"].astype("str"),
        "claims_az": pairs["claims_az"].astype("int64"),
        "record_cn": pairs["record_id_cn"].astype("str"),
        "value_cn": pairs["value_cn"].astype("float64"),
        "qualifier_cn": pairs["qualifier_cn"].astype("str"),
        "confidence_cn": pairs["confidence_cn"].astype("str"),
        "claims_cn": pairs["claims_cn"].astype("int64"),
        "gap_low": np.where(flagged, np.nan, gap_low).astype("float64"),
        "gap_high": np.where(flagged, np.nan, gap_high).astype("float64"),
        "gap_pct_low": np.where(flagged, np.nan, pct_low).astype("float64"),
        "gap_pct_high": np.where(flagged, np.nan, pct_high).astype("float64"),
        "gap_note": pd.Series(note, dtype="str"),
    }, columns=MIRROR_COLUMNS)


def conflicts(rows: pd.DataFrame) -> pd.DataFrame:
    """Every (flow, period) with more than one claim, every claim listed, the chosen one first."""
    claimed = rows[rows["claims"] > 1]
    return claimed.sort_values(["flow", "period_start", "period_end", "preferred", "record_id"],
                               ascending=[True, True, True, False, True])


CHOSEN, AGREES, DIFFERS, NO_CHOICE = ("the figure charts use", "agrees within rounding", "differs",
                                      "no figure of this period is used by charts")


def agreement(claims: pd.DataFrame, chosen: pd.DataFrame) -> pd.Series:
    """For each claim, how it stands against the figure charts use for its flow and period
    (`chosen`: the preferred rows): the figure itself, agrees within rounding (the intervals
    share a value), or differs. Both frames carry value_low and value_high."""
    keyed = chosen.set_index(PERIOD_KEYS)[["record_id", "value_low", "value_high"]]
    index = pd.MultiIndex.from_frame(claims[PERIOD_KEYS])
    found = keyed.reindex(index)
    overlap = intervals.overlaps(claims["value_low"].to_numpy(), claims["value_high"].to_numpy(),
                                 found["value_low"].to_numpy(), found["value_high"].to_numpy())
    text = np.where(found["record_id"].isna().to_numpy(), NO_CHOICE,
                    np.where(claims["record_id"].to_numpy() == found["record_id"].to_numpy(), CHOSEN,
                             np.where(overlap, AGREES, DIFFERS)))
    return pd.Series(text, index=claims.index, dtype="str")


def latest_preferred(rows: pd.DataFrame, flow: str, kind: str | None = None) -> pd.Series | None:
    """The preferred row of `flow` with the latest period end (optionally only annual or partial)."""
    candidates = rows[(rows["flow"] == flow) & rows["preferred"]]
    if kind is not None:
        candidates = candidates[periods.kind(candidates["period_start"], candidates["period_end"]) == kind]
    if candidates.empty:
        return None
    return candidates.sort_values(["period_end", "period_start"]).iloc[-1]


def compare_periods(first: pd.Series, second: pd.Series) -> dict:
    """Change from `first` to `second` (rows with value, qualifier, period_start/end and their
    intervals), every result an interval (low, high).

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
    a = (first["value_low"], first["value_high"])
    b = (second["value_low"], second["value_high"])
    if not a[0] > 0:
        return {"comparable": False, "reason": f"{first['period_label']} could be zero: no growth can be computed from it."}
    years = second["period_end"].year - first["period_end"].year
    change = intervals.difference(*b, *a)
    pct = intervals.growth_between(*b, *a)
    multiple = intervals.ratio(*b, *a)
    rate = intervals.cagr(*a, *b, years) if years > 0 else (math.nan, math.nan)
    return {
        "comparable": True,
        "reason": "",
        "change": tuple(float(x) for x in change),
        "change_pct": tuple(float(x) for x in pct),
        "multiple": tuple(float(x) for x in multiple),
        "cagr": tuple(float(x) for x in rate),
        "years": years,
    }


# ---- series over the years ------------------------------------------------------------------

BALANCE = "balance"
SERIES_COLUMNS = ["flow", "year", "value", "low", "high", "qualifier", "record_id", "derived"]


def chosen(rows: pd.DataFrame) -> pd.DataFrame:
    """Per flow and period, the claim the preference rule likes best among `rows` (never one the
    research flags): what a chart draws. With every row given, these are the `preferred` ones;
    with rows filtered (to some reporters, say), the best of those that are left."""
    usable = rows[(rows["confidence"] == "normal") & rows["value"].notna() & rows["period_start"].notna()]
    return usable.sort_values("preference_rank", kind="stable").drop_duplicates(PERIOD_KEYS)


def annual_series(figures: pd.DataFrame) -> pd.DataFrame:
    """One value per money flow and calendar year, from the chosen full-year figures (`chosen`, with
    value_low/value_high), plus the balance (exports − imports) for each year that has both,
    marked derived: its interval is the difference of theirs. Sorted by flow, then year.

    Built on arrays and made a frame once at the end: a chart's series holds a few dozen rows,
    where each pandas step costs more than the arithmetic."""
    start, end = figures["period_start"], figures["period_end"]
    keep = ((periods.kind(start, end) == periods.ANNUAL) & figures["flow"].isin(schema.MONEY_FLOWS)).to_numpy(bool)
    flow = figures["flow"].to_numpy(dtype=object)[keep]
    year = start.dt.year.to_numpy()[keep].astype("int64")
    value = figures["value"].to_numpy(dtype="float64", na_value=np.nan)[keep]
    low = figures["value_low"].to_numpy(dtype="float64", na_value=np.nan)[keep]
    high = figures["value_high"].to_numpy(dtype="float64", na_value=np.nan)[keep]
    qualifier = figures["qualifier"].to_numpy(dtype=object)[keep]
    record = figures["record_id"].to_numpy(dtype=object)[keep]
    derived = np.zeros(len(flow), dtype=bool)
    exports = {y: i for i, (f, y) in enumerate(zip(flow, year)) if f == "exports"}
    imports = {y: i for i, (f, y) in enumerate(zip(flow, year)) if f == "imports"}
    both = [y for y in exports if y in imports]
    if both:
        e = np.array([exports[y] for y in both])
        i = np.array([imports[y] for y in both])
        b_low, b_high = difference(low[e], high[e], low[i], high[i])
        flow = np.concatenate([flow, np.full(len(both), BALANCE, dtype=object)])
        year = np.concatenate([year, np.array(both, dtype="int64")])
        value = np.concatenate([value, value[e] - value[i]])
        low = np.concatenate([low, np.asarray(b_low, dtype="float64")])
        high = np.concatenate([high, np.asarray(b_high, dtype="float64")])
        qualifier = np.concatenate([qualifier, np.full(len(both), "derived", dtype=object)])
        record = np.concatenate([record, np.full(len(both), "", dtype=object)])
        derived = np.concatenate([derived, np.ones(len(both), dtype=bool)])
    order = np.lexsort((year, flow.astype(str))) if len(flow) else np.empty(0, dtype="int64")
    return pd.DataFrame({
        "flow": pd.Series(flow[order], dtype="str"), "year": year[order], "value": value[order],
        "low": low[order], "high": high[order], "qualifier": pd.Series(qualifier[order], dtype="str"),
        "record_id": pd.Series(record[order], dtype="str"), "derived": derived[order],
    })[SERIES_COLUMNS]


def difference(a_low, a_high, b_low, b_high):
    return intervals.difference(np.asarray(a_low, dtype="float64"), np.asarray(a_high, dtype="float64"),
                                np.asarray(b_low, dtype="float64"), np.asarray(b_high, dtype="float64"))


def indexed(series: pd.DataFrame) -> pd.DataFrame:
    """Each flow's series as an index: its first year = 100, the interval carried through the
    division (value ÷ first value, lowest over highest and highest over lowest). A flow that can
    be zero or negative in its first year (the balance) cannot be indexed and is left out."""
    out = []
    for flow, group in series.groupby("flow", sort=False):
        first = group.sort_values("year").iloc[0]
        if not first["low"] > 0:
            continue
        low, high = intervals.ratio(group["low"].to_numpy(), group["high"].to_numpy(), first["low"], first["high"])
        out.append(group.assign(value=group["value"] / first["value"] * 100.0, low=np.asarray(low) * 100.0,
                                high=np.asarray(high) * 100.0))
    return pd.concat(out, ignore_index=True) if out else series.iloc[0:0]


# ---- products (UN Comtrade) -----------------------------------------------------------------

PRODUCT_COLUMNS = ["cmd_code", "cmd_desc", "first_usd", "last_usd", "change_pct", "mirror_usd", "gap_usd", "gap_pct"]


def product_changes(by_code: pd.DataFrame, first: int, last: int, mirror: dict[str, float]) -> pd.DataFrame:
    """One row per product of `by_code` (cmd_code, cmd_desc and a column of USD per year) with
    a figure in `first` or `last`: both years' values, the change between them in percent (none
    from a first year of 0, which would read as infinite; none when first == last), the
    partner's mirror figure for the last year (`mirror`: code → USD), the gap (own − mirror, in
    USD and in percent of the mirror). Largest last-year value first, then by code."""
    out = pd.DataFrame({"cmd_code": by_code["cmd_code"], "cmd_desc": by_code["cmd_desc"],
                        "first_usd": by_code[first].astype("float64"), "last_usd": by_code[last].astype("float64")})
    out = out[out["first_usd"].notna() | out["last_usd"].notna()]
    out["change_pct"] = ((out["last_usd"] / out["first_usd"].where(out["first_usd"] > 0) - 1.0) * 100.0
                         if last > first else float("nan"))
    out["mirror_usd"] = out["cmd_code"].map(mirror).astype("float64")
    out["gap_usd"] = out["last_usd"] - out["mirror_usd"]
    out["gap_pct"] = out["gap_usd"] / out["mirror_usd"].where(out["mirror_usd"] > 0) * 100.0
    return out.sort_values(["last_usd", "cmd_code"], ascending=[False, True], na_position="last"
                           ).reset_index(drop=True)[PRODUCT_COLUMNS]


def same_months(reported: dict[int, set[int]]) -> tuple[int, int] | None:
    """(year, n): the latest year with monthly figures and its months 1 to n, the longest run
    from January without a gap; None when there is no such year or it has no January."""
    if not reported:
        return None
    year = max(reported)
    months = 0
    while months + 1 in reported[year]:
        months += 1
    return (year, months) if months else None


def missing_months(reported: dict[int, set[int]], year: int, months: int) -> list[int]:
    """The months 1 to `months` of `year` without figures in `reported` (year → months)."""
    return [m for m in range(1, months + 1) if m not in reported.get(year, set())]


NATIONAL_COLUMNS = ["year", "side", "record_id", "reporter", "source_id", "value_usd", "qualifier", "low_usd",
                    "high_usd", "confidence"]


def national_figures(rows: pd.DataFrame, flow: str, months: int = 12) -> pd.DataFrame:
    """The main dataset's money figures of `flow` (exports or imports, Azerbaijan's side of the
    trade) for January to `months` of a year (12: the whole year), each with its side (its
    stated statistical basis, else its reporter's side: `figure_side`), in USD: `rows` are
    trade rows with intervals. Figures of neither side are left out."""
    start, end = rows["period_start"], rows["period_end"]
    usable = (rows["flow"] == flow) & rows["value"].notna() & start.notna() & (rows["unit"] == "usd_million")
    usable &= (start.dt.month == 1) & (start.dt.day == 1) & (start.dt.year == end.dt.year)
    usable &= (end.dt.month == months) & (end == end + pd.offsets.MonthEnd(0))
    picked = rows[usable]
    picked = picked.assign(side=figure_side(picked))
    picked = picked[picked["side"].isin(["azerbaijan", "china"])]
    return pd.DataFrame({
        "year": picked["period_start"].dt.year.astype("int64"), "side": picked["side"].astype("str"),
        "record_id": picked["record_id"].astype("str"), "reporter": picked["reporter"].astype("str"),
        "source_id": picked["source_id"].astype("str"), "value_usd": picked["value"].astype("float64") * 1e6,
        "qualifier": picked["qualifier"].astype("str"), "low_usd": picked["value_low"].astype("float64") * 1e6,
        "high_usd": picked["value_high"].astype("float64") * 1e6, "confidence": picked["confidence"].astype("str"),
    }).sort_values(["year", "side", "record_id"]).reset_index(drop=True)[NATIONAL_COLUMNS]


AGAINST_NATIONAL_COLUMNS = ["year", "side", "comtrade_usd", "record_id", "reporter", "source_id", "national_usd",
                            "qualifier", "national_low_usd", "national_high_usd", "gap_low_usd", "gap_high_usd",
                            "gap_pct_low", "gap_pct_high", "verdict", "note"]
NO_NATIONAL = "no national figure of this side for the period"


def against_national(totals: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Comtrade's totals (`totals`: year, side, comtrade_usd) beside the national figures of the
    same side and period (`national_figures`): one row per national figure, and one per total
    that has none. A Comtrade figure is exact to the dollar ([v − 0.5, v + 0.5]); a national
    figure is the interval its qualifier and rounding allow. The gap (Comtrade − national) is
    an interval, in USD and in percent of the national figure, and the verdict says whether the
    two can be the same amount: consistent (the intervals meet), inconsistent (they cannot), or
    cannot tell (no national figure, or one the research flags, which never enters a comparison)."""
    merged = totals.merge(national, on=["year", "side"], how="left")
    flagged = merged["confidence"].notna() & (merged["confidence"] != "normal")
    low, high = merged["comtrade_usd"] - 0.5, merged["comtrade_usd"] + 0.5
    gap_low, gap_high = intervals.difference(low.to_numpy(), high.to_numpy(), merged["low_usd"].to_numpy(),
                                             merged["high_usd"].to_numpy())
    pct_low, pct_high = intervals.growth_between(low.to_numpy(), high.to_numpy(), merged["low_usd"].to_numpy(),
                                                 merged["high_usd"].to_numpy())
    verdict = intervals.value_verdicts(low.to_numpy(), high.to_numpy(), merged["low_usd"].to_numpy(),
                                       merged["high_usd"].to_numpy())
    verdict = np.where(flagged, intervals.CANNOT_TELL, verdict)
    note = np.where(merged["record_id"].isna(), NO_NATIONAL,
                    np.where(flagged, "not compared: the research flags this figure " + merged["confidence"].fillna(""),
                             ""))
    keep = ~flagged.to_numpy()
    return pd.DataFrame({
        "year": merged["year"].astype("int64"), "side": merged["side"].astype("str"),
        "comtrade_usd": merged["comtrade_usd"].astype("float64"),
        "record_id": merged["record_id"].fillna("").astype("str"), "reporter": merged["reporter"].fillna("").astype("str"),
        "source_id": merged["source_id"].fillna("").astype("str"),
        "national_usd": merged["value_usd"].astype("float64"), "qualifier": merged["qualifier"].fillna("").astype("str"),
        "national_low_usd": merged["low_usd"].astype("float64"), "national_high_usd": merged["high_usd"].astype("float64"),
        "gap_low_usd": np.where(keep, gap_low, np.nan).astype("float64"),
        "gap_high_usd": np.where(keep, gap_high, np.nan).astype("float64"),
        "gap_pct_low": np.where(keep, pct_low, np.nan).astype("float64"),
        "gap_pct_high": np.where(keep, pct_high, np.nan).astype("float64"),
        "verdict": pd.Series(verdict, dtype="str"), "note": pd.Series(note, dtype="str"),
    }).sort_values(["year", "side", "record_id"]).reset_index(drop=True)[AGAINST_NATIONAL_COLUMNS]
