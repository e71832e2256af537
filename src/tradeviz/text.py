"""Text from the dataset: sentences, search, snippets, highlight spans and HTML escaping.

Everything here is a plain function of strings and character offsets (`start`, `end` as in
Python slices), so the Articles page and its tests share one definition of "where is it".
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where one is near, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip() + "…"


# ---- paragraphs and sentences ---------------------------------------------------------------

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k",
                           "u.n", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                           "dec", "inc", "ltd", "co", "corp", "gen", "gov", "sen", "rep", "amb", "approx"})
# A sentence ends at . ! ? or … (plus any closing quotes or brackets) before whitespace and
# a capital letter, a digit or an opening quote/bracket.
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-ÞĀ-ſƏ])")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines, without the
    surrounding whitespace."""
    spans = []
    position = 0
    for brk in [*PARAGRAPH_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        spans.extend(_strip_span(text, position, stop))
        position = brk.end() if brk else len(text)
    return spans


def _strip_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence. A paragraph break always ends one; a full stop after a
    known abbreviation ("Dr.", "e.g.") or a single initial ("H. Aliyev") does not."""
    spans = []
    for p_start, p_end in paragraph_spans(text):
        start = p_start
        for end_mark in SENTENCE_END.finditer(text, p_start, p_end):
            if _is_abbreviation(text, p_start, end_mark.start()):
                continue
            spans.extend(_strip_span(text, start, end_mark.end()))
            start = end_mark.end()
        spans.extend(_strip_span(text, start, p_end))
    return spans


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“‘":
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def locate(text: str, sentence: str) -> tuple[int, int] | None:
    """Where a cited sentence is in the text: the first exact occurrence, or else the first one
    that differs only in whitespace (a sentence re-wrapped over two lines). None if absent."""
    if not sentence or not sentence.strip():
        return None
    found = text.find(sentence)
    if found >= 0:
        return found, found + len(sentence)
    pattern = r"\s+".join(re.escape(word) for word in sentence.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


# ---- search and snippets --------------------------------------------------------------------


def search_pattern(query: str) -> re.Pattern | None:
    """The query as a case-insensitive phrase (any run of whitespace matches any other), or None
    for an empty query. Special characters are literal: this is not a regular expression."""
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping match of the query phrase in the text."""
    pattern = search_pattern(query)
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@dataclass(frozen=True)
class Snippet:
    """A short piece of text around one match: `before` + `match` + `after`, with an ellipsis
    flag on each side where the text was cut."""

    before: str
    match: str
    after: str
    cut_before: bool
    cut_after: bool

    @property
    def plain(self) -> str:
        return ("…" if self.cut_before else "") + self.before + self.match + self.after + ("…" if self.cut_after else "")


def snippet(text: str, span: tuple[int, int], context: int = 60) -> Snippet:
    """About `context` characters either side of the match, cut at whole words and never across a
    paragraph break; whitespace inside is collapsed to single spaces."""
    start, end = span
    p_start, p_end = next(((s, e) for s, e in paragraph_spans(text) if s <= start < e), (0, len(text)))
    left = max(p_start, start - context)
    if left > p_start and not text[left - 1].isspace():
        # Move forward to the start of the next word so the snippet does not begin mid-word.
        space = re.compile(r"\s").search(text, left, start)
        left = space.end() if space else start
    right = min(p_end, end + context)
    if right < p_end and not text[right].isspace():
        spaces = [m.start() for m in re.compile(r"\s").finditer(text, end, right)]
        right = spaces[-1] if spaces else end
    squash = lambda piece: re.sub(r"\s+", " ", piece)  # noqa: E731
    return Snippet(squash(text[left:start]), squash(text[start:end]), squash(text[end:right]).rstrip(),
                   left > p_start, right < p_end)


def snippets(text: str, query: str, limit: int = 3, context: int = 60) -> list[Snippet]:
    """Snippets around the first `limit` matches of the query."""
    return [snippet(text, span, context) for span in find_all(text, query)[:limit]]


# ---- highlighting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same set of highlight keys (empty: plain text)."""

    start: int
    end: int
    keys: frozenset


def segments(length: int, spans: list[tuple[int, int, object]]) -> list[Segment]:
    """Cut [0, length) into consecutive segments so that each is covered by one set of spans.

    Spans are (start, end, key); they may overlap, nest or repeat. Empty spans are ignored.
    Concatenating the segments gives back the whole text, in order, with nothing lost."""
    cuts = {0, length}
    for start, end, _ in spans:
        if start < end:
            cuts.update((max(0, min(start, length)), max(0, min(end, length))))
    points = sorted(cuts)
    out = []
    for start, end in zip(points, points[1:]):
        keys = frozenset(key for s, e, key in spans if s <= start and end <= e and s < e)
        out.append(Segment(start, end, keys))
    return out


def reading_minutes(text: str, words_per_minute: int = 200) -> int:
    """Reading time in whole minutes, rounded up, at least 1."""
    return max(1, math.ceil(len(text.split()) / words_per_minute))


# ---- HTML (every string from the data goes through html.escape) ----------------------------


def html_text(text: str) -> str:
    """Escaped text for HTML: < > & " ' become entities, so markup in the data shows as text."""
    return html.escape(text, quote=True)


def snippet_html(piece: Snippet) -> str:
    """'…text <mark>match</mark> text…' with every part escaped."""
    return (("…" if piece.cut_before else "") + html_text(piece.before) + f"<mark>{html_text(piece.match)}</mark>"
            + html_text(piece.after) + ("…" if piece.cut_after else ""))
