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
    # No flow chosen means every flow; the same for reporters. Full years, in dollars, first.
    assert defaults["flow"] == () and defaults["reporter"] == ()
    assert (defaults["periods"], defaults["measure"]) == ("annual", "usd")


def test_default_view_is_one_value_a_year(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults))
    # Full-year money figures in view: every claim is listed, flagged ones included ...
    assert view.rows.take()["record_id"].tolist() == ["f01", "f02", "f03", "f04", "f05", "f06"]
    # ... but the chart draws one value a year, never a flagged one: 2019's only claim (f01) is
    # flagged, 2021 has two claims and f03 is drawn (f04 is a hollow "other claim").
    assert view.series[["year", "record_id", "claims"]].values.tolist() == [
        [2020, "f02", 0], [2021, "f03", 1], [2023, "f05", 0], [2024, "f06", 0]]
    assert view.chart.name == "annual-series"
    assert view.description == "turnover, exports to China, imports from China and the balance, 2019–2025, full years"
    table = view.section("series").table
    assert table.frame["year"].tolist() == [2020, 2021, 2023, 2024]
    assert table.labels["could_be"] == "Could be"


def test_index_measure_divides_by_the_first_year(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, measure="index"))
    # 2020 = 100; 2024: 180 / 100 · 100 = 180.
    assert view.series["value"].tolist() == [100.0, 120.0, 150.0, 180.0]
    assert view.description.endswith("full years, as an index")


def test_part_year_view_puts_the_same_months_side_by_side(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, periods="partial"))
    assert view.rows.take()["record_id"].tolist() == ["f07", "f11", "f09", "f10", "f08"]
    assert view.chart.name == "part-year"
    figures = view.chart.data("figures")
    # Jan–Mar before Jan–Jul; within Jan–Jul, 2024 before 2025.
    assert list(zip(figures["group"], figures["year"], figures["record_id"], figures["derived"])) == [
        ("Jan–Mar", 2025, "f11", False),
        ("Jan–Jul", 2024, "f07", False),
        # f09 reports exports grew 4.5 times and no Jan–Jul 2024 export figure is stored: the
        # value it implies, $4 m [3.5, 4.5] ÷ [4.45, 4.55], is drawn as derived in 2024's place.
        ("Jan–Jul", 2024, "f09", True),
        ("Jan–Jul", 2025, "f08", False), ("Jan–Jul", 2025, "f09", False), ("Jan–Jul", 2025, "f10", False)]
    implied = figures[figures["derived"]].iloc[0]
    assert (implied["low_drawn"], implied["high_drawn"]) == pytest.approx((3.5 / 4.55, 4.5 / 4.45))
    assert np.isnan(implied["value"]) and implied["note"].startswith("implied by the growth f09 reports")


def test_period_options(preferred):
    # Ordered by period end: 2024 Jan–Jul ends before 2024, 2025 Jan–Mar before Jan–Jul.
    # 2019 (f01) is only an inconsistent claim, so it is not a preferred period.
    assert trade_view.period_options(preferred, ["turnover"]) == [
        "2020", "2021", "2023", "2024-01..2024-07", "2024", "2025-01..2025-03", "2025-01..2025-07"]


def view_values(defaults, **changes):
    return {**defaults, "years": (2019, 2025), **changes}


def test_select_filters_and_describes(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, flow=("exports", "imports"), periods="all"))
    assert view.rows["record_id"].tolist() == ["f09", "f10"]
    assert view.description == "exports to China and imports from China, 2019–2025, every figure on its period"
    assert view.milestones is None
    assert view.download.rows["record_id"].tolist() == ["f09", "f10"]
    assert view.download.file_name == (
        "tradeviz-trade-exports-to-china-and-imports-from-china-2019-2025-every-figure-on-its-period-v"
        f"{fixture_dataset.version}.csv")


def test_select_default_is_every_money_figure_in_the_years(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, periods="all"))
    # 12 money-flow rows have a period (f12 has none, f13 is a rank); in period-end order.
    # 2025 Jan–Jul: exports, imports, turnover by flow name.
    assert view.rows["record_id"].tolist() == ["f01", "f02", "f03", "f04", "f05", "f07", "f06", "f11", "f09",
                                               "f10", "f08"]
    assert view.heading == ("Turnover, exports to China and imports from China, 2019–2025, every figure on its "
                            "period")
    assert view.chart.name == "trade-periods"


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
    assert trade_view.record_card(rows, "f04").notes == (
        "Flagged low-confidence by the research: never used by charts", "Note: mirror of f03")
    # The figure and its reported growth as the intervals every comparison uses.
    assert trade_view.record_card(rows, "f08").lines == (
        "As an interval (its qualifier and rounding): $83.5–84.5 m",
        "Reported growth as an interval: +19.50% to +20.50%")


def test_picker_lists_the_figures_in_view_and_the_chosen_one(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, flow=("exports",), record="f13", periods="all"))
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
         "turnover, exports to China and imports from China, 2025, every figure on its period"),
        ((2024, 2025), ["trading_partner_rank"], ["az_customs", "press_article"], "partial",
         "partner rank, 2024–2025, the same months of each year, 2 of 8 reporters"),
        # Nothing chosen means everything.
        ((2019, 2025), [], [], "annual", "turnover, exports to China, imports from China and the balance, 2019–2025, full years"),
        # Order of reporters does not matter, only the set.
        ((2020, 2021), ["imports"], list(reversed(ALL_REPORTERS)), "annual", "imports from China, 2020–2021, full years"),
        ((2020, 2021), ["balance"], [], "annual", "the balance, 2020–2021, full years"),
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
        ((2025, 2025), ["exports"], [], "annual",
         "None of the figures left is for full years: choose other figures above the flows."),
        # 2021 has only full-year figures.
        ((2021, 2021), ["turnover"], [], "partial",
         "None of the figures left is for part-year periods: choose other figures above the flows."),
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
    # 120 [115, 125] -> 180 [175, 185]: change [50, 70]; ratio [175/125, 185/115] = [1.40, 1.6087];
    # CAGR over 3 years [1.4^(1/3) - 1, 1.6087^(1/3) - 1] = [11.87%, 17.17%]; ranges rounded outward.
    assert result.message == ""
    assert result.figures == (("Change", "$50.0–70.0 m"), ("Change in percent", "+40.0% to +60.9%"),
                              ("CAGR over 3 years", "+11.8% to +17.2% a year"), ("Multiple", "1.40×–1.61×"))


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
    # 70 [65, 75] -> 84 [83.5, 84.5]: change [8.5, 19.5], percent [83.5/75 - 1, 84.5/65 - 1] = [11.33%, 30%]
    assert result.figures[0] == ("Change", "$8.5–19.5 m")
    assert result.figures[1] == ("Change in percent", "+11.3% to +30.0%")


def test_growth_table_uses_prior_rows_outside_view(fixture_dataset):
    ready = trade_view.prepared(fixture_dataset)
    shown = Selection(ready.rows, np.array([ready.ids.position("f06")]))
    table = trade_view.growth_table(trade_view.growth_rows(ready, shown))
    expected = pd.DataFrame({
        "flow": ["Turnover"], "period": ["2024"], "figure": ["$180.0 m"], "compared_with": ["2023 (~$150.0 m)"],
        # 180 [175, 185] against about 150 [145, 155]: [175/155 - 1, 185/145 - 1] = [12.90%, 27.59%]
        "computed": ["+12.9% to +27.6%"], "reported": ["+20%"], "verdict": ["consistent"], "record": ["f06"],
    })
    assert_frame_equal(table, expected, check_dtype=False)


def test_growth_table_shows_flags_and_never_compares_them(fixture_dataset):
    ready = trade_view.prepared(fixture_dataset)
    shown = Selection(ready.rows, np.array([ready.ids.position(r) for r in ("f04", "f03", "f02")]))
    table = trade_view.growth_table(trade_view.growth_rows(ready, shown)).set_index("record")
    assert table.loc["f04", ["compared_with", "computed", "verdict"]].tolist() == [
        "", "", "not compared: the research flags it low-confidence"]
    # 120 [115, 125] against 100 [50, 150]: -23.3% to +150%, too wide to check +25% against.
    assert table.loc["f03", ["computed", "verdict"]].tolist() == ["-23.4% to +150.0%", "cannot tell"]
    assert table.loc["f02", "verdict"] == "no comparable prior period stored"


def test_implied_table(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults, periods="all"))
    frame = view.implied.table.frame
    # f09: $4 m [3.5, 4.5] after growing 4.5 times [4.45, 4.55]: 3.5/4.55 = 0.77 to 4.5/4.45 = 1.01.
    assert frame.to_dict("records") == [{
        "flow": "Exports to China", "period": "2025 Jan–Jul", "implies": "2024 Jan–Jul", "implied": "$0.7–1.1 m",
        "stored": "none", "verdict": "no figure stored for that period", "record": "f09"}]
    assert view.implied.table.labels["implied"] == "Implied value (derived)"


def test_conflict_and_rank_tables(fixture_dataset, rows):
    claims = metrics.conflicts(rows)
    conflicts = trade_view.conflict_table(claims, metrics.agreement(claims, metrics.chosen(rows[rows["preferred"]])))
    assert conflicts["record"].tolist() == ["f03", "f04"]
    # 90 [85, 95] shares no value with 120 [115, 125]: it differs; the flag is shown beside it.
    assert conflicts["against"].tolist() == ["the figure charts use", "differs"]
    assert conflicts["confidence"].tolist() == ["", "low-confidence"]
    assert conflicts["could_be"].tolist() == ["$115.0–125.0 m", "$85.0–95.0 m"]
    ranks = trade_view.rank_table(sourced(trade_view.rank_rows(trade_view.prepared(fixture_dataset), (2024, 2024)).take(),
                                          fixture_dataset))
    assert ranks[["period", "value", "record"]].values.tolist() == [["2024", "4th", "f13"]]


def test_mirror_table(rows):
    table = trade_view.mirror_table(metrics.mirror_gaps(metrics.mirror_claims(rows)))
    assert table.iloc[0].tolist() == ["Turnover", "2021", "$120.0 m", "f03", 1, "$90.0 m (flagged low-confidence)",
                                      "f04", 1, "not computed: the research flags a figure of this pair", ""]
    trusted = rows.assign(confidence="normal")
    table = trade_view.mirror_table(metrics.mirror_gaps(metrics.mirror_claims(trusted)))
    # [115, 125] - [85, 95] = [20, 40]; in percent of [85, 95]: [115/95 - 1, 125/85 - 1] = [21.05%, 47.06%]
    assert table.iloc[0][["gap", "gap_pct"]].tolist() == ["$20.0–40.0 m", "+21.0% to +47.1%"]


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


def test_a_chart_spans_only_the_years_with_figures():
    series = pd.DataFrame({"year": [2017, 2020]})
    claims = pd.DataFrame({"year": [2024]})
    # Chosen 2016–2026; figures from 2017 to 2024 (a claim): the chart spans 2017–2024.
    assert trade_view.chart_years((2016, 2026), series, claims) == (2017, 2024)
    # Never wider than the years chosen, and the years chosen when there is nothing to draw.
    assert trade_view.chart_years((2018, 2019), series, claims) == (2018, 2019)
    assert trade_view.chart_years((2016, 2026), series.iloc[:0]) == (2016, 2026)


def test_default_years_are_the_last_ten_of_a_longer_span():
    assert trade_view.default_years((1992, 2025)) == (2016, 2025)
    assert trade_view.default_years((2019, 2025)) == (2019, 2025)


def test_sections_of_the_default_view(fixture_dataset, defaults):
    view = trade_view.select(fixture_dataset, view_values(defaults))
    assert [s.key for s in view.sections] == ["growth", "mirror", "conflicts"]
    mirror = view.section("mirror")
    assert mirror.chart is not None and mirror.table.frame["record_az"].tolist() == ["f03"]
    assert mirror.table.labels["record_az"] == "Record (AZ)"
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


def test_an_empty_mirror_tab_names_what_hides_the_pairs():
    ts = pd.Timestamp
    gaps_2017 = pd.DataFrame({"period_label": ["2017"], "period_start": [ts("2017-01-01")],
                              "period_end": [ts("2017-12-31")]})
    none = gaps_2017.iloc[:0]
    said = "No period in view has figures from both the Azerbaijani and the Chinese side"
    # Same months of each year, 2017–2026: the 2017 pair is a full year, hidden by the kind of period.
    assert trade_view.mirror_empty_reason((2017, 2026), gaps_2017, gaps_2017) == (
        f"{said} among these figures; 2017 has some: choose “Full years” or “Every figure”.")
    # Exports only: no pair whatever the period; there is one for other flows in these years.
    assert trade_view.mirror_empty_reason((2017, 2026), none, gaps_2017) == (
        f"{said} for these flows and reporters; 2017 has some for others.")
    # From 2019: the years leave 2017 out (this used to be said even when they did not).
    assert trade_view.mirror_empty_reason((2019, 2026), none, gaps_2017) == (
        f"{said}: 2017 has some: widen the years to include it.")
    assert trade_view.mirror_empty_reason((2019, 2026), none, none) == f"{said}."


def test_series_parts_words_come_from_the_drawn_figure(fixture_dataset, defaults):
    from tradeviz.views.series import series_parts

    view = trade_view.select(fixture_dataset, view_values(defaults))
    figures = view.rows.take(trade_view.CHART_COLUMNS)
    series, claims, note = series_parts(figures, (), "usd", fixture_dataset)
    # One drawn figure a year (f02, f03, f05, f06), each worded from its own row: f05 is "about" (~).
    assert series["record_id"].tolist() == ["f02", "f03", "f05", "f06"]
    assert series["value_label"].tolist() == ["$100.0 m", "$120.0 m", "~$150.0 m", "$180.0 m"]
    assert set(series["reporter_label"]) == {"Azerbaijan State Customs Committee"}
    assert set(series["source_title"]) == {'=HYPERLINK("http://evil.example")'}
    # The other claims: f01 (flagged inconsistent) and f04 (flagged low), worded by their flags.
    assert claims["record_id"].tolist() == ["f01", "f04"]
    assert claims["note"].tolist() == [
        "flagged inconsistent by the research: never used by charts",
        "flagged low-confidence by the research: never used by charts"]
    assert claims["source_title"].tolist() == ['=HYPERLINK("http://evil.example")', "China-side mirror table"]
    assert note == ""
    # Exports alone: no figure drawn, none of the turnover claims shown.
    series, claims, _ = series_parts(figures, ("exports",), "usd", fixture_dataset)
    assert series.empty and claims.empty
