"""Row masks: each function returns a boolean Series aligned with the rows it was given.

One rule for every page: an empty selection (no flows, no areas, no text) means "all", never
"none". Two ways a span of dates can meet a range of years are named for what they do:
`within_years` (the whole period lies inside: a trade figure for 2024–2025 is not "in 2025")
and `overlaps_years` (shares at least one day: a visit from 30 December 2018 to 2 January 2019
is in 2018 and in 2019).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tradeviz import periods


def _all(rows: pd.DataFrame | pd.Series) -> pd.Series:
    return pd.Series(True, index=rows.index, dtype=bool)


def _year(dates: pd.Series) -> pd.Series:
    # Dates, or their years already worked out (a view precomputes them once per dataset).
    return dates if pd.api.types.is_numeric_dtype(dates) else dates.dt.year


def within_years(start: pd.Series, end: pd.Series, years: tuple[int, int]) -> pd.Series:
    """True where the period [start, end] lies inside the years [from, to] (both inclusive).
    Rows without a period are never inside. `start` and `end` are dates or years."""
    first, last = years
    return (start.notna() & (_year(start) >= first) & (_year(end) <= last)).astype(bool)


def overlaps_years(start: pd.Series, end: pd.Series, years: tuple[int, int]) -> pd.Series:
    """True where the span [start, end] shares at least one day with the years [from, to].
    Undated rows never do. `start` and `end` are dates or years."""
    first, last = years
    return (start.notna() & (_year(start) <= last) & (_year(end) >= first)).astype(bool)


def one_of(values: pd.Series, wanted) -> pd.Series:
    """The value is one of `wanted`; nothing wanted means no restriction."""
    wanted = list(wanted)
    if not wanted:
        return _all(values)
    return values.isin(wanted).astype(bool)


def rank_in(values: pd.Series, order) -> np.ndarray:
    """Each value's position in `order` (0 for the first), as floats; NaN where the value is
    missing or not in `order`. A sort key: done in Arrow, with no Python object per row
    (`Series.map` with a dict calls Python once per row on Arrow strings)."""
    order = list(order)
    arrow = pa.array(values.array) if isinstance(values.array, pd.api.extensions.ExtensionArray) \
        else pa.array(values.to_numpy(dtype=object), from_pandas=True)
    if not len(arrow):
        return np.empty(0, dtype="float64")
    if pa.types.is_dictionary(arrow.type):
        arrow = arrow.dictionary_decode()
    found = pc.index_in(arrow, value_set=pa.array(order, arrow.type))
    return found.to_numpy(zero_copy_only=False).astype("float64")


def tagged_with_any(lists: pd.Series, wanted) -> pd.Series:
    """The row's list (actors, policy areas) holds any of `wanted`; nothing wanted means no
    restriction. Arrow-backed lists are tested without a Python loop over the rows."""
    wanted = list(wanted)
    if not wanted:
        return _all(lists)
    if isinstance(lists.dtype, pd.ArrowDtype):
        arrow = pa.array(lists.array)
        hit = pd.Series(False, index=lists.index, dtype=bool)
        items = pc.list_flatten(arrow)
        parents = pc.list_parent_indices(arrow)
        matched = pc.filter(parents, pc.is_in(items, value_set=pa.array(wanted, items.type))).to_numpy()
        hit.iloc[matched] = True
        return hit
    chosen = set(wanted)
    return lists.map(lambda values: bool(chosen.intersection(values))).astype(bool)


def containing_text(rows: pd.DataFrame, columns: list[str], text: str) -> pd.Series:
    """Any of the columns contains the text: case-insensitive plain text, never a pattern, so
    "c++" or "(SCO)" search for exactly those characters. Empty text means no restriction."""
    needle = text.strip().casefold()
    if not needle:
        return _all(rows)
    hit = pd.Series(False, index=rows.index, dtype=bool)
    for column in columns:
        hit |= rows[column].fillna("").astype("str").str.casefold().str.contains(needle, regex=False)
    return hit.astype(bool)


# ---- orders ---------------------------------------------------------------------------------


def sort_order(frame: pd.DataFrame, by: list[str], ascending: bool | list[bool] = True) -> np.ndarray:
    """Row positions of `frame` sorted by the columns `by` (missing values last in each column,
    ties kept in row order). Text is ranked in Arrow and dates compared as integers, so no
    Python object is made per cell: sorting a million rows costs what the numbers cost."""
    ups = [ascending] * len(by) if isinstance(ascending, bool) else list(ascending)
    keys: list[np.ndarray] = []
    for column, up in zip(by, ups):
        values = frame[column]
        missing = values.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(values):
            codes = values.to_numpy().view("int64")
        elif pd.api.types.is_bool_dtype(values):
            codes = values.to_numpy(dtype="int64")
        elif pd.api.types.is_numeric_dtype(values):
            codes = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            arrow = pa.array(values.array) if isinstance(values.array, pd.api.extensions.ExtensionArray) \
                else pa.array(values.astype("str").tolist(), pa.string())
            if pa.types.is_null(arrow.type) or not len(arrow):
                codes = np.zeros(len(values), dtype="int64")
            else:
                codes = pc.rank(arrow, sort_keys=[("", "ascending", "at_end")],
                                tiebreaker="dense").to_numpy().astype("int64")
        codes = np.where(missing, 0, codes)
        keys += [missing, codes if up else -codes]
    if not keys:
        return np.arange(len(frame))
    # np.lexsort sorts by the last key first.
    return np.lexsort(keys[::-1]).astype("int64")
