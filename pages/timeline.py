"""Timeline: diplomatic milestones on a time axis, filterable, each with its source."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import timeline as view

CHART, TABLE = "timeline-chart", "timeline-table"

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}


ui.take_pick(view.PAGE, spec["milestone"], "chart", view.picked_milestone(st.session_state.get(CHART)))
ui.take_pick(view.PAGE, spec["milestone"], "table",
             view.picked_row(st.session_state.get(TABLE), st.session_state.get("_timeline_table_ids", [])))
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"]

if present:
    ui.present_style()
else:
    st.title("Timeline of Azerbaijan–China relations")
    st.caption("Visits, agreements, summits and other milestones, each from a named source. A date known only "
               "to the year or the month is drawn across that year or month, never pinned to its first day.")
# The chart comes first, as on the Trade page: the browser draws it while the rest arrives.
st.subheader(ui.escape_markdown(shown.heading))
st.markdown(f"**{ui.escape_markdown(shown.count_text)}**")
if shown.story is not None:
    story = shown.story
    st.markdown(f"**{ui.escape_markdown(story.heading)}**")
    ui.record_card(story.card)
    if story.chart is not None:
        ui.chart(story.chart, key="story-chart")
    ui.steps(view.PAGE, "milestone", story.previous or None, story.next or None,
             leave=("story", False), labels=("← Earlier event", "Later event →"))
elif shown.chart is None:
    st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
else:
    ui.chart(shown.chart, key=CHART, on_select="rerun")
    st.caption(view.CHART_CAPTION)
    if shown.turnover_note:
        st.caption(ui.escape_markdown(shown.turnover_note))
if shown.story is None:
    ui.record_card(shown.card)
ui.changes_since_link(dataset, view.PAGE, shown.shown, "milestone_id")

if not present:
    with ui.filters_box():
        for where, key in zip(st.columns(3), ("years", "q", "actor")):
            ui.widget(view.PAGE, spec[key], where)
        # Pills across the whole width, so every area and kind shows.
        for key in ("area", "kind"):
            ui.widget(view.PAGE, spec[key])
        for where, key in zip(st.columns(4), ("lane", "trade", "story", "present")):
            ui.widget(view.PAGE, spec[key], where)
    if shown.chart is not None:
        ui.chart_downloads(shown.chart, view.PAGE, shown.description, key="timeline-image", version=dataset.version)
    ui.add_to_deck(view.PAGE, params, values, dataset)
    link = ui.permalink(view.PAGE, ui.query(params, values, dataset))
    tabs = ui.tabs(view.PAGE, spec["tab"])
    if tabs["read"].open:
        with tabs["read"]:
            ui.widget(view.PAGE, spec["milestone"], options=shown.picker, labels=shown.picker_labels)
            st.caption("Or click a point on the chart, or a row of the table: the milestone is shown under the chart.")
    if tabs["milestones"].open:
        with tabs["milestones"]:
            if shown.table is None:
                st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
            else:
                st.caption("Select a row to read it above.")
                st.session_state["_timeline_table_ids"] = list(shown.table_ids)
                ui.table(shown.table, key=TABLE, on_select="rerun", selection_mode="single-row")
                ui.csv_downloads(shown.download, link, dataset, key="timeline")
    if tabs["undated"].open:
        with tabs["undated"]:
            st.caption("These match the other filters but give no date, so they cannot be drawn or placed in a "
                       "year range.")
            ui.section(shown.undated_section, heading=False)
else:
    if shown.chart is not None:
        ui.chart_downloads(shown.chart, view.PAGE, shown.description, key="timeline-image", version=dataset.version)
    ui.leave_presentation(view.PAGE)
ui.publish(view.PAGE, params, values, dataset, link_box=not values["present"])
if not values["present"]:
    ui.footer(dataset)
