"""Who a sentence is about: the Chinese side, the Azerbaijani side, or a third country, and which
way a flow of goods runs between them ("exports from China to Azerbaijan").

Names only, in English as news agencies write them; a sentence that names neither side carries on
the subject of the sentences before it. Third countries (not regions) can be the subject of a
clause ("Turkey ranked second for imports"), except where named as a place ("speaking in
Moscow"); bodies of many states (SCO, CICA, BRICS…) make an event multilateral.
"""

from __future__ import annotations

import re

CHINA = (r"China|Chinese|PRC|People['’]s Republic of China|Beijing|Shanghai|Xi['’]an|Urumqi|Xinjiang|Guangzhou|"
         r"Shenzhen|Qingdao|Tianjin|Chengdu|Chongqing|Nanjing|Hangzhou|Wuhan|Lianyungang|Kashgar|Zhangjiajie|"
         r"Xi Jinping|Xi|Li Qiang|Wang Yi|Ding Xuexiang|Zhao Leji|Han Zheng")
AZERBAIJAN = (r"Azerbaijan|Azerbaijani|Azeri|Baku|Ganja|Sumgayit|Sumgait|Nakhchivan|Alat|Alyat|Aliyev|Aliyeva|"
              r"Bayramov|ADY|AZAL|SOCAR|our country|our nation")
BOTH = (r"two countries|both countries|between the countries|the two sides|both sides|two states|both states|"
        r"two leaders|bilateral|mutual")
# Countries and regions that trade with either side in this news; a reading list, not a gazetteer.
OTHERS = (r"Russia|Turkey|T[uü]rkiye|Georgia|Iran|Kazakhstan|Uzbekistan|Turkmenistan|Kyrgyzstan|Tajikistan|"
          r"Armenia|Ukraine|Belarus|Moldova|Italy|Israel|Germany|France|Spain|Greece|Portugal|Switzerland|"
          r"Czechia|Czech Republic|Croatia|Hungary|Romania|Bulgaria|Poland|Austria|the Netherlands|Netherlands|"
          r"Belgium|the United Kingdom|the UK|Britain|the United States|the US|the USA|the U\.S\.|America|Canada|"
          r"Mexico|Brazil|India|Pakistan|Japan|South Korea|Korea|Indonesia|Malaysia|Thailand|Vietnam|Singapore|"
          r"Saudi Arabia|the UAE|United Arab Emirates|Qatar|Egypt|Tunisia|Algeria|Afghanistan|Mongolia|"
          r"Central Asia|South Caucasus|the Caucasus|Europe|the EU|European Union|Africa|Latin America|ASEAN|"
          r"the Middle East|the Gulf|the world|the CIS|Tbilisi|Moscow|Ankara|Astana|Tashkent|Tehran")
# Countries (and their capitals) among OTHERS: a clause that names one of them, and not China,
# is about that country's trade ("Italy topped the list, with the trade turnover between the
# two countries at $2.9 billion"); regions ("the world", "Europe") name no such subject.
_REGIONS = {"Central Asia", "South Caucasus", "the Caucasus", "Europe", "the EU", "European Union", "Africa",
            "Latin America", "ASEAN", "the Middle East", "the Gulf", "the world", "the CIS"}
THIRD_COUNTRIES = "|".join(name for name in OTHERS.split("|") if name not in _REGIONS)
# Bodies of many states: an event of one side with one of them is not an Azerbaijan-China event.
MULTILATERAL = (r"SCO|Shanghai Cooperation Organi[sz]ation|CICA|Conference on Interaction and Confidence[- ]Building|"
                r"Organi[sz]ation of Turkic States|OTS|Turkic Council|CIS|Commonwealth of Independent States|UN|"
                r"United Nations|UNGA|BRICS|ASEAN|OIC|ECO|Economic Cooperation Organi[sz]ation|NAM|Non-Aligned Movement|"
                r"G20|G7|APEC|WTO|NATO|OSCE|GUAM|COP\s?\d*|Asian Development Bank|ADB|AIIB|World Bank|IMF")
_CHINA = re.compile(rf"\b(?=[A-Za-z])(?:{CHINA})\b")
_THIRD_COUNTRY = re.compile(rf"\b(?=[A-Za-z])(?:{THIRD_COUNTRIES})\b")
_MULTILATERAL = re.compile(rf"\b(?=[A-Za-z])(?:{MULTILATERAL})\b")
# "Turkey's imports", "Georgian exports": the flow word belongs to a third country.
OTHER_POSSESSOR = re.compile(rf"\b(?:{OTHERS})['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:trade|exports?|imports?|turnover|purchases|sales)\b")
_AZERBAIJAN = re.compile(rf"\b(?=[A-Za-z])(?:{AZERBAIJAN})\b")
_BOTH = re.compile(rf"\b(?=[A-Za-z])(?:{BOTH})\b", re.I)
_OTHERS = re.compile(rf"\b(?=[A-Za-z])(?:{OTHERS})\b")
OTHER_PARTNER = re.compile(rf"\b(?:with|from|to|and|by)\s+(?:{OTHERS})\b|\b(?:{OTHERS})['’]s\s+(?:[\w-]+\s+){{0,2}}?"
                           r"(?:trade|exports?|imports?|turnover)\b")
CHINA_PARTNER = re.compile(rf"\b(?:with|from|to|and)\s+(?:the\s+)?(?:{CHINA})\b|\b(?:{CHINA})(?:['’]s)?\s+(?:and|with)\b")

# Who reports or makes the flow: "China's exports", "Chinese imports", "China supplied",
# "Azerbaijan bought"; not the origin of goods ("Chinese goods were imported").
_GOODS = r"(?!goods\b|products\b|commodities\b|cargo\b|items\b|machinery\b)"
_CHINA_REPORTER = re.compile(rf"(?:\b(?:{CHINA})(?:['’]s)?|\bChinese)\s+(?:{_GOODS}[\w-]+\s+){{0,1}}$")
_AZ_REPORTER = re.compile(rf"(?:\b(?:{AZERBAIJAN})(?:['’]s)?|\bAzerbaijani)\s+(?:{_GOODS}[\w-]+\s+){{0,1}}$")
SELLING = ("export", "sold", "sell", "suppl", "ship", "deliver")
_FROM_CHINA = re.compile(rf"^\W*(?:[\w-]+\s+){{0,4}}?(?:from|of)\s+(?:the\s+)?(?:{CHINA})\b")
_TO_CHINA = re.compile(rf"^\W*(?:[\w-]+\s+){{0,4}}?(?:to|into)\s+(?:the\s+)?(?:{CHINA})\b")
_FROM_AZ = re.compile(rf"^\W*(?:[\w-]+\s+){{0,4}}?(?:from|of)\s+(?:the\s+)?(?:{AZERBAIJAN})\b")
_TO_AZ = re.compile(rf"^\W*(?:[\w-]+\s+){{0,4}}?(?:to|into)\s+(?:the\s+)?(?:{AZERBAIJAN})\b")


def names_china(text: str) -> bool:
    """The text names the Chinese side, or both sides together ('the two countries')."""
    return bool(_CHINA.search(text) or _BOTH.search(text))


def names_china_by_name(text: str) -> bool:
    """The text names the Chinese side itself (not only 'the two countries')."""
    return bool(_CHINA.search(text))


def names_third_country(text: str) -> bool:
    """The text names a country other than Azerbaijan and China (regions do not count)."""
    return bool(_THIRD_COUNTRY.search(text))


_PLACE_BEFORE = re.compile(r"\b(?:in|at|via|through|across|near|visiting|visited)\s+(?:the\s+)?$", re.I)


def first_third_country(text: str) -> int | None:
    """Where the text first names a third country other than as a place ("speaking in Moscow",
    "a forum at Tashkent"), or None."""
    for match in _THIRD_COUNTRY.finditer(text):
        if not _PLACE_BEFORE.search(text[max(0, match.start() - 20):match.start()]):
            return match.start()
    return None


def names_multilateral_body(text: str) -> bool:
    return bool(_MULTILATERAL.search(text))


def names_azerbaijan(text: str) -> bool:
    return bool(_AZERBAIJAN.search(text) or _BOTH.search(text))


def names_other_country(text: str) -> bool:
    return bool(_OTHERS.search(text))


def names_other_partner(text: str) -> bool:
    """Trade with a third country or region ('imports from Russia', 'Russia's exports'), and not
    with China as well."""
    return bool(OTHER_PARTNER.search(text)) and not CHINA_PARTNER.search(text)


def origin_is_china(word: str, before: str, after: str) -> bool:
    """Whether the goods a flow word names come from China. `word` sells (export, sold,
    supplied, shipped) or buys (import, bought, purchased); `before` and `after` are the words
    around it: 'China's exports', 'exported from China', 'imports to China', 'Azerbaijan bought'."""
    export = word.lower().startswith(SELLING)
    if _FROM_CHINA.search(after) or _TO_AZ.search(after):
        return True
    if _TO_CHINA.search(after) or _FROM_AZ.search(after):
        return False
    if _CHINA_REPORTER.search(before):
        return export          # China's exports come from China; China's imports go to it
    if _AZ_REPORTER.search(before):
        return not export
    return not export          # an import word alone is Azerbaijan's import, from China
