"""Placeholder: built under its own issue."""

import streamlit as st

st.title("policy_areas")
st.info("This page is being built.")
