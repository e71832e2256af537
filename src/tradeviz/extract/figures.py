"""Trade figures in a sentence: money with its flow, bound, growth and period, and the amounts
that are not Azerbaijan–China trade (investment, aid, another country's trade), which get none.

A figure is money in US dollars with a scale ("$2.5 billion", "$ 769 mln", "53,3 million dollars",
"two billion dollars"). Its flow is the nearest flow word before it in its clause ("exports of",
"trade turnover", "shipments from China"), or one attached after it ("$1 billion of trade
turnover", "$850 million worth of products were exported from China"), with the direction of the
trade read from the words around it ("China's exports to Azerbaijan" are Azerbaijan's imports).

Whose trade it is comes from the clause: a clause that names a third country and not China is
about that country ("Italy topped the list, with the trade turnover between the two countries
at $2.9 billion"), a part of a total belongs to the subject of "accounted for", an amount in
another currency converted in parentheses measures what follows it ("500 million yuan ($70.61
million) of aid"), and a target ("aim to raise trade to $5 billion") is no figure.

Its growth is the one it leads to or follows in its clause ("rose 20% to $1 billion", "$1.086
billion, 16.5 percent more compared to 2009"; never a base such as "from $561 million"), in a
later clause (", and growth over the previous year was 15.4%") or in a sentence that refers back
to it ("This means a 43 percent increase", "The figure of 2022 has increased by 20.7 percent").
Its period is the one right after it ("$561 million in 2015 to $2.1 billion by 2019"), inside its
own parentheses ("$2.15 billion ($2.18 billion in 2019)"), else the nearest its clause names,
else the sentence's or an earlier sentence's; a running rate ("$2 billion a year") has none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tradeviz.extract import numbers, places
from tradeviz.extract.numbers import MONEY, NUMBER_WORD_PATTERN, WORD_MONEY, _NUM

BOUNDS = [
    (re.compile(r"(?:more than|over|above|exceed(?:ed|s|ing)?|in excess of|upwards of|surpass(?:ed|es|ing)?|topp(?:ed|ing))\s*$", re.I),
     "more_than"),
    (re.compile(r"(?:less than|under|below|nearly|almost|approach(?:ed|es|ing)?|close to|up to|just short of)\s*$", re.I),
     "less_than"),
    (re.compile(r"(?:about|around|approximately|roughly|some|circa|an estimated|~)\s*$", re.I), "about"),
]
# "trade" in "trade partner", "Trade House", "World Trade Organization" names no flow.
FLOW_WORDS = re.compile(r"(?<!World )\b(?=[A-Za-z])(?P<word>turnover|traded|"
                        r"trade(?!\s+(?:partners?|houses?|missions?|representati\w+|"
                        r"organi[sz]ations?|fairs?|zones?|ports?|routes?|centers?|centres?|policy|agreements?|"
                        r"and economic cooperation|ministers?|ministry|unions?|war)\b)|exports?|exported|exporting|"
                        r"imports?|imported|importing|sold|sells|supplied|supplies|shipped|shipments?|delivered|deliveries|"
                        r"bought|buys|purchased|purchases)\b", re.I)
FLOW_AFTER = re.compile(r"\s*(?:(?:worth of|of|in)\s+(?:(?!which\b|that\b|this\b|these\b)[\w'’-]+\s+){0,3}?"
                        r"(?P<word>turnover|trade|exports?|imports?|exported|imported|shipments?|deliveries)\b|"
                        r"(?:were|was|have been|has been|had been)\s+(?:\w+ly\s+)?(?P<verb>exported|imported|shipped|sold|"
                        r"supplied|delivered|bought|purchased)\b)", re.I)
NOT_TRADE_BEFORE = re.compile(r"\b(?:invest\w*|aid|grants?|loans?|credits?|assistance|donat\w*|financ\w*|capital|"
                              r"contracts?|deals?|projects?|budget|GDP|reserves?|revenues?|funds?|funding|costs?|"
                              r"prices?|agreements?|memorand\w*|tourists?|tourism|remittances?)\b", re.I)
NOT_TRADE_AFTER = re.compile(r"\s*(?:in|of|worth of|for)\s+(?:[\w-]+\s+){0,2}?(?:invest\w*|aid|grants?|loans?|credits?|"
                             r"assistance|financ\w*|projects?|contracts?|deals?|agreements?)\b", re.I)
OTHER_TRADE = re.compile(r"\b(?:foreign|external|overall|global|world|total foreign|non-oil)\s+trade\b|"
                         r"\btrade with the world\b|"
                         # "with foreign countries", "to 100 countries": many partners, not one
                         r"\b(?:with|to|from)\s+(?:all|other|foreign|partner|\d+)\s+(?:[\w-]+\s+)?countries\b", re.I)
# "total trade turnover was $36 billion", with no partner named, is one side's whole trade (not
# "Of the total turnover, exports amounted to …", where the flow word is another).
TOTAL_FLOW = re.compile(r"\btotal\s+(?:volume\s+of\s+)?(?:[\w-]+\s+)?$", re.I)
# "Azerbaijan's exports", "the country's imports" with no partner: all of Azerbaijan's trade,
# when China is named only nearby or in the headline.
AZ_OWN_FLOW = re.compile(rf"(?:\b(?:{places.AZERBAIJAN})['’]s|\bthe country['’]s|\bAzerbaijani)\s+(?:[\w-]+\s+)?$", re.I)
# "railways accounted for $410 million of total trade": a part of a total, which belongs to the
# subject before the verb; it is China's only when that subject names China.
PART_OF = re.compile(r"\b(?:account(?:ed|s|ing)?\s+(?:for|to)|made up|makes? up|constitut(?:ed|es|ing))\s+"
                     r"(?:[\w-]+\s+){0,2}?$", re.I)
# "aim to raise trade to $5 billion by 2030", "is expected to exceed": a target or forecast.
TARGET = re.compile(r"\b(?:aims?|aimed|aiming|target\w*|goal|plans?|planned|planning|intends?|seeks?|strive\w*|"
                    r"expect\w*|forecast\w*|projected|could|would|will|shall|(?-i:may)|might|hopes?|wants?)\b", re.I)
# A value that is a base ("from $561 million … to $2.1 billion", "compared with $1.5 billion"):
# it takes no growth.
BASE_BEFORE = re.compile(r"(?:\bfrom|\bcompared (?:to|with)|\bagainst|\bversus|\bvs\.?|\bup from|\bdown from)\s+"
                         r"(?:(?:about|around|some|nearly|almost|over|more than|less than|just)\s+)?$", re.I)
# "$2 billion a year", "annually": a running rate, with no period of its own or an earlier one.
RUNNING = re.compile(r"\s*(?:(?:a|per|each|every)\s+year\b(?!\s+(?:earlier|before|ago|after|later))|annually\b|"
                     r"per annum\b|yearly\b)", re.I)
# "Annual trade … is close to $3 billion": a running rate when the clause names no period.
RUNNING_BEFORE = re.compile(r"\b(?:annual|yearly)\s+(?:[\w-]+\s+)?(?:trade|turnover|exports?|imports?|shipments|deliveries)\b",
                            re.I)
# An amount in another currency, converted in parentheses: "500 million yuan ($70.61 million)".
_OTHER_CURRENCY = r"yuan|renminbi|RMB|CNY|manats?|AZN|euros?|EUR|€|rubles?|roubles?|RUB|pounds?|GBP|£|tenge|KZT|lira|liras|TRY"
CONVERTED_FROM = re.compile(rf"(?:(?:{_NUM}|{NUMBER_WORD_PATTERN})\s*(?:trillion|billion|million|thousand|bn|mln|m)?\s*"
                            rf"(?:{_OTHER_CURRENCY})|(?:{_OTHER_CURRENCY})\s?{_NUM}\s*(?:trillion|billion|million|thousand|"
                            r"bn|mln|m)?)\s*\(\s*$", re.I)
# The growth leads to the value after it: "rose 20% to $1 billion", "grew 2.3 times and reached".
LEADS_TO = re.compile(r"^[\s,]*(?:(?:and|which)\s+)?(?:(?:has|have|had)\s+)?(?:to|at|reach\w*|amount\w*|total\w*|"
                      r"st(?:ood|and\w*)\s+at|hit\w*|came\s+to|coming\s+to|from)\b", re.I)
# "Azerbaijan's total trade turnover", "the country's non-oil exports": all of one side's trade.
ONE_SIDES_ALL = re.compile(rf"(?:\b(?:{places.AZERBAIJAN}|{places.CHINA}|its|the country|the republic)['’]s|\bAzerbaijani|"
                           r"\bChinese)\s+(?:total|overall|foreign|external|non-oil|oil|global|entire)\s+"
                           r"(?:trade|exports?|imports?|turnover)\b", re.I)
# Cheap first look: a sentence with none of these states no figure and no growth.
MAY_STATE_A_FIGURE = re.compile(r"[$%]|dollar|USD|percent|per cent|pct|times|fold|doubl|tripl|trebl|quadrupl|twice|"
                                r"thrice|triple", re.I)
COMPOUND_BEFORE = re.compile(r"(?P<billions>\d+)\s+(?:billion|bln|bn)\s+(?:and\s+)?$", re.I)
CHANGE_AFTER = re.compile(r"[\s,]*(?:or\s+[\d.,]+\s*(?:%|percent|per cent)[\s,]*)?(?:more|less|higher|lower)\b", re.I)

UP = (r"increas\w*|grew|grow(?:n|s|ing|th)?|rose|ris(?:e|en|es|ing)|jump\w*|surg\w*|soar\w*|climb\w*|expand\w*|"
      r"expansion|went up|gain\w*|up|higher|more|advanc\w*|boost\w*|added|spik\w*|leap\w*|rebound\w*")
DOWN = (r"decreas\w*|fell|fall(?:en|s|ing)?|declin\w*|dropp?\w*|down|lower|less|shr[aiu]nk\w*|contract(?:ed|ion|s)|"
        r"slump\w*|plung\w*|slid|reduc\w*|dipp?\w*")
PERCENT = re.compile(rf"(?P<bound>(?:by |of )?(?:more than|over|nearly|almost|about|around|approximately|some|up to|"
                     rf"less than)\s+)?(?P<num>{_NUM})\s*(?:%|percent\b|per cent\b|pct\b)", re.I)
GROWTH_BEFORE = re.compile(rf"\b(?:{UP}|{DOWN})\b", re.I)
GROWTH_AFTER = re.compile(rf"\b(?:{UP}|{DOWN})\b", re.I)
DECLINE = re.compile(rf"\b(?:{DOWN})\b", re.I)
NOT_GROWTH = re.compile(r"\b(?:share|shares|accounted for|accounts? for|proportion|stake|tariffs?|duty|duties|"
                        r"interest rate|inflation|of (?:the )?total)\b", re.I)
_MULT = rf"(?P<num>{_NUM}|{NUMBER_WORD_PATTERN})"
_MBOUND = r"(?:(?P<mbound>more than|over|nearly|almost|about|around|some|approximately)\s+)?"
TIMES = [
    re.compile(rf"\b(?:{UP})\s+(?:by\s+)?(?:a\s+)?{_MBOUND}{_MULT}[- ]?(?:times|fold)\b", re.I),
    re.compile(rf"\b(?:{UP})\s+by\s+a\s+factor\s+of\s+{_MBOUND}{_MULT}(?:\s+times)?\b", re.I),
    re.compile(rf"\b{_MBOUND}{_MULT}[- ]?fold\s+(?:increase|growth|rise|jump)\b", re.I),
    re.compile(rf"\b{_MBOUND}{_MULT}\s+times\s+(?:more|higher|larger|greater|as (?:much|large|high))\b", re.I),
    re.compile(rf"\b{_MBOUND}(?P<word>doubled|tripled|trebled|quadrupled|twofold|threefold|fourfold|fivefold|tenfold)\b", re.I),
    re.compile(rf"\b{_MBOUND}(?P<word>double|triple|twice|thrice)\s+(?:the|that|its|what|as much|as high|from)\b", re.I),
    re.compile(rf"\b(?P<num>{NUMBER_WORD_PATTERN})fold\b", re.I),
]
QUALIFIER_WORDS = {"more than": "more_than", "over": "more_than", "nearly": "less_than", "almost": "less_than",
                   "up to": "less_than", "less than": "less_than", "about": "about", "around": "about",
                   "approximately": "about", "some": "about"}
SAME_PERIOD = re.compile(r"same period (?:of|in|last)\s*(?:the previous year|the preceding year|last year|(?:19|20)\d\d)?", re.I)
YEAR_ON_YEAR = re.compile(r"year[- ](?:on|over)[- ]year|\by/y\b|\byoy\b|(?:compared (?:to|with)|over|from|than|against|on) "
                          r"(?:the )?(?:last|previous|preceding|prior) year|(?:a|one) year (?:earlier|ago|before)|"
                          r"compared (?:to|with) (?:19|20)\d\d|than in (?:19|20)\d\d", re.I)
SAME_PERIOD_YEAR = re.compile(r"same period (?:of|in)\s*(?:(?P<year>(?:19|20)\d\d)|the previous year|the preceding year|last year)",
                              re.I)
REFERS_BACK = re.compile(r"\s*(?:This|That|It|Which|The (?:figure|amount|volume|growth|increase|rise|total))\s+"
                         r"(?:\w+\s+)?(?:is|was|means|meant|represents|represented|marks|marked|amounts? to|amounted to|"
                         r"constitutes|corresponds to|indicates|shows|showed|reflects)\b", re.I)
# (", and 2021" carries on a list of years: no cut)
CLAUSE_CUT = re.compile(r",\s+(?:while|whereas|and(?!\s+(?:in\s+)?(?:19|20)\d\d\b)|but)\s|;\s|"
                        r"\s+while\s+(?=\w+(?:\s+\w+)?\s+(?:from|to)\s)", re.I)


def bound(before: str) -> str:
    """The bound the words just before a value give it: 'more than', 'nearly', 'about'."""
    for pattern, qualifier in BOUNDS:
        if pattern.search(before[-30:]):
            return qualifier
    return "exact"


def _flow_of(text: str, match: re.Match) -> str:
    """turnover, exports or imports (Azerbaijan's, with China) for a flow word, its direction
    read from the words around it: 'exported from China to Azerbaijan' and 'China's exports'
    are Azerbaijan's imports; 'China's imports from Azerbaijan' are its exports."""
    word = match.group("word").lower()
    if word.startswith(("turnover", "trade")):
        return "turnover"
    before = text[max(0, match.start() - 30):match.start()]
    after = text[match.end():match.end() + 60]
    return "imports" if places.origin_is_china(word, before, after) else "exports"


def flow_before(text: str) -> str | None:
    """The flow of the last flow word in `text`, or None."""
    last = None
    for last in FLOW_WORDS.finditer(text):
        pass
    return _flow_of(text, last) if last else None


def flow_after(text: str) -> str | None:
    """A flow word attached after a value: 'of trade turnover', 'worth of goods were exported'."""
    match = FLOW_AFTER.match(text)
    if not match:
        return None
    if match.group("verb"):
        return "imports" if places.origin_is_china(match.group("verb"), "", text[match.end("verb"):match.end("verb") + 60]) \
            else "exports"
    return _flow_of(text, match)


def growth_mentions(clause: str) -> list[tuple[int, int, dict]]:
    """Every growth the clause states, as (start, end, fields) in reading order: a percentage
    with a rise or fall word ("up 20%", "having increased … by 104.6 percent"), or a multiple
    ("grown by 2.3 times", "almost quadrupled", "by a factor of five")."""
    found: list[tuple[int, int, dict]] = []
    for pattern in TIMES:
        for times in pattern.finditer(clause):
            groups = times.groupdict()
            value = numbers.MULTIPLE_WORDS[groups["word"].lower()] if groups.get("word") else numbers.number_word(groups["num"])
            qualifier = QUALIFIER_WORDS.get((groups.get("mbound") or "").lower(), "exact")
            found.append((times.start(), times.end(), {"growth_reported": float(value), "growth_unit": "multiple",
                                                        "growth_qualifier": qualifier}))
    for match in PERCENT.finditer(clause):
        bound_text = (match.group("bound") or "").lower()
        # "increased compared to the same period last year by 104.64 percent": after "by" the
        # rise word may stand further back.
        reach = 90 if re.search(r"\bby\s+(?:[a-z]+\s+){0,2}$", clause[max(0, match.start("num") - 30):match.start("num")]) else 45
        before = clause[max(0, match.start() - reach):match.start()]
        after = clause[match.end():match.end() + 45]
        if NOT_GROWTH.search(before[-30:]) or re.match(r"\s*of\b", after) or NOT_GROWTH.search(after[:25]):
            continue
        context_before = before + " " + re.sub(r"\b(?:more|less) than\b", " ", bound_text)
        if not (GROWTH_BEFORE.search(context_before) or GROWTH_AFTER.search(after)):
            continue
        value = numbers.parse_number(match.group("num"))
        nearest_after = GROWTH_AFTER.search(after)
        nearest_before = None
        for nearest_before in GROWTH_BEFORE.finditer(before):
            pass
        word = nearest_before.group() if nearest_before else nearest_after.group()
        if nearest_after and (not nearest_before or nearest_after.start() < len(before) - nearest_before.end()):
            word = nearest_after.group()
        if DECLINE.fullmatch(word):
            value = -value
        qualifier = QUALIFIER_WORDS.get(re.sub(r"^(?:by|of)\s+", "", bound_text).strip(), "exact")
        found.append((match.start(), match.end(), {"growth_reported": value, "growth_unit": "percent",
                                                   "growth_qualifier": qualifier}))
    found.sort(key=lambda item: (item[0], -item[1]))
    out: list[tuple[int, int, dict]] = []
    clause_basis = basis(clause) if found else None
    for start, end, fields in found:
        if not out or out[-1][1] <= start:
            out.append((start, end, {**fields, "growth_basis": clause_basis}))
    return out


def growth(clause: str) -> dict:
    """The first growth a clause states, or {}."""
    mentions = growth_mentions(clause)
    return mentions[0][2] if mentions else {}


def basis(clause: str) -> str | None:
    if SAME_PERIOD.search(clause):
        return "same_period_prior_year"
    if YEAR_ON_YEAR.search(clause):
        return "year_on_year"
    return None


def clauses(sentence: str) -> list[tuple[int, str]]:
    """(offset, clause): a sentence cut before ', while', ', and', ', but', '; '."""
    cuts = [0] + [m.start() for m in CLAUSE_CUT.finditer(sentence)] + [len(sentence)]
    return [(a, sentence[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


# "The figure of 2022 has increased by 20.7 percent", "Compared to January-May 2018, this figure
# increased by 2.6 percent", "This means a 43 percent increase": the subject is a figure told
# before.
REFERS_BACK_SUBJECT = re.compile(r"^\s*(?:[^,.;]{0,70},\s*)?(?:this|that|the|its|such) (?:figure|indicator|amount|"
                                 r"volume|number|total|value|sum)(?:\s+(?:of|for|in)\s+(?P<year>(?:19|20)\d\d))?"
                                 r"\s+(?!of\b|for\b|in\b|between\b|with\b|from\b|to\b)[\w-]+", re.I)


@dataclass(frozen=True)
class Amount:
    """A sum of US dollars in a clause: where it stands and its value in USD million."""
    start: int
    end: int
    value: float
    scale: str
    number: str


def dollar_amounts(clause: str) -> list[Amount]:
    """Every US-dollar amount in the clause, with digits ("$2.5 billion", "53,3 million dollars")
    or words ("two billion dollars", "a billion US dollars")."""
    out = [Amount(m.start(), m.end(), numbers.money_usd_million(m.group("num"), m.group("scale")), m.group("scale"),
                  m.group("num"))
           for m in MONEY.finditer(clause) if m.group("dollar") or m.group("currency")]
    for m in WORD_MONEY.finditer(clause):
        if not any(a.start < m.end() and m.start() < a.end for a in out):
            value = numbers.WORD_AMOUNTS[m.group("words").lower()] * numbers.SCALES[m.group("scale").lower()]
            out.append(Amount(m.start(), m.end(), value, m.group("scale"), m.group("words")))
    return sorted(out, key=lambda a: a.start)


def _parentheses(text: str) -> list[tuple[int, int]]:
    """(index of '(', index of ')') of each bracketed aside, unnested."""
    return [(m.start(), m.end() - 1) for m in re.finditer(r"\([^()]*\)", text)]


def _inside(position: int, spans) -> tuple[int, int] | None:
    return next((s for s in spans if s[0] < position < s[1]), None)


def refers_back(sentence: str) -> bool:
    """'This is 17.7 percent more than…', 'This means a 43 percent increase', 'The figure of 2022
    has increased by 20.7 percent': the sentence's growth belongs to a figure told before, unless
    the sentence states its own amount before the growth."""
    if not (REFERS_BACK.match(sentence) or REFERS_BACK_SUBJECT.match(sentence)):
        return False
    mentions = growth_mentions(sentence)
    if not mentions:
        return True
    asides = _parentheses(sentence)
    return not any(a.start < mentions[0][0] and not _inside(a.start, asides) and not CHANGE_AFTER.match(sentence[a.end:])
                   and not CHANGE_BEFORE.search(sentence[max(0, a.start - 40):a.start]) for a in dollar_amounts(sentence))


def referred_year(sentence: str) -> int | None:
    """The year a back reference names: 'The figure of 2022 has increased…' -> 2022."""
    match = REFERS_BACK_SUBJECT.match(sentence)
    return int(match.group("year")) if match and match.group("year") else None


def _shifted(period: tuple[dt.date, dt.date], base: re.Match) -> tuple[dt.date, dt.date]:
    year = int(base.group("year")) if base.group("year") else period[0].year - 1
    return period[0].replace(year=year), numbers.month_end(year, period[1].month)


def _period_for(position: int, clause_span: tuple[int, int], spans, fallback):
    """The period of a value at `position`: the nearest named before it in its clause, else the
    first after it in its clause, else the first the sentence names, else `fallback`."""
    in_clause = [s for s in spans if clause_span[0] <= s[0] < clause_span[1]]
    before = [s for s in in_clause if s[1] <= position]
    if before:
        return before[-1][2]
    after = [s for s in in_clause if s[0] >= position]
    if after:
        return after[0][2]
    return spans[0][2] if spans else fallback


# Only spaces between a value and a period: "$561 million in 2015" (", in 2011, it reached"
# opens the next value's phrase).
_ATTACHED = re.compile(r"^\s*$")
# "an increase of $123,8 million", "up by $50 million": a change, not a level.
CHANGE_BEFORE = re.compile(r"\b(?:increase|decrease|rise|growth|drop|decline|fall|jump|gain|reduction|surge|addition)\s+"
                           r"(?:of\s+)?(?:(?:about|some|nearly|almost|over|more than)\s+)?$|\b(?:up|down|grew|rose|fell|increased|"
                           r"decreased)\s+by\s+(?:(?:about|some|nearly|almost|over|more than)\s+)?$", re.I)


def _owned_spans(amounts: list[Amount], clause: str, offset: int, spans, asides):
    """The clause's periods (offsets in the clause), those outside parentheses, and for each of
    those the index of the amount it stands right after ("$561 million in 2015"), if any."""
    local = [(a - offset, b - offset, p) for a, b, p in spans if offset <= a < offset + len(clause)]
    outside = [s for s in local if not _inside(s[0], asides)]
    ends = sorted((a.end, i) for i, a in enumerate(amounts) if not _inside(a.start, asides))
    owner = {}
    for s in outside:
        before = [i for end, i in ends if end <= s[0]]
        if before and _ATTACHED.match(clause[amounts[before[-1]].end:s[0]]):
            owner[s] = before[-1]
    return local, outside, owner


def _period_of_amount(index: int, amounts: list[Amount], clause: str, spans, asides, fallback, owned):
    """The period of the index-th amount of a clause. An amount in parentheses takes a period or a
    bare year inside them ("($2.18 billion in 2019)", "(2022: $1.71 billion)"), else the one of
    the text it stands beside. Outside, periods in parentheses do not count, and a period right
    after an amount ("$561 million in 2015 to $2.1 billion by 2019") is that amount's own: first
    the period right after the amount, then the nearest before it that is no other amount's own,
    then the first after it in the clause that is no other amount's own, then the sentence's."""
    amount = amounts[index]
    aside = _inside(amount.start, asides)
    local, outside, owner = owned
    if aside:
        inner = [s for s in local if aside[0] < s[0] and s[1] <= aside[1]]
        if inner:
            return min(inner, key=lambda s: abs(s[0] - amount.start))[2]
        year = re.search(r"\b((?:19|20)\d\d)\b", clause[aside[0]:aside[1]])
        if year and not any(a.start <= aside[0] + year.start() < a.end for a in amounts):
            value = int(year.group(1))
            return dt.date(value, 1, 1), dt.date(value, 12, 31)
        position = aside[0]
    else:
        position = amount.start
    if not aside:
        right_after = [s for s in outside if owner.get(s) == index]
        if right_after:
            return right_after[0][2]
    before = [s for s in outside if s[1] <= position and owner.get(s, index) == index]
    if before:
        return before[-1][2]
    after = [s for s in outside if s[0] >= position and owner.get(s, index) == index]
    if after:
        return after[0][2]
    return spans[0][2] if spans else fallback


def is_other_trade(before: str, after: str = "") -> bool:
    """'Azerbaijan's foreign trade', 'imports from Russia', 'China's trade with Central Asia',
    'Turkey's imports': trade that is not between Azerbaijan and China. `before` runs from the
    flow word to the value, `after` is what follows the value."""
    if ONE_SIDES_ALL.search(before) and not places.CHINA_PARTNER.search(before):
        return True
    if places.OTHER_POSSESSOR.search(before):
        return True
    return bool(OTHER_TRADE.search(before)) or places.names_other_partner(before + after)


def _whose(clause: str, amount_start: int, before: str, after: str, first_third: int | None, china_named: bool) -> bool:
    """Whether an amount can be Azerbaijan-China trade by who the clause is about: not when the
    clause names a third country before it and not China ("Italy topped the list, with the
    trade turnover between the two countries at $2.9 billion"; "Turkey ranked second for imports
    ($868.4 million)"), and a part of a total only when its subject is China ("China accounted
    for $1.6bn of Azerbaijan's imports", not "seaports accounted for $5.2 million of total trade").
    `first_third` is where the clause first names a third country (None: nowhere), `china_named`
    whether it names China."""
    if first_third is not None and first_third < amount_start and not china_named:
        return False
    part = PART_OF.search(before)
    if part and re.match(r"\s*of\b", after):
        subject = clause[:max(0, amount_start - len(before) + part.start())]
        return places.names_china(subject) and not places.names_third_country(subject)
    return True


def _is_bilateral_trade(clause: str, amount: Amount, before: str, after: str, flow_match: re.Match | None,
                        china_in_sentence: bool, first_third: int | None, china_named: bool) -> bool:
    """Whether an amount with a flow is Azerbaijan-China trade: not investment or aid, not another
    country's or one side's whole trade, not a part of a total that is not China's, not a target.
    `before` runs up to the amount (its flow word is `flow_match` in it), `after` follows it."""
    at = flow_match.start() if flow_match else None
    between = before[at:] if flow_match else before[-60:]
    lead = before[max(0, (at or 0) - 40):at] if flow_match else ""
    if NOT_TRADE_BEFORE.search(between) or is_other_trade(before[max(0, (at or 0) - 40):], after[:30]):
        return False
    partner_named = places.names_china(between + after[:30])
    # "total trade turnover was $36 billion"; "Azerbaijan's exports" with China only nearby
    if flow_match and not partner_named and (TOTAL_FLOW.search(lead[-30:]) or (not china_in_sentence and AZ_OWN_FLOW.search(lead))):
        return False
    if not _whose(clause, amount.start, before, after, first_third, china_named):
        return False
    return not TARGET.search(before[max(0, (at if flow_match else len(before)) - 40):])


def figures_in(sentence: str, period: tuple[dt.date, dt.date] | None, reference: dt.date | None = None,
               china_nearby: bool = True, flow_hint: str | None = None) -> list[dict]:
    """The trade figures (and growths with no value) a sentence states. `period` is the one an
    earlier sentence named; `china_nearby` whether this or a nearby sentence names China;
    `flow_hint` the flow of the figure a back reference ("The figure of 2022 …") points to."""
    if not MAY_STATE_A_FIGURE.search(sentence):
        return []
    reference = reference or dt.date.today()
    spans = numbers.period_spans(sentence, reference)
    out: list[dict] = []
    back = refers_back(sentence)
    loose_growths: list[dict] = []
    china_in_sentence = places.names_china(sentence)
    china_here = china_nearby or china_in_sentence
    for offset, clause in clauses(sentence):
        mentions = growth_mentions(clause) if not back else []
        flow_before_clause = flow_before(sentence[max(0, offset - 200):offset])
        amounts = dollar_amounts(clause)
        asides = _parentheses(clause)
        owned = _owned_spans(amounts, clause, offset, spans, asides) if amounts else None
        third = places.first_third_country(clause) if amounts else None
        china_named = places.names_china_by_name(clause) if amounts else False
        kept: list[tuple[Amount, dict, bool]] = []    # amount, figure, is a base
        for index, amount in enumerate(amounts):
            before = clause[max(0, amount.start - 200):amount.start]
            aside = _inside(amount.start, asides)
            after = clause[amount.end:amount.end + 60]
            converted = CONVERTED_FROM.search(clause, max(0, aside[0] - 60), aside[0] + 1) if aside else None
            if converted:
                # "500 million yuan ($70.61 million) of aid": the words around the converted
                # amount say what it measures.
                before = clause[max(0, converted.start() - 200):converted.start()]
                after = clause[aside[1] + 1:aside[1] + 61]
            if CHANGE_AFTER.match(after) or NOT_TRADE_AFTER.match(after) or CHANGE_BEFORE.search(before[-40:]):
                continue
            flow_match = None
            for flow_match in FLOW_WORDS.finditer(before):
                pass
            flow = _flow_of(before, flow_match) if flow_match else flow_after(after) or flow_before_clause or flow_hint
            if flow is None or not china_here:
                continue
            if not _is_bilateral_trade(clause, amount, before, after, flow_match, china_in_sentence, third, china_named):
                continue
            value = amount.value
            # "1 billion 250 million dollars" (a wording translated from Azerbaijani or Russian)
            compound = COMPOUND_BEFORE.search(before)
            if compound and amount.scale.lower() in ("million", "mln"):
                value += numbers.parse_number(compound.group("billions")) * 1000
            base = SAME_PERIOD_YEAR.search(before)
            in_clause = [sp for sp in spans if offset <= sp[0] < offset + len(clause)]
            if RUNNING.match(clause[amount.end:]) or (RUNNING_BEFORE.search(before) and not in_clause):
                figure_period = None
            else:
                own = _period_of_amount(index, amounts, clause, spans, asides, period, owned)
                figure_period = _shifted(own, base) if base and own else own
            figure = _figure(flow, round(value, 6), bound(before), figure_period, {})
            kept.append((amount, figure, bool(base or BASE_BEFORE.search(before[-40:]))))
            out.append(figure)
        _assign_growths(clause, mentions, kept, asides)
        if amounts or not mentions:
            continue
        flow = flow_before(clause)
        if flow and china_here and not is_other_trade(clause):
            own = _period_for(offset, (offset, offset + len(clause)), spans, period)
            out.append(_figure(flow, None, "exact", own, mentions[0][2]))
        elif flow is None:
            loose_growths.append(mentions[0][2])
    # ", and growth over the previous year was 15.4%": a clause with a growth and no flow of its
    # own tells the growth of the figure before it.
    for stated in loose_growths:
        target = next((f for f in reversed(out) if f["value"] is not None and f["growth_reported"] is None), None)
        if target is not None:
            target.update(growth_fields(stated))
    return out


def _assign_growths(clause: str, mentions, kept, asides) -> None:
    """Give each growth of a clause to its figure: the value it leads to ("rose 20% to $1
    billion", "almost quadrupled from $561 million to $2.1 billion"), else the value it follows
    ("$1.086 billion, 16.5 percent more compared to 2009"). A base ("from $561 million") and a
    value in parentheses take no growth stated outside them; a figure takes one growth."""
    for start, end, stated in mentions:
        aside = _inside(start, asides)
        takers = [(amount, figure) for amount, figure, is_base in kept
                  if not is_base and _inside(amount.start, asides) == aside and figure["growth_reported"] is None]
        previous = [item for item in takers if item[0].end <= start]
        following = [item for item in takers if item[0].start >= end]
        target = None
        if following and (not previous or LEADS_TO.match(clause[end:following[0][0].start])):
            target = following[0][1]
        elif previous:
            target = previous[-1][1]
        if target is not None:
            target.update(growth_fields(stated))


def _figure(flow, value, qualifier, period, stated) -> dict:
    return {"kind": "figure", "flow": flow, "value": value, "unit": "usd_million", "qualifier": qualifier,
            **period_fields(period), **growth_fields(stated)}


def period_fields(period) -> dict:
    return {"period_start": period[0].isoformat() if period else None,
            "period_end": period[1].isoformat() if period else None}


def growth_fields(stated: dict) -> dict:
    return {"growth_reported": stated.get("growth_reported"), "growth_unit": stated.get("growth_unit"),
            "growth_qualifier": stated.get("growth_qualifier"), "growth_basis": stated.get("growth_basis")}
