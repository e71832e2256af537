"""Policy areas: one card per area, each opening the timeline filtered to that area."""

import streamlit as st

from tradeviz.ui import loading, presenting, text, url_state
from tradeviz.views import policy_areas as view

COLUMNS = 3

st.title("Policy areas")
st.caption("What ties Azerbaijan and China together, area by area: how many milestones and figures each "
           "holds, its latest event and the article passages behind it.")

dataset = loading.load_dataset()
params = view.params(dataset)
values = url_state.view_state(view.PAGE, params, dataset)
cards = view.select(dataset, values)
if not cards:
    st.info("No policy area is stored yet, so there is nothing to show.", icon="🔎")

for start in range(0, len(cards), COLUMNS):
    for column, card in zip(st.columns(COLUMNS), cards[start:start + COLUMNS]):
        with column.container(border=True):
            text.subheader(card.name)
            text.caption(card.description)
            left, right = st.columns(2)
            text.metric("Milestones", card.milestones, help=f"{card.undated} of them undated" if card.undated else None, where=left)
            text.metric("Figures", card.figures, where=right)
            text.markdown(text.md("**Latest event:** {}", card.latest or 'none dated yet'))
            if card.planned:
                text.markdown(text.md("**Planned:** {}", card.planned))
            if card.passages:
                st.caption("From the articles:")
                for sentence, reader in card.passages:
                    text.markdown(text.md("> {}", sentence))
                    url_state.link(reader)
            else:
                st.caption("No article passage is tagged with this area yet.")
            url_state.link(card.timeline_link)

presenting.add_to_deck(view.PAGE, params, values, dataset)
loading.footer(dataset)
