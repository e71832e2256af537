"""The Data & downloads page: every table, its columns and sources, and the whole dataset as
one zip."""

from __future__ import annotations

from dataclasses import dataclass

from tradeviz import export, schema, state
from tradeviz.store import Dataset
from tradeviz.views import Download, Table, memoized, table

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
    rows = export.search_rows(everything, values["q"])
    description = definition.name + (f", matching {values['q']}" if values["q"] else "")
    return DataView(
        table_name=definition.name,
        heading=f"{definition.name}: {definition.description}",
        count_text=f"{len(rows):,} of {len(everything):,} rows",
        rows=table(rows),
        columns=table(export.column_guide(definition)),
        download=Download(rows, PAGE, description, version=dataset.version) if len(rows) else None,
    )
