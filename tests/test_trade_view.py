import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from tradeviz import filters, provenance, schema, trade_view


@pytest.fixture(scope="module")
def rows(fixture_dataset):
    return trade_view.prepare(fixture_dataset)


@pytest.fixture(scope="module")
def defaults(rows, fixture_dataset):
    return {p.key: p.default for p in trade_view.params(rows, fixture_dataset)}


def test_params_defaults_come_from_the_data(defaults):
    # Fixture years run 2019..2025; the two latest annual turnover periods are 2023 and 2024.
    # The default is the last ten years, or all of them when the data spans fewer.
    assert defaults["years"] == (2019, 2025)
    assert (defaults["a"], defaults["b"]) == ("2023", "2024")
    assert defaults["flow"] == schema.MONEY_FLOWS


def test_period_options(rows):
    # Ordered by period end: 2024 Jan–Jul ends before 2024, 2025 Jan–Mar before Jan–Jul.
    # 2019 (f01) is only an inconsistent claim, so it is not a preferred period.
    assert trade_view.period_options(rows, ["turnover"]) == [
        "2020", "2021", "2023", "2024-01..2024-07", "2024", "2025-01..2025-03", "2025-01..2025-07"]


def view_values(defaults, **changes):
    return {**defaults, "years": (2019, 2025), **changes}


def test_select_filters_and_describes(rows, fixture_dataset, defaults):
    view = trade_view.select(rows, fixture_dataset, view_values(defaults, flow=("exports", "imports")))
    assert view.rows["record_id"].tolist() == ["f09", "f10"]
    assert view.description == "exports to China and imports from China, 2019–2025"
    assert view.milestones is None


def test_select_annual_only_and_reporter(rows, fixture_dataset, defaults):
    view = trade_view.select(rows, fixture_dataset, view_values(defaults, periods="annual", reporter=("cn_statistics",)))
    assert view.rows["record_id"].tolist() == ["f04"]
    assert view.description.endswith("full years, 1 of 8 reporters")


def test_select_empty_explains(rows, fixture_dataset, defaults):
    view = trade_view.select(rows, fixture_dataset, view_values(defaults, years=(2022, 2022)))
    assert view.rows.empty
    assert view.empty_reason == "No figure covers a period inside 2022–2022; widen the years."


def test_select_with_milestones(rows, fixture_dataset, defaults):
    view = trade_view.select(rows, fixture_dataset, view_values(defaults, milestones=True, mkind=("summit", "agreement")))
    # m02 (July 2024 summit) and m03 (3 July 2024 agreement); m01 is 1994, outside 2019–2025.
    assert view.milestones["milestone_id"].tolist() == ["m02", "m03"]


def test_headline_and_detail(rows):
    detail = trade_view.record_detail(rows, "f08")
    assert detail.headline == ("Trade turnover, 2025 Jan–Jul: $84.0 m, +20% (vs same period of 2024); "
                               "reported by Fixture article")
    assert detail.sentence == "Between January and July, trade reached $84 million, 20% more than a year earlier."
    assert detail.article_link == {"article": "fx-article", "record": "f08"}
    assert trade_view.record_detail(rows, "nope") is None
    assert trade_view.record_detail(rows, "f04").article_link is None


def test_comparison_of_two_years(rows):
    result = trade_view.comparison(rows, "turnover", "2021", "2024")
    # 120 -> 180: +60, +50%, (1.5)^(1/3)-1 = 14.47%/yr, 1.50x
    assert result.message == ""
    assert result.figures == [("Change", "$60.0 m"), ("Change in percent", "+50.0%"),
                              ("CAGR over 3 years", "+14.5% a year"), ("Multiple", "1.50×")]


def test_comparison_refuses_partial_vs_full_year(rows):
    result = trade_view.comparison(rows, "turnover", "2024", "2025-01..2025-07")
    assert result.message.startswith("2024 and 2025 Jan–Jul cover different parts of the year")


def test_comparison_messages(rows):
    assert trade_view.comparison(rows, "turnover", "", "2024").message == "Choose two periods to compare."
    assert trade_view.comparison(rows, "exports", "2021", "2024").message == (
        "No azerbaijan's exports to china figure is stored for 2021, 2024.")
    assert trade_view.comparison(rows, "turnover", "2024", "2021").message == (
        "The “To” period must come after the “From” period.")


def test_same_period_comparison_keeps_bound(rows):
    result = trade_view.comparison(rows, "turnover", "2024-01..2024-07", "2025-01..2025-07")
    # 70 -> 84: +14, +20%
    assert result.figures[0] == ("Change", "$14.0 m")
    assert result.figures[1] == ("Change in percent", "+20.0%")


def test_growth_table_uses_prior_rows_outside_view(rows):
    shown = rows[rows["record_id"] == "f06"]
    table = trade_view.growth_table(rows, shown)
    expected = pd.DataFrame({
        "record": ["f06"], "flow": ["Trade turnover"], "period": ["2024"], "value": ["$180.0 m"],
        "compared with": ["2023"], "comparison": ["year on year"],
        "computed change %": [20.0],  # (180-150)/150
        "reported growth": ["+20%"], "difference (points)": [0.0], "disagree": [False],
    })
    assert_frame_equal(table, expected, check_dtype=False)


def test_conflict_and_rank_tables(rows):
    conflicts = trade_view.conflict_table(rows)
    assert conflicts["record"].tolist() == ["f03", "f04"]
    assert conflicts["used in charts"].tolist() == [True, False]
    ranks = trade_view.rank_table(rows, (2024, 2024))
    assert ranks[["period", "value", "record"]].values.tolist() == [["2024", "4th", "f13"]]


def test_mirror_table(rows):
    from tradeviz import metrics

    table = trade_view.mirror_table(metrics.mirror_gaps(rows))
    assert table.iloc[0].tolist() == ["Trade turnover", "2021", "$120.0 m", "f03", "$90.0 m", "f04", 30.0, 33.3]


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
    assert trade_view.area_names(fixture_dataset)["transport"] == "Transport & Middle Corridor"


def test_period_labels(rows):
    assert trade_view.period_labels(rows, "imports") == {"2025-01..2025-07": "2025 Jan–Jul"}


def test_default_years_are_the_last_ten_of_a_longer_span(fixture_dataset):
    rows = trade_view.prepare(fixture_dataset)
    # Stretch the fixture to 1992-2025 by moving one row back: the default then starts in 2016.
    early = rows.index[rows["record_id"] == "f02"][0]
    rows.loc[early, "period_start"] = pd.Timestamp("1992-01-01")
    years = next(p for p in trade_view.params(rows, fixture_dataset) if p.key == "years")
    assert years.bounds == (1992, 2025)
    assert years.default == (2016, 2025)
