"""Data & downloads: every table, its columns and sources, and the whole dataset as one zip."""

import streamlit as st

from tradeviz import export, schema, state, ui

PAGE = "data"
PARAMS = (state.Param("table", "choice", default="trade", options=tuple(schema.TABLES)),
          state.Param("q", "text"))

st.title("Data and downloads")
st.caption("The dataset behind every page: what each table holds, where each row comes from, "
           "and downloads of all of it.")

dataset = ui.load_dataset()
ui.view_state(PAGE, PARAMS, dataset)

st.download_button(
    "Download the whole dataset (zip: CSV, Parquet and a README of every column, unit and source)",
    lambda: export.dataset_zip(dataset.tables, ui.data_dir(), dataset.version),
    file_name=f"tradeviz-dataset-{dataset.version}.zip", mime="application/zip", key="dataset-zip",
    on_click="ignore",
)

left, right = st.columns([1, 2])
left.selectbox("Table", options=list(schema.TABLES), key=ui.widget_key(PAGE, "table"))
right.text_input("Search the rows (plain text, any column)", key=ui.widget_key(PAGE, "q"))
values = {p.key: st.session_state.get(ui.widget_key(PAGE, p.key), p.default) for p in PARAMS}

table = schema.TABLES[values["table"]]
st.subheader(f"{table.name}: {table.description}")
rows = export.search_rows(dataset[table.name], values["q"])
description = table.name + (f", matching {values['q']}" if values["q"] else "")
st.caption(f"{len(rows)} of {len(dataset[table.name])} rows")
if rows.empty:
    st.info("No row matches the search; clear it to see the whole table.")
else:
    ui.table(rows)

with st.expander("Columns of this table"):
    ui.table(export.column_guide(table))

query = ui.write_view_state(PAGE, PARAMS, values, dataset)
link = ui.show_permalink(PAGE, query)
if not rows.empty:
    ui.csv_downloads(rows, PAGE, description, link, dataset, key="data-rows")
ui.footer(dataset)
