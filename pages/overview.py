"""Overview: headline figures and trade over time, each figure with its source."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import overview as view

st.title("Azerbaijan–China relations at a glance")
st.caption("Bilateral trade, diplomatic milestones and the articles they come from. "
           "Every figure below names its source.")

dataset = ui.load_dataset()
params = view.params(dataset)
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
ui.search_box(view.PAGE)

col_turnover, col_rank, col_milestones = st.columns(3)
for column, headline, missing in ((col_turnover, shown.turnover, "No annual turnover figure is stored."),
                                  (col_rank, shown.rank, "No partner-rank figure is stored.")):
    with column:
        if headline is None:
            st.info(missing)
        else:
            ui.metric(headline.label, headline.value, delta=headline.delta, help=headline.help)
            st.caption(headline.source)
with col_milestones:
    ui.metric(shown.EVENTS_LABEL, shown.events)
    st.caption(shown.milestones_caption)

if shown.chart is None:
    st.info("No trade figures to chart.")
else:
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        ui.chart(shown.chart, key="overview-chart", heading=True)
    with table_tab:
        ui.table(shown.table)
    st.caption(view.PREFERENCE_RULE)
    ui.chart_downloads(shown.chart, view.PAGE, "annual turnover", key="overview-chart", version=dataset.version)
ui.add_to_deck(view.PAGE, params, values, dataset)

ui.footer(dataset)
