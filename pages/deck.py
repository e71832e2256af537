"""Briefing deck: saved views as slides, presented one per screen, kept in the URL."""

import streamlit as st

from tradeviz.ui import keyboard, loading, presenting, style, url_state, widgets
from tradeviz.views import deck as view

dataset = loading.load_dataset()
params = view.params(dataset)
spec = {p.key: p for p in params}
values = url_state.view_state(view.PAGE, params, dataset)
shown = view.select(dataset, values)
presenting.remember_deck(shown.links)

if values["present"]:
    style.present_style()
    current = shown.current
    presenting.slide(current, shown.position, values["screen"],
             view.source_note(current, dataset) if current is not None else "", view.CHART_HEIGHT[values["screen"]])
    keyboard.steps(view.PAGE, "at", shown.at - 1 if shown.at > 1 else None,
             shown.at + 1 if shown.at < len(shown.slides) else None, leave=("present", False))
else:
    st.title("Briefing deck")
    st.caption(f"“{view.DECK_TITLE}” unless you change it: each slide is a saved view of a page, in order. "
               "Add views with “Add this view to the briefing deck” on any page; present with the button "
               "below (→, PageDown or Space: next; ←, PageUp: back; Esc: leave). The deck lives in the "
               "address, so a reload or a sent link keeps it.")
    left, right = st.columns([2, 3])
    widgets.widget(view.PAGE, spec["screen"], left)
    right.button("Present", type="primary", icon=":material/slideshow:", key="deck-present",
                 on_click=url_state.set_values, args=(view.PAGE, {"present": True, "at": 1}), disabled=not shown.slides)
    presenting.deck_list(view.PAGE, shown)
    presenting.pack_downloads(shown, dataset)
url_state.publish(view.PAGE, params, values, dataset, link_box=not values["present"])
if not values["present"]:
    loading.footer(dataset)
