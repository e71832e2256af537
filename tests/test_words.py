"""Numbers and lists in words."""

import math

import pytest

from tradeviz import words


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (2000.0, "usd_million", "more_than", ">$2.00 bn"),
        (1300.0, "usd_million", "about", "~$1.30 bn"),
        (53.3, "usd_million", "exact", "$53.3 m"),
        (4.0, "rank", "exact", "4th"),
        (1.0, "rank", "exact", "1st"),
        (3.0, "rank", "exact", "3rd"),
        (11.0, "rank", "exact", "11th"),
        (7.9, "percent", "exact", "7.9%"),
        (float("nan"), "usd_million", "exact", "—"),
    ],
)
def test_value_text(value, unit, qualifier, expected):
    assert words.value_text(value, unit, qualifier) == expected


def test_growth_text():
    assert words.growth_text(26.7, "percent", "exact") == "+26.7%"
    assert words.growth_text(20.0, "percent", "more_than") == ">+20%"
    assert words.growth_text(4.5, "multiple", "exact") == "4.5×"
    assert words.growth_text(float("nan"), None, None) == ""



def test_small_words():
    assert words.join([]) == ""
    assert words.join(["a"]) == "a"
    assert words.join(["a", "b", "c"]) == "a, b and c"
    assert words.join(["a", "b"], "or") == "a or b"
    assert words.years_text((2024, 2024)) == "2024"
    assert words.years_text((1994, 2025)) == "1994–2025"
    assert words.plural(1, "milestone") == "1 milestone"
    assert words.plural(0, "milestone") == "0 milestones"
    assert words.plural(2, "query", "queries") == "2 queries"
    assert words.plural(12500, "row") == "12,500 rows"
    assert words.sentence_case("turnover, 2024") == "Turnover, 2024"


def test_figure_headline():
    row = {"flow": "turnover", "period_label": "2025 Jan–Jul", "value": 2500.0, "unit": "usd_million",
           "qualifier": "exact", "growth_reported": 26.7, "growth_unit": "percent", "growth_qualifier": "exact",
           "growth_basis": "same period of 2024", "reporter_detail": "Seed article"}
    assert words.figure_headline(row) == ("Trade turnover, 2025 Jan–Jul: $2.50 bn, +26.7% (same period of 2024); "
                                          "reported by Seed article")
    growth_only = {**row, "value": float("nan"), "growth_basis": None}
    assert words.figure_headline(growth_only) == ("Trade turnover, 2025 Jan–Jul: no value stated, +26.7%; "
                                                  "reported by Seed article")


def test_usd_text_keeps_three_significant_digits_and_the_scale():
    assert [words.usd_text(v) for v in (350_000, 1_200_000, 3_454_000_000, 12_345, 950, 0.4, 0)] == [
        "$350 k", "$1.20 m", "$3.45 bn", "$12.3 k", "$950", "$0.4", "$0"]
    assert words.usd_text(999_999) == "$1.00 m"      # rounded before the scale is chosen
    assert words.usd_text(-800_000) == "−$800 k"
    assert words.usd_text(math.nan) == "—"
