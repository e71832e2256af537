"""Numbers, money, number words and periods in news text, resolved against a reference date.

A period is what a trade figure covers: "between January and July of this year", "the first
quarter of 2024", "1H18", "over the six months of this year", "in 11 months of the current
year", "in January 2026", "by the end of August this year", "the preceding year",
"from 2016-2022", "over the past six months of this year" (counted from January, as reports
do), "to $2.1 billion by 2019" (a year not yet reached is a target, no period). A period named
without a year takes the year of the reference date, or the year before when the period would
not yet be over (a report counts a finished period). "A year earlier" and "the previous year"
count back from a year the sentence named before them ("$1.2 billion in 2019 versus $0.9
billion a year earlier"), and a period named as a comparison's base ("Compared to January-May
2018", "as against 2023") is no figure's period. Amounts may be spelled: "two billion dollars",
"half a billion dollars".
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
ORDINALS.update({f"{n}{'st' if n % 10 == 1 and n != 11 else 'nd' if n % 10 == 2 and n != 12 else 'rd' if n % 10 == 3 and n != 13 else 'th'}": n
                 for n in range(1, 31)})
def ordinal_value(text: str) -> int:
    """'fourth' -> 4, '4th' -> 4, '71st' -> 71."""
    word = text.lower()
    return ORDINALS[word] if word in ORDINALS else int(re.match(r"\d+", word).group())


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12}
MULTIPLE_WORDS = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4, "twofold": 2, "threefold": 3,
                  "fourfold": 4, "fivefold": 5, "tenfold": 10, "double": 2, "twice": 2, "triple": 3, "thrice": 3}
SCALES = {"trillion": 1_000_000.0, "tn": 1_000_000.0, "billion": 1000.0, "bn": 1000.0, "bln": 1000.0,
          "million": 1.0, "mln": 1.0, "mn": 1.0, "m": 1.0, "thousand": 0.001}
# No bilateral trade figure of Azerbaijan and China comes near $100 bn (all of Azerbaijan's
# foreign trade is about half that): a reading above it is a decimal comma read as thousands.
PLAUSIBLE_MAX_USD_MILLION = 100_000.0

_NUM = r"\d+(?:[.,]\d+)*"
NUMBER_WORD_PATTERN = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
MONEY = re.compile(
    rf"(?P<dollar>(?:US)?\$\s?|USD\s?)?(?P<num>{_NUM})\s*(?P<scale>trillion|billion|bn|bln|million|mln|mn|thousand|tn|m)\b\.?"
    rf"(?:\s*(?P<currency>(?:US\s|U\.S\.\s)?dollars|USD))?", re.IGNORECASE)

# "two billion dollars", "a billion US dollars", "one and a half billion dollars": a scale
# spelled with a number word counts as money only with the currency named after it.
WORD_AMOUNTS = {"a": 1.0, "an": 1.0, "half a": 0.5, "one and a half": 1.5, "one and a quarter": 1.25,
                "two and a half": 2.5, **{word: float(value) for word, value in NUMBER_WORDS.items() if word != "a dozen"}}
WORD_MONEY = re.compile(
    rf"\b(?P<words>{'|'.join(sorted(WORD_AMOUNTS, key=len, reverse=True))})\s+(?P<scale>trillion|billion|million)\s+"
    r"(?P<currency>(?:US\s|U\.S\.\s)?dollars|USD)\b", re.IGNORECASE)

MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH = rf"(?:{MONTH_NAMES})\b\.?"
YEAR_REF = (r"(?P<year>(?:19|20)\d\d)|(?P<this>this year|the current year|the year)"
            r"|(?P<last>last year|the previous year|the preceding year|the past year)")
_COUNT = rf"\d{{1,2}}|{NUMBER_WORD_PATTERN}"

# Each pattern names its groups; _period_of turns a match into (start, end). Most specific first.
PERIODS = [
    re.compile(rf"\bbetween (?P<m1>{MONTH_NAMES})\.? and (?P<m2>{MONTH_NAMES})\b\.?(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    re.compile(rf"\b(?P<m1>{MONTH_NAMES})\.?\s?[-–]\s?(?P<m2>{MONTH_NAMES})\b\.?(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    re.compile(rf"\b(?:from|in|for) (?P<m1>{MONTH_NAMES})\.? (?:to|through|till|until|thru) (?P<m2>{MONTH_NAMES})\b\.?"
               rf"(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    re.compile(rf"\b(?:by|at|as of|to|until|till) the end of (?P<endm>{MONTH_NAMES})\b\.?(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    re.compile(rf"\b(?:the )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    re.compile(rf"\b(?:the )?(?P<h>first|second|1st|2nd) half(?: of the year)?(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    # Trade-report shorthand: 1H18, H1 2018, Q3 2020, 2Q19, 9M 2023.
    re.compile(r"\b(?:(?P<hx>[12])H|H(?P<hy>[12]))(?:\s?'?(?P<yy>\d\d(?:\d\d)?))?\b"),
    re.compile(r"\b(?:(?P<qx>[1-4])Q|Q(?P<qy>[1-4]))(?:\s?'?(?P<yy>\d\d(?:\d\d)?))?\b(?:,? (?:of |in )?(?:" + YEAR_REF + r"))?"),
    re.compile(r"\b(?P<mx>[1-9]|1[01])M\s?'?(?P<yy>\d\d(?:\d\d)?)\b"),
    # "the first 10 months", "over the six months of this year", "In 11 months of 2023"; never
    # "the past/last/next six months", which count back or forward from a day, not from January.
    # "over the past six months of this year": a count of the running year's months, as reports
    # give them; "the past six months" alone counts back from a day and is no period.
    re.compile(rf"\b(?:the )?(?:past|last) (?P<n>{_COUNT}) months (?:of|in) (?:(?P<this>this year|the current year)|"
               rf"(?P<year>(?:19|20)\d\d))\b", re.I),
    re.compile(rf"(?<!past )(?<!last )(?<!next )(?<!recent )(?<!coming )\b(?:(?:in|over|during|for|within) (?:the )?(?:first )?|the first |first )"
               rf"(?P<n>{_COUNT}) months\b(?:,? (?:of|in) |,? )?(?:{YEAR_REF})?", re.I),
    re.compile(r"\b(?:between (?P<y1>(?:19|20)\d\d) and |from (?P<y2>(?:19|20)\d\d) (?:to|through|until|till) |"
               r"(?:from )?(?P<y3>(?:19|20)\d\d) ?[-–] ?)(?P<y4>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?:in|during|for|of|over|throughout) (?P<sm>{MONTH_NAMES})\b\.?(?!\s?[-–]|\s+(?:to|through|and|till|until)\s)"
               rf"(?!\s+\d{{1,2}}\b)(?:,? (?:of|in) |,? |\s)?(?:{YEAR_REF})?", re.I),
    re.compile(rf"\b(?:by|at|as of) the end of (?:{YEAR_REF})", re.I),
    re.compile(r"\b(?:in|during|for|of|throughout|over) (?P<fullyear>(?:19|20)\d\d)\b(?![-–]\d)", re.I),
    re.compile(r"\b(?P<lastyear>last year|the previous year|the preceding year|the prior year|the past year|"
               r"a year (?:earlier|before)|the year before)\b", re.I),
    # "to $2.1 billion by 2019": the year a level was reached (a later year is a target).
    re.compile(r"\bby (?P<byyear>(?:19|20)\d\d)\b(?![-–]\d)", re.I),
]
# Said of a year named before it in the sentence ("$1.2 billion in 2019 versus $0.9 billion a
# year earlier"), these count back from that year, not from publication.
YEAR_BEFORE_NAMED = re.compile(r"the previous year|the preceding year|the prior year|a year (?:earlier|before)|"
                               r"the year before", re.I)
# A period named as the base of a comparison ("Compared to January-April 2024", "as against
# 2023") is not what a figure covers.
COMPARED_BEFORE = re.compile(r"(?:compared (?:to|with)|as against|against|versus|vs\.?|relative to|"
                             r"in comparison (?:to|with)|than)\s+(?:the\s+)?(?:same\s+(?:period|months?)\s+(?:of|in)\s+)?$", re.I)
# "the same period of 2024", "than in 2024": the base of a comparison, not a figure's period.
SAME_PERIOD = re.compile(r"(?:the )?same (?:period|months?) (?:of|in|last)\s*(?:the previous year|the preceding year|last year|"
                         r"(?:19|20)\d\d)?|\b(?:compared (?:to|with)|than|from|on) a year (?:earlier|before|ago)|"
                         r"(?:compared (?:to|with)|against|from|over|than in|than) (?:the )?"
                         r"(?:previous|preceding|last|past) year|than in (?:19|20)\d\d", re.I)


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
    """'six' -> 6, '2.3' -> 2.3."""
    word = text.lower()
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else parse_number(text)


def money_usd_million(number: str, scale: str) -> float:
    """The amount in USD million. '616,402 million' read with its comma as thousands separator
    would be $616 bn, which no bilateral figure reaches; with one comma, the comma is then a
    decimal comma (616.402). '1,234 million' stays 1,234."""
    factor = SCALES[scale.lower()]
    value = parse_number(number) * factor
    if value > PLAUSIBLE_MAX_USD_MILLION and number.count(",") == 1 and "." not in number:
        decimal = float(number.replace(",", ".")) * factor
        if decimal <= PLAUSIBLE_MAX_USD_MILLION:
            return decimal
    return value


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def year_of(groups: dict, reference: dt.date, last_month: int = 12) -> int:
    """The year a period names, or for none the reference year (the year before when the period,
    ending in `last_month`, would not be over by the reference date)."""
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("last"):
        return reference.year - 1
    if groups.get("this"):
        return reference.year
    return reference.year if last_month <= reference.month else reference.year - 1


def _short_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


@functools.lru_cache(maxsize=256)
def period_spans(text: str, reference: dt.date) -> tuple[tuple[int, int, tuple[dt.date, dt.date]], ...]:
    """Every period the text names, as (start, end, (first day, last day)), in reading order;
    comparison bases ("the same period of 2024") are left out, and a span inside an earlier
    pattern's span is not read twice."""
    text = SAME_PERIOD.sub(lambda m: " " * len(m.group()), text)
    found: list[tuple[int, int, tuple[dt.date, dt.date]]] = []
    for pattern in PERIODS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b, _ in found):
                continue
            if COMPARED_BEFORE.search(text[max(0, match.start() - 50):match.start()]):
                continue
            period = _period_of(match, reference)
            if period:
                found.append((match.start(), match.end(), period))
    found.sort(key=lambda item: item[0])
    for index, (start, end, period) in enumerate(found):
        if YEAR_BEFORE_NAMED.fullmatch(text[start:end]):
            named = [p for a, b, p in found[:index] if p[0].year == p[1].year and not YEAR_BEFORE_NAMED.fullmatch(text[a:b])]
            if named:
                # the same months a year before ("the first half of 2025, against … a year before")
                first, last = named[-1]
                year = first.year - 1
                found[index] = (start, end, (first.replace(year=year), month_end(year, last.month)))
    return tuple(found)


RANGE_GROUPS = ("m1", "endm", "q", "qx", "qy", "h", "hx", "hy", "mx", "n", "y4")


def range_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a span of months or years ("from January to July", "the first
    quarter", "2016-2022"): a period a figure covers, never the date of an event."""
    return [(match.start(), match.end()) for pattern in PERIODS for match in pattern.finditer(text)
            if any(match.group(name) for name in RANGE_GROUPS if name in pattern.groupindex)]


def find_period(text: str, reference: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first period the text names, resolved against the reference (publication) date."""
    spans = period_spans(text, reference)
    return spans[0][2] if spans else None


def _period_of(match: re.Match, reference: dt.date) -> tuple[dt.date, dt.date] | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    if "m1" in groups:
        first, last = MONTHS[groups["m1"].lower()], MONTHS[groups["m2"].lower()]
        year = year_of(groups, reference, last)
        return (dt.date(year, first, 1), month_end(year, last)) if first <= last else None
    if "endm" in groups:
        last = MONTHS[groups["endm"].lower()]
        year = year_of(groups, reference, last)
        return dt.date(year, 1, 1), month_end(year, last)
    if "q" in groups or "qx" in groups or "qy" in groups:
        quarter = ordinal_value(groups["q"]) if "q" in groups else int(groups.get("qx") or groups["qy"])
        year = _short_year(groups["yy"]) if "yy" in groups else year_of(groups, reference, 3 * quarter)
        return dt.date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)
    if "h" in groups or "hx" in groups or "hy" in groups:
        half = ordinal_value(groups["h"]) if "h" in groups else int(groups.get("hx") or groups["hy"])
        year = _short_year(groups["yy"]) if "yy" in groups else year_of(groups, reference, 6 * half)
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if "mx" in groups:
        months, year = int(groups["mx"]), _short_year(groups["yy"])
        return dt.date(year, 1, 1), month_end(year, months)
    if "n" in groups:
        months = int(number_word(groups["n"]))
        if not 1 <= months <= 12:
            return None
        year = year_of(groups, reference, months)
        return dt.date(year, 1, 1), month_end(year, months)
    if "y4" in groups:
        first, last = int(groups.get("y1") or groups.get("y2") or groups["y3"]), int(groups["y4"])
        return (dt.date(first, 1, 1), dt.date(last, 12, 31)) if first < last else None
    if "sm" in groups:
        month = MONTHS[groups["sm"].lower()]
        year = year_of(groups, reference, month)
        return dt.date(year, month, 1), month_end(year, month)
    if "byyear" in groups:
        year = int(groups["byyear"])
        return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year <= reference.year else None
    if "fullyear" in groups:
        year = int(groups["fullyear"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if "lastyear" in groups or "last" in groups:
        return dt.date(reference.year - 1, 1, 1), dt.date(reference.year - 1, 12, 31)
    if "year" in groups or "this" in groups:
        year = int(groups["year"]) if "year" in groups else reference.year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None
