"""Briefing deck: saved views as slides, presented one per screen, kept in the URL."""

import streamlit as st

from tradeviz import ui
from tradeviz.views import deck as view

dataset = ui.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = ui.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
ui.remember_deck(shown.links)

if values["present"]:
    ui.present_style()
    current = shown.current
    ui.slide(current, shown.position, values["screen"],
             view.source_note(current, dataset) if current is not None else "", view.CHART_HEIGHT[values["screen"]])
    ui.steps(view.PAGE, "at", shown.at - 1 if shown.at > 1 else None,
             shown.at + 1 if shown.at < len(shown.slides) else None, leave=("present", False))
else:
    st.title("Briefing deck")
    st.caption(f"“{view.DECK_TITLE}” unless you change it: each slide is a saved view of a page, in order. "
               "Add views with “Add this view to the briefing deck” on any page; present with the button "
               "below (→, PageDown or Space: next; ←, PageUp: back; Esc: leave). The deck lives in the "
               "address, so a reload or a sent link keeps it.")
    left, right = st.columns([2, 3])
    ui.widget(view.PAGE, spec["screen"], left)
    right.button("Present", type="primary", icon=":material/slideshow:", key="deck-present",
                 on_click=ui.set_values, args=(view.PAGE, {"present": True, "at": 1}), disabled=not shown.slides)
    ui.deck_list(view.PAGE, shown)
    ui.pack_downloads(shown, dataset)
ui.publish(view.PAGE, params, values, dataset, link_box=not values["present"])
if not values["present"]:
    ui.footer(dataset)
