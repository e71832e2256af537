"""Entry point: `streamlit run dashboard.py`. Declares the pages; each page does its own work."""

import streamlit as st

PAGES = [
    ("pages/overview.py", "Overview", ":material/dashboard:", "overview"),
    ("pages/trade.py", "Trade", ":material/show_chart:", "trade"),
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/policy_areas.py", "Policy areas", ":material/category:", "policy-areas"),
    ("pages/articles.py", "Articles", ":material/article:", "articles"),
    ("pages/data.py", "Data & downloads", ":material/download:", "data"),
]


def run() -> None:
    st.set_page_config(page_title="tradeviz · Azerbaijan–China", page_icon=":material/public:", layout="wide")
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url_path, default=(url_path == "overview"))
        for path, title, icon, url_path in PAGES
    ]
    st.navigation(pages).run()


run()
