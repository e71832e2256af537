"""Trade: figures over the years, part-years like for like, growth on intervals, mirror
statistics and conflicting figures, every number sourced."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import trade as view

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
ui.take_pick(view.PAGE, spec["record"], "chart", view.picked_record(st.session_state.get("trade-chart")))
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"]
if present:
    ui.present_style()
else:
    st.title("Trade between Azerbaijan and China")
    st.caption("Goods trade in millions of current US dollars, as each source reports it: each figure with its "
               "qualifier and rounding. Choose years, figures, flows and reporters; click a mark to read its source.")

# The chart comes first: it is what a reader came for, and the browser draws it while the
# widgets below are still arriving.
if shown.chart is None:
    st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
else:
    st.subheader(ui.escape_markdown(shown.heading))
    ui.chart(shown.chart, key="trade-chart", on_select="rerun")
    st.caption(ui.escape_markdown(shown.count_text))
ui.record_card(shown.card)
ui.changes_since_link(dataset, view.PAGE, shown.rows, "record_id")

if not present:
    with ui.filters_box():
        for where, key in zip(st.columns([3, 1]), ("years", "milestones")):
            ui.widget(view.PAGE, spec[key], where)
        measure = ("measure",) if values["periods"] == "annual" else ()
        for where, key in zip(st.columns([3, 2]), ("periods", *measure)):
            ui.widget(view.PAGE, spec[key], where)
        for key in ("flow", "reporter", *(("mkind", "marea") if values["milestones"] else ()), "present"):
            ui.widget(view.PAGE, spec[key])
    if shown.chart is not None:
        ui.chart_downloads(shown.chart, view.PAGE, shown.description, key="trade-chart", version=dataset.version)
    ui.add_to_deck(view.PAGE, params, values, dataset)
    link = ui.permalink(view.PAGE, ui.query(params, values, dataset))
    for tab, container in ui.tabs(view.PAGE, spec["tab"]).items():
        if not container.open:
            continue
        with container:
            if tab == "read":
                ui.widget(view.PAGE, spec["record"], options=shown.picker, labels=shown.picker_labels)
                st.caption("Or click a mark on the chart: its source is shown under the chart.")
            elif tab == "table":
                if shown.figures is None:
                    st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
                else:
                    ui.table(shown.figures)
                    ui.csv_downloads(shown.download, link, dataset, key="trade-rows")
            elif tab == "compare":
                for where, key in zip(st.columns(3), ("cflow", "a", "b")):
                    ui.widget(view.PAGE, spec[key], where,
                              labels=None if key == "cflow" else {"": "—", **shown.period_labels})
                ui.comparison(shown.comparison)
            elif tab == "growth":
                ui.section(shown.section("growth"), heading=False)
                ui.section(shown.implied)
            else:
                ui.section(shown.section(tab), heading=False)
else:
    if shown.chart is not None:
        ui.chart_downloads(shown.chart, view.PAGE, shown.description, key="trade-chart", version=dataset.version)
    ui.leave_presentation(view.PAGE)
ui.publish(view.PAGE, params, values, dataset, link_box=not values["present"])
if not values["present"]:
    ui.footer(dataset)
