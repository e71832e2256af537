"""The yardstick page: one Altair line chart of 1,000 rows, as a typical Streamlit hello page.
Every page of the dashboard is measured against it in the same process (see bench.py)."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

st.title("Hello")
frame = pd.DataFrame({"x": np.arange(1000), "y": np.sin(np.arange(1000) / 50.0)})
upto = st.slider("Points", min_value=10, max_value=1000, value=1000, key="points")
st.altair_chart(alt.Chart(frame[frame["x"] < upto]).mark_line().encode(x="x:Q", y="y:Q"), width="stretch")
