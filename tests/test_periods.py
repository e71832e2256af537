"""Periods: kind, the prior period, keys, months, year bounds (hand-computed dates)."""

import datetime as dt

import pandas as pd
import pytest

from tradeviz import periods


def test_kind():
    start = pd.Series(pd.to_datetime(["2024-01-01", "2025-01-01", None, "2023-01-01"]))
    end = pd.Series(pd.to_datetime(["2024-12-31", "2025-07-31", None, "2024-12-31"]))
    # The last runs Jan 1 to Dec 31 but over two years: not one calendar year.
    assert periods.kind(start, end).tolist() == ["annual", "partial", "unstated", "partial"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-01-01", "2025-07-31", ("2024-01-01", "2024-07-31")),
        ("2024-01-01", "2024-12-31", ("2023-01-01", "2023-12-31")),
        ("2024-01-01", "2024-02-29", ("2023-01-01", "2023-02-28")),  # 29 Feb maps to 28 Feb
        ("2025-01-01", "2025-02-28", ("2024-01-01", "2024-02-29")),  # Jan–Feb: the prior Feb ends on the 29th
        ("2025-03-10", "2025-03-20", ("2024-03-10", "2024-03-20")),  # a span inside a month stays as it is
    ],
)
def test_prior_period_same_months_one_year_earlier(start, end, expected):
    assert periods.prior(pd.Timestamp(start), pd.Timestamp(end)) == tuple(pd.Timestamp(d) for d in expected)




def test_prior_columns_agree_with_prior():
    start = pd.Series(pd.to_datetime(["2025-01-01", "2024-01-01", "2025-01-01", "2025-03-10", None]))
    end = pd.Series(pd.to_datetime(["2025-07-31", "2024-02-29", "2025-02-28", "2025-03-20", None]))
    prior_start, prior_end = periods.prior_columns(start, end)
    assert prior_start.tolist()[:4] == pd.to_datetime(["2024-01-01", "2023-01-01", "2024-01-01", "2024-03-10"]).tolist()
    assert prior_end.tolist()[:4] == pd.to_datetime(["2024-07-31", "2023-02-28", "2024-02-29", "2024-03-20"]).tolist()
    assert pd.isna(prior_start.iloc[4]) and pd.isna(prior_end.iloc[4])


@pytest.mark.parametrize(
    ("start", "end", "key", "months"),
    [
        ("2017-01-01", "2017-12-31", "2017", 12),
        ("2025-01-01", "2025-07-31", "2025-01..2025-07", 7),
        ("2025-01-01", "2025-03-31", "2025-01..2025-03", 3),
        ("2023-01-01", "2024-12-31", "2023-01..2024-12", 24),  # two years is not "2023"
        ("2024-07-01", "2025-06-30", "2024-07..2025-06", 12),  # a fiscal year across New Year
        ("2024-03-10", "2024-03-20", "2024-03..2024-03", 1),
    ],
)
def test_period_key_and_months(start, end, key, months):
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    assert periods.key(start, end) == key
    assert periods.months(start, end) == months



def test_key_column_matches_key():
    start = pd.Series(pd.to_datetime(["2017-01-01", "2025-01-01", None]))
    end = pd.Series(pd.to_datetime(["2017-12-31", "2025-07-31", None]))
    assert periods.key_column(start, end).tolist() == ["2017", "2025-01..2025-07", ""]


def test_year_bounds():
    assert periods.year_bounds([dt.date(2019, 5, 1), None, pd.Timestamp("2024-01-01")]) == (2019, 2024)
    assert periods.year_bounds([]) == (1991, dt.date.today().year)
    start = pd.Series(pd.to_datetime(["2019-01-01", None]))
    end = pd.Series(pd.to_datetime(["2026-01-31", None]))
    assert periods.column_year_bounds(start, end) == (2019, 2026)
    assert periods.column_year_bounds(start.iloc[1:], end.iloc[1:]) == (1991, dt.date.today().year)


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2024-01-01", "2024-12-31", "2024"),
    ("2024-01-01", "2024-07-31", "2024 Jan–Jul"),
    ("2026-01-01", "2026-01-31", "2026 Jan"),
    ("2024-07-01", "2025-06-30", "Jul 2024–Jun 2025"),
])
def test_label(start, end, expected):
    assert periods.label(pd.Timestamp(start), pd.Timestamp(end)) == expected
