"""Search: one search across milestones, figures, indicators, articles, sources and policy areas."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import search as view

st.title("Search")
st.caption("Milestones, trade figures, context indicators, article passages, sources and policy areas, "
           "by words in any order. Each hit opens the page that shows its record.")

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = ui.view_state(view.PAGE, params, dataset)
ui.widget(view.PAGE, spec["q"])
ui.widget(view.PAGE, spec["kind"])
shown = view.select(dataset, values)

if shown.did_you_mean is not None:
    ui.link(shown.did_you_mean)
if shown.near_note:
    st.caption(ui.escape_markdown(shown.near_note))
if shown.empty_reason:
    st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
else:
    st.caption(ui.escape_markdown(shown.count_text))
    for found in shown.results:
        ui.link(found.link)
        st.caption(ui.escape_markdown(found.snippet))
ui.publish(view.PAGE, params, values, dataset)
ui.footer(dataset)
