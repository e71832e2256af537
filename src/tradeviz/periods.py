"""Periods of time a figure covers: what kind a period is, the period one year earlier, short
keys for URLs, and year bounds. Dates are pandas Timestamps (columns: datetime64)."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import numpy as np
import pandas as pd

ANNUAL, PARTIAL, UNSTATED = "annual", "partial", "unstated"


def kind(start: pd.Series, end: pd.Series) -> pd.Series:
    """'annual' for a calendar year, 'partial' for a shorter span, 'unstated' without dates."""
    annual = (
        (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31)
        & (start.dt.year == end.dt.year)
    )
    out = pd.Series(np.where(annual, ANNUAL, PARTIAL), index=start.index, dtype="str")
    return out.where(start.notna() & end.notna(), UNSTATED)


def is_calendar_year(start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def prior(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The same months one year earlier (29 February maps to 28 February, and a period ending
    on 28 February ends on the 29th when the prior year is a leap year)."""
    prior_end = end - pd.DateOffset(years=1)
    if end.is_month_end:
        prior_end += pd.offsets.MonthEnd(0)
    return start - pd.DateOffset(years=1), prior_end


def prior_columns(start: pd.Series, end: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`prior` for whole columns at once (NaT stays NaT)."""
    prior_start = start - pd.DateOffset(years=1)
    prior_end = end - pd.DateOffset(years=1)
    month_end = end.dt.is_month_end.fillna(False).astype(bool)
    prior_end = prior_end.where(~month_end, prior_end + pd.offsets.MonthEnd(0))
    return prior_start.astype(start.dtype), prior_end.astype(end.dtype)


def key(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'2017' for a calendar year, '2025-01..2025-07' for a span of months: short, URL-safe."""
    if is_calendar_year(start, end):
        return str(start.year)
    return f"{start:%Y-%m}..{end:%Y-%m}"


def key_column(start: pd.Series, end: pd.Series) -> pd.Series:
    """`key` for whole columns; rows without a period get ''."""
    annual = kind(start, end) == ANNUAL
    span = start.dt.strftime("%Y-%m") + ".." + end.dt.strftime("%Y-%m")
    out = span.where(~annual, start.dt.year.astype("Int64").astype("str"))
    return out.fillna("").astype("str")


def months(start: pd.Timestamp, end: pd.Timestamp) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def year_bounds(dates: Iterable[dt.date | pd.Timestamp | None]) -> tuple[int, int]:
    """First and last year among the dates; the current year alone when there are none."""
    years = [d.year for d in dates if d is not None and d == d]
    return (min(years), max(years)) if years else (1991, dt.date.today().year)


def column_year_bounds(*columns: pd.Series) -> tuple[int, int]:
    """`year_bounds` over whole date columns, without a Python loop over the rows."""
    lows = [c.min() for c in columns if c.notna().any()]
    highs = [c.max() for c in columns if c.notna().any()]
    if not lows:
        return year_bounds([])
    return min(lows).year, max(highs).year


def label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A period in words, as the data labels them: '2024', '2024 Jan–Jul', '2026 Jan',
    'Jul 2024–Jun 2025'. Whole months are assumed (the dataset's periods are)."""
    if is_calendar_year(start, end):
        return str(start.year)
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.year} {start:%b}"
        return f"{start.year} {start:%b}–{end:%b}"
    return f"{start:%b %Y}–{end:%b %Y}"
