"""Selecting rows and joining provenance: pure functions, DataFrame in, DataFrame out."""

from __future__ import annotations

import pandas as pd

SOURCE_COLUMNS = {
    "title": "source_title",
    "publisher": "source_publisher",
    "published_label": "source_published_label",
    "url": "source_url",
    "kind": "source_kind",
    "reliability": "source_reliability",
}


def attach_sources(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the source's title, publisher, date label, address, kind and reliability to each row."""
    lookup = sources.set_index("source_id")[list(SOURCE_COLUMNS)].rename(columns=SOURCE_COLUMNS)
    return rows.join(lookup, on="source_id")
