"""The briefing deck drawn: a slide, the list of slides, adding a view, the briefing pack's downloads."""

from __future__ import annotations

import streamlit as st

from tradeviz import charts, site, state, store, words
from tradeviz.markdown import md
from tradeviz.ui import text
from tradeviz.ui.display import chart
from tradeviz.ui.url_state import link, origin, set_value, set_values
from tradeviz.views import Link


SLIDE_WIDTH = {"1080": 1840, "720": 1200}


def slide(shown, position: str, screen: str, source_note: str, chart_height: int) -> None:
    """One slide: title, takeaway, the chart (or figures, or lines), the card of a story, the
    source line and where the slide stands. Every text from the data is escaped."""
    if shown is None:
        st.info("This deck has no slides yet: add views from any page with “Add to the briefing deck”.")
        return
    with st.container(key="slide"):
        text.markdown(md("# {}", shown.title))
        if shown.takeaway:
            text.markdown(shown.takeaway)
        if shown.problem:
            text.warning(shown.problem, icon="⚠️")
        if shown.figures:
            for column, (label, value, change) in zip(st.columns(len(shown.figures)), shown.figures):
                text.metric(label, value, delta=change or None, where=column)
        if shown.card is not None:
            card = shown.card
            facts = " · ".join(f"{k}: {v}" for k, v in card.facts)
            text.markdown(" · ".join(x for x in (card.subtitle, facts) if x))
            if card.sentence:
                text.caption(f"“{card.sentence}”")
            if card.article_link:
                link(card.article_link)
        if shown.chart is not None:
            # A chart as tall as the slide leaves it, or as its own content needs, whichever is
            # less (a timeline sizes itself by its rows within that height: for_slide).
            own = shown.chart.spec.get("height") if isinstance(shown.chart.spec.get("height"), int) else None
            natural = (shown.chart.spec.get("usermeta") or {}).get("natural_height")
            height = chart_height - (150 if shown.figures else 0) - (160 if shown.card else 0)
            if own and not natural:
                height = min(height, int(own * 1.6) + 170)
            chart(charts.for_slide(shown.chart, SLIDE_WIDTH[screen], height), key="slide-chart")
        for item in shown.items:
            text.markdown(md("- {}", item))
        if shown.chart is None and source_note:
            text.caption(source_note)
        st.caption(position)


def add_to_deck(page: str, params: tuple[state.Param, ...], values: dict, dataset: store.Dataset) -> None:
    """“Add to the briefing deck”: this view becomes the deck's last slide (the deck this
    session last showed, or the default one); then a link opens the deck."""
    from tradeviz.views import deck

    deck_params = deck.params(dataset)
    current = st.session_state.get(DECK_LINKS, deck.DEFAULT_DECK)
    this = deck.link_of(page, state.to_query(params, values))
    clicked = st.button("Add this view to the briefing deck", key=f"{page}-add-to-deck", icon=":material/add:")
    if clicked:
        current = deck.added(tuple(current), this)
        st.session_state[DECK_LINKS] = current
        st.session_state[f"{page}-added"] = this
    if st.session_state.get(f"{page}-added") == this:
        link(Link(deck.PAGE, f"Open the briefing deck ({words.plural(len(current), 'slide')})",
                  deck.deck_query(deck_params, tuple(current), at=len(current))))


DECK_LINKS = "_tradeviz_deck_links"


def remember_deck(links: tuple[str, ...]) -> None:
    st.session_state[DECK_LINKS] = tuple(links)


def deck_list(page: str, shown) -> None:
    """The deck's slides in order, each with its takeaway, a link to its view and buttons to
    move it up or down or take it out."""
    from tradeviz.views import deck

    links = shown.links
    for index, item in enumerate(shown.slides):
        with st.container(border=True):
            head, up, down, out = st.columns([12, 1, 1, 1])
            text.markdown(md("**{}. {}**", index + 1, item.title), where=head)
            if item.takeaway:
                text.caption(item.takeaway, where=head)
            if item.problem:
                text.warning(item.problem, icon="⚠️", where=head)
            target_page, query = deck.split_link(item.link)
            if target_page in site.BY_PATH:
                with head:
                    link(Link(target_page, "Open this view", query))
            up.button("↑", key=f"{page}-up-{index}", help="Move up", disabled=index == 0,
                      on_click=set_value, args=(page, "s", deck.moved(links, index, -1)))
            down.button("↓", key=f"{page}-down-{index}", help="Move down", disabled=index == len(links) - 1,
                        on_click=set_value, args=(page, "s", deck.moved(links, index, 1)))
            out.button("✕", key=f"{page}-out-{index}", help="Take out of the deck",
                       on_click=set_value, args=(page, "s", deck.removed(links, index)))
    st.button("Start again from the default deck", key=f"{page}-reset", on_click=set_values,
              args=(page, {"s": deck.DEFAULT_DECK, "at": 1}))


def pack_downloads(shown, dataset: store.Dataset) -> None:
    """The briefing pack of this deck, as one self-contained HTML file and as a PDF, each
    built only on a click."""
    from tradeviz.views import pack

    st.subheader("Briefing pack")
    st.caption("The deck's key figures, charts, milestones and numbered sources with their addresses, the "
               "permalinks and the data version, in one file that needs no network.")
    link_base, public = origin(), bool(site.public_url())
    if not public:
        text.caption(pack.LOCAL_LINKS.format(origin=link_base or "this computer"))
    left, right = st.columns(2)
    left.download_button("Briefing pack (HTML)",
                         lambda: pack.html(dataset, shown.slides, link_base, public).encode("utf-8"),
                         file_name=f"tradeviz-briefing-v{dataset.version}.html", mime="text/html",
                         key="pack-html", on_click="ignore", icon=":material/download:")
    right.download_button("Briefing pack (PDF)", lambda: pack.pdf(dataset, shown.slides, link_base, public),
                          file_name=f"tradeviz-briefing-v{dataset.version}.pdf", mime="application/pdf",
                          key="pack-pdf", on_click="ignore", icon=":material/picture_as_pdf:")
