"""Ranks: China's place among Azerbaijan's trading partners or among its sources of imports.

Worded with an ordinal and a superlative or none ("fourth-largest trading partner", "fourth main
trade partner", "third source of imports", "largest supplier"), as a place ("ranked third place",
"holding the first place", "fourth-place ranking among our trading partners", "China was third")
or as a lead ("the leader in imports", "led in imports", "led the list of import partners"). A
list of years ("Both in 2022, and 2021, China ranked fourth") gives one rank for each year. A
rank counts only when it is China that is ranked and the list is
Azerbaijan's: "Azerbaijan is China's largest trading partner in the South Caucasus" is China's
ranking of Azerbaijan, "Russia ranked first" ranks another country, and "one of the main
partners" or "not among the top five" is no rank.
"""

from __future__ import annotations

import datetime as dt
import re

from tradeviz.extract import figures, numbers, places

ORDINAL = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
           r"\d{1,3}(?:st|nd|rd|th)")
ADJECTIVE = r"largest|biggest|main|major|leading|top|most important|key|principal|greatest"
SUPERLATIVE = r"largest|biggest|top|leading|number one|No\.\s?1|foremost|single largest"
WHAT = (r"(?P<partner>trad(?:e|ing) partner|commercial partner|partner in trade|trade and economic partner)|"
        r"(?P<imports>supplier|source of imports|source of (?:its |the country['’]s |Azerbaijan['’]s )?imports|import source|"
        r"import partner|exporter to Azerbaijan)")
BY_WORDS = re.compile(rf"\b(?:(?P<ord>{ORDINAL})[- ](?:(?:{ADJECTIVE})[- ])?|(?P<sup>{SUPERLATIVE})[- ])(?:{WHAT})", re.I)
BY_PLACE = re.compile(rf"\b(?P<ord>{ORDINAL})[- ](?:place|position)s?\b|\b(?:rank(?:ed|s|ing)?|came|comes|finished|"
                      rf"stood|stands)\s+(?:as\s+)?(?:the\s+)?(?P<ord2>{ORDINAL})\b(?![- ](?:{ADJECTIVE}|time))|"
                      # "China was third.", "was first among Azerbaijan's import partners"; not "was the first to"
                      rf"\b(?:was|is|were|remained|remains|became|becomes)\s+(?P<ord3>{ORDINAL})"
                      r"(?=\s*(?:[,.;()]|$)|\s+(?:among|in|on|for|with|after|behind)\b)", re.I)
BY_LEAD = re.compile(r"\b(?:(?:the\s+)?(?:leader|leading (?:country|partner))\s+in|(?:led|leads)(?:\s+in)?)\s+"
                     r"(?:terms of\s+|Azerbaijan['’]s\s+)?(?P<lead>imports|trade turnover|turnover|trade)\b|"
                     r"\b(?:top(?:ped|s)?|head(?:ed|s)?|led|leads|(?:is|was) at the top of)"
                     r"\s+the\s+list\s+of\s+(?P<list>(?:[\w'’-]+\s+){0,2}?(?:import partners|suppliers|trad(?:e|ing) partners|"
                     r"sources of imports|import sources))", re.I)
# Cheap first look: a sentence with none of these gives no rank.
MAY_STATE_A_RANK = re.compile(r"partner|supplier|source|exporter|place|position|rank|leader|\bled\b|\bleads\b|list|\bcame\b|\bcomes\b|"
                              r"finished|stood|stands", re.I)
IMPORT_CONTEXT = re.compile(r"\bimport\w*|\bsuppl(?:y|ying|ier|iers)\b|\bexport(?:ing|ers?) to Azerbaijan", re.I)
PARTNER_CONTEXT = re.compile(r"\btrad(?:e|ing) partners?|\btrade turnover|\bforeign trade|\bturnover\b", re.I)
NOT_A_RANK_BEFORE = re.compile(r"(?:\bone of (?:the |its |their )?(?:[\w'’]+ )?|\bnot\b[\w\s]{0,20}|\bamong (?:the )?)$", re.I)
REGIONAL = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:in|within|among(?: the)? countries of)\s+(?:the\s+)?"
                      r"(?:South Caucasus|Caucasus|region|Central Asia|Asia|Europe|CIS|world|EU|Middle East|Eurasia|Gulf)",
                      re.I)
# "Both in 2022, and 2021", "In 2021 and 2022", "in 2022, 2023 and 2024": one rank for each year.
YEAR_LIST = re.compile(r"\b(?:19|20)\d\d(?:\s*,\s*(?:and\s+)?(?:in\s+)?(?:19|20)\d\d)*,?\s+and\s+(?:in\s+)?(?:19|20)\d\d\b")
POSSESSOR_BEFORE = re.compile(r"(?P<who>\b[\w'’-]+?)['’]s\s+(?:[\w-]+\s+){0,1}$")
POSSESSOR_AFTER = re.compile(r"\s*(?:(?:of|for)\s+(?:the\s+)?|among\s+)(?P<who>[\w'’-]+(?:\s+[\w'’-]+)?)")
_COUNTRY = re.compile(rf"\b(?P<name>{places.CHINA}|{places.AZERBAIJAN}|{places.OTHERS}|it|It)\b")
_PREPOSITION = re.compile(r"(?:\b(?:for|of|with|to|from|in|among|by|than|over|and)\s+(?:the\s+)?)$", re.I)


def _side(name: str) -> str:
    if re.fullmatch(places.CHINA, name):
        return "china"
    if re.fullmatch(places.AZERBAIJAN, name):
        return "azerbaijan"
    if name.lower() == "it":
        return "pronoun"
    return "other"


def _subject(before: str) -> str | None:
    """The side of the nearest country named before the rank that is not a possessor ('X's') or
    the object of a preposition ('for X'): the one ranked."""
    for match in reversed(list(_COUNTRY.finditer(before))):
        rest = before[match.end():match.end() + 2]
        # ", and China was third" opens a clause: China is its subject, not an object of "and"
        opens_clause = re.search(r"[,;]\s+(?:and|while|but|whereas)\s+(?:the\s+)?$", before[:match.start()])
        if rest[:2] in ("'s", "’s") or (_PREPOSITION.search(before[:match.start()]) and not opens_clause):
            continue
        return _side(match.group("name"))
    return None


def _whose(before: str, after: str) -> str | None:
    """The side whose list it is: 'Azerbaijan's … partner', '… partner for Azerbaijan'."""
    match = POSSESSOR_BEFORE.search(before[-40:])
    if match:
        return _side(match.group("who")) if _COUNTRY.fullmatch(match.group("who")) else "pronoun"
    match = POSSESSOR_AFTER.match(after)
    if match:
        name = _COUNTRY.search(match.group("who"))
        return _side(name.group("name")) if name else None
    return None


def _list_of(sentence: str, position: int, context: list[str]) -> str | None:
    """Which list a place ranks in, from the nearest words about imports or trade partners, in
    the sentence or else in the sentences before it in the paragraph."""
    for text, here in [(sentence, position), *((earlier, None) for earlier in reversed(context))]:
        found = [(abs(m.start() - here) if here is not None else -m.start(), "import_source_rank")
                 for m in IMPORT_CONTEXT.finditer(text)]
        found += [(abs(m.start() - here) if here is not None else -m.start(), "trading_partner_rank")
                  for m in PARTNER_CONTEXT.finditer(text)]
        if found:
            return min(found)[1]
    return None


def ranks_in(sentence: str, period: tuple[dt.date, dt.date] | None, reference: dt.date,
             context: list[str] = ()) -> list[dict]:
    """The ranks a sentence gives China in Azerbaijan's lists; `period` is the one an earlier
    sentence named; `context` the sentences before it in its paragraph."""
    if not MAY_STATE_A_RANK.search(sentence):
        return []
    spans = numbers.period_spans(sentence, reference)
    found: list[tuple[int, int, str, int, bool]] = []
    for match in BY_WORDS.finditer(sentence):
        rank = numbers.ordinal_value(match.group("ord")) if match.group("ord") else 1
        flow = "trading_partner_rank" if match.group("partner") else "import_source_rank"
        found.append((match.start(), match.end(), flow, rank, False))
    for match in BY_PLACE.finditer(sentence):
        if any(a < match.end() and match.start() < b for a, b, *_ in found):
            continue
        flow = _list_of(sentence, match.start(), list(context))
        if flow:
            found.append((match.start(), match.end(), flow,
                          numbers.ordinal_value(match.group("ord") or match.group("ord2") or match.group("ord3")), True))
    for match in BY_LEAD.finditer(sentence):
        lead = (match.group("lead") or match.group("list")).lower()
        flow = "trading_partner_rank" if "trad" in lead or "turnover" in lead else "import_source_rank"
        found.append((match.start(), match.end(), flow, 1, False))
    out = []
    for start, end, flow, rank, as_place in sorted(found):
        if not 1 <= rank <= 250:      # "0th", "999th": no place among a country's partners
            continue
        before, after = sentence[max(0, start - 200):start], sentence[end:end + 60]
        # "one of the largest trading partners": a plural names a group, not a place.
        if not as_place and re.match(r"s\b", after) and not sentence[start:end].lower().endswith("imports"):
            continue
        if NOT_A_RANK_BEFORE.search(before[-40:]) or REGIONAL.match(after):
            continue
        whose = _whose(before, after)
        if as_place and POSSESSOR_BEFORE.search(before[-40:]):
            subject, whose = whose, _whose("", after)
        else:
            subject = _subject(before)
        if whose == "china" or subject in ("azerbaijan", "other"):
            continue
        own = figures._period_for(start, (0, len(sentence)), spans, period)
        for each in _years_listed(sentence, start) or [own]:
            out.append({"kind": "figure", "flow": flow, "value": float(rank), "unit": "rank", "qualifier": "exact",
                        **figures.period_fields(each), **figures.growth_fields({})})
    return out


def _years_listed(sentence: str, position: int) -> list[tuple[dt.date, dt.date]]:
    """The years of a list of years in the rank's clause ("Both in 2022, and 2021, China ranked
    fourth"), in reading order; [] when the clause names no such list."""
    for offset, clause in figures.clauses(sentence):
        if offset <= position < offset + len(clause):
            listed = YEAR_LIST.search(clause)
            # "between 2015 and 2019" is one span, not two years
            if not listed or re.search(r"\b(?:between|from)\s+$", clause[:listed.start()], re.I):
                return []
            years = [int(y) for y in re.findall(r"(?:19|20)\d\d", listed.group())]
            return [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
    return []
