"""Articles: the source articles in full, every figure and milestone taken from them highlighted
at its sentence and linked to its record."""

import streamlit as st

from tradeviz import reader, ui

PAGE = reader.PAGE

st.title("Articles")
st.caption("The source articles in full. Each sentence that a figure or milestone in the dataset comes from "
           "is highlighted and links to that record on the Trade or Timeline page.")
st.html(reader.STYLE)

dataset = ui.load_dataset()
articles = dataset["articles"]
all_facts = reader.facts(dataset)
area_names = dict(zip(dataset["policy_areas"]["area_id"], dataset["policy_areas"]["name"]))
params = reader.params(dataset, all_facts)
spec = {p.key: p for p in params}
key = lambda name: ui.widget_key(PAGE, name)  # noqa: E731 - short alias for widget keys

values = ui.view_state(PAGE, params, dataset)
focus = reader.resolve_focus(values["article"], values["record"], all_facts)
for notice in focus.notices:
    st.warning(notice, icon="⚠️")
st.session_state[key("article")] = focus.article
st.session_state[key("record")] = focus.record


def open_article(article_id: str) -> None:
    st.session_state[key("article")] = article_id
    st.session_state[key("record")] = reader.NO_RECORD


def clear_record() -> None:
    st.session_state[key("record")] = reader.NO_RECORD


titles = dict(zip(articles["article_id"], articles["title"]))
search_col, area_col, date_col, article_col = st.columns([3, 2, 3, 3])
search_col.text_input("Search titles and full text", key=key("q"), placeholder="e.g. Middle Corridor",
                      help="Finds the exact phrase, ignoring case.")
area_col.selectbox("Policy area", options=list(spec["area"].options), key=key("area"),
                   format_func=lambda a: area_names.get(a, a) if a else "All policy areas")
low, high = spec["published"].bounds
date_col.date_input("Published", min_value=low, max_value=high, key=key("published"), format="YYYY-MM-DD")
article_col.selectbox("Article", options=list(spec["article"].options), key=key("article"), on_change=clear_record,
                      format_func=lambda a: titles.get(a, a) if a else "— show the list —")

values = {p.key: st.session_state.get(key(p.key), p.default) for p in params}
published = tuple(values["published"] or ())
if len(published) != 2:  # the second date of a range is still being picked
    published = (published[0], high) if published else (low, high)
values["published"] = published
shown = reader.select_articles(articles, values["q"], values["area"], published)
description = reader.describe(values["q"], values["area"], published, (low, high), area_names)
by_id = {row["article_id"]: row for row in articles.to_dict("records")}
opened = by_id.get(values["article"])

query = ui.write_view_state(PAGE, params, values, dataset)
link = ui.show_permalink(PAGE, query)


def show_list() -> None:
    count = len(shown)
    # The description quotes the search text: escaped, it cannot turn into Markdown.
    heading = f"{count} article{'s' if count != 1 else ''}: {ui.escape_markdown(description)}"
    st.subheader(heading if count else "No article matches")
    if articles.empty:
        st.info("No article is stored yet.")
    elif not count:
        st.info("No article matches the search and filters: clear the search or widen the dates.", icon="🔎")
    for row in shown.to_dict("records"):
        with st.container(border=True):
            st.html(reader.card_html(by_id[row["article_id"]], values["q"], area_names))
            st.button("Read the article", key=f"open-{row['article_id']}", on_click=open_article,
                      args=(row["article_id"],), type="secondary")
    if count:
        ui.csv_downloads(shown, PAGE, description, link, dataset, key="articles-list",
                         label=f"CSV of these {count} articles")


if opened is None:
    show_list()
else:
    article_facts = all_facts[all_facts["article_id"] == opened["article_id"]]
    with st.expander(f"All articles ({len(shown)} match the search and filters)"):
        show_list()
    st.button("← Back to the list", key="back", on_click=open_article, args=(reader.NO_ARTICLE,))
    text_col, side_col = st.columns([5, 2], gap="large")
    with text_col:
        st.html(reader.reader_html(opened, article_facts, area_names, focus=values["record"], query=values["q"]))
    with side_col:
        st.subheader("Figures and events from this article")
        st.caption("Numbered as in the text. Each links to its place in the text and to its record.")
        options = [reader.NO_RECORD, *article_facts["record_id"]]
        labels = {f["record_id"]: f"{f['number']} · {f['extracted']}" for f in article_facts.to_dict("records")}
        st.selectbox("Focus on", options=options, key=key("record"),
                     format_func=lambda r: labels.get(r, "— none —"))
        st.html(reader.side_panel_html(article_facts, focus=values["record"]))
    table = reader.facts_table(article_facts)
    if not table.empty:
        st.caption("The figures and events listed beside the article, with their sentences and links:")
        ui.csv_downloads(table, PAGE, f"facts from {opened['article_id']}", link, dataset,
                         key="articles-facts", label=f"CSV of these {len(table)} facts")
    if values["record"]:
        st.html(reader.focus_scroll_script(values["record"]), unsafe_allow_javascript=True)

ui.footer(dataset)
