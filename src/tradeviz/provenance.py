"""How a row names its source: the provenance columns joined to a row, the source line shown
under a figure, and the line naming the sources behind a chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeviz.markdown import Markdown, escaped
from tradeviz.text import shortened

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


def source_line(row: pd.Series) -> Markdown:
    """'Source: <title>, <publisher>, <date>' as Markdown, linked to the address when there is one.
    The text is escaped: titles come from the dataset."""
    # A title from the data can be any length; a source line stays a line or two.
    parts = [escaped(shortened(str(row["source_title"]), SOURCE_PART_LIMIT))]
    for column in ("source_publisher", "source_published_label"):
        value = row.get(column)
        if isinstance(value, str) and value:
            parts.append(escaped(shortened(value, SOURCE_PART_LIMIT)))
    text = ", ".join(parts)
    url = row.get("source_url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        text = f"[{text}]({url.replace(')', '%29').replace('(', '%28').replace(' ', '%20')})"
    return Markdown(f"Source: {text}")


# A chart's source line names at most this many publishers, those behind most of its rows, and
# counts the rest: naming all 80 behind the 1992–2026 timeline ran the line to twelve lines and
# left the 16:9 image's chart a strip under it (seen after issue 22's intake). Every row still
# names its own source in the page, the table, the CSV and the dataset's sources.
NAMED_SOURCES = 10


def chart_source_note(rows: pd.DataFrame) -> str:
    """One line naming the sources behind a chart, for exported images: each publisher, the
    title where a source has none, and "seed articles" for the articles. `rows` carry their
    sources (`attach_sources`)."""
    counts = rows["source_id"].value_counts()
    distinct = rows.drop_duplicates("source_id")
    return sources_note(distinct["source_kind"], distinct["source_title"], distinct["source_publisher"],
                        distinct["source_id"].map(counts))


def sources_note_for(source_ids, sources: pd.DataFrame) -> str:
    """`chart_source_note` for the rows citing `source_ids`, read from the sources table: no
    provenance is attached to a million rows to name a handful of sources."""
    counts = pd.Series(source_ids, dtype="str").value_counts()
    cited = sources[sources["source_id"].isin(counts.index)]
    return sources_note(cited["kind"], cited["title"], cited["publisher"], cited["source_id"].map(counts))


def sources_note(kinds, titles, publishers, rows_cited=None) -> str:
    """'Sources: A, B, C. Compiled by tradeviz.', naming each publisher (a source's title where it
    has none, "seed articles" for the articles) in alphabetical order. Past NAMED_SOURCES names,
    only those citing the most rows (`rows_cited`, one a source when not given; ties
    alphabetical) are named and the others counted."""
    weights: dict[str, int] = {}
    counts = None if rows_cited is None else list(rows_cited)
    for position, (kind, title, publisher) in enumerate(zip(kinds, titles, publishers)):
        count = 1 if counts is None else counts[position]
        if kind == "article":
            name = "seed articles"
        elif isinstance(publisher, str) and publisher:
            name = publisher
        elif isinstance(title, str):
            name = title
        else:
            continue
        weights[name] = weights.get(name, 0) + int(count)
    if len(weights) <= NAMED_SOURCES:
        return "Sources: " + ", ".join(sorted(weights)) + ". Compiled by tradeviz."
    named = sorted(sorted(weights, key=lambda name: (-weights[name], name))[:NAMED_SOURCES])
    others = len(weights) - len(named)
    return (f"Sources: {', '.join(named)} and {others} other{'s' if others > 1 else ''} "
            "(each figure and event names its own). Compiled by tradeviz.")
