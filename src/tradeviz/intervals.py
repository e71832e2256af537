"""A stated figure is an interval: its qualifier and its rounding say how far the truth may lie
from the number written down. Every comparison in the dashboard is made on these intervals.

- "more than X" is [X, ∞); "less than X" is [0, X] for a money value (trade is never negative);
- any other figure, "about X" included, carries the interval its stated digits imply:
  "$2.5 billion" (2,500 USD million, precise to 100) is [2,450, 2,550]; "$748.8 million" is
  [748.75, 748.85]; "26.7%" is [26.65, 26.75]; "4.5 times" is [4.45, 4.55] times.

Intervals are closed: a figure on the edge of another's rounding agrees with it. Bounds may be
infinite. Functions take floats or NumPy arrays alike (whole columns at once).

How precise a stored figure is comes from its digits as recorded (`money_precision`,
`digits_precision`). A money value is stored in millions, so trailing zeros of a whole number
are taken to be rounding ("2500" from "$2.5 billion" is precise to 100): where the source in
fact stated every digit ("$420 million") this errs on the wide side, never the narrow one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

INF = math.inf
# A computed growth range wider than this many percentage points says nothing a reported growth
# could be checked against: the verdict is "cannot tell".
MAX_INFORMATIVE_WIDTH = 100.0
CONSISTENT, INCONSISTENT, CANNOT_TELL = "consistent", "inconsistent", "cannot tell"


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def __post_init__(self):
        if not self.low <= self.high:
            raise ValueError(f"an interval runs from low to high, got [{self.low}, {self.high}]")

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def overlaps(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high

    def __iter__(self):
        return iter((self.low, self.high))


# ---- precision of a stated figure -----------------------------------------------------------


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 0
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def digits_precision(value: float) -> float:
    """The unit of the last digit as written: 26.7 -> 0.1, 20 -> 1, 104.64 -> 0.01."""
    return 10.0 ** -_decimals(value)


def money_precision(value: float) -> float:
    """The unit of the last significant digit of a value in USD million: 748.8 -> 0.1,
    3744 -> 1, 4870 -> 10, 2500 -> 100 (trailing zeros of a whole number count as rounding)."""
    decimals = _decimals(value)
    if decimals:
        return 10.0 ** -decimals
    whole = abs(int(round(value)))
    if whole == 0:
        return 1.0
    zeros = 0
    while whole % 10 == 0:
        whole //= 10
        zeros += 1
    return 10.0 ** zeros


# ---- from a stated figure --------------------------------------------------------------------


def value_interval(value: float, qualifier: str, precision: float, floor: float = 0.0) -> Interval:
    """The interval a stated value stands for. `floor` is the least a value of its kind can be
    (0 for trade in dollars)."""
    if qualifier == "more_than":
        return Interval(value, INF)
    if qualifier == "less_than":
        return Interval(min(floor, value), value)
    half = precision / 2.0
    return Interval(max(floor, value - half), value + half)


def growth_interval(growth: float, unit: str, qualifier: str, precision: float) -> Interval:
    """A reported growth as an interval of percentage change: "4.5 times" is +345% to +355%."""
    half = precision / 2.0
    if unit == "multiple":
        low, high = (growth - 1.0) * 100.0, (growth - 1.0) * 100.0
        spread = half * 100.0
    else:
        low = high = growth
        spread = half
    if qualifier == "more_than":
        return Interval(low, INF)
    if qualifier == "less_than":
        return Interval(-100.0, high)
    return Interval(low - spread, high + spread)


# ---- arithmetic (scalars or arrays) ---------------------------------------------------------


def _div(numerator, denominator):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.true_divide(numerator, denominator)


def difference(a_low, a_high, b_low, b_high):
    """a − b: from a's lowest minus b's highest to a's highest minus b's lowest."""
    return np.subtract(a_low, b_high), np.subtract(a_high, b_low)


def growth_between(current_low, current_high, prior_low, prior_high):
    """Percentage change from prior to current. NaN where the prior could be zero or less, since
    no growth can be computed from it."""
    ok = np.greater(prior_low, 0)
    low = np.where(ok, (_div(current_low, prior_high) - 1.0) * 100.0, np.nan)
    high = np.where(ok, (_div(current_high, prior_low) - 1.0) * 100.0, np.nan)
    return low, high


def ratio(a_low, a_high, b_low, b_high):
    """a ÷ b for positive b (NaN otherwise)."""
    ok = np.greater(b_low, 0)
    return np.where(ok, _div(a_low, b_high), np.nan), np.where(ok, _div(a_high, b_low), np.nan)


def cagr(first_low, first_high, last_low, last_high, years: float):
    """Compound annual growth in percent over `years` (NaN for no positive span or base)."""
    low, high = ratio(last_low, last_high, first_low, first_high)
    if years <= 0:
        return np.nan * np.asarray(low), np.nan * np.asarray(high)
    with np.errstate(invalid="ignore"):
        return (np.power(low, 1.0 / years) - 1.0) * 100.0, (np.power(high, 1.0 / years) - 1.0) * 100.0


def implied_prior(current_low, current_high, growth_low, growth_high):
    """The prior value a current value and a reported growth imply: current ÷ (1 + growth).
    NaN where the growth could be −100% or less."""
    ok = np.greater(growth_low, -100.0)
    low = np.where(ok, _div(current_low, 1.0 + np.divide(growth_high, 100.0)), np.nan)
    high = np.where(ok, _div(current_high, 1.0 + np.divide(growth_low, 100.0)), np.nan)
    return low, high


def overlaps(a_low, a_high, b_low, b_high):
    """Whether two intervals share a value: two figures that agree within rounding."""
    return np.logical_and(np.less_equal(a_low, b_high), np.less_equal(b_low, a_high))


def verdict(reported: Interval, computed: Interval) -> str:
    """Whether a reported growth fits the growth the stored figures allow.

    inconsistent: no value fits both; cannot tell: the stored figures allow almost anything (a
    range open on both sides, or one over MAX_INFORMATIVE_WIDTH points wide); consistent: the
    reported growth lies within what the stored figures allow."""
    if math.isnan(computed.low) or math.isnan(computed.high):
        return CANNOT_TELL
    if not reported.overlaps(computed):
        return INCONSISTENT
    open_both = computed.low <= -100.0 and math.isinf(computed.high)
    too_wide = computed.bounded and computed.width > MAX_INFORMATIVE_WIDTH
    return CANNOT_TELL if open_both or too_wide else CONSISTENT


def verdicts(reported_low, reported_high, computed_low, computed_high) -> np.ndarray:
    """`verdict` for whole columns, computed column-wise; '' where either side is missing (no
    reported growth, or no growth could be computed)."""
    rl, rh, cl, ch = (np.atleast_1d(np.asarray(c, dtype="float64"))
                      for c in (reported_low, reported_high, computed_low, computed_high))
    missing = np.isnan(rl) | np.isnan(rh) | np.isnan(cl) | np.isnan(ch)
    with np.errstate(invalid="ignore"):
        apart = ~((rl <= ch) & (cl <= rh))
        open_both = (cl <= -100.0) & np.isinf(ch)
        too_wide = np.isfinite(cl) & np.isfinite(ch) & ((ch - cl) > MAX_INFORMATIVE_WIDTH)
    out = np.where(apart, INCONSISTENT, np.where(open_both | too_wide, CANNOT_TELL, CONSISTENT)).astype(object)
    out[missing] = ""
    return out


def value_verdicts(a_low, a_high, b_low, b_high) -> np.ndarray:
    """Whether two values, each an interval, can be the same amount, for whole columns:
    consistent where the intervals meet, inconsistent where they cannot, cannot tell where
    either is missing."""
    al, ah, bl, bh = (np.atleast_1d(np.asarray(c, dtype="float64")) for c in (a_low, a_high, b_low, b_high))
    missing = np.isnan(al) | np.isnan(ah) | np.isnan(bl) | np.isnan(bh)
    with np.errstate(invalid="ignore"):
        meet = (al <= bh) & (bl <= ah)
    out = np.where(meet, CONSISTENT, INCONSISTENT).astype(object)
    out[missing] = CANNOT_TELL
    return out


# ---- whole columns --------------------------------------------------------------------------


def money_precisions(values) -> np.ndarray:
    """`money_precision` for a column (NaN where the value is missing)."""
    v = np.asarray(values, dtype="float64")
    out = np.full(v.shape, np.nan)
    known = np.isfinite(v)
    whole = known & np.isclose(v, np.round(v), rtol=0, atol=1e-9)
    digits = np.abs(np.round(np.where(whole, v, 0))).astype("int64")
    precision = np.ones(v.shape)
    for power in range(1, 13):
        divides = whole & (digits != 0) & (digits % (10 ** power) == 0)
        precision[divides] = 10.0 ** power
    out[whole] = precision[whole]
    rest = known & ~whole
    for decimals in range(1, 10):
        scaled = v * 10 ** decimals
        exact = rest & np.isclose(scaled, np.round(scaled), rtol=0, atol=1e-6)
        out[exact] = 10.0 ** -decimals
        rest &= ~exact
    out[rest] = 1e-9
    return out


def digits_precisions(values) -> np.ndarray:
    """`digits_precision` for a column (NaN where the value is missing)."""
    v = np.asarray(values, dtype="float64")
    out = np.full(v.shape, np.nan)
    rest = np.isfinite(v)
    for decimals in range(0, 10):
        scaled = v * 10 ** decimals
        exact = rest & np.isclose(scaled, np.round(scaled), rtol=0, atol=1e-6)
        out[exact] = 10.0 ** -decimals
        rest &= ~exact
    return out


def value_columns(values, qualifiers, precisions, floor: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """`value_interval` for whole columns (NaN where the value is missing)."""
    v = np.asarray(values, dtype="float64")
    q = np.asarray(qualifiers, dtype=object)
    half = np.asarray(precisions, dtype="float64") / 2.0
    more, less = q == "more_than", q == "less_than"
    low = np.where(more, v, np.where(less, np.minimum(floor, v), np.maximum(floor, v - half)))
    high = np.where(more, INF, np.where(less, v, v + half))
    missing = np.isnan(v)
    return np.where(missing, np.nan, low), np.where(missing, np.nan, high)


def growth_columns(growths, units, qualifiers, precisions) -> tuple[np.ndarray, np.ndarray]:
    """`growth_interval` for whole columns, in percent (NaN where no growth is stated)."""
    g = np.asarray(growths, dtype="float64")
    u = np.asarray(units, dtype=object)
    q = np.asarray(qualifiers, dtype=object)
    half = np.asarray(precisions, dtype="float64") / 2.0
    multiple = u == "multiple"
    centre = np.where(multiple, (g - 1.0) * 100.0, g)
    spread = np.where(multiple, half * 100.0, half)
    more, less = q == "more_than", q == "less_than"
    low = np.where(more, centre, np.where(less, -100.0, centre - spread))
    high = np.where(more, INF, np.where(less, centre, centre + spread))
    missing = np.isnan(g)
    return np.where(missing, np.nan, low), np.where(missing, np.nan, high)
