"""One search across everything: milestones, trade figures, context indicators, article
paragraphs, sources and policy areas, by words rather than exact phrase.

An SQLite FTS5 index (in the standard library) is built from the loaded dataset once per data
version and shared by every session. The Porter stemmer makes "visits" find "visit"; every word
of a query is looked for in any order, and each is also a prefix ("corr" finds "corridor"); hits
holding every word come first, then those holding some, each group ranked by BM25 with titles
weighted above bodies.

A word found nowhere in the index (not even as the start of a word) is taken for a typo: the
nearest word of the index's own vocabulary by Damerau–Levenshtein distance ("Tianjn" → "Tianjin":
one letter missing; at most one edit in a word of four or five letters, two in a longer one)
stands in for it, and the page says "did you mean". Hits of the words as typed still come first:
the corrected words' hits follow those holding every typed word.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from bisect import bisect_left
from collections import Counter
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
# A word the index holds at most RARE times is taken for a typo of a near word it holds at least
# COMMONER times as often.
RARE, COMMONER = 2, 10
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str            # a key of KINDS
    record_id: str
    title: str
    snippet: str         # plain text around the match
    page: str            # URL path of the page that shows the record
    query: tuple[tuple[str, str], ...]  # that page's query for the record
    near: bool = False   # found only through a corrected spelling of a word typed

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
    """The FTS5 table, the documents it was built from and their vocabulary; safe to share
    between sessions."""

    def __init__(self, documents: list[_Document]):
        self.documents = documents
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize='porter unicode61')")
        self._db.executemany("INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)",
                             [(n, d.title, d.body) for n, d in enumerate(documents)])
        self.vocabulary = Vocabulary(word for d in documents for text in (d.title, d.body)
                                     for word in WORD.findall(text))

    def corrected(self, text: str) -> str | None:
        """The query with each word the index does not hold, or holds only rarely beside a far
        commoner near spelling, replaced by that nearest word ('Tianjn summit' → 'Tianjin
        summit'); None when no word needs it or none is near."""
        terms = WORD.findall(text or "")[:20]
        fixed = [_cased(self.vocabulary.correction(term), term) for term in terms]
        return " ".join(fixed) if fixed != terms else None

    def search(self, text: str, kinds: tuple[str, ...] = (), limit: int = MAX_HITS) -> list[Hit]:
        """Records holding every word as typed first, best first; then those holding every word
        as corrected (`corrected`); then those holding only some of the typed words, then some of
        the corrected ones."""
        rows: list[tuple[int, str, bool]] = []
        seen: set[int] = set()
        corrected = self.corrected(text)
        for words_, join in ((text, "AND"), (corrected, "AND"), (text, "OR"), (corrected, "OR")):
            if words_ is None:
                continue
            near = words_ is corrected
            match = fts_query(words_, join)
            if match is None:
                return []
            with self._lock:
                found = self._db.execute(
                    "SELECT rowid, snippet(search, 1, '', '', '…', 16) FROM search WHERE search MATCH ? "
                    f"ORDER BY bm25(search, {TITLE_WEIGHT}, {BODY_WEIGHT})", (match,)).fetchall()
            rows += [(rowid, snippet, near) for rowid, snippet in found if rowid not in seen]
            seen.update(rowid for rowid, _ in found)
        hits = []
        for rowid, snippet, near in rows:
            document = self.documents[rowid]
            if kinds and document.kind not in kinds:
                continue
            hits.append(Hit(document.kind, document.record_id, document.title, snippet, document.page, document.query,
                            near))
        return hits[:limit]


def _cased(correction: str | None, typed: str) -> str:
    """The correction as the data writes it ('FiberHome'), capitalised where the word typed was
    and the data's form is all lower case ('Offical' → 'Official'); the word typed if none."""
    if correction is None:
        return typed
    return correction[:1].upper() + correction[1:] if typed[:1].isupper() and correction.islower() else correction


def folded(word: str) -> str:
    """A word as the index compares it: lower case, accents dropped (as unicode61 does)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def edit_distance(a: str, b: str, most: int) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: a swap of two neighbouring
    letters is one edit) between `a` and `b`, or `most` + 1 as soon as it must exceed `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return previous[-1]


def edits_allowed(word: str) -> int:
    """How many edits a typo of `word` may be from the word meant: none under four letters
    (too many short words lie one edit apart), one up to five, two from six."""
    return 0 if len(word) < 4 else 1 if len(word) <= 5 else 2


class Vocabulary:
    """The words of the index, folded (`folded`), each with how often it occurs and the form
    it is most often written in."""

    def __init__(self, words):
        counts = Counter(words)
        forms: dict[str, Counter] = {}
        for word, n in counts.items():
            forms.setdefault(folded(word), Counter())[word] += n
        self.count = {key: sum(c.values()) for key, c in forms.items()}
        self.form = {key: c.most_common(1)[0][0] for key, c in forms.items()}
        self._sorted = sorted(self.count)
        self._by_length: dict[int, list[str]] = {}
        for key in self._sorted:
            self._by_length.setdefault(len(key), []).append(key)

    def occurrences(self, word: str) -> int:
        """How often the index holds `word` or a word starting with it (the search takes each
        word as a prefix)."""
        key = folded(word)
        total, at = 0, bisect_left(self._sorted, key)
        while at < len(self._sorted) and self._sorted[at].startswith(key):
            total, at = total + self.count[self._sorted[at]], at + 1
        return total

    def nearest(self, word: str) -> str | None:
        """The index's word nearest `word` (not `word` itself) within `edits_allowed` edits, in
        the form it is most often written: the fewest edits first, then the same first letter,
        then the commonest."""
        key, most = folded(word), edits_allowed(word)
        if not most:
            return None
        found = []
        for length in range(len(key) - most, len(key) + most + 1):
            for candidate in self._by_length.get(length, ()):
                distance = edit_distance(key, candidate, most)
                if 0 < distance <= most:
                    found.append((distance, candidate[0] != key[0], -self.count[candidate], candidate))
        return self.form[min(found)[3]] if found else None

    def correction(self, word: str) -> str | None:
        """What `word` is likely a typo of: its nearest word, when the index does not hold it at
        all, or holds it at most RARE times and the near word COMMONER times as often ('Aliev'
        once beside 'Aliyev' forty times). None for a number, a common word or no near word."""
        if folded(word).isdigit():
            return None
        held = self.occurrences(word)
        if held > RARE:
            return None
        near = self.nearest(word)
        if near is None or (held and self.count[folded(near)] < COMMONER * held):
            return None
        return near


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
