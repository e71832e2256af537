"""The offline briefing pack: a deck as one self-contained HTML file, and the same as a PDF.

Everything is inside the file: charts as inline SVG (the same chart functions and export as the
pages' PNG/SVG downloads), no script, no font, no image fetched from anywhere. It holds the key
figures, each slide (title, takeaway, chart or lines, permalink), the milestones of the deck's
timeline views, a numbered list of every source cited with its address, and the data version.
Every text from the data is escaped.
"""

from __future__ import annotations

import html as markup
import re

import pandas as pd

from tradeviz import export, state
from tradeviz.store import Dataset
from tradeviz.views import deck, overview, timeline

MAX_MILESTONES = 80
STYLE = """
@page { size: A4 landscape; margin: 12mm 14mm; }
body { font-family: sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 1100px; padding: 16px; line-height: 1.4; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 0 0 6px; }
section.slide { page-break-before: always; break-before: page; margin-top: 28px; }
.takeaway { font-size: 17px; margin: 0 0 10px; }
.meta, .permalink, .sources-cited { font-size: 12px; color: #444; }
.figures { display: flex; gap: 36px; margin: 12px 0; }
.figure .value { font-size: 30px; font-weight: bold; }
.figure .label, .figure .change { font-size: 13px; color: #333; }
.chart svg { width: auto; height: auto; max-width: 100%; max-height: 100mm; display: block; }
@media screen { .chart svg { max-height: none; width: 100%; } }
table { border-collapse: collapse; font-size: 12px; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
ol.sources li { font-size: 12px; margin-bottom: 3px; word-break: break-all; }
.sentence { font-style: italic; }
"""


def _e(text) -> str:
    return markup.escape("" if text is None else str(text), quote=True)


_ID = re.compile(r'\bid="([^"]+)"')


def _unique_ids(svg: str, prefix: str) -> str:
    """An SVG's ids prefixed, so two charts in one page never share a clip path."""
    ids = set(_ID.findall(svg))
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}{name})").replace(f'href="#{name}"', f'href="#{prefix}{name}"')
    return svg


def chart_svg(chart, prefix: str) -> str:
    return _unique_ids(export.chart_svg(export.image_spec(chart, "16:9")), prefix)


def milestones_of(dataset: Dataset, slides) -> pd.DataFrame:
    """The events of the deck's timeline views (each event once, in date order), or, when the
    deck has none, of the default timeline view."""
    links = [s.link for s in slides if s.page == "timeline"] or ["timeline"]
    frames = []
    for link in links:
        _, query = deck.split_link(link)
        values = state.from_query(timeline.params(dataset), query).state | {"story": False, "milestone": ""}
        shown = timeline.select(dataset, values).shown
        if not shown.empty:
            frames.append(shown.take(["event_key", "date_start", "date_label", "title", "status", "source_id"]))
    if not frames:
        return pd.DataFrame(columns=["event_key", "date_start", "date_label", "title", "status", "source_id"])
    events = pd.concat(frames).drop_duplicates("event_key").sort_values("date_start", kind="stable")
    return events.tail(MAX_MILESTONES)


def html_pack(dataset: Dataset, slides, origin: str = "") -> str:
    """The whole pack as one HTML document."""
    key = overview.select(dataset, {})
    milestones = milestones_of(dataset, slides)
    cited = [s for s in slides]
    extra = deck.Slide("", "", source_ids=tuple(milestones["source_id"].astype("str")) + key.source_ids)
    sources = deck.sources_of([*cited, extra], dataset)
    number = {s["source_id"]: s["number"] for s in sources}
    deck_link = state.permalink(origin, deck.PAGE, deck.deck_query(deck.params(dataset), tuple(s.link for s in slides)))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(deck.DECK_TITLE)} — briefing pack</title>", f"<style>{STYLE}</style></head><body>",
        f"<h1>{_e(deck.DECK_TITLE)}</h1>",
        f'<p class="meta">Briefing pack from tradeviz · data version {_e(dataset.version)} · '
        f"{len(slides)} slides · every figure with its source, numbered at the end.</p>",
        f'<p class="permalink">The deck: <a href="{_e(deck_link)}">{_e(deck_link)}</a></p>',
        "<h2>Key figures</h2>", _figures([(h.label, h.value, h.delta or "") for h in (key.turnover, key.rank) if h]
                                         + [("Events recorded", str(key.events), "")]),
        f'<p class="sources-cited">{_cites(key.source_ids, number)}</p>',
    ]
    for index, slide in enumerate(slides, start=1):
        parts.append(_slide(slide, index, origin, number))
    parts.append('<section class="slide"><h2>Milestones</h2><table><tr><th>Date</th><th>Event</th>'
                 "<th>Source</th></tr>")
    for row in milestones.itertuples(index=False):
        planned = " (planned)" if row.status == "planned" else ""
        parts.append(f"<tr><td>{_e(row.date_label)}</td><td>{_e(row.title)}{planned}</td>"
                     f"<td>[{number.get(str(row.source_id), '')}]</td></tr>")
    parts.append("</table></section>")
    parts.append('<section class="slide"><h2>Sources</h2><ol class="sources">')
    for source in sources:
        text = ", ".join(x for x in (source["title"], source["publisher"], source["published"]) if x)
        address = f' — <a href="{_e(source["url"])}">{_e(source["url"])}</a>' if source["url"] else ""
        parts.append(f'<li id="source-{source["number"]}">{_e(text)}{address}</li>')
    parts.append("</ol>")
    parts.append(f'<p class="meta">Data version {_e(dataset.version)}. Figures are as each source states them '
                 "(with their qualifier and rounding); derived values are marked derived.</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _figures(figures) -> str:
    cells = "".join(f'<div class="figure"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div>'
                    f'<div class="change">{_e(change)}</div></div>' for label, value, change in figures)
    return f'<div class="figures">{cells}</div>'


def _cites(source_ids, number: dict[str, int]) -> str:
    found = sorted({number[s] for s in source_ids if s in number})
    return "Sources: " + ", ".join(f"[{n}]" for n in found) if found else ""


def _slide(slide, index: int, origin: str, number: dict[str, int]) -> str:
    page, query = deck.split_link(slide.link)
    link = state.permalink(origin, page, query)
    out = [f'<section class="slide"><h2>{index}. {_e(slide.title)}</h2>']
    if slide.takeaway:
        out.append(f'<p class="takeaway">{_e(slide.takeaway)}</p>')
    if slide.problem:
        out.append(f'<p class="meta">{_e(slide.problem)}</p>')
    if slide.figures:
        out.append(_figures(slide.figures))
    if slide.card is not None:
        card = slide.card
        facts = " · ".join(f"{k}: {v}" for k, v in card.facts)
        out.append(f'<p class="meta">{_e(card.subtitle)} · {_e(facts)}</p>')
        if card.sentence:
            out.append(f'<p class="sentence">“{_e(card.sentence)}”</p>')
    if slide.chart is not None:
        out.append(f'<div class="chart">{chart_svg(slide.chart, f"s{index}-")}</div>')
    if slide.items:
        out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in slide.items) + "</ul>")
    out.append(f'<p class="sources-cited">{_cites(slide.source_ids, number)}</p>')
    out.append(f'<p class="permalink">Permalink: <a href="{_e(link)}">{_e(link)}</a></p></section>')
    return "".join(out)


html = html_pack  # the name the Deck page calls


def pdf(dataset: Dataset, slides, origin: str = "") -> bytes:
    """The pack as PDF (WeasyPrint: HTML and inline SVG to PDF, offline). Imported here: the
    library needs the Pango text library, which a machine without it reports on first use."""
    from weasyprint import HTML

    return HTML(string=html_pack(dataset, slides, origin)).write_pdf()
