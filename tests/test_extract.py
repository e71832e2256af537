"""The extractor (tradeviz.extract and `python -m tradeviz extract`): hand-checked pieces, the
customs-style fixture figure by figure, and recall/precision against the curated records of
the two seed articles."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from tradeviz import extract, store
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
CUSTOMS = ROOT / "tests" / "fixtures" / "extract" / "customs-q1-2026.md"
PUBLISHED = dt.date(2025, 8, 31)  # a Sunday


@pytest.mark.parametrize(("text", "expected"), [
    ("2.5", 2.5), ("748,8", 748.8), ("1,234", 1234.0), ("1,234.5", 1234.5), ("17,7", 17.7), ("4", 4.0)])
def test_parse_number_reads_decimal_commas_and_thousands(text, expected):
    assert extract.parse_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Between January and July of this year, trade reached", ("2025-01-01", "2025-07-31")),
    ("in the first quarter of 2024", ("2024-01-01", "2024-03-31")),
    ("in the first 10 months", ("2025-01-01", "2025-10-31")),
    ("in the first half of last year", ("2024-01-01", "2024-06-30")),
    ("January–March 2023", ("2023-01-01", "2023-03-31")),
    ("last year trade grew", ("2024-01-01", "2024-12-31")),
    ("in 2019 turnover was", ("2019-01-01", "2019-12-31")),
    # A comparison's base is not the figure's period.
    ("26.7% higher than in the same period of 2024", None),
])
def test_find_period_resolves_against_the_publication_date(text, expected):
    found = extract.find_period(text, PUBLISHED)
    assert (tuple(d.isoformat() for d in found) if found else None) == expected


def test_dates_in_a_sentence():
    assert extract.dates_in("On Sunday, the two leaders met again", PUBLISHED) == [
        (dt.date(2025, 8, 31), dt.date(2025, 8, 31), "day")]
    assert extract.dates_in("On Friday they met", PUBLISHED)[0][0] == dt.date(2025, 8, 29)
    assert extract.dates_in("visits in 2005, 2015, and 2019", PUBLISHED) == [
        (dt.date(y, 1, 1), dt.date(y, 12, 31), "year") for y in (2005, 2015, 2019)]
    assert extract.dates_in("At the July 2024 summit and on 3 September 2025", PUBLISHED) == [
        (dt.date(2024, 7, 1), dt.date(2024, 7, 31), "month"), (dt.date(2025, 9, 3), dt.date(2025, 9, 3), "day")]


@pytest.mark.parametrize(("sentence", "flow", "value", "qualifier", "growth"), [
    ("Trade reached $2.5 billion - 26.7% higher than in the same period of 2024.", "turnover", 2500.0, "exact",
     (26.7, "percent", "same_period_prior_year")),
    ("Exports grew 4.5 times, reaching $53.3 million.", "exports", 53.3, "exact", (4.5, "multiple", None)),
    ("Imports exceeded $2 billion.", "imports", 2000.0, "more_than", (None, None, None)),
    ("Exports totalled 53.3 million dollars.", "exports", 53.3, "exact", (None, None, None)),
    ("Turnover was nearly $1.2 billion.", "turnover", 1200.0, "less_than", (None, None, None)),
    ("Turnover increased by 2.6 percent year-on-year to about $420 million.", "turnover", 420.0, "about",
     (2.6, "percent", "year_on_year")),
    ("Exports fell 12% to $90 million.", "exports", 90.0, "exact", (-12.0, "percent", None)),
])
def test_figures_in_a_sentence(sentence, flow, value, qualifier, growth):
    (figure,) = [f for f in extract.figures_in(sentence, None) if f["unit"] == "usd_million"]
    assert (figure["flow"], figure["value"], figure["qualifier"]) == (flow, value, qualifier)
    assert (figure["growth_reported"], figure["growth_unit"], figure["growth_basis"]) == growth


def test_ranks_and_growth_without_a_value():
    ranks = extract.figures_in("China is Azerbaijan's largest source of imports and its fourth-largest trading "
                               "partner.", None)
    assert [(f["flow"], f["value"]) for f in ranks] == [("import_source_rank", 1.0), ("trading_partner_rank", 4.0)]
    (growth,) = extract.figures_in("Bilateral trade grew by more than 20% in just one year.", None)
    assert (growth["value"], growth["growth_reported"], growth["growth_qualifier"]) == (None, 20.0, "more_than")


def test_the_customs_fixture_gets_every_figure_right(capsys):
    assert main(["extract", str(CUSTOMS), "--published", "2026-04-14", "--json"]) == 0
    candidates = json.loads(capsys.readouterr().out)
    figures = [{k: c[k] for k in ("flow", "value", "unit", "qualifier", "period_start", "period_end",
                                  "growth_reported", "growth_unit", "growth_basis")}
               for c in candidates if c["kind"] == "figure"]
    q1_2026, q1_2025, year_2025 = ("2026-01-01", "2026-03-31"), ("2025-01-01", "2025-03-31"), ("2025-01-01", "2025-12-31")
    none = (None, None, None)
    expected = [
        ("turnover", 748.8, "usd_million", "exact", *q1_2026, 17.7, "percent", "same_period_prior_year"),
        ("turnover", 636.4, "usd_million", "exact", *q1_2025, *none),      # the prior-year base
        ("exports", 53.3, "usd_million", "exact", *q1_2026, *none),        # "53,3 million dollars"
        ("imports", 695.5, "usd_million", "less_than", *q1_2026, *none),   # "approached"
        ("turnover", 4800.0, "usd_million", "more_than", *year_2025, *none),
        ("trading_partner_rank", 3.0, "rank", "exact", *year_2025, *none),
    ]
    assert [tuple(f.values()) for f in figures] == expected
    # The $112.4 million change is not proposed as a level; every candidate cites its sentence.
    assert all(c["value"] != 112.4 for c in candidates if c["kind"] == "figure")
    text = CUSTOMS.read_text(encoding="utf-8")
    assert all(text[c["span"][0]:c["span"][1]] == c["sentence"] for c in candidates)


def _key(row) -> tuple:
    def day(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()

    value = None if row["value"] is None or pd.isna(row["value"]) else round(float(row["value"]), 6)
    return (row["flow"], value, row["unit"], row["qualifier"], day(row["period_start"]), day(row["period_end"]))


def test_recall_and_precision_on_the_seed_articles():
    dataset = store.load(ROOT / "data")
    articles = dataset["articles"].set_index("article_id")
    curated_figures, curated_events, proposed_figures, proposed_events = set(), set(), set(), set()
    for article_id in articles.index:
        article = articles.loc[article_id]
        for candidate in extract.extract(article["text"], article["published"].date()):
            if candidate.kind == "figure":
                proposed_figures.add((article_id, _key(candidate.fields)))
            else:
                f = candidate.fields
                proposed_events.add((article_id, f["date_start"], f["date_end"], f["date_precision"]))
        source = article["source_id"]
        for row in dataset["trade"][dataset["trade"]["source_id"] == source].to_dict("records"):
            curated_figures.add((article_id, _key(row)))
        milestones = dataset["milestones"]
        dated = milestones[(milestones["source_id"] == source) & milestones["date_start"].notna()]
        for row in dated.to_dict("records"):
            curated_events.add((article_id, row["date_start"].date().isoformat(), row["date_end"].date().isoformat(),
                                row["date_precision"]))
    curated, proposed = curated_figures | curated_events, proposed_figures | proposed_events
    recall = len(curated & proposed) / len(curated)
    precision = len(curated & proposed) / len(proposed)
    print(f"\nseed articles: {len(curated)} curated figures and dated events, {len(proposed)} proposed; "
          f"recall {recall:.0%}, precision {precision:.0%}; missed: {sorted(curated - proposed)}; "
          f"extra: {sorted(proposed - curated)}")
    assert len(curated_figures) == 7 and len(curated_events) == 7
    assert recall >= 0.9
