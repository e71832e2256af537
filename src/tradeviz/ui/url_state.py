"""A page's values read from the URL or its widgets and written back; permalinks and page links."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tradeviz import site, state, store
from tradeviz.markdown import Markdown, escaped, md
from tradeviz.ui import text
from tradeviz.ui.streamlit_internals import DROPPED_QUERY_KEY
from tradeviz.views import Link


_LAST_QUERY = "_tradeviz_last_query"


_VALUES = "_tradeviz_values"


def widget_key(page: str, key: str) -> str:
    return f"{page}:{key}"


def _current_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _dropped_query(query: dict[str, list[str]]) -> str | None:
    """The notice for a query string Streamlit dropped, read from the marker parameter."""
    marker = (query.pop(DROPPED_QUERY_KEY, None) or [""])[0]
    characters, _, fields = marker.partition(".")
    if not (characters.isdigit() and fields.isdigit()):
        return None
    return state.dropped_query_notice(int(characters), int(fields))


def _widget_value(param: state.Param, value: Any) -> Any:
    if param.widget == "tabs":  # st.tabs keeps the label of the open tab
        return param.label_of(value)
    return list(value) if param.kind == "choices" else value


def _normalised(param: state.Param, value: Any) -> Any:
    if param.widget == "tabs":
        return next((o for o in param.options if param.label_of(o) == value), param.default)
    if param.kind == "choices":
        return tuple(o for o in param.options if o in set(value or ()))
    if param.kind in state.RANGE_KINDS:
        return tuple(value) if value is not None else param.full_range
    return value


def view_state(page: str, params: tuple[state.Param, ...], dataset: store.Dataset) -> dict:
    """The page's current values, one per parameter.

    Read from the URL whenever the URL changed from outside (a link was opened, the page was
    reloaded), seeding the widgets' session state and showing notices for what was ignored;
    otherwise from the widgets. The values are also kept apart from the widgets, because
    Streamlit forgets a widget's state in a run that does not draw it (a presentation view
    without filters must still show the filtered view)."""
    query = _current_query()
    kept = st.session_state.setdefault(_VALUES, {}).setdefault(page, {})
    if query != st.session_state.get(_LAST_QUERY, {}).get(page):
        dropped = _dropped_query(query)
        decoded = state.from_query(params, query)
        for param in params:
            st.session_state[widget_key(page, param.key)] = _widget_value(param, decoded.state[param.key])
        kept.clear()
        kept.update(decoded.state)
        st.session_state[f"_notices_{page}"] = [*decoded.notices, *([dropped] if dropped else [])]
        st.session_state[f"_link_version_{page}"] = decoded.version
    values = {}
    for param in params:
        key = widget_key(page, param.key)
        if key not in st.session_state:
            st.session_state[key] = _widget_value(param, kept.get(param.key, param.default))
        values[param.key] = _normalised(param, st.session_state[key])
    kept.update(values)
    for notice in st.session_state.get(f"_notices_{page}", []):
        text.warning(notice, icon="⚠️")
    opened_at = link_version(page)
    if opened_at and opened_at != dataset.version:
        st.info(f"This link was made with data version {opened_at}; the data has changed since "
                f"(now {dataset.version}). See “What changed” below the chart.", icon="ℹ️")
    return values


def link_version(page: str) -> str | None:
    """The data version named by the link this page was last opened from, if it named one."""
    return st.session_state.get(f"_link_version_{page}")


def take_pick(page: str, param: state.Param, source: str, picked: str | None) -> None:
    """A record clicked in a chart or selected in a table becomes the parameter's value. Only a
    new pick counts: the chart and the table keep their last selection while the picker may
    have moved on. Call it before the view is read, so this run already shows the pick."""
    last = f"_last_pick_{page}_{source}"
    if picked != st.session_state.get(last):
        st.session_state[last] = picked
        if picked is not None and picked in param.members:
            set_value(page, param.key, picked)


def set_value(page: str, key: str, value: Any) -> None:
    """Set a parameter before its widget is drawn (a chart click choosing a record)."""
    st.session_state[widget_key(page, key)] = value


def query(params: tuple[state.Param, ...], values: dict, dataset: store.Dataset) -> dict[str, list[str]]:
    """The view as a query: defaults left out, data version included."""
    return state.to_query(params, values, version=dataset.version)


def publish(page: str, params: tuple[state.Param, ...], values: dict, dataset: store.Dataset,
            link_box: bool = True) -> str:
    """Write the view to the URL, remember it so the next run knows the URL was written by us,
    and show the permalink. Returns the permalink."""
    query = state.to_query(params, values, version=dataset.version)
    address = _current_query()
    written = st.session_state.setdefault(_LAST_QUERY, {})
    # Writing the query pushes a browser-history entry. A link just opened (the address is not
    # what this session last wrote) that already shows this view is left as it is, so Back
    # leaves the page in one press; every change a user makes afterwards is written.
    if address != written.get(page) and state.shows_the_same_view(params, address, query):
        written[page] = address
    else:
        if query != address:
            st.query_params.from_dict(query)
        written[page] = query
    link = permalink(page, query)
    if not link_box:
        return link
    # Lazy: the link box is built only when opened (the address bar holds the same link).
    box = st.expander("Link to this view", key=f"{page}:link-box", on_change="rerun")
    if box.open:
        with box:
            st.code(link, language=None, wrap_lines=True)
            st.caption("Opening this link restores the page with the same filters.")
    return link


def origin() -> str:
    """The public address when one is set (site.PUBLIC_URL_ENV), else 'http://host:port' of the
    browser session ('' outside one, e.g. under AppTest)."""
    if site.public_url():
        return site.public_url()
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - st.context.url is unavailable outside a browser session
        base = ""
    return "/".join(base.split("/")[:3]) if base.startswith("http") else ""


def permalink(url_path: str, query: dict[str, list[str]]) -> str:
    return state.permalink(origin(), url_path, query)


def link(target: Link) -> None:
    """A link to another page's view. Inside the app (same tab, same session) when the page is
    registered by dashboard.py; a page run on its own (AppTest) gets a Markdown permalink."""
    from streamlit.errors import StreamlitPageNotFoundError

    query = {k: list(v) for k, v in target.query.items()}
    try:
        st.page_link(site.BY_PATH[target.page].file, label=escaped(target.label), query_params=query)
    except StreamlitPageNotFoundError:
        # The label is text from the data; the permalink is ours (state.permalink quotes it).
        text.markdown(Markdown(f"{md('[{}]', target.label)}({state.permalink('', target.page, query)})"))


def set_values(page: str, values: dict) -> None:
    for key, value in values.items():
        set_value(page, key, value)
