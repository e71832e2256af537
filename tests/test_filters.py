import pandas as pd
import pytest

from tradeviz import filters, schema

ALL_REPORTERS = list(schema.REPORTERS)
ALL_FLOWS = list(schema.FLOWS)

# The fixture's trade rows (tests/fixtures/data/sources/trade.csv), by period:
#   f01 2019, f02 2020, f03+f04 2021, f05 2023, f06 2024   annual turnover (f04 cn_statistics, rest az_customs)
#   f07 2024 Jan–Jul turnover (az_customs)   f08/f09/f10 2025 Jan–Jul turnover/exports/imports (press_article)
#   f11 2025 Jan–Mar turnover (az_customs)   f12 no period   f13 2024 annual trading_partner_rank


@pytest.fixture(scope="module")
def trade(fixture_dataset):
    return fixture_dataset["trade"]


def ids(frame):
    return frame["record_id"].tolist()


def test_attach_sources_adds_provenance_columns():
    rows = pd.DataFrame({"record_id": ["r1", "r2", "r3"], "source_id": ["s2", "s1", "gone"]}, index=[7, 3, 5])
    sources = pd.DataFrame({
        "source_id": ["s1", "s2"], "kind": ["article", "statistics_release"], "title": ["Article", "Release"],
        "publisher": [None, "Customs"], "author": ["A. Writer", None], "published_label": ["2013", "2025-01-20"],
        "url": [None, "https://customs.example"], "reliability": ["normal", "mirror"],
    })
    out = filters.attach_sources(rows, sources)
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
    out = filters.attach_sources(trade, sources).set_index("record_id")
    assert out.loc["f04", "source_title"] == "China-side mirror table"
    assert out.loc["f04", "source_published_label"] == "undated"
    assert out.loc["f02", "source_publisher"] == "Azərbaycan Gömrük Komitəsi"
    empty = filters.attach_sources(trade.iloc[:0], sources.iloc[:0])
    assert empty.empty and "source_title" in empty.columns


def test_overlaps_years_needs_the_whole_period_inside():
    start = pd.Series(pd.to_datetime(["2025-01-01", "2024-01-01", "2024-12-01", None]))
    end = pd.Series(pd.to_datetime(["2025-07-31", "2025-12-31", "2024-12-31", None]))
    assert filters.overlaps_years(start, end, (2025, 2025)).tolist() == [True, False, False, False]
    assert filters.overlaps_years(start, end, (2024, 2025)).tolist() == [True, True, True, False]
    assert filters.overlaps_years(start, end, (2024, 2024)).tolist() == [False, False, True, False]


def test_filter_trade_by_years_and_flow(trade):
    assert ids(filters.filter_trade(trade, (2021, 2024), ["turnover"], ALL_REPORTERS, "all")) == [
        "f03", "f04", "f05", "f06", "f07"]
    assert ids(filters.filter_trade(trade, (2021, 2024), ["turnover"], ALL_REPORTERS, "annual")) == [
        "f03", "f04", "f05", "f06"]
    assert ids(filters.filter_trade(trade, (2021, 2024), ["turnover"], ALL_REPORTERS, "partial")) == ["f07"]


def test_filter_trade_by_reporter_and_period_kind(trade):
    assert ids(filters.filter_trade(trade, (2019, 2025), ["turnover"], ["az_customs"], "partial")) == ["f07", "f11"]
    assert ids(filters.filter_trade(trade, (2025, 2025), ["exports", "imports"], ["press_article"], "all")) == [
        "f09", "f10"]
    assert ids(filters.filter_trade(trade, (2019, 2025), ["turnover"], ["cn_statistics"], "all")) == ["f04"]


def test_filter_trade_never_keeps_rows_without_a_period(trade):
    everything = filters.filter_trade(trade, (1900, 2100), ALL_FLOWS, ALL_REPORTERS, "all")
    # 13 rows, minus f12 which has no period.
    assert len(everything) == 12 and "f12" not in ids(everything)
    assert filters.filter_trade(trade, (2019, 2025), [], ALL_REPORTERS, "all").empty


@pytest.mark.parametrize(
    ("years", "flows", "reporters", "periods", "expected"),
    [
        ((2019, 2025), ["turnover", "exports"], ALL_REPORTERS, "annual",
         "turnover and exports to China, 2019–2025, full years"),
        ((2025, 2025), ["turnover", "exports", "imports"], ALL_REPORTERS, "all",
         "turnover, exports to China and imports from China, 2025"),
        ((2024, 2025), ["trading_partner_rank"], ["az_customs", "press_article"], "partial",
         "partner rank, 2024–2025, part-year periods, 2 of 8 reporters"),
        ((2019, 2025), [], ALL_REPORTERS, "all", "no flow, 2019–2025"),
        # Order of reporters does not matter, only the set.
        ((2020, 2021), ["imports"], list(reversed(ALL_REPORTERS)), "all", "imports from China, 2020–2021"),
    ],
)
def test_describe_trade(years, flows, reporters, periods, expected):
    assert filters.describe_trade(years, flows, reporters, periods, ALL_REPORTERS) == expected


@pytest.mark.parametrize(
    ("years", "flows", "reporters", "periods", "expected"),
    [
        ((2019, 2025), [], ALL_REPORTERS, "all",
         "No flow is selected: choose at least one of turnover, exports or imports."),
        ((2019, 2025), ["turnover"], [], "all", "No reporter is selected: choose at least one."),
        ((2010, 2015), ["turnover"], ALL_REPORTERS, "all",
         "No figure covers a period inside 2010–2015; widen the years."),
        # 2025 holds money flows only; the rank (f13) is for 2024.
        ((2025, 2025), ["trading_partner_rank"], ALL_REPORTERS, "all",
         "No figure of the chosen flows falls in these years."),
        # 2025 exports come from the press article only.
        ((2025, 2025), ["exports"], ["az_customs"], "all",
         "None of the chosen reporters gives a figure for these flows and years."),
        # ... and they are for Jan–Jul, not a full year.
        ((2025, 2025), ["exports"], ALL_REPORTERS, "annual", "None of the figures left is for full years."),
        # 2021 has only full-year figures.
        ((2021, 2021), ["turnover"], ALL_REPORTERS, "partial", "None of the figures left is for part-year periods."),
    ],
)
def test_empty_trade_explanation_names_the_filter(trade, years, flows, reporters, periods, expected):
    assert filters.filter_trade(trade, years, flows, reporters, periods).empty  # the premise
    assert filters.empty_trade_explanation(trade, years, flows, reporters, periods) == expected


@pytest.fixture(scope="module")
def milestones():
    return pd.DataFrame({
        "milestone_id": ["new-year", "1994", "undated", "summit"],
        "date_start": pd.to_datetime(["2022-12-30", "1994-01-01", None, "2024-07-03"]),
        "date_end": pd.to_datetime(["2023-01-02", "1994-12-31", None, "2024-07-03"]),
        "kind": ["visit", "visit", "visit", "agreement"],
        "policy_areas": [["transport"], ["trade", "tourism_culture"], ["trade"], ["trade", "transport"]],
    })


@pytest.mark.parametrize(
    ("years", "kinds", "areas", "expected"),
    [
        # The New Year visit spans 2022–2023, so it overlaps either year alone.
        ((2023, 2024), ["visit", "agreement"], ["transport"], ["new-year", "summit"]),
        ((2022, 2022), ["visit"], ["transport"], ["new-year"]),
        ((2024, 2030), ["visit"], ["transport"], []),
        # An undated milestone has no place on a time axis, whatever the years.
        ((1900, 2100), ["visit"], ["trade"], ["1994"]),
        # Any one shared area is enough.
        ((1900, 2100), ["visit", "agreement"], ["tourism_culture", "transport"], ["new-year", "1994", "summit"]),
        ((1900, 2100), ["visit", "agreement"], [], []),
        ((1900, 2100), [], ["trade"], []),
    ],
)
def test_milestones_in_years(milestones, years, kinds, areas, expected):
    assert filters.milestones_in_years(milestones, years, kinds, areas)["milestone_id"].tolist() == expected


def test_milestones_in_years_on_fixture(fixture_dataset):
    found = filters.milestones_in_years(fixture_dataset["milestones"], (2024, 2024), schema.MILESTONE_KINDS, ["trade"])
    # m02 (July 2024) and m03 (3 July 2024) are the 2024 trade milestones; m04 is 2025 and tourism.
    assert found["milestone_id"].tolist() == ["m02", "m03"]
