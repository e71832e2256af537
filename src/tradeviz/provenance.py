"""How a row names its source on screen."""

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
