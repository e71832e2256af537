"""Figures as intervals, with every expected value worked out by hand in the comments."""

import math

import numpy as np
import pytest

from tradeviz import intervals
from tradeviz.intervals import Interval

INF = math.inf


@pytest.mark.parametrize(("value", "expected"), [
    (748.8, 0.1), (53.3, 0.1), (1.5, 0.1), (3744.0, 1.0), (1086.0, 1.0), (4870.0, 10.0), (2450.0, 10.0),
    (2500.0, 100.0), (1200.0, 100.0), (420.0, 10.0), (0.0, 1.0), (2159.0, 1.0), (104.64, 0.01),
])
def test_money_precision_is_the_last_significant_digit(value, expected):
    assert intervals.money_precision(value) == pytest.approx(expected)


@pytest.mark.parametrize(("value", "expected"), [(26.7, 0.1), (20.0, 1.0), (104.64, 0.01), (4.5, 0.1), (43.0, 1.0)])
def test_digits_precision_is_the_last_digit_written(value, expected):
    assert intervals.digits_precision(value) == pytest.approx(expected)


def test_value_intervals():
    # "$2.5 billion": 2,500 ± 50.
    assert intervals.value_interval(2500.0, "exact", 100.0) == Interval(2450.0, 2550.0)
    # "$748.8 million": 748.8 ± 0.05.
    low, high = intervals.value_interval(748.8, "exact", 0.1)
    assert (low, high) == (pytest.approx(748.75), pytest.approx(748.85))
    # "about $1.2 billion" carries its digits' rounding like any stated figure.
    assert intervals.value_interval(1200.0, "about", 100.0) == Interval(1150.0, 1250.0)
    # Bounds: "more than $1.00 bn" and "less than $80 m" (trade is never negative).
    assert intervals.value_interval(1000.0, "more_than", 1000.0) == Interval(1000.0, INF)
    assert intervals.value_interval(80.0, "less_than", 10.0) == Interval(0.0, 80.0)
    # A value smaller than half its rounding unit does not go below zero.
    assert intervals.value_interval(0.2, "exact", 1.0) == Interval(0.0, 0.7)


def test_growth_intervals():
    # "26.7%": 26.65 to 26.75.
    low, high = intervals.growth_interval(26.7, "percent", "exact", 0.1)
    assert (low, high) == (pytest.approx(26.65), pytest.approx(26.75))
    # "grew 4.5 times": 4.45 to 4.55 times, that is +345% to +355%.
    low, high = intervals.growth_interval(4.5, "multiple", "exact", 0.1)
    assert (low, high) == (pytest.approx(345.0), pytest.approx(355.0))
    # "more than 20%".
    assert intervals.growth_interval(20.0, "percent", "more_than", 1.0) == Interval(20.0, INF)


def test_more_than_a_billion_against_plus_37_percent_is_consistent():
    """Jan–Mar 2025 "more than $1.00 bn" against Jan–Mar 2024's $748.8 m, reported +37%.
    Computed: from 1000 / 748.85 − 1 = +33.54% up, without an upper limit. +37% (36.5–37.5)
    lies within it: consistent (the old exact comparison said "33.5 vs 37, disagree")."""
    current = intervals.value_interval(1000.0, "more_than", 1000.0)
    prior = intervals.value_interval(748.8, "exact", 0.1)
    low, high = intervals.growth_between(current.low, current.high, prior.low, prior.high)
    assert low == pytest.approx(1000 / 748.85 * 100 - 100) and float(low) == pytest.approx(33.5380, abs=1e-4)
    assert math.isinf(high)
    reported = intervals.growth_interval(37.0, "percent", "exact", 1.0)
    assert intervals.verdict(reported, Interval(float(low), float(high))) == intervals.CONSISTENT


def test_two_and_a_half_billion_agrees_with_two_point_four_five_within_rounding():
    """The seed's "$2.5 billion" is 2,450–2,550; Lu Mei's "$2.45 billion" is 2,445–2,455: they
    share 2,450–2,455, so they agree within rounding; they are not a conflict."""
    seed = intervals.value_interval(2500.0, "exact", intervals.money_precision(2500.0))
    lu_mei = intervals.value_interval(2450.0, "exact", intervals.money_precision(2450.0))
    assert seed == Interval(2450.0, 2550.0) and lu_mei == Interval(2445.0, 2455.0)
    assert seed.overlaps(lu_mei)
    assert bool(intervals.overlaps(*seed, *lu_mei))
    # $3.744 bn and "about $3.7 bn" (3,650–3,750) agree too; $4.87 bn and $4.9 bn (4,850–4,950) as well;
    # 964 (963.5–964.5) and "about $1.2 bn" (1,150–1,250) do not.
    assert Interval(3743.5, 3744.5).overlaps(intervals.value_interval(3700.0, "about", 100.0))
    assert not Interval(963.5, 964.5).overlaps(intervals.value_interval(1200.0, "about", 100.0))


def test_implied_january_july_2024_from_the_seed():
    """2025 Jan–Jul turnover $2.5 bn (2,450–2,550), reported +26.7% (26.65–26.75%): the
    Jan–Jul 2024 it implies runs from 2,450 ÷ 1.2675 = 1,932.94 to 2,550 ÷ 1.2665 = 2,013.42."""
    current = intervals.value_interval(2500.0, "exact", 100.0)
    growth = intervals.growth_interval(26.7, "percent", "exact", 0.1)
    low, high = intervals.implied_prior(current.low, current.high, growth.low, growth.high)
    assert float(low) == pytest.approx(2450 / 1.2675) == pytest.approx(1932.94, abs=0.01)
    assert float(high) == pytest.approx(2550 / 1.2665) == pytest.approx(2013.42, abs=0.01)


def test_growth_between_exact_figures_and_its_verdicts():
    # 2024 $3,744 m (3,743.5–3,744.5) after 2023 "about $3.1 bn" (3,050–3,150):
    # 3743.5 / 3150 − 1 = +18.84%, 3744.5 / 3050 − 1 = +22.77%.
    low, high = intervals.growth_between(3743.5, 3744.5, 3050.0, 3150.0)
    assert (float(low), float(high)) == (pytest.approx(18.8413, abs=1e-4), pytest.approx(22.7705, abs=1e-4))
    computed = Interval(float(low), float(high))
    assert intervals.verdict(Interval(20.65, 20.75), computed) == intervals.CONSISTENT      # "+20.7%"
    assert intervals.verdict(Interval(29.95, 30.05), computed) == intervals.INCONSISTENT    # "+30%"
    # A prior known only as "more than" leaves the growth open on both sides: cannot tell.
    low, high = intervals.growth_between(1000.0, 1000.0, 500.0, INF)
    assert float(low) == pytest.approx(-100.0) and float(high) == pytest.approx(100.0)
    assert intervals.verdict(Interval(10.0, 10.0), Interval(-100.0, INF)) == intervals.CANNOT_TELL
    # Rounding so coarse that the growth could be anything from +0% to +200%: cannot tell.
    assert intervals.verdict(Interval(50.0, 50.0), Interval(0.0, 200.0)) == intervals.CANNOT_TELL
    # No growth from a prior that could be zero.
    low, high = intervals.growth_between(10.0, 12.0, 0.0, 1.0)
    assert math.isnan(float(low)) and math.isnan(float(high))


def test_difference_ratio_and_cagr():
    # (3,743.5–3,744.5) − (3,050–3,150) = 593.5 to 694.5.
    assert intervals.difference(3743.5, 3744.5, 3050.0, 3150.0) == (593.5, 694.5)
    # 120 ÷ 100 exactly = 1.2; over 3 years: 1.2^(1/3) − 1 = 6.27% a year.
    low, high = intervals.cagr(100.0, 100.0, 120.0, 120.0, 3)
    assert float(low) == pytest.approx(6.2659, abs=1e-4) == float(high)
    low, high = intervals.ratio(10.0, 20.0, 4.0, 5.0)
    assert (float(low), float(high)) == (2.0, 5.0)


def test_columns_at_once():
    low, high = intervals.growth_between(np.array([110.0, 1.0]), np.array([110.0, 2.0]),
                                         np.array([100.0, 0.0]), np.array([100.0, 1.0]))
    assert np.allclose(low[:1], [10.0]) and np.isnan(low[1])
    got = intervals.verdicts([9.5, 50.0, np.nan], [10.5, 50.0, np.nan], [10.0, 0.0, 1.0], [10.0, 200.0, 2.0])
    assert got.tolist() == ["consistent", "cannot tell", ""]


def test_an_interval_runs_from_low_to_high():
    with pytest.raises(ValueError):
        Interval(2.0, 1.0)
    assert Interval(1.0, 2.0).contains(1.0) and not Interval(1.0, 2.0).contains(2.1)


def test_column_precisions_match_the_scalar_rules():
    values = [748.8, 3744.0, 4870.0, 2500.0, 420.0, 1.5, 104.64, float("nan")]
    assert np.allclose(intervals.money_precisions(values)[:7], [0.1, 1, 10, 100, 10, 0.1, 0.01])
    assert np.isnan(intervals.money_precisions(values)[7])
    assert np.allclose(intervals.digits_precisions([26.7, 20.0, 4.5, 104.64]), [0.1, 1, 0.1, 0.01])


def test_value_and_growth_columns_match_the_scalar_intervals():
    low, high = intervals.value_columns([2500.0, 1000.0, 80.0, np.nan], ["exact", "more_than", "less_than", "exact"],
                                        [100.0, 1000.0, 10.0, 1.0])
    assert low[:3].tolist() == [2450.0, 1000.0, 0.0] and high[:3].tolist() == [2550.0, INF, 80.0]
    assert np.isnan(low[3]) and np.isnan(high[3])
    low, high = intervals.growth_columns([26.7, 4.5, 20.0, np.nan], ["percent", "multiple", "percent", None],
                                         ["exact", "exact", "more_than", None], [0.1, 0.1, 1.0, np.nan])
    assert np.allclose(low[:3], [26.65, 345.0, 20.0]) and np.allclose(high[:2], [26.75, 355.0])
    assert math.isinf(high[2]) and np.isnan(low[3])
