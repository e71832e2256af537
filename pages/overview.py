"""Overview: headline figures and trade over time, each figure with its source."""

import streamlit as st

from tradeviz.ui import display, loading, presenting, text, url_state, widgets
from tradeviz.views import overview as view

st.title("Azerbaijan–China relations at a glance")
st.caption("Bilateral trade, diplomatic milestones and the articles they come from. "
           "Every figure below names its source.")

dataset = loading.load_dataset()
params = view.params(dataset)
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
widgets.search_box(view.PAGE)

col_turnover, col_rank, col_milestones = st.columns(3)
for column, headline, missing in ((col_turnover, shown.turnover, "No annual turnover figure is stored."),
                                  (col_rank, shown.rank, "No partner-rank figure is stored.")):
    with column:
        if headline is None:
            st.info(missing)
        else:
            text.metric(headline.label, headline.value, delta=headline.delta, help=headline.help)
            text.caption(headline.source)   # Markdown: provenance.source_line escaped its text
with col_milestones:
    text.metric(shown.EVENTS_LABEL, shown.events)
    st.caption(shown.milestones_caption)

if shown.chart is None:
    st.info("No trade figures to chart.")
else:
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        display.chart(shown.chart, key="overview-chart", heading=True)
    with table_tab:
        display.table(shown.table)
    st.caption(view.PREFERENCE_RULE)
    display.chart_downloads(shown.chart, view.PAGE, "annual turnover", key="overview-chart", version=dataset.version)
presenting.add_to_deck(view.PAGE, params, values, dataset)

loading.footer(dataset)
