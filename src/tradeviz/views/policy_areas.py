"""The Policy areas page: one card per area, each opening the timeline filtered to that area."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeviz import filters, state
from tradeviz.store import Dataset
from tradeviz.views import Link, memoized, milestone_rows, reader_link, trade_rows
from tradeviz.views import timeline as timeline_view

PAGE = "policy-areas"
MAX_PASSAGES = 3
# Trade figures carry no policy area of their own; they count towards this area's card.
TRADE_AREA = "trade"


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return ()


@dataclass(frozen=True)
class AreaCard:
    area_id: str
    name: str
    description: str
    milestones: int
    undated: int
    figures: int
    latest: str | None
    passages: list[tuple[str, Link]]
    timeline_link: Link
    planned: str | None = None      # the next thing announced as still to come, if any
    source_ids: tuple[str, ...] = ()  # the sources of its latest and planned events


def _passages(milestones: pd.DataFrame, trade: pd.DataFrame, articles: set[str]) -> pd.DataFrame:
    """Article sentences behind milestones and trade figures, newest first (undated last), each
    with the record it supports: date, sentence, article, record. `articles` are the source ids
    of the articles."""
    def from_articles(rows, date_column, id_column):
        rows = rows[rows["source_id"].isin(articles) & rows["source_sentence"].notna()]
        return pd.DataFrame({"date": rows[date_column], "sentence": rows["source_sentence"].astype("str"),
                             "article": rows["source_id"].astype("str"), "record": rows[id_column].astype("str")})
    both = pd.concat([from_articles(milestones, "date_start", "milestone_id"),
                      from_articles(trade, "period_end", "record_id")], ignore_index=True)
    return both.sort_values(["date", "record"], ascending=[False, True], na_position="last")


def area_cards(dataset: Dataset) -> list[AreaCard]:
    """One card per policy area, in the table's order.

    milestones: rows tagged with the area, dated and undated (`undated` says how many have no
    date); figures: indicator rows of the area, plus every trade figure for the trade area
    (trade rows carry no area of their own); latest: the dated event that started last (so a
    precise date beats a year-only one that starts earlier), among those that took place: a
    statement of something planned is never an area's latest event; planned: the first dated
    planned one, named apart; passages: up to three distinct
    article sentences behind the area's milestones (and, for the trade area, its figures),
    newest first, each with the reader link that opens it at that record.
    """
    milestones = milestone_rows(dataset)
    indicators = dataset["indicators"]
    trade = trade_rows(dataset)
    sources = dataset["sources"]
    articles = set(sources.loc[sources["kind"] == "article", "source_id"])
    timeline_params = timeline_view.params(dataset)
    cards = []
    for area in dataset["policy_areas"].itertuples(index=False):
        tagged = milestones[filters.tagged_with_any(milestones["policy_areas"], [area.area_id])]
        dated = tagged[tagged["date_start"].notna()]
        occurred = dated[dated["status"] == "occurred"]
        latest = planned = None
        cited = []
        if not occurred.empty:
            last = occurred.loc[timeline_view.date_order(occurred[["date_start", "date_end", "milestone_id"]]).index[-1]]
            latest = f"{last['title']} ({last['date_label']})"
            cited.append(str(last["source_id"]))
        upcoming = dated[dated["status"] == "planned"]
        if not upcoming.empty:
            first = upcoming.loc[timeline_view.date_order(upcoming[["date_start", "date_end", "milestone_id"]]).index[0]]
            planned = f"{first['title']} ({first['date_label']})"
            cited.append(str(first["source_id"]))
        figures = int((indicators["policy_area"] == area.area_id).sum())
        area_trade = trade if area.area_id == TRADE_AREA else trade.iloc[0:0]
        figures += len(area_trade)
        sentences = _passages(tagged, area_trade, articles).drop_duplicates("sentence").head(MAX_PASSAGES)
        passages = [(row.sentence, reader_link(row.article, row.record)) for row in sentences.itertuples(index=False)]
        cards.append(AreaCard(
            area_id=area.area_id, name=area.name, description=area.description,
            milestones=len(tagged), undated=int(tagged["date_start"].isna().sum()), figures=figures,
            latest=latest, planned=planned, passages=passages, source_ids=tuple(dict.fromkeys(cited)),
            timeline_link=Link(timeline_view.PAGE, "Open on the timeline",
                               timeline_view.area_query(timeline_params, area.area_id)),
        ))
    return cards


@memoized
def select(dataset: Dataset, values: dict) -> list[AreaCard]:
    return area_cards(dataset)
