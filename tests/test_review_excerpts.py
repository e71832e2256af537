"""`add-article --excerpts`: a source the project may not republish keeps only the sentences its
records cite; and the editor's fields a Review save brings (reporter, basis, event, flag, note)."""

import shutil
from pathlib import Path

import pytest

from tradeviz import build, records, review, store, text
from tradeviz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
CUSTOMS = ROOT / "tests" / "fixtures" / "extract" / "customs-q1-2026.md"
FRONT = ('---\narticle_id: fx-customs-x\nsource_id: fx-customs-x\ntitle: "Trade with China grows"\n'
         "title_origin: editorial\npublished: 2026-04-14\nauthor: null\nauthor_role: null\n"
         "publisher: Fixture Press\npolicy_areas: [trade]\n{url}---\n")
URL = "url: https://example.org/news/customs-q1\n"
FIRST = ("In the first quarter of 2026, trade turnover between Azerbaijan and China amounted to $748,8 million, "
         "the State Customs Committee reported.")
EXPORTS = "Exports to China totalled 53,3 million dollars, while imports from China approached $695,5 million."


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", folder)
    build.build(folder)
    return folder


def _article(tmp_path, url=URL, body=None) -> Path:
    path = tmp_path / "fx-customs-x.md"
    path.write_text(FRONT.format(url=url) + (body if body is not None else CUSTOMS.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return path


def test_excerpts_keep_only_the_candidates_sentences_with_the_address(folder, tmp_path, capsys):
    assert main(["add-article", str(_article(tmp_path)), "--excerpts", "--data", str(folder)]) == 0
    assert "(its candidates' sentences only)" in capsys.readouterr().out
    stored, _ = records.read_article(folder / "articles" / "fx-customs-x.md", "fx-customs-x.md")
    assert (stored["content"], stored["url"]) == ("excerpts", "https://example.org/news/customs-q1")
    rows = review.read(folder).rows
    # The fixture's six candidates come from four sentences (two give two figures each); the
    # headline, which proposes nothing, is not kept.
    passages = [stored["text"][a:b] for a, b in text.paragraph_spans(stored["text"])]
    assert passages == list(dict.fromkeys(rows["sentence"]))
    assert len(passages) == 4 and passages[0] == FIRST and "grows in the first quarter" not in stored["text"]
    for _, row in rows.iterrows():
        assert stored["text"][int(row["span_start"]):int(row["span_end"])] == row["sentence"]
    source = store.load(folder)["sources"].set_index("source_id").loc["fx-customs-x"]
    assert source["url"] == "https://example.org/news/customs-q1"
    # A re-run with the same input finds the same stored file: nothing to do.
    before = {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert main(["add-article", str(_article(tmp_path)), "--excerpts", "--data", str(folder)]) == 0
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} == before


def _files(folder):
    """Every file of the data folder but the write lock (which a refused write may create)."""
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".write.lock"}


def test_excerpts_need_the_originals_address_and_a_sentence_to_keep(folder, tmp_path, capsys):
    before = _files(folder)
    assert main(["add-article", str(_article(tmp_path, url="")), "--excerpts", "--data", str(folder)]) == 1
    assert "url" in capsys.readouterr().err
    assert main(["add-article", str(_article(tmp_path, body="Nothing here has a figure or a date.\n")), "--excerpts",
                 "--data", str(folder)]) == 1
    assert "proposes no sentence" in capsys.readouterr().err
    assert _files(folder) == before


def test_a_decision_drops_the_passages_no_record_or_open_candidate_cites(folder, tmp_path):
    review.add_article(folder, _article(tmp_path), keep_excerpts=True)
    rows = review.read(folder).rows.set_index("candidate_id")
    exports = [cid for cid in rows.index if rows.at[cid, "sentence"] == EXPORTS]
    first = [cid for cid in rows.index if rows.at[cid, "sentence"] == FIRST]
    assert len(exports) == 2 and len(first) == 1
    # Rejecting one of the two figures of a sentence keeps the sentence: the other is still open.
    review.save(folder, {exports[0]: {"status": "rejected"}}, review.read(folder).revision, "Aysel")
    assert EXPORTS in records.read_article(folder / "articles" / "fx-customs-x.md", "x")[0]["text"]
    # Rejecting both drops it; accepting the first sentence's figure keeps that one.
    review.save(folder, {exports[1]: {"status": "rejected"}, first[0]: {"status": "accepted"}},
                review.read(folder).revision, "Aysel")
    stored = records.read_article(folder / "articles" / "fx-customs-x.md", "x")[0]["text"]
    assert EXPORTS not in stored and FIRST in stored
    assert len(text.paragraph_spans(stored)) == 3  # of four: the other two still have open candidates
    after = review.read(folder).rows.set_index("candidate_id")
    for cid in after.index:
        if after.at[cid, "sentence"] in stored:
            assert stored[int(after.at[cid, "span_start"]):int(after.at[cid, "span_end"])] == after.at[cid, "sentence"]
        else:
            assert (after.at[cid, "span_start"], after.at[cid, "span_end"]) == ("", "")
    dataset = store.load(folder)
    assert dataset.problems == []
    record = dataset["trade"].set_index("record_id").loc[after.at[first[0], "record_id"]]
    assert record["source_sentence"] == FIRST and record["source_sentence"] in stored


def test_a_whole_article_keeps_its_text_whatever_is_rejected(folder, tmp_path):
    review.add_article(folder, _article(tmp_path, url=""))
    whole = (folder / "articles" / "fx-customs-x.md").read_bytes()
    rows = review.read(folder).rows
    review.save(folder, {cid: {"status": "rejected"} for cid in rows["candidate_id"]}, review.read(folder).revision, "A")
    assert (folder / "articles" / "fx-customs-x.md").read_bytes() == whole


def test_the_editor_sets_who_reported_a_figure_its_basis_flag_and_note_and_an_events_key(folder, tmp_path):
    review.add_article(folder, _article(tmp_path, url=""))
    rows = review.read(folder).rows.set_index("candidate_id")
    assert set(rows["reporter"].loc[rows["kind"] == "figure"]) == {"press_article"}
    assert set(rows["stat_basis"].loc[rows["kind"] == "figure"]) == {"not_stated"}
    figures = list(rows.index[rows["kind"] == "figure"])
    review.save(folder, {
        figures[0]: {"status": "accepted", "reporter": "az_customs", "reporter_detail": "State Customs Committee",
                     "stat_basis": "azerbaijan", "confidence": "low", "note": "figure printed with a comma"},
        figures[1]: {"status": "accepted"}}, review.read(folder).revision, "Aysel")
    trade = store.load(folder)["trade"].set_index("record_id")
    after = review.read(folder).rows.set_index("candidate_id")
    set_by_editor = trade.loc[after.at[figures[0], "record_id"]]
    assert (set_by_editor["reporter"], set_by_editor["reporter_detail"], set_by_editor["stat_basis"],
            set_by_editor["confidence"]) == ("az_customs", "State Customs Committee", "azerbaijan", "low")
    assert set_by_editor["note"] == f"figure printed with a comma; accepted in review ({figures[0]})"
    left = trade.loc[after.at[figures[1], "record_id"]]
    assert (left["reporter"], left["reporter_detail"], left["stat_basis"], left["confidence"], left["note"]) == (
        "press_article", "Fixture Press", "not_stated", "normal", f"accepted in review ({figures[1]})")


def test_statements_of_one_event_accepted_with_its_key_are_one_event(folder, tmp_path):
    body = ("On 3 March 2026, Azerbaijan and China signed a memorandum on investment in Baku.\n\n"
            "The memorandum was signed in Baku on 3 March 2026, the ministry said.\n\n"
            "The two presidents met in Beijing on 5 March 2026.\n")
    review.add_article(folder, _article(tmp_path, url="", body=body))
    rows = review.read(folder).rows
    assert list(rows["kind"]) == ["event"] * 3 and set(rows["event_key"]) == {""}
    ids = list(rows["candidate_id"])
    coded = {"actors": "Azerbaijan;China", "policy_areas": "trade"}
    review.save(folder, {ids[0]: {"status": "accepted", "event_key": "2026-03-03-memorandum", **coded},
                         ids[1]: {"status": "accepted", "event_key": "2026-03-03-memorandum", "confidence": "low", **coded},
                         ids[2]: {"status": "accepted", **coded}}, review.read(folder).revision, "Aysel")
    milestones = store.load(folder)["milestones"]
    mine = milestones[milestones["source_id"] == "fx-customs-x"].set_index("milestone_id")
    after = review.read(folder).rows.set_index("candidate_id")
    keys = [mine.at[after.at[cid, "record_id"], "event_key"] for cid in ids]
    # Two statements of the memorandum share its key; the meeting, given none, is its own event.
    assert keys == ["2026-03-03-memorandum", "2026-03-03-memorandum", after.at[ids[2], "record_id"]]
    assert [mine.at[after.at[cid, "record_id"], "confidence"] for cid in ids] == ["normal", "low", "normal"]


def test_a_passage_a_record_in_the_sources_cites_is_kept(folder, tmp_path):
    review.add_article(folder, _article(tmp_path), keep_excerpts=True)
    trade = folder / "sources" / "trade.csv"
    header = trade.read_text(encoding="utf-8").split("\n")[0].split(",")
    written = {"record_id": "fx-direct-1", "reporter": "press_article", "reporter_detail": "Fixture Press",
               "stat_basis": "not_stated", "flow": "exports", "period_start": "2026-01-01", "period_end": "2026-03-31",
               "period_label": "2026 Jan–Mar", "value": "53.3", "unit": "usd_million", "qualifier": "exact",
               "source_id": "fx-customs-x", "source_sentence": EXPORTS, "confidence": "normal"}
    with trade.open("a", encoding="utf-8") as out:
        out.write(",".join(f'"{written.get(h, "")}"' for h in header) + "\n")
    build.build(folder)
    rows = review.read(folder).rows
    exports = list(rows.loc[rows["sentence"] == EXPORTS, "candidate_id"])
    review.save(folder, {cid: {"status": "rejected"} for cid in exports}, review.read(folder).revision, "Aysel")
    assert EXPORTS in records.read_article(folder / "articles" / "fx-customs-x.md", "x")[0]["text"]


def test_a_sentence_over_two_lines_is_cited_as_its_stored_passage(folder, tmp_path):
    body = ("Trade grew.\n\nIn the first quarter of 2026, trade turnover between Azerbaijan and China amounted to\n"
            "$748,8 million,   the State Customs Committee reported.\n")
    review.add_article(folder, _article(tmp_path, body=body), keep_excerpts=True)
    row = review.read(folder).rows.iloc[0]
    assert row["sentence"] == FIRST
    review.save(folder, {row["candidate_id"]: {"status": "accepted"}}, review.read(folder).revision, "Aysel")
    assert store.load(folder).problems == []


def test_an_excerpt_of_a_source_already_cited_keeps_the_sentences_its_records_cite(folder, tmp_path):
    """A source data/sources already cites (a record written there before the article was added):
    the excerpt keeps that record's sentence, here two of the text's sentences cited together."""
    together = ("In 2025 as a whole, turnover between the two countries exceeded $4,8 billion, and China remained "
                "Azerbaijan's third-largest trading partner.")
    sources = folder / "sources" / "sources.csv"
    header = sources.read_text(encoding="utf-8").split("\n")[0].split(",")
    with sources.open("a", encoding="utf-8") as out:
        out.write(",".join(f'"{v}"' for v in ({"source_id": "fx-customs-x", "kind": "news_report",
                  "title": "Trade with China grows", "publisher": "Fixture Press", "published": "2026-04-14",
                  "published_label": "2026-04-14", "url": "https://example.org/news/customs-q1",
                  "reliability": "normal"}.get(h, "") for h in header)) + "\n")
    trade = folder / "sources" / "trade.csv"
    header = trade.read_text(encoding="utf-8").split("\n")[0].split(",")
    cited = f"{EXPORTS} {together}"
    row = {"record_id": "fx-earlier", "reporter": "press_article", "reporter_detail": "Fixture Press",
           "stat_basis": "not_stated", "flow": "turnover", "period_start": "2025-01-01", "period_end": "2025-12-31",
           "period_label": "2025", "value": "4800", "unit": "usd_million", "qualifier": "more_than",
           "source_id": "fx-customs-x", "source_sentence": cited, "confidence": "normal"}
    with trade.open("a", encoding="utf-8") as out:
        out.write(",".join(f'"{row.get(h, "")}"' for h in header) + "\n")
    build.build(folder)
    review.add_article(folder, _article(tmp_path), keep_excerpts=True)
    stored = records.read_article(folder / "articles" / "fx-customs-x.md", "x")[0]["text"]
    passages = [stored[a:b] for a, b in text.paragraph_spans(stored)]
    assert passages[-1] == cited and EXPORTS not in passages and together not in passages
    assert store.load(folder).problems == []
