"""Trade: growth comparisons, mirror statistics and conflicting figures, every number sourced."""

import streamlit as st

from tradeviz import charts, filters, metrics, provenance, schema, state, trade_view, ui

PAGE = "trade"

st.title("Trade between Azerbaijan and China")
st.caption("Goods trade in millions of current US dollars, as each source reports it. "
           "Choose periods, flows and reporters; click a point to read its source.")

dataset = ui.load_dataset()
rows = trade_view.prepare(dataset)
params = trade_view.params(rows, dataset)
values = ui.view_state(PAGE, params, dataset)
present = values["present"]


def select_record_from_chart() -> None:
    event = st.session_state.get("trade-chart") or {}
    picked = (event.get("selection") or {}).get(charts.RECORD_SELECTION) or []
    if picked:
        st.session_state[ui.widget_key(PAGE, "record")] = picked[0]["record_id"]


key = lambda name: ui.widget_key(PAGE, name)  # noqa: E731 - short alias for widget keys
spec = {p.key: p for p in params}
with st.expander("Filters and options", expanded=not present):
    left, middle, right = st.columns(3)
    low, high = spec["years"].bounds
    left.slider("Years", min_value=low, max_value=high, key=key("years"))
    left.segmented_control("Periods", options=list(spec["periods"].options), key=key("periods"),
                           format_func=trade_view.PERIOD_LABELS.get)
    middle.multiselect("Flows", options=list(spec["flow"].options), key=key("flow"),
                       format_func=schema.FLOW_LABELS.get)
    middle.multiselect("Reporters", options=list(spec["reporter"].options), key=key("reporter"),
                       format_func=schema.REPORTER_LABELS.get)
    right.toggle("Show diplomatic milestones on the chart", key=key("milestones"))
    right.multiselect("Milestone kinds", options=list(spec["mkind"].options), key=key("mkind"))
    right.multiselect("Milestone policy areas", options=list(spec["marea"].options), key=key("marea"),
                      format_func=trade_view.area_names(dataset).get)
    right.toggle("Presentation view (charts only)", key=key("present"))

values = {p.key: st.session_state.get(key(p.key), p.default) for p in params}
view = trade_view.select(rows, dataset, values)
description = view.description

if view.rows.empty:
    st.info(view.empty_reason, icon="🔎")
else:
    st.subheader(description[:1].upper() + description[1:])
    chart = charts.trade_periods_chart(view.rows, view.milestones, subtitle=description)
    st.altair_chart(chart, width="stretch", height=620, key="trade-chart", on_select=select_record_from_chart,
                    selection_mode=[charts.RECORD_SELECTION])
    st.caption(f"{len(view.rows)} figures shown. " + metrics.PREFERENCE_RULE)
    if not present:
        ui.chart_downloads(chart, provenance.chart_source_note(view.rows), PAGE, description, key="trade-chart")

st.selectbox("Read the source of a figure", options=list(spec["record"].options), key=key("record"),
             format_func=trade_view.record_labels(rows).get)
detail = trade_view.record_detail(rows, values["record"])
if detail is not None:
    with st.container(border=True):
        st.markdown(f"**{ui.escape_markdown(detail.headline)}**")
        if detail.sentence:
            st.caption("The sentence it comes from:")
            st.text(detail.sentence)
        st.markdown(detail.source_markdown)
        if detail.article_link:
            ui.page_link("articles", "Read it in the article", detail.article_link)
        if detail.note:
            st.caption(f"Note: {detail.note}")

st.header("Compare two periods")
cflow_col, a_col, b_col = st.columns(3)
cflow_col.selectbox("Flow", options=list(spec["cflow"].options), key=key("cflow"), format_func=schema.FLOW_LABELS.get)
period_labels = trade_view.period_labels(rows, st.session_state.get(key("cflow"), "turnover"))
a_col.selectbox("From", options=list(spec["a"].options), key=key("a"), format_func=lambda k: period_labels.get(k, k or "—"))
b_col.selectbox("To", options=list(spec["b"].options), key=key("b"), format_func=lambda k: period_labels.get(k, k or "—"))
values = {p.key: st.session_state.get(key(p.key), p.default) for p in params}
comparison = trade_view.comparison(rows, values["cflow"], values["a"], values["b"])
if comparison.message:
    st.info(comparison.message, icon="ℹ️")
else:
    c1, c2, c3, c4 = st.columns(4)
    for column, (label, text) in zip((c1, c2, c3, c4), comparison.figures):
        column.metric(label, text)
    st.altair_chart(comparison.chart, width="stretch", height=420)
    st.caption(comparison.sources)

if not present:
    st.header("Year on year and same period of the prior year")
    st.caption("Computed from stored values beside the growth each source reported. A partial period is "
               "compared only with the same months of the prior year.")
    growth = trade_view.growth_table(rows, view.rows)
    if growth.empty:
        st.info("No figure in view has a value and a period to compare.")
    else:
        ui.table(growth)

    st.header("Mirror statistics")
    mirror = metrics.mirror_gaps(view.rows)
    if mirror.empty:
        st.info("No period in view has figures from both the Azerbaijani and the Chinese side. "
                "2017 is the clearest case: widen the years to include it.")
    else:
        st.altair_chart(charts.mirror_chart(mirror), width="stretch", height=420)
        ui.table(trade_view.mirror_table(mirror))
        st.caption("Side = the statistical basis a source states; where none is stated, Azerbaijani bodies and "
                   "officials count as the Azerbaijani side, while Chinese diplomats (who have quoted both "
                   "sides' data) count for neither. One bar per claim. Possible causes of "
                   "gaps (origin vs destination counting, CIF/FOB) are not stated by the sources.")

    st.header("Conflicting figures")
    st.caption(metrics.PREFERENCE_RULE)
    conflicting = trade_view.conflict_table(view.rows)
    if conflicting.empty:
        st.info("No period in view has more than one figure for the same flow.")
    else:
        ui.table(conflicting)

    st.header("China's rank and share")
    ranks = trade_view.rank_table(rows, values["years"])
    if ranks.empty:
        st.info("No rank or share figure falls in these years.")
    else:
        ui.table(ranks)

query = ui.write_view_state(PAGE, params, values, dataset)
link = ui.show_permalink(PAGE, query)
if not present and not view.rows.empty:
    st.header("The figures behind the chart")
    table = trade_view.export_rows(view.rows)
    ui.table(table)
    ui.csv_downloads(table, PAGE, description, link, dataset, key="trade-rows")
    ui.changes_since_link(dataset, PAGE, set(table["record_id"]))
ui.footer(dataset)
