import datetime as dt

import pyarrow as pa
import pytest

from tradeviz import records, rules, schema


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
        "sources": 3, "policy_areas": 3, "trade": 13, "milestones": 7, "indicators": 1, "articles": 1,
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
    assert (rules.date_precision_problem(start, end, precision) is None) == ok


# ---- parse_iso_date, read_csv_table, read_article, cross_table_problems called directly ----------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        (" 2025-07-31 ", dt.date(2025, 7, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 1)),                 # YAML gives dates already parsed
        (dt.datetime(2025, 1, 1, 13, 30), dt.date(2025, 1, 1)),     # ... or datetimes
    ],
)
def test_parse_iso_date(value, expected):
    assert records.parse_iso_date(value) == expected


@pytest.mark.parametrize("text", ["2025-7-31", "2023-02-29", "31.07.2025", "2025-07-31T00:00", "20250731", 2025])
def test_parse_iso_date_rejects_other_forms(text):
    with pytest.raises(ValueError, match="is not a date of the form YYYY-MM-DD"):
        records.parse_iso_date(text)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_read_csv_table(tmp_path):
    path = write(tmp_path / "areas.csv", "area_id,description,name\ntrade, Goods. ,Trade\nenergy,Oil.,Energy\n")
    data, problems = records.read_csv_table(path, schema.POLICY_AREAS, "areas.csv")
    assert problems == []
    # Columns come out in the table's order whatever the header's order; cells are stripped.
    assert data.column_names == ["area_id", "name", "description"]
    assert data.to_pylist() == [{"area_id": "trade", "name": "Trade", "description": "Goods."},
                                {"area_id": "energy", "name": "Energy", "description": "Oil."}]


def test_read_csv_table_with_a_byte_order_mark(tmp_path):
    # What a spreadsheet writes when a file is saved as "CSV UTF-8".
    path = write(tmp_path / "areas.csv", "area_id,name,description\ntrade,Ticarət,Goods.\n", encoding="utf-8-sig")
    data, problems = records.read_csv_table(path, schema.POLICY_AREAS, "areas.csv")
    assert problems == []
    assert data.to_pylist() == [{"area_id": "trade", "name": "Ticarət", "description": "Goods."}]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"", ["areas.csv: file is empty, expected a header row"]),
        # Saved as Latin-1 by a spreadsheet: ö is the byte F6, which cannot start a UTF-8 character.
        ("area_id,name,description\ntrade,Gömrük,x\n".encode("latin-1"),
         ["areas.csv: is not UTF-8 text (invalid start byte at byte 32)"]),
        (b"area_id,name,description,colour\n", ["areas.csv, row 1, column colour: is not a column of this table"]),
        (b"area_id,name,description\ntrade,Trade\nenergy,Energy,Oil.,extra\n",
         ["areas.csv, row 2: has 2 cells, the header has 3", "areas.csv, row 3: has 4 cells, the header has 3"]),
        (b"area_id,name,description\ntrade,Trade,\ntrade,Trade,x\n",
         ["areas.csv, row 2, column description: is empty but required", "areas.csv, row 3, column area_id: 'trade' repeats row 2"]),
    ],
)
def test_read_csv_table_problems(tmp_path, payload, expected):
    path = tmp_path / "areas.csv"
    path.write_bytes(payload)
    _, problems = records.read_csv_table(path, schema.POLICY_AREAS, "areas.csv")
    assert [str(p) for p in problems] == expected


def test_read_csv_table_missing_file_gives_an_empty_table(tmp_path):
    data, problems = records.read_csv_table(tmp_path / "nope.csv", schema.TRADE, "data/sources/trade.csv")
    assert [str(p) for p in problems] == ["data/sources/trade.csv: file is missing"]
    assert data.num_rows == 0 and data.schema.equals(schema.TRADE.arrow_schema)


ARTICLE = """---
article_id: a1
source_id: s1
title: A title
title_origin: seed
published: 2025-08-31
author: null
author_role: null
publisher: Press
policy_areas: [trade, energy]
---

First paragraph.

Second paragraph.
"""


def test_read_article(tmp_path):
    record, problems = records.read_article(write(tmp_path / "a1.md", ARTICLE), "a1.md")
    assert problems == []
    assert record == {
        "article_id": "a1", "source_id": "s1", "title": "A title", "title_origin": "seed",
        "published": dt.date(2025, 8, 31), "author": None, "author_role": None, "publisher": "Press",
        "policy_areas": ["trade", "energy"], "content": "full", "url": None,
        "text": "First paragraph.\n\nSecond paragraph.",
    }


def test_read_article_kept_as_excerpts(tmp_path):
    """Issue 22: an article may say it is kept as excerpts, with the address of the original;
    one that says nothing is whole (content and url default to full and none)."""
    excerpts = ARTICLE.replace("policy_areas: [trade, energy]\n",
                               "policy_areas: [trade, energy]\ncontent: excerpts\nurl: https://example.org/a\n")
    record, problems = records.read_article(write(tmp_path / "a1.md", excerpts), "a1.md")
    assert problems == [] and (record["content"], record["url"]) == ("excerpts", "https://example.org/a")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("publisher: Press\n", "", ["a1.md, column publisher: field is missing from the front matter"]),
        ("publisher: Press\n", "publisher: Press\nlanguage: en\n", ["a1.md, column language: is not a field of an article"]),
        ("article_id: a1", "article_id: a2", ["a1.md, column article_id: article_id 'a2' differs from the file name"]),
        ("[trade, energy]", "trade", ["a1.md, column policy_areas: 'trade' is not a list such as [trade, energy]"]),
        ("---\narticle_id", "article_id", ["a1.md: does not start with a '---' front-matter line"]),
        # A YAML error names the file's line: the fence is line 1, article_id line 2, title line 4.
        ("title: A title", "title: [unclosed", ["a1.md: line 5: front matter is not valid YAML: "
                                                 "expected ',' or ']', but got ':' (a flow sequence from line 4)"]),
        ("title: A title", 'title: "A "quoted" title"', ["a1.md: line 4: front matter is not valid YAML: "
                                                          "expected <block end>, but found '<scalar>' "
                                                          "(a block mapping from line 2)"]),
        # Front matter that is YAML but not a mapping.
        ("article_id: a1\nsource_id: s1\ntitle: A title\ntitle_origin: seed\npublished: 2025-08-31\nauthor: null\n"
         "author_role: null\npublisher: Press\npolicy_areas: [trade, energy]\n", "- a\n- b\n",
         ["a1.md: front matter is not a mapping of field: value"]),
    ],
)
def test_read_article_problems(tmp_path, old, new, expected):
    assert old in ARTICLE, "test setup"
    record, problems = records.read_article(write(tmp_path / "a1.md", ARTICLE.replace(old, new, 1)), "a1.md")
    assert record is None
    assert [str(p) for p in problems] == expected


def tables_for_cross_checks(trade=(), milestones=(), indicators=(), sources=None, articles=None):
    """Minimal tables: only the columns cross_table_problems reads."""
    sources = sources or [
        {"source_id": "art", "kind": "article", "url": None},
        {"source_id": "web", "kind": "news_report", "url": "https://news.example/1"},
    ]
    articles = articles or [{"article_id": "art", "source_id": "art", "text": "Trade grew. Visits resumed.",
                             "policy_areas": ["trade"]}]

    def trade_row(**cells):
        return {"source_id": "web", "period_start": None, "period_end": None, "source_sentence": None,
                "value": 1.0, "growth_reported": None, "growth_unit": None, **cells}

    def milestone_row(**cells):
        return {"source_id": "web", "date_start": None, "date_end": None, "source_sentence": None,
                "policy_areas": ["trade"], "date_precision": "undated", **cells}

    def indicator_row(**cells):
        return {"source_id": "web", "period_start": None, "period_end": None, "policy_area": "trade", **cells}

    def table(rows, make):
        rows = [make(**r) for r in rows] or [make()]
        return pa.Table.from_pylist(rows)

    return {
        "sources": pa.Table.from_pylist(sources),
        "policy_areas": pa.Table.from_pylist([{"area_id": "trade"}, {"area_id": "energy"}]),
        "articles": pa.Table.from_pylist(articles),
        "trade": table(trade, trade_row),
        "milestones": table(milestones, milestone_row),
        "indicators": table(indicators, indicator_row),
    }


def test_an_article_kept_as_excerpts_needs_the_address_of_the_original():
    article = {"article_id": "art", "source_id": "art", "text": "Trade grew.", "policy_areas": ["trade"]}
    articles = [{**article, "content": "excerpts", "url": url} for url in (None, "javascript:x", "https://o/1")]
    articles += [{**article, "content": "full", "url": None}]
    problems = rules.cross_table_problems(tables_for_cross_checks(articles=articles))
    message = "an article kept as excerpts needs the address of the original (http:// or https://)"
    assert [(p.column, p.message) for p in problems] == [("url", message)] * 2


def test_cross_table_problems_none_for_consistent_tables():
    assert rules.cross_table_problems(tables_for_cross_checks(
        trade=[{"source_id": "art", "source_sentence": "Trade grew."},
               {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)}],
    )) == []


def test_cross_table_problems_trade_rows():
    tables = tables_for_cross_checks(trade=[
        {"period_start": dt.date(2024, 1, 1)},                                              # row 2
        {"period_start": dt.date(2024, 12, 31), "period_end": dt.date(2024, 1, 1)},         # row 3
        {"source_id": "art"},                                                               # row 4
        {"value": None},                                                                    # row 5
        {"growth_reported": 20.0},                                                          # row 6
        {"growth_unit": "percent"},                                                         # row 7
    ])
    assert [str(p) for p in rules.cross_table_problems(tables)] == [
        "data/sources/trade.csv, row 2, column period_end: give both period_start and period_end, or neither",
        "data/sources/trade.csv, row 3, column period_end: 2024-01-01 is before period_start 2024-12-31",
        "data/sources/trade.csv, row 4, column source_sentence: a figure from an article needs the sentence it comes from",
        "data/sources/trade.csv, row 5, column value: a row needs a value, a reported growth, or both",
        "data/sources/trade.csv, row 6, column growth_unit: growth_reported and growth_unit go together",
        "data/sources/trade.csv, row 7, column growth_unit: growth_reported and growth_unit go together",
    ]


def test_cross_table_problems_sources_areas_and_articles():
    tables = tables_for_cross_checks(
        sources=[{"source_id": "art", "kind": "article", "url": None},
                 {"source_id": "web", "kind": "news_report", "url": None}],
        articles=[{"article_id": "art", "source_id": "elsewhere", "text": "x", "policy_areas": ["trade", "space"]}],
        milestones=[{"policy_areas": ["trade", "water", "space"]}],
        indicators=[{"policy_area": "mining", "source_id": "gone"}],
    )
    assert [str(p) for p in rules.cross_table_problems(tables)] == [
        "data/sources/sources.csv, row 3, column url: a source that is not an article needs an address",
        "data/sources/milestones.csv, row 2, column policy_areas: space, water not in policy_areas.csv",
        "data/sources/indicators.csv, row 2, column source_id: 'gone' is not in sources.csv",
        "data/sources/indicators.csv, row 2, column policy_area: mining not in policy_areas.csv",
        "data/articles/art.md, column source_id: 'elsewhere' is not in sources.csv",
        "data/articles/art.md, column policy_areas: space not in policy_areas.csv",
    ]


def test_cross_table_problems_milestone_date_precision():
    tables = tables_for_cross_checks(milestones=[
        {"date_start": dt.date(2024, 7, 1), "date_end": dt.date(2024, 7, 31), "date_precision": "month"},
        {"date_start": dt.date(2024, 7, 1), "date_end": dt.date(2024, 7, 30), "date_precision": "month"},
        {"date_precision": "day"},
    ])
    assert [str(p) for p in rules.cross_table_problems(tables)] == [
        "data/sources/milestones.csv, row 3, column date_precision: a month-precision date runs from the first to "
        "the last day of one month",
        "data/sources/milestones.csv, row 4, column date_precision: a day-precision milestone needs date_start and date_end",
    ]
