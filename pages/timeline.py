"""Timeline: diplomatic milestones on a time axis, filterable, each with its source."""

import streamlit as st

from tradeviz.ui import display, keyboard, loading, presenting, style, text, url_state, widgets
from tradeviz.views import timeline as view

CHART, TABLE = "timeline-chart", "timeline-table"

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}


url_state.take_pick(view.PAGE, spec["milestone"], "chart", view.picked_milestone(st.session_state.get(CHART)))
url_state.take_pick(view.PAGE, spec["milestone"], "table",
             view.picked_row(st.session_state.get(TABLE), st.session_state.get("_timeline_table_ids", [])))
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"]

if present:
    style.present_style()
else:
    st.title("Timeline of Azerbaijan–China relations")
    st.caption("Visits, agreements, summits and other milestones, each from a named source. A date known only "
               "to the year or the month is drawn across that year or month, never pinned to its first day.")
# The chart comes first, as on the Trade page: the browser draws it while the rest arrives.
text.subheader(shown.heading)
text.markdown(text.md("**{}**", shown.count_text))
if shown.story is not None:
    story = shown.story
    text.markdown(text.md("**{}**", story.heading))
    display.record_card(story.card)
    if story.chart is not None:
        display.chart(story.chart, key="story-chart")
    keyboard.steps(view.PAGE, "milestone", story.previous or None, story.next or None,
             leave=("story", False), labels=("← Earlier event", "Later event →"))
elif shown.chart is None:
    text.info(shown.empty_reason, icon="🔎")
else:
    display.chart(shown.chart, key=CHART, on_select="rerun")
    st.caption(view.CHART_CAPTION)
    if shown.turnover_note:
        text.caption(shown.turnover_note)
if shown.story is None:
    display.record_card(shown.card)
display.changes_since_link(dataset, view.PAGE, shown.shown, "milestone_id")

if not present:
    with widgets.filters_box():
        for where, key in zip(st.columns(3), ("years", "q", "actor")):
            widgets.widget(view.PAGE, spec[key], where)
        # Pills across the whole width, so every area and kind shows.
        for key in ("area", "kind"):
            widgets.widget(view.PAGE, spec[key])
        for where, key in zip(st.columns(4), ("lane", "trade", "story", "present")):
            widgets.widget(view.PAGE, spec[key], where)
    if shown.chart is not None:
        display.chart_downloads(shown.chart, view.PAGE, shown.description, key="timeline-image", version=dataset.version)
    presenting.add_to_deck(view.PAGE, params, values, dataset)
    link = url_state.permalink(view.PAGE, url_state.query(params, values, dataset))
    tabs = widgets.tabs(view.PAGE, spec["tab"])
    if tabs["read"].open:
        with tabs["read"]:
            widgets.widget(view.PAGE, spec["milestone"], options=shown.picker, labels=shown.picker_labels)
            st.caption("Or click a point on the chart, or a row of the table: the milestone is shown under the chart.")
    if tabs["milestones"].open:
        with tabs["milestones"]:
            if shown.table is None:
                text.info(shown.empty_reason, icon="🔎")
            else:
                st.caption("Select a row to read it above.")
                st.session_state["_timeline_table_ids"] = list(shown.table_ids)
                display.table(shown.table, key=TABLE, on_select="rerun", selection_mode="single-row")
                display.csv_downloads(shown.download, link, dataset, key="timeline")
    if tabs["undated"].open:
        with tabs["undated"]:
            st.caption("These match the other filters but give no date, so they cannot be drawn or placed in a "
                       "year range.")
            display.section(shown.undated_section, heading=False)
else:
    if shown.chart is not None:
        display.chart_downloads(shown.chart, view.PAGE, shown.description, key="timeline-image", version=dataset.version)
    keyboard.leave_presentation(view.PAGE)
url_state.publish(view.PAGE, params, values, dataset, link_box=not values["present"])
if not values["present"]:
    loading.footer(dataset)
