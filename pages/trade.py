"""Trade: growth comparisons, mirror statistics and conflicting figures, every number sourced."""

import streamlit as st

from tradeviz import ui
from tradeviz.charts import RECORD_SELECTION
from tradeviz.views import trade as view

st.title("Trade between Azerbaijan and China")
st.caption("Goods trade in millions of current US dollars, as each source reports it. "
           "Choose periods, flows and reporters; click a point to read its source.")

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}


def take_chart_pick() -> None:
    picked = ((st.session_state.get("trade-chart") or {}).get("selection") or {}).get(RECORD_SELECTION) or []
    if picked:
        ui.set_value(view.PAGE, "record", picked[0]["record_id"])


values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"]

with st.expander("Filters and options", expanded=not present):
    for where, keys in zip(st.columns(3), (("years", "periods"), ("flow", "reporter"),
                                           ("milestones", "mkind", "marea", "present"))):
        for key in keys:
            ui.widget(view.PAGE, spec[key], where)

if shown.chart is None:
    st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
else:
    st.subheader(ui.escape_markdown(shown.heading))
    ui.chart(shown.chart, key="trade-chart", on_select=take_chart_pick)
    st.caption(shown.count_text)
    if not present:
        ui.chart_downloads(shown.chart, view.PAGE, shown.description, key="trade-chart")

ui.widget(view.PAGE, spec["record"], options=shown.picker, labels=shown.picker_labels)
ui.record_card(shown.card)

st.header("Compare two periods")
for where, key in zip(st.columns(3), ("cflow", "a", "b")):
    ui.widget(view.PAGE, spec[key], where, labels=None if key == "cflow" else {"": "—", **shown.period_labels})
if shown.comparison.message:
    st.info(ui.escape_markdown(shown.comparison.message), icon="ℹ️")
else:
    for column, (label, text) in zip(st.columns(4), shown.comparison.figures):
        column.metric(label, text)
    ui.chart(shown.comparison.chart, key="comparison-chart")
    st.caption(ui.escape_markdown(shown.comparison.sources))

for part in () if present else (*shown.sections, shown.ranks):
    ui.section(part)

link = ui.publish(view.PAGE, params, values, dataset)
if not present and shown.figures is not None:
    st.header("The figures behind the chart")
    ui.table(shown.figures)
    ui.csv_downloads(shown.download, link, dataset, key="trade-rows")
    ui.changes_since_link(dataset, view.PAGE, shown.rows["record_id"])
ui.footer(dataset)
