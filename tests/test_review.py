"""Adding an article and reviewing its candidates (tradeviz.review, `add-article`, the Review page)."""

import shutil
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tradeviz import build, review, store, ui
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
CUSTOMS = ROOT / "tests" / "fixtures" / "extract" / "customs-q1-2026.md"
FRONT = ('---\narticle_id: fx-customs-q1\nsource_id: fx-customs-q1\ntitle: "Trade with China grows"\n'
         "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
         "publisher: Fixture Press\npolicy_areas: [trade]\n---\n")


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    article = tmp_path / "fx-customs-q1.md"
    article.write_text(FRONT + CUSTOMS.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["add-article", str(article), "--data", str(folder)]) == 0
    return folder


def test_add_article_stores_it_and_its_candidates(data):
    assert (data / "articles" / "fx-customs-q1.md").exists()
    rows = review.read(data).rows
    assert list(rows["status"]) == ["candidate"] * 6
    assert list(rows["value"]) == ["748.8", "636.4", "53.3", "695.5", "4800", "3"]
    dataset = store.load(data)
    assert dataset.problems == [] and "fx-customs-q1" in set(dataset["sources"]["source_id"])
    # Adding it again is refused, and writes nothing.
    assert main(["add-article", str(data.parent / "fx-customs-q1.md"), "--data", str(data)]) == 1


def test_accepting_writes_a_record_with_its_sentence_and_rebuilds(data):
    snapshot = review.read(data)
    decision = snapshot.rows.iloc[[0]].copy()
    decision["status"] = "accepted"
    after = review.save(data, decision, snapshot.revision, "Aysel")
    row = after.rows.iloc[0]
    assert (row["status"], row["reviewer"], row["record_id"]) == ("accepted", "Aysel", "fx-customs-q1-r001")
    trade = store.load(data)["trade"].set_index("record_id")
    figure = trade.loc["fx-customs-q1-r001"]
    assert (figure["value"], figure["period_label"], figure["growth_reported"]) == (748.8, "2026 Jan–Mar", 17.7)
    assert figure["source_sentence"] == ("In the first quarter of 2026, trade turnover between Azerbaijan and China "
                                         "amounted to $748,8 million, the State Customs Committee reported.")


def test_two_concurrent_saves_lose_nothing(data):
    snapshot = review.read(data)
    first, second = snapshot.rows.iloc[[1]].copy(), snapshot.rows.iloc[[2]].copy()
    first["status"], second["status"] = "rejected", "accepted"
    errors = []

    def save(decision, who):
        try:
            review.save(data, decision, snapshot.revision, who)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(first, "A")), threading.Thread(target=save, args=(second, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Different candidates from the same revision: both decisions are kept.
    assert errors == []
    rows = review.read(data).rows.set_index("candidate_id")
    assert rows.loc["fx-customs-q1-c002", ["status", "reviewer"]].tolist() == ["rejected", "A"]
    assert rows.loc["fx-customs-q1-c003", ["status", "reviewer"]].tolist() == ["accepted", "B"]
    # The same candidate decided from a stale revision is refused with a clear message.
    again = snapshot.rows.iloc[[1]].copy()
    again["status"] = "accepted"
    with pytest.raises(review.ReviewConflict, match="Someone else decided 1 of these candidates"):
        review.save(data, again, snapshot.revision, "C")
    assert review.read(data).rows.set_index("candidate_id").loc["fx-customs-q1-c002", "status"] == "rejected"


def test_a_record_that_does_not_build_is_not_saved(data):
    snapshot = review.read(data)
    decision = snapshot.rows.iloc[[0]].copy()
    decision["status"], decision["value"] = "accepted", "120000"  # outside the turnover band
    with pytest.raises(review.ReviewFailed, match="outside"):
        review.save(data, decision, snapshot.revision, "A")
    assert review.read(data).revision == snapshot.revision
    assert "fx-customs-q1-r001" not in set(store.load(data)["trade"]["record_id"])


def test_review_page_accepts_a_candidate_that_the_trade_page_then_shows(data, monkeypatch):
    monkeypatch.setenv(ui.DATA_ENV, str(data))
    page = str(ROOT / "pages" / "review.py")
    at = AppTest.from_file(page, default_timeout=60).run()
    assert not at.exception
    assert at.caption[1].value.startswith("6 shown; 0 of 6 candidates decided")
    revision = review.read(data).revision
    at.session_state[f"review-editor:{revision}"] = {"edited_rows": {0: {"status": "accepted"}},
                                                    "added_rows": [], "deleted_rows": []}
    at.text_input(key="review-reviewer").input("Aysel")
    at.run()
    at.button(key="review-save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Saved 1 decision" in at.success[0].value
    assert at.caption[1].value.startswith("5 shown; 1 of 6 candidates decided")
    trade = AppTest.from_file(str(ROOT / "pages" / "trade.py"), default_timeout=60)
    trade.query_params["periods"] = "all"
    trade.query_params["record"] = "fx-customs-q1-r001"
    trade.run()
    assert not trade.exception
    shown = [m.value for m in [*trade.markdown, *trade.caption, *trade.subheader]]
    assert any("Trade with China grows" in text.replace("\\", "") for text in shown), shown
