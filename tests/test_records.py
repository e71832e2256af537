import datetime as dt

import pyarrow as pa
import pytest

from tradeviz import records, schema


def problems_as_text(folder):
    _, problems = records.read_all(folder)
    return [str(p) for p in problems]


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_sources_are_valid(editable_data):
    tables, problems = records.read_all(editable_data)
    assert problems == []
    assert {name: t.num_rows for name, t in tables.items()} == {
        "sources": 3, "policy_areas": 3, "trade": 13, "milestones": 5, "indicators": 1, "articles": 1,
    }


def test_wrong_type_names_file_row_and_column(editable_data):
    replace_in(editable_data / "sources" / "trade.csv", ",120,usd_million", ",n/a,usd_million")
    assert problems_as_text(editable_data) == [
        "data/sources/trade.csv, row 4, column value: 'n/a' is not a number",
    ]


def test_bad_date_and_unknown_value_are_both_reported(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    replace_in(trade, "2020-01-01,2020-12-31", "2020-13-01,2020-12-31")
    replace_in(trade, "turnover,2023-01-01", "reexport,2023-01-01")
    assert problems_as_text(editable_data) == [
        "data/sources/trade.csv, row 3, column period_start: '2020-13-01' is not a date of the form YYYY-MM-DD",
    ]
    replace_in(trade, "2020-13-01", "2020-01-01")
    assert problems_as_text(editable_data) == [
        "data/sources/trade.csv, row 6, column flow: 'reexport' is not one of "
        "turnover, exports, imports, trading_partner_rank, import_source_rank, share_of_trade, share_of_imports",
    ]


def test_missing_header_column_and_duplicate_key(editable_data):
    areas = editable_data / "sources" / "policy_areas.csv"
    replace_in(areas, "area_id,name,description", "area_id,name")
    assert "data/sources/policy_areas.csv, row 1, column description: column is missing from the header" in problems_as_text(editable_data)
    replace_in(areas, "area_id,name", "area_id,name,description")
    replace_in(editable_data / "sources" / "trade.csv", "f02,", "f01,")
    assert "data/sources/trade.csv, row 3, column record_id: 'f01' repeats row 2" in problems_as_text(editable_data)


def test_unknown_source_and_sentence_not_in_article(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    replace_in(trade, "Trade grew by more than 20% in one year.", "Trade grew by 99% in one year.")
    replace_in(trade, ",fx-mirror,", ",fx-nowhere,")
    assert problems_as_text(editable_data) == [
        "data/sources/trade.csv, row 5, column source_id: 'fx-nowhere' is not in sources.csv",
        "data/sources/trade.csv, row 13, column source_sentence: sentence not found in the article fx-article: 'Trade grew by 99% in one year.'",
    ]


def test_year_precision_must_span_the_year(editable_data):
    replace_in(editable_data / "sources" / "milestones.csv", "1994-01-01,1994-12-31,year", "1994-03-01,1994-12-31,year")
    assert problems_as_text(editable_data) == [
        "data/sources/milestones.csv, row 2, column date_precision: a year-precision date runs from 1 January to 31 December of one year",
    ]


def test_article_front_matter_problems(editable_data):
    article = editable_data / "articles" / "fx-article.md"
    replace_in(article, "published: 2025-08-31", "published: last Sunday")
    assert problems_as_text(editable_data)[0] == (
        "data/articles/fx-article.md, column published: 'last Sunday' is not a date of the form YYYY-MM-DD"
    )


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("2025-07-31", schema.Column("d", pa.date32()), dt.date(2025, 7, 31)),
        ("  ", schema.Column("d", pa.date32()), None),
        ("53.3", schema.Column("v", pa.float64()), 53.3),
        ("a; b;;c", schema.Column("l", schema.LIST_OF_STRINGS), ["a", "b", "c"]),
        (" text ", schema.Column("s", pa.string()), "text"),
    ],
)
def test_parse_cell(text, column, expected):
    assert records.parse_cell(text, column) == expected


@pytest.mark.parametrize("text", ["inf", "nan", "1,5"])
def test_parse_cell_rejects_non_finite_numbers(text):
    with pytest.raises(ValueError):
        records.parse_cell(text, schema.Column("v", pa.float64()))


def test_split_front_matter():
    assert records.split_front_matter("---\na: 1\n---\n\nBody\n") == ("a: 1", "Body")
    with pytest.raises(ValueError, match="closing"):
        records.split_front_matter("---\na: 1\n")


@pytest.mark.parametrize(
    ("start", "end", "precision", "ok"),
    [
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month", True),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31), "month", True),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 28), "month", False),
        (None, None, "undated", True),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1), "undated", False),
        (dt.date(1994, 3, 7), dt.date(1994, 3, 10), "day", True),
    ],
)
def test_date_precision_problem(start, end, precision, ok):
    assert (records.date_precision_problem(start, end, precision) is None) == ok
