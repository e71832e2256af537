"""Articles: the source articles in full, every figure and milestone taken from them highlighted
at its sentence and linked to its record."""

import streamlit as st

from tradeviz.ui import display, loading, text, url_state, widgets
from tradeviz.views import articles as view

st.title("Articles")
st.caption("The source articles in full. Each sentence that a figure or milestone in the dataset comes from "
           "is highlighted and links to that record on the Trade or Timeline page.")
st.html(view.STYLE)

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
for notice in shown.focus.notices:
    text.warning(notice, icon="⚠️")
# A record alone opens its own article; a record from another article is dropped.
url_state.set_value(view.PAGE, "article", shown.focus.article)
url_state.set_value(view.PAGE, "record", shown.focus.record)
values.update(article=shown.focus.article, record=shown.focus.record)


def open_article(article_id: str) -> None:
    url_state.set_value(view.PAGE, "article", article_id)
    url_state.set_value(view.PAGE, "record", view.NO_RECORD)


with widgets.filters_box():
    for where, key in zip(st.columns([3, 2, 3, 3]), ("q", "area", "published", "article")):
        widgets.widget(view.PAGE, spec[key], where,
                  on_change=(lambda: url_state.set_value(view.PAGE, "record", view.NO_RECORD)) if key == "article" else None)
link = url_state.publish(view.PAGE, params, values, dataset)


def show_list() -> None:
    text.subheader(shown.heading)
    if not shown.stored:
        st.info("No article is stored yet.")
    elif shown.shown.empty:
        st.info("No article matches the search and filters: clear the search or widen the dates.", icon="🔎")
    for card in shown.cards:
        with st.container(border=True):
            st.html(card.html)
            st.button("Read the article", key=f"open-{card.article_id}", on_click=open_article,
                      args=(card.article_id,), type="secondary")
    if shown.download is not None:
        display.csv_downloads(shown.download, link, dataset, key="articles-list")


if shown.opened is None:
    show_list()
else:
    with st.expander(f"All articles ({len(shown.shown)} match the search and filters)"):
        show_list()
    st.button("← Back to the list", key="back", on_click=open_article, args=(view.NO_ARTICLE,))
    text_col, side_col = st.columns([5, 2], gap="large")
    text_col.html(shown.opened.html)
    with side_col:
        st.subheader("Figures and events from this article")
        st.caption("Numbered as in the text. Each links to its place in the text and to its record.")
        widgets.widget(view.PAGE, spec["record"], options=shown.opened.picker, labels=shown.opened.picker_labels)
        st.html(shown.opened.side_panel_html)
    if shown.opened.download is not None:
        st.caption("The figures and events listed beside the article, with their sentences and links:")
        display.csv_downloads(shown.opened.download, link, dataset, key="articles-facts")
    if shown.focus.record:
        st.html(view.focus_scroll_script(shown.focus.record), unsafe_allow_javascript=True)

loading.footer(dataset)
