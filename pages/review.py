"""Review: correct, accept or reject the figures and events an added article proposes."""

import streamlit as st

from tradeviz.ui import editing, loading, url_state, widgets
from tradeviz.views import review as view

st.title("Review")
st.caption("Figures and dated events that articles added with `python -m tradeviz add-article FILE` propose, "
           "each beside the sentence it was read from. An editor accepts or rejects each (correcting it first "
           "where the reading is wrong) and saves: accepted ones become records of the dataset, each citing its "
           "sentence, and the dataset is rebuilt.")

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = url_state.view_state(view.PAGE, params, dataset)
if not loading.shared_and_read_only():
    who = editing.sign_in_panel()
    left, right = st.columns([2, 1])
    widgets.widget(view.PAGE, spec["article"], left)
    widgets.widget(view.PAGE, spec["show"], right)
    shown = view.select(dataset.folder, values)
    editing.review(shown, dataset.folder, view.area_names(dataset), view.event_names(dataset),
                   view_key=f"{values['article']}|{values['show']}", who=who)
url_state.publish(view.PAGE, params, values, dataset)
loading.footer(dataset)
