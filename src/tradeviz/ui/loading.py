"""The dataset loaded for a page (cached across sessions), its problems said in the page; the footer."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tradeviz import shared, store, words
from tradeviz.markdown import Markdown, joined, md
from tradeviz.ui import text
from tradeviz.ui.streamlit_internals import ensure_navigation, notice_dropped_queries
from tradeviz.ui.style import phone_style


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_load(folder: str, signature: tuple) -> store.Dataset:
    # One Dataset per (folder, file signature), shared by every session and never copied: a
    # rebuilt dataset has a new signature, so it is picked up without a restart.
    return store.load(Path(folder))


def load_dataset() -> store.Dataset:
    """Load (cached) and show any problem with the files; the page keeps working on what loaded.
    Every page calls this first, so it first readies the page: the request routed through
    dashboard.py's navigation, a dropped query string turned into a notice (both
    streamlit_internals), and the page's style sheet (style)."""
    ensure_navigation()
    notice_dropped_queries()
    phone_style()
    try:
        folder = store.data_dir()
    except shared.Unreachable as exc:
        text.error(md("{} The dashboard shows data again as soon as it can be read.", str(exc)), icon="⚠️")
        st.stop()
    dataset = _cached_load(str(folder), store.signature(folder))
    files = [p for p in dataset.problems if p.row is None]
    rows = [p for p in dataset.problems if p.row is not None]
    if files:
        text.error(md("Some data could not be loaded; those tables are shown empty.\n\n{}", _problem_list(files)),
                   icon="⚠️")
    if rows:
        count = words.plural(len({(p.file, p.row) for p in rows}), "row")
        text.warning(md("Rows that break the dataset's rules are left out of every chart, table and computation "
                        "({}):\n\n{}", count, _problem_list(rows)), icon="⚠️")
    return dataset


def shared_and_read_only() -> bool:
    """On a replica serving a shared dataset, say that it is read-only here and return True."""
    location = store.shared_location()
    if location is None:
        return False
    text.info(md("This dashboard serves the shared dataset at {}, read-only. "
                 "Add and review articles where the dataset is built (`python -m tradeviz add-article`, then this "
                 "page there), and upload the rebuilt folder.", shared.redacted(location)), icon="🔒")
    return True


def _problem_list(problems: list, shown: int = 10) -> Markdown:
    lines = joined("\n", (md("- {}", p) for p in problems[:shown]))
    return Markdown(lines + (f"\n- … and {len(problems) - shown} more" if len(problems) > shown else ""))


def footer(dataset: store.Dataset) -> None:
    st.divider()
    st.caption(f"Data version {dataset.version} · every figure links to its source · tradeviz")
