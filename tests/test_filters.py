"""Row masks, with hand-worked expectations. An empty selection means "all" everywhere."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from tradeviz import filters, schema

# The fixture's trade rows (tests/fixtures/data/sources/trade.csv), by period:
#   f01 2019, f02 2020, f03+f04 2021, f05 2023, f06 2024   annual turnover (f04 cn_statistics, rest az_customs)
#   f07 2024 Jan–Jul turnover (az_customs)   f08/f09/f10 2025 Jan–Jul turnover/exports/imports (press_article)
#   f11 2025 Jan–Mar turnover (az_customs)   f12 no period   f13 2024 annual trading_partner_rank


@pytest.fixture(scope="module")
def trade(fixture_dataset):
    return fixture_dataset["trade"]


def kept(frame, mask, key="record_id"):
    assert mask.dtype == bool and mask.index.equals(frame.index)
    return frame.loc[mask, key].tolist()


def test_within_years_needs_the_whole_period_inside():
    start = pd.Series(pd.to_datetime(["2025-01-01", "2024-01-01", "2024-12-01", None]))
    end = pd.Series(pd.to_datetime(["2025-07-31", "2025-12-31", "2024-12-31", None]))
    assert filters.within_years(start, end, (2025, 2025)).tolist() == [True, False, False, False]
    assert filters.within_years(start, end, (2024, 2025)).tolist() == [True, True, True, False]
    assert filters.within_years(start, end, (2024, 2024)).tolist() == [False, False, True, False]


def test_overlaps_years_needs_one_shared_day():
    start = pd.Series(pd.to_datetime(["2022-12-30", "1994-01-01", None, "2018-12-01"]))
    end = pd.Series(pd.to_datetime(["2023-01-02", "1994-12-31", None, "2018-12-31"]))
    # The New Year visit is in 2022 and in 2023; December 2018 is not in 2019.
    assert filters.overlaps_years(start, end, (2023, 2023)).tolist() == [True, False, False, False]
    assert filters.overlaps_years(start, end, (2019, 2022)).tolist() == [True, False, False, False]
    assert filters.overlaps_years(start, end, (1994, 2018)).tolist() == [False, True, False, True]


def test_one_of_is_all_when_nothing_is_chosen(trade):
    assert kept(trade, filters.one_of(trade["flow"], ["exports", "imports"])) == ["f09", "f10"]
    assert len(kept(trade, filters.one_of(trade["flow"], []))) == 13
    assert len(kept(trade, filters.one_of(trade["flow"], ()))) == 13
    assert kept(trade, filters.one_of(trade["reporter"], ["cn_statistics"])) == ["f04"]


LISTS = [["transport"], ["trade", "tourism_culture"], [], ["trade", "transport"]]


@pytest.mark.parametrize("arrow", [False, True], ids=["python lists", "arrow lists"])
@pytest.mark.parametrize(("wanted", "expected"), [
    (["transport"], [True, False, False, True]),
    (["tourism_culture", "transport"], [True, True, False, True]),   # any one shared tag is enough
    (["energy"], [False, False, False, False]),
    ([], [True, True, True, True]),                                 # nothing chosen: no restriction
])
def test_tagged_with_any(arrow, wanted, expected):
    lists = pd.Series(LISTS, index=[7, 3, 5, 1])
    if arrow:
        lists = lists.astype(pd.ArrowDtype(schema.LIST_OF_STRINGS))
    result = filters.tagged_with_any(lists, wanted)
    assert result.tolist() == expected and result.index.tolist() == [7, 3, 5, 1] and result.dtype == bool


def test_tagged_with_any_on_an_empty_arrow_column():
    empty = pd.Series([], dtype=pd.ArrowDtype(pa.list_(pa.string())))
    assert filters.tagged_with_any(empty, ["trade"]).empty


@pytest.mark.parametrize(("text", "expected"), [
    ("", ["a", "b", "c"]),
    ("  ", ["a", "b", "c"]),
    ("SCO", ["a", "c"]),          # case-insensitive, in either column
    ("(sco", ["a"]),              # plain text: an unbalanced bracket is not a pattern error
    ("a.b", []),                  # "." is a dot, not "any character"
])
def test_containing_text(text, expected):
    rows = pd.DataFrame({"id": ["a", "b", "c"], "title": ["Summit (SCO)", "Visa", None],
                         "summary": ["", "Tianjin", "sco members"]})
    assert kept(rows, filters.containing_text(rows, ["title", "summary"], text), key="id") == expected


def test_masks_combine_into_the_trade_selection(fixture_dataset):
    from tradeviz.views import trade as trade_view

    rows = trade_view.prepared(fixture_dataset).rows
    keep = trade_view.in_view(rows, (2021, 2024), ["turnover"], [], "annual")
    assert kept(rows, keep) == ["f03", "f04", "f05", "f06"]
    assert kept(rows, trade_view.in_view(rows, (2019, 2025), [], ["az_customs"], "partial")) == ["f07", "f11"]


def test_sort_order_sorts_by_each_column_missing_last():
    frame = pd.DataFrame({
        "day": pd.to_datetime(["2024-01-01", None, "2023-06-30", "2024-01-01", "2023-06-30"]),
        "name": ["b", "a", "c", None, "a"],
        "chosen": [True, False, True, False, False],
        "value": [1.0, 2.0, float("nan"), 4.0, 5.0],
    })
    # By day (missing last), then name: 2023-06-30 a (4), c (2); 2024-01-01 b (0), missing name (3); no day (1).
    assert filters.sort_order(frame, ["day", "name"]).tolist() == [4, 2, 0, 3, 1]
    # Chosen first, then by value descending (missing last, ties in row order).
    # Chosen: 0 (1.0), 2 (missing); not chosen: 4 (5.0), 3 (4.0), 1 (2.0).
    assert filters.sort_order(frame, ["chosen", "value"], ascending=[False, False]).tolist() == [0, 2, 4, 3, 1]
    assert filters.sort_order(frame.iloc[:0], ["name", "day"]).tolist() == []


def test_sort_order_agrees_with_pandas_on_the_fixture(trade):
    by = ["period_end", "period_start", "flow", "record_id"]
    expected = trade.reset_index(drop=True).sort_values(by, na_position="last", kind="stable").index.tolist()
    assert filters.sort_order(trade, by).tolist() == expected


def test_rank_in_gives_each_value_its_place_in_the_order():
    order = ["normal", "low", "inconsistent"]
    arrow_text = pd.Series(["low", "normal", None, "other", "inconsistent"], dtype="str")
    ranks = filters.rank_in(arrow_text, order)
    assert ranks[[0, 1, 4]].tolist() == [1.0, 0.0, 2.0]
    assert np.isnan(ranks[2]) and np.isnan(ranks[3])   # missing, and not in the order
    plain = pd.Series(["inconsistent", "normal"], dtype=object)
    assert filters.rank_in(plain, order).tolist() == [2.0, 0.0]
    assert filters.rank_in(pd.Series([], dtype="str"), order).tolist() == []
