"""On a phone (390×844, a phone's user agent, Chromium), every page's text stays whole: each text
node's boxes lie inside the screen and inside any box that would clip them, and no chart writes a
label over one of its marks.

Text hidden on purpose is not text cut: a collapsed sidebar slid off the screen, a skip link
clipped to one pixel for screen readers, a box scrolled sideways on purpose (tables)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser import streamlit_server, wait_until_idle
from tradeviz import charts, site

SHOTS = os.environ.get("TRADEVIZ_SHOTS", "")
# Every page, and the search with a query whose hits have long titles.
PATHS = [page.url_path for page in site.PAGES] + ["search?q=Tianjn"]
# Each text node's boxes (Range.getClientRects) against the screen and against every ancestor
# that clips what overflows it (overflow hidden or clip, or an SVG drawing).
CUT_TEXT = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const clippers = el => {
    const found = [];
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (['hidden', 'clip'].includes(style.overflowX) || a instanceof SVGSVGElement) found.push(a);
    }
    return found;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('template, script, style, noscript, title')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const own = el.getBoundingClientRect();
    if (own.width <= 1 || own.height <= 1) continue;            // visually hidden (skip link)
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      if (r.right <= 0 || r.left >= width || r.bottom + window.scrollY <= 0) continue;   // off the page
      if (r.right > width + 0.5 || r.left < -0.5) {
        out.push(`"${text.slice(0, 60)}" runs off the screen (${Math.round(r.left)}–${Math.round(r.right)} px)`);
        continue;
      }
      const cut = clippers(el).find(a => {
        const b = a.getBoundingClientRect();
        return r.right > b.right + 0.5 || r.left < b.left - 0.5;
      });
      if (cut) out.push(`"${text.slice(0, 60)}" is cut by its box (${Math.round(r.left)}–${Math.round(r.right)} px)`);
    }
  }
  return out;
}"""
# In each chart: axis labels and text marks (not the count badges, written on their marks on
# purpose) against the point marks.
LABELS_ON_MARKS = f"""() => {{
  const box = e => e.getBoundingClientRect();
  const over = (a, b) => a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom && b.top + 1 < a.bottom;
  const out = [];
  for (const svg of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')) {{
    const marks = Array.from(svg.querySelectorAll('g.mark-symbol.role-mark path')).map(box);
    const labels = Array.from(svg.querySelectorAll(
      'g.role-axis-label text, g.mark-text.role-mark:not(.{charts.TIMELINE_BADGES}_marks) text'))
      .filter(t => t.textContent.trim() && +getComputedStyle(t).opacity !== 0);
    for (const label of labels) {{
      if (marks.some(m => over(box(label), m))) out.push(`"${{label.textContent}}" is written over a mark`);
    }}
  }}
  return out;
}}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.mark.parametrize("path", PATHS)
def test_no_text_is_cut_and_no_label_is_over_a_mark(phone, server, path, tmp_path):
    phone.goto(f"{server}/{path}")
    phone.locator("h1").first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(phone)
    # Every chart drawn (a rerun may draw one again), then measured.
    charts_ = phone.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts_.count()):
        charts_.nth(i).locator("svg.marks").wait_for(state="visible", timeout=30_000)
    wait_until_idle(phone)
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=folder / f"phone-text-{path.split('?')[0]}.png")
    assert phone.evaluate(CUT_TEXT) == []
    assert phone.evaluate(LABELS_ON_MARKS) == []
