"""Placeholder: built under its own issue."""

import streamlit as st

st.title("trade")
st.info("This page is being built.")
