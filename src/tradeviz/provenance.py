"""How a row names its source: the provenance columns joined to a row, the source line shown
under a figure, and the line naming the sources behind a chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeviz.text import escape_markdown, shortened

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
    # Column by column with `map` rather than `join`: pandas 3 cannot join two empty
    # Arrow-backed frames (a page must still render when a table failed to load).
    # One hash lookup for every column (not one `map` each): positions, then a take per column;
    # -1 (no such source) becomes a missing cell.
    lookup = sources.set_index("source_id")
    at = lookup.index.get_indexer(rows["source_id"]) if len(lookup) else np.full(len(rows), -1)
    return rows.assign(**{name: pd.Series(lookup[column].array.take(at, allow_fill=True), index=rows.index)
                          for column, name in SOURCE_COLUMNS.items()})


SOURCE_PART_LIMIT = 160


def source_line(row: pd.Series) -> str:
    """'Source: <title>, <publisher>, <date>' as Markdown, linked to the address when there is one.
    The text is escaped: titles come from the dataset."""
    # A title from the data can be any length; a source line stays a line or two.
    parts = [escape_markdown(shortened(str(row["source_title"]), SOURCE_PART_LIMIT))]
    for column in ("source_publisher", "source_published_label"):
        value = row.get(column)
        if isinstance(value, str) and value:
            parts.append(escape_markdown(shortened(value, SOURCE_PART_LIMIT)))
    text = ", ".join(parts)
    url = row.get("source_url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        text = f"[{text}]({url.replace(')', '%29').replace('(', '%28').replace(' ', '%20')})"
    return f"Source: {text}"


def chart_source_note(rows: pd.DataFrame) -> str:
    """One line naming the sources behind a chart, for exported images: each publisher, the
    title where a source has none, and "seed articles" for the articles. `rows` carry their
    sources (`attach_sources`)."""
    distinct = rows.drop_duplicates("source_id")
    return sources_note(distinct["source_kind"], distinct["source_title"], distinct["source_publisher"])


def sources_note_for(source_ids, sources: pd.DataFrame) -> str:
    """`chart_source_note` for the rows citing `source_ids`, read from the sources table: no
    provenance is attached to a million rows to name a handful of sources."""
    cited = sources[sources["source_id"].isin(pd.unique(pd.Series(source_ids, dtype="str")))]
    return sources_note(cited["kind"], cited["title"], cited["publisher"])


def sources_note(kinds, titles, publishers) -> str:
    names = set()
    for kind, title, publisher in zip(kinds, titles, publishers):
        if kind == "article":
            names.add("seed articles")
        elif isinstance(publisher, str) and publisher:
            names.add(publisher)
        elif isinstance(title, str):
            names.add(title)
    return "Sources: " + ", ".join(sorted(names)) + ". Compiled by tradeviz."
