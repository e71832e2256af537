"""The bundled dataset keeps the promises the README makes about provenance and coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradeviz import store

DATA = Path(__file__).resolve().parents[1] / "data"
# "the 21st century" is a figure of speech, not a figure.
NOT_A_FIGURE = re.compile(r"\b\d+(st|nd|rd|th) century\b")


@pytest.fixture(scope="module")
def dataset():
    loaded = store.load(DATA)
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.mark.parametrize("table", ["trade", "milestones", "indicators"])
def test_every_row_names_an_existing_source_and_its_sentence_or_address(dataset, table):
    sources = dataset["sources"].set_index("source_id")
    rows = dataset[table]
    assert rows["source_id"].isin(sources.index).all()
    for row in rows.itertuples():
        source = sources.loc[row.source_id]
        if source["kind"] == "article":
            assert isinstance(row.source_sentence, str) and row.source_sentence.strip(), row
        else:
            assert isinstance(source["url"], str) and source["url"].startswith("http"), row.source_id


def test_every_sentence_of_a_seed_article_with_a_number_is_cited(dataset):
    cited = set(dataset["trade"]["source_sentence"].dropna()) | set(dataset["milestones"]["source_sentence"].dropna())
    uncited = []
    for article in dataset["articles"].itertuples():
        for sentence in re.split(r"(?<=[.!?])\s+", article.text):
            if re.search(r"\d", NOT_A_FIGURE.sub("", sentence)) and not any(c in sentence for c in cited):
                uncited.append((article.article_id, sentence))
    assert uncited == []


def test_seed_milestones_run_from_the_1994_visit_to_the_tianjin_meeting(dataset):
    seeds = dataset["milestones"][dataset["milestones"]["source_id"].str.startswith("seed-")]
    dated = seeds.dropna(subset=["date_start"]).sort_values("date_start")
    assert str(dated.iloc[0]["date_label"]) == "1994" and "Heydar Aliyev" in dated.iloc[0]["title"]
    tianjin = seeds[seeds["title"].str.contains("Tianjin")]
    assert [str(d.date()) for d in tianjin["date_start"]] == ["2025-08-31"]


def test_disagreeing_statistics_are_all_kept(dataset):
    trade = dataset["trade"]
    turnover_2017 = trade[(trade["flow"] == "turnover") & (trade["period_label"] == "2017")]
    # China-side $964m, and the minister's ~$1.2bn and ~$1.3bn: three claims, none averaged away.
    assert sorted(turnover_2017["value"]) == [964.0, 1200.0, 1300.0]
    jan_jul_2025 = trade[(trade["flow"] == "turnover") & (trade["period_label"] == "2025 Jan–Jul")]
    assert sorted(jan_jul_2025["value"]) == [2450.0, 2500.0]
