import math
import re

import pandas as pd
import pytest

from tradeviz import provenance


def row(**cells):
    base = {"source_title": "Customs release", "source_publisher": None, "source_published_label": None,
            "source_url": None}
    return pd.Series({**base, **cells})


def test_title_publisher_and_date_joined_with_commas():
    line = provenance.source_line(row(source_publisher="State Customs Committee", source_published_label="2025"))
    assert line == "Source: Customs release, State Customs Committee, 2025"


@pytest.mark.parametrize("missing", [None, math.nan, ""])
def test_missing_parts_are_left_out(missing):
    assert provenance.source_line(row(source_publisher=missing, source_published_label="2013")) == (
        "Source: Customs release, 2013")
    assert provenance.source_line(row(source_publisher=missing, source_published_label=missing)) == (
        "Source: Customs release")


def test_linked_when_there_is_a_web_address():
    line = provenance.source_line(row(source_url="https://customs.example/release"))
    assert line == "Source: [Customs release](https://customs.example/release)"


def test_address_characters_that_would_end_the_link_are_encoded():
    line = provenance.source_line(row(source_url="https://x.example/a b(2025)"))
    assert line == "Source: [Customs release](https://x.example/a%20b%282025%29)"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.example/f", "x.example/page", math.nan])
def test_no_link_for_other_addresses(url):
    assert provenance.source_line(row(source_url=url)) == "Source: Customs release"


def test_markdown_in_the_dataset_stays_text():
    line = provenance.source_line(row(source_title="[click](https://evil.example) *now*",
                                      source_publisher="<b>Agency</b>"))
    # No unescaped bracket, parenthesis, star or angle bracket survives to start a link,
    # emphasis or HTML.
    assert line.startswith("Source: \\[click\\]\\(https")
    assert "\\*now\\*" in line and "\\<b\\>Agency\\</b\\>" in line
    for special in "[]()*<>":
        assert all(line[i - 1] == "\\" for i, ch in enumerate(line) if ch == special)


def unescaped(line: str) -> str:
    return re.sub(r"\\(.)", r"\1", line).replace("\u2060", "")


def test_on_fixture_rows(fixture_dataset):
    rows = provenance.attach_sources(fixture_dataset["trade"], fixture_dataset["sources"]).set_index("record_id")
    # f04: mirror site, undated, with an address.
    assert unescaped(provenance.source_line(rows.loc["f04"])) == (
        "Source: [China-side mirror table, Mirror site, undated](https://mirror.example/table)")
    # f08: a seed article with no publisher and no address.
    assert unescaped(provenance.source_line(rows.loc["f08"])) == "Source: Fixture article on Baku and Beijing, 2025-08-31"
    # f02: the formula-looking title is shown as text inside the link, not run or linked on its own.
    line = provenance.source_line(rows.loc["f02"])
    assert line.startswith("Source: [") and line.endswith("](https://customs.example/release)")
    assert unescaped(line) == ('Source: [=HYPERLINK("http://evil.example"), Azərbaycan Gömrük Komitəsi, 2025-01-20]'
                               "(https://customs.example/release)")
    assert "\\(" in line


def test_attach_sources_adds_provenance_columns():
    rows = pd.DataFrame({"record_id": ["r1", "r2", "r3"], "source_id": ["s2", "s1", "gone"]}, index=[7, 3, 5])
    sources = pd.DataFrame({
        "source_id": ["s1", "s2"], "kind": ["article", "statistics_release"], "title": ["Article", "Release"],
        "publisher": [None, "Customs"], "author": ["A. Writer", None], "published_label": ["2013", "2025-01-20"],
        "url": [None, "https://customs.example"], "reliability": ["normal", "mirror"],
    })
    out = provenance.attach_sources(rows, sources)
    assert list(out.columns) == ["record_id", "source_id", "source_title", "source_publisher",
                                 "source_published_label", "source_url", "source_kind", "source_reliability"]
    assert out.index.tolist() == [7, 3, 5]
    assert out.loc[7, ["source_title", "source_publisher", "source_url", "source_kind", "source_reliability"]].tolist() == [
        "Release", "Customs", "https://customs.example", "statistics_release", "mirror"]
    assert out.loc[3, "source_published_label"] == "2013"
    assert pd.isna(out.loc[3, "source_publisher"])
    # An unknown source leaves the provenance empty rather than borrowing another row's.
    assert out.loc[5, ["source_title", "source_kind"]].isna().all()
    assert list(rows.columns) == ["record_id", "source_id"]  # input untouched


def test_attach_sources_on_fixture_and_on_empty_tables(fixture_dataset):
    trade, sources = fixture_dataset["trade"], fixture_dataset["sources"]
    out = provenance.attach_sources(trade, sources).set_index("record_id")
    assert out.loc["f04", "source_title"] == "China-side mirror table"
    assert out.loc["f04", "source_published_label"] == "undated"
    assert out.loc["f02", "source_publisher"] == "Azərbaycan Gömrük Komitəsi"
    empty = provenance.attach_sources(trade.iloc[:0], sources.iloc[:0])
    assert empty.empty and "source_title" in empty.columns
    # No sources at all (the file failed to load): every row's provenance is missing, as text.
    unsourced = provenance.attach_sources(trade, sources.iloc[:0])
    assert unsourced["source_title"].isna().all() and unsourced["source_title"].dtype == sources["title"].dtype


def test_a_very_long_title_is_shortened_in_the_source_line():
    row = pd.Series({"source_title": "word " * 100, "source_publisher": "Press", "source_published_label": "2025",
                     "source_url": "https://example.org/a"})
    line = provenance.source_line(row)
    assert line.startswith("Source: [word word") and "…, Press, 2025](https://example.org/a)" in line
    assert len(line) < 250


def test_a_chart_source_line_names_every_publisher_up_to_the_limit():
    kinds = ["news_report", "article", "news_report", "official_statement"]
    titles = ["T1", "Seed", "T3", "Untitled statement"]
    publishers = ["Trend", None, "AZERTAC", None]
    assert provenance.sources_note(kinds, titles, publishers) == (
        "Sources: AZERTAC, Trend, Untitled statement, seed articles. Compiled by tradeviz.")


def test_past_the_limit_the_most_cited_publishers_are_named_and_the_rest_counted():
    # Twelve publishers P00..P11; P11 backs 5 rows, P10 4, every other 1 (P05 twice over two
    # sources, so 2). Named: the ten with most rows, ties alphabetical: P11 5, P10 4, P05 2, then
    # P00–P04, P06, P07 (1 each); P08 and P09 are counted.
    publishers = [f"P{n:02d}" for n in range(12)] + ["P05"]
    rows_cited = [1] * 10 + [4, 5] + [1]
    note = provenance.sources_note(["news_report"] * 13, [""] * 13, publishers, rows_cited)
    assert note == ("Sources: P00, P01, P02, P03, P04, P05, P06, P07, P10, P11 and 2 others "
                    "(each figure and event names its own). Compiled by tradeviz.")
    assert provenance.NAMED_SOURCES == 10


def test_sources_note_for_counts_the_rows_citing_each_source():
    sources = pd.DataFrame({"source_id": [f"s{n}" for n in range(11)], "kind": ["news_report"] * 11,
                            "title": [""] * 11, "publisher": [f"P{n:02d}" for n in range(11)]})
    # s10 (P10) is cited by three rows, the others once: P00..P08 and P10 named, P09 counted.
    note = provenance.sources_note_for([f"s{n}" for n in range(10)] + ["s10", "s10", "s10"], sources)
    assert note.startswith("Sources: P00, P01, P02, P03, P04, P05, P06, P07, P08, P10 and 1 other (each")
