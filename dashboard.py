"""Entry point: `streamlit run dashboard.py`. Declares the pages; each page does its own work."""

import streamlit as st

PAGES = [
    ("pages/overview.py", "Overview", "📊", "overview"),
    ("pages/trade.py", "Trade", "📈", "trade"),
    ("pages/timeline.py", "Timeline", "🗓️", "timeline"),
    ("pages/policy_areas.py", "Policy areas", "🧭", "policy-areas"),
    ("pages/articles.py", "Articles", "📰", "articles"),
    ("pages/data.py", "Data & downloads", "🗂️", "data"),
]


def run() -> None:
    st.set_page_config(page_title="tradeviz · Azerbaijan–China", page_icon="🌐", layout="wide")
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url_path, default=(url_path == "overview"))
        for path, title, icon, url_path in PAGES
    ]
    st.navigation(pages).run()


run()
