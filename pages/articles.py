"""Placeholder: built under its own issue."""

import streamlit as st

st.title("articles")
st.info("This page is being built.")
