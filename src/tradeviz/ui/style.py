"""Our fixed style sheets (every page, a phone, presenting) and whether the screen is a phone."""

from __future__ import annotations

import streamlit as st


# Presenting hides Streamlit's chrome (sidebar, header, toolbar) and letters the slide for the
# back of a room. Our own fixed style sheet: no text from the data is ever part of it.
PRESENT_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"],
[data-testid="stElementToolbar"], .vega-embed .vega-actions, .vega-embed > details {display: none !important;}
.stMainBlockContainer, .block-container {padding: 1.2rem 2.5rem 0.4rem !important; max-width: 100% !important;}
.st-key-slide h1 {font-size: 3.2rem !important; line-height: 1.15 !important; padding: 0 0 0.3rem !important;}
.st-key-slide p, .st-key-slide li {font-size: 1.7rem !important; line-height: 1.35 !important;}
.st-key-slide [data-testid="stMetricValue"], .st-key-slide [data-testid="stMetricValue"] * {font-size: 4.2rem !important;}
.st-key-slide [data-testid="stMetricLabel"], .st-key-slide [data-testid="stMetricLabel"] * {font-size: 1.6rem !important;}
.st-key-slide [data-testid="stMetricDelta"], .st-key-slide [data-testid="stMetricDelta"] * {font-size: 1.5rem !important;}
.st-key-slide [data-testid="stCaptionContainer"] p {font-size: 1.25rem !important;}
.st-key-steps-hidden {display: none !important;}
</style>"""


def present_style() -> None:
    st.html(PRESENT_STYLE)


def is_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its user agent, the marker browsers
    agree on): filters then fold into one expander, so the chart comes first on a small screen."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # noqa: BLE001 - no headers outside a browser session
        agent = ""
    return "Mobi" in agent


# On every screen: a link to a page (a search hit's title) wraps onto more lines rather than
# being cut at the edge.
PAGE_STYLE = """<style>
[data-testid="stPageLink-NavLink"], [data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] p
{white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important;}
</style>"""


# On a phone: the page's side margins go to the charts; tabs wrap onto a second row instead of
# running off the screen's right edge.
PHONE_STYLE = """<style>
.stMainBlockContainer, .block-container {padding-left: 0.5rem !important; padding-right: 0.5rem !important;}
[data-testid="stTabs"] [role="tablist"] {flex-wrap: wrap !important; overflow: visible !important; row-gap: 0.2rem;}
</style>"""


def phone_style() -> None:
    """The page's own style on every screen, and on a phone the phone's."""
    st.html(PAGE_STYLE + (PHONE_STYLE if is_phone() else ""))
