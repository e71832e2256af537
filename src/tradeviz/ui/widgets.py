"""The widgets a view's parameters declare, keyed so url_state reads them back; filters, search box."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from tradeviz import site, state
from tradeviz.markdown import escaped
from tradeviz.ui.style import is_phone
from tradeviz.ui.url_state import link, widget_key
from tradeviz.views import Link


def widget(page: str, param: state.Param, where=st, options=None, labels=None, on_change: Callable | None = None):
    """Draw the widget a parameter declares, keyed so `view_state` reads it. `options` and
    `labels` replace the parameter's own where the view narrows them (a picker of the figures
    in view)."""
    key = widget_key(page, param.key)
    options = list(param.options if options is None else options)
    labels = param.labels if labels is None else labels
    label_of = (lambda o: labels.get(o, o)) if labels else str
    # Pills and segmented controls render their option labels as Markdown; a label may come
    # from the data (an area's name), so it goes through the one escaping function.
    markdown_label_of = lambda o: escaped(label_of(o))  # noqa: E731
    common = dict(key=key, help=param.help, on_change=on_change)
    kind = param.widget
    if kind == "slider":
        low, high = param.bounds
        return where.slider(param.label, min_value=low, max_value=high, **common)
    if kind == "multiselect":
        return where.multiselect(param.label, options=options, format_func=label_of,
                                 placeholder=param.placeholder, **common)
    if kind == "pills":
        # The label says how many are chosen once some are (a pills widget keeps its state by key,
        # whatever its label).
        label = state.choices_label(param.label, len(st.session_state.get(key) or ()), len(options))
        return where.pills(label, options=options, format_func=markdown_label_of, selection_mode="multi", **common)
    if kind == "segmented":
        return where.segmented_control(param.label, options=options, format_func=markdown_label_of, required=True, **common)
    if kind == "selectbox":
        return where.selectbox(param.label, options=options, format_func=label_of, **common)
    if kind == "text":
        return where.text_input(param.label, placeholder=param.placeholder, **common)
    if kind == "toggle":
        return where.toggle(param.label, **common)
    if kind == "date":
        low, high = param.bounds
        return where.date_input(param.label, min_value=low, max_value=high, format="YYYY-MM-DD", **common)
    raise ValueError(f"{param.key}: no widget of kind {kind!r}")


def tabs(page: str, param: state.Param) -> dict[str, Any]:
    """Tabs that run lazily: only the open one's content is computed and sent (check `.open`).
    The open tab is a parameter of the view, so a permalink reopens it."""
    containers = st.tabs([param.label_of(o) for o in param.options], key=widget_key(page, param.key),
                         on_change="rerun")
    return dict(zip(param.options, containers))


def search_box(page: str) -> None:
    """A box that opens the Search page with its words (Enter or the button): a form, so the
    words act once, not on every later run of this page."""
    with st.form(f"{page}-search", border=False, enter_to_submit=True):
        words_typed = st.text_input("Search everything", placeholder="e.g. first visit, Middle Corridor, visa, SCO",
                                    key=f"{page}-search-words")
        submitted = st.form_submit_button("Search", icon=":material/search:")
    if submitted and words_typed.strip():
        from streamlit.errors import StreamlitPageNotFoundError

        query = {"q": words_typed.strip()[: state.MAX_TEXT_LENGTH]}
        try:
            st.switch_page(site.BY_PATH["search"].file, query_params=query)
        except StreamlitPageNotFoundError:  # a page run on its own (AppTest): a link instead
            link(Link("search", f"Search for “{query['q']}”", {"q": [query["q"]]}))


def filters_box():
    """Where a page's filters go: a bordered box, or on a phone one closed expander."""
    if is_phone():
        return st.expander("Filters", expanded=False, icon=":material/tune:")
    return st.container(border=True)
