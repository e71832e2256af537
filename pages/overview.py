"""Overview: headline figures and trade over time, each figure with its source."""

import streamlit as st

from tradeviz import charts, filters, metrics, provenance, ui

st.title("Azerbaijan–China relations at a glance")
st.caption("Bilateral trade, diplomatic milestones and the articles they come from. "
           "Every figure below names its source.")

dataset = ui.load_dataset()
trade = metrics.preferred(filters.attach_sources(dataset["trade"], dataset["sources"]), dataset["sources"])

latest = metrics.latest_preferred(trade, "turnover", kind="annual")
rank = metrics.latest_preferred(trade, "trading_partner_rank")
milestones = dataset["milestones"]

col_turnover, col_rank, col_milestones = st.columns(3)
with col_turnover:
    if latest is None:
        st.info("No annual turnover figure is stored.")
    else:
        growth = metrics.format_growth(latest["growth_reported"], latest["growth_unit"], latest["growth_qualifier"])
        st.metric(f"Trade turnover, {latest['period_label']}",
                  metrics.format_value(latest["value"], latest["unit"], latest["qualifier"]),
                  delta=f"{growth} as reported" if growth else None)
        st.caption(ui.source_line(latest))
with col_rank:
    if rank is None:
        st.info("No partner-rank figure is stored.")
    else:
        st.metric(f"China's partner rank, {rank['period_label']}",
                  metrics.format_value(rank["value"], rank["unit"], rank["qualifier"]),
                  help="China's rank among Azerbaijan's trading partners, latest period stated")
        st.caption(ui.source_line(rank))
with col_milestones:
    st.metric("Diplomatic milestones recorded", f"{milestones['event_key'].nunique()}")
    st.caption(f"{len(milestones)} source statements about {milestones['event_key'].nunique()} events, "
               f"from {len(dataset['sources'])} sources.")

if trade.empty:
    st.info("No trade figures to chart.")
else:
    chart = charts.annual_turnover_chart(trade)
    st.altair_chart(chart, width="stretch", height=560)
    st.caption(metrics.PREFERENCE_RULE)
    drawn = trade[(trade["flow"] == "turnover") & trade["value"].notna()
                  & (metrics.period_kind(trade["period_start"], trade["period_end"]) == "annual")]
    ui.chart_downloads(chart, provenance.chart_source_note(drawn), "overview", "annual turnover",
                       key="overview-chart")

ui.footer(dataset)
