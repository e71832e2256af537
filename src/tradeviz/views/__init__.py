"""One module per page: `params(dataset)` declares the page's URL parameters (and the widgets
that set them) as data; `select(dataset, values)` returns everything the page shows as a frozen
View: frames, chart specs, words, the empty-state reason, the rows a CSV download holds.

Views never import Streamlit. `select` is memoised per (data version, parameter values): a
rerun that changes nothing costs a dictionary lookup, and what a view derives from the whole
dataset (preferred figures, sort orders, option lists) is computed once per dataset
(`Dataset.derived`).

Costs grow with the rows, never faster, and a view never copies rows it will not show: a filter
is a boolean mask over the dataset's own frame, the rows in view are a `Selection` (positions in
display order, from a sort done once per dataset), and only what a page draws is taken out of
it — the first rows of a table, a chart's bounded marks, the narrow columns a computation needs.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tradeviz import export, metrics, periods, provenance
from tradeviz.filters import sort_order
from tradeviz.store import Dataset

# Rows a table shows on screen (a few screens of scrolling); the CSV download always has every
# row in view.
MAX_TABLE_ROWS = 250
# Views kept per page. Each holds at most a few charts and bounded tables, plus positions into
# the shared dataset's frames.
VIEWS_PER_PAGE = 32


# ---- rows in view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The rows of `frame` at `positions` (row positions, in the order a page lists them),
    taken out only as needed."""

    frame: pd.DataFrame
    positions: np.ndarray

    def __len__(self) -> int:
        return len(self.positions)

    @property
    def empty(self) -> bool:
        return len(self.positions) == 0

    def take(self, columns: Sequence[str] | None = None, limit: int | None = None) -> pd.DataFrame:
        """The rows (the first `limit` of them), with only `columns` when given: taking a few
        narrow columns out of a million rows is cheap, taking long texts is not."""
        positions = self.positions if limit is None else self.positions[:limit]
        frame = self.frame if columns is None else self.frame[list(columns)]
        return frame.iloc[positions]

    def column(self, name: str) -> pd.Series:
        return self.frame[name].iloc[self.positions]

    __getitem__ = column

    def values(self, name: str) -> np.ndarray:
        return self.frame[name].to_numpy()[self.positions]


class Ids:
    """The ids of a table's rows, for `id in ids` and `ids.position(id)`, kept as the Arrow
    array they already are: a hash index of a million ids would cost more memory than the ids,
    and a page looks up one id per rerun (a scan in Arrow takes milliseconds)."""

    def __init__(self, column: pd.Series):
        self._ids = pa.array(column.array) if len(column) else pa.array([], pa.string())

    def position(self, record_id) -> int:
        """The row position of the id, or -1."""
        if not isinstance(record_id, str) or not len(self._ids):
            return -1
        return pc.index(self._ids, pa.scalar(record_id, self._ids.type)).as_py()

    def __contains__(self, record_id) -> bool:
        return self.position(record_id) >= 0

    def __len__(self) -> int:
        return len(self._ids)


def ordered(order: np.ndarray, mask) -> np.ndarray:
    """The positions of `order` (a sort of the whole frame) whose rows `mask` keeps, still in
    that order: a filter never sorts."""
    keep = np.asarray(mask, dtype=bool)
    return order[keep[order]]


# ---- what a page shows ----------------------------------------------------------------------


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


def table(rows: pd.DataFrame | Selection, shape: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
          labels: Mapping[str, str] | None = None) -> Table:
    """The first MAX_TABLE_ROWS of `rows`, put into the table's columns by `shape` (which then
    formats at most that many rows, however many are in view). Lists (actors, policy areas)
    become "a; b" text, as in the CSV: Arrow list columns do not survive Streamlit's dataframe
    round trip."""
    head = rows.take(limit=MAX_TABLE_ROWS) if isinstance(rows, Selection) else rows.head(MAX_TABLE_ROWS)
    shown = (shape(head) if shape is not None else head).reset_index(drop=True)
    for column in shown.columns:
        if isinstance(shown[column].dtype, pd.ArrowDtype) and pa.types.is_list(shown[column].dtype.pyarrow_dtype):
            shown[column] = shown[column].map(lambda items: "; ".join(items) if items is not None else "").astype("str")
    return Table(shown, len(rows), dict(labels or {}))


# Headings for the dataset's columns wherever a table shows them as they are stored (the Data
# page, the timeline's list); a view's own table names its columns itself (Table.labels).
COLUMN_LABELS = {
    "source_id": "Source id", "kind": "Kind", "title": "Title", "publisher": "Publisher", "author": "Author",
    "published": "Published", "published_label": "Published (as stated)", "url": "Address",
    "reliability": "Reliability", "note": "Note", "area_id": "Area id", "name": "Name",
    "description": "Description", "record_id": "Record", "reporter": "Reporter (code)",
    "reporter_label": "Reporter", "reporter_detail": "Reporter, as named", "stat_basis": "Whose statistics",
    "flow": "Flow (code)", "flow_label": "Flow", "period_start": "Period from", "period_end": "Period to",
    "period_label": "Period", "value": "Value", "unit": "Unit (code)", "unit_label": "Unit", "qualifier": "Qualifier",
    "value_low": "Could be from", "value_high": "Could be up to", "growth_reported": "Growth reported",
    "growth_unit": "Growth unit", "growth_qualifier": "Growth qualifier", "growth_basis": "Growth compared with",
    "source_sentence": "Sentence quoted", "confidence": "Research flag", "milestone_id": "Milestone",
    "event_key": "Event", "date_start": "From", "date_end": "To", "date_precision": "Date known to the",
    "date_label": "Date", "summary": "Summary", "status": "Status", "actors": "Actors",
    "policy_areas": "Policy areas", "indicator_id": "Indicator", "measure": "Measure", "policy_area": "Policy area",
    "article_id": "Article", "title_origin": "Title from", "author_role": "Author's role", "text": "Text",
    "content": "Kept as",
    "source_title": "Source", "source_url": "Source address", "source_published_label": "Published",
    "preferred": "Used by charts", "column": "Column", "type": "Type", "required": "Required",
    "meaning": "Meaning", "allowed values": "Allowed values",
}


def column_labels(columns, own: Mapping[str, str] | None = None) -> dict[str, str]:
    """A heading for every column: the table's own, else the dataset's, else the name in words."""
    own = own or {}
    return {c: own.get(c) or COLUMN_LABELS.get(c) or str(c).replace("_", " ").capitalize() for c in columns}


def column_formats(frame: pd.DataFrame) -> dict[str, str]:
    """How each column of a table is drawn, for Streamlit's own column formats (no pandas Styler:
    a Styler is formatted cell by cell on every rerun): "date" (YYYY-MM-DD), "decimal" (a float:
    thousands separators and the digits stored), else "as is" (text, integers, flags). Missing
    cells are left blank by the table itself, whatever the column's type."""
    formats = {}
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            formats[name] = "date"
        elif pd.api.types.is_float_dtype(values):
            formats[name] = "decimal"
        else:
            formats[name] = "as is"
    return formats


@dataclass(frozen=True)
class Download:
    """Every row in view as one CSV (and zip) download, built only when a user asks for it:
    `shape` turns the rows into the CSV's columns (provenance attached) at that moment."""

    rows: pd.DataFrame | Selection
    page: str
    description: str
    label: str = ""
    shape: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    version: str = ""  # the data version, in the file name

    @property
    def file_name(self) -> str:
        return export.file_name(self.page, self.description, version=self.version)

    @property
    def button_label(self) -> str:
        return self.label or f"CSV of these {len(self.rows):,} rows"

    def frame(self) -> pd.DataFrame:
        rows = self.rows.take() if isinstance(self.rows, Selection) else self.rows
        return (self.shape(rows) if self.shape is not None else rows).reset_index(drop=True)

    def csv(self) -> bytes:
        return export.to_csv(export.with_labels(self.frame()))


@dataclass(frozen=True)
class Link:
    """A link to a view of another page: its url path (one of tradeviz.site.PAGES), the words
    shown, and the query that opens the view."""

    page: str
    label: str
    query: Mapping[str, Sequence[str]]


def reader_link(article_id: str, record_id: str) -> Link:
    """The Articles page opened at the sentence a record comes from."""
    return Link("articles", "Read it in the article", {"article": [article_id], "record": [record_id]})


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
    article_link: Link | None = None             # the reader, at this record's sentence
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


def picked(event, selection: str, field: str) -> str | None:
    """The `field` of the point clicked on a chart, from Streamlit's selection state (a plain dict
    under AppTest, a dict-like object live); None when nothing is picked."""
    points = ((event or {}).get("selection") or {}).get(selection) or []
    return points[0].get(field) if points else None


def picked_row(event, ids: Sequence[str]) -> str | None:
    """The id of the row selected in a table, from the dataframe's selection state; `ids` are the
    ids of the table's rows in the order shown."""
    rows = ((event or {}).get("selection") or {}).get("rows") or []
    return ids[rows[0]] if rows and 0 <= rows[0] < len(ids) else None


# ---- memoised views -------------------------------------------------------------------------


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


# ---- shared derived tables ------------------------------------------------------------------


def area_names(dataset: Dataset) -> dict[str, str]:
    areas = dataset["policy_areas"]
    return dict(zip(areas["area_id"], areas["name"]))


def sourced(rows: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """`rows` with their source's title, publisher, date, address and kind: attached to the rows
    a page shows, not to every row of the dataset."""
    return provenance.attach_sources(rows, dataset["sources"])


def trade_rows(dataset: Dataset) -> pd.DataFrame:
    """Trade rows with the preferred figure marked (`metrics.preferred`: preferred, claims,
    preference_rank), each figure as an interval (`metrics.with_intervals`), each row's period
    kind, start and end year: computed once per dataset, shared by every page."""
    return dataset.derived("trade_rows", _trade_rows)


def _trade_rows(dataset: Dataset) -> pd.DataFrame:
    rows = metrics.with_intervals(metrics.preferred(dataset["trade"], dataset["sources"]))
    # Small types: these columns are as long as the dataset.
    return rows.assign(period_kind=periods.kind(rows["period_start"], rows["period_end"]).astype("category"),
                       start_year=rows["period_start"].dt.year.astype("float32"),
                       end_year=rows["period_end"].dt.year.astype("float32"))


def preferred_rows(dataset: Dataset) -> pd.DataFrame:
    """The preferred trade rows (one per flow and period), with their sources and period key."""
    return dataset.derived("preferred_rows", _preferred_rows)


def _preferred_rows(dataset: Dataset) -> pd.DataFrame:
    rows = trade_rows(dataset)
    chosen = sourced(rows[rows["preferred"]], dataset)
    return chosen.assign(period_key=periods.key_column(chosen["period_start"], chosen["period_end"]))


def milestone_rows(dataset: Dataset) -> pd.DataFrame:
    """Milestones with their start and end year: computed once per dataset, shared by pages."""
    return dataset.derived("milestone_rows", _milestone_rows)


def _milestone_rows(dataset: Dataset) -> pd.DataFrame:
    milestones = dataset["milestones"]
    return milestones.assign(start_year=milestones["date_start"].dt.year.astype("float32"),
                             end_year=milestones["date_end"].dt.year.astype("float32"))


def milestone_order(dataset: Dataset) -> np.ndarray:
    """Milestone positions in date order: by start, then end, then id; undated last, by id."""
    return dataset.derived("milestone_order",
                           lambda d: sort_order(d["milestones"], ["date_start", "date_end", "milestone_id"]))
