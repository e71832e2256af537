"""Candidate records from an article's text: trade figures and dated events, for a person to
review (nothing here is stored until someone accepts it).

Small grammars over sentences, with the publication date to resolve relative periods ("between
January and July of this year", "last year", "On Sunday"). A figure is money with a currency and
a scale ("$2.5 billion", "$748,8 million" with a decimal comma, "53.3 million dollars"), its bound
("exceeded", "more than", "nearly", "approaching"), its flow (turnover, exports, imports: the
nearest such word before it), the growth stated with it ("26.7% higher than in the same period
of 2024", "grew 4.5 times") and its period (stated in the sentence, or the period the paragraph
last named); or a rank ("fourth-largest trading partner", "largest supplier"); or a growth with
no value ("trade grew by more than 20% in one year"). An event is a sentence with an event word
(visit, summit, met, signed, declared…) and a date: a year, a month and year, a day, or a weekday
counted back from publication. Every candidate carries its sentence and its span in the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from tradeviz.text import paragraph_spans, sentence_spans

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
            "9th": 9, "10th": 10}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
SCALES = {"billion": 1000.0, "bn": 1000.0, "million": 1.0, "mln": 1.0, "m": 1.0, "thousand": 0.001}

_NUM = r"\d+(?:[.,]\d+)*"
MONEY = re.compile(
    rf"(?P<dollar>(?:US)?\$\s?)?(?P<num>{_NUM})\s*(?P<scale>billion|bn|million|mln|thousand|m)\b\.?"
    rf"(?:\s*(?P<currency>(?:US\s)?dollars|USD))?", re.IGNORECASE)
BOUNDS = [
    (re.compile(r"(?:more than|over|above|exceed(?:ed|s|ing)?|in excess of|upwards of)\s*$", re.I), "more_than"),
    (re.compile(r"(?:less than|under|below|nearly|almost|approach(?:ed|es|ing)?|close to|up to)\s*$", re.I),
     "less_than"),
    (re.compile(r"(?:about|around|approximately|roughly|some|circa|~)\s*$", re.I), "about"),
]
FLOW_WORDS = re.compile(r"\b(?P<word>turnover|trade|exports?|imports?)\b", re.I)
PERCENT = re.compile(rf"(?P<bound>more than |over |nearly |almost |about |around )?(?P<num>{_NUM})\s*(?:%|percent|per cent)",
                     re.I)
TIMES = re.compile(rf"\b(?:grew|increased|rose|jumped|up)\s+(?:by\s+)?(?P<num>{_NUM}|{'|'.join(NUMBER_WORDS)})[- ](?:times|fold)",
                   re.I)
GROWTH_CONTEXT = re.compile(r"\b(higher|more|increase[ds]?|grew|growth|rose|up|gain|jump)", re.I)
DECLINE_CONTEXT = re.compile(r"\b(lower|less|decrease[ds]?|fell|declined?|down|drop(?:ped)?)\b", re.I)
SAME_PERIOD = re.compile(r"same period (?:of|in|last)\s*(?:the previous year|last year|(?:19|20)\d\d)?", re.I)
YEAR_ON_YEAR = re.compile(r"year[- ]on[- ]year|compared (?:to|with) (?:last year|(?:19|20)\d\d)|than in (?:19|20)\d\d",
                          re.I)
CHANGE_AFTER = re.compile(r"[\s,]*(?:or\s+[\d.,]+\s*(?:%|percent|per cent)[\s,]*)?(?:more|less|higher|lower)\b", re.I)
SAME_PERIOD_YEAR = re.compile(r"same period (?:of|in)\s*(?:(?P<year>(?:19|20)\d\d)|the previous year|last year)", re.I)
REFERS_BACK = re.compile(r"\s*(?:This|That|It) (?:is|was|represents|marks)\b", re.I)
RANK = re.compile(r"\b(?:(?P<ordinal>\w+)[- ])?largest (?P<what>trading partner|supplier|source of imports|"
                  r"import(?:s)? (?:source|partner))", re.I)

# Periods, most specific first; each gives (start, end) from a match and the publication date.
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
YEAR_REF = r"(?P<year>(?:19|20)\d\d)|(?P<this>this year|the current year)|(?P<last>last year|the previous year)"
PERIODS = [
    re.compile(rf"between (?P<m1>{MONTH_NAMES}) and (?P<m2>{MONTH_NAMES})(?: of| in)?\s*(?:{YEAR_REF})?", re.I),
    re.compile(rf"(?:in )?(?P<m1>{MONTH_NAMES})\s?[-–]\s?(?P<m2>{MONTH_NAMES})(?: of)?\s*(?:{YEAR_REF})?", re.I),
    re.compile(rf"(?:from|in) (?P<m1>{MONTH_NAMES}) (?:to|through|till|until) (?P<m2>{MONTH_NAMES})(?: of)?\s*"
               rf"(?:{YEAR_REF})?", re.I),
    re.compile(rf"(?:the )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?\s*(?:{YEAR_REF})?", re.I),
    re.compile(rf"(?:the )?(?P<h>first|second) half(?: of)?\s*(?:{YEAR_REF})?", re.I),
    re.compile(rf"(?:the )?first (?P<n>\d+|{'|'.join(NUMBER_WORDS)}) months(?: of)?\s*(?:{YEAR_REF})?", re.I),
    re.compile(rf"(?:in|during|for|of) (?P<fullyear>(?:19|20)\d\d)\b(?! (?:{MONTH_NAMES}))", re.I),
    re.compile(r"\b(?P<lastyear>last year|the previous year)\b", re.I),
]
EVENT_WORDS = re.compile(r"\b(visit(?:s|ed)?|summit|met|meet(?:ing|s)?|talks|signed|signing|agreement|declared|"
                         r"opened|launched|inaugurat\w*|held|took place|forum|ceremony|parade|session)\b", re.I)
DAY_MONTH_YEAR = re.compile(rf"\b(?P<d>\d{{1,2}}) (?P<m>{MONTH_NAMES}) (?P<y>(?:19|20)\d\d)\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b(?P<m>{MONTH_NAMES}) (?P<d>\d{{1,2}}),? (?P<y>(?:19|20)\d\d)\b", re.I)
MONTH_YEAR = re.compile(rf"\b(?P<m>{MONTH_NAMES}) (?P<y>(?:19|20)\d\d)\b", re.I)
YEAR = re.compile(r"\b(?P<y>(?:19|20)\d\d)\b")
WEEKDAY = re.compile(rf"\b[Oo]n (?P<w>{'|'.join(w.capitalize() for w in WEEKDAYS)})\b")
AREA_WORDS = {"sco_security": r"\bSCO\b|Shanghai Cooperation", "tourism_culture": r"touris|culture|visa",
              "political": r"visit|president|leaders?|strategic partnership", "trade": r"trade|export|import|invest",
              "energy": r"energy|renewable|oil|gas", "digital": r"digital|artificial intelligence|\bAI\b",
              "transport": r"corridor|railway|transport|logistic"}
PERSON = re.compile(r"\b(?:President |Chinese President )?(?P<name>(?:Heydar|Ilham) Aliyev|Xi Jinping|Li Qiang|"
                    r"Wang Yi|Jeyhun Bayramov|Mehriban Aliyeva)\b")


@dataclass
class Candidate:
    kind: str                      # "figure" or "event"
    sentence: str
    span: tuple[int, int]
    fields: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"kind": self.kind, **self.fields, "sentence": self.sentence, "span": list(self.span)}


# ---- numbers and periods --------------------------------------------------------------------


def parse_number(text: str) -> float:
    """'2.5' -> 2.5; '748,8' -> 748.8 (a decimal comma); '1,234' and '1,234.5' -> thousands."""
    if "," in text and "." in text:
        return float(text.replace(",", ""))
    if "," in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and head.replace(",", "").isdigit():
            return float(text.replace(",", ""))
        return float(head.replace(",", "") + "." + tail)
    return float(text)


def number_word(text: str) -> float:
    return float(NUMBER_WORDS.get(text.lower(), None) or parse_number(text))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_of(match: re.Match, published: dt.date) -> int:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("last"):
        return published.year - 1
    return published.year


def find_period(text: str, published: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first period the text names, resolved against the publication date."""
    text = SAME_PERIOD.sub(" ", text)  # "the same period of 2024" is a comparison's base, not a period
    text = re.sub(r"\bthan in (?:19|20)\d\d\b", " ", text)
    best: tuple[int, tuple[dt.date, dt.date]] | None = None
    for pattern in PERIODS:
        for match in pattern.finditer(text):
            period = _period_of(match, published)
            if period and (best is None or match.start() < best[0]):
                best = (match.start(), period)
            break
    return best[1] if best else None


def _period_of(match: re.Match, published: dt.date) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    if groups.get("m1"):
        year = _year_of(match, published)
        first, last = MONTHS[groups["m1"].lower()], MONTHS[groups["m2"].lower()]
        return (dt.date(year, first, 1), _month_end(year, last)) if first <= last else None
    if groups.get("q"):
        quarter = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[groups["q"].lower()]
        year = _year_of(match, published)
        return dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if groups.get("h"):
        year = _year_of(match, published)
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if groups["h"].lower() == "first" else (
            dt.date(year, 7, 1), dt.date(year, 12, 31))
    if groups.get("n"):
        months = int(number_word(groups["n"]))
        year = _year_of(match, published)
        return (dt.date(year, 1, 1), _month_end(year, months)) if 1 <= months <= 12 else None
    if groups.get("fullyear"):
        year = int(groups["fullyear"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if groups.get("lastyear"):
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31)
    return None


# ---- figures --------------------------------------------------------------------------------


def _bound(before: str) -> str:
    for pattern, qualifier in BOUNDS:
        if pattern.search(before[-30:]):
            return qualifier
    return "exact"


def _flow(before: str) -> str | None:
    words = [m.group("word").lower() for m in FLOW_WORDS.finditer(before)]
    if not words:
        return None
    last = words[-1]
    return "exports" if last.startswith("export") else "imports" if last.startswith("import") else "turnover"


def _growth(clause: str) -> dict:
    """The growth a clause states: a percentage with a rise or fall word, or 'grew N times'."""
    times = TIMES.search(clause)
    if times:
        return {"growth_reported": number_word(times.group("num")), "growth_unit": "multiple",
                "growth_qualifier": "exact", "growth_basis": _basis(clause)}
    for match in PERCENT.finditer(clause):
        after = clause[match.end():match.end() + 40]
        before = clause[max(0, match.start() - 40):match.start()]
        if any(p.search(t) for p in (GROWTH_CONTEXT, DECLINE_CONTEXT) for t in (after, before)):
            value = parse_number(match.group("num"))
            if DECLINE_CONTEXT.search(after) or DECLINE_CONTEXT.search(before):
                value = -value
            bound = (match.group("bound") or "").strip().lower()
            qualifier = {"more than": "more_than", "over": "more_than", "nearly": "less_than", "almost": "less_than",
                         "about": "about", "around": "about"}.get(bound, "exact")
            return {"growth_reported": value, "growth_unit": "percent", "growth_qualifier": qualifier,
                    "growth_basis": _basis(clause)}
    return {}


def _basis(clause: str) -> str | None:
    if SAME_PERIOD.search(clause):
        return "same_period_prior_year"
    if YEAR_ON_YEAR.search(clause):
        return "year_on_year"
    return None


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """(offset, clause): a sentence cut before ', while', '; ' and ', whereas'."""
    cuts = [0] + [m.start() for m in re.finditer(r",\s+(?:while|whereas|and)\s|;\s", sentence)] + [len(sentence)]
    return [(a, sentence[a:b]) for a, b in zip(cuts, cuts[1:])]


def refers_back(sentence: str) -> bool:
    """'This is 17.7 percent more than…': the sentence's growth belongs to the figure before it."""
    return bool(REFERS_BACK.match(sentence))


def _shifted(period: tuple[dt.date, dt.date], base: re.Match) -> tuple[dt.date, dt.date]:
    year = int(base.group("year")) if base.group("year") else period[0].year - 1
    return period[0].replace(year=year), _month_end(year, period[1].month)


def figures_in(sentence: str, period: tuple[dt.date, dt.date] | None) -> list[dict]:
    out = []
    refers_back = bool(REFERS_BACK.match(sentence))
    for offset, clause in _clauses(sentence):
        money = [m for m in MONEY.finditer(clause) if m.group("dollar") or m.group("currency")]
        growth = _growth(clause) if not refers_back else {}
        used_growth = False
        flow_before_clause = _flow(sentence[:offset])
        for match in money:
            before = clause[:match.start()]
            # "$112.4 million more than" is a change, not a level: left to the reviewer.
            after = clause[match.end():match.end() + 40]
            if CHANGE_AFTER.match(after):
                continue
            flow = _flow(before) or flow_before_clause
            if flow is None:
                continue
            value = parse_number(match.group("num")) * SCALES[match.group("scale").lower()]
            # "…than in the same period of 2025, when turnover stood at $636.4 million": the base
            # of the comparison, a figure of that earlier period, with no growth of its own.
            base = SAME_PERIOD_YEAR.search(before)
            figure_period = _shifted(period, base) if base and period else period
            stated_growth = growth if not base and not used_growth else {}
            used_growth = used_growth or bool(stated_growth)
            out.append({"kind": "figure", "flow": flow, "value": round(value, 6), "unit": "usd_million",
                        "qualifier": _bound(before), **_period_fields(figure_period), **_growth_fields(stated_growth)})
        if not money and growth and _flow(clause):
            out.append({"kind": "figure", "flow": _flow(clause), "value": None, "unit": "usd_million",
                        "qualifier": "exact", **_period_fields(period), **_growth_fields(growth)})
        for match in RANK.finditer(clause):
            ordinal = (match.group("ordinal") or "").lower()
            rank = ORDINALS.get(ordinal, 1)
            what = match.group("what").lower()
            flow = "trading_partner_rank" if what == "trading partner" else "import_source_rank"
            out.append({"kind": "figure", "flow": flow, "value": float(rank), "unit": "rank", "qualifier": "exact",
                        **_period_fields(period), **_growth_fields({})})
    return out


def _period_fields(period) -> dict:
    return {"period_start": period[0].isoformat() if period else None,
            "period_end": period[1].isoformat() if period else None}


def _growth_fields(growth: dict) -> dict:
    return {"growth_reported": growth.get("growth_reported"), "growth_unit": growth.get("growth_unit"),
            "growth_qualifier": growth.get("growth_qualifier"), "growth_basis": growth.get("growth_basis")}


# ---- events ---------------------------------------------------------------------------------


def dates_in(sentence: str, published: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """Each date the sentence names: (start, end, precision), in the order they appear."""
    text = SAME_PERIOD.sub(" ", sentence)
    found: list[tuple[int, tuple[dt.date, dt.date, str]]] = []
    taken: list[tuple[int, int]] = []

    def free(match):
        return not any(a < match.end() and match.start() < b for a, b in taken)

    for pattern, precision in ((DAY_MONTH_YEAR, "day"), (MONTH_DAY_YEAR, "day"), (MONTH_YEAR, "month"), (YEAR, "year")):
        for match in pattern.finditer(text):
            if not free(match):
                continue
            year = int(match.group("y"))
            if precision == "day":
                try:
                    day = dt.date(year, MONTHS[match.group("m").lower()], int(match.group("d")))
                except ValueError:
                    continue
                span = (day, day)
            elif precision == "month":
                month = MONTHS[match.group("m").lower()]
                span = (dt.date(year, month, 1), _month_end(year, month))
            else:
                span = (dt.date(year, 1, 1), dt.date(year, 12, 31))
            taken.append((match.start(), match.end()))
            found.append((match.start(), (*span, precision)))
    for match in WEEKDAY.finditer(text):
        weekday = WEEKDAYS[match.group("w").lower()]
        day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        found.append((match.start(), (day, day, "day")))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def events_in(sentence: str, published: dt.date) -> list[dict]:
    if not EVENT_WORDS.search(sentence):
        return []
    actors = sorted({m.group("name") for m in PERSON.finditer(sentence)})
    areas = [area for area, pattern in AREA_WORDS.items() if re.search(pattern, sentence, re.I)]
    title = sentence if len(sentence) <= 90 else sentence[:89].rsplit(" ", 1)[0] + "…"
    return [{"kind": "event", "date_start": start.isoformat(), "date_end": end.isoformat(), "date_precision": precision,
             "title": title, "actors": actors, "policy_areas": areas}
            for start, end, precision in dates_in(sentence, published)]


# ---- whole articles -------------------------------------------------------------------------


def extract(text: str, published: dt.date) -> list[Candidate]:
    """Every candidate in the text, in reading order."""
    out: list[Candidate] = []
    # A figure with no period of its own takes the period of the last sentence that gave figures
    # ("Between January and July… $2.5 billion. Exports grew 4.5 times, reaching $53.3 million"),
    # never one from a sentence about something else ("visits in 2005").
    figure_period = None
    for p_start, p_end in paragraph_spans(text):
        for s_start, s_end in sentence_spans(text[p_start:p_end]):
            start, end = p_start + s_start, p_start + s_end
            sentence = text[start:end]
            period = find_period(sentence, published)
            growth = _growth(sentence) if refers_back(sentence) else {}
            previous = next((c for c in reversed(out) if c.kind == "figure"), None)
            if growth and previous is not None and previous.fields.get("growth_reported") is None:
                previous.fields.update(_growth_fields(growth))
            found = figures_in(sentence, period or figure_period)
            if found and period is not None:
                figure_period = period
            for fields in found:
                out.append(Candidate("figure", sentence, (start, end), {k: v for k, v in fields.items() if k != "kind"}))
            for fields in events_in(sentence, published):
                out.append(Candidate("event", sentence, (start, end), {k: v for k, v in fields.items() if k != "kind"}))
    return out


def as_json(candidates: list[Candidate]) -> list[dict]:
    return [candidate.as_json() for candidate in candidates]



