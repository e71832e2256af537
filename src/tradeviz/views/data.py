"""The Data & downloads page: every table, its columns and sources, and the whole dataset as
one zip."""

from __future__ import annotations

from dataclasses import dataclass

from tradeviz import coverage, export, schema, state
from tradeviz.store import Dataset
from tradeviz.views import Download, Table, memoized, table, trade_rows

PAGE = "data"
PARAMS = (
    state.Param("table", "choice", default="trade", options=tuple(schema.TABLES), label="Table", widget="selectbox"),
    state.Param("q", "text", default="", label="Search the rows (plain text, any column)", widget="text"),
)


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return PARAMS


def dataset_zip(dataset: Dataset) -> bytes:
    """Every table as CSV and Parquet, with a README of every column and source."""
    return export.dataset_zip(dataset.tables, dataset.folder, dataset.version)


def dataset_zip_name(dataset: Dataset) -> str:
    return f"tradeviz-dataset-{dataset.version}.zip"


@dataclass(frozen=True)
class DataView:
    table_name: str
    heading: str
    count_text: str
    rows: Table
    columns: Table
    download: Download | None


@memoized
def select(dataset: Dataset, values: dict) -> DataView:
    definition = schema.TABLES[values["table"]]
    everything = dataset[definition.name]
    text = dataset.derived(f"data_search_text_{definition.name}",
                           lambda d: export.searchable_text(d[definition.name])) if values["q"].strip() else None
    rows = export.search_rows(everything, values["q"], text)
    description = definition.name + (f", matching {values['q']}" if values["q"] else "")
    return DataView(
        table_name=definition.name,
        heading=f"{definition.name}: {definition.description}",
        count_text=f"{len(rows):,} of {len(everything):,} rows",
        rows=table(rows),
        columns=table(export.column_guide(definition)),
        download=Download(rows, PAGE, description, version=dataset.version) if len(rows) else None,
    )


@dataclass(frozen=True)
class CoverageView:
    """Which years have figures: the grid (one row per flow, span and side, one column per
    year), what it sums to, and every non-empty cell as CSV rows."""

    grid: Table
    legend: str
    summary: coverage.Summary
    events: coverage.EventSummary
    sentences: tuple[str, ...]
    download: Download


def coverage_view(dataset: Dataset) -> CoverageView:
    return dataset.derived("coverage_view", _coverage_view)


def _coverage_view(dataset: Dataset) -> CoverageView:
    found = coverage.cells(trade_rows(dataset))
    grid = coverage.grid(found)
    result = coverage.summary(found)
    events = coverage.event_summary(dataset["milestones"])
    first, last = coverage.FIRST_YEAR, coverage.LAST_YEAR
    asked = result.part_years_asked
    sentences = tuple(
        [f"{flow.capitalize()}: an annual figure for {result.annual_count(flow)} of the {result.span_years} "
         f"years {first}–{last} ({coverage.year_runs(result.annual_years[flow])})." for flow in schema.MONEY_FLOWS]
        + [f"Part-year figures (a quarter or a run of months) for {len(result.part_years)} of the "
           f"{len(asked)} years {asked[0]}–{asked[-1]} ({coverage.year_runs(result.part_years)}).",
           coverage.event_line(events)])
    labels = {"flow": "Flow", "span": "Months", "side": "Whose statistics"}
    return CoverageView(
        grid=Table(grid, len(grid), labels),
        legend=coverage.LEGEND,
        summary=result,
        events=events,
        sentences=sentences,
        download=Download(found, PAGE, "coverage", label=f"CSV of the {len(found):,} cells with a figure",
                          version=dataset.version),
    )
