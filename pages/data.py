"""Data & downloads: every table, its columns and sources, and the whole dataset as one zip."""

import streamlit as st

from tradeviz.ui import display, loading, text, url_state, widgets
from tradeviz.views import data as view

st.title("Data and downloads")
st.caption("The dataset behind every page: what each table holds, where each row comes from, "
           "and downloads of all of it.")

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)

st.download_button(
    "Download the whole dataset (zip: CSV, Parquet and a README of every column, unit and source)",
    lambda: view.dataset_zip(dataset), file_name=view.dataset_zip_name(dataset), mime="application/zip",
    key="dataset-zip",
    on_click="ignore",
)
left, right = st.columns([1, 2])
widgets.widget(view.PAGE, spec["table"], left)
widgets.widget(view.PAGE, spec["q"], right)

text.subheader(shown.heading)
st.caption(shown.count_text)
if shown.rows.empty:
    st.info("No row matches the search; clear it to see the whole table.")
else:
    display.table(shown.rows)
with st.expander("Columns of this table"):
    display.table(shown.columns)

link = url_state.publish(view.PAGE, params, values, dataset)
if shown.download is not None:
    display.csv_downloads(shown.download, link, dataset, key="data-rows")

covered = view.coverage_view(dataset)
st.subheader("Coverage: which years have figures")
for sentence in covered.sentences:
    text.markdown(text.md("- {}", sentence))
st.caption(covered.legend)
display.coverage_grid(covered.grid)
display.csv_downloads(covered.download, link, dataset, key="coverage-cells")
loading.footer(dataset)
