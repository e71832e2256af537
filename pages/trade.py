"""Trade: figures over the years, part-years like for like, growth on intervals, mirror
statistics and conflicting figures, every number sourced."""

import streamlit as st

from tradeviz.ui import display, keyboard, loading, presenting, style, text, url_state, widgets
from tradeviz.views import trade as view

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
url_state.take_pick(view.PAGE, spec["record"], "chart", view.picked_record(st.session_state.get("trade-chart")))
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"]
if present:
    style.present_style()
else:
    st.title("Trade between Azerbaijan and China")
    st.caption("Goods trade in millions of current US dollars, as each source reports it: each figure with its "
               "qualifier and rounding. Choose years, figures, flows and reporters; click a mark to read its source.")

# The chart comes first: it is what a reader came for, and the browser draws it while the
# widgets below are still arriving.
if shown.chart is None:
    text.info(shown.empty_reason, icon="🔎")
else:
    text.subheader(shown.heading)
    display.chart(shown.chart, key="trade-chart", on_select="rerun")
    text.caption(shown.count_text)
display.record_card(shown.card)
display.changes_since_link(dataset, view.PAGE, shown.rows, "record_id")

if not present:
    with widgets.filters_box():
        for where, key in zip(st.columns([3, 1]), ("years", "milestones")):
            widgets.widget(view.PAGE, spec[key], where)
        measure = ("measure",) if values["periods"] == "annual" else ()
        for where, key in zip(st.columns([3, 2]), ("periods", *measure)):
            widgets.widget(view.PAGE, spec[key], where)
        for key in ("flow", "reporter", *(("mkind", "marea") if values["milestones"] else ()), "present"):
            widgets.widget(view.PAGE, spec[key])
    if shown.chart is not None:
        display.chart_downloads(shown.chart, view.PAGE, shown.description, key="trade-chart", version=dataset.version)
    presenting.add_to_deck(view.PAGE, params, values, dataset)
    link = url_state.permalink(view.PAGE, url_state.query(params, values, dataset))
    for tab, container in widgets.tabs(view.PAGE, spec["tab"]).items():
        if not container.open:
            continue
        with container:
            if tab == "read":
                widgets.widget(view.PAGE, spec["record"], options=shown.picker, labels=shown.picker_labels)
                st.caption("Or click a mark on the chart: its source is shown under the chart.")
            elif tab == "table":
                if shown.figures is None:
                    text.info(shown.empty_reason, icon="🔎")
                else:
                    display.table(shown.figures)
                    display.csv_downloads(shown.download, link, dataset, key="trade-rows")
            elif tab == "compare":
                for where, key in zip(st.columns(3), ("cflow", "a", "b")):
                    widgets.widget(view.PAGE, spec[key], where,
                              labels=None if key == "cflow" else {"": "—", **shown.period_labels})
                display.comparison(shown.comparison)
            elif tab == "growth":
                display.section(shown.section("growth"), heading=False)
                display.section(shown.implied)
            else:
                display.section(shown.section(tab), heading=False)
else:
    if shown.chart is not None:
        display.chart_downloads(shown.chart, view.PAGE, shown.description, key="trade-chart", version=dataset.version)
    keyboard.leave_presentation(view.PAGE)
url_state.publish(view.PAGE, params, values, dataset, link_box=not values["present"])
if not values["present"]:
    loading.footer(dataset)
