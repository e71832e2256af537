from pathlib import Path

import pytest

from tradeviz import build
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def test_committed_parquet_equals_a_fresh_build(tmp_path):
    written = build.build(ROOT / "data", tmp_path)
    assert sorted(written) == ["articles", "indicators", "milestones", "policy_areas", "sources", "trade"]
    for name, path in written.items():
        committed = ROOT / "data" / f"{name}.parquet"
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run `make build`"


def test_build_is_deterministic(editable_data, tmp_path):
    first = {n: p.read_bytes() for n, p in build.build(editable_data, tmp_path / "a").items()}
    second = {n: p.read_bytes() for n, p in build.build(editable_data, tmp_path / "b").items()}
    assert first == second


def test_invalid_record_writes_nothing(editable_data, tmp_path, capsys):
    trade = editable_data / "sources" / "trade.csv"
    trade.write_text(trade.read_text().replace(",120,usd_million", ",n/a,usd_million"))
    out = tmp_path / "out"
    assert main(["build", "--data", str(editable_data), "--out", str(out)]) == 1
    assert not out.exists() or list(out.iterdir()) == []
    assert "data/sources/trade.csv, row 4, column value: 'n/a' is not a number" in capsys.readouterr().err


def test_failed_build_keeps_the_previous_files(editable_data):
    build.build(editable_data)
    before = (editable_data / "trade.parquet").read_bytes()
    trade = editable_data / "sources" / "trade.csv"
    trade.write_text(trade.read_text().replace(",120,usd_million", ",120000,usd_million"))
    with pytest.raises(build.BuildFailed, match="120000.0 USD million is outside"):
        build.build(editable_data)
    assert (editable_data / "trade.parquet").read_bytes() == before
    assert sorted(p.name for p in editable_data.iterdir() if p.name.startswith(".")) == []


def test_sanity_checks_units_and_ranks(editable_data):
    trade = editable_data / "sources" / "trade.csv"
    text = trade.read_text()
    text = text.replace("trading_partner_rank,2024-01-01,2024-12-31,2024,4,rank", "trading_partner_rank,2024-01-01,2024-12-31,2024,4.5,rank")
    text = text.replace("2025 Jan–Jul,4,usd_million", "2025 Jan–Jul,4,percent")
    trade.write_text(text)
    with pytest.raises(build.BuildFailed) as failure:
        build.build(editable_data)
    assert [str(p) for p in failure.value.problems] == [
        "data/sources/trade.csv, row 10, column unit: flow exports is measured in usd_million, found percent",
        "data/sources/trade.csv, row 14, column value: rank 4.5 is not a whole number in (1, 30)",
    ]


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "x.parquet"
    build.atomic_write(target, b"old")
    build.atomic_write(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["x.parquet"]
