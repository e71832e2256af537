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
period"), a growth told in a later sentence ("This means a 43 percent increase", "The figure of
2022 has increased by 20.7 percent" for the figure of 2022), the nearby sentences and the headline
that say who a sentence is about, the dateline that dates the lead sentence when it tells of
something done (not a plan), "Later on September 1" that dates an undated lead, the day of a
remark that dates the forum it was made at ("told reporters on Sept. 20 … made the remarks at the
forum"), the date a sentence sets for the event told right after it ("cooperation got going in
2015 … Key agreements were signed"), and the less precise repeat of an event already dated more
precisely or told again in a teaser. Page furniture (timestamp lines, a "Sources" list of other
pages' headlines) is blanked before reading. Every candidate carries its sentence and its span in
the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tradeviz.extract import events as _events
from tradeviz.extract import figures as _figures
from tradeviz.extract import numbers, places, ranks
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
    # Rules read the text with its page furniture blanked out; candidates cite the text itself.
    reading = _without_furniture(text)
    sentences = _sentences(reading)
    dateline = _dateline(reading, sentences, published)
    # The dateline's day is the article's "today" for weekdays and dates without a year, when it
    # is the publication day or a few days before it.
    reference = dateline[1] if dateline and dt.timedelta(0) <= published - dateline[1] <= dt.timedelta(days=7) else published
    china_in_headline = _headline_names_china(reading)
    third_country_named = False
    out: list[Candidate] = []
    # A figure with no period of its own takes the period of the last sentence that gave figures
    # ("Between January and July… $2.5 billion. Exports grew 4.5 times, reaching $53.3 million").
    figure_period = None
    previous_figures: list[Candidate] = []
    story = _Story()
    for index, (start, end, paragraph) in enumerate(sentences):
        sentence = reading[start:end]
        if dateline and start < dateline[0]:
            sentence = " " * (min(end, dateline[0]) - start) + sentence[dateline[0] - start:]
        context = [reading[a:b] for a, b, p in sentences[max(0, index - CONTEXT_SENTENCES):index] if p == paragraph]
        if index and not context:
            context = [reading[sentences[index - 1][0]:sentences[index - 1][1]]]
        third_country_named = third_country_named or places.names_third_country(sentence)
        # China named in the sentence, just before it, or in the headline of an article that has
        # named no third country so far.
        china_nearby = (places.names_china(sentence) or any(places.names_china(c) for c in context)
                        or (china_in_headline and not third_country_named))
        period = find_period(sentence, published)
        flow_hint = None
        if refers_back(sentence):
            target = _referred_figure(previous_figures, _figures.referred_year(sentence))
            stated = _figures.growth(sentence)
            if target is not None:
                flow_hint = target.fields["flow"]
                if stated:
                    target.fields.update(_figures.growth_fields(stated))
        found = figures_in(sentence, period or figure_period, published, china_nearby, flow_hint)
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
        dated = story.events(sentence, index, paragraph, reference, context, dateline)
        for fields in dated:
            fields["title"] = _events.title_of(text[start:end])
            out.append(Candidate("event", text[start:end], (start, end), {k: v for k, v in fields.items() if k != "kind"}))
        story.after(sentence, paragraph, reference, bool(dated), len(out), (start, end), text[start:end], out)
    return _without_vaguer_repeats(_without_repeated_sentences(out))


# "Later on September 1, …", "Earlier on Monday, …": the article's lead event, told with no
# date of its own, happened that day.
SAME_DAY_AS_LEAD = re.compile(r"^\W*(?:Later|Earlier)(?:\s+(?:that|the same)\s+day)?,?\s+on\s+", re.I)
# "He made the remarks at the forum", "speaking at the business forum": the event where a
# statement dated in the sentence before was made.
REMARKS_AT = re.compile(r"\b(?:made (?:the|these|his|her|their|those) (?:remarks|comments|statements?)|speaking at|spoke at|"
                        r"said at|remarks at|speech at|addressing|in (?:his|her) (?:speech|address) at)\b", re.I)
# What a sentence that only sets the time must not state: a statistic.
STATISTIC = re.compile(r"[$%]|\bdollars?\b|\bpercent\b|\bper cent\b|\btimes\b|\btonnes\b|\btons\b", re.I)


class _Story:
    """What event dating carries from one sentence to the next: the dateline and the lead, the
    date of a statement, the date a sentence set without telling an event."""

    def __init__(self):
        self.lead = None            # (position in the candidates, span, cited sentence) of the undated lead
        self.lead_dated = False
        self._pending = None        # this sentence, when it is the undated lead
        self.statement = None       # date of a statement in the previous sentence
        self.scene = None           # (paragraph, date) set by the previous sentence
        self.any_dated = False

    def events(self, sentence, index, paragraph, reference, context, dateline) -> list[dict]:
        """The events the sentence tells, dated by its own words or by what the story carries."""
        agree = _events.event_words(sentence) and _events.sides_agree(sentence, context)
        dated = _events.events_in(sentence, reference, context)
        self._pending = None
        if dated or not agree:
            return dated
        planned = _events.is_planned(sentence)
        if dateline and index == dateline[2]:
            # A dateline dates what the lead tells as done; a plan is dated only by its own words.
            return [] if planned else [_events.event_fields(sentence.strip(), dateline[1], dateline[1], "day", "occurred")]
        if self.statement and REMARKS_AT.search(sentence) and not _events.dates_in(sentence, reference):
            start, end, precision = self.statement
            return [_events.event_fields(sentence.strip(), start, end, precision, _events.status_of(start, end, reference, False))]
        if self.scene and self.scene[0] == paragraph and not planned and _events.tells_a_past_act(sentence) \
                and not _events.statement_dates(sentence, reference):
            start, end, precision = self.scene[1]
            return [_events.event_fields(sentence.strip(), start, end, precision, "occurred")]
        if not dateline and self.lead is None and not self.any_dated and index < 4 and not planned:
            self._pending = sentence
        return []

    def after(self, sentence, paragraph, reference, dated, position, span, cited, out) -> None:
        """Update what carries on once the sentence's candidates are in `out`."""
        if self._pending is not None:
            self.lead = (position, span, cited)
        self.any_dated = self.any_dated or dated
        self.statement = (_events.statement_dates(sentence, reference) or [None])[0] \
            if _events.SPEECH.search(sentence) else None
        self.scene = None
        if not dated and not STATISTIC.search(sentence) and not _events.event_words(sentence):
            own_dates = _events.dates_in(sentence, reference)
            if len(own_dates) == 1 and own_dates[0][0] <= reference:
                self.scene = (paragraph, own_dates[0])
        if self.lead and not self.lead_dated and SAME_DAY_AS_LEAD.match(sentence):
            days = [d for d in _events.dates_in(sentence, reference) + _events.statement_dates(sentence, reference)
                    if d[2] == "day" and d[0] <= reference]
            if days:
                position, (start, end), lead_sentence = self.lead
                fields = _events.event_fields(lead_sentence.strip(), days[0][0], days[0][1], "day", "occurred")
                fields.pop("kind")
                out.insert(position, Candidate("event", lead_sentence, (start, end), fields))
                self.lead_dated = True


_FURNITURE_HEADING = re.compile(r"^[ \t]*(?:Sources?|Read (?:also|more)|Also read|Related(?: news| articles| stories| posts)?|"
                                r"See also|More on (?:this|the) topic|Recommended|Latest news|Most read|Tags?)[ \t]*:?[ \t]*$",
                                re.I | re.M)
_STAMP_DATE = (rf"(?:\d{{1,2}}\s+{numbers.MONTH}|{numbers.MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?),?\s+(?:19|20)\d\d|"
               r"\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d")
_CLOCK = r"\d{1,2}:\d\d(?::\d\d)?"
# A line that is only a date, with or without a clock time: the page's timestamp.
_TIMESTAMP_LINE = re.compile(rf"^[ \t]*\[?[ \t]*(?:{_CLOCK}\s*[,|·•/–-]?\s+)?(?:{_STAMP_DATE})(?:\s*[,|·•/–-]?\s+{_CLOCK})?"
                             r"(?:\s*\(?(?:UTC|GMT)[^)\n]*\)?)?[ \t]*\]?[ \t]*$", re.M | re.I)


def _without_furniture(text: str) -> str:
    """The text with page furniture blanked (same length): lines that are only a timestamp, and a
    list under a 'Sources' or 'Read also' heading (headlines of other pages) up to the next blank
    line."""
    chars = None
    for match in _TIMESTAMP_LINE.finditer(text):
        chars = chars or list(text)
        chars[match.start():match.end()] = " " * (match.end() - match.start())
    for match in _FURNITURE_HEADING.finditer(text):
        stop = text.find("\n\n", match.start())
        stop = len(text) if stop < 0 else stop
        chars = chars or list(text)
        chars[match.start():stop] = [c if c == "\n" else " " for c in text[match.start():stop]]
    return "".join(chars) if chars else text


def _headline_names_china(text: str) -> bool:
    """Whether the article opens with a headline (a first line of its own, with no full stop)
    that names the Chinese side."""
    paragraphs = paragraph_spans(text)
    if not paragraphs:
        return False
    start, end = paragraphs[0]
    headline = text[start:end]
    return ("\n" not in headline and len(headline) <= 150 and not headline.rstrip().endswith((".", "!", "?"))
            and places.names_china(headline))


def _without_repeated_sentences(candidates: list[Candidate]) -> list[Candidate]:
    """Drop an event that repeats an earlier one from a repeat of its sentence (a teaser that
    repeats the lead): same fields, and both sentences open with the same 60 characters."""
    seen: list[tuple[str, dict]] = []
    keep = []
    for candidate in candidates:
        if candidate.kind != "event":
            keep.append(candidate)
            continue
        head = " ".join(candidate.sentence.split())[:60]
        fields = {k: v for k, v in candidate.fields.items() if k != "title"}
        if len(head) >= 40 and any(h == head and f == fields for h, f in seen):
            continue
        seen.append((head, fields))
        keep.append(candidate)
    return keep


def _referred_figure(previous: list[Candidate], year: int | None) -> Candidate | None:
    """The figure a back reference points to: the last one told with no growth of its own, of
    the year the reference names when it names one ("The figure of 2022 …")."""
    for candidate in reversed(previous):
        f = candidate.fields
        if f["unit"] != "usd_million" or f["value"] is None or f["growth_reported"] is not None:
            continue
        if year is None or (f["period_start"] or "").startswith(str(year)):
            return candidate
    return None


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
