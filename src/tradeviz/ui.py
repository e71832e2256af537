"""The few Streamlit pieces that several pages share. Streamlit stays at this edge."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from tradeviz import export, history, provenance, state, store
from tradeviz.text import escape_markdown

DATA_ENV = "TRADEVIZ_DATA"


def data_dir() -> Path:
    # Tests point the app at a fixture or a damaged copy through the environment.
    return Path(os.environ.get(DATA_ENV, store.DATA_DIR))


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_load(folder: str, version: str) -> store.Dataset:
    # `version` is part of the cache key, so a rebuilt dataset is picked up without a restart.
    return store.load(Path(folder))


def ensure_navigation() -> None:
    """Streamlit treats a `pages/` folder next to the entry script as a v1 multipage app until the
    entry script has called st.navigation once in this process. A permalink opened as the very
    first request would then run the page without dashboard.py (no navigation, no layout).
    Switching the process to st.navigation and rerunning routes it through dashboard.py."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def load_dataset() -> store.Dataset:
    """Load (cached) and show any problem with the files; the page keeps working on what loaded."""
    ensure_navigation()
    folder = data_dir()
    dataset = _cached_load(str(folder), store.data_version(folder))
    if dataset.problems:
        shown = "\n".join(f"- {p}" for p in dataset.problems[:10])
        more = f"\n- … and {len(dataset.problems) - 10} more" if len(dataset.problems) > 10 else ""
        st.error(f"Some data could not be loaded; those tables are shown empty.\n\n{shown}{more}", icon="⚠️")
    return dataset


source_line = provenance.source_line


def footer(dataset: store.Dataset) -> None:
    st.divider()
    st.caption(f"Data version {dataset.version} · every figure links to its source · tradeviz")


# ---- view state <-> URL -------------------------------------------------------------------

_LAST_QUERY = "_tradeviz_last_query"


def _current_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def view_state(page: str, params: tuple[state.Param, ...], dataset: store.Dataset) -> dict:
    """Read the view from the URL whenever the URL changed from outside (a link was opened,
    the page was reloaded), seeding the widgets' session state; show notices for what was
    ignored. Widgets must use `widget_key(page, param.key)` as their key."""
    query = _current_query()
    last = st.session_state.get(_LAST_QUERY, {}).get(page)
    if query != last:
        decoded = state.from_query(params, query)
        for key, value in decoded.state.items():
            st.session_state[widget_key(page, key)] = list(value) if isinstance(value, tuple) and key not in _range_keys(params) else value
        st.session_state[f"_notices_{page}"] = decoded.notices
        st.session_state[f"_link_version_{page}"] = decoded.version
    for notice in st.session_state.get(f"_notices_{page}", []):
        st.warning(notice, icon="⚠️")
    link_version = st.session_state.get(f"_link_version_{page}")
    if link_version and link_version != dataset.version:
        st.info(f"This link was made with data version {link_version}; the data has changed since "
                f"(now {dataset.version}). See “What changed” below the table.", icon="ℹ️")
    return {p.key: st.session_state.get(widget_key(page, p.key), p.default) for p in params}


def _range_keys(params) -> set[str]:
    return {p.key for p in params if p.kind in state.RANGE_KINDS}


def widget_key(page: str, key: str) -> str:
    return f"{page}:{key}"


def write_view_state(page: str, params: tuple[state.Param, ...], values: dict, dataset: store.Dataset) -> dict[str, list[str]]:
    """Write the view to the URL (defaults left out, data version included) and remember it,
    so the next run knows the URL was written by us. Returns the query."""
    normalised = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    query = state.to_query(params, normalised, version=dataset.version)
    if query != _current_query():
        st.query_params.from_dict(query)
    st.session_state.setdefault(_LAST_QUERY, {})[page] = query
    return query


def permalink(url_path: str, query: dict[str, list[str]]) -> str:
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - st.context.url is unavailable outside a browser session
        base = ""
    origin = "/".join(base.split("/")[:3]) if base.startswith("http") else ""
    return state.permalink(origin, url_path, query)


def show_permalink(url_path: str, query: dict[str, list[str]]) -> str:
    link = permalink(url_path, query)
    with st.expander("Link to this view"):
        st.code(link, language=None, wrap_lines=True)
        st.caption("Opening this link restores the page with the same filters.")
    return link


def table(frame: pd.DataFrame, **options):
    """st.dataframe with the house defaults: no index, full width, dates shown as dates (the
    frames hold timestamps, which Streamlit would print with a 00:00:00 time)."""
    dates = {name: st.column_config.DateColumn(name, format="YYYY-MM-DD")
             for name in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[name])}
    return st.dataframe(frame, hide_index=True, width="stretch", column_config=dates, **options)


# ---- downloads -----------------------------------------------------------------------------


def csv_downloads(frame: pd.DataFrame, page: str, description: str, link: str, dataset: store.Dataset,
                  key: str, label: str | None = None) -> None:
    """Download exactly `frame` as CSV, or as a zip with a README naming the view. `label`
    replaces "CSV of these N rows" where a page has more than one table to download."""
    csv_name = export.file_name(page, description)
    csv_bytes = export.to_csv(export.with_labels(frame))
    left, right = st.columns(2)
    left.download_button(label or f"CSV of these {len(frame)} rows", csv_bytes, file_name=csv_name,
                         mime="text/csv", key=f"{key}-csv", on_click="ignore")
    right.download_button(
        "Same rows as zip with README",
        lambda: export.filtered_zip(csv_bytes, csv_name, description, link, dataset.version),
        file_name=csv_name.replace(".csv", ".zip"), mime="application/zip", key=f"{key}-zip", on_click="ignore",
    )


def chart_downloads(chart, source_text: str, page: str, description: str, key: str) -> None:
    """PNG and SVG of the chart, with its source line inside the image."""
    spec = export.image_spec(chart, source_text)
    left, right = st.columns(2)
    left.download_button("Chart as PNG", lambda: export.chart_png(spec),
                         file_name=export.file_name(page, description, "png"), mime="image/png",
                         key=f"{key}-png", on_click="ignore")
    right.download_button("Chart as SVG", lambda: export.chart_svg(spec),
                          file_name=export.file_name(page, description, "svg"), mime="image/svg+xml",
                          key=f"{key}-svg", on_click="ignore")


def changes_since_link(dataset: store.Dataset, page: str, record_ids: set[str]) -> None:
    """When the page was opened from a link made with another data version, list what changed
    since then among the rows in view."""
    old = st.session_state.get(f"_link_version_{page}")
    if not old or old == dataset.version:
        return
    with st.expander(f"What changed since data version {old}"):
        changes = history.changes(data_dir(), old, dataset.version, record_ids)
        if changes is None:
            st.write(f"Version {old} is not in this dataset's history, so the rows it held cannot be compared.")
        elif changes.empty:
            st.write("None of the rows in view changed.")
        else:
            st.dataframe(changes, hide_index=True, width="stretch")


def page_link(url_path: str, label: str, query: dict[str, str | list[str]]) -> None:
    """A link to another page's view. Built as Markdown from `state.permalink` (rather than
    st.page_link, which needs st.navigation and fails when a page runs on its own in tests)."""
    normalised = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    st.markdown(f"[{escape_markdown(label)}]({state.permalink('', url_path, normalised)})")


def app_link(page_file: str, url_path: str, label: str, query: dict[str, str | list[str]]) -> None:
    """A link to another page's view that navigates inside the app (same tab, same session)
    when the page is registered by dashboard.py; a page run on its own (AppTest) gets the
    Markdown permalink of `page_link` instead."""
    from streamlit.errors import StreamlitPageNotFoundError

    try:
        st.page_link(page_file, label=escape_markdown(label), query_params=query)
    except StreamlitPageNotFoundError:
        page_link(url_path, label, query)
