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
    """Whole articles (the seeds); an article kept as excerpts holds only cited sentences, which
    tests/test_record_targets.py checks."""
    cited = set(dataset["trade"]["source_sentence"].dropna()) | set(dataset["milestones"]["source_sentence"].dropna())
    uncited = []
    whole = dataset["articles"][dataset["articles"]["content"] == "full"]
    assert len(whole) >= 2
    for article in whole.itertuples():
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
    # China-side $964m, the minister's ~$1.2bn and ~$1.3bn, and customs' "close to $1.3bn" (Xinhua):
    # four claims, none averaged away.
    assert sorted(turnover_2017["value"]) == [964.0, 1200.0, 1300.0, 1300.0]
    jan_jul_2025 = trade[(trade["flow"] == "turnover") & (trade["period_label"] == "2025 Jan–Jul")]
    # Lu Mei's $2.45bn and the seed's and Deputy PM Mustafayev's $2.5bn.
    assert sorted(jan_jul_2025["value"]) == [2450.0, 2500.0, 2500.0]


def test_the_one_belt_one_road_and_middle_corridor_claims_are_records(dataset):
    """Issue 10: the 31 August 2025 article's claims about Azerbaijan's place in the Belt and
    Road Initiative and on the Middle Corridor are records, each with its sentence."""
    milestones = dataset["milestones"].set_index("milestone_id")
    article = dataset["articles"].set_index("article_id").loc["seed-2025-08-31", "text"]
    for record, words in (("seed2-bri-key-link", "key link in the “One Belt, One Road” initiative"),
                          ("seed2-middle-corridor-access", "crucial Middle Corridor routes")):
        row = milestones.loc[record]
        assert words in row["source_sentence"] and row["source_sentence"] in article
        assert row["source_id"] == "seed-2025-08-31" and "transport" in list(row["policy_areas"])


def test_the_sco_dialogue_partner_and_observer_application_claim_is_a_record(dataset):
    """Issue 24: "…where the country is a dialogue partner and has applied for observer status" is
    a claim of its own, citing the seed's sentence exactly, beside China's support it also states."""
    milestones = dataset["milestones"].set_index("milestone_id")
    article = dataset["articles"].set_index("article_id").loc["seed-2025-08-31", "text"]
    row = milestones.loc["seed2-sco-observer-application"]
    assert row["title"] == "Azerbaijan, an SCO dialogue partner, has applied for observer status"
    assert "is a dialogue partner and has applied for observer status" in row["source_sentence"]
    assert row["source_sentence"] in article and row["source_id"] == "seed-2025-08-31"
    assert (row["kind"], row["status"], row["date_precision"]) == ("status", "occurred", "undated")
    support = milestones.loc["seed2-sco-dialogue-partner"]
    assert support["summary"] == "Beijing supports Azerbaijan's growing role in the Shanghai Cooperation Organization."


def test_announced_events_are_planned_never_the_latest_event(dataset):
    """Issue 10: "2026 is set to be declared the Year of Azerbaijani Tourism in China" is still to
    come at the article's date, and so is the state visit the 22 April 2025 article announces."""
    from tradeviz.views import policy_areas

    milestones = dataset["milestones"].set_index("milestone_id")
    assert set(milestones.index[milestones["status"] == "planned"]) == {
        "seed1-2026-year-of-tourism", "seed1-upcoming-state-visit"}
    tourism = next(c for c in policy_areas.area_cards(dataset) if c.area_id == "tourism_culture")
    assert "Year of Azerbaijani Tourism" not in (tourism.latest or "")
    assert tourism.planned == "2026 to be declared the Year of Azerbaijani Tourism in China (2026)"


def test_the_readme_coverage_table_states_the_bundled_counts(dataset):
    """Issue 22: the README's coverage table and events line are the counts of the bundled data."""
    from tradeviz import coverage, metrics

    found = coverage.cells(metrics.preferred(dataset["trade"], dataset["sources"]))
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Coverage"):readme.index("COVERAGE.md")]
    lines = section.splitlines()
    first = lines.index("| flow | years with an annual figure | which years |")
    table = lines[first:lines.index("", first)]
    assert table == coverage.summary_lines(coverage.summary(found))
    assert coverage.event_line(coverage.event_summary(dataset["milestones"])) in section
