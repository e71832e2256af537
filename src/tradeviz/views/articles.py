"""The Articles page: the source articles in full, every figure and milestone taken from them
highlighted at its sentence and linked to its record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from tradeviz import reader, state, text, words
from tradeviz.store import Dataset
from tradeviz.views import Download, area_names, memoized

PAGE = "articles"
STYLE = reader.STYLE
focus_scroll_script = reader.focus_scroll_script
NO_ARTICLE = ""
NO_RECORD = reader.NO_RECORD
ALL_AREAS = ""


def facts(dataset: Dataset) -> pd.DataFrame:
    return dataset.derived("articles.facts", reader.facts)


def date_bounds(articles: pd.DataFrame) -> tuple[dt.date, dt.date]:
    dates = [d.date() for d in articles["published"].dropna()]
    if not dates:
        today = dt.date.today()
        return today, today
    return min(dates), max(dates)


def _params(dataset: Dataset) -> tuple[state.Param, ...]:
    articles = dataset["articles"]
    names = area_names(dataset)
    titles = dict(zip(articles["article_id"], articles["title"]))
    return (
        state.Param("q", "text", default="", label="Search titles and full text", widget="text",
                    placeholder="e.g. Middle Corridor", help="Finds the exact phrase, ignoring case."),
        state.Param("area", "choice", default=ALL_AREAS, options=(ALL_AREAS, *names), label="Policy area",
                    widget="selectbox", labels={ALL_AREAS: "All policy areas", **names}),
        state.Param("published", "date_range", bounds=date_bounds(articles), label="Published", widget="date"),
        state.Param("article", "choice", default=NO_ARTICLE, options=(NO_ARTICLE, *articles["article_id"]),
                    label="Article", widget="selectbox", labels={NO_ARTICLE: "— show the list —", **titles}),
        state.Param("record", "id", default=NO_RECORD, label="Focus on", widget="selectbox",
                    members=frozenset(facts(dataset)["record_id"]), noun="figure or event from an article"),
    )


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return dataset.derived("articles.params", _params)


@dataclass(frozen=True)
class Focus:
    article: str
    record: str
    notices: tuple[str, ...] = ()


def resolve_focus(article: str, record: str, all_facts: pd.DataFrame) -> Focus:
    """Which article to open and which fact to focus: a record alone opens its own article; a
    record from another article than the one asked for is ignored with a notice."""
    if not record:
        return Focus(article, NO_RECORD)
    owner = all_facts.loc[all_facts["record_id"] == record, "article_id"]
    if owner.empty:
        return Focus(article, NO_RECORD, (f"Ignored ?record={record}: no figure or event from an article has this id",))
    if not article:
        return Focus(owner.iloc[0], record)
    if owner.iloc[0] != article:
        return Focus(article, NO_RECORD, (f"Ignored ?record={record}: it comes from the article {owner.iloc[0]}, "
                                          f"not {article}",))
    return Focus(article, record)


LIST_COLUMNS = ["article_id", "title", "published", "publisher", "author", "author_role", "policy_areas",
                "reading_minutes", "matches", "first_match"]


def select_articles(articles: pd.DataFrame, query: str, area: str,
                    published: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """Articles tagged with `area` (any when empty), published within the dates, whose title or
    text contains the query phrase; newest first. `matches` counts matches in title and text
    and `first_match` is the snippet around the first match in the text (both 0/'' without a query)."""
    keep = pd.Series(True, index=articles.index)
    if area:
        keep &= articles["policy_areas"].map(lambda areas: area in list(areas))
    days = articles["published"].dt.date
    keep &= (days >= published[0]) & (days <= published[1])
    chosen = articles[keep]
    matches = [len(text.find_all(t, query)) + len(text.find_all(b, query))
               for t, b in zip(chosen["title"], chosen["text"])]
    first = [next(iter(text.snippets(b, query, limit=1)), None) for b in chosen["text"]]
    frame = pd.DataFrame({
        "article_id": chosen["article_id"],
        "title": chosen["title"],
        "published": days[keep],
        "publisher": chosen["publisher"],
        "author": chosen["author"],
        "author_role": chosen["author_role"],
        "policy_areas": chosen["policy_areas"].map(list),
        "reading_minutes": [text.reading_minutes(b) for b in chosen["text"]],
        "matches": pd.Series(matches, index=chosen.index, dtype="int64"),
        "first_match": [s.plain if s else "" for s in first],
    }, columns=LIST_COLUMNS)
    if query.strip():
        frame = frame[frame["matches"] > 0]
    return frame.sort_values(["published", "title"], ascending=[False, True], kind="stable").reset_index(drop=True)


def describe(query: str, area: str, published: tuple[dt.date, dt.date], bounds: tuple[dt.date, dt.date],
             names: dict[str, str]) -> str:
    """'articles mentioning “trade”, Trade & investment, 2025-01-01 to 2025-08-31': caption and file name."""
    parts = [f"articles mentioning “{query.strip()}”" if query.strip() else "all articles"]
    if area:
        parts.append(names.get(area, area))
    if tuple(published) != tuple(bounds):
        parts.append(f"published {published[0]:%Y-%m-%d} to {published[1]:%Y-%m-%d}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Card:
    article_id: str
    html: str


@dataclass(frozen=True)
class Opened:
    article_id: str
    html: str
    side_panel_html: str
    picker: tuple[str, ...]
    picker_labels: dict[str, str]
    facts: pd.DataFrame
    download: Download | None


@dataclass(frozen=True)
class ArticlesView:
    focus: Focus
    description: str
    shown: pd.DataFrame
    cards: tuple[Card, ...]
    stored: int
    download: Download | None
    opened: Opened | None

    @property
    def heading(self) -> str:
        count = len(self.shown)
        return f"{words.plural(count, 'article')}: {self.description}" if count else "No article matches"


@memoized
def select(dataset: Dataset, values: dict) -> ArticlesView:
    articles = dataset["articles"]
    all_facts = facts(dataset)
    names = area_names(dataset)
    focus = resolve_focus(values["article"], values["record"], all_facts)
    bounds = date_bounds(articles)
    published = tuple(values["published"] or ())
    if len(published) != 2:  # the second date of a range is still being picked
        published = (published[0], bounds[1]) if published else bounds
    shown = select_articles(articles, values["q"], values["area"], published)
    description = describe(values["q"], values["area"], published, bounds, names)
    by_id = {row["article_id"]: row for row in articles.to_dict("records")}
    cards = tuple(Card(a, reader.card_html(by_id[a], values["q"], names)) for a in shown["article_id"])
    download = (Download(shown, PAGE, description, f"CSV of these {len(shown)} articles", version=dataset.version)
                if len(shown) else None)
    opened = None
    article = by_id.get(focus.article)
    if article is not None:
        article_facts = all_facts[all_facts["article_id"] == article["article_id"]]
        labels = {f["record_id"]: f"{f['number']} · {f['extracted']}" for f in article_facts.to_dict("records")}
        facts_table = reader.facts_table(article_facts)
        opened = Opened(
            article_id=article["article_id"],
            html=reader.reader_html(article, article_facts, names, focus=focus.record, query=values["q"]),
            side_panel_html=reader.side_panel_html(article_facts, focus=focus.record),
            picker=(NO_RECORD, *article_facts["record_id"]),
            picker_labels={NO_RECORD: "— none —", **labels},
            facts=facts_table,
            download=(Download(facts_table, PAGE, f"facts from {article['article_id']}",
                               f"CSV of these {len(facts_table)} facts", version=dataset.version)
                      if len(facts_table) else None),
        )
    return ArticlesView(focus, description, shown, cards, len(articles), download, opened)
