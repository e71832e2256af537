"""Policy areas: one card per area, each opening the timeline filtered to that area."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import policy_areas as view

COLUMNS = 3

st.title("Policy areas")
st.caption("What ties Azerbaijan and China together, area by area: how many milestones and figures each "
           "holds, its latest event and the article passages behind it.")

dataset = ui.load_dataset()
params = view.params(dataset)
values = ui.view_state(view.PAGE, params, dataset)
cards = view.select(dataset, values)
if not cards:
    st.info("No policy area is stored yet, so there is nothing to show.", icon="🔎")

for start in range(0, len(cards), COLUMNS):
    for column, card in zip(st.columns(COLUMNS), cards[start:start + COLUMNS]):
        with column.container(border=True):
            st.subheader(ui.escape_markdown(card.name))
            st.caption(ui.escape_markdown(card.description))
            left, right = st.columns(2)
            ui.metric("Milestones", card.milestones, help=f"{card.undated} of them undated" if card.undated else None, where=left)
            ui.metric("Figures", card.figures, where=right)
            st.markdown(f"**Latest event:** {ui.escape_markdown(card.latest or 'none dated yet')}")
            if card.planned:
                st.markdown(f"**Planned:** {ui.escape_markdown(card.planned)}")
            if card.passages:
                st.caption("From the articles:")
                for sentence, reader in card.passages:
                    st.markdown(f"> {ui.escape_markdown(sentence)}")
                    ui.link(reader)
            else:
                st.caption("No article passage is tagged with this area yet.")
            ui.link(card.timeline_link)

ui.add_to_deck(view.PAGE, params, values, dataset)
ui.footer(dataset)
