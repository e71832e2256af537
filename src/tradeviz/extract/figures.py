"""Trade figures in a sentence: money with its flow, bound, growth and period, and the amounts
that are not Azerbaijan–China trade (investment, aid, another country's trade), which get none.

A figure is money in US dollars with a scale ("$2.5 billion", "$ 769 mln", "53,3 million dollars").
Its flow is the nearest flow word before it in its clause ("exports of", "trade turnover"), or
one attached after it ("$1 billion of trade turnover", "$850 million worth of products were
exported from China"), with the direction of the trade read from the words around it ("China's
exports to Azerbaijan" are Azerbaijan's imports). Its growth is stated in its clause ("up 20
percent", "increasing by 21 percent", "grown by 2.3 times"), in a later clause of the sentence
(", and growth over the previous year was 15.4%") or in the next sentence ("This means a 43
percent increase"); its period is the nearest one its clause names, or the one the sentence or
an earlier sentence named.
"""

from __future__ import annotations

import datetime as dt
import re

from tradeviz.extract import numbers, places
from tradeviz.extract.numbers import MONEY, NUMBER_WORD_PATTERN, _NUM

BOUNDS = [
    (re.compile(r"(?:more than|over|above|exceed(?:ed|s|ing)?|in excess of|upwards of|surpass(?:ed|es|ing)?|topp(?:ed|ing))\s*$", re.I),
     "more_than"),
    (re.compile(r"(?:less than|under|below|nearly|almost|approach(?:ed|es|ing)?|close to|up to|just short of)\s*$", re.I),
     "less_than"),
    (re.compile(r"(?:about|around|approximately|roughly|some|circa|an estimated|~)\s*$", re.I), "about"),
]
# "trade" in "trade partner", "Trade House", "World Trade Organization" names no flow.
FLOW_WORDS = re.compile(r"(?<!World )\b(?P<word>turnover|traded|trade(?!\s+(?:partners?|houses?|missions?|representati\w+|"
                        r"organi[sz]ations?|fairs?|zones?|ports?|routes?|centers?|centres?|policy|agreements?|"
                        r"and economic cooperation|ministers?|ministry|unions?|war)\b)|exports?|exported|exporting|"
                        r"imports?|imported|importing|sold|sells|supplied|supplies|shipped|delivered|bought|buys|purchased|purchases)\b", re.I)
FLOW_AFTER = re.compile(r"\s*(?:(?:worth of|of|in)\s+(?:(?!which\b|that\b|this\b|these\b)[\w'’-]+\s+){0,3}?"
                        r"(?P<word>turnover|trade|exports?|imports?|exported|imported)\b|"
                        r"(?:were|was|have been|has been|had been)\s+(?:\w+ly\s+)?(?P<verb>exported|imported|shipped|sold|"
                        r"supplied|delivered|bought|purchased)\b)", re.I)
NOT_TRADE_BEFORE = re.compile(r"\b(?:invest\w*|aid|grants?|loans?|credits?|assistance|donat\w*|financ\w*|capital|"
                              r"contracts?|deals?|projects?|budget|GDP|reserves?|revenues?|funds?|funding|costs?|"
                              r"prices?|agreements?|memorand\w*|tourists?|tourism|remittances?)\b", re.I)
NOT_TRADE_AFTER = re.compile(r"\s*(?:in|of|worth of|for)\s+(?:[\w-]+\s+){0,2}?(?:invest\w*|aid|grants?|loans?|credits?|"
                             r"assistance|financ\w*|projects?|contracts?|deals?|agreements?)\b", re.I)
OTHER_TRADE = re.compile(r"\b(?:foreign|external|overall|global|world|total foreign|non-oil)\s+trade\b|"
                         r"\btrade with the world\b", re.I)
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
    re.compile(rf"\b{_MBOUND}{_MULT}[- ]?fold\s+(?:increase|growth|rise|jump)\b", re.I),
    re.compile(rf"\b{_MBOUND}{_MULT}\s+times\s+(?:more|higher|larger|greater|as (?:much|large|high))\b", re.I),
    re.compile(r"\b(?P<word>doubled|tripled|trebled|quadrupled|twofold|threefold|fourfold|fivefold|tenfold)\b", re.I),
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
CLAUSE_CUT = re.compile(r",\s+(?:while|whereas|and|but)\s|;\s|\s+while\s+(?=\w+(?:\s+\w+)?\s+(?:from|to)\s)", re.I)


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


def growth(clause: str) -> dict:
    """The growth a clause states: a percentage with a rise or fall word, or a multiple."""
    for pattern in TIMES:
        times = pattern.search(clause)
        if times:
            groups = times.groupdict()
            value = numbers.MULTIPLE_WORDS[groups["word"].lower()] if groups.get("word") else numbers.number_word(groups["num"])
            qualifier = QUALIFIER_WORDS.get((groups.get("mbound") or "").lower(), "exact")
            return {"growth_reported": float(value), "growth_unit": "multiple", "growth_qualifier": qualifier,
                    "growth_basis": basis(clause)}
    for match in PERCENT.finditer(clause):
        bound_text = (match.group("bound") or "").lower()
        before = clause[max(0, match.start() - 45):match.start()]
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
        return {"growth_reported": value, "growth_unit": "percent", "growth_qualifier": qualifier,
                "growth_basis": basis(clause)}
    return {}


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


def refers_back(sentence: str) -> bool:
    """'This is 17.7 percent more than…', 'This means a 43 percent increase': the sentence's
    growth belongs to the figure before it."""
    return bool(REFERS_BACK.match(sentence))


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


def is_other_trade(before: str, after: str = "") -> bool:
    """'Azerbaijan's foreign trade', 'imports from Russia', 'China's trade with Central Asia':
    trade that is not between Azerbaijan and China. `before` runs from the flow word to the
    value, `after` is what follows the value."""
    if ONE_SIDES_ALL.search(before) and not places.CHINA_PARTNER.search(before):
        return True
    return bool(OTHER_TRADE.search(before)) or places.names_other_partner(before + after)


def figures_in(sentence: str, period: tuple[dt.date, dt.date] | None, reference: dt.date | None = None,
               china_nearby: bool = True) -> list[dict]:
    """The trade figures (and growths with no value) a sentence states. `period` is the one an
    earlier sentence named; `china_nearby` whether this or a nearby sentence names China."""
    if not MAY_STATE_A_FIGURE.search(sentence):
        return []
    reference = reference or dt.date.today()
    spans = numbers.period_spans(sentence, reference)
    out: list[dict] = []
    back = refers_back(sentence)
    loose_growths: list[dict] = []
    china_here = china_nearby or places.names_china(sentence)
    for offset, clause in clauses(sentence):
        clause_growth = growth(clause) if not back else {}
        used_growth = False
        flow_before_clause = flow_before(sentence[max(0, offset - 200):offset])
        money = [m for m in MONEY.finditer(clause) if m.group("dollar") or m.group("currency")]
        for match in money:
            before = clause[max(0, match.start() - 200):match.start()]
            after = clause[match.end():match.end() + 60]
            if CHANGE_AFTER.match(after) or NOT_TRADE_AFTER.match(after):
                continue
            flow_match = None
            for flow_match in FLOW_WORDS.finditer(before):
                pass
            flow = _flow_of(before, flow_match) if flow_match else flow_after(after) or flow_before_clause
            if flow is None or not china_here:
                continue
            between = before[flow_match.start():] if flow_match else before[-60:]
            if NOT_TRADE_BEFORE.search(between) or is_other_trade(before[max(0, (flow_match.start() if flow_match else 0) - 40):], after[:30]):
                continue
            value = numbers.money_usd_million(match.group("num"), match.group("scale"))
            # "1 billion 250 million dollars" (a wording translated from Azerbaijani or Russian)
            compound = COMPOUND_BEFORE.search(before)
            if compound and match.group("scale").lower() in ("million", "mln"):
                value += numbers.parse_number(compound.group("billions")) * 1000
            base = SAME_PERIOD_YEAR.search(before)
            own = _period_for(offset + match.start(), (offset, offset + len(clause)), spans, period)
            figure_period = _shifted(own, base) if base and own else own
            stated = clause_growth if not base and not used_growth else {}
            used_growth = used_growth or bool(stated)
            out.append(_figure(flow, round(value, 6), bound(before), figure_period, stated))
        if money or not clause_growth:
            continue
        flow = flow_before(clause)
        if flow and china_here and not is_other_trade(clause):
            own = _period_for(offset, (offset, offset + len(clause)), spans, period)
            out.append(_figure(flow, None, "exact", own, clause_growth))
        elif flow is None:
            loose_growths.append(clause_growth)
    # ", and growth over the previous year was 15.4%": a clause with a growth and no flow of its
    # own tells the growth of the figure before it.
    for stated in loose_growths:
        target = next((f for f in reversed(out) if f["value"] is not None and f["growth_reported"] is None), None)
        if target is not None:
            target.update(growth_fields(stated))
    return out


def _figure(flow, value, qualifier, period, stated) -> dict:
    return {"kind": "figure", "flow": flow, "value": value, "unit": "usd_million", "qualifier": qualifier,
            **period_fields(period), **growth_fields(stated)}


def period_fields(period) -> dict:
    return {"period_start": period[0].isoformat() if period else None,
            "period_end": period[1].isoformat() if period else None}


def growth_fields(stated: dict) -> dict:
    return {"growth_reported": stated.get("growth_reported"), "growth_unit": stated.get("growth_unit"),
            "growth_qualifier": stated.get("growth_qualifier"), "growth_basis": stated.get("growth_basis")}
