"""Search: one search across milestones, figures, indicators, articles, sources and policy areas."""

import streamlit as st

from tradeviz.ui import loading, text, url_state, widgets
from tradeviz.views import search as view

st.title("Search")
st.caption("Milestones, trade figures, context indicators, article passages, sources and policy areas, "
           "by words in any order. Each hit opens the page that shows its record.")

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = url_state.view_state(view.PAGE, params, dataset)
widgets.widget(view.PAGE, spec["q"])
widgets.widget(view.PAGE, spec["kind"])
shown = view.select(dataset, values)

if shown.did_you_mean is not None:
    url_state.link(shown.did_you_mean)
if shown.near_note:
    text.caption(shown.near_note)
if shown.empty_reason:
    text.info(shown.empty_reason, icon="🔎")
else:
    text.caption(shown.count_text)
    for found in shown.results:
        url_state.link(found.link)
        text.caption(found.snippet)
url_state.publish(view.PAGE, params, values, dataset)
loading.footer(dataset)
