"""Entry point: `streamlit run dashboard.py`. Declares the pages (tradeviz.site); each page does
its own work."""

import streamlit as st

from tradeviz import memory, site


def run() -> None:
    memory.tune_for_server()   # once per server process: every later call returns at once
    st.set_page_config(page_title="tradeviz · Azerbaijan–China", page_icon=str(site.ICON), layout="wide")
    pages = [st.Page(page.file, title=page.title, icon=page.icon, url_path=page.url_path,
                     default=(page.url_path == site.DEFAULT)) for page in site.PAGES]
    st.navigation(pages).run()


run()
