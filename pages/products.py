"""Products: what Azerbaijan and China trade, from imported UN Comtrade files."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import products as view

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"] and shown.chart is not None
if present:
    ui.present_style()
else:
    st.title("What is traded")
    st.caption("Product-level trade from UN Comtrade, each reporter's own figures: the largest products, growth "
               "between two years, the partner's mirror figure for each, and one product over the years.")

if shown.notice:
    st.warning(ui.escape_markdown(shown.notice), icon="⚠️")
if not shown.available:
    st.info(ui.escape_markdown(shown.empty_reason), icon="📦")
elif present:
    # Charts only, each with its own title and source line, then a way back.
    # The same image names as outside the presentation view.
    ui.chart_with_images(shown.chart, view.PAGE, shown.download.description, "products-chart",
                         shown.download.version, shown.count_text)
    if shown.series is not None:
        ui.chart_with_images(shown.series, view.PAGE, shown.series.title, "products-series",
                             shown.download.version, shown.series_text)
    ui.leave_presentation(view.PAGE)
else:
    with ui.filters_box():
        for where, key in zip(st.columns([1, 1, 1]), ("reporter", "partner", "flow")):
            ui.widget(view.PAGE, spec[key], where)
        ui.widget(view.PAGE, spec["level"], st)
        period, years, chapter = st.columns([2, 3, 1])
        ui.widget(view.PAGE, spec["period"], period)
        ui.widget(view.PAGE, spec["years"], years)
        ui.widget(view.PAGE, spec["chapter"], chapter)
        if shown.chart is not None:
            ui.widget(view.PAGE, spec["present"], st)
    if shown.chart is None:
        st.info(ui.escape_markdown(shown.empty_reason), icon="🔎")
    else:
        ui.chart_with_images(shown.chart, view.PAGE, shown.download.description, "products-chart",
                             shown.download.version, shown.count_text)
        if shown.revision_note:
            st.caption(ui.escape_markdown(shown.revision_note))
        ui.table(shown.rows)
        if shown.mirror_note:
            st.caption(ui.escape_markdown(shown.mirror_note))
        if shown.has_series:
            st.subheader("One product over the years")
            ui.widget(view.PAGE, spec["product"], st)
            if shown.series is None:
                st.info(ui.escape_markdown(shown.series_text), icon="🔎")
            else:
                ui.chart_with_images(shown.series, view.PAGE, shown.series.title, "products-series",
                                     shown.download.version, shown.series_text)
link = ui.publish(view.PAGE, params, values, dataset, link_box=not present)
if not present:
    if shown.chart is not None:
        ui.add_to_deck(view.PAGE, params, values, dataset)
    if shown.download is not None:
        ui.csv_downloads(shown.download, link, dataset, key="products-rows")
    ui.footer(dataset)
