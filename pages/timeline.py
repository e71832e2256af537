"""Timeline: diplomatic milestones on a time axis, filterable, each with its source."""

import streamlit as st

from tradeviz import metrics, provenance, timeline, ui
from tradeviz.text import escape_markdown

PAGE = "timeline"
CHART = "timeline-chart"
TABLE = "timeline-table"
TABLE_IDS = "_timeline_table_ids"

st.title("Timeline of Azerbaijan–China relations")
st.caption("Visits, agreements, summits and other milestones, each from a named source. A date known only "
           "to the year or the month is drawn across that year or month, never pinned to its first day.")

dataset = ui.load_dataset()
milestones = timeline.prepare(dataset)
names = timeline.area_names(dataset)
params = timeline.params(dataset)
values = ui.view_state(PAGE, params, dataset)
key = lambda name: ui.widget_key(PAGE, name)  # noqa: E731 - short alias for widget keys
spec = {p.key: p for p in params}


def take_pick(source: str, picked: str | None) -> None:
    """A milestone clicked in the chart or selected in the table becomes the one read below.
    Only a new pick counts: the chart and the table keep their last selection while the picker
    may have moved on. Read before any widget is drawn, so this run already shows it."""
    last = f"_timeline_last_{source}"
    if picked != st.session_state.get(last):
        st.session_state[last] = picked
        if picked in spec["milestone"].options:
            st.session_state[key("milestone")] = picked


take_pick("chart", timeline.picked_milestone(st.session_state.get(CHART)))
take_pick("table", timeline.picked_row(st.session_state.get(TABLE), st.session_state.get(TABLE_IDS, [])))

present = values["present"]
with st.expander("Filters", expanded=not present):
    left, middle, right = st.columns(3)
    low, high = spec["years"].bounds
    left.slider("Years", min_value=low, max_value=high, key=key("years"))
    left.text_input("Search titles and summaries", key=key("q"), placeholder="e.g. visa, SCO, Tianjin")
    middle.multiselect("Policy areas", options=list(spec["area"].options), key=key("area"),
                       format_func=lambda a: names.get(a, a), placeholder="All policy areas")
    middle.multiselect("Kinds", options=list(spec["kind"].options), key=key("kind"),
                       format_func=str.capitalize, placeholder="All kinds")
    right.multiselect("Actors", options=list(spec["actor"].options), key=key("actor"), placeholder="Any actor")
    right.segmented_control("One lane per", options=list(timeline.LANES), format_func=timeline.LANES.get,
                            required=True, key=key("lane"))
    right.toggle("Show annual trade turnover", key=key("trade"))
    right.toggle("Presentation view (chart and selected milestone only)", key=key("present"))

values = {p.key: st.session_state.get(key(p.key), p.default) for p in params}
view = timeline.select(milestones, values, names)

st.subheader(escape_markdown(view.description[:1].upper() + view.description[1:]))
st.markdown(f"**{escape_markdown(view.count_text)}**")
if view.shown.empty:
    st.info(escape_markdown(view.empty_reason), icon="🔎")
else:
    turnover = timeline.annual_turnover(dataset, view.filters.years) if values["trade"] else None
    frame = timeline.chart_frame(view.shown, values["lane"], names, values["milestone"], view.filters.areas)
    chart = timeline.timeline_chart(frame, values["lane"], names, view.filters.years, turnover,
                                    subtitle=view.description)
    st.altair_chart(chart, width="stretch", on_select="rerun", selection_mode=[timeline.SELECTION], key=CHART)
    st.caption("Click a point to read the milestone. Filled circle: exact day; hollow diamond: only the month "
               "is known; hollow square: only the year is known. Pale bars span the dates each could be.")
    if turnover is not None:
        st.caption("No full-year turnover figure falls in these years." if turnover.empty else
                   "Grey bars, right axis: annual trade turnover, one bar across each year (a gap is a year "
                   "without a figure). " + metrics.PREFERENCE_RULE)
    if not present:
        ui.chart_downloads(chart, provenance.chart_source_note(view.shown), PAGE, view.description, key="timeline-image")

labels = timeline.milestone_labels(milestones)
st.selectbox("Read a milestone", options=list(spec["milestone"].options), key=key("milestone"),
             format_func=lambda m: labels.get(m, m))
values = {p.key: st.session_state.get(key(p.key), p.default) for p in params}
detail = timeline.milestone_detail(milestones, values["milestone"], names)
if detail is not None:
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(detail.title)}** · {escape_markdown(detail.date_label)}")
        st.caption(escape_markdown(detail.precision_note))
        st.markdown(escape_markdown(detail.summary))
        st.markdown(f"**Kind:** {escape_markdown(detail.kind)}  \n"
                    f"**Actors:** {escape_markdown(', '.join(detail.actors))}  \n"
                    f"**Policy areas:** {escape_markdown(', '.join(detail.areas))}")
        if detail.sentence:
            st.caption("The sentence it comes from:")
            st.text(detail.sentence)
        st.markdown(detail.source_markdown)
        if detail.article_link:
            ui.app_link("pages/articles.py", "articles", "Read it in the article", detail.article_link)
        if detail.same_event:
            st.caption("The same event in other sources: " + escape_markdown("; ".join(detail.same_event)))
        if detail.note:
            st.caption(f"Note: {escape_markdown(detail.note)}")
        if detail.milestone_id not in set(view.shown["milestone_id"]) | set(view.undated["milestone_id"]):
            st.caption("This milestone is outside the current filters.")

query = ui.write_view_state(PAGE, params, values, dataset)
link = ui.show_permalink(PAGE, query)

if not view.shown.empty and not present:
    st.header("The milestones in date order")
    st.caption("Select a row to read it above.")
    table = timeline.export_rows(view.shown)
    st.session_state[TABLE_IDS] = table["milestone_id"].tolist()
    ui.table(table, key=TABLE, on_select="rerun", selection_mode="single-row")
    ui.csv_downloads(table, PAGE, view.description, link, dataset, key="timeline")
    ui.changes_since_link(dataset, PAGE, set(table["milestone_id"]))
if not view.undated.empty and not present:
    st.header("Undated statements")
    st.caption("These match the other filters but give no date, so they cannot be drawn or placed in a "
               "year range.")
    ui.table(timeline.export_rows(view.undated))
ui.footer(dataset)
