"""Candidate records from an article's text: trade figures, ranks and dated events, for a person
to review (nothing here is stored until someone accepts it).

The article is read sentence by sentence, in reading order, with the publication date (and the
dateline's date, when the article has one) to resolve what the text leaves relative. The jobs
are split by module:

- numbers: numbers, money, number words and periods ("1H18", "in 11 months of the current year");
- places: which side a sentence names (China, Azerbaijan, a third country) and which way goods run;
- figures: trade figures with flow, bound, growth and period; amounts that are not trade get none;
- ranks: China's rank among Azerbaijan's trading partners or import sources;
- events: dated events, the dateline, planned or occurred.

This module carries what crosses sentences: the period an earlier sentence named ("during this
period"), a growth told in the next sentence ("This means a 43 percent increase"), the nearby
sentences that say who a sentence is about, the dateline that dates the lead sentence, and the
less precise repeat of an event already dated more precisely. Every candidate carries its
sentence and its span in the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tradeviz.extract import events as _events
from tradeviz.extract import figures as _figures
from tradeviz.extract import places, ranks
from tradeviz.extract.events import dates_in, find_dateline
from tradeviz.extract.figures import figures_in, refers_back
from tradeviz.extract.numbers import find_period, money_usd_million, parse_number
from tradeviz.text import paragraph_spans, sentence_spans

__all__ = ["Candidate", "extract", "as_json", "dates_in", "figures_in", "find_period", "parse_number",
           "money_usd_million", "refers_back", "find_dateline", "MAX_SENTENCE_CHARS"]

# A "sentence" longer than this (a table pasted as text, a page with no full stops) is read in
# pieces of at most this many characters, cut at a space: every pattern then runs on a bounded
# text, and no candidate carries a sentence of a megabyte.
MAX_SENTENCE_CHARS = 2000
# Sentences before this one that say who it is about ("the two countries", "China").
CONTEXT_SENTENCES = 2


@dataclass
class Candidate:
    kind: str                      # "figure" or "event"
    sentence: str
    span: tuple[int, int]
    fields: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"kind": self.kind, **self.fields, "sentence": self.sentence, "span": list(self.span)}


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) pieces of a sentence, each at most MAX_SENTENCE_CHARS long, cut at spaces."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    out.append((start, end))
    return out


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of every sentence piece, in reading order."""
    out = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for s_start, s_end in sentence_spans(text[p_start:p_end]):
            out.extend((a, b, number) for a, b in _pieces(text, p_start + s_start, p_start + s_end))
    return out


def _dateline(text: str, sentences, published: dt.date):
    """(end of the dateline in the text, its date, index of the lead sentence) or None: a
    dateline opens one of the first three paragraphs."""
    for p_start, p_end in paragraph_spans(text)[:3]:
        found = find_dateline(text[p_start:min(p_end, p_start + 200)], published)
        if not found:
            continue
        end, date = p_start + found[0], found[1]
        for index, (start, stop, _) in enumerate(sentences):
            if stop <= end:
                continue
            rest = text[max(start, end):stop].strip()
            if rest and not _events.BYLINE.match(rest):
                return end, date, index
        return None
    return None


def extract(text: str, published: dt.date) -> list[Candidate]:
    """Every candidate in the text, in reading order."""
    sentences = _sentences(text)
    dateline = _dateline(text, sentences, published)
    # The dateline's day is the article's "today" for weekdays and dates without a year, when it
    # is the publication day or a few days before it.
    reference = dateline[1] if dateline and dt.timedelta(0) <= published - dateline[1] <= dt.timedelta(days=7) else published
    out: list[Candidate] = []
    # A figure with no period of its own takes the period of the last sentence that gave figures
    # ("Between January and July… $2.5 billion. Exports grew 4.5 times, reaching $53.3 million").
    figure_period = None
    previous_figures: list[Candidate] = []
    for index, (start, end, paragraph) in enumerate(sentences):
        sentence = text[start:end]
        if dateline and start < dateline[0]:
            sentence = " " * (min(end, dateline[0]) - start) + sentence[dateline[0] - start:]
        context = [text[a:b] for a, b, p in sentences[max(0, index - CONTEXT_SENTENCES):index] if p == paragraph]
        if index and not context:
            context = [text[sentences[index - 1][0]:sentences[index - 1][1]]]
        china_nearby = places.names_china(sentence) or any(places.names_china(c) for c in context)
        period = find_period(sentence, published)
        if refers_back(sentence):
            stated = _figures.growth(sentence)
            target = next((c for c in reversed(previous_figures)
                           if c.fields["value"] is not None and c.fields["growth_reported"] is None), None)
            if stated and target is not None:
                target.fields.update(_figures.growth_fields(stated))
        found = figures_in(sentence, period or figure_period, published, china_nearby)
        found += ranks.ranks_in(sentence, period or figure_period, published, context)
        # "During the reporting period": the last period named with money or trade words, even
        # when that sentence's own amount was not Azerbaijan-China trade.
        if period is not None and (found or _figures.MONEY.search(sentence) or _figures.FLOW_WORDS.search(sentence)):
            figure_period = period
        if found:
            previous_figures = []
        for fields in found:
            candidate = Candidate("figure", text[start:end], (start, end), {k: v for k, v in fields.items() if k != "kind"})
            out.append(candidate)
            previous_figures.append(candidate)
        dated = _events.events_in(sentence, reference, context)
        if not dated and dateline and index == dateline[2] and _events.event_words(sentence) \
                and _events.sides_agree(sentence, context):
            status = "planned" if _events.is_planned(sentence) else "occurred"
            dated = [_events.event_fields(sentence.strip(), dateline[1], dateline[1], "day", status)]
        for fields in dated:
            fields["title"] = _events.title_of(text[start:end])
            out.append(Candidate("event", text[start:end], (start, end), {k: v for k, v in fields.items() if k != "kind"}))
    return _without_vaguer_repeats(out)


def _without_vaguer_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Drop an event dated only by month or year when the article dates the same kind of event
    (a shared event word) more precisely inside that month or year: "resumed from March 13" makes
    "will be resumed in March" a repeat, not another event."""
    # "2025-03" and "2025" -> event word stem -> up to two sentences with a day or month inside
    finer: dict[str, dict[str, list[str]]] = {}
    words = {}
    for candidate in candidates:
        if candidate.kind != "event":
            continue
        words[id(candidate)] = {w[:5] for w in _events.event_words(candidate.sentence)}
        precision, start = candidate.fields["date_precision"], candidate.fields["date_start"]
        for key in {"day": (start[:7], start[:4]), "month": (start[:4],), "year": ()}[precision]:
            for stem in words[id(candidate)]:
                sentences = finer.setdefault(key, {}).setdefault(stem, [])
                if len(sentences) < 2 and candidate.sentence not in sentences:
                    sentences.append(candidate.sentence)
    keep = []
    for candidate in candidates:
        if candidate.kind == "event" and candidate.fields["date_precision"] != "day":
            f = candidate.fields
            inside = finer.get(f["date_start"][:7] if f["date_precision"] == "month" else f["date_start"][:4], {})
            if any(sentence != candidate.sentence for stem in words[id(candidate)] for sentence in inside.get(stem, ())):
                continue
        keep.append(candidate)
    return keep


def as_json(candidates: list[Candidate]) -> list[dict]:
    return [candidate.as_json() for candidate in candidates]
