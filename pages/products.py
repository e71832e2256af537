"""Products: what Azerbaijan and China trade, from imported UN Comtrade files."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import products as view

st.title("What is traded")
st.caption("Product-level trade from UN Comtrade, each reporter's own figures: the largest products, growth "
           "between two years, and the partner's mirror figure for each.")

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
if not shown.available:
    st.info(ui.escape_markdown(shown.empty_reason), icon="📦")
else:
    with ui.filters_box():
        for where, key in zip(st.columns([1, 1, 2]), ("reporter", "flow", "level")):
            ui.widget(view.PAGE, spec[key], where)
        left, right = st.columns([3, 1])
        ui.widget(view.PAGE, spec["years"], left)
        ui.widget(view.PAGE, spec["chapter"], right)
    if shown.chart is None:
        st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
    else:
        ui.chart(shown.chart, key="products-chart", heading=True)
        st.caption(ui.escape_markdown(shown.count_text))
        ui.table(shown.rows)
link = ui.publish(view.PAGE, params, values, dataset)
if shown.download is not None:
    ui.csv_downloads(shown.download, link, dataset, key="products-rows")
ui.footer(dataset)
