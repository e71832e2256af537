"""One search across everything: milestones, trade figures, context indicators, article
paragraphs, sources and policy areas, by words rather than exact phrase.

An SQLite FTS5 index (in the standard library) is built from the loaded dataset once per data
version and shared by every session. The Porter stemmer makes "visits" find "visit"; every word
of a query is looked for in any order, and each is also a prefix ("corr" finds "corridor"); hits
holding every word come first, then those holding some, each group ranked by BM25 with titles
weighted above bodies.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass

import pandas as pd

from tradeviz import schema, words
from tradeviz.store import Dataset
from tradeviz.text import paragraph_spans

KINDS = {"milestone": "Milestone", "figure": "Trade figure", "indicator": "Indicator",
         "article": "Article passage", "source": "Source", "policy_area": "Policy area"}
# BM25 weights of the indexed columns (title, body): a word in a title counts more.
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
MAX_HITS = 200
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str            # a key of KINDS
    record_id: str
    title: str
    snippet: str         # plain text around the match
    page: str            # URL path of the page that shows the record
    query: tuple[tuple[str, str], ...]  # that page's query for the record

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class _Document:
    kind: str
    record_id: str
    title: str
    body: str
    page: str
    query: tuple[tuple[str, str], ...]


class Index:
    """The FTS5 table and the documents it was built from; safe to share between sessions."""

    def __init__(self, documents: list[_Document]):
        self.documents = documents
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize='porter unicode61')")
        self._db.executemany("INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)",
                             [(n, d.title, d.body) for n, d in enumerate(documents)])

    def search(self, text: str, kinds: tuple[str, ...] = (), limit: int = MAX_HITS) -> list[Hit]:
        """Records holding every word first, best first; then those holding only some of them."""
        rows: list[tuple[int, str]] = []
        seen: set[int] = set()
        for join in ("AND", "OR"):
            match = fts_query(text, join)
            if match is None:
                return []
            with self._lock:
                found = self._db.execute(
                    "SELECT rowid, snippet(search, 1, '', '', '…', 16) FROM search WHERE search MATCH ? "
                    f"ORDER BY bm25(search, {TITLE_WEIGHT}, {BODY_WEIGHT})", (match,)).fetchall()
            rows += [(rowid, snippet) for rowid, snippet in found if rowid not in seen]
            seen.update(rowid for rowid, _ in found)
        hits = []
        for rowid, snippet in rows:
            document = self.documents[rowid]
            if kinds and document.kind not in kinds:
                continue
            hits.append(Hit(document.kind, document.record_id, document.title, snippet, document.page, document.query))
        return hits[:limit]


def fts_query(text: str, join: str = "AND") -> str | None:
    """The user's words as an FTS5 query: each word quoted (so no word is FTS5 syntax) and a
    prefix, joined by AND (all required) or OR (any). None when the text has no word."""
    terms = WORD.findall(text or "")[:20]
    if not terms:
        return None
    return f" {join} ".join(f'"{term}"*' for term in terms)


def documents(dataset: Dataset) -> list[_Document]:
    """One document per record (and per article paragraph), with the page that shows it."""
    areas = dict(zip(dataset["policy_areas"]["area_id"], dataset["policy_areas"]["name"]))
    out: list[_Document] = []
    for row in dataset["milestones"].itertuples(index=False):
        area_names = [areas.get(a, a) for a in _items(row.policy_areas)]
        body = " · ".join(_present(row.date_label, row.summary, ", ".join(_items(row.actors)), row.kind,
                                   ", ".join(area_names), row.source_sentence, row.note))
        out.append(_Document("milestone", row.milestone_id, _text(row.title), body, "timeline",
                             (("milestone", row.milestone_id),)))
    for row in dataset["trade"].itertuples(index=False):
        flow = schema.FLOW_LABELS.get(row.flow, row.flow)
        value = words.value_text(row.value, row.unit, row.qualifier) if pd.notna(row.value) else ""
        title = " ".join(_present(f"{flow}, {_text(row.period_label)}:", value))
        body = " · ".join(_present(row.reporter_detail, row.source_sentence, row.note, row.growth_basis))
        out.append(_Document("figure", row.record_id, title, body, "trade",
                             (("periods", "all"), ("record", row.record_id))))
    for row in dataset["indicators"].itertuples(index=False):
        value = f"{row.value:,.10g}" if pd.notna(row.value) else ""
        title = f"{_text(row.measure)}, {_text(row.period_label)}: {value}"
        body = " · ".join(_present(areas.get(row.policy_area, row.policy_area), row.note))
        out.append(_Document("indicator", row.indicator_id, title, body, "data",
                             (("table", "indicators"), ("q", row.indicator_id))))
    for row in dataset["articles"].itertuples(index=False):
        text = _text(row.text)
        for number, (start, end) in enumerate(paragraph_spans(text), start=1):
            out.append(_Document("article", f"{row.article_id}#{number}", _text(row.title), text[start:end],
                                 "articles", (("article", row.article_id),)))
    for row in dataset["sources"].itertuples(index=False):
        body = " · ".join(_present(row.publisher, row.author, row.published_label, row.url, row.note))
        out.append(_Document("source", row.source_id, _text(row.title), body, "data",
                             (("table", "sources"), ("q", row.source_id))))
    for row in dataset["policy_areas"].itertuples(index=False):
        out.append(_Document("policy_area", row.area_id, _text(row.name), _text(row.description), "timeline",
                             (("area", row.area_id),)))
    return out


def index(dataset: Dataset) -> Index:
    """The dataset's index, built once per dataset and shared."""
    return dataset.derived("search_index", lambda d: Index(documents(d)))


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _present(*values) -> list[str]:
    return [v for v in (_text(v) for v in values) if v]


def _items(values) -> list[str]:
    if values is None or (isinstance(values, float) and pd.isna(values)):
        return []
    return [str(v) for v in list(values)]
