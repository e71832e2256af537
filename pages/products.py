"""Products: what Azerbaijan and China trade, from imported UN Comtrade files."""

import streamlit as st

from tradeviz.ui import display, keyboard, loading, presenting, style, text, url_state, widgets
from tradeviz.views import products as view

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
present = values["present"] and shown.chart is not None
if present:
    style.present_style()
else:
    st.title("What is traded")
    st.caption("Product-level trade from UN Comtrade, each reporter's own figures: the largest products, growth "
               "between two years, the partner's mirror figure for each, and one product over the years.")

if shown.notice:
    text.warning(shown.notice, icon="⚠️")
if not shown.available:
    text.info(shown.empty_reason, icon="📦")
elif present:
    # Charts only, each with its own title and source line, then a way back.
    # The same image names as outside the presentation view.
    display.chart_with_images(shown.chart, view.PAGE, shown.download.description, "products-chart",
                         shown.download.version, shown.count_text)
    if shown.series is not None:
        display.chart_with_images(shown.series, view.PAGE, shown.series.title, "products-series",
                             shown.download.version, shown.series_text)
    keyboard.leave_presentation(view.PAGE)
else:
    with widgets.filters_box():
        for where, key in zip(st.columns([1, 1, 1]), ("reporter", "partner", "flow")):
            widgets.widget(view.PAGE, spec[key], where)
        widgets.widget(view.PAGE, spec["level"], st)
        period, years, chapter = st.columns([2, 3, 1])
        widgets.widget(view.PAGE, spec["period"], period)
        widgets.widget(view.PAGE, spec["years"], years)
        widgets.widget(view.PAGE, spec["chapter"], chapter)
        if shown.chart is not None:
            widgets.widget(view.PAGE, spec["present"], st)
    if shown.chart is None:
        text.info(shown.empty_reason, icon="🔎")
    else:
        display.chart_with_images(shown.chart, view.PAGE, shown.download.description, "products-chart",
                             shown.download.version, shown.count_text)
        if shown.revision_note:
            text.caption(shown.revision_note)
        display.table(shown.rows)
        if shown.mirror_note:
            text.caption(shown.mirror_note)
        if shown.has_series:
            st.subheader("One product over the years")
            widgets.widget(view.PAGE, spec["product"], st)
            if shown.series is None:
                text.info(shown.series_text, icon="🔎")
            else:
                display.chart_with_images(shown.series, view.PAGE, shown.series.title, "products-series",
                                     shown.download.version, shown.series_text)
link = url_state.publish(view.PAGE, params, values, dataset, link_box=not present)
if not present:
    if shown.chart is not None:
        presenting.add_to_deck(view.PAGE, params, values, dataset)
    if shown.download is not None:
        display.csv_downloads(shown.download, link, dataset, key="products-rows")
    loading.footer(dataset)
