"""The phenomena a blind-labelled set of real articles exposed in the extractor, each as sentences
written for this file in several wordings (none taken from any article), with the candidates
worked out by hand. They were written and run before the rules that make them pass: the first run
is recorded in the README's score section.

Unless a case says otherwise the article is published on Thursday 16 October 2025, so a month
named without a year is of 2025 when it is over by then, "last year" is 2024, "Monday" is
13 October and "Sunday" 12 October.
"""

import datetime as dt

import pytest

from tradeviz import extract
from tradeviz.extract import events, figures, numbers

PUB = dt.date(2025, 10, 16)
Y = {year: (f"{year}-01-01", f"{year}-12-31") for year in range(1990, 2031)}


def figs(text, published=PUB):
    """(flow, value, period start, period end, qualifier, growth, growth unit) of each trade figure."""
    return [(c.fields["flow"], c.fields["value"], c.fields["period_start"], c.fields["period_end"],
             c.fields["qualifier"], c.fields["growth_reported"], c.fields["growth_unit"])
            for c in extract.extract(text, published)
            if c.kind == "figure" and c.fields["unit"] == "usd_million" and c.fields["value"] is not None]


def rks(text, published=PUB):
    return [(c.fields["flow"], c.fields["value"], c.fields["period_start"], c.fields["period_end"])
            for c in extract.extract(text, published) if c.kind == "figure" and c.fields["unit"] == "rank"]


def evs(text, published=PUB):
    return [(c.fields["date_start"], c.fields["date_precision"], c.fields["status"])
            for c in extract.extract(text, published) if c.kind == "event"]


def fig(flow, value, period=(None, None), qualifier="exact", growth=None, unit=None):
    return (flow, value, *period, qualifier, growth, unit)


GROUPS = {
 # A growth told in its own clause or sentence, against an older base, or as a multiple; it
 # belongs to the figure it follows or the one it leads to, never to a base ("from $X").
 "growth_elsewhere": [
  (figs, "In January-April 2025, trade between Azerbaijan and China came to $820 million. "
         "Compared to January-April 2024, this figure rose by 6.3 percent.",
   [fig("turnover", 820.0, ("2025-01-01", "2025-04-30"), growth=6.3, unit="percent")]),
  (figs, "Azerbaijan's imports from China reached $1.2 billion in 2024. As against 2023, the indicator grew by 14 percent.",
   [fig("imports", 1200.0, Y[2024], growth=14.0, unit="percent")]),
  (figs, "Exports of Azerbaijani goods to China totalled $75 million in 2023. "
         "The figure of 2023 has risen by 9.5 percent year-on-year ($68.6 million in 2022).",
   [fig("exports", 75.0, Y[2023], growth=9.5, unit="percent"), fig("exports", 68.6, Y[2022])]),
  (figs, "Trade turnover between China and Azerbaijan stood at $1.9 billion in the first eight months of the year, "
         "having increased compared with the same months of 2024 by 18.2 percent.",
   [fig("turnover", 1900.0, ("2025-01-01", "2025-08-31"), growth=18.2, unit="percent")]),
  (figs, "Trade with China amounted to $2.3 billion in 2024, 12 percent more compared to 2019 and about three "
         "times the level of 2010.",
   [fig("turnover", 2300.0, Y[2024], growth=12.0, unit="percent")]),
  (figs, "In 1995 trade between the two countries was just $5 million; in 2012 it reached $1.3 billion, "
         "25 percent more than in 2010.",
   [fig("turnover", 5.0, Y[1995]), fig("turnover", 1300.0, Y[2012], growth=25.0, unit="percent")]),
  (figs, "Azerbaijan's exports to China almost tripled from $40 million in 2020 to $118 million by 2023.",
   [fig("exports", 40.0, Y[2020]), fig("exports", 118.0, Y[2023], growth=3.0, unit="multiple")]),
  (figs, "Trade between Azerbaijan and China rose eightfold over two decades, from $130 million in 2004 to "
         "$1.04 billion in 2024.",
   [fig("turnover", 130.0, Y[2004]), fig("turnover", 1040.0, Y[2024], growth=8.0, unit="multiple")]),
  (figs, "Since 2005, trade with China has grown some 40 times, to over $2 billion a year.",
   [fig("turnover", 2000.0, qualifier="more_than", growth=40.0, unit="multiple")]),
  (figs, "Turnover with China has increased by a factor of five since 2010 and now exceeds two billion dollars a year.",
   [fig("turnover", 2000.0, qualifier="more_than", growth=5.0, unit="multiple")]),
 ],
 # Several values and years in one sentence: each value takes the year beside it.
 "several_values": [
  (figs, "Trade turnover between Azerbaijan and China totalled $1.6 billion in 2020 ($1.3 billion in 2018).",
   [fig("turnover", 1600.0, Y[2020]), fig("turnover", 1300.0, Y[2018])]),
  (figs, "In 2023 imports from China came to $2.05 billion (2022: $1.71 billion).",
   [fig("imports", 2050.0, Y[2023]), fig("imports", 1710.0, Y[2022])]),
  (figs, "Azerbaijan-China trade grew from $870 million in 2016 to $2.4 billion by 2022.",
   [fig("turnover", 870.0, Y[2016]), fig("turnover", 2400.0, Y[2022])]),
  (figs, "China's exports to Azerbaijan reached $1.9 billion in 2024, and in the first nine months of 2025 they "
         "amounted to $1.5 billion.",
   [fig("imports", 1900.0, Y[2024]), fig("imports", 1500.0, ("2025-01-01", "2025-09-30"))]),
  (figs, "Exports to China were worth $96 million and imports from China $1.8 billion in 2024.",
   [fig("exports", 96.0, Y[2024]), fig("imports", 1800.0, Y[2024])]),
  (figs, "Bilateral trade was $1.2 billion in 2019 versus $0.9 billion a year earlier.",
   [fig("turnover", 1200.0, Y[2019]), fig("turnover", 900.0, Y[2018])]),
  (figs, "Trade with China was $1.4 billion in 2021, against $1.1 billion in the previous year.",
   [fig("turnover", 1400.0, Y[2021]), fig("turnover", 1100.0, Y[2020])]),
 ],
 # "The past N months of this year" counts from January; a running figure ("a year") has no period.
 "periods": [
  (figs, "Trade between Azerbaijan and China reached $1.1 billion over the past seven months of this year.",
   [fig("turnover", 1100.0, ("2025-01-01", "2025-07-31"))]),
  (figs, "During the past five months of the current year, exports to China amounted to $41 million.",
   [fig("exports", 41.0, ("2025-01-01", "2025-05-31"))]),
  (figs, "Over the past six months, trade with China reached $1 billion.", [fig("turnover", 1000.0)]),
  (figs, "Azerbaijan's trade with China reached $2.2 billion in 2023. Today turnover runs at more than $2.5 billion per year.",
   [fig("turnover", 2200.0, Y[2023]), fig("turnover", 2500.0, qualifier="more_than")]),
  (figs, "In 2024, Azerbaijan-China trade turnover hit a record. Officials say trade with China is now worth about "
         "$3 billion annually.",
   [fig("turnover", 3000.0, qualifier="about")]),
 ],
 "ranks": [
  (rks, "Both in 2023 and in 2024, China was Azerbaijan's fourth-largest trading partner.",
   [("trading_partner_rank", 4.0, *Y[2023]), ("trading_partner_rank", 4.0, *Y[2024])]),
  (rks, "In 2021 and 2022, China ranked third among the countries supplying goods to Azerbaijan.",
   [("import_source_rank", 3.0, *Y[2021]), ("import_source_rank", 3.0, *Y[2022])]),
  (rks, "In 2022, 2023 and 2024 China ranked fourth among Azerbaijan's trade partners.",
   [("trading_partner_rank", 4.0, *Y[2022]), ("trading_partner_rank", 4.0, *Y[2023]),
    ("trading_partner_rank", 4.0, *Y[2024])]),
  (rks, "China led in imports in 2024, with a share of 18 percent.", [("import_source_rank", 1.0, *Y[2024])]),
  (rks, "Last year China led Azerbaijan's imports, ahead of Russia and Türkiye.", [("import_source_rank", 1.0, *Y[2024])]),
  (rks, "China led the list of Azerbaijan's import partners in January-June.",
   [("import_source_rank", 1.0, "2025-01-01", "2025-06-30")]),
  (rks, "Russia led in imports, while China came third.", [("import_source_rank", 3.0, None, None)]),
  (rks, "Azerbaijan led in exports to China among the countries of the South Caucasus.", []),
 ],
 "event_dates": [
  (evs, "At the outset of March, the two countries signed a memorandum on green energy.", [("2025-03-01", "month", "occurred")]),
  (evs, "At the start of August, Azerbaijan and China held consultations on transit.", [("2025-08-01", "month", "occurred")]),
  (evs, "In July, a Chinese trade delegation visited Baku.", [("2025-07-01", "month", "occurred")]),
  (evs, "Since March 2025, the visa-free regime between Azerbaijan and China has been in force.",
   [("2025-03-01", "month", "occurred")]),
  (evs, "The Azerbaijan-China agreement on avoiding double taxation has been in effect since 1 January 2024.",
   [("2024-01-01", "day", "occurred")]),
  (evs, "Since 2019, Chinese investors have opened 40 companies in Azerbaijan.", []),
  # "Later on <day>" dates the lead's undated event too; the talks with Kazakhstan are no
  # Azerbaijan-China event.
  (evs, "Azerbaijan's Prime Minister Ali Asadov took part in the China-Eurasia Expo in Urumqi, China, and spoke at "
        "its opening plenary. He praised the growth of transit along the Middle Corridor. Later on October 14, Asadov "
        "held talks with Kazakhstan's prime minister on the sidelines.", [("2025-10-14", "day", "occurred")]),
  # A deadline of a plan dates it; the end of a state does not.
  (evs, "Two more Azerbaijani trade houses are expected to open in Chinese cities till the end of 2026.",
   [("2026-01-01", "year", "planned")]),
  (evs, "A direct Baku-Shanghai cargo flight is planned to be launched until late 2026.", [("2026-01-01", "year", "planned")]),
  (evs, "The Azerbaijan-China memorandum will remain in force until late 2027.", []),
  # The day of a remark dates the forum it was made at; the remark alone is no event.
  (evs, "Azerbaijan's deputy economy minister told journalists on Oct. 8 that trade with China was growing. "
        "He made the remarks at the Azerbaijan-China investment forum in Baku.", [("2025-10-08", "day", "occurred")]),
  (evs, "The Chinese ambassador said in an interview with a Baku newspaper on Oct. 7 that relations were at their best.", []),
  # Trains set off and arrive.
  (evs, "A block train loaded with Chinese electronics set off from Xi'an for Baku on June 30.",
   [("2025-06-30", "day", "occurred")]),
  (evs, "Another train carrying Azerbaijani polypropylene left Baku for Chongqing on 2 July.", [("2025-07-02", "day", "occurred")]),
  (evs, "URUMQI, Oct. 15 (Xinhua) -- A freight train from Baku carrying Azerbaijani wine has arrived in Urumqi.",
   [("2025-10-15", "day", "occurred")]),
  # A weekday counts from the dateline; a year in a name ("Forum 2025") dates nothing.
  (evs, "BAKU, Azerbaijan, October 13. Aliyev and Xi Jinping met on Sunday on the sidelines of the Eurasia "
        "Connectivity Forum 2025 in Beijing.", [("2025-10-12", "day", "occurred")]),
  # A sentence that sets the time and tells no event dates the event told right after it.
  (evs, "Cooperation between Azerbaijan and China gathered pace in 2016, when oil prices fell. "
        "A series of agreements on trade and transport were signed.", [("2016-01-01", "year", "occurred")]),
  (evs, "Trade between Azerbaijan and China grew 12 percent in 2016. Several agreements were signed.", []),
  (evs, "The ambassador recalled last year's joint declaration signed by Presidents Aliyev and Xi Jinping.",
   [("2024-01-01", "year", "occurred")]),
 ],
 # Customs round-ups where China is one country in a list, a part of a total, aid converted
 # into dollars: whose trade the amount is, and what it measures.
 "not_bilateral_figures": [
  (figs, "China was Azerbaijan's third-largest trading partner in the period. Among EU members, Spain ranked first, "
         "with the trade turnover between the two countries at $1.1 billion.", []),
  (figs, "Trade with China rose in January-June. Hungary and Poland followed with turnover with Azerbaijan of "
         "$402 million and $388 million respectively.", []),
  (figs, "Russia came first for imports ($1.5 billion), while China was second ($1.2 billion).", [fig("imports", 1200.0)]),
  (figs, "Trade with China reached $2 billion in January-June. During the same period, railways accounted for "
         "$410 million of total trade operations.", [fig("turnover", 2000.0, ("2025-01-01", "2025-06-30"))]),
  (figs, "China has granted Azerbaijan 300 million yuan ($42 million) of free aid for 15 projects in trade and "
         "infrastructure.", []),
  (figs, "In trade and humanitarian fields, the Chinese side has provided 80 million yuan ($11.2 million) worth of "
         "assistance, the embassy said.", []),
  (figs, "China is Azerbaijan's main supplier. Georgia is a close partner too: bilateral trade between Georgia and "
         "Azerbaijan reached $1.4 billion.", []),
  (figs, "Turkey's imports from Azerbaijan, including goods in transit to China, reached $1.2 billion.", []),
  (figs, "The two countries aim to raise trade to $5 billion by 2030.", []),
 ],
 "not_events": [
  (evs, "At the start of May, the countries signed a protocol on customs\nEconomy\nMay 20, 2025 09:15\nTrade news",
   [("2025-05-01", "month", "occurred")]),
  (evs, "[March 03, 2006, 11:20:05] Azerbaijan and China signed a trade agreement.", []),
  (evs, "Sources\n- Daily Caspian: Azerbaijan and China Sign Transit Deal in 2023\n- Asia Report: Xi Meets Aliyev in "
        "Astana, July 2024", []),
  (rks, "Read also\n- Caspian Daily: China Becomes Azerbaijan's Third Largest Partner in 2022", []),
  (evs, "At the meeting, the sides noted that in 2024 trade between Azerbaijan and China grew by 15 percent.", []),
  (evs, "Speaking at the forum, the minister said that in 2023 Chinese investment in Azerbaijan exceeded $1 billion.", []),
  (evs, "The results of 2023 were discussed at the session of the Azerbaijan-China intergovernmental commission.", []),
  (evs, "Azerbaijan's economy ministry announced on Monday that a trade house will open in Shanghai.", []),
  (evs, "BAKU, Azerbaijan, October 16. Azerbaijan will open a trade house in Guangzhou, the minister said.", []),
  (evs, "The ministry said on Monday that the Azerbaijani trade house in Shanghai will open on 1 December.",
   [("2025-12-01", "day", "planned")]),
  (evs, "China sent a message of support. Azerbaijan hosted the CICA ministerial meeting in Baku on 6 July.", []),
  (evs, "Aliyev attended the SCO summit in Tianjin, China, on 1 September.", [("2025-09-01", "day", "occurred")]),
  (evs, "AZPROMO, established in 2003, co-organised the China-Azerbaijan investment conference.", []),
  (evs, "Next year marks the 35th anniversary of diplomatic relations between Azerbaijan and China.", []),
  (evs, "At the meeting, Wang Yi and Bayramov discussed the 35th anniversary of diplomatic relations, which falls "
        "next year.", []),
 ],
 # Amounts in words, nouns of flow, China named only in the headline.
 "known_gaps": [
  (figs, "Trade between Azerbaijan and China reached two billion dollars in 2024.", [fig("turnover", 2000.0, Y[2024])]),
  (figs, "Bilateral trade stood at one and a half billion US dollars last year.", [fig("turnover", 1500.0, Y[2024])]),
  (figs, "Azerbaijan imported Chinese goods worth half a billion dollars in the first quarter.",
   [fig("imports", 500.0, ("2025-01-01", "2025-03-31"))]),
  (figs, "Shipments from China to Azerbaijan were worth $640 million in the first half of 2025.",
   [fig("imports", 640.0, ("2025-01-01", "2025-06-30"))]),
  (figs, "Deliveries of Azerbaijani goods to China amounted to $58 million in 2024.", [fig("exports", 58.0, Y[2024])]),
  (figs, "Chinese shipments to Azerbaijan rose 9 percent to $1.7 billion in 2024.",
   [fig("imports", 1700.0, Y[2024], growth=9.0, unit="percent")]),
  (figs, "Azerbaijan-China trade keeps growing\n\nThe State Customs Committee has published its data.\n\n"
         "The figures show that trade turnover rose to $1.9 billion in January-September.",
   [fig("turnover", 1900.0, ("2025-01-01", "2025-09-30"))]),
  (figs, "Azerbaijan and China sign a transit deal\n\nThe State Customs Committee has published its data.\n\n"
         "Trade with Italy reached $8 billion, and total trade turnover was $36 billion.", []),
 ],
}

CASES = [(group, *case) for group, cases in GROUPS.items() for case in cases]


@pytest.mark.parametrize(("group", "read", "text", "expected"), CASES,
                         ids=[f"{group}-{i}" for i, (group, *_) in enumerate(CASES)])
def test_sentences_of_each_phenomenon(group, read, text, expected):
    assert read(text) == expected


# A second batch, written after the rules above passed and run once before any fix (first run
# in the README's score section), in wordings the rules were not written for. Published
# Wednesday 4 March 2026: "last year" is 2025, "Monday" 2 March, "last Friday" 27 February.
PUB2 = dt.date(2026, 3, 4)
CHECK = {
 "growth_elsewhere": [
  (figs, "Azerbaijan's purchases from China came to $2.6 billion in 2025. Year on year, this amount went up by 11.4 percent.",
   [fig("imports", 2600.0, Y[2025], growth=11.4, unit="percent")]),
  (figs, "Trade with China totalled $3.4 billion last year, marking an increase of 9 percent on 2024 and of 64 percent on 2020.",
   [fig("turnover", 3400.0, Y[2025], growth=9.0, unit="percent")]),
  (figs, "Exports to China rose to $145 million in 2025, which is twice the 2023 level.",
   [fig("exports", 145.0, Y[2025], growth=2.0, unit="multiple")]),
  (figs, "China's shipments to Azerbaijan increased from $980 million in 2019 to $2.3 billion in 2025, up 135 percent.",
   [fig("imports", 980.0, Y[2019]), fig("imports", 2300.0, Y[2025], growth=135.0, unit="percent")]),
  (figs, "According to customs data, Azerbaijan's trade turnover with China reached $1.12 billion in January-May, having "
         "gone up by 7.7 percent.", [fig("turnover", 1120.0, ("2025-01-01", "2025-05-31"), growth=7.7, unit="percent")]),
 ],
 "several_values": [
  (figs, "Azerbaijani exports to China amounted to $88 million in 2025 (in 2024: $71 million).",
   [fig("exports", 88.0, Y[2025]), fig("exports", 71.0, Y[2024])]),
  (figs, "The turnover stood at $1.75 billion in the first half of 2025, against $1.52 billion a year before, the Chinese "
         "embassy said.", [fig("turnover", 1750.0, ("2025-01-01", "2025-06-30")),
                          fig("turnover", 1520.0, ("2024-01-01", "2024-06-30"))]),
  (figs, "Chinese imports from Azerbaijan were $52 million in 2025 and $47 million in 2024.",
   [fig("exports", 52.0, Y[2025]), fig("exports", 47.0, Y[2024])]),
 ],
 "periods": [
  (figs, "Over the past eleven months of 2025, Azerbaijan's imports from China exceeded $2 billion.",
   [fig("imports", 2000.0, ("2025-01-01", "2025-11-30"), qualifier="more_than")]),
  (figs, "In 2025 Azerbaijan and China signed 20 documents and trade grew. Annual trade between the two countries is now "
         "close to $3 billion.", [fig("turnover", 3000.0, qualifier="less_than")]),
 ],
 "ranks": [
  (rks, "In both 2024 and 2025 China was the second-biggest source of Azerbaijan's imports.",
   [("import_source_rank", 2.0, *Y[2024]), ("import_source_rank", 2.0, *Y[2025])]),
  (rks, "China was the leading exporter to Azerbaijan last year.", [("import_source_rank", 1.0, *Y[2025])]),
  (rks, "China was first among Azerbaijan's import partners in January-February.",
   [("import_source_rank", 1.0, "2026-01-01", "2026-02-28")]),
  (rks, "Russia and Türkiye led in imports, and China was third.", [("import_source_rank", 3.0, None, None)]),
 ],
 "event_dates": [
  (evs, "Early in February, Chinese and Azerbaijani diplomats held consultations in Baku.", [("2026-02-01", "month", "occurred")]),
  (evs, "Towards the end of January, the Baku-Urumqi flight was relaunched.", [("2026-01-01", "month", "occurred")]),
  (evs, "The Azerbaijan-China agreement on mutual visa exemption has been valid since 20 July 2025.",
   [("2025-07-20", "day", "occurred")]),
  (evs, "A cargo train carrying Chinese auto parts departed Xi'an for Baku last Friday.", [("2026-02-27", "day", "occurred")]),
  (evs, "Chinese Foreign Minister Wang Yi arrived in Baku on an official visit. Earlier on Monday, he held talks in "
        "Tbilisi with Georgian officials.", [("2026-03-02", "day", "occurred")]),
  (evs, "The two sides signed a protocol on Tuesday, Azerbaijan's economy ministry said on Wednesday.",
   [("2026-03-03", "day", "occurred")]),
  (evs, "The Baku Energy Week 2025 hosted a China-Azerbaijan panel on 3 June.", [("2025-06-03", "day", "occurred")]),
  (evs, "The Chinese company, founded in 1998, signed a deal with SOCAR on 10 January.", [("2026-01-10", "day", "occurred")]),
  (evs, "The partnership entered a new stage in 2024. That year the presidents of Azerbaijan and China signed a joint "
        "declaration.", [("2024-01-01", "year", "occurred")]),
  (evs, "The Azerbaijani trade house in Urumqi will be inaugurated by the end of 2026.", [("2026-01-01", "year", "planned")]),
 ],
 "not_events": [
  (evs, "Speaking to journalists on 27 February, the Azerbaijani ambassador said the Trade House in Beijing would open soon.", []),
  (evs, "Azerbaijan and China plan to open a joint logistics centre in Alat, the minister announced on Monday.", []),
  (evs, "BAKU, Azerbaijan, March 3. Azerbaijan and China are set to launch a direct freight route, Trend reports.", []),
  (evs, "BAKU, Azerbaijan, March 3. A delegation from China's Jiangsu province arrived in Baku, Trend reports.",
   [("2026-03-03", "day", "occurred")]),
  (evs, "Azerbaijan took part in the BRICS summit in Kazan on 23 October.", []),
  (evs, "This year marks the 34th anniversary of diplomatic ties between Azerbaijan and China.", []),
  (evs, "Data for 2025 were presented at the Azerbaijan-China business council meeting.", []),
  (evs, "At the forum, participants noted that in 2025 bilateral trade rose by 13 percent.", []),
  (evs, "In 2025 Chinese investment in Azerbaijan reached $1.2 billion. Several new plants were opened.", []),
  (evs, "Azerbaijan and China signed a memorandum on AI at the start of the week\n4 March 2026 | 10:15", []),
  (evs, "Related news:\n- Xi and Aliyev met in Astana on 3 July 2024\n- China, Azerbaijan launch freight route in 2023", []),
 ],
 "not_bilateral_figures": [
  (figs, "Kazakhstan was the second-largest partner, with bilateral trade worth $1.6 billion. China came third.", []),
  (figs, "Azerbaijan's non-oil exports to all countries rose to $3.5 billion, while exports to China grew to $180 million.",
   [fig("exports", 180.0)]),
  (figs, "Of Azerbaijan's imports, $3.1 billion came from Russia and $2.7 billion from China.", [fig("imports", 2700.0)]),
  (figs, "Chinese grants to Azerbaijan since 2005 total about $120 million in trade-related aid.", []),
  (figs, "Trade between the countries also benefits from CNY 30 million ($4.2 million) in Chinese grants.", []),
  (figs, "Trade turnover between Azerbaijan and Georgia was $1.1 billion, while with China it reached $2.4 billion.",
   [fig("turnover", 2400.0)]),
 ],
 "known_gaps": [
  (figs, "Bilateral trade exceeded three billion US dollars in 2025.", [fig("turnover", 3000.0, Y[2025], qualifier="more_than")]),
  (figs, "Deliveries from China reached $2.2 billion last year.", [fig("imports", 2200.0, Y[2025])]),
  (figs, "Azerbaijan's shipments to China were valued at $160 million in 2025.", [fig("exports", 160.0, Y[2025])]),
  (figs, "China and Azerbaijan deepen economic ties\n\nNew figures were released on Tuesday.\n\nTrade turnover reached "
         "$2.9 billion in 2025, up 8 percent.", [fig("turnover", 2900.0, Y[2025], growth=8.0, unit="percent")]),
 ],
}

CHECK_CASES = [(group, *case) for group, cases in CHECK.items() for case in cases]


@pytest.mark.parametrize(("group", "read", "text", "expected"), CHECK_CASES,
                         ids=[f"{group}-{i}" for i, (group, *_) in enumerate(CHECK_CASES)])
def test_a_second_batch_written_after_the_rules(group, read, text, expected):
    assert read(text, PUB2) == expected


# Written with the rules that narrowed the ones above after a review for precision (published
# Thursday 16 October 2025, as the first group).
NARROWER = [
  # a third country named as a place is not whose trade it is
  (figs, "The Chinese envoy praised ties with Azerbaijan. Speaking at a forum in Tashkent, he said bilateral trade "
         "reached $2.2 billion in 2024.", [fig("turnover", 2200.0, Y[2024])]),
  # "made up $X" is a part only when a whole follows ("of total trade")
  (figs, "Azerbaijan and China keep expanding trade. Trade turnover made up $1.2 billion in the first quarter.",
   [fig("turnover", 1200.0, ("2025-01-01", "2025-03-31"))]),
  # a statement made while meeting is dated with the meeting
  (evs, "Xi Jinping said on Thursday while meeting Azerbaijani President Ilham Aliyev in Astana that ties were strong.",
   [("2025-10-16", "day", "occurred")]),
  # "a year after" is no running rate ("a year"), and names no period
  (figs, "Trade with China reached $2 billion a year after the agreement.", [fig("turnover", 2000.0)]),
  # Azerbaijan's own flow with no partner, China named only in the headline or nearby: its total
  (figs, "Azerbaijan and China discuss transport links\n\nAzerbaijan's trade turnover reached $48 billion in 2024.", []),
  (figs, "Trade between China and Azerbaijan grew. Azerbaijan's exports amounted to $29 billion in 2024.", []),
  (figs, "Trade between China and Azerbaijan grew. Azerbaijan's exports to China amounted to $90 million in 2024.",
   [fig("exports", 90.0, Y[2024])]),
  # "potential" is no target
  (figs, "Despite the unused potential, trade with China reached $2.4 billion in 2024.", [fig("turnover", 2400.0, Y[2024])]),
]


@pytest.mark.parametrize(("read", "text", "expected"), NARROWER, ids=[f"narrower-{i}" for i in range(len(NARROWER))])
def test_narrower_rules(read, text, expected):
    assert read(text) == expected


# ---- the functions behind them, with hand-computed values ----------------------------------


def test_dollar_amounts_in_digits_and_words():
    clause = "from $561 million to two billion dollars, then a billion US dollars and half a billion dollars (50 million yuan)"
    assert [(a.value, clause[a.start:a.end]) for a in figures.dollar_amounts(clause)] == [
        (561.0, "$561 million"), (2000.0, "two billion dollars"), (1000.0, "a billion US dollars"),
        (500.0, "half a billion dollars")]


def test_growth_mentions_in_reading_order():
    clause = "it reached $1 billion, 16.5 percent more than in 2009, and almost tripled over ten years"
    assert [(g["growth_reported"], g["growth_unit"], g["growth_qualifier"]) for *_, g in figures.growth_mentions(clause)] == [
        (16.5, "percent", "exact"), (3.0, "multiple", "less_than")]
    # the rise word 56 characters before "by"
    assert figures.growth("rose compared with the same months of the previous year by 4 percent")["growth_reported"] == 4.0


@pytest.mark.parametrize(("sentence", "back", "year"), [
    ("The figure of 2022 has increased by 20.7 percent year-on-year ($1.78 billion in 2021).", True, 2022),
    ("Compared to January-May 2018, this figure increased by 2.6 percent.", True, None),
    ("This means a 43 percent increase.", True, None),
    # its own amount before the growth: a figure of its own, not a back reference
    ("The volume reached $2 billion, up 10 percent.", False, None),
    ("The volume of trade rose 10 percent.", False, None),
])
def test_a_back_reference_and_the_year_it_names(sentence, back, year):
    assert figures.refers_back(sentence) is back
    assert figures.referred_year(sentence) == year


def test_a_year_before_counts_from_the_year_named():
    spans = numbers.period_spans("$1.75 billion in the first half of 2025, against $1.52 billion a year before", PUB)
    assert [tuple(d.isoformat() for d in p) for *_, p in spans] == [("2025-01-01", "2025-06-30"), ("2024-01-01", "2024-06-30")]
    # with no year named before it, "the previous year" is the year before publication
    assert numbers.find_period("trade in the previous year", PUB) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_statement_dates_are_not_event_dates():
    sentence = "The minister told reporters on Oct. 8 that the forum was held on 6 October."
    assert events.statement_dates(sentence, PUB) == [(dt.date(2025, 10, 8), dt.date(2025, 10, 8), "day")]
    assert events.dates_in(sentence, PUB) == [(dt.date(2025, 10, 6), dt.date(2025, 10, 6), "day")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Several agreements were signed.", True),
    ("The delegation met officials in Baku.", True),
    ("The model has received positive responses.", False),
    ("The sides will sign a protocol.", False),
])
def test_a_past_act(sentence, expected):
    assert events.tells_a_past_act(sentence) is expected


def test_places_third_countries_and_bodies():
    from tradeviz.extract import places
    assert places.first_third_country("Speaking in Moscow, the envoy said Italy led") == len("Speaking in Moscow, the envoy said ")
    assert places.first_third_country("trade with the world and Europe") is None
    assert places.names_multilateral_body("the CICA ministerial meeting") and not places.names_multilateral_body("SOCAR")


def test_page_furniture_is_blanked_keeping_offsets():
    text = "Signed at the start of May\nMay 20, 2025 09:15\nTrade\n\nSources\n- A: China and Azerbaijan met in 2023\n- B: x"
    reading = extract._without_furniture(text)
    assert len(reading) == len(text)
    assert reading.splitlines()[0] == "Signed at the start of May" and reading.splitlines()[1].strip() == ""
    assert reading.split("\n\n")[1].strip() == "" and "Trade" in reading


def test_a_headline_that_names_china():
    assert extract._headline_names_china("Azerbaijan-China trade grows\n\nText.")
    assert not extract._headline_names_china("Azerbaijan's trade grows\n\nChina text.")
    assert not extract._headline_names_china("China and Azerbaijan signed a deal.\n\nText.")


def test_many_partners_and_spans_of_days():
    # "with foreign countries" is all of Azerbaijan's trade, not trade with China
    assert figs("Azerbaijan's trade turnover with foreign countries amounted to $30 billion in 2024, with China "
                "accounting for 8 percent.") == []
    # a span of days is dated by its first day; 3 July 2026 is after publication: planned
    assert evs("Xi Jinping will pay a state visit to Azerbaijan from 3 to 5 July 2026.") == [("2026-07-03", "day", "planned")]
    assert evs("Azerbaijani and Chinese officials held talks in Beijing on July 3-5.") == [("2025-07-03", "day", "occurred")]
