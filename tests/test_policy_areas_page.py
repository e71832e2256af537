"""AppTest of the Policy areas page on the fixture: one card per area, each linking to the
timeline filtered to it, and that link restores exactly that view."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from shown import plain, plains
from tradeviz import store

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "policy_areas.py")
TIMELINE = str(ROOT / "pages" / "timeline.py")


@pytest.fixture
def env(fixture_data, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(fixture_data))


def test_one_card_per_area(env):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Tourism \\& culture", "Trade \\& investment",
                                              "Transport \\& Middle Corridor"]
    assert [(plain(m.label), plain(m.value)) for m in at.metric] == [
        ("Milestones", "3"), ("Figures", "0"),    # m01, m04, m05 (undated)
        ("Milestones", "3"), ("Figures", "13"),   # m01, m02, m03; every trade figure
        ("Milestones", "3"), ("Figures", "1"),    # m03, m06, m07; indicator i01
    ]
    assert at.metric[0].proto.help == "1 of them undated"
    markdown = [m.value for m in at.markdown]
    assert "**Latest event:** Visa exemption in force \\(16 July 2025\\)" in markdown
    assert markdown.count("**Latest event:** Declaration adopted \\(3 July 2024\\)") == 2
    assert "> Azerbaijan has opened a tourism office in China\\." in markdown
    assert "> Between January and July, trade reached \\$84 million, 20% more than a year earlier\\." in markdown
    assert "[Read it in the article](/articles?article=fx-article&record=m05)" in markdown
    assert "[Read it in the article](/articles?article=fx-article&record=f08)" in markdown
    assert [m for m in markdown if m.startswith("[Open on the timeline")] == [
        "[Open on the timeline](/timeline?area=tourism_culture)",
        "[Open on the timeline](/timeline?area=trade)",
        "[Open on the timeline](/timeline?area=transport)",
    ]
    assert "No article passage is tagged with this area yet." in [c.value for c in at.caption]


@pytest.mark.parametrize("area, expected, drawn", [
    ("tourism_culture", ["m01", "m04"], ["m01", "m04"]),
    # m02 and m03 are two statements about one summit: one mark, the first statement's.
    ("trade", ["m01", "m02", "m03"], ["m01", "m02"]),
    ("transport", ["m07", "m06", "m03"], ["m03", "m06", "m07"]),
])
def test_card_link_opens_the_timeline_filtered_to_the_area(env, area, expected, drawn):
    cards = AppTest.from_file(PAGE, default_timeout=60).run()
    link = next(m.value for m in cards.markdown if m.value.endswith(f"(/timeline?area={area})"))
    url = link[link.rindex("](") + 2:-1]
    timeline = AppTest.from_file(TIMELINE, default_timeout=60)
    for key, values in parse_qs(urlsplit(url).query).items():
        timeline.query_params[key] = values
    at = timeline.run()
    assert not at.warning
    assert at.button_group(key="timeline:area").value == [area]
    # The chart draws exactly the area's milestones, and the table lists them in date order.
    marks = pa.ipc.open_stream(at.get("vega_lite_chart")[0].proto.datasets[0].data.data).read_all()
    assert sorted(set(marks.column("milestone_id").to_pylist())) == drawn
    at.session_state["timeline:tab"] = "Milestones in date order"
    at.run()
    assert at.dataframe[0].value["milestone_id"].tolist() == expected


def test_no_areas_explains(tmp_path, monkeypatch):
    monkeypatch.setenv(store.DATA_ENV, str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert plain(at.info[0].value) == "No policy area is stored yet, so there is nothing to show."


def test_bundled_tourism_card_names_the_planned_year_apart(monkeypatch):
    monkeypatch.delenv(store.DATA_ENV, raising=False)
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    shown = plains(at.markdown)
    latest = [m for m in shown if m.startswith("**Latest event:**")]
    assert len(latest) == 8 and not any("Year of Azerbaijani Tourism" in m for m in latest)
    assert "**Planned:** 2026 to be declared the Year of Azerbaijani Tourism in China (2026)" in shown
