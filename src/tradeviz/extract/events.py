"""Dated events: a sentence with an event word (visited, met, signed, opened, resumed, departed,
set off, entered into force, has been in force…) and a date, resolved against the reference date
(the dateline's, else the publication's), each planned or occurred.

Dates: "3 September 2025", "Sept. 15, 2022", "July 5", "in November", "August this year", "March
2024", "2019", "the beginning of this year", "next month", "on Wednesday", "today". A date with
no year takes the reference year, or the year before when the sentence tells of the past and the
date would fall after the reference, or the year after when it tells of plans and the date has
passed. Not event dates: the span a figure covers ("from January to October"), the end of a span
("visa-free from July 20, 2024, to July 20, 2025"), a start of a state ("since 2023"), an
anniversary's origin. An event dated after the reference, or told in the future ("will", "is set
to", "plans to") in the reference's own month or year, is planned.

Also no event dates: a page's timestamp (a date with a clock time), the date of a statement
("told reporters on Sept. 20", "announced on Monday that …", kept apart by statement_dates for the
event the remarks were made at), a year of statistics ("in 2024 trade grew 15 percent", "the
results of 2023"), a year in a name ("SCO Summit 2025"), a year in a clause about an anniversary,
the founding of a third party in an aside ("AZPROMO, established in 2003,"). "Since July 2025"
dates a state's entry into force ("has been in force since"), and "till late 2019" a plan's
deadline, but not the end of a state ("will remain in force until"). "Last year's joint
declaration" dates the declaration. One side with a body of many states ("Azerbaijan hosted the
CICA meeting") is no Azerbaijan–China event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from tradeviz.extract import figures, numbers, places

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
_TO = r"\s*(?:-|–|to|and|till|until)\s*"
DATES = [
    # "from 3 to 5 July 2025", "on July 3-5": a span of days, dated by its first day
    (re.compile(rf"\b{DAY}{_TO}[0-3]?\d(?:st|nd|rd|th)? (?:of )?{MONTH}(?:,? {YEAR})?"), "day"),
    (re.compile(rf"\b{MONTH} {DAY}{_TO}[0-3]?\d(?:st|nd|rd|th)?\b(?![.,]?\d)(?:,? {YEAR})?"), "day"),
    (re.compile(rf"\b{DAY} (?:of )?{MONTH},? {YEAR}\b"), "day"),
    (re.compile(rf"\b{MONTH} {DAY},? {YEAR}\b"), "day"),
    (re.compile(rf"\b{DAY} (?:of )?{MONTH}(?!\s*\d)"), "day"),
    (re.compile(rf"\b{MONTH} {DAY}\b(?![.,]?\d)(?!\s*(?:%|percent|per cent|million|billion|thousand))"), "day"),
    (re.compile(rf"\b{MONTH},? (?:of )?{YEAR}\b"), "month"),
    (re.compile(rf"\b{MONTH},? (?:of )?{REL_YEAR}\b", re.I), "month"),
    (re.compile(rf"\b(?:(?:[Ii]n|[Dd]uring|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id|[Bb]efore|[Aa]fter|[Tt]he end of|"
                rf"[Tt]he (?:beginning|outset|start|middle|close) of|[Nn]ext|[Ll]ast|[Tt]his)\s+|[Mm]id-\s?){MONTH}(?!\s*[-–]?\d)"),
     "month"),
    (re.compile(r"\b(?P<relm>next month|last month|this month|earlier this month|later this month)\b", re.I), "month"),
    (re.compile(rf"(?<![A-Za-z]-)(?<![A-Za-z]–)\b{YEAR}\b(?![-–/]\d)"), "year"),
    (re.compile(rf"\b(?:(?:the )?(?:beginning|start|end|middle|first half|second half|spring|summer|autumn|fall|winter)"
                rf" of |(?:early|later|earlier|late) )?{REL_YEAR}\b(?P<poss>['’]s)?", re.I), "year"),
    (re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<w>{_WEEKDAY})\b(?!s)|\b(?P<w2>{_WEEKDAY})\s+"
                r"(?:morning|afternoon|evening|night)\b"), "day"),
    (re.compile(r"\b(?P<today>today|yesterday|tomorrow)\b(?!['’]s)", re.I), "day"),
]
EVENT_WORDS = re.compile(
    # (?=[A-Za-z]): a position that opens no word fails at once, not after every alternative
    r"\b(?=[A-Za-z])(?:visit(?:s|ed|ing)?|summit|met|meets?|meetings?|talks|negotiat\w*|signed|signing|(?:to|will) sign|"
    r"inked|"
    r"declared|declaration|adopted|(?:re-?)?opened|opening|inaugurat\w*|(?:to|will) open|(?:re-?)?launch(?:ed|es|ing)?|held|"
    r"to be held|took place|takes? place|forum|ceremony|parade|session|exhibition|expo|conference|"
    r"established|establishment|concluded|departed|departure|arrived|arrival|"
    r"completed (?:its|the|their) (?:\w+ )?(?:journey|trip|voyage|run|route)|resum\w*|"
    r"(?:enter|enters|entered|entering|come|comes|came|coming) into force|takes? effect|took effect|"
    r"effective from|in (?:force|effect)|(?:been|is|are|became|become) (?:valid|effective|operational)|"
    r"attend(?:ed|s)?|announced|host(?:s|ed|ing)?|received|receives|at (?:an?|the) (?:event|reception|briefing)|"
    r"set(?:s)? (?:off|out)|dispatched|sent off|(?-i:left (?:for |from )?[A-Z]\w*)|t(?:ook|ake|akes|aking) part|"
    r"participat(?:ed|es|ing|ion))\b", re.I)
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
# "has been in force since July 2025": the start of a state in force is its entry into force.
IN_FORCE = re.compile(r"\b(?:in|into) (?:force|effect)\b|\beffective\b|\bvalid\b|\boperational\b|\bin operation\b", re.I)
# "will remain in force until late 2027": the end of a state, never a plan's deadline.
DURATION = re.compile(r"\b(?:remain\w*|valid|last(?:s|ed|ing)?|run(?:s|ning)?|continu\w*|extend\w*|stay\w*|in force|"
                      r"in effect|suspend\w*|exempt\w*|visa-free|through)\b", re.I)
# A page's timestamp: a date with a clock time ("September 27, 2023 11:06", "[March 03, 2006,
# 11:20:05]", "17:05, September 02, 2011") dates the page, not an event.
CLOCK_AFTER = re.compile(r"^\s*[,|·•/–-]?\s*\d{1,2}:\d\d")
CLOCK_BEFORE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?\s*[,|·•/–-]?\s*$")
# "told reporters on Sept. 20", "announced on Monday that …": the date of a statement. The
# statement is no event; events in the sentence need their own date.
SPEECH = re.compile(r"\b(?:said|says|told|tells|stated|states|noted|notes|announced|announces|wrote|writes|reported|"
                    r"reports|added|adds|remarked|commented|explained|emphasi[sz]ed|stressed|underlined|informed|"
                    r"mentioned|recalled|briefed|posted)\b", re.I)
# … unless the statement was made at an event: "said on Monday at the talks with Aliyev", "said
# on Thursday while meeting Aliyev".
AT_AN_EVENT = re.compile(r"^\s*,?\s*(?:at|during|on the sidelines of|in the course of)\s+(?:[\w'’-]+\s+){0,5}?"
                         r"(?:talks|meeting|summit|forum|ceremony|conference|session|visit|exhibition|expo|reception|"
                         r"briefing|signing)\b|^\s*(?:the\s+)?(?:establishment|launch|opening|signing|start)\b|"
                         r"^\s*,?\s*(?:while|when|as|after|before)\s+(?:[\w'’-]+\s+){0,2}?(?:meet\w*|met|talks|receiv\w*|"
                         r"visit\w*|host\w*|sign\w*|hold\w*|held)\b", re.I)
# "AZPROMO, established in 2003, …": the founding of the thing named is an aside, not an event
# of the two countries ("relations, established on 2 April 1992," are).
FOUNDED_ASIDE = re.compile(r"(?P<head>[^,]{0,60}),\s*(?:which\s+was\s+|that\s+was\s+)?(?:founded|established|set up|created|"
                           r"formed|registered)\s+(?:in|on)\s+$", re.I)
# "the results of 2024", "data for 2023": the year of statistics.
STATISTICS_OF = re.compile(r"\b(?:results?|outcomes?|data|statistics|figures|indicators|totals?)\s+(?:of|for)\s+"
                           r"(?:the\s+)?$", re.I)
# A year right after a capitalised word is part of a name ("SCO Summit 2025", "Expo 2020").
NAME_BEFORE = re.compile(r"\b(?!(?:In|On|By|Since|Until|Till|From|During|Before|After|Of|And|For|At|Through|To|Late|"
                         r"Early|Mid|Also|Both|The|Then|Between|Around|About|Circa|Spring|Summer|Autumn|Fall|Winter|"
                         rf"{'|'.join(_MONTH_FORMS)})\b)[A-Z][\w’'-]*\s+$")
STAT_WORDS = re.compile(r"\binvest\w*|\bpercent\b|%", re.I)
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
    return list(_scan(sentence, reference, planned)[0])


def statement_dates(sentence: str, reference: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """The dates of statements the sentence reports ("told reporters on Sept. 20"): no event
    dates themselves, but the date of the event the remarks were made at."""
    return list(_scan(sentence, reference, None)[1])


def _statistics_clauses(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence states a statistic (money, a percentage or a multiple of trade,
    investment or growth): a bare year there is the statistic's period, not an event's date."""
    out = []
    for offset, clause in figures.clauses(sentence):
        if figures.MAY_STATE_A_FIGURE.search(clause) and (
                figures.FLOW_WORDS.search(clause) or STAT_WORDS.search(clause) or figures.GROWTH_BEFORE.search(clause)):
            out.append((offset, offset + len(clause)))
    return out


def _scan(sentence: str, reference: dt.date, planned: bool | None):
    return _scan_cached(sentence, reference, is_planned(sentence) if planned is None else planned)


# The dates of a sentence are asked for by several rules (its events, the statement it reports,
# the time it sets for the next sentence): read once.
@functools.lru_cache(maxsize=64)
def _scan_cached(sentence: str, reference: dt.date, planned: bool):
    text = _blank(sentence, numbers.range_spans(sentence))
    text = numbers.SAME_PERIOD.sub(lambda m: " " * len(m.group()), text)
    statistics = None
    anniversary = [(offset, offset + len(clause)) for offset, clause in figures.clauses(sentence)
                   if re.search(r"\banniversar", clause, re.I)]
    found: list[tuple[int, int, tuple[dt.date, dt.date, str]]] = []
    statements: list[tuple[int, int, tuple[dt.date, dt.date, str]]] = []
    refused: list[tuple[int, int]] = []   # dates that are no event: no shorter date inside them either
    for pattern, precision in DATES:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b, *_ in [*found, *statements, *refused]):
                continue
            before = text[max(0, match.start() - 40):match.start()]
            after = text[match.end():match.end() + 60]
            if not _is_event_date(match, precision, text, before, after, planned, found):
                refused.append((match.start(), match.end()))
                continue
            if precision == "year":
                if statistics is None:
                    statistics = _statistics_clauses(sentence)
                if any(a <= match.start() < b for a, b in [*statistics, *anniversary]):
                    refused.append((match.start(), match.end()))
                    continue
            span = _span_of(match, precision, reference, _tense_near(before, planned))
            if not span:                    # "31 April 2023": a typo, not "April 2023"
                refused.append((match.start(), match.end()))
                continue
            speech = None
            for speech in SPEECH.finditer(text[max(0, match.start() - 70):match.start()]):
                pass
            attributive = _event_word_soon(after, 2)
            reported = text[max(0, match.start() - 70) + speech.end():match.start()] if speech else ""
            # "said on Monday" dates the saying; "said that next month …" dates what was said
            if speech and not attributive and not AT_AN_EVENT.match(after) \
                    and not EVENT_WORDS.search(reported) and not re.search(r"\bthat\b", reported):
                statements.append((match.start(), match.end(), (*span, precision)))
                continue
            found.append((match.start(), match.end(), (*span, precision)))
    return (tuple(value for *_, value in sorted(found, key=lambda item: item[0])),
            tuple(value for *_, value in sorted(statements, key=lambda item: item[0])))


def _event_word_soon(after: str, words: int = 3) -> bool:
    """Whether one of the next few words is an event word: 'last year's joint declaration',
    'the 2023 Astana summit' date the event they name."""
    head = " ".join(after.split()[:words])
    return bool(EVENT_WORDS.search(head))


def _is_event_date(match: re.Match, precision: str, text: str, before: str, after: str, planned: bool, found) -> bool:
    """Whether a date the text names can date an event, by the words around it."""
    if CLOCK_AFTER.match(after) or CLOCK_BEFORE.search(before):
        return False
    if match.groupdict().get("poss") and not _event_word_soon(after):
        # "last year's figures" names no event; "last year's joint declaration" does
        return False
    if precision == "year" and match.groupdict().get("y") and not match.groupdict().get("rel"):
        if NAME_BEFORE.search(before) or STATISTICS_OF.search(before):
            return False
    aside = FOUNDED_ASIDE.search(before)
    if aside and not re.search(r"relations|ties|partnership", aside.group("head"), re.I) \
            and not (places.names_china(aside.group("head")) and places.names_azerbaijan(aside.group("head"))):
        return False
    refusal = NOT_EVENT_BEFORE.search(before)
    if refusal:
        word = refusal.group().split()[0].lower()
        if word == "since" and IN_FORCE.search(text):
            return True               # "in force since July 2025": its entry into force
        if word in ("until", "till") and planned and not DURATION.search(text):
            return True               # "to be opened till late 2019": the plan's deadline
        return False
    # "from July 20, 2024, to July 20, 2025": the end of a span is not an event
    return not (TO_BEFORE.search(before) and any(FROM_BEFORE.search(text[max(0, a - 10):a]) for a, _, _ in found))


def _tense_near(before: str, planned: bool) -> bool:
    """Whether a date is of a plan, from the words just before it ('will be held on', 'signed
    on'), else from the whole sentence."""
    near = before[-30:]
    if FUTURE.search(near):
        return True
    if PAST_NEAR.search(near):
        return False
    return planned


# A completed action told in the simple past: "agreements were signed", "the delegation met".
# ("has received positive responses" is a state, not a dated act).
_PAST_ACT = re.compile(r"\w+ed|met|held|took place|took part|set off|set out|left .+|began|came into force|won", re.I)


def tells_a_past_act(sentence: str) -> bool:
    """Whether one of the sentence's event words is a verb in the simple past."""
    text = ANNIVERSARY.sub(" ", sentence)
    return any(_PAST_ACT.fullmatch(m.group()) and not re.search(r"\b(?:has|have|had)\s+(?:\w+\s+)?$", text[:m.start()])
               for m in EVENT_WORDS.finditer(text))


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
    # "Azerbaijan hosted the CICA meeting": one side with a body of many states
    if places.names_other_country(sentence) or ((china or azerbaijan) and places.names_multilateral_body(sentence)):
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
