"""Placeholder: built under its own issue."""

import streamlit as st

st.title("timeline")
st.info("This page is being built.")
