"""Every write is all or nothing: `add-article`, a Review save and `build`, each stopped with
SIGKILL at each of its steps (tests/killpoint.py), leave the old complete state or the new one,
and running the write again completes it."""

import json
import shutil
from pathlib import Path

import pytest

import killpoint
from tradeviz import build, review, store, writes

ROOT = Path(__file__).resolve().parents[1]
CUSTOMS = ROOT / "tests" / "fixtures" / "extract" / "customs-q1-2026.md"
FRONT = ('---\narticle_id: fx-customs-q1\nsource_id: fx-customs-q1\ntitle: "Trade with China grows"\n'
         "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
         "publisher: Fixture Press\npolicy_areas: [trade]\n---\n")
NOW = "2026-12-01T10:00:00+00:00"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a data folder but the lock: sources, articles, manifest, sets, history,
    and any leftover (a pending or temporary file would make two states differ)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != writes.LOCK}


def stop_at_every_step(start: Path, tmp_path: Path, args, rerun_code) -> list[str]:
    """Run `args(folder)` on copies of `start`, killed at step 1, 2, ... up to its last step.
    After each kill: the served dataset loads whole (old or new version), and after the recovery
    every writer begins with, the folder equals the old state or the new one, byte for byte; a
    re-run then ends in the new state. Returns "old"/"new" for each step."""
    old = files_of(start)
    old_version = store.data_version(start)
    clean = tmp_path / "clean"
    shutil.copytree(start, clean)
    code, total = killpoint.run(0, args(clean))
    assert code == 0 and total > 0
    new, new_version = files_of(clean), store.data_version(clean)
    assert new != old
    outcomes = []
    for stop_at in range(1, total + 1):
        folder = tmp_path / f"stopped-{stop_at}"
        shutil.copytree(start, folder)
        code, _ = killpoint.run(stop_at, args(folder))
        assert code == -9, f"step {stop_at} of {total}: not killed (exit {code})"
        served = store.load(folder)
        assert served.problems == [] and served.version in {old_version, new_version}, f"step {stop_at}"
        with writes.locked(folder):
            writes.recover(folder)
        after = files_of(folder)
        assert after in (old, new), f"stopped at step {stop_at} of {total}: " + ", ".join(
            sorted(name for name in set(after) | set(new) if after.get(name) != new.get(name)))
        outcome = "old" if after == old else "new"
        outcomes.append(outcome)
        code, _ = killpoint.run(0, args(folder))
        assert code == rerun_code[outcome], f"step {stop_at}: the re-run exited {code}"
        assert files_of(folder) == new, f"step {stop_at}: the re-run did not end in the new state"
        shutil.rmtree(folder)
    return outcomes


def one_switch(outcomes: list[str]) -> bool:
    """The old state up to the commit, the new one from there on: one switch, both seen."""
    switch = outcomes.index("new")
    return 0 < switch and outcomes == ["old"] * switch + ["new"] * (len(outcomes) - switch)


@pytest.fixture
def built(editable_data):
    build.build(editable_data)
    return editable_data


def test_add_article_stopped_at_every_step(built, tmp_path):
    article = tmp_path / "fx-customs-q1.md"
    article.write_text(FRONT + CUSTOMS.read_text(encoding="utf-8"), encoding="utf-8")
    outcomes = stop_at_every_step(built, tmp_path, lambda folder: ["--", "add-article", str(article), "--data", str(folder)],
                                  rerun_code={"old": 0, "new": 0})
    assert one_switch(outcomes), outcomes


def test_review_save_stopped_at_every_step(built, tmp_path):
    article = tmp_path / "fx-customs-q1.md"
    article.write_text(FRONT + CUSTOMS.read_text(encoding="utf-8"), encoding="utf-8")
    review.add_article(built, article)
    snapshot = review.read(built)
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"fx-customs-q1-c001": {"status": "accepted"},
                                     "fx-customs-q1-c002": {"status": "rejected"}}))
    # Re-running a save that was completed is refused (a decision is final) and changes nothing.
    outcomes = stop_at_every_step(
        built, tmp_path, lambda folder: ["--review-save", str(folder), str(decisions), snapshot.revision, "editor@example.org", NOW],
        rerun_code={"old": 0, "new": 1})
    assert one_switch(outcomes), outcomes


def test_build_stopped_at_every_step(built, tmp_path):
    trade = built / "sources" / "trade.csv"
    trade.write_text(trade.read_text().replace(",120,usd_million", ",125,usd_million"))
    outcomes = stop_at_every_step(built, tmp_path, lambda folder: ["--", "build", "--data", str(folder)],
                                  rerun_code={"old": 0, "new": 0})
    assert one_switch(outcomes), outcomes


def test_add_article_failing_with_oserror_at_every_step(built, tmp_path, monkeypatch):
    """A disk that fills up (OSError) at any step: the write raises, and the folder is the old
    state or the new one once the next writer has recovered it; a re-run completes."""
    import os

    article = tmp_path / "fx-customs-q1.md"
    article.write_text(FRONT + CUSTOMS.read_text(encoding="utf-8"), encoding="utf-8")
    old = files_of(built)
    start = tmp_path / "start"
    shutil.copytree(built, start)
    review.add_article(built, article)
    new = files_of(built)
    taken, fail_at = [0], [0]
    real = {name: getattr(os, name) for name in killpoint.STEPS}

    def failing(name):
        def step(*args, **kwargs):
            taken[0] += 1
            if taken[0] == fail_at[0]:
                raise OSError(28, "No space left on device")
            return real[name](*args, **kwargs)
        return step

    for name in killpoint.STEPS:
        monkeypatch.setattr(os, name, failing(name))
    shutil.rmtree(built)
    shutil.copytree(start, built)
    taken[0] = 0
    review.add_article(built, article)
    total, outcomes, raised = taken[0], [], 0
    for fail_at[0] in range(1, total + 1):
        shutil.rmtree(built)
        shutil.copytree(start, built)
        taken[0] = 0
        try:
            review.add_article(built, article)
        except OSError as exc:  # a few steps' errors are expected and handled (mkdir of a folder that exists)
            assert "No space left" in str(exc)
            raised += 1
        taken[0] = -10**6  # no more failures: recover, then re-run
        with writes.locked(built):
            writes.recover(built)
        after = files_of(built)
        assert after in (old, new), f"failed at step {fail_at[0]} of {total}"
        outcomes.append("old" if after == old else "new")
        review.add_article(built, article)
        assert files_of(built) == new
    # A step whose error is handled (a folder that exists already) completes the write.
    assert {"old", "new"} <= set(outcomes) and raised > total // 2, (outcomes, raised, total)
