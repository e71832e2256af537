"""Every use of a Streamlit internal, each guarded by tests/test_streamlit_contract.py.

When Streamlit changes what one of these relies on, the contract test fails, so the workaround is
revisited rather than silently broken. Nothing else in tradeviz reaches into Streamlit's runtime.
"""

from __future__ import annotations

import streamlit as st


def ensure_navigation() -> None:
    """Streamlit treats a `pages/` folder next to the entry script as a v1 multipage app until the
    entry script has called st.navigation once in this process: a permalink opened as the very
    first request would run the page without dashboard.py (no navigation, no layout). Flipping
    the flag that st.navigation itself sets and rerunning routes the request through
    dashboard.py. This reads and writes a Streamlit internal because no public API exists for
    it; tests/test_streamlit_contract.py fails if Streamlit changes it, and the browser test
    of a first-request permalink checks the behaviour."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


DROPPED_QUERY_KEY = "tradeviz-dropped-query"


def notice_dropped_queries() -> None:
    """Streamlit drops a query string over its limits (about 1,000 parameters or 512 KB) whole,
    before any script runs, and tells the page nothing. Its check is wrapped so that a dropped
    query string arrives as one parameter saying how large it was, which the page turns into a
    notice. This wraps a Streamlit internal because no public API exists for it;
    tests/test_streamlit_contract.py fails if Streamlit changes it."""
    from streamlit.runtime import app_session

    original = app_session.sanitize_query_string
    if getattr(original, "tradeviz_wrapped", False):
        return

    def sanitize(query_string: str) -> str:
        kept = original(query_string)
        if query_string and not kept:
            return f"{DROPPED_QUERY_KEY}={len(query_string)}.{query_string.count('&') + 1}"
        return kept

    sanitize.tradeviz_wrapped = True
    sanitize.original = original
    app_session.sanitize_query_string = sanitize


def widgets_sent() -> list[str]:
    """The ids of the widgets whose values this session's client sent for this run. Streamlit has
    no public API for this; it keeps the values it received in the session state's
    `_new_widget_state` until the run ends (tests/test_streamlit_contract.py fails if that
    changes, and tests/test_review_protocol.py checks the behaviour with a real client)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return []
    return list(ctx.session_state._state._new_widget_state.states)
