"""Coverage of the record: cells, grid, summary and the events count, on the fixture data, with
every expected value worked out by hand from tests/fixtures/data/sources."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from tradeviz import coverage, export, metrics


@pytest.fixture(scope="module")
def found(fixture_dataset):
    return coverage.cells(metrics.preferred(fixture_dataset["trade"], fixture_dataset["sources"]))


def cell(found, flow, span, side, year):
    hit = found[(found["flow"] == flow) & (found["span"] == span) & (found["side"] == side) & (found["year"] == year)]
    assert len(hit) <= 1
    return hit.iloc[0] if len(hit) else None


def test_span_labels():
    ts = pd.Timestamp
    assert coverage.span_label(ts("2024-01-01"), ts("2024-12-31")) == "annual"
    assert coverage.span_label(ts("2024-01-01"), ts("2024-03-31")) == "Jan–Mar"
    assert coverage.span_label(ts("2026-01-01"), ts("2026-01-31")) == "Jan"
    assert coverage.span_label(ts("2024-07-01"), ts("2025-06-30")) == "Jul 2024–Jun 2025"


def test_every_money_figure_with_a_period_is_one_claim_in_one_cell(found):
    # f01–f11 give a value and a period (f12 states growth only, f13 is a rank): 11 claims in
    # 11 cells, since no two of them share a flow, span, side and year.
    assert int(found["claims"].sum()) == 11 and len(found) == 11


def test_the_figure_charts_use_is_named_in_its_cell(found):
    # 2021: the customs figure f03 (120) is used; China's mirror f04 (low) is held but not used.
    used = cell(found, "turnover", "annual", "azerbaijan", 2021)
    assert (used["claims"], used["used_record_id"], used["used_value"]) == (1, "f03", 120.0)
    mirror = cell(found, "turnover", "annual", "china", 2021)
    assert (mirror["claims"], mirror["record_ids"], mirror["used_record_id"]) == (1, "f04", "")
    # 2019's only figure is flagged inconsistent: held, never used.
    assert cell(found, "turnover", "annual", "azerbaijan", 2019)["used_record_id"] == ""
    # A press article states no basis: its figures sit on no side.
    article = cell(found, "imports", "Jan–Jul", "unknown", 2025)
    assert (article["used_value"], article["used_qualifier"]) == (80.0, "more_than")
    assert cell(found, "turnover", "Jan–Mar", "azerbaijan", 2025)["months"] == 3


def test_cell_text():
    assert coverage.cell_text(0, float("nan"), "") == ""
    assert coverage.cell_text(1, float("nan"), "") == "1"
    assert coverage.cell_text(2, 3744.0, "exact") == "2: 3,744"
    assert coverage.cell_text(1, 3700.0, "about") == "1: ~3,700"
    assert coverage.cell_text(1, 80.0, "more_than") == "1: >80"


def test_grid_rows_keep_every_annual_side_and_only_the_spans_found(found):
    grid = coverage.grid(found)
    rows = list(grid[["flow", "span", "side"]].itertuples(index=False, name=None))
    az, cn, none = (coverage.SIDE_LABELS[s] for s in coverage.SIDES)
    assert rows == [
        ("turnover", "annual", az), ("turnover", "annual", cn), ("turnover", "annual", none),
        ("turnover", "Jan–Mar", az), ("turnover", "Jan–Jul", az), ("turnover", "Jan–Jul", none),
        ("exports", "annual", az), ("exports", "annual", cn), ("exports", "annual", none),
        ("exports", "Jan–Jul", none),
        ("imports", "annual", az), ("imports", "annual", cn), ("imports", "annual", none),
        ("imports", "Jan–Jul", none),
    ]
    years = [c for c in grid.columns if c.isdigit()]
    assert years[0] == "1992" and years[-1] == "2025" and len(years) == 34
    turnover_az = grid.iloc[0]
    assert [turnover_az[str(y)] for y in range(2019, 2026)] == [
        "1", "1: 100", "1: 120", "", "1: ~150", "1: 180", ""]
    assert grid.iloc[1]["2021"] == "1" and grid.iloc[1]["2020"] == ""
    assert grid.iloc[6].tolist()[3:] == [""] * 34  # no annual export figure at all: a row of gaps


def test_a_figure_outside_the_years_widens_the_grid():
    found = pd.DataFrame([{"flow": "turnover", "span": "Jan", "side": "unknown", "year": 2026, "months": 1,
                           "claims": 1, "record_ids": "x", "used_record_id": "x", "used_value": 420.0,
                           "used_qualifier": "exact"}])
    grid = coverage.grid(found)
    assert list(grid.columns[3:])[-1] == "2026"
    # The turnover rows come first: three annual sides, then the one span found.
    assert tuple(grid.iloc[3][["flow", "span"]]) == ("turnover", "Jan") and grid.iloc[3]["2026"] == "1: 420"
    assert coverage.summary(found).part_years == ()  # 2026 is after the years counted


def test_summary_counts_years_not_claims(found):
    result = coverage.summary(found)
    assert result.annual_years == {"turnover": (2019, 2020, 2021, 2023, 2024), "exports": (), "imports": ()}
    assert result.part_years == (2024, 2025)
    assert result.span_years == 34 and result.part_years_asked == tuple(range(2019, 2026))
    assert coverage.summary_lines(result) == [
        "| flow | years with an annual figure | which years |",
        "|---|---|---|",
        "| turnover | 5 of 34 (1992–2025) | 2019–2021, 2023–2024 |",
        "| exports | 0 of 34 (1992–2025) | none |",
        "| imports | 0 of 34 (1992–2025) | none |",
        "| part-year (any flow) | 2 of 7 (2019–2025) | 2024–2025 |",
    ]


def test_year_runs():
    assert coverage.year_runs((1992, 2003, 2011, 2016, 2017, 2018)) == "1992, 2003, 2011, 2016–2018"
    assert coverage.year_runs((2020,)) == "2020"
    assert coverage.year_runs(()) == "none"


def test_event_summary(fixture_dataset):
    # Dated events: 1994-visit (year), 2024-summit (day, m03), 2025-visa (day), 2022-visit (day),
    # 2018-train (month); 'office' is undated.
    events = coverage.event_summary(fixture_dataset["milestones"])
    assert (events.dated, events.to_the_day) == (5, 3)
    assert events.day_share == pytest.approx(0.6)


def test_the_dataset_zip_readme_holds_the_grid(fixture_dataset):
    archive = zipfile.ZipFile(io.BytesIO(export.dataset_zip(fixture_dataset.tables, fixture_dataset.folder,
                                                            fixture_dataset.version)))
    readme = archive.read("README.md").decode()
    assert "## Coverage" in readme and coverage.LEGEND in readme
    assert "| turnover | 5 of 34 (1992–2025) | 2019–2021, 2023–2024 |" in readme
    assert "| turnover | annual | Azerbaijan's statistics | " in readme and "1: 120" in readme
    assert readme.index("## Coverage") < readme.index("## Sources")


def test_no_figure_no_cells():
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in
                          ["flow", "value", "period_start", "period_end", "record_id", "preferred", "qualifier",
                           "stat_basis", "reporter"]})
    found = coverage.cells(empty)
    assert found.empty
    grid = coverage.grid(found)
    assert len(grid) == 9 and set(grid.iloc[:, 3:].to_numpy().ravel()) == {""}


def test_targets_say_met_or_not_from_the_counts(found, fixture_dataset):
    # The fixture: turnover in 5 years, no exports or imports, part-years 2024–2025 of 2019–2025,
    # 5 dated events of which 3 to the day (60 %).
    result = coverage.targets(coverage.summary(found), coverage.event_summary(fixture_dataset["milestones"]))
    assert coverage.target_lines(result) == [
        "| target (issue 22) | asked | held | met |",
        "|---|---|---|---|",
        "| annual turnover | ≥ 25 of 34 years | 5 years | no |",
        "| annual exports | ≥ 15 years | 0 years | no |",
        "| annual imports | ≥ 15 years | 0 years | no |",
        "| a part-year figure in each year 2019–2025 | 7 of 7 years | 2 years | no |",
        "| dated events | ≥ 120 | 5 | no |",
        "| dated events known to the day | ≥ 80% | 60.0% (3 of 5) | no |",
    ]


def test_a_target_is_met_at_its_bound():
    years = tuple(range(1992, 2017))  # 25 years
    result = coverage.Summary(annual_years={"turnover": years, "exports": years[:15], "imports": years[:14]},
                              part_years=tuple(range(2019, 2026)), span_years=34)
    met = [t.met for t in coverage.targets(result, coverage.EventSummary(dated=120, to_the_day=96))]
    assert met == [True, True, False, True, True, True]
    assert not coverage.targets(result, coverage.EventSummary(dated=119, to_the_day=119))[4].met
    assert not coverage.targets(result, coverage.EventSummary(dated=120, to_the_day=95))[5].met
