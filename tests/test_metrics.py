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


def test_compare_with_prior_period(trade):
    result = metrics.compare_with_prior_period(trade)
    result = result[result["comparison"] != "no comparable prior period stored"].reset_index(drop=True)
    expected = pd.DataFrame({
        "record_id": ["f03", "f04", "f06", "f08"],
        "flow": ["turnover"] * 4,
        "period_label": ["2021", "2021", "2024", "2025 Jan–Jul"],
        "value": [120.0, 90.0, 180.0, 84.0],
        "qualifier": ["exact", "exact", "exact", "exact"],
        "prior_record_id": ["f02", "f02", "f05", "f07"],
        "prior_label": ["2020", "2020", "2023", "2024 Jan–Jul"],
        "prior_value": [100.0, 100.0, 150.0, 70.0],
        # 120-100=20, 90-100=-10, 180-150=30, 84-70=14
        "change": [20.0, -10.0, 30.0, 14.0],
        # 20/100, -10/100, 30/150, 14/70
        "change_pct": [20.0, -10.0, 20.0, 20.0],
        # f05 is "about" 150, so the 2024 change is approximate too
        "change_qualifier": ["exact", "exact", "about", "exact"],
        "comparison": ["year on year", "year on year", "year on year", "same period of prior year"],
    }).astype(metrics._COMPARISON_COLUMNS)
    assert_frame_equal(result, expected)


def test_no_comparable_prior_period_is_said_not_invented(trade):
    result = metrics.compare_with_prior_period(trade).set_index("record_id")
    # f11 is 2025 Jan–Mar: the 2024 annual row must not stand in for 2024 Jan–Mar.
    # f02 is 2020: 2019 exists only as an inconsistent claim, which is not used.
    for record in ["f02", "f05", "f07", "f11"]:
        assert result.loc[record, "comparison"] == "no comparable prior period stored"
        assert math.isnan(result.loc[record, "change_pct"])
    assert "f12" not in result.index  # growth-only row: no value to compare


def test_reported_vs_computed(trade):
    comparisons = metrics.compare_with_prior_period(trade)
    result = metrics.reported_vs_computed(comparisons, trade).set_index("record_id")
    # f03 reports +25% but 120 vs 100 is +20%: 5 points apart, flagged.
    assert result.loc["f03", "reported_pct"] == 25.0
    assert result.loc["f03", "difference_points"] == -5.0
    assert result.loc["f03", "disagrees"]
    # f08 reports +20% and 84 vs 70 is +20%: agrees.
    assert result.loc["f08", "difference_points"] == 0.0
    assert not result.loc["f08", "disagrees"]
    # f09 reports "4.5 times": (4.5 - 1) * 100 = 350%, kept for comparison only.
    assert result.loc["f09", "reported_pct"] == 350.0
    assert not result.loc["f09", "disagrees"]


def test_reported_lower_bound_only_disagrees_when_broken():
    comparisons = pd.DataFrame({"record_id": ["a", "b"], "change_pct": [23.0, 18.0]})
    trade = pd.DataFrame({"record_id": ["a", "b"], "growth_reported": [20.0, 20.0],
                          "growth_unit": ["percent"] * 2, "growth_qualifier": ["more_than"] * 2})
    result = metrics.reported_vs_computed(comparisons, trade)
    assert result["disagrees"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ("exact", "exact", "exact"),
        ("about", "exact", "about"),
        ("more_than", "exact", "more_than"),   # (>2000) - 1500 is > 500
        ("exact", "more_than", "less_than"),   # 2500 - (>2000) is < 500
        ("more_than", "more_than", "unknown"), # (>a) - (>b) could be anything
        ("more_than", "less_than", "more_than"),
    ],
)
def test_combine_qualifiers(current, previous, expected):
    assert metrics.combine_qualifiers(current, previous) == expected


def test_cagr_multiple_index():
    # (180/100)^(1/4) - 1 = 1.8^0.25 - 1 = 0.158292...
    assert metrics.cagr(100.0, 180.0, 4) == pytest.approx(15.8292, abs=1e-4)
    assert metrics.multiple(53.3 / 4.5, 53.3) == pytest.approx(4.5)
    with pytest.raises(ValueError):
        metrics.cagr(0.0, 10.0, 2)
    with pytest.raises(ValueError):
        metrics.multiple(0.0, 10.0)


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
        "record_az": ["f03"], "value_az": [120.0], "qualifier_az": ["exact"], "claims_az": [1],
        "record_cn": ["f04"], "value_cn": [90.0], "qualifier_cn": ["exact"], "claims_cn": [1],
        # 120 - 90 = 30; 30 / 90 = 33.33%
        "gap": [30.0], "gap_pct": [100 / 3],
    })
    assert_frame_equal(result, expected, check_dtype=False)


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
    assert metrics.mirror_gaps(claims)[["record_az", "claims_az", "gap"]].values.tolist() == [["f03", 2, 30.0]]


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
        "value": [1000.0 + i for i in range(n)] + [900.0 + i for i in range(n)],
        "qualifier": ["exact"] * (2 * n),
        "stat_basis": ["azerbaijan"] * n + ["china"] * n,
        "reporter": ["az_customs"] * n + ["cn_statistics"] * n,
        "preference_rank": list(range(2 * n)),
        "source_id": ["s"] * (2 * n),
    })
    claims = metrics.mirror_claims(rows)
    assert len(claims) == 2 * n
    # The best-ranked claim of each side: a0 (1000) and c0 (900).
    assert metrics.mirror_gaps(claims)[["record_az", "record_cn", "gap", "claims_az"]].values.tolist() == [
        ["a0", "c0", 100.0, n]]


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
        "value": [200.0, 250.0], "qualifier": ["exact"] * 2, "preferred": [True, True],
    })
    result = metrics.compare_with_prior_period(rows).set_index("record_id")
    # 250 vs 200: +50, +25%
    assert result.loc["b", "prior_record_id"] == "a"
    assert (result.loc["b", "change"], result.loc["b", "change_pct"]) == (50.0, 25.0)
    assert result.loc["b", "comparison"] == "same period of prior year"


def test_growth_pct():
    assert metrics.growth_pct(120.0, 100.0) == 20.0
    assert metrics.growth_pct(90.0, 120.0) == -25.0   # -30/120
    assert metrics.growth_pct(4.0, 4.0 / 4.5) == pytest.approx(350.0)  # "4.5 times" is +350%


def period(label, start, end, value, qualifier="exact"):
    return pd.Series({"period_label": label, "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
                      "value": value, "qualifier": qualifier})


def test_compare_periods_full_years():
    result = metrics.compare_periods(period("2020", "2020-01-01", "2020-12-31", 100.0),
                                     period("2024", "2024-01-01", "2024-12-31", 180.0, "about"))
    assert result["comparable"] and result["reason"] == ""
    # 180 - 100 = 80 (+80%), 1.8×, over 4 years: 1.8^(1/4) - 1 = 15.83% a year.
    assert (result["change"], result["change_pct"], result["multiple"], result["years"]) == (80.0, 80.0, 1.8, 4)
    assert result["cagr"] == pytest.approx(15.8292, abs=1e-4)
    assert result["qualifier"] == "about"


def test_compare_periods_same_months_of_two_years():
    result = metrics.compare_periods(period("2024 Jan–Jul", "2024-01-01", "2024-07-31", 70.0),
                                     period("2025 Jan–Jul", "2025-01-01", "2025-07-31", 84.0, "more_than"))
    # 84 - 70 = 14, 14/70 = 20%, 1.2×, one year apart so CAGR equals the change.
    assert result["comparable"]
    assert result["change"] == 14.0 and result["change_pct"] == pytest.approx(20.0)
    assert result["multiple"] == pytest.approx(1.2) and result["cagr"] == pytest.approx(20.0)
    assert result["years"] == 1 and result["qualifier"] == "more_than"


def test_compare_periods_same_year_has_no_cagr():
    result = metrics.compare_periods(period("2024 Q1", "2024-01-01", "2024-03-31", 50.0),
                                     period("2024 Q1 (revised)", "2024-01-01", "2024-03-31", 40.0))
    assert result["comparable"] and result["years"] == 0
    assert result["change_pct"] == -20.0 and math.isnan(result["cagr"])


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


def test_combine_qualifier_columns_matches_the_scalar_rule():
    current = pd.Series(["exact", "more_than", "about", "less_than"])
    previous = pd.Series(["more_than", "exact", "exact", "less_than"])
    assert metrics.combine_qualifier_columns(current, previous).tolist() == [
        "less_than", "more_than", "about", "unknown"]
