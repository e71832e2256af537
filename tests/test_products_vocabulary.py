"""The products layer's pure functions, on hand-computed values: the view's one money unit, value
verdicts, product changes, national figures beside Comtrade's totals, and the table's value rules."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pandas.testing
import pyarrow as pa
import pytest

from tradeviz import intervals, metrics, products_table, words


@pytest.mark.parametrize("values, name", [
    ([400_000.0, 1_200_000.0], "USD thousand"),    # 1,200,000 / 1,000 = 1,200 < 10,000
    ([9_999.0], "USD"),
    ([10_000.0], "USD thousand"),
    ([1.2e9, 4e5], "USD million"),                 # 1,200 million; 0.4 million beside it
    ([5e10], "USD billion"),                       # 50,000 million is not under 10,000: 50 billion
    ([], "USD"), ([float("nan"), None], "USD"),
])
def test_one_unit_for_a_view_by_its_largest_figure(values, name):
    assert words.money_unit(values).name == name


def test_a_figure_in_the_views_unit():
    million = words.money_unit([1.2e9])
    assert [words.money_in(v, million) for v in (1.2e9, 56_700_000.0, 400_000.0, 12_000.0, 100.0, -2.5e6)] == [
        "$1,200 m", "$56.7 m", "$0.40 m", "$0.012 m", "<$0.001 m", "−$2.50 m"]
    assert words.money_in(1e9, million, "about") == "~$1,000 m" and words.money_in(float("nan"), million) == "—"
    # The table shows the digits the labels write.
    assert [words.in_unit(v, million) for v in (1.2e9, 56_740_000.0, 400_000.0)] == [1200.0, 56.7, 0.4]
    assert words.money_gap(-5_000_000.5, 5_000_000.5, million) == "−$5.00 m to $5.00 m"
    assert words.money_gap(3e6, 3e6, million) == "$3.00 m"
    assert words.verdict_counts(["consistent", "cannot tell", "consistent"]) == "2 consistent, 1 cannot tell"
    assert words.verdict_counts([]) == "nothing compared"


def test_value_verdicts():
    got = intervals.value_verdicts([10, 10, 10, np.nan], [20, 20, 20, 1], [15, 21, 0, 0], [25, 30, np.inf, 1])
    assert list(got) == ["consistent", "inconsistent", "consistent", "cannot tell"]


def test_product_changes():
    by_code = pd.DataFrame({"cmd_code": ["84", "85", "87", "01"], "cmd_desc": ["a", "b", "c", "d"],
                            2023: [300.0, 0.0, np.nan, np.nan], 2024: [400.0, 50.0, 250.0, np.nan]})
    got = metrics.product_changes(by_code, 2023, 2024, {"84": 1_200.0})
    expected = pd.DataFrame({
        "cmd_code": ["84", "87", "85"], "cmd_desc": ["a", "c", "b"], "first_usd": [300.0, np.nan, 0.0],
        "last_usd": [400.0, 250.0, 50.0],
        "change_pct": [100 / 3, np.nan, np.nan],                 # (400-300)/300; none from 0 or a gap
        "mirror_usd": [1_200.0, np.nan, np.nan], "gap_usd": [-800.0, np.nan, np.nan],
        "gap_pct": [-200 / 3, np.nan, np.nan]})                  # -800 / 1,200
    pandas.testing.assert_frame_equal(got, expected.astype({"cmd_code": got["cmd_code"].dtype,
                                                            "cmd_desc": got["cmd_desc"].dtype}))


def test_national_figures_and_the_comparison():
    rows = pd.DataFrame({
        "record_id": ["a", "b", "c", "d", "e"], "reporter": ["az_customs", "cn_statistics", "cn_official", "az_ministry",
                                                            "az_customs"],
        "stat_basis": ["azerbaijan", "china", "not_stated", "not_stated", "azerbaijan"],
        "flow": ["imports", "imports", "imports", "imports", "imports"],
        "period_start": pd.to_datetime(["2022-01-01", "2022-01-01", "2022-01-01", "2022-01-01", "2022-01-01"]),
        "period_end": pd.to_datetime(["2022-12-31", "2022-12-31", "2022-12-31", "2022-03-31", "2022-12-31"]),
        "value": [1_250.0, 1_200.0, 1_000.0, 300.0, 900.0], "unit": "usd_million",
        "qualifier": ["exact", "exact", "about", "exact", "more_than"], "source_id": "s",
        "confidence": ["normal", "normal", "normal", "normal", "normal"],
        "value_low": [1_245.0, 1_150.0, 500.0, 295.0, 900.0], "value_high": [1_255.0, 1_250.0, 1_500.0, 305.0, np.inf]})
    national = metrics.national_figures(rows, "imports")
    # c: a Chinese diplomat with no stated basis belongs to neither side; d covers Jan–Mar only.
    assert list(zip(national["record_id"], national["side"])) == [("a", "azerbaijan"), ("e", "azerbaijan"),
                                                                  ("b", "china")]
    assert list(metrics.national_figures(rows, "imports", months=3)["record_id"]) == ["d"]
    totals = pd.DataFrame({"year": [2022, 2022, 2021], "side": ["azerbaijan", "china", "azerbaijan"],
                           "comtrade_usd": [1_250_000_000.0, 1_300_000_000.0, 7.0]})
    got = metrics.against_national(totals, national)
    assert list(zip(got["year"], got["side"], got["record_id"], got["verdict"])) == [
        (2021, "azerbaijan", "", "cannot tell"), (2022, "azerbaijan", "a", "consistent"),
        (2022, "azerbaijan", "e", "consistent"), (2022, "china", "b", "inconsistent")]
    china = got.iloc[3]
    # 1,300,000,000 ± 0.5 against [1,150, 1,250] million: the gap is [50 m − 0.5, 150 m + 0.5];
    # in percent of the national figure, (1,299,999,999.5 / 1,250 m − 1) = +4.0 % to +13.04 %.
    assert (china["gap_low_usd"], china["gap_high_usd"]) == (49_999_999.5, 150_000_000.5)
    assert china["gap_pct_low"] == pytest.approx(3.99999996) and china["gap_pct_high"] == pytest.approx(13.04347830)
    assert got.iloc[0]["note"] == metrics.NO_NATIONAL and math.isnan(got.iloc[0]["gap_low_usd"])
    assert math.isinf(got.iloc[2]["gap_low_usd"]) and got.iloc[2]["gap_low_usd"] < 0   # "more than 900 m"


def test_each_value_rule_names_the_value_and_the_rule():
    good = {"reporter_code": 31, "reporter_iso": "AZE", "partner_code": 156, "partner_iso": "CHN", "flow": "imports",
            "freq": "A", "year": 2024, "month": None, "cmd_code": "84", "cmd_desc": "x", "aggr_level": 2,
            "is_leaf": False, "value_usd": 1.0, "net_weight_kg": None, "qty": None, "qty_unit": "",
            "source_file": "f", "source_line": 2}
    bad = [{"freq": "Q"}, {"year": 1900}, {"freq": "M", "month": 13}, {"month": 5}, {"flow": "transit"},
           {"cmd_code": "8", "aggr_level": 1}, {"aggr_level": 4}, {"value_usd": -1.0}, {"value_usd": float("inf")},
           {"net_weight_kg": -2.0}, {"qty": -3.0}, {"reporter_iso": ""}, {"partner_iso": None}]
    table = pa.Table.from_pylist([good] + [good | change for change in bad], schema=products_table.SCHEMA)
    shown: dict[str, int] = {}
    found = [str(p) for p in products_table.broken_rules(table, shown, lambda at: ("f", at + 1, ""))]
    assert sorted(found) == sorted([
        "f, line 2: freq 'Q' is not A (annual) or M (monthly)", "f, line 3: year 1900 is not a year from 1950 to 2100",
        "f, line 4: month 13 is not a month (1 to 12) of a monthly row",
        "f, line 5: month 5 is given on an annual row (which has none)",
        "f, line 6: flow 'transit' is not one of imports, exports, re-imports, re-exports (Comtrade's M, X, RM, RX; "
        "legacy 1 to 4)",
        "f, line 7: cmd_code '8' is not TOTAL or an HS code of 2, 4 or 6 digits",
        "f, line 8: aggr_level 4 is not the code's level (0 for TOTAL, else its digits)",
        "f, line 9: value_usd -1 is not a number of 0 or more", "f, line 10: value_usd inf is not a number of 0 or more",
        "f, line 11: net_weight_kg -2 is negative", "f, line 12: qty -3 is negative",
        "f, line 13: reporter_iso '' is missing", "f, line 14: partner_iso (empty) is missing"])
    assert products_table.hidden_counts(shown, "f") == []
