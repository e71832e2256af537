"""Policy areas: one card per area, each opening the timeline filtered to that area."""

import streamlit as st

from tradeviz import timeline, ui
from tradeviz.text import escape_markdown

COLUMNS = 3

st.title("Policy areas")
st.caption("What ties Azerbaijan and China together, area by area: how many milestones and figures each "
           "holds, its latest event and the article passages behind it.")

dataset = ui.load_dataset()
cards = timeline.area_cards(dataset, timeline.params(dataset))
if not cards:
    st.info("No policy area is stored yet, so there is nothing to show.", icon="🔎")

for start in range(0, len(cards), COLUMNS):
    for column, card in zip(st.columns(COLUMNS), cards[start:start + COLUMNS]):
        with column.container(border=True):
            st.subheader(escape_markdown(card.name))
            st.caption(escape_markdown(card.description))
            left, right = st.columns(2)
            left.metric("Milestones", card.milestones,
                        help=f"{card.undated} of them undated" if card.undated else None)
            right.metric("Figures", card.figures)
            if card.latest:
                st.markdown(f"**Latest event:** {escape_markdown(card.latest)}")
            else:
                st.markdown("**Latest event:** none dated yet")
            if card.passages:
                st.caption("From the articles:")
                for sentence, reader in card.passages:
                    st.markdown(f"> {escape_markdown(sentence)}")
                    ui.app_link("pages/articles.py", "articles", "Read it in the article", reader)
            else:
                st.caption("No article passage is tagged with this area yet.")
            ui.app_link("pages/timeline.py", "timeline", "Open on the timeline", card.timeline_query)

ui.footer(dataset)
