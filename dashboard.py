"""Entry point: `streamlit run dashboard.py`. Declares the pages; each page does its own work."""

import streamlit as st


def run() -> None:
    st.set_page_config(page_title="tradeviz · Azerbaijan–China", page_icon="🌐", layout="wide")
    pages = [
        st.Page("pages/overview.py", title="Overview", icon="📊", url_path="overview", default=True),
    ]
    st.navigation(pages).run()


run()
