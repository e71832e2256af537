"""Timeline: diplomatic milestones on a time axis, filterable, each with its source."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import timeline as view

CHART, TABLE = "timeline-chart", "timeline-table"

st.title("Timeline of Azerbaijan–China relations")
st.caption("Visits, agreements, summits and other milestones, each from a named source. A date known only "
           "to the year or the month is drawn across that year or month, never pinned to its first day.")

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}


def take_pick(source: str, picked: str | None) -> None:
    """A milestone clicked in the chart or selected in the table becomes the one read below.
    Only a new pick counts: the chart and the table keep their last selection while the picker
    may have moved on. Read before any widget is drawn, so this run already shows it."""
    last = f"_timeline_last_{source}"
    if picked != st.session_state.get(last):
        st.session_state[last] = picked
        if picked in spec["milestone"].members:
            ui.set_value(view.PAGE, "milestone", picked)


take_pick("chart", view.picked_milestone(st.session_state.get(CHART)))
take_pick("table", view.picked_row(st.session_state.get(TABLE), st.session_state.get("_timeline_table_ids", [])))
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"]

with st.expander("Filters", expanded=not present):
    for where, keys in zip(st.columns(3), (("years", "q"), ("area", "kind"), ("actor", "lane", "trade", "present"))):
        for key in keys:
            ui.widget(view.PAGE, spec[key], where)

st.subheader(ui.escape_markdown(shown.heading))
st.markdown(f"**{ui.escape_markdown(shown.count_text)}**")
if shown.chart is None:
    st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
else:
    ui.chart(shown.chart, key=CHART, on_select="rerun")
    st.caption("Click a point to read the milestone. Filled circle: exact day; hollow diamond: only the month "
               "is known; hollow square: only the year is known. Pale bars span the dates each could be.")
    if shown.turnover_note:
        st.caption(ui.escape_markdown(shown.turnover_note))
    if not present:
        ui.chart_downloads(shown.chart, view.PAGE, shown.description, key="timeline-image")

ui.widget(view.PAGE, spec["milestone"], options=shown.picker, labels=shown.picker_labels)
ui.record_card(shown.card)

link = ui.publish(view.PAGE, params, values, dataset)
if shown.table is not None and not present:
    st.header("The milestones in date order")
    st.caption("Select a row to read it above.")
    st.session_state["_timeline_table_ids"] = list(shown.table_ids)
    ui.table(shown.table, key=TABLE, on_select="rerun", selection_mode="single-row")
    ui.csv_downloads(shown.download, link, dataset, key="timeline")
    ui.changes_since_link(dataset, view.PAGE, shown.shown["milestone_id"])
if shown.undated_table is not None and not present:
    st.header("Undated statements")
    st.caption("These match the other filters but give no date, so they cannot be drawn or placed in a "
               "year range.")
    ui.table(shown.undated_table)
ui.footer(dataset)
