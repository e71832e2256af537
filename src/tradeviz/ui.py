"""The few Streamlit pieces that several pages share. Streamlit stays at this edge."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from tradeviz import store
from tradeviz.text import escape_markdown

DATA_ENV = "TRADEVIZ_DATA"


def data_dir() -> Path:
    # Tests point the app at a fixture or a damaged copy through the environment.
    return Path(os.environ.get(DATA_ENV, store.DATA_DIR))


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_load(folder: str, version: str) -> store.Dataset:
    # `version` is part of the cache key, so a rebuilt dataset is picked up without a restart.
    return store.load(Path(folder))


def load_dataset() -> store.Dataset:
    """Load (cached) and show any problem with the files; the page keeps working on what loaded."""
    folder = data_dir()
    dataset = _cached_load(str(folder), store.data_version(folder))
    if dataset.problems:
        shown = "\n".join(f"- {p}" for p in dataset.problems[:10])
        more = f"\n- … and {len(dataset.problems) - 10} more" if len(dataset.problems) > 10 else ""
        st.error(f"Some data could not be loaded; those tables are shown empty.\n\n{shown}{more}", icon="⚠️")
    return dataset


def source_line(row: pd.Series) -> str:
    """'Source: <title>, <publisher>, <date> (<address>)' as Markdown with the text escaped."""
    parts = [escape_markdown(str(row["source_title"]))]
    for column in ("source_publisher", "source_published_label"):
        value = row.get(column)
        if isinstance(value, str) and value:
            parts.append(escape_markdown(value))
    text = ", ".join(parts)
    url = row.get("source_url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        text = f"[{text}]({url.replace(')', '%29').replace(' ', '%20')})"
    return f"Source: {text}"


def footer(dataset: store.Dataset) -> None:
    st.divider()
    st.caption(f"Data version {dataset.version} · every figure links to its source · tradeviz")
