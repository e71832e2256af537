"""How a row names its source on screen, and how a chart names the sources behind it."""

from __future__ import annotations

import pandas as pd

from tradeviz.text import escape_markdown


def source_line(row: pd.Series) -> str:
    """'Source: <title>, <publisher>, <date>' as Markdown, linked to the address when there is one.
    The text is escaped: titles come from the dataset."""
    parts = [escape_markdown(str(row["source_title"]))]
    for column in ("source_publisher", "source_published_label"):
        value = row.get(column)
        if isinstance(value, str) and value:
            parts.append(escape_markdown(value))
    text = ", ".join(parts)
    url = row.get("source_url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        text = f"[{text}]({url.replace(')', '%29').replace('(', '%28').replace(' ', '%20')})"
    return f"Source: {text}"


def chart_source_note(rows: pd.DataFrame) -> str:
    """One line naming the sources behind a chart, for exported images: each publisher, the
    title where a source has none, and "seed articles" for the articles."""
    names = set()
    for kind, title, publisher in zip(rows["source_kind"], rows["source_title"], rows["source_publisher"]):
        if kind == "article":
            names.add("seed articles")
        elif isinstance(publisher, str) and publisher:
            names.add(publisher)
        elif isinstance(title, str):
            names.add(title)
    return "Sources: " + ", ".join(sorted(names)) + ". Compiled by tradeviz."
