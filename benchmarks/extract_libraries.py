"""The extractor's own date and number-word code against well-kept libraries, on the development
corpus (../shared/extraction-dev): which scores better decides which the extractor uses.

    .venv/bin/pip install dateparser text2num      # not project dependencies: only for this trial
    .venv/bin/python benchmarks/extract_libraries.py [--corpus ../shared/extraction-dev]

- dates: tradeviz.extract.events.dates_in (its own grammar) against dateparser's search_dates
  with the same reference date, PREFER_DATES_FROM set by the sentence's tense, and the same
  pre-filters (spans of months, comparison bases); everything else (event words, sides, status,
  datelines, repeats) is the same. Scored as score.py scores events.
- number words: the extractor's own table against text2num's alpha2digit run over the article
  first ("six months" -> "6 months", "seventh" -> "7th"). Scored as score.py scores figures,
  growth and ranks.

Reads the corpus at run time and writes nothing; prints both scores side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from unittest import mock

from tradeviz import extract
from tradeviz.extract import events, numbers

MONEY = {"turnover", "exports", "imports"}


def _close(value, expected) -> bool:
    from decimal import Decimal
    exponent = Decimal(str(expected)).normalize().as_tuple().exponent
    rounding = 0.5 * 10 ** exponent if isinstance(exponent, int) else 0
    return abs(float(value) - float(expected)) <= max(0.005 * float(expected), rounding)


def score(labels: dict, corpus: Path) -> dict:
    """Recall and precision as score.py counts them (figures, growth, ranks, events)."""
    counts = dict.fromkeys(("fig_exp", "fig_hit", "fig_cand", "fig_ok", "growth_exp", "growth_ok", "rank_exp",
                            "rank_hit", "ev_exp", "ev_hit", "ev_cand", "ev_ok"), 0)
    for article in labels["articles"]:
        text = (corpus / "articles" / f"{article['slug']}.txt").read_text(encoding="utf-8")
        found = extract.as_json(extract.extract(text, dt.date.fromisoformat(article["published"])))
        figures = [c for c in found if c["kind"] == "figure" and c["flow"] in MONEY and c["value"] is not None]
        ranks = [c for c in found if c["kind"] == "figure" and c["flow"] not in MONEY]
        dated = [c for c in found if c["kind"] == "event"]

        def fig_match(c, e):
            return (c["flow"] == e["flow"] and (c["period_start"], c["period_end"]) == (e.get("period_start"), e.get("period_end"))
                    and _close(c["value"], e["value"]))

        def ev_match(c, e):
            precision = {10: "day", 7: "month", 4: "year"}[len(e["date"])]
            return c["date_precision"] == precision and c["date_start"].startswith(e["date"])

        for e in article.get("figures", []):
            counts["fig_exp"] += 1
            hit = [c for c in figures if fig_match(c, e)]
            counts["fig_hit"] += bool(hit)
            if e.get("growth_reported") is not None:
                counts["growth_exp"] += 1
                counts["growth_ok"] += bool(hit) and hit[0]["growth_reported"] == e["growth_reported"]
        counts["fig_cand"] += len(figures)
        counts["fig_ok"] += sum(any(fig_match(c, e) for e in article.get("figures", [])) for c in figures)
        for e in article.get("ranks", []):
            counts["rank_exp"] += 1
            counts["rank_hit"] += any(c["flow"] == e["flow"] and c["value"] == e["value"] and (
                e.get("period_start") is None or (c["period_start"], c["period_end"]) == (e["period_start"], e["period_end"]))
                for c in ranks)
        for e in article.get("events", []):
            counts["ev_exp"] += 1
            counts["ev_hit"] += any(ev_match(c, e) for c in dated)
        counts["ev_cand"] += len(dated)
        counts["ev_ok"] += sum(any(ev_match(c, e) for e in article.get("events", [])) for c in dated)
    return counts


def _dateparser_dates(sentence: str, reference: dt.date, planned: bool | None = None):
    from dateparser.search import search_dates

    planned = events.is_planned(sentence) if planned is None else planned
    text = events._blank(sentence, numbers.range_spans(sentence))
    text = numbers.SAME_PERIOD.sub(lambda m: " " * len(m.group()), text)
    settings = {"RELATIVE_BASE": dt.datetime.combine(reference, dt.time()), "PREFER_DAY_OF_MONTH": "first",
                "PREFER_DATES_FROM": "future" if planned else "past"}
    out = []
    for phrase, when in search_dates(text, languages=["en"], settings=settings) or []:
        day = when.date()
        without_year = re.sub(r"\b(?:19|20)\d\d\b", "", phrase)
        if re.search(r"\b\d{1,2}\b|day\b|today|yesterday|tomorrow", without_year, re.I):
            out.append((day, day, "day"))
        elif re.search(rf"\b(?:{numbers.MONTH_NAMES})\b", phrase, re.I):
            out.append((day.replace(day=1), numbers.month_end(day.year, day.month), "month"))
        elif re.search(r"\b(?:19|20)\d\d\b", phrase):
            out.append((dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"))
    return out


def _alpha2digit_extract(original):
    from text_to_num import alpha2digit

    def run(text, published):
        return original(alpha2digit(text, "en"), published)
    return run


def _line(name: str, counts: dict) -> str:
    def ratio(a, b):
        return f"{counts[a]}/{counts[b]} = {counts[a] / counts[b]:.0%}" if counts[b] else "—"
    return (f"{name:<34} figures recall {ratio('fig_hit', 'fig_exp')}, precision {ratio('fig_ok', 'fig_cand')}; "
            f"growth {ratio('growth_ok', 'growth_exp')}; ranks recall {ratio('rank_hit', 'rank_exp')}; "
            f"events recall {ratio('ev_hit', 'ev_exp')}, precision {ratio('ev_ok', 'ev_cand')}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "extraction-dev")
    args = parser.parse_args(argv)
    labels = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))
    print(_line("own grammar (dates, number words)", score(labels, args.corpus)))
    try:
        with mock.patch.object(events, "dates_in", _dateparser_dates):
            print(_line("dateparser for dates", score(labels, args.corpus)))
    except ImportError:
        print("dateparser is not installed: pip install dateparser")
    try:
        with mock.patch.object(extract, "extract", _alpha2digit_extract(extract.extract)):
            print(_line("text2num for number words", score(labels, args.corpus)))
    except ImportError:
        print("text2num is not installed: pip install text2num")
    return 0


if __name__ == "__main__":
    sys.exit(main())
