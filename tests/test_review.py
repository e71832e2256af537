"""Adding an article and reviewing its candidates (tradeviz.review, `add-article`, the Review page)."""

import shutil
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tradeviz import build, records, review, store, ui
from shown import plains
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
    # Adding the same article again (a re-run) changes nothing and succeeds; another text under
    # the same id is refused, and writes nothing.
    before = {p: p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
    assert main(["add-article", str(data.parent / "fx-customs-q1.md"), "--data", str(data)]) == 0
    other = data.parent / "other" / "fx-customs-q1.md"
    other.parent.mkdir()
    other.write_text((data.parent / "fx-customs-q1.md").read_text(encoding="utf-8") + "\nOne more line.\n",
                     encoding="utf-8")
    assert main(["add-article", str(other), "--data", str(data)]) == 1
    assert {p: p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()} == before


def test_accepting_writes_a_record_with_its_sentence_and_rebuilds(data):
    snapshot = review.read(data)
    after = review.save(data, {"fx-customs-q1-c001": {"status": "accepted"}}, snapshot.revision, "Aysel")
    row = after.rows.iloc[0]
    assert (row["status"], row["reviewer"], row["record_id"]) == ("accepted", "Aysel", "fx-customs-q1-r001")
    trade = store.load(data)["trade"].set_index("record_id")
    figure = trade.loc["fx-customs-q1-r001"]
    assert (figure["value"], figure["period_label"], figure["growth_reported"]) == (748.8, "2026 Jan–Mar", 17.7)
    assert figure["source_sentence"] == ("In the first quarter of 2026, trade turnover between Azerbaijan and China "
                                         "amounted to $748,8 million, the State Customs Committee reported.")


def test_two_concurrent_saves_lose_nothing(data):
    snapshot = review.read(data)
    first, second = {"fx-customs-q1-c002": {"status": "rejected"}}, {"fx-customs-q1-c003": {"status": "accepted"}}
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
    again = {"fx-customs-q1-c002": {"status": "accepted"}}
    with pytest.raises(review.ReviewConflict, match="Someone else decided 1 of these candidates"):
        review.save(data, again, snapshot.revision, "C")
    assert review.read(data).rows.set_index("candidate_id").loc["fx-customs-q1-c002", "status"] == "rejected"


def test_a_record_that_does_not_build_is_not_saved(data):
    snapshot = review.read(data)
    decision = {"fx-customs-q1-c001": {"status": "accepted", "value": "120000"}}  # outside the turnover band
    with pytest.raises(review.ReviewFailed, match="outside"):
        review.save(data, decision, snapshot.revision, "A")
    assert review.read(data).revision == snapshot.revision
    assert "fx-customs-q1-r001" not in set(store.load(data)["trade"]["record_id"])


SECRETS = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                    "client_id": "tradeviz", "client_secret": "not-a-secret",
                    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"},
           "tradeviz": {"editors": ["Aysel@Example.org"]}}
EDITOR = {"is_logged_in": True, "email": "aysel@example.org", "email_verified": True}


def review_page(data, monkeypatch, secrets=None, user=None) -> AppTest:
    monkeypatch.setenv(ui.DATA_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60)
    at.secrets.update(secrets or {})
    at.user = user if user is not None else {"is_logged_in": False}
    return at.run()


def craft_edit(at, data):
    """The edits a browser sends for the table: its first row accepted."""
    at.session_state[f"review-editor:{review.read(data).revision}"] = {
        "edited_rows": {0: {"status": "accepted"}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_review_page_accepts_a_candidate_that_the_trade_page_then_shows(data, monkeypatch):
    at = review_page(data, monkeypatch, SECRETS, EDITOR)
    assert not at.exception
    assert at.caption[2].value.startswith("6 shown; 0 of 6 candidates decided")
    assert plains(at.caption)[1] == ("Signed in as aysel@example.org, an editor: each decision you save is recorded "
                                     "under this address.")
    assert [t.key for t in at.text_input] == []  # no typed name: the reviewer is the identity
    assert not at.dataframe[0].proto.disabled
    craft_edit(at, data)
    at.button(key="review-save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert plains(at.success) == ["Saved 1 decision(s) by aysel@example.org; the dataset is rebuilt."]
    assert at.caption[2].value.startswith("5 shown; 1 of 6 candidates decided")
    assert review.read(data).rows.loc[0, "reviewer"] == "aysel@example.org"
    trade = AppTest.from_file(str(ROOT / "pages" / "trade.py"), default_timeout=60)
    trade.query_params["periods"] = "all"
    trade.query_params["record"] = "fx-customs-q1-r001"
    trade.run()
    assert not trade.exception
    shown = [m.value for m in [*trade.markdown, *trade.caption, *trade.subheader]]
    assert any("Trade with China grows" in text.replace("\\", "") for text in shown), shown


@pytest.mark.parametrize(("secrets", "user", "says"), [
    ({}, {"is_logged_in": True, "email": "aysel@example.org"}, "Read-only: editing is turned off on this server."),
    (SECRETS, {"is_logged_in": False}, "Read-only. Editors sign in to accept, correct or reject candidates."),
    (SECRETS, {"is_logged_in": True, "email": "someone@example.org"},
     "Read-only: someone@example.org is not on this server's list of editors."),
    (SECRETS, {"is_logged_in": True, "email": "aysel@example.org", "email_verified": False},
     "Read-only: aysel@example.org is not a verified address at the identity provider."),
])
def test_review_page_is_read_only_for_everyone_but_an_editor(data, monkeypatch, secrets, user, says):
    """The candidates in a table, no editor and no Save. (A crafted save from such a session is
    sent by tests/test_review_protocol.py, over the real protocol.)"""
    at = review_page(data, monkeypatch, secrets, user)
    assert not at.exception
    assert any(text.startswith(says) for text in plains([*at.info, *at.warning])), plains([*at.info, *at.warning])
    assert "review-save" not in [b.key for b in at.button]
    assert ("review-sign-in" in [b.key for b in at.button]) == (bool(secrets) and not user["is_logged_in"])
    table = at.dataframe[0]
    assert len(table.value) == 6 and table.proto.editing_mode == table.proto.EditingMode.READ_ONLY


def _add(tmp_path, capsys, file, data_dir):
    before = {p: p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file() and p.name != ".write.lock"}
    code = main(["add-article", str(file), "--data", str(data_dir)])
    out = capsys.readouterr()
    after = {p: p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file() and p.name != ".write.lock"}
    assert after == before  # nothing written
    assert "Traceback" not in out.err
    return code, out.err.strip().splitlines()


def test_add_article_names_each_problem_with_its_input_in_one_line(data, tmp_path, capsys):
    folder = tmp_path / "a-folder.md"
    folder.mkdir()
    cases = {
        tmp_path / "missing.md": "no such file",
        folder: "is a folder, not a file",
        tmp_path / ("n" * 300 + ".md"): "cannot be read: the name is too long",
    }
    for file, message in cases.items():
        code, lines = _add(tmp_path, capsys, file, data)
        assert code == 1 and lines == [f"Not added; nothing was written. {file}: {message}"]


def test_add_article_refuses_an_article_over_the_size_limit(data, tmp_path, capsys):
    big = tmp_path / "fx-big.md"
    body = "Trade grew. " * (records.MAX_ARTICLE_BYTES // 12 + 1)
    big.write_text(FRONT.replace("fx-customs-q1", "fx-big") + body, encoding="utf-8")
    code, lines = _add(tmp_path, capsys, big, data)
    assert code == 1 and lines == [f"Not added; nothing was written. {big}: is larger than 1,000,000 bytes, "
                                   "the limit for one article"]


@pytest.mark.parametrize("article_id", ["..", ".hidden", "a b;<x>", "Upper", "x" * 65, "é"])
def test_add_article_refuses_an_unsafe_id(data, tmp_path, capsys, article_id):
    file = tmp_path / "unsafe.md"
    file.write_text(FRONT.replace("article_id: fx-customs-q1", f"article_id: '{article_id}'") + "Text.\n",
                    encoding="utf-8")
    code, lines = _add(tmp_path, capsys, file, data)
    assert code == 1 and lines[0] == "Not added; nothing was written."
    assert f"unsafe.md, column article_id: {article_id!r} is not a safe id (lower-case letters" in lines[1]


def test_safe_ids():
    assert all(records.SAFE_ID.fullmatch(i) for i in ["a", "seed-2025-04-22", "fx_customs", "9", "x" * 64])
    assert not any(records.SAFE_ID.fullmatch(i) for i in ["", "..", ".a", "-a", "a.b", "a/b", "A", "x" * 65, "a b"])


def test_a_save_takes_only_the_editable_fields_of_each_candidate_by_its_id(data):
    """A crafted save: row fields that are not editable (kind, sentence, candidate_id, reviewer,
    record_id), and fields of the other kind, are ignored; the stored candidate supplies them."""
    snapshot = review.read(data)
    stored = snapshot.rows.set_index("candidate_id").loc["fx-customs-q1-c002"].to_dict()
    review.save(data, {"fx-customs-q1-c002": {
        "status": "accepted", "value": "640", "candidate_id": "fx-customs-q1-c001", "kind": "event",
        "sentence": "Invented.", "reviewer": "someone else", "record_id": "f01", "title": "Not a figure's field",
        "article_id": "fx-article"}}, snapshot.revision, "editor@example.org")
    rows = review.read(data).rows.set_index("candidate_id")
    row = rows.loc["fx-customs-q1-c002"]
    assert (row["status"], row["value"], row["kind"], row["sentence"], row["reviewer"], row["record_id"], row["title"]) == (
        "accepted", "640", "figure", stored["sentence"], "editor@example.org", "fx-customs-q1-r002", "")
    assert rows.loc["fx-customs-q1-c001", "status"] == "candidate"
    trade = store.load(data)["trade"].set_index("record_id")
    assert trade.loc["fx-customs-q1-r002", "value"] == 640 and trade.loc["fx-customs-q1-r002", "flow"] == stored["flow"]
    assert "fx-customs-q1-r001" not in trade.index


def test_a_save_refuses_an_unknown_candidate_a_bad_status_and_a_second_decision(data):
    snapshot = review.read(data)
    with pytest.raises(review.ReviewFailed, match="has no candidate 'nope'"):
        review.save(data, {"nope": {"status": "accepted"}}, snapshot.revision, "editor@example.org")
    with pytest.raises(review.ReviewFailed, match="'maybe' is not a status"):
        review.save(data, {"fx-customs-q1-c001": {"status": "maybe"}}, snapshot.revision, "editor@example.org")
    with pytest.raises(ValueError):
        review.save(data, {"fx-customs-q1-c001": {"status": "accepted"}}, snapshot.revision, " ")
    assert review.read(data).revision == snapshot.revision
    after = review.save(data, {"fx-customs-q1-c001": {"status": "rejected"}}, snapshot.revision, "editor@example.org")
    with pytest.raises(review.ReviewFailed, match="fx-customs-q1-c001 is already rejected: a decision is final"):
        review.save(data, {"fx-customs-q1-c001": {"status": "accepted"}}, after.revision, "editor@example.org")


@pytest.mark.parametrize(("payload", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "data/sources/review.csv: is not UTF-8 text (invalid start byte at byte 0)"),
    (b"candidate_id,status\nx,\x00\n", "data/sources/review.csv: line 2 holds a NUL byte: this is not a text file"),
    (b"candidate_id,status\nx,candidate,extra\n", "data/sources/review.csv, row 2: has 3 cells, the header has 2"),
    (b"name,colour\nx,red\n", "data/sources/review.csv, row 1: has no candidate_id column: this is not a review file"),
    (b"candidate_id,status\nx,candidate\nx,accepted\n",
     "data/sources/review.csv, row 3, column candidate_id: candidate 'x' repeats row 2"),
])
def test_an_unreadable_review_file_is_named(data, payload, message):
    review.review_path(data).write_bytes(payload)
    with pytest.raises(records.Unreadable) as raised:
        review.read(data)
    assert str(raised.value) == message


def test_review_page_says_the_review_file_cannot_be_read_and_keeps_working(data, monkeypatch):
    monkeypatch.setenv(ui.DATA_ENV, str(data))
    review.review_path(data).write_bytes(bytes(range(256)) * 4)
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60).run()
    assert not at.exception
    assert plains(at.error) == [
        "The review file cannot be read, so there is nothing to review here until it is fixed or removed: "
        "data/sources/review.csv: is not UTF-8 text (invalid start byte at byte 128)"]
    assert at.title[0].value == "Review" and at.selectbox and "Data version" in at.caption[-1].value


def test_a_save_over_a_source_file_that_cannot_be_read_is_refused_with_its_name(data):
    snapshot = review.read(data)
    trade = data / "sources" / "trade.csv"
    trade.write_bytes(trade.read_bytes() + b"\xff\n")
    with pytest.raises(review.ReviewFailed, match=r"^data/sources/trade.csv: is not UTF-8 text"):
        review.save(data, {"fx-customs-q1-c001": {"status": "accepted"}}, snapshot.revision, "editor@example.org")
    assert review.read(data).revision == snapshot.revision
