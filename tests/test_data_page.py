"""The Data & downloads page under AppTest: its coverage grid on the fixture data, counted by
hand from tests/fixtures/data/sources."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from shown import plains
from tradeviz import store
from tradeviz.ui import url_state

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "data.py")


def run(fixture_data, monkeypatch) -> AppTest:
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    return at


def test_coverage_grid_and_its_counts(fixture_data, monkeypatch):
    at = run(fixture_data, monkeypatch)
    assert "Coverage: which years have figures" in [h.value for h in at.subheader]
    text = plains(at.markdown)
    assert "- Turnover: an annual figure for 5 of the 34 years 1992–2025 (2019–2021, 2023–2024)." in text
    assert "- Exports: an annual figure for 0 of the 34 years 1992–2025 (none)." in text
    assert "- Part-year figures (a quarter or a run of months) for 2 of the 7 years 2019–2025 (2024–2025)." in text
    assert "- Milestones: 5 dated events, 3 of them dated to the day." in text
    grid = at.dataframe[-1].value
    assert len(grid) == 14 and grid.iloc[0]["2021"] == "1: 120" and grid.iloc[1]["2021"] == "1"
    assert "CSV of the 11 cells with a figure" in [b.label for b in at.download_button]


def test_the_grid_stays_when_the_table_shown_changes(fixture_data, monkeypatch):
    at = run(fixture_data, monkeypatch)
    at.selectbox(key=url_state.widget_key("data", "table")).set_value("milestones").run()
    assert not at.exception
    assert at.subheader[0].value.startswith("milestones")
    assert len(at.dataframe[0].value) == 7
    assert len(at.dataframe[-1].value) == 14


def test_the_trade_table_formats_through_column_config_with_blank_gaps(fixture_data, monkeypatch):
    at = run(fixture_data, monkeypatch)
    at.selectbox(key=url_state.widget_key("data", "table")).set_value("trade").run()
    shown = at.dataframe[0]
    # No Styler: the raw floats reach the table, gaps stay missing and the table draws them blank.
    assert shown.value["value"].dtype == "float64" and shown.value["growth_reported"].isna().any()
    assert shown.proto.placeholder == ""
    config = json.loads(shown.proto.columns)
    assert config["value"]["type_config"]["format"] == "localized"
    assert config["period_start"]["type_config"]["format"] == "YYYY-MM-DD"
    assert config["value"]["label"] == "Value"
