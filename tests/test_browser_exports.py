"""Every exportable chart, drawn as its PNG/SVG export at 16:9 and 4:3, measured in Chromium:
no text and no mark may fall outside the image, and the source line is there in full."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradeviz import export, store
from tradeviz.views import defaults, overview, timeline, trade

DATA = Path(__file__).resolve().parents[1] / "data"

# Every element Vega draws, measured as the browser lays it out. Marks clipped to the plot
# (`clip: true`) cannot leave it, so they are measured by their clipping group instead.
MEASURE = """
(size) => {
  const svg = document.querySelector("svg");
  const frame = svg.getBoundingClientRect();
  const out = [];
  for (const el of svg.querySelectorAll("text, path, rect, line, circle, image")) {
    if (el.closest("[clip-path]") || el.closest("defs")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const left = box.left - frame.left, top = box.top - frame.top;
    if (left < -0.5 || top < -0.5 || left + box.width > size[0] + 0.5 || top + box.height > size[1] + 0.5) {
      out.push([el.tagName, (el.textContent || el.getAttribute("aria-label") || "").slice(0, 60),
                Math.round(left), Math.round(top), Math.round(box.width), Math.round(box.height)]);
    }
  }
  return {outside: out, width: frame.width, height: frame.height,
          text: Array.from(svg.querySelectorAll("text")).map(t => t.textContent).join(" ")};
}
"""


def exportable_charts():
    """The charts a page offers as images: each page's default view and filtered ones."""
    dataset = store.load(DATA)
    t = defaults(trade.params(dataset))
    tl = defaults(timeline.params(dataset))
    tianjin = "seed2-2025-08-31-tianjin-meeting"
    views = {
        "overview": overview.select(dataset, {}).chart,
        "trade default": trade.select(dataset, t).chart,
        "trade turnover": trade.select(dataset, t | {"flow": ("turnover",)}).chart,
        "trade exports imports balance index": trade.select(
            dataset, t | {"flow": ("exports", "imports"), "measure": "index", "years": (2016, 2025)}).chart,
        "trade part-year": trade.select(dataset, t | {"periods": "partial"}).chart,
        "trade every figure with milestones": trade.select(dataset, t | {"periods": "all", "milestones": True}).chart,
        "trade mirror": trade.select(dataset, t | {"years": (2016, 2025)}).section("mirror").chart,
        # 2016, not 2017: the figure the charts use for 2017 is customs' "close to $1.3 billion" (a
        # bound, so 2017 could be zero and no growth from it is drawn).
        "trade comparison": trade.select(dataset, t | {"a": "2016", "b": "2025"}).comparison.chart,
        "timeline default": timeline.select(dataset, tl).chart,
        "timeline Tianjin selected": timeline.select(dataset, tl | {"years": (2019, 2026), "milestone": tianjin}).chart,
        "timeline kinds with turnover": timeline.select(dataset, tl | {"lane": "kind", "trade": True,
                                                                      "years": (2015, 2025)}).chart,
        "timeline one area": timeline.select(dataset, tl | {"area": ("sco_security",)}).chart,
    }
    return [(name, chart) for name, chart in views.items()]


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 2000, "height": 1200})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("size", list(export.IMAGE_SIZES))
@pytest.mark.parametrize(("name", "chart"), exportable_charts(), ids=[n for n, _ in exportable_charts()])
def test_export_keeps_every_mark_and_the_whole_source_line_inside(page, name, chart, size, tmp_path):
    assert chart is not None, name
    width, height = export.IMAGE_SIZES[size]
    svg = export.chart_svg(export.image_spec(chart, size))
    page.set_content(f'<html><body style="margin:0">{svg}</body></html>')
    measured = page.evaluate(MEASURE, [width, height])
    assert (measured["width"], measured["height"]) == (width, height)
    assert measured["outside"] == [], f"{name} at {size}: drawn outside the image"
    # The source line is complete: every source named, nothing cut. (A wrapped line is drawn as
    # one text per line, so compare without the spaces where lines break.)
    drawn = re.sub(r"\s+", "", measured["text"])
    assert chart.source_note and re.sub(r"\s+", "", chart.source_note) in drawn, f"{name}: source line cut"


def test_the_measure_finds_text_outside_the_image(page):
    """The check above can fail: a label running past the right edge is found."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
           '<text x="350" y="100" font-size="20">State Council Information Office</text></svg>')
    page.set_content(f'<html><body style="margin:0">{svg}</body></html>')
    outside = page.evaluate(MEASURE, [400, 200])["outside"]
    assert [row[:2] for row in outside] == [["text", "State Council Information Office"]]
