"""The Policy areas view on the fixture."""

from tradeviz.views import Link, policy_areas, reader_link
from tradeviz.views.policy_areas import AreaCard


def test_area_cards(fixture_dataset):
    cards = policy_areas.area_cards(fixture_dataset)
    assert cards == [
        AreaCard(
            area_id="tourism_culture", name="Tourism & culture", description="Visas, flights and people-to-people ties.",
            milestones=3, undated=1, figures=0,  # m01, m04 and the undated m05; no indicator
            latest="Visa exemption in force (16 July 2025)",
            passages=[("The first visit took place in 1994.", reader_link("fx-article", "m01")),
                      ("Azerbaijan has opened a tourism office in China.", reader_link("fx-article", "m05"))],
            timeline_link=Link("timeline", "Open on the timeline", {"area": ["tourism_culture"]}),
            source_ids=("fx-customs",)),
        AreaCard(
            area_id="trade", name="Trade & investment", description="Goods trade and investment between the two countries.",
            milestones=3, undated=0, figures=13,  # m01, m02, m03; all 13 trade rows, no indicator
            # m03 (3 July 2024) starts after m02 (1 July 2024).
            latest="Declaration adopted (3 July 2024)",
            # Newest first: f08/f09 (period ending 31 July 2025), then m02; f10 repeats f09's sentence.
            passages=[("Between January and July, trade reached $84 million, 20% more than a year earlier.",
                       reader_link("fx-article", "f08")),
                      ("Exports grew 4.5 times to $4 million, while imports exceeded $80 million.",
                       reader_link("fx-article", "f09")),
                      ("A document was signed at the July 2024 summit.", reader_link("fx-article", "m02"))],
            timeline_link=Link("timeline", "Open on the timeline", {"area": ["trade"]}),
            source_ids=("fx-mirror",)),
        AreaCard(
            area_id="transport", name="Transport & Middle Corridor", description="Rail and sea routes across the Caspian.",
            milestones=3, undated=0, figures=1,  # m03, m06, m07; indicator i01
            latest="Declaration adopted (3 July 2024)", passages=[],  # none of them from an article
            timeline_link=Link("timeline", "Open on the timeline", {"area": ["transport"]}),
            source_ids=("fx-mirror",)),
    ]


def test_area_cards_without_data(tmp_path):
    from tradeviz import store

    empty = store.load(tmp_path)
    assert policy_areas.area_cards(empty) == []
    assert policy_areas.select(empty, {}) == []


def test_a_planned_milestone_is_named_apart_never_the_latest_event(editable_data):
    """m04 (16 July 2025) is the tourism area's latest event; once marked planned, the latest is
    the 1994 visit and m04 is listed as planned."""
    import csv

    from tradeviz import build, store

    path = editable_data / "sources" / "milestones.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["milestone_id"] == "m04":
            row["status"] = "planned"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    build.build(editable_data)
    cards = {c.area_id: c for c in policy_areas.area_cards(store.load(editable_data))}
    assert cards["tourism_culture"].latest == "First official visit (1994)"
    assert cards["tourism_culture"].planned == "Visa exemption in force (16 July 2025)"
    assert cards["trade"].planned is None
