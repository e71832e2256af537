"""Adding an article and reviewing its candidates (tradeviz.review, `add-article`, the Review page)."""

import shutil
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tradeviz import build, records, review, store
from tradeviz.ui import editing
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
VISIT = ROOT / "tests" / "fixtures" / "extract" / "ministers-visit-2026.md"
VISIT_FRONT = ('---\narticle_id: fx-visit-2026\nsource_id: fx-visit-2026\ntitle: "Economy minister in Beijing"\n'
               "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
               "publisher: Fixture Press\npolicy_areas: [trade]\n---\n")


def review_page(data, monkeypatch, secrets=None, user=None) -> AppTest:
    monkeypatch.setenv(store.DATA_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60)
    at.secrets.update(secrets or {})
    at.user = user if user is not None else {"is_logged_in": False}
    return at.run()


def decide(at, data, number: int, decision: str = "accepted"):
    """One click on a card's decision control (its Accept or Reject)."""
    at.segmented_control(key=f"review-decision:{review.read(data).revision}:{number}").set_value(decision)
    return at.run()


def count_text(at) -> str:
    return next(text for text in plains(at.caption) if " shown; " in text)


def save_says(at) -> str:
    """What the save bar says beside Save."""
    return next(text for text in plains(at.markdown) if text.startswith(("Nothing to save", "Ready:", "Save needs")))


def test_review_page_accepts_a_candidate_that_the_trade_page_then_shows(data, monkeypatch):
    at = review_page(data, monkeypatch, SECRETS, EDITOR)
    assert not at.exception
    assert count_text(at) == "6 shown; 0 of 6 candidates decided"
    assert plains(at.caption)[1] == ("Signed in as aysel@example.org, an editor: each decision you save is recorded "
                                     "under this address.")
    assert [t.key for t in at.text_input] == []  # no typed name: the reviewer is the identity
    decide(at, data, 1)
    at.button(key="review-save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert plains(at.success) == ["Saved 1 decision(s) by aysel@example.org; the dataset is rebuilt."]
    assert count_text(at) == "5 shown; 1 of 6 candidates decided"
    assert review.read(data).rows.loc[0, "reviewer"] == "aysel@example.org"
    trade = AppTest.from_file(str(ROOT / "pages" / "trade.py"), default_timeout=60)
    trade.query_params["periods"] = "all"
    trade.query_params["record"] = "fx-customs-q1-r001"
    trade.run()
    assert not trade.exception
    shown = [m.value for m in [*trade.markdown, *trade.caption, *trade.subheader]]
    assert any("Trade with China grows" in text.replace("\\", "") for text in shown), shown


SENTENCES = ["In the first quarter of 2026, trade turnover between Azerbaijan and China amounted to $748,8 million, "
             "the State Customs Committee reported.",
             "This is $112,4 million, or 17,7 percent, more than in the same period of 2025, when turnover stood "
             "at $636,4 million."]


def test_a_decision_takes_one_click_beside_its_sentence_and_save_says_what_it_needs(data, monkeypatch):
    at = review_page(data, monkeypatch, SECRETS, EDITOR)
    text = plains(at.markdown)
    # Each card: what it proposes in words, then the article's sentence it comes from.
    assert "**Trade turnover, 2026 Jan–Mar**\nValue $748.8 m\nPeriod 2026 Jan–Mar\nGrowth +17.7% on the same " \
           "period of the previous year\nReported by A news article (the article itself), whose statistics not " \
           "stated" in [t.replace("  \n", "\n").replace(":gray[", "").replace("]", "")
                                             for t in text]
    assert [t for t in text if t.startswith("> ")][:2] == [f"> {s}" for s in SENTENCES]
    # Human labels: no code of the review file shows.
    for code in ("usd_million", "period_start", "more_than", "trading_partner_rank", "same_period_prior_year",
                 "press_article", "not_stated", "stat_basis", "confidence"):
        assert not any(code in t for t in text + plains(at.caption) if "fx-customs" not in t), code
    # Save says what it needs, and is off until a decision is made.
    assert at.button(key="review-save").disabled
    assert save_says(at) == "Nothing to save yet: choose Accept or Reject on a candidate."
    # One click: Reject on card 2; Save is on and says what it will do.
    decide(at, data, 2, "rejected")
    assert not at.button(key="review-save").disabled
    assert save_says(at) == ("Ready: 1 to reject. Saving records it under your address and rebuilds the dataset; "
                             "a decision is final.")
    at.button(key="review-save").click().run()
    row = review.read(data).rows.set_index("candidate_id").loc["fx-customs-q1-c002"]
    assert (row["status"], row["reviewer"], row["record_id"]) == ("rejected", "aysel@example.org", "")


def test_events_show_their_status_and_an_accept_says_what_it_lacks(data, tmp_path, monkeypatch):
    article = tmp_path / "fx-visit-2026.md"
    article.write_text(VISIT_FRONT + VISIT.read_text(encoding="utf-8"), encoding="utf-8")
    review.add_article(data, article)
    monkeypatch.setenv(store.DATA_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=60)
    at.secrets.update(SECRETS)
    at.user = EDITOR
    at.query_params["article"] = "fx-visit-2026"
    at.run()
    assert not at.exception
    badges = [t for t in plains(at.markdown) if t.startswith(":gray-badge[")]
    assert [b.split(" :small")[0] for b in badges] == [":gray-badge[Event] :blue-badge[Occurred]",
                                                      ":gray-badge[Event] :orange-badge[Planned]",
                                                      ":gray-badge[Event] :orange-badge[Planned]"]
    # The first event names policy areas the dataset does not have: accepting it says so, and
    # Save stays off until they are corrected.
    decide(at, data, 1)
    assert at.button(key="review-save").disabled
    assert "needs who took part (Who) and policy areas from the list (not political, digital)." in save_says(at)
    assert plains(at.warning) == [
        "To accept it, give it who took part (Who) and policy areas from the list (not political, digital)."]
    revision = review.read(data).revision
    at.toggle(key=f"review-correct:{revision}:1").set_value(True).run()
    at.multiselect(key=f"review-field:{revision}:1:policy_areas").set_value(["trade"]).run()
    at.selectbox(key=f"review-field:{revision}:1:event_status").set_value("planned").run()
    assert "needs who took part (Who)." in save_says(at)
    at.text_input(key=f"review-field:{revision}:1:actors").input("Minister of Economy; Minister of Commerce").run()
    assert not at.button(key="review-save").disabled, save_says(at)
    # The fields an editor adds from research, each by its name: the event it is one statement
    # of (offered by title and date), a confidence and a note.
    same_event = at.selectbox(key=f"review-field:{revision}:1:event_key")
    assert (same_event.label, same_event.options[:2]) == ("Same event as", ["An event of its own",
                                                                          "First official visit (1994)"])
    assert "Summit document (July 2024)" in same_event.options and "Declaration adopted (3 July 2024)" not in \
        same_event.options  # one name an event: its first statement's
    same_event.set_value("2024-summit")
    at.selectbox(key=f"review-field:{revision}:1:confidence").set_value("low")
    at.text_input(key=f"review-field:{revision}:1:note").input("date from the ministry's site").run()
    card = next(t.replace(":gray[", "").replace("]", "") for t in plains(at.markdown) if t.startswith("**"))
    assert card.split("  \n")[-3:] == ["Same event as Summit document (July 2024)", "Confidence Low (to check)",
                                        "Note date from the ministry's site"]
    at.button(key="review-save").click().run()
    assert not at.exception and plains(at.success), (plains(at.error), plains(at.info), save_says(at))
    milestone = store.load(data)["milestones"].set_index("milestone_id").loc["fx-visit-2026-r001"]
    assert (milestone["status"], list(milestone["policy_areas"]), list(milestone["actors"])) == (
        "planned", ["trade"], ["Minister of Economy", "Minister of Commerce"])
    assert (milestone["event_key"], milestone["confidence"], milestone["note"]) == (
        "2024-summit", "low", "date from the ministry's site; accepted in review (fx-visit-2026-c001)")


@pytest.mark.parametrize(("secrets", "user", "says"), [
    ({}, {"is_logged_in": True, "email": "aysel@example.org"}, "Read-only: editing is turned off on this server."),
    (SECRETS, {"is_logged_in": False}, "Read-only. Editors sign in to accept, correct or reject candidates."),
    (SECRETS, {"is_logged_in": True, "email": "someone@example.org"},
     "Read-only: someone@example.org is not on this server's list of editors."),
    (SECRETS, {"is_logged_in": True, "email": "aysel@example.org", "email_verified": False},
     "Read-only: aysel@example.org is not a verified address at the identity provider."),
])
def test_review_page_is_read_only_for_everyone_but_an_editor(data, monkeypatch, secrets, user, says):
    """The candidates with their sentences, no decision, no correction and no Save. (A crafted
    save from such a session is sent by tests/test_review_protocol.py, over the real protocol.)"""
    at = review_page(data, monkeypatch, secrets, user)
    assert not at.exception
    assert any(text.startswith(says) for text in plains([*at.info, *at.warning])), plains([*at.info, *at.warning])
    assert "review-save" not in [b.key for b in at.button]
    assert ("review-sign-in" in [b.key for b in at.button]) == (bool(secrets) and not user["is_logged_in"])
    assert not [w.key for w in [*at.segmented_control, *at.toggle, *at.text_input, *at.selectbox]
                if w.key.startswith(editing.REVIEW_EDITOR_KEYS)]
    assert len([t for t in plains(at.markdown) if t.startswith("> ")]) == 6


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
    monkeypatch.setenv(store.DATA_ENV, str(data))
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
