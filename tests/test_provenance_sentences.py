"""Provenance never drifts: every trade figure and milestone whose source is an article cites a
sentence that is in that article's text, and the reader highlights exactly that sentence.

Runs on the fixture, on the fixture plus the hostile article, and on the bundled dataset under
data/ when it has been built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hostile import hostile_data
from marks import marks_of
from tradeviz import reader, store, text

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data"
DATASETS = ["fixture", "hostile"] + (["bundled"] if (BUNDLED / "manifest.json").exists() else [])


@pytest.fixture(scope="module", params=DATASETS)
def dataset(request, tmp_path_factory) -> store.Dataset:
    if request.param == "fixture":
        return request.getfixturevalue("fixture_dataset")
    if request.param == "hostile":
        return store.load(hostile_data(tmp_path_factory.mktemp("hostile") / "data"))
    return store.load(BUNDLED)


def article_rows(dataset: store.Dataset) -> list[dict]:
    """(table, id, source_id, sentence) of every trade and milestone row sourced from an article
    (a source of kind article, or one an article is stored for, whole or as excerpts)."""
    articles = (set(dataset["sources"].loc[dataset["sources"]["kind"] == "article", "source_id"])
                | set(dataset["articles"]["source_id"]))
    rows = []
    for table, key in (("trade", "record_id"), ("milestones", "milestone_id")):
        for row in dataset[table].to_dict("records"):
            if row["source_id"] in articles:
                sentence = row["source_sentence"] if isinstance(row["source_sentence"], str) else ""
                rows.append({"table": table, "id": row[key], "source_id": row["source_id"], "sentence": sentence})
    return rows


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def test_dataset_loads_cleanly(dataset):
    assert dataset.problems == []


def test_every_cited_sentence_is_in_its_article(dataset):
    texts = dict(zip(dataset["articles"]["source_id"], dataset["articles"]["text"]))
    rows = article_rows(dataset)
    assert rows, "no row is sourced from an article"
    missing = [f"{r['table']} {r['id']}: article {r['source_id']} is not in the dataset"
               for r in rows if r["source_id"] not in texts]
    missing += [f"{r['table']} {r['id']}: sentence not found in {r['source_id']}: {r['sentence'][:80]!r}"
                for r in rows if r["source_id"] in texts and text.locate(texts[r["source_id"]], r["sentence"]) is None]
    assert missing == []


def test_every_cited_sentence_is_highlighted_and_linked(dataset):
    facts = reader.facts(dataset)
    assert sorted(facts["record_id"]) == sorted(r["id"] for r in article_rows(dataset))
    wrong = []
    for article in dataset["articles"].to_dict("records"):
        article_facts = facts[facts["article_id"] == article["article_id"]]
        marks = marks_of(reader.article_html(article, article_facts))
        for fact in article_facts.to_dict("records"):
            shown = marks.text.get(fact["record_id"], "")
            if squash(shown) != squash(fact["sentence"]):
                wrong.append(f"{fact['record_id']} in {article['article_id']}: highlighted {shown[:60]!r}, "
                             f"cited {fact['sentence'][:60]!r}")
            if reader.fact_url(fact) not in marks.hrefs:
                wrong.append(f"{fact['record_id']}: no link to {reader.fact_url(fact)}")
    assert wrong == []


def test_every_article_reads_in_full(dataset):
    """The reader loses no text: its paragraphs, markup removed, are the article's paragraphs."""
    facts = reader.facts(dataset)
    for article in dataset["articles"].to_dict("records"):
        article_facts = facts[facts["article_id"] == article["article_id"]]
        body = reader.article_html(article, article_facts)
        paragraphs = re.findall(r"<p>(.*?)</p>", body, flags=re.S)
        plain = [marks_of(re.sub(r'<a class="tv-ref".*?</a>', "", p)).all_text for p in paragraphs]
        expected = [article["text"][s:e] for s, e in text.paragraph_spans(article["text"])]
        assert plain == expected
