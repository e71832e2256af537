"""A permalink made with an older data version still opens, says the data changed, and lists
what changed among the rows in view."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tradeviz import build, store

TRADE_PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "trade.py")


def test_link_from_an_older_version_reports_the_changed_rows(editable_data, monkeypatch):
    build.build(editable_data)
    old_version = store.data_version(editable_data)
    trade_csv = editable_data / "sources" / "trade.csv"
    # f02 is 2020 turnover of 100; a correction to 110 makes a new version.
    text = trade_csv.read_text(encoding="utf-8")
    assert "2020-01-01,2020-12-31,2020,100," in text
    trade_csv.write_text(text.replace("2020-01-01,2020-12-31,2020,100,", "2020-01-01,2020-12-31,2020,110,"), encoding="utf-8")
    build.build(editable_data)
    new_version = store.data_version(editable_data)
    assert new_version != old_version

    monkeypatch.setenv(store.DATA_ENV, str(editable_data))
    at = AppTest.from_file(TRADE_PAGE, default_timeout=60)
    at.query_params["v"] = old_version
    at.query_params["flow"] = "turnover"
    at.run()
    assert not at.exception
    assert any(f"made with data version {old_version}" in i.value and new_version in i.value for i in at.info)
    changes = [e for e in at.expander if e.label == f"What changed since data version {old_version}"]
    assert len(changes) == 1
    table = changes[0].dataframe[0].value
    assert table.to_dict("records") == [{"table": "trade", "id": "f02", "change": "changed since"}]


def test_link_from_an_unknown_version_still_opens(fixture_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))
    at = AppTest.from_file(TRADE_PAGE, default_timeout=60)
    at.query_params["v"] = "0123456789"
    at.run()
    assert not at.exception
    changes = [e for e in at.expander if e.label.startswith("What changed since")]
    assert "is not in this dataset's history" in changes[0].markdown[0].value
