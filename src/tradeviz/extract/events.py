"""Dated events: a sentence with an event word (visited, met, signed, opened, resumed, departed,
entered into force…) and a date, resolved against the reference date (the dateline's, else the
publication's), each planned or occurred.

Dates: "3 September 2025", "Sept. 15, 2022", "July 5", "in November", "August this year", "March
2024", "2019", "the beginning of this year", "next month", "on Wednesday", "today". A date with
no year takes the reference year, or the year before when the sentence tells of the past and the
date would fall after the reference, or the year after when it tells of plans and the date has
passed. Not event dates: the span a figure covers ("from January to October"), the end of a span
("visa-free from July 20, 2024, to July 20, 2025"), a start of a state ("since 2023"), an
anniversary's origin. An event dated after the reference, or told in the future ("will", "is set
to", "plans to") in the reference's own month or year, is planned.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tradeviz.extract import numbers, places

_MONTH_FORMS = sorted({form for number in range(1, 13) for form in
                       (calendar.month_name[number], calendar.month_abbr[number],
                        calendar.month_name[number].upper(), calendar.month_abbr[number].upper())} | {"Sept", "SEPT"},
                      key=len, reverse=True)
MONTH = rf"(?P<m>{'|'.join(_MONTH_FORMS)})\b\.?"
DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<y>(?:19|20)\d\d)"
REL_YEAR = r"(?P<rel>this year|the current year|next year|last year|the previous year|the preceding year|the coming year)"
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAY = "|".join(calendar.day_name)

# Each pattern gives a precision; earlier patterns win where two overlap.
DATES = [
    (re.compile(rf"\b{DAY} (?:of )?{MONTH},? {YEAR}\b"), "day"),
    (re.compile(rf"\b{MONTH} {DAY},? {YEAR}\b"), "day"),
    (re.compile(rf"\b{DAY} (?:of )?{MONTH}(?!\s*\d)"), "day"),
    (re.compile(rf"\b{MONTH} {DAY}\b(?![.,]?\d)(?!\s*(?:%|percent|per cent|million|billion|thousand))"), "day"),
    (re.compile(rf"\b{MONTH},? (?:of )?{YEAR}\b"), "month"),
    (re.compile(rf"\b{MONTH},? (?:of )?{REL_YEAR}\b", re.I), "month"),
    (re.compile(rf"\b(?:(?:[Ii]n|[Dd]uring|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id|[Bb]efore|[Aa]fter|[Tt]he end of|"
                rf"[Tt]he beginning of|[Nn]ext|[Ll]ast|[Tt]his)\s+|[Mm]id-\s?){MONTH}(?!\s*[-–]?\d)"), "month"),
    (re.compile(r"\b(?P<relm>next month|last month|this month|earlier this month|later this month)\b", re.I), "month"),
    (re.compile(rf"(?<![A-Za-z]-)(?<![A-Za-z]–)\b{YEAR}\b(?![-–/]\d)"), "year"),
    (re.compile(rf"\b(?:(?:the )?(?:beginning|start|end|middle|first half|second half|spring|summer|autumn|fall|winter)"
                rf" of |(?:early|later|earlier|late) )?{REL_YEAR}\b(?!['’]s)", re.I), "year"),
    (re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<w>{_WEEKDAY})\b(?!s)|\b(?P<w2>{_WEEKDAY})\s+"
                r"(?:morning|afternoon|evening|night)\b"), "day"),
    (re.compile(r"\b(?P<today>today|yesterday|tomorrow)\b(?!['’]s)", re.I), "day"),
]
EVENT_WORDS = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|summit|met|meets?|meetings?|talks|negotiat\w*|signed|signing|(?:to|will) sign|inked|"
    r"declared|declaration|adopted|opened|opening|inaugurat\w*|(?:to|will) open|launch(?:ed|es|ing)?|held|"
    r"to be held|took place|takes? place|forum|ceremony|parade|session|exhibition|expo|conference|"
    r"established|establishment|concluded|departed|departure|arrived|arrival|"
    r"completed (?:its|the|their) (?:\w+ )?(?:journey|trip|voyage|run|route)|resum\w*|"
    r"(?:enter|enters|entered|entering|come|comes|came|coming) into force|takes? effect|took effect|"
    r"effective from|attend(?:ed|s)?|announced|host(?:s|ed|ing)?|received|receives|at (?:an?|the) (?:event|reception|briefing))\b", re.I)
# "the 30th anniversary of the establishment of diplomatic relations": the establishment is not
# what the sentence dates.
ANNIVERSARY = re.compile(r"\banniversary of (?:the )?[\w-]+", re.I)
FUTURE = re.compile(r"\b(?:will|shall|is set to|are set to|to be held|to be signed|to be opened|is expected to|"
                    r"are expected to|expected to|plans? to|planned to|planning to|is scheduled|are scheduled|"
                    r"scheduled to|scheduled for|upcoming|is due to|are due to|is going to|are going to|intends? to|"
                    r"would|next (?:week|month|year)|coming)\b", re.I)
NOT_EVENT_BEFORE = re.compile(r"(?:\b(?:since|until|till|through|ago)\s+(?:the\s+)?(?:\w+\s+)?|\bsame period (?:of|in)\s+|"
                              r"\b(?:compared (?:to|with)|than|over)\s+(?:the\s+)?(?:\w+\s+)?)$", re.I)
PAST_NEAR = re.compile(r"\b(?:\w+ed|met|held|took place|took|began|came|went|made|was|were|signed|opened|won|saw)\b"
                       r"(?:\s+[\w-]+){0,3}\s*$", re.I)
TO_BEFORE = re.compile(r"\b(?:to|and)\s+$", re.I)
FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)


def _blank(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def is_planned(text: str) -> bool:
    """The sentence tells of something to come: 'will', 'is set to', 'plans to'."""
    return bool(FUTURE.search(text))


def _resolved(month: int, day: int | None, reference: dt.date, planned: bool) -> tuple[int, int, int | None]:
    """The year of a month (and day) named without one."""
    year = reference.year
    start = dt.date(year, month, day or 1)
    end = start if day else numbers.month_end(year, month)
    if planned and end < reference - dt.timedelta(days=7):
        year += 1
    elif not planned and start > reference + dt.timedelta(days=1):
        year -= 1
    return year, month, day


def _span_of(match: re.Match, precision: str, reference: dt.date, planned: bool):
    groups = {k: v for k, v in match.groupdict().items() if v}
    try:
        if "w" in groups or "w2" in groups:
            weekday = WEEKDAYS[(groups.get("w") or groups["w2"]).lower()]
            if planned:
                day = reference + dt.timedelta(days=(weekday - reference.weekday()) % 7 or 7)
            else:
                day = reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)
            return day, day
        if "today" in groups:
            day = reference + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[groups["today"].lower()])
            return day, day
        if "relm" in groups:
            words = groups["relm"].lower()
            shift = 1 if words.startswith("next") else -1 if words.startswith("last") else 0
            index = reference.year * 12 + reference.month - 1 + shift
            year, month = divmod(index, 12)
            return dt.date(year, month + 1, 1), numbers.month_end(year, month + 1)
        year = int(groups["y"]) if "y" in groups else None
        if "rel" in groups:
            words = groups["rel"].lower()
            year = reference.year + (1 if words.startswith(("next", "the coming")) else
                                     -1 if words.startswith(("last", "the previous", "the preceding")) else 0)
        if "m" in groups:
            month = numbers.MONTHS[groups["m"].lower().rstrip(".")]
            day = int(groups["d"]) if "d" in groups else None
            if year is None:
                year, month, day = _resolved(month, day, reference, planned)
            if precision == "day":
                date = dt.date(year, month, day)
                return date, date
            return dt.date(year, month, 1), numbers.month_end(year, month)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, KeyError, TypeError):
        return None


def dates_in(sentence: str, reference: dt.date, planned: bool | None = None) -> list[tuple[dt.date, dt.date, str]]:
    """Each event date the sentence names: (start, end, precision), in reading order."""
    planned = is_planned(sentence) if planned is None else planned
    text = _blank(sentence, numbers.range_spans(sentence))
    text = numbers.SAME_PERIOD.sub(lambda m: " " * len(m.group()), text)
    found: list[tuple[int, int, tuple[dt.date, dt.date, str]]] = []
    refused: list[tuple[int, int]] = []   # dates that are no event: no shorter date inside them either
    for pattern, precision in DATES:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b, *_ in [*found, *refused]):
                continue
            before = text[max(0, match.start() - 40):match.start()]
            # "since 2023"; "from July 20, 2024, to July 20, 2025": the end of a span is not an event.
            if NOT_EVENT_BEFORE.search(before) or (
                    TO_BEFORE.search(before) and any(FROM_BEFORE.search(text[max(0, a - 10):a]) for a, _, _ in found)):
                refused.append((match.start(), match.end()))
                continue
            span = _span_of(match, precision, reference, _tense_near(before, planned))
            if span:
                found.append((match.start(), match.end(), (*span, precision)))
            else:                   # "31 April 2023": a typo, not "April 2023"
                refused.append((match.start(), match.end()))
    return [value for *_, value in sorted(found, key=lambda item: item[0])]


def _tense_near(before: str, planned: bool) -> bool:
    """Whether a date is of a plan, from the words just before it ('will be held on', 'signed
    on'), else from the whole sentence."""
    near = before[-30:]
    if FUTURE.search(near):
        return True
    if PAST_NEAR.search(near):
        return False
    return planned


def event_words(sentence: str) -> list[str]:
    """The event words of a sentence, lower case (none inside 'anniversary of the …')."""
    return [m.group().lower() for m in EVENT_WORDS.finditer(ANNIVERSARY.sub(" ", sentence))]


def status_of(start: dt.date, end: dt.date, reference: dt.date, planned: bool) -> str:
    if start > reference:
        return "planned"
    if end < reference:
        return "occurred"
    return "planned" if planned else "occurred"


def sides_agree(sentence: str, context: list[str]) -> bool:
    """Whether the sentence is about Azerbaijan and China: it names both sides; or it names
    neither (it carries on the sentences before it) and no third country; or it names one side
    and no third country, and the other side is named just before (`context`)."""
    china, azerbaijan = places.names_china(sentence), places.names_azerbaijan(sentence)
    if china and azerbaijan:
        return True
    if places.names_other_country(sentence):
        return False
    if not china and not azerbaijan:
        return True
    other_side = places.names_azerbaijan if china else places.names_china
    return any(other_side(text) for text in context)


PERSON = re.compile(r"\b(?:President |Chinese President )?(?P<name>(?:Heydar|Ilham) Aliyev|Xi Jinping|Li Qiang|"
                    r"Wang Yi|Jeyhun Bayramov|Mehriban Aliyeva|Ding Xuexiang|Zhang Dejiang)\b")
AREA_WORDS = {"sco_security": r"\bSCO\b|Shanghai Cooperation", "tourism_culture": r"touris|culture|visa",
              "political": r"visit|president|leaders?|strategic partnership", "trade": r"trade|export|import|invest",
              "energy": r"energy|renewable|oil|gas", "digital": r"digital|artificial intelligence|\bAI\b",
              "transport": r"corridor|railway|transport|logistic|flights?|trains?"}


def title_of(sentence: str) -> str:
    """The sentence, cut at a word to at most 90 characters."""
    sentence = sentence.strip()
    return sentence if len(sentence) <= 90 else sentence[:89].rsplit(" ", 1)[0] + "…"


def event_fields(sentence: str, start: dt.date, end: dt.date, precision: str, status: str) -> dict:
    actors = sorted({m.group("name") for m in PERSON.finditer(sentence)})
    areas = [area for area, pattern in AREA_WORDS.items() if re.search(pattern, sentence, re.I)]
    return {"kind": "event", "date_start": start.isoformat(), "date_end": end.isoformat(), "date_precision": precision,
            "status": status, "title": title_of(sentence), "actors": actors, "policy_areas": areas}


def events_in(sentence: str, reference: dt.date, context: list[str] = ()) -> list[dict]:
    """The dated events a sentence tells of (none when it has no event word, or is not about
    Azerbaijan and China)."""
    if not event_words(sentence) or not sides_agree(sentence, list(context)):
        return []
    planned = is_planned(sentence)
    return [event_fields(sentence, start, end, precision, status_of(start, end, reference, planned))
            for start, end, precision in dates_in(sentence, reference, planned)]


# ---- datelines ------------------------------------------------------------------------------

_PLACE = r"(?!(?:On|In|At|By|From|Since|Until|The|A|An|Last|This|Next)\b)[A-Z][A-Za-z'’-]+(?:,? [A-Z][A-Za-z'’-]+){0,3}"
DATELINE = re.compile(rf"^(?P<place>{_PLACE})[.,]\s+(?:{DAY} {MONTH}|{MONTH.replace('(?P<m>', '(?P<m2>')} "
                      rf"{DAY.replace('(?P<d>', '(?P<d2>')}\b)(?:,? {YEAR})?\.?")
BYLINE = re.compile(r"^(?:By\s|[^.!?]{0,60}:$)")


def find_dateline(paragraph: str, published: dt.date) -> tuple[int, dt.date] | None:
    """'BAKU, Azerbaijan, Sept. 20', 'Baku. 10 December.', 'BAKU, Nov. 14 (Xinhua) --': where a
    place dateline at the start of a paragraph ends, and its date (no later than publication)."""
    match = DATELINE.match(paragraph)
    if not match or re.fullmatch(_WEEKDAY, match.group("place")):
        return None
    month = numbers.MONTHS[(match.group("m") or match.group("m2")).lower().rstrip(".")]
    day = int(match.group("d") or match.group("d2"))
    try:
        if match.group("y"):
            return match.end(), dt.date(int(match.group("y")), month, day)
        year, month, day = _resolved(month, day, published, planned=False)
        return match.end(), dt.date(year, month, day)
    except ValueError:
        return None
