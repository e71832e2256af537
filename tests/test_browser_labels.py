"""Every title a timeline writes stands at its own mark, in Chromium: on a page 1440 pixels
wide, on a phone 390 wide, on the story slide at 1920×1080 and in the 16:9 image export. Titles
never cover one another or a mark, and count badges never cover one another.

Runs on the bundled data, whose dense years (2024–2026) are where labels used to go wrong."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from browser import PHONE_CONTEXT, streamlit_server, wait_until_idle
from tradeviz import charts, export, state, store
from tradeviz.views import timeline

SHOTS = os.environ.get("TRADEVIZ_SHOTS", "")
CHART = '[data-testid="stVegaLiteChart"]'
SCO_2020 = "timeline?area=sco_security&years_from=2020"
STORY_SLIDE = "deck?present=1&at=6"
# How far (CSS pixels) a title's anchor may sit from its mark's centre: rounding, not design.
NEAR_PX = 3
# The boxes of the titles (by their anchor: centre, start or end), of the milestone marks and
# of the count badges of every timeline drawn under `root`.
MEASURE = f"""(root) => {{
  const box = e => {{ const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }};
  const marks = Array.from(root.querySelectorAll('g.{charts.TIMELINE_POINTS}_marks path'))
    .map(p => ({{name: p.getAttribute('aria-label'), box: box(p)}}));
  const titles = Array.from(root.querySelectorAll('g[class*="{charts.TIMELINE_TITLES}_"] text'))
    .filter(t => t.textContent.trim())
    .map(t => {{
      const [left, top, right, bottom] = box(t);
      const anchor = t.getAttribute('text-anchor') || 'start';
      const x = anchor === 'middle' ? (left + right) / 2 : anchor === 'end' ? right : left;
      return {{text: t.textContent, name: t.getAttribute('aria-label'), x, box: [left, top, right, bottom]}};
    }});
  const badges = Array.from(root.querySelectorAll('g.{charts.TIMELINE_BADGES}_marks text')).map(box);
  return {{marks, titles, badges, frame: box(root)}};
}}"""


def overlap(a, b, slack: float = 0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def inside(box, frame, slack: float = 1.0) -> bool:
    return box[0] >= frame[0] - slack and box[1] >= frame[1] - slack and box[2] <= frame[2] + slack \
        and box[3] <= frame[3] + slack


def problems(found: dict) -> list[str]:
    """What is wrong with the titles, marks and badges measured: a title or mark cut off by the
    chart's edge, a title away from its mark (or without one), titles over titles or marks,
    badges over badges."""
    marks = {m["name"]: m["box"] for m in found["marks"]}
    frame = found["frame"]
    out = [f"{t['text']!r} is cut off by the chart's edge" for t in found["titles"] if not inside(t["box"], frame)]
    out += [f"the mark of {m['name']!r} is cut off by the chart's edge" for m in found["marks"]
            if not inside(m["box"], frame)]
    for title in found["titles"]:
        mark = marks.get(title["name"])
        if mark is None:
            out.append(f"{title['text']!r}: no mark named {title['name']!r}")
        elif abs(title["x"] - (mark[0] + mark[2]) / 2) > NEAR_PX:
            out.append(f"{title['text']!r} at x {title['x']:.1f}, its mark at {(mark[0] + mark[2]) / 2:.1f}")
        out += [f"{title['text']!r} covers a mark" for m in found["marks"] if overlap(title["box"], m["box"])]
    titles = found["titles"]
    out += [f"{a['text']!r} covers {b['text']!r}" for i, a in enumerate(titles) for b in titles[i + 1:]
            if overlap(a["box"], b["box"])]
    badges = found["badges"]
    out += [f"badges at {a} and {b} overlap" for i, a in enumerate(badges) for b in badges[i + 1:] if overlap(a, b)]
    return out


def labelled(found: dict) -> set[str]:
    return {t["name"] for t in found["titles"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


def measured(browser, server, path: str, tmp_path, name: str, phone: bool = False,
             size=(1440, 900)) -> dict:
    options = PHONE_CONTEXT if phone else dict(viewport={"width": size[0], "height": size[1]})
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.goto(f"{server}/{path}")
        page.locator(f"{CHART} g.{charts.TIMELINE_POINTS}_marks path").first.wait_for(state="attached",
                                                                                     timeout=30_000)
        wait_until_idle(page)
        chart = page.locator(CHART).first
        chart.scroll_into_view_if_needed()
        folder = Path(SHOTS) if SHOTS else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        chart.screenshot(path=folder / f"labels-{name}.png")
        return chart.evaluate(MEASURE)
    finally:
        context.close()


@pytest.fixture(scope="module")
def dataset():
    return store.load(store.DATA_DIR)


def view_of(dataset, query: str):
    return timeline.select(dataset, state.from_query(timeline.params(dataset), parse_qs(query)).state)


@pytest.mark.parametrize("phone", [False, True], ids=["1440px", "phone"])
def test_sco_2020_titles_stand_at_their_marks(browser, server, dataset, tmp_path, phone):
    found = measured(browser, server, SCO_2020, tmp_path, f"sco-2020-{'phone' if phone else '1440'}", phone)
    assert problems(found) == []
    # Four or more events carry their title (it was one, under another's mark), among them the
    # Tianjin summit of 1 September 2025, at its own mark, under the title of one of its two
    # statements ("SCO Tianjin summit creates the 'SCO partner' status", "Tianjin Declaration
    # merges observer and dialogue partner into 'SCO partner'").
    assert len(labelled(found)) >= 4 if not phone else len(labelled(found)) >= 2
    assert any("'SCO partner'" in title and title.endswith("(1 September 2025)") for title in labelled(found))


@pytest.mark.parametrize("phone", [False, True], ids=["1440px", "phone"])
def test_default_view_titles_stand_at_their_marks(browser, server, tmp_path, phone):
    found = measured(browser, server, "timeline", tmp_path, f"default-{'phone' if phone else '1440'}", phone)
    assert problems(found) == []
    assert len(labelled(found)) >= (4 if phone else 8)
    # Each event is drawn once: no two milestone marks share a name.
    names = [m["name"] for m in found["marks"]]
    assert len(names) == len(set(names))


def test_story_slide_title_stands_at_its_mark_and_badges_stay_apart(browser, server, tmp_path):
    found = measured(browser, server, STORY_SLIDE, tmp_path, "story-slide", size=(1920, 1080))
    assert problems(found) == []
    assert labelled(found) == {"Aliyev and Xi meet in Tianjin ahead of the SCO summit (31 August 2025)"}
    assert len(found["badges"]) >= 5


@pytest.mark.parametrize("query", [SCO_2020, "timeline", "timeline?years_from=2015&story=1&milestone="
                                   "seed2-2025-08-31-tianjin-meeting"], ids=["sco-2020", "default", "story"])
def test_titles_stand_at_their_marks_in_the_16_9_export(browser, dataset, tmp_path, query):
    view = view_of(dataset, query.split("?", 1)[1] if "?" in query else "")
    chart = view.story.chart if view.story is not None else view.chart
    svg = export.chart_svg(export.image_spec(chart, "16:9"))
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
        folder = Path(SHOTS) if SHOTS else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"labels-export-{query.split('?')[0]}-{len(query)}.png")
        found = page.locator("svg").first.evaluate(MEASURE)
    finally:
        page.close()
    assert problems(found) == []
    assert labelled(found)
