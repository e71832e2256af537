"""The offline briefing pack: a deck as one self-contained HTML file, and the same as a PDF.

Everything is inside the file: charts as inline SVG (the same chart functions and export as the
pages' PNG/SVG downloads), no script, no font, no image fetched from anywhere. Made to be printed:
A4 landscape, each chart drawn at exactly the text width in print type (nothing under 9 pt, one
named font both engines measure alike), so the PDF's charts are vectors at full width. It holds the key
figures, each slide (title, takeaway, chart or lines, permalink), the milestones of the deck's
timeline views, a numbered list of every source cited with its address, and the data version.
Every text from the data is escaped.
"""

from __future__ import annotations

import html as markup
import re
from dataclasses import replace

import pandas as pd

from tradeviz import charts, export, state
from tradeviz.store import Dataset
from tradeviz.views import deck, overview, timeline

MAX_MILESTONES = 80
# A4 landscape less its margins (297 − 2 × 14 mm wide, 210 − 12 − 14 mm tall) in CSS pixels (96 to
# the inch): each chart is drawn at exactly the text width, so printed it is neither scaled down
# (its type would shrink under 9 pt) nor up.
PAGE_MARGINS_MM = (12, 14, 14, 14)
TEXT_WIDTH_PX = round((297 - 2 * 14) / 25.4 * 96)
TEXT_HEIGHT_PX = round((210 - 12 - 14) / 25.4 * 96)
# What a slide's heading, takeaway, source line and permalink leave its chart, and what figures or
# a card above the chart take from it.
CHART_HEIGHT_PX = 500
FIGURES_PX, CARD_PX = 70, 90
STYLE = f"""
@page {{ size: A4 landscape; margin: {' '.join(f'{m}mm' for m in PAGE_MARGINS_MM)};
        @bottom-right {{ content: counter(page) " / " counter(pages); font: 9pt "DejaVu Sans", sans-serif;
                         color: #555; }} }}
html {{ font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #1a1a1a; line-height: 1.35; }}
body {{ margin: 0; }}
@media screen {{ body {{ max-width: {TEXT_WIDTH_PX}px; margin: 24px auto; padding: 0 16px; }}
                  section.slide {{ margin-top: 32px; padding-top: 16px; border-top: 1px solid #ccc; }} }}
h1 {{ font-size: 20pt; margin: 0 0 4pt; }}
h2 {{ font-size: 15pt; margin: 0 0 4pt; }}
section.slide {{ break-before: page; }}
.takeaway {{ font-size: 11.5pt; margin: 0 0 6pt; }}
.meta, .permalink, .sources-cited, .links {{ font-size: 9pt; color: #444; margin: 3pt 0; }}
.links {{ border-left: 3pt solid #c8a000; padding-left: 6pt; }}
.permalink a {{ word-break: break-all; }}
.figures {{ display: flex; gap: 28pt; margin: 8pt 0; }}
.figure .value {{ font-size: 20pt; font-weight: bold; }}
.figure .label, .figure .change {{ font-size: 9.5pt; color: #333; }}
.chart {{ margin: 4pt 0; break-inside: avoid; }}
.chart svg {{ display: block; width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 9pt; width: 100%; }}
td, th {{ border-bottom: 0.5pt solid #ccc; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
tr {{ break-inside: avoid; }}
ol.sources li {{ font-size: 9pt; margin-bottom: 2pt; overflow-wrap: anywhere; }}
.sentence {{ font-style: italic; }}
ul {{ margin: 4pt 0; }}
"""
LOCAL_LINKS = ("The links in this pack are local: they open the dashboard only where it was served ({origin}). "
               "Set TRADEVIZ_PUBLIC_URL on the server to give them an address others can open.")


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


def chart_height(slide) -> int:
    """The height a slide's chart is drawn at on its page: what its figures or card leave."""
    return CHART_HEIGHT_PX - (FIGURES_PX if slide.figures else 0) - (CARD_PX if slide.card is not None else 0)


def chart_svg(chart, prefix: str, height: int = CHART_HEIGHT_PX, heading: str = "") -> str:
    """The chart as inline SVG for print: the text width wide, `height` tall (a timeline as tall
    as its rows), in print type, its ids prefixed so charts on one page never share one. The
    slide's heading is its title and its numbered sources its source line: the chart keeps only
    its subtitle (what its marks mean), unless the `heading` says it already."""
    laid_out = charts.variant(chart, charts.PRINT.variant)
    subtitle = "" if laid_out.subtitle.lower() in heading.lower() else laid_out.subtitle
    bare = replace(laid_out, spec={**laid_out.spec, "title": {"text": "", "subtitle": subtitle}}, source_note="")
    svg = export.chart_svg(charts.presented(bare, TEXT_WIDTH_PX, height, lettering=charts.PRINT))
    return _unique_ids(_HIDDEN_TEXT.sub("", svg), prefix)


# Labels Vega hides where they would overlap (drawn with opacity 0): invisible on paper, they
# would still be the PDF's text, read out and copied.
_HIDDEN_TEXT = re.compile(r'<text\b[^>]*\bopacity="0"[^>]*>.*?</text>', re.S)


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


def html_pack(dataset: Dataset, slides, origin: str = "", public: bool = False) -> str:
    """The whole pack as one HTML document. Permalinks start with `origin`; unless it is the
    public address (`public`), the pack says its links are local."""
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
        "" if public else f'<p class="links">{_e(LOCAL_LINKS.format(origin=origin or "no address"))}</p>',
        "<h2>Key figures</h2>", _figures([(h.label, h.value, h.delta or "") for h in (key.turnover, key.rank) if h]
                                         + [("Events recorded", str(key.events), "")]),
        f'<p class="sources-cited">{_cites(key.source_ids, number)}</p>',
    ]
    for index, slide in enumerate(slides, start=1):
        parts.append(_slide(slide, index, origin, number, public))
    # A header row that printing repeats on each page the table runs over.
    parts.append('<section class="slide"><h2>Milestones</h2><table><thead><tr><th>Date</th><th>Event</th>'
                 "<th>Source</th></tr></thead><tbody>")
    for row in milestones.itertuples(index=False):
        planned = " (planned)" if row.status == "planned" else ""
        parts.append(f"<tr><td>{_e(row.date_label)}</td><td>{_e(row.title)}{planned}</td>"
                     f"<td>[{number.get(str(row.source_id), '')}]</td></tr>")
    parts.append("</tbody></table></section>")
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


def _slide(slide, index: int, origin: str, number: dict[str, int], public: bool = False) -> str:
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
        out.append(f'<div class="chart">{chart_svg(slide.chart, f"s{index}-", chart_height(slide), slide.title)}</div>')
    if slide.items:
        out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in slide.items) + "</ul>")
    out.append(f'<p class="sources-cited">{_cites(slide.source_ids, number)}</p>')
    where = "Permalink" if public else "Permalink (local: opens only where the dashboard was served)"
    out.append(f'<p class="permalink">{where}: <a href="{_e(link)}">{_e(link)}</a></p></section>')
    return "".join(out)


html = html_pack  # the name the Deck page calls


def pdf(dataset: Dataset, slides, origin: str = "", public: bool = False) -> bytes:
    """The pack as PDF (`pdf_of` its HTML)."""
    return pdf_of(html_pack(dataset, slides, origin, public))


def pdf_of(document: str) -> bytes:
    """An HTML document as PDF (WeasyPrint: HTML and inline SVG to vector PDF, offline; its text
    stays text). Imported here: the library needs the Pango text library, which a machine
    without it reports on first use."""
    from weasyprint import HTML

    return HTML(string=document).write_pdf()
