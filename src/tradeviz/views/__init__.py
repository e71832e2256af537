"""One module per page: `params(dataset)` declares the page's URL parameters (and the widgets
that set them) as data; `select(dataset, values)` returns everything the page shows as a frozen
View: frames, chart specs, words, the empty-state reason, the rows a CSV download holds.

Views never import Streamlit. `select` is memoised per (data version, parameter values): a
rerun that changes nothing costs a dictionary lookup, and what a view derives from the whole
dataset (preferred figures, option lists) is computed once per dataset (`Dataset.derived`).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import pandas as pd
import pyarrow as pa

from tradeviz import export, metrics, periods, provenance
from tradeviz.store import Dataset

# Rows a table shows on screen; the CSV download always has every row in view.
MAX_TABLE_ROWS = 1000
# Views kept per page. Each holds at most a few charts and bounded tables, plus references to
# the shared dataset's frames.
VIEWS_PER_PAGE = 32


@dataclass(frozen=True)
class Table:
    """Rows to show: `frame` holds at most MAX_TABLE_ROWS of the `total` rows in view; `labels`
    maps a column to its heading."""

    frame: pd.DataFrame
    total: int
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.frame)

    @property
    def caption(self) -> str:
        if not self.truncated:
            return ""
        return (f"Showing the first {len(self.frame):,} of {self.total:,} rows; "
                "the CSV download holds every row in view.")


def table(frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> Table:
    """The first MAX_TABLE_ROWS rows to show. Lists (actors, policy areas) become "a; b" text,
    as in the CSV: Arrow list columns do not survive Streamlit's dataframe round trip."""
    shown = frame.head(MAX_TABLE_ROWS).reset_index(drop=True)
    for column in shown.columns:
        if isinstance(shown[column].dtype, pd.ArrowDtype) and pa.types.is_list(shown[column].dtype.pyarrow_dtype):
            shown[column] = shown[column].map(lambda items: "; ".join(items) if items is not None else "").astype("str")
    return Table(shown, len(frame), dict(labels or {}))


@dataclass(frozen=True)
class Download:
    """Every row in view as one CSV (and zip) download: built only when a user asks for it."""

    rows: pd.DataFrame
    page: str
    description: str
    label: str = ""

    @property
    def file_name(self) -> str:
        return export.file_name(self.page, self.description)

    @property
    def button_label(self) -> str:
        return self.label or f"CSV of these {len(self.rows):,} rows"

    def csv(self) -> bytes:
        return export.to_csv(export.with_labels(self.rows))


@dataclass(frozen=True)
class RecordCard:
    """One figure or milestone read in full. Every string is plain text (the page escapes it)
    except `source_markdown`, which `provenance.source_line` built already escaped."""

    record_id: str
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()                  # small print under the title
    body: str = ""
    facts: tuple[tuple[str, str], ...] = ()      # ("Kind", "summit"), ...
    sentence: str = ""
    source_markdown: str = ""
    article_link: dict[str, str] | None = None   # the reader's query for this record's sentence
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A headed part of a page: a chart and/or a table, or the sentence saying why there is none."""

    key: str
    heading: str
    caption: str = ""
    chart: Any = None                            # a charts.ChartSpec
    table: Table | None = None
    empty: str = ""                              # shown instead when there is no chart and no row
    footnote: str = ""

    @property
    def is_empty(self) -> bool:
        return self.chart is None and (self.table is None or self.table.empty)


def _frozen(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def memoized(select: Callable[[Dataset, dict], Any]) -> Callable[[Dataset, dict], Any]:
    """Cache a page's `select` per (data version, values), least recently used first out."""
    cache: OrderedDict[tuple, Any] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(select)
    def wrapper(dataset: Dataset, values: dict) -> Any:
        key = (dataset.version, _frozen(values))
        with lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        view = select(dataset, values)
        with lock:
            cache[key] = view
            while len(cache) > VIEWS_PER_PAGE:
                cache.popitem(last=False)
        return view

    wrapper.cache = cache  # type: ignore[attr-defined]
    return wrapper


def defaults(params) -> dict:
    """Every parameter at its default: the view a page shows without a query."""
    return {p.key: (p.full_range if p.kind in ("year_range", "date_range") else p.default) for p in params}


def area_names(dataset: Dataset) -> dict[str, str]:
    areas = dataset["policy_areas"]
    return dict(zip(areas["area_id"], areas["name"]))


def trade_rows(dataset: Dataset) -> pd.DataFrame:
    """Trade rows with their sources attached, the preferred figure marked (`metrics.preferred`),
    and each row's period kind and period key: computed once per dataset, shared by every page."""
    return dataset.derived("trade_rows", _trade_rows)


def _trade_rows(dataset: Dataset) -> pd.DataFrame:
    with_sources = provenance.attach_sources(dataset["trade"], dataset["sources"])
    rows = metrics.preferred(with_sources, dataset["sources"])
    return rows.assign(period_kind=periods.kind(rows["period_start"], rows["period_end"]),
                       period_key=periods.key_column(rows["period_start"], rows["period_end"]))


def milestone_rows(dataset: Dataset) -> pd.DataFrame:
    """Milestones with their source's title, publisher, date, address and kind attached."""
    return dataset.derived("milestone_rows",
                           lambda d: provenance.attach_sources(d["milestones"], d["sources"]))
