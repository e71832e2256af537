"""The Search page: one search across milestones, trade figures, indicators, article passages,
sources and policy areas (tradeviz.search), each hit linking to the page that shows its record."""

from __future__ import annotations

from dataclasses import dataclass

from tradeviz import search, state, words
from tradeviz.store import Dataset
from tradeviz.views import Link, memoized

PAGE = "search"
SHOWN_HITS = 50


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return (
        state.Param("q", "text", default="", label="Search everything (words in any order; a word also finds "
                    "longer ones: “corr” finds “corridor”)", widget="text"),
        state.Param("kind", "choices", default=(), options=tuple(search.KINDS), label="Only",
                    widget="pills", labels=search.KINDS),
    )


@dataclass(frozen=True)
class Result:
    kind_label: str
    title: str
    snippet: str
    link: Link


@dataclass(frozen=True)
class SearchView:
    results: tuple[Result, ...]
    count_text: str
    empty_reason: str
    did_you_mean: Link | None = None   # the query with its unknown words corrected
    near_note: str = ""                # what the hits of a corrected spelling are


def result(hit: search.Hit) -> Result:
    query = {key: [value] for key, value in hit.query}
    return Result(hit.kind_label, hit.title, hit.snippet, Link(hit.page, f"{hit.kind_label}: {hit.title}", query))


@memoized
def select(dataset: Dataset, values: dict) -> SearchView:
    text = values["q"].strip()
    if not text:
        return SearchView((), "", "Type words to search every milestone, figure, indicator, article, source and "
                                  "policy area.")
    index = search.index(dataset)
    hits = index.search(text, tuple(values["kind"]))
    corrected = index.corrected(text)
    kinds = words.join(sorted({hit.kind_label.lower() for hit in hits}))
    count = (f"{words.plural(len(hits), 'hit')} ({kinds})"
             + (f"; the first {SHOWN_HITS} shown" if len(hits) > SHOWN_HITS else ""))
    empty = "" if hits else f"Nothing matches “{text}”: try fewer or shorter words."
    did_you_mean = Link(PAGE, f"Did you mean “{corrected}”?", {"q": [corrected]}) if corrected else None
    near = sum(hit.near for hit in hits)
    near_note = ""
    if corrected and near:
        near_note = (f"Nothing holds “{text}” as typed: the hits are for “{corrected}”." if near == len(hits)
                     else f"{words.plural(near, 'hit')} for “{corrected}”, a near spelling of “{text}”.")
    return SearchView(tuple(result(hit) for hit in hits[:SHOWN_HITS]), count if hits else "", empty,
                      did_you_mean, near_note)
