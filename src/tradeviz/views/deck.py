"""The Deck page: a briefing as an ordered list of saved views, one slide each.

A deck lives in the URL (`/deck?s=trade%3Fflow%3Dturnover&s=timeline&at=2&present=1`), so it
survives a reload and can be sent. Each slide is a permalink of a page (its path and query,
without the data version); the slide shows what that page would show, as a title, a one-line
takeaway from the data, its chart (the page's own chart function, presented larger) or its
figures, and the sources. A link that no longer opens a view becomes a slide saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from tradeviz import charts, provenance, site, state, words
from tradeviz.store import Dataset
from tradeviz.views import RecordCard, memoized, overview, policy_areas, products, timeline, trade

PAGE = "deck"
DECK_TITLE = "Azerbaijan–China at a glance"
# The default deck: headline figures, annual turnover, exports/imports/balance, mirror
# statistics, key milestones, the Tianjin meeting of 31 August 2025, policy areas.
DEFAULT_DECK = (
    "overview",
    "trade?flow=turnover",
    "trade?flow=exports&flow=imports&flow=balance&years_from=2016",
    "trade?years_from=2016&tab=mirror",
    "timeline?years_from=2015",
    "timeline?years_from=2015&story=1&milestone=seed2-2025-08-31-tianjin-meeting",
    "policy-areas",
)
SCREENS = {"1080": "1920 × 1080", "720": "1280 × 720"}
# Height of a slide's chart on each screen: what the title, the takeaway, the source line and
# the slide controls leave.
CHART_HEIGHT = {"1080": 700, "720": 430}
MAX_SLIDES = 40
# Pages a slide can show, by URL path.
VIEWS = {"overview": overview, "trade": trade, "timeline": timeline, "policy-areas": policy_areas,
         "products": products}


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    return (
        state.Param("s", "texts", default=DEFAULT_DECK, label="Slides", widget=""),
        state.Param("at", "int", default=1, bounds=(1, MAX_SLIDES), label="Slide", widget=""),
        state.Param("present", "flag", default=False, label="Present", widget=""),
        state.Param("screen", "choice", default="1080", options=tuple(SCREENS), label="Screen",
                    widget="segmented", labels=SCREENS),
    )


@dataclass(frozen=True)
class Slide:
    """What one slide shows. Every text is plain (the page escapes it), except `source_markdown`,
    built escaped by `provenance`."""

    link: str                                    # page path and query, e.g. "trade?flow=turnover"
    title: str
    takeaway: str = ""
    chart: charts.ChartSpec | None = None
    figures: tuple[tuple[str, str, str], ...] = ()   # (label, value, change)
    items: tuple[str, ...] = ()                  # lines of a slide without a chart
    card: RecordCard | None = None               # one event told in full (a story slide)
    source_ids: tuple[str, ...] = ()
    problem: str = ""                            # why the link shows nothing

    @property
    def page(self) -> str:
        return split_link(self.link)[0]


def split_link(link: str) -> tuple[str, dict[str, list[str]]]:
    """'trade?flow=exports' -> ('trade', {'flow': ['exports']}); '' or '/' is the Overview."""
    parts = urlsplit(link)
    path = parts.path.strip("/") or site.DEFAULT
    return path, parse_qs(parts.query, keep_blank_values=True)


def link_of(page: str, query: dict[str, list[str]]) -> str:
    """A slide link from a page and its query, the data version left out (a slide shows the
    current data)."""
    kept = {k: v for k, v in query.items() if k != state.VERSION_KEY}
    text = urlencode([(k, v) for k, values in kept.items() for v in values])
    return f"{page}?{text}" if text else page


@memoized
def slide(dataset: Dataset, values: dict) -> Slide:
    """The slide a link shows (`values["link"]`), built by the page's own view."""
    link = values["link"]
    page, query = split_link(link)
    module = VIEWS.get(page)
    if module is None:
        name = site.BY_PATH[page].title if page in site.BY_PATH else page
        return Slide(link, name, problem=f"The {name} page has no slide: add a view of Overview, Trade, Products, "
                                         "Timeline or Policy areas.")
    decoded = state.from_query(module.params(dataset), query)
    problem = "; ".join(decoded.notices)
    return _SLIDES[page](dataset, link, decoded.state, problem)


def _overview_slide(dataset, link, values, problem) -> Slide:
    shown = overview.select(dataset, values)
    figures = tuple((h.label, h.value, h.delta or "") for h in (shown.turnover, shown.rank) if h is not None)
    figures += (("Events recorded", str(shown.events), ""),)
    return Slide(link, "Azerbaijan–China relations at a glance", overview.takeaway(shown), chart=shown.chart,
                 figures=figures, source_ids=shown.source_ids, problem=problem)


def _trade_slide(dataset, link, values, problem) -> Slide:
    shown = trade.select(dataset, values)
    chart = shown.chart
    title = shown.heading
    if values["tab"] == "mirror":
        chart = shown.section("mirror").chart
        title = f"Mirror statistics, {words.years_text(tuple(values['years']))}"
    elif values["tab"] == "compare" and shown.comparison.chart is not None:
        chart = shown.comparison.chart
        title = chart.spec["title"]["text"]
    sources = tuple(dict.fromkeys(shown.rows.column("source_id"))) if not shown.rows.empty else ()
    return Slide(link, title, trade.takeaway(shown) if chart is not None else shown.empty_reason, chart=chart,
                 source_ids=sources, problem=problem)


def _timeline_slide(dataset, link, values, problem) -> Slide:
    shown = timeline.select(dataset, values)
    if values["story"] and shown.story is not None:
        story = shown.story
        milestone = shown.shown.frame
        source = milestone.loc[milestone["milestone_id"] == story.milestone_id, "source_id"]
        return Slide(link, story.card.title, story.card.body, chart=story.chart, card=story.card,
                     source_ids=tuple(source.astype("str")), problem=problem)
    sources = tuple(dict.fromkeys(shown.shown.column("source_id"))) if not shown.shown.empty else ()
    return Slide(link, shown.heading, timeline.takeaway(shown), chart=shown.chart, source_ids=sources,
                 problem=problem)


def _policy_areas_slide(dataset, link, values, problem) -> Slide:
    cards = policy_areas.select(dataset, values)
    items = tuple(f"{c.name}: {words.plural(c.milestones, 'statement')}; latest: {c.latest or 'none dated yet'}"
                  + (f"; planned: {c.planned}" if c.planned else "") for c in cards)
    sources = tuple(dict.fromkeys(s for c in cards for s in c.source_ids))
    busiest = max(cards, key=lambda c: c.milestones) if cards else None
    takeaway = (f"{words.plural(len(cards), 'policy area')}; the most statements: {busiest.name} "
                f"({busiest.milestones}).") if busiest else "No policy area is stored yet."
    return Slide(link, "Policy areas", takeaway, items=items, source_ids=sources, problem=problem)


def _products_slide(dataset, link, values, problem) -> Slide:
    shown = products.select(dataset, values)
    if shown.chart is None:
        return Slide(link, "What is traded", problem="; ".join(filter(None, (problem, shown.empty_reason))))
    # The chart's source line names UN Comtrade: product figures have no article in the dataset.
    return Slide(link, shown.chart.title, shown.count_text, chart=shown.chart, problem=problem)


_SLIDES = {"overview": _overview_slide, "trade": _trade_slide, "timeline": _timeline_slide,
           "policy-areas": _policy_areas_slide, "products": _products_slide}


@dataclass(frozen=True)
class DeckView:
    links: tuple[str, ...]
    at: int                                      # 1-based, within 1..len(links) (1 for an empty deck)
    slides: tuple[Slide, ...] = field(default=(), repr=False)

    @property
    def current(self) -> Slide | None:
        return self.slides[self.at - 1] if self.slides else None

    @property
    def position(self) -> str:
        return f"{self.at} / {len(self.slides)}" if self.slides else "0 / 0"


def select(dataset: Dataset, values: dict) -> DeckView:
    links = tuple(values["s"])[:MAX_SLIDES]
    at = min(max(1, values["at"]), max(1, len(links)))
    return DeckView(links, at, tuple(slide(dataset, {"link": link}) for link in links))


def sources_of(slides, dataset: Dataset) -> list[dict]:
    """The sources the slides cite, numbered in order of first citation: title, publisher,
    date and address of each."""
    table = dataset["sources"].set_index("source_id")
    seen = list(dict.fromkeys(s for sl in slides for s in sl.source_ids if s in table.index))
    out = []
    for number, source_id in enumerate(seen, start=1):
        row = table.loc[source_id]
        out.append({"number": number, "source_id": source_id, "title": str(row["title"]),
                    "publisher": row["publisher"] if isinstance(row["publisher"], str) else "",
                    "published": str(row["published_label"]) if isinstance(row["published_label"], str) else "",
                    "url": row["url"] if isinstance(row["url"], str) else ""})
    return out


# ---- editing a deck: each returns the new list of links ----------------------------------------


def moved(links: tuple[str, ...], index: int, step: int) -> tuple[str, ...]:
    """The slide at `index` (0-based) moved `step` places, within the deck."""
    target = index + step
    if not 0 <= index < len(links) or not 0 <= target < len(links):
        return tuple(links)
    order = list(links)
    order[index], order[target] = order[target], order[index]
    return tuple(order)


def removed(links: tuple[str, ...], index: int) -> tuple[str, ...]:
    return tuple(link for i, link in enumerate(links) if i != index)


def added(links: tuple[str, ...], link: str) -> tuple[str, ...]:
    """The deck with `link` appended (a deck holds at most MAX_SLIDES)."""
    return (tuple(links) + (link,))[:MAX_SLIDES]


def deck_query(deck_params: tuple[state.Param, ...], links: tuple[str, ...], **others) -> dict[str, list[str]]:
    """The Deck page's query for these slides (written by the same rules the page reads)."""
    values = {p.key: p.default for p in deck_params} | {"s": tuple(links)} | others
    return state.to_query(deck_params, values)


def source_note(slide_: Slide, dataset: Dataset) -> str:
    """'Sources: …' for a slide without a chart (a chart carries its own)."""
    cited = dataset["sources"][dataset["sources"]["source_id"].isin(list(slide_.source_ids))]
    return provenance.sources_note(cited["kind"], cited["title"], cited["publisher"]) if len(cited) else ""
