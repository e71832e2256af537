import math

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from tradeviz import metrics, periods, provenance, words


@pytest.fixture(scope="module")
def trade(fixture_dataset):
    rows = provenance.attach_sources(fixture_dataset["trade"], fixture_dataset["sources"])
    return metrics.preferred(rows, fixture_dataset["sources"])


@pytest.fixture(scope="module")
def sources(fixture_dataset):
    return fixture_dataset["sources"]


def test_preferred_never_picks_flagged_rows(trade):
    chosen = trade.set_index("record_id")["preferred"]
    # f01 (2019) is the only 2019 claim but marked inconsistent; f04 is a low-confidence mirror.
    assert chosen[["f01", "f04", "f12"]].tolist() == [False, False, False]
    assert chosen[["f02", "f03", "f05", "f06", "f08", "f13"]].tolist() == [True] * 6
    assert trade.set_index("record_id")["claims"][["f03", "f04", "f06", "f12"]].tolist() == [2, 2, 1, 0]


def test_preferred_ranks_reporter_then_latest_publication():
    rows = pd.DataFrame({
        "record_id": ["a", "b", "c"],
        "flow": ["turnover"] * 3,
        "period_start": pd.to_datetime(["2024-01-01"] * 3),
        "period_end": pd.to_datetime(["2024-12-31"] * 3),
        "value": [3700.0, 3744.0, 3800.0],
        "reporter": ["az_official", "az_official", "news_agency"],
        "confidence": ["normal"] * 3,
        "source_id": ["s1", "s2", "s3"],
    })
    sources = pd.DataFrame({"source_id": ["s1", "s2", "s3"],
                            "published": pd.to_datetime(["2025-04-16", "2025-04-22", "2025-05-01"])})
    # Same reporter class for a and b, so the later publication (b) wins; c is a lower class.
    assert metrics.preferred(rows, sources)["preferred"].tolist() == [False, True, False]


def test_values_are_intervals_of_their_stated_digits(trade):
    rows = metrics.with_intervals(trade).set_index("record_id")
    # 100 is precise to 100 (trailing zeros are rounding): [50, 150]; 120 to 10: [115, 125];
    # "about 150" to 10: [145, 155]; 84 to 1: [83.5, 84.5]; "more than 80": [80, inf);
    # a rank is exact; 4.5 times is +345% to +355%; "more than 20%" is [20, inf).
    assert rows.loc["f02", ["value_low", "value_high"]].tolist() == [50.0, 150.0]
    assert rows.loc["f03", ["value_low", "value_high"]].tolist() == [115.0, 125.0]
    assert rows.loc["f05", ["value_low", "value_high"]].tolist() == [145.0, 155.0]
    assert rows.loc["f08", ["value_low", "value_high"]].tolist() == [83.5, 84.5]
    assert rows.loc["f10", ["value_low", "value_high"]].tolist() == [80.0, math.inf]
    assert rows.loc["f13", ["value_low", "value_high"]].tolist() == [4.0, 4.0]
    assert rows.loc["f09", ["growth_low", "growth_high"]].tolist() == pytest.approx([345.0, 355.0])
    assert rows.loc["f12", ["growth_low", "growth_high"]].tolist() == [20.0, math.inf]
    assert rows.loc["f03", ["growth_low", "growth_high"]].tolist() == [24.5, 25.5]


def test_compare_with_prior_period(trade):
    result = metrics.compare_with_prior_period(trade)
    result = result[result["comparison"].isin(["year on year", "same period of prior year"])].reset_index(drop=True)
    expected = pd.DataFrame({
        "record_id": ["f03", "f06", "f08"],
        "flow": ["turnover"] * 3,
        "period_label": ["2021", "2024", "2025 Jan–Jul"],
        "value": [120.0, 180.0, 84.0],
        "qualifier": ["exact", "exact", "exact"],
        "value_low": [115.0, 175.0, 83.5],
        "value_high": [125.0, 185.0, 84.5],
        "prior_record_id": ["f02", "f05", "f07"],
        "prior_label": ["2020", "2023", "2024 Jan–Jul"],
        "prior_value": [100.0, 150.0, 70.0],
        "prior_qualifier": ["exact", "about", "exact"],
        "prior_low": [50.0, 145.0, 65.0],
        "prior_high": [150.0, 155.0, 75.0],
        # low = current low - prior high, high = current high - prior low:
        # 115-150, 125-50; 175-155, 185-145; 83.5-75, 84.5-65
        "change_low": [-35.0, 20.0, 8.5],
        "change_high": [75.0, 40.0, 19.5],
        # (115/150 - 1)·100, (125/50 - 1)·100; 175/155, 185/145; 83.5/75, 84.5/65
        "change_pct_low": [-70 / 3, 400 / 31, 34 / 3],
        "change_pct_high": [150.0, 800 / 29, 30.0],
        "comparison": ["year on year", "year on year", "same period of prior year"],
    }).astype(metrics._COMPARISON_COLUMNS)
    assert_frame_equal(result, expected)


def test_no_comparable_prior_period_is_said_not_invented(trade):
    result = metrics.compare_with_prior_period(trade).set_index("record_id")
    # f11 is 2025 Jan–Mar: the 2024 annual row must not stand in for 2024 Jan–Mar.
    # f02 is 2020: 2019 exists only as an inconsistent claim, which is not used.
    for record in ["f02", "f05", "f07", "f11"]:
        assert result.loc[record, "comparison"] == "no comparable prior period stored"
        assert math.isnan(result.loc[record, "change_pct_low"])
    assert "f12" not in result.index  # growth-only row: no value to compare


def test_a_flagged_row_never_enters_a_computed_comparison(trade):
    result = metrics.compare_with_prior_period(trade).set_index("record_id")
    # f04 (2021, low confidence) has a stored 2020 prior, f01 (2019) is flagged inconsistent:
    # neither is compared, each says why, and neither serves as another row's prior.
    assert result.loc["f04", "comparison"] == "not compared: the research flags it low-confidence"
    assert result.loc["f01", "comparison"] == "not compared: the research flags it inconsistent"
    assert result.loc[["f01", "f04"], ["change_low", "change_high", "change_pct_low"]].isna().all().all()
    assert not result["prior_record_id"].isin(["f01", "f04"]).any()
    # Nor do they enter a mirror gap, an implied prior or a series.
    gaps = metrics.mirror_gaps(metrics.mirror_claims(trade))
    assert gaps["gap_low"].isna().all() and gaps["gap_note"].str.startswith("not computed").all()
    assert not metrics.implied_priors(trade, trade)["record_id"].isin(["f01", "f04"]).any()
    series = metrics.annual_series(metrics.chosen(metrics.with_intervals(trade)))
    assert not series["record_id"].isin(["f01", "f04"]).any()


def test_reported_vs_computed(trade):
    comparisons = metrics.compare_with_prior_period(trade)
    result = metrics.reported_vs_computed(comparisons, trade).set_index("record_id")
    # f03 reports +25% ([24.5, 25.5]); 120 vs 100 allows -23.3% to +150%, 173 points wide:
    # the stored figures are too coarse to check it.
    assert result.loc["f03", ["reported_low", "reported_high"]].tolist() == [24.5, 25.5]
    assert result.loc["f03", "verdict"] == "cannot tell"
    # f06 reports +20% ([19.5, 20.5]) and 180 vs about 150 allows +12.9% to +27.6%: consistent.
    assert result.loc["f06", "verdict"] == "consistent"
    # f08 reports +20% and 84 vs 70 allows +11.3% to +30%: consistent.
    assert result.loc["f08", "verdict"] == "consistent"
    # f09 reports "4.5 times" (+345% to +355%) but has no stored prior: nothing to say.
    assert result.loc["f09", ["reported_low", "reported_high"]].tolist() == pytest.approx([345.0, 355.0])
    assert result.loc["f09", "verdict"] == ""


def test_reported_bound_against_computed_intervals():
    comparisons = pd.DataFrame({"record_id": ["a", "b", "c", "d"],
                                "change_pct_low": [23.0, 10.0, 33.5, -100.0],
                                "change_pct_high": [24.0, 18.0, math.inf, math.inf]})
    trade = pd.DataFrame({"record_id": ["a", "b", "c", "d"], "growth_reported": [20.0, 20.0, 37.0, 5.0],
                          "growth_unit": ["percent"] * 4,
                          "growth_qualifier": ["more_than", "more_than", "exact", "exact"]})
    result = metrics.reported_vs_computed(comparisons, metrics.with_intervals(trade.assign(
        value=math.nan, unit="usd_million", qualifier="exact")))
    # a: [20, inf) holds 23..24; b: [20, inf) misses 10..18; c: 37 ([36.5, 37.5]) lies in
    # [33.5, inf), the "more than $1.00 bn" case; d: a range open on both sides says nothing.
    assert result["verdict"].tolist() == ["consistent", "inconsistent", "consistent", "cannot tell"]


def test_implied_priors(trade):
    result = metrics.implied_priors(trade, trade).set_index("record_id")
    # f09: 4 million ([3.5, 4.5]) grown 4.5 times (×[4.45, 4.55]): 3.5/4.55 to 4.5/4.45.
    assert result.loc["f09", "prior_label"] == "2024 Jan–Jul"
    assert result.loc["f09", ["implied_low", "implied_high"]].tolist() == pytest.approx([3.5 / 4.55, 4.5 / 4.45])
    assert result.loc["f09", "verdict"] == "no figure stored for that period"
    # f03, f06 and f08 have a stored preferred prior: they are compared with it instead.
    assert not result.index.isin(["f03", "f06", "f08"]).any()


def test_implied_prior_checked_against_a_stored_figure():
    rows = pd.DataFrame({
        "record_id": ["now", "then", "also"], "flow": ["turnover"] * 3,
        "period_start": pd.to_datetime(["2025-01-01", "2024-01-01", "2025-01-01"]),
        "period_end": pd.to_datetime(["2025-07-31", "2024-07-31", "2025-07-31"]),
        "period_label": ["2025 Jan–Jul", "2024 Jan–Jul", "2025 Jan–Jul"],
        "value": [2450.0, 1900.0, 2500.0], "unit": ["usd_million"] * 3, "qualifier": ["exact"] * 3,
        "growth_reported": [26.0, math.nan, 26.7], "growth_unit": ["percent", None, "percent"],
        "growth_qualifier": ["exact", None, "exact"], "confidence": ["normal"] * 3,
        "preferred": [True, False, False],
    })
    result = metrics.implied_priors(rows, rows).set_index("record_id")
    # now: [2445, 2455] / [1.255, 1.265] = [1932.81, 1956.18]. The stored 1900 ([1850, 1950])
    # is not the chosen figure of its period (preferred is False), so the growth was not
    # compared with it; the implied value is checked against it instead: they overlap.
    assert result.loc["now", ["implied_low", "implied_high"]].tolist() == pytest.approx(
        [2445 / 1.265, 2455 / 1.255])
    assert result.loc["now", "stored"] == "then"
    # also: [2450, 2550] / [1.2665, 1.2675] = [1932.94, 2013.42]; both implied values overlap.
    assert result.loc["also", "verdict"] == ("fits the stored figure; the implied values agree within rounding")
    contradicted = metrics.implied_priors(rows, rows.assign(value=[2450.0, 1700.0, 2500.0]))
    # 1700 ([1650, 1750]) is below every implied value.
    assert set(contradicted["verdict"].str.split(";").str[0]) == {"contradicted by a stored figure"}


def test_cagr_and_ratio_of_periods():
    first = period("2020", "2020-01-01", "2020-12-31", 100.0, low=95.0, high=105.0)
    last = period("2024", "2024-01-01", "2024-12-31", 180.0, low=175.0, high=185.0)
    result = metrics.compare_periods(first, last)
    # ratio [175/105, 185/95]; CAGR over 4 years: ratio^(1/4) - 1.
    assert result["multiple"] == pytest.approx((175 / 105, 185 / 95))
    assert result["cagr"] == pytest.approx(((175 / 105) ** 0.25 * 100 - 100, (185 / 95) ** 0.25 * 100 - 100))


def test_mirror_claims_and_gaps(trade):
    claims = metrics.mirror_claims(trade)
    # Only 2021 turnover is reported by both sides: f03 (customs) and f04 (China-side mirror).
    assert claims[["record_id", "side", "side_rank", "claims"]].values.tolist() == [
        ["f03", "azerbaijan", 0, 1], ["f04", "china", 0, 1]]
    result = metrics.mirror_gaps(claims)
    expected = pd.DataFrame({
        "flow": ["turnover"], "period_label": ["2021"],
        "period_start": pd.to_datetime(["2021-01-01"]).astype("datetime64[ms]"),
        "period_end": pd.to_datetime(["2021-12-31"]).astype("datetime64[ms]"),
        "record_az": ["f03"], "value_az": [120.0], "qualifier_az": ["exact"], "confidence_az": ["normal"],
        "claims_az": [1],
        "record_cn": ["f04"], "value_cn": [90.0], "qualifier_cn": ["exact"], "confidence_cn": ["low"],
        "claims_cn": [1],
        # f04 is flagged low-confidence: the pair is listed, the gap is not computed.
        "gap_low": [math.nan], "gap_high": [math.nan], "gap_pct_low": [math.nan], "gap_pct_high": [math.nan],
        "gap_note": ["not computed: the research flags a figure of this pair"],
    })
    assert_frame_equal(result, expected, check_dtype=False)
    # With f04 at normal confidence: 120 [115, 125] minus 90 [85, 95] is [20, 40],
    # in percent of the Chinese side [115/95 - 1, 125/85 - 1].
    trusted = metrics.mirror_gaps(metrics.mirror_claims(trade.assign(confidence="normal")))
    assert trusted[["gap_low", "gap_high"]].values.tolist() == [[20.0, 40.0]]
    assert trusted[["gap_pct_low", "gap_pct_high"]].values.tolist()[0] == pytest.approx(
        [(115 / 95 - 1) * 100, (125 / 85 - 1) * 100])
    assert trusted["gap_note"].tolist() == [""]


def test_mirror_side_of_a_diplomat_is_the_basis_stated(trade, sources):
    # A Chinese diplomat's 2021 figure counts for the Chinese side only when the source says it
    # is Chinese-side statistics; without a stated basis it belongs to neither side.
    diplomat = trade[trade["record_id"] == "f04"].assign(record_id="d1", reporter="cn_official", value=95.0)
    unstated = metrics.preferred(pd.concat([trade, diplomat.assign(stat_basis="not_stated")], ignore_index=True)
                                 .drop(columns=["preferred", "claims", "preference_rank"]), sources)
    assert metrics.mirror_claims(unstated)["record_id"].tolist() == ["f03", "f04"]
    stated = metrics.preferred(pd.concat([trade, diplomat.assign(stat_basis="china")], ignore_index=True)
                               .drop(columns=["preferred", "claims", "preference_rank"]), sources)
    claims = metrics.mirror_claims(stated)
    # Both Chinese-side claims are drawn; the statistics body (f04) ranks before the diplomat.
    assert claims[claims["side"] == "china"][["record_id", "side_rank", "claims"]].values.tolist() == [
        ["f04", 0, 2], ["d1", 1, 2]]
    assert metrics.mirror_gaps(claims)["record_cn"].tolist() == ["f04"]
    # An Azerbaijani official with no stated basis counts as the Azerbaijani side, after customs.
    official = trade[trade["record_id"] == "f03"].assign(record_id="o1", reporter="az_official",
                                                         stat_basis="not_stated", value=125.0)
    both = metrics.preferred(pd.concat([trade, official], ignore_index=True)
                             .drop(columns=["preferred", "claims", "preference_rank"]), sources)
    claims = metrics.mirror_claims(both)
    assert claims[claims["side"] == "azerbaijan"]["record_id"].tolist() == ["f03", "o1"]
    assert metrics.mirror_gaps(claims)[["record_az", "claims_az"]].values.tolist() == [["f03", 2]]


def test_mirror_cost_is_linear_in_the_claims():
    # 400 claims a side for one period: pairing every claim with every other would make 160,000
    # rows; the claims stay 800 and the gaps one.
    n = 400
    rows = pd.DataFrame({
        "record_id": [f"a{i}" for i in range(n)] + [f"c{i}" for i in range(n)],
        "flow": ["turnover"] * (2 * n),
        "period_start": pd.to_datetime(["2017-01-01"] * (2 * n)),
        "period_end": pd.to_datetime(["2017-12-31"] * (2 * n)),
        "period_label": ["2017"] * (2 * n),
        "value": [1001.0 + i for i in range(n)] + [901.0 + i for i in range(n)],
        "qualifier": ["exact"] * (2 * n), "unit": ["usd_million"] * (2 * n),
        "growth_reported": [math.nan] * (2 * n), "growth_unit": [None] * (2 * n),
        "growth_qualifier": [None] * (2 * n), "confidence": ["normal"] * (2 * n),
        "stat_basis": ["azerbaijan"] * n + ["china"] * n,
        "reporter": ["az_customs"] * n + ["cn_statistics"] * n,
        "preference_rank": list(range(2 * n)),
        "source_id": ["s"] * (2 * n),
    })
    claims = metrics.mirror_claims(rows)
    assert len(claims) == 2 * n
    # The best-ranked claim of each side: a0 (1001, [1000.5, 1001.5]) and c0 (901, [900.5, 901.5]):
    # the gap is [1000.5 - 901.5, 1001.5 - 900.5] = [99, 101].
    assert metrics.mirror_gaps(claims)[["record_az", "record_cn", "gap_low", "gap_high", "claims_az"]].values.tolist() == [
        ["a0", "c0", 99.0, 101.0, n]]


def test_conflicts_lists_every_claim_with_the_chosen_first(trade):
    result = metrics.conflicts(trade)
    assert result["record_id"].tolist() == ["f03", "f04"]
    assert result["preferred"].tolist() == [True, False]


def test_latest_preferred(trade):
    assert metrics.latest_preferred(trade, "turnover", kind="annual")["record_id"] == "f06"
    assert metrics.latest_preferred(trade, "turnover", kind="partial")["record_id"] == "f08"
    assert metrics.latest_preferred(trade, "share_of_trade") is None


def test_jan_feb_finds_the_leap_year_jan_feb():
    rows = pd.DataFrame({
        "record_id": ["a", "b"], "flow": ["turnover"] * 2,
        "period_start": pd.to_datetime(["2024-01-01", "2025-01-01"]),
        "period_end": pd.to_datetime(["2024-02-29", "2025-02-28"]),
        "period_label": ["2024 Jan–Feb", "2025 Jan–Feb"],
        "value": [201.0, 251.0], "qualifier": ["exact"] * 2, "preferred": [True, True],
        "unit": ["usd_million"] * 2, "growth_reported": [math.nan] * 2, "growth_unit": [None] * 2,
        "growth_qualifier": [None] * 2, "confidence": ["normal"] * 2,
    })
    result = metrics.compare_with_prior_period(rows).set_index("record_id")
    # 251 [250.5, 251.5] vs 201 [200.5, 201.5]: change [49, 51]
    assert result.loc["b", "prior_record_id"] == "a"
    assert (result.loc["b", "change_low"], result.loc["b", "change_high"]) == (49.0, 51.0)
    assert result.loc["b", "comparison"] == "same period of prior year"


def period(label, start, end, value, qualifier="exact", low=None, high=None):
    return pd.Series({"period_label": label, "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
                      "value": value, "qualifier": qualifier,
                      "value_low": value if low is None else low, "value_high": value if high is None else high})


def test_compare_periods_full_years():
    result = metrics.compare_periods(period("2020", "2020-01-01", "2020-12-31", 100.0, low=95.0, high=105.0),
                                     period("2024", "2024-01-01", "2024-12-31", 180.0, "about", 175.0, 185.0))
    assert result["comparable"] and result["reason"] == "" and result["years"] == 4
    # change [175 - 105, 185 - 95] = [70, 90]; percent [175/105 - 1, 185/95 - 1].
    assert result["change"] == (70.0, 90.0)
    assert result["change_pct"] == pytest.approx(((175 / 105 - 1) * 100, (185 / 95 - 1) * 100))


def test_compare_periods_same_months_of_two_years():
    result = metrics.compare_periods(period("2024 Jan–Jul", "2024-01-01", "2024-07-31", 70.0),
                                     period("2025 Jan–Jul", "2025-01-01", "2025-07-31", 84.0, "more_than",
                                            84.0, math.inf))
    # "more than 84" against exactly 70: [14, inf), +20% or more; one year apart, CAGR = change.
    assert result["comparable"] and result["years"] == 1
    assert result["change"] == (14.0, math.inf)
    assert result["change_pct"][0] == pytest.approx(20.0) and result["change_pct"][1] == math.inf
    assert result["cagr"][0] == pytest.approx(20.0)


def test_compare_periods_same_year_has_no_cagr():
    result = metrics.compare_periods(period("2024 Q1", "2024-01-01", "2024-03-31", 50.0),
                                     period("2024 Q1 (revised)", "2024-01-01", "2024-03-31", 40.0))
    assert result["comparable"] and result["years"] == 0
    assert result["change_pct"] == pytest.approx((-20.0, -20.0)) and all(math.isnan(x) for x in result["cagr"])


def test_compare_periods_from_a_base_that_could_be_zero():
    result = metrics.compare_periods(period("2020", "2020-01-01", "2020-12-31", 0.4, "less_than", 0.0, 0.4),
                                     period("2021", "2021-01-01", "2021-12-31", 3.0))
    assert result == {"comparable": False, "reason": "2020 could be zero: no growth can be computed from it."}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("2024", "2024-01-01", "2024-12-31"), ("2025 Jan–Jul", "2025-01-01", "2025-07-31")),   # year vs 7 months
        (("2024 Jan–Mar", "2024-01-01", "2024-03-31"), ("2025 Apr–Jun", "2025-04-01", "2025-06-30")),  # other months
    ],
)
def test_compare_periods_refuses_different_parts_of_the_year(first, second):
    result = metrics.compare_periods(period(*first, 100.0), period(*second, 120.0))
    assert result == {
        "comparable": False,
        "reason": f"{first[0]} and {second[0]} cover different parts of the year; compare full years with "
                  "full years, or the same months of two years.",
    }


def test_preferred_rank_orders_every_row_by_the_rule(trade):
    ranked = trade.sort_values("preference_rank")
    assert ranked["preference_rank"].tolist() == list(range(len(trade)))
    # Normal confidence before low or inconsistent: f01 (inconsistent) and f04 (low) rank last.
    assert set(ranked["record_id"].tail(2)) == {"f01", "f04"}
