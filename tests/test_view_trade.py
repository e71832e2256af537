"""The Trade view on the fixture, with hand-computed expectations."""

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from tradeviz import metrics, provenance, schema
from tradeviz.views import defaults as defaults_of
from tradeviz.views import Selection, preferred_rows, reader_link, sourced
from tradeviz.views import trade as trade_view

ALL_REPORTERS = list(schema.REPORTERS)


@pytest.fixture(scope="module")
def rows(fixture_dataset):
    """Every trade row of the fixture with its sources, as a page's tables receive them."""
    return sourced(trade_view.prepared(fixture_dataset).rows, fixture_dataset)


@pytest.fixture(scope="module")
def preferred(fixture_dataset):
    """The preferred rows, with their period keys: what period pickers and comparisons use."""
    return preferred_rows(fixture_dataset)


@pytest.fixture(scope="module")
def defaults(fixture_dataset):
    return defaults_of(trade_view.params(fixture_dataset))


def test_params_defaults_come_from_the_data(defaults):
    # Fixture years run 2019..2025; the two latest annual turnover periods are 2023 and 2024.
    # The default is the last ten years, or all of them when the data spans fewer.
    assert defaults["years"] == (2019, 2025)
    assert (defaults["a"], defaults["b"]) == ("2023", "2024")
    # No flow chosen means every flow; the same for reporters.
    assert defaults["flow"] == () and defaults["reporter"] == ()


def test_period_options(preferred):
    # Ordered by period end: 2024 Jan–Jul ends before 2024, 2025 Jan–Mar before Jan–Jul.
    # 2019 (f01) is only an inconsistent claim, so it is not a preferred period.
    assert trade_view.period_options(preferred, ["turnover"]) == [
        "2020", "2021", "2023", "2024-01..2024-07", "2024", "2025-01..2025-03", "2025-01..2025-07"]


def view_values(defaults, **changes):
    return {**defaults, "years": (2019, 2025), **changes}


def test_select_filters_and_describes(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, flow=("exports", "imports")))
    assert view.rows["record_id"].tolist() == ["f09", "f10"]
    assert view.description == "exports to China and imports from China, 2019–2025"
    assert view.milestones is None
    assert view.download.rows["record_id"].tolist() == ["f09", "f10"]
    assert view.download.file_name == "tradeviz-trade-exports-to-china-and-imports-from-china-2019-2025.csv"


def test_select_default_is_every_money_figure_in_the_years(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults))
    # 12 money-flow rows have a period (f12 has none, f13 is a rank); in period-end order.
    # 2025 Jan–Jul: exports, imports, turnover by flow name.
    assert view.rows["record_id"].tolist() == ["f01", "f02", "f03", "f04", "f05", "f07", "f06", "f11", "f09",
                                               "f10", "f08"]
    assert view.heading == "Turnover, exports to China and imports from China, 2019–2025"


def test_select_annual_only_and_reporter(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, periods="annual", reporter=("cn_statistics",)))
    assert view.rows["record_id"].tolist() == ["f04"]
    assert view.description.endswith("full years, 1 of 8 reporters")


def test_select_empty_explains(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, years=(2022, 2022)))
    assert view.rows.empty and view.chart is None and view.download is None
    assert view.empty_reason == "No figure covers a period inside 2022–2022; widen the years."


def test_select_with_milestones(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, milestones=True, mkind=("summit", "agreement")))
    # m02 (July 2024 summit) and m03 (3 July 2024 agreement); m01 is 1994, outside 2019–2025.
    assert view.milestones["milestone_id"].tolist() == ["m02", "m03"]
    # No kind or area chosen means every one of them (one rule on every page).
    every = trade_view.select(fixture_dataset, view_values(defaults, milestones=True))
    # December 2018 (m07) and 1994 (m01) fall outside 2019–2025; m06 spans New Year 2022–2023.
    assert sorted(every.milestones["milestone_id"]) == ["m02", "m03", "m04", "m06"]


def test_select_is_memoised_per_data_version_and_values(fixture_dataset, defaults):
    values = view_values(defaults, flow=("turnover",))
    assert trade_view.select(fixture_dataset, values) is trade_view.select(fixture_dataset, dict(values))
    assert trade_view.select(fixture_dataset, values) is not trade_view.select(
        fixture_dataset, view_values(defaults, flow=("exports",)))


def test_record_card(rows):
    card = trade_view.record_card(rows, "f08")
    assert card.title == ("Trade turnover, 2025 Jan–Jul: $84.0 m, +20% (vs same period of 2024); "
                          "reported by Fixture article")
    assert card.sentence == "Between January and July, trade reached $84 million, 20% more than a year earlier."
    assert card.article_link == reader_link("fx-article", "f08")
    assert trade_view.record_card(rows, "nope") is None
    assert trade_view.record_card(rows, "") is None
    assert trade_view.record_card(rows, "f04").article_link is None
    assert trade_view.record_card(rows, "f04").notes == ("Note: mirror of f03",)


def test_picker_lists_the_figures_in_view_and_the_chosen_one(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, flow=("exports",), record="f13"))
    # f09 is the one export in view; f13 (a rank, not in view) is listed because it is chosen.
    assert view.picker == ("", "f13", "f09")
    assert view.picker_labels["f09"] == "2025 Jan–Jul · Azerbaijan's exports to China · $4.0 m · Seed news article"
    assert view.card.record_id == "f13"


@pytest.mark.parametrize(
    ("years", "flows", "reporters", "periods", "expected"),
    [
        ((2019, 2025), ["turnover", "exports"], ALL_REPORTERS, "annual",
         "turnover and exports to China, 2019–2025, full years"),
        ((2025, 2025), ["turnover", "exports", "imports"], ALL_REPORTERS, "all",
         "turnover, exports to China and imports from China, 2025"),
        ((2024, 2025), ["trading_partner_rank"], ["az_customs", "press_article"], "partial",
         "partner rank, 2024–2025, part-year periods, 2 of 8 reporters"),
        # Nothing chosen means everything.
        ((2019, 2025), [], [], "all", "turnover, exports to China and imports from China, 2019–2025"),
        # Order of reporters does not matter, only the set.
        ((2020, 2021), ["imports"], list(reversed(ALL_REPORTERS)), "all", "imports from China, 2020–2021"),
    ],
)
def test_describe(years, flows, reporters, periods, expected):
    assert trade_view.describe(years, flows, reporters, periods) == expected


@pytest.mark.parametrize(
    ("years", "flows", "reporters", "periods", "expected"),
    [
        ((2010, 2015), ["turnover"], [], "all",
         "No figure covers a period inside 2010–2015; widen the years."),
        # 2025 exports come from the press article only.
        ((2025, 2025), ["exports"], ["az_customs"], "all",
         "None of the chosen reporters gives a figure for these flows and years."),
        # ... and they are for Jan–Jul, not a full year.
        ((2025, 2025), ["exports"], [], "annual", "None of the figures left is for full years."),
        # 2021 has only full-year figures.
        ((2021, 2021), ["turnover"], [], "partial", "None of the figures left is for part-year periods."),
    ],
)
def test_empty_explanation_names_the_filter(fixture_dataset, defaults, years, flows, reporters, periods, expected):
    view = trade_view.select(fixture_dataset, view_values(defaults, years=years, flow=tuple(flows),
                                                          reporter=tuple(reporters), periods=periods))
    assert view.rows.empty  # the premise
    assert view.empty_reason == expected


def test_empty_explanation_of_flows_outside_the_years(rows):
    money = rows[rows["flow"].isin(schema.MONEY_FLOWS)]
    assert trade_view.empty_explanation(money.iloc[8:], (2020, 2021), ["imports"], [], "all") == (
        "No figure covers a period inside 2020–2021; widen the years.")
    assert trade_view.empty_explanation(money, (2021, 2021), ["imports"], [], "all") == (
        "No figure of the chosen flows falls in these years.")


def test_comparison_of_two_years(preferred):
    result = trade_view.comparison(preferred, "turnover", "2021", "2024")
    # 120 -> 180: +60, +50%, (1.5)^(1/3)-1 = 14.47%/yr, 1.50x
    assert result.message == ""
    assert result.figures == (("Change", "$60.0 m"), ("Change in percent", "+50.0%"),
                              ("CAGR over 3 years", "+14.5% a year"), ("Multiple", "1.50×"))


def test_comparison_refuses_partial_vs_full_year(preferred):
    result = trade_view.comparison(preferred, "turnover", "2024", "2025-01..2025-07")
    assert result.message.startswith("2024 and 2025 Jan–Jul cover different parts of the year")


def test_comparison_messages(preferred):
    assert trade_view.comparison(preferred, "turnover", "", "2024").message == "Choose two periods to compare."
    assert trade_view.comparison(preferred, "exports", "2021", "2024").message == (
        "No azerbaijan's exports to china figure is stored for 2021, 2024.")
    assert trade_view.comparison(preferred, "turnover", "2024", "2021").message == (
        "The “To” period must come after the “From” period.")


def test_same_period_comparison_keeps_bound(preferred):
    result = trade_view.comparison(preferred, "turnover", "2024-01..2024-07", "2025-01..2025-07")
    # 70 -> 84: +14, +20%
    assert result.figures[0] == ("Change", "$14.0 m")
    assert result.figures[1] == ("Change in percent", "+20.0%")


def test_growth_table_uses_prior_rows_outside_view(fixture_dataset):
    ready = trade_view.prepared(fixture_dataset)
    shown = Selection(ready.rows, np.array([ready.ids.position("f06")]))
    table = trade_view.growth_table(trade_view.growth_rows(ready, shown))
    expected = pd.DataFrame({
        "record": ["f06"], "flow": ["Trade turnover"], "period": ["2024"], "value": ["$180.0 m"],
        "compared with": ["2023"], "comparison": ["year on year"],
        "computed change %": [20.0],  # (180-150)/150
        "reported growth": ["+20%"], "difference (points)": [0.0], "disagree": [False],
    })
    assert_frame_equal(table, expected, check_dtype=False)


def test_conflict_and_rank_tables(fixture_dataset, rows):
    conflicts = trade_view.conflict_table(metrics.conflicts(rows))
    assert conflicts["record"].tolist() == ["f03", "f04"]
    assert conflicts["used in charts"].tolist() == [True, False]
    ranks = trade_view.rank_table(sourced(trade_view.rank_rows(trade_view.prepared(fixture_dataset), (2024, 2024)).take(),
                                          fixture_dataset))
    assert ranks[["period", "value", "record"]].values.tolist() == [["2024", "4th", "f13"]]


def test_mirror_table(rows):
    table = trade_view.mirror_table(metrics.mirror_gaps(metrics.mirror_claims(rows)))
    assert table.iloc[0].tolist() == ["Trade turnover", "2021", "$120.0 m", "f03", 1, "$90.0 m", "f04", 1, 30.0, 33.3]


def test_export_rows_have_provenance(rows):
    table = trade_view.export_rows(rows[rows["record_id"].isin(["f03", "f08"])])
    assert table["source_url"].fillna("").tolist() == ["https://customs.example/release", ""]
    assert table["source_title"].tolist() == ['=HYPERLINK("http://evil.example")', "Fixture article on Baku and Beijing"]


def test_record_labels_and_source_note(rows):
    labels = trade_view.record_labels(rows)
    assert labels["f10"] == "2025 Jan–Jul · Azerbaijan's imports from China · >$80.0 m · Seed news article"
    assert labels["f12"].startswith("one year (not stated) · Trade turnover · growth only")
    assert provenance.chart_source_note(rows) == (
        "Sources: Azərbaycan Gömrük Komitəsi, Mirror site, seed articles. Compiled by tradeviz.")


def test_area_names(fixture_dataset):
    assert trade_view.prepared(fixture_dataset).areas["transport"] == "Transport & Middle Corridor"


def test_period_labels(preferred):
    assert trade_view.period_labels(preferred, "imports") == {"2025-01..2025-07": "2025 Jan–Jul"}


def test_default_years_are_the_last_ten_of_a_longer_span():
    assert trade_view.default_years((1992, 2025)) == (2016, 2025)
    assert trade_view.default_years((2019, 2025)) == (2019, 2025)


def test_sections_of_the_default_view(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults))
    assert [s.key for s in view.sections] == ["growth", "mirror", "conflicts"]
    mirror = view.section("mirror")
    assert mirror.chart is not None and mirror.table.frame["record (AZ)"].tolist() == ["f03"]
    assert view.section("conflicts").table.frame["record"].tolist() == ["f03", "f04"]
    # f13 is the one rank; it is for 2024, inside the default years.
    assert view.section("ranks").table.frame["record"].tolist() == ["f13"]


def test_prepared_frames_are_sorted_once_for_every_view(fixture_dataset):
    ready = trade_view.prepared(fixture_dataset)
    ids = ready.rows["record_id"].to_numpy()
    # Money rows in period order; claims in conflict order; ranks by period end, undated last.
    assert ids[ready.money_order].tolist() == ["f01", "f02", "f03", "f04", "f05", "f07", "f06", "f11", "f09",
                                               "f10", "f08", "f12"]
    assert ids[ready.claimed_order].tolist() == ["f03", "f04"]
    assert ids[ready.rank_order].tolist() == ["f13"]
    # Money rows with a value and a period can be compared with a prior period: all but f12.
    assert sorted(ids[ready.comparable]) == ["f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08", "f09", "f10",
                                           "f11"]
    assert ready.row("f08")["record_id"].tolist() == ["f08"] and ready.row("nope").empty
    assert "f08" in ready.ids and "nope" not in ready.ids
