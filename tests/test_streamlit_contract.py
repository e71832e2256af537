"""What tradeviz.ui.streamlit_internals relies on in Streamlit's internals, one test per use: these
fail when Streamlit changes it, so the workaround is revisited rather than silently broken
(tests/test_layering.py checks that no other module reaches into Streamlit and that every function
of that module is named here). The behaviour itself is tested with real clients: a permalink
opened as the first request of a server gets the navigation (test_browser_trade.py), an oversized
query string gets a notice, a save sent by a session that is not an editor's is refused and
logged (test_review_protocol.py)."""

import inspect

import streamlit.commands.navigation as navigation
import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.runtime.pages_manager import PagesManager


# streamlit_internals.ensure_navigation


def test_pages_manager_still_has_the_pages_directory_flag():
    assert hasattr(PagesManager, "uses_pages_directory")


def test_the_script_runner_still_runs_pages_as_v1_while_the_flag_is_set():
    source = inspect.getsource(script_runner)
    assert "if PagesManager.uses_pages_directory:" in source
    assert "_mpa_v1(" in source


def test_st_navigation_still_clears_the_flag():
    # What ensure_navigation does by hand is what st.navigation does when dashboard.py runs.
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation)


def test_app_session_still_drops_an_oversized_query_string_through_sanitize_query_string():
    # streamlit_internals.notice_dropped_queries wraps this function to turn a dropped query into a notice.
    import streamlit.runtime.app_session as app_session

    assert "query_string = sanitize_query_string(client_state.query_string)" in inspect.getsource(app_session)
    sanitize = getattr(app_session.sanitize_query_string, "original", app_session.sanitize_query_string)
    assert sanitize("a=1&" * 1000 + "b=2") == ""
    assert sanitize("a=1") == "a=1"


def test_session_state_still_keeps_the_widget_values_a_client_sent_until_the_run_ends():
    """streamlit_internals.widgets_sent reads them to log a save sent by a session that is not an editor."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
    from streamlit.runtime.state.session_state import SessionState

    state = SessionState()
    sent = WidgetStates(widgets=[WidgetState(id="$$ID-abc-review-save", trigger_value=True)])
    state.on_script_will_rerun(sent)
    assert list(state._new_widget_state.states) == ["$$ID-abc-review-save"]
