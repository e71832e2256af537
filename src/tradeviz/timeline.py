"""What the Timeline and Policy areas pages show, as plain functions of the dataset and the view.

A milestone's date is a span: a year-only date runs 1 January–31 December and a month-only date
the whole month (records enforces this). Filters and charts work on the span, so an event known
only to the year is "in" every range that touches its year and is drawn across that year,
never pinned to 1 January. Undated milestones cannot be placed on a time axis; they are counted
and listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from tradeviz import charts, filters, metrics, provenance, schema, state
from tradeviz.store import Dataset

LANES = {"area": "Policy area", "kind": "Kind of event"}
PRECISION_WORDS = {"day": "day", "month": "month (drawn across the month)", "year": "year (drawn across the year)"}
PRECISION_SHAPES = {"day": "circle", "month": "diamond", "year": "square"}
SELECTION = "milestone"
NO_MILESTONE = ""
MAX_PASSAGES = 3
# Trade figures carry no policy area of their own; they count towards this area's card.
TRADE_AREA = "trade"


# ---- data and view state -------------------------------------------------------------------


def prepare(dataset: Dataset) -> pd.DataFrame:
    """Milestones with their source's title, publisher, date, address and kind attached."""
    return filters.attach_sources(dataset["milestones"], dataset["sources"])


def area_names(dataset: Dataset) -> dict[str, str]:
    areas = dataset["policy_areas"]
    return dict(zip(areas["area_id"], areas["name"]))


def date_order(milestones: pd.DataFrame) -> pd.DataFrame:
    """Dated rows by start, then end, then id; undated rows last."""
    return milestones.sort_values(["date_start", "date_end", "milestone_id"], na_position="last")


def actor_options(milestones: pd.DataFrame) -> tuple[str, ...]:
    names = {actor for actors in milestones["actors"] for actor in actors}
    return tuple(sorted(names, key=lambda name: (name.casefold(), name)))


def kind_options(milestones: pd.DataFrame) -> tuple[str, ...]:
    present = set(milestones["kind"])
    return tuple(k for k in schema.MILESTONE_KINDS if k in present)


def year_bounds(milestones: pd.DataFrame) -> tuple[int, int]:
    low, high = state.year_bounds(pd.concat([milestones["date_start"], milestones["date_end"]]).dropna())
    # A slider needs two distinct ends; a dataset of one year still gets a usable range.
    return (low - 1, high) if low == high else (low, high)


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    """The Timeline page's query parameters; options come from the data.

    Empty area, kind and actor selections mean "any", so a link filtered to one area is just
    `?area=<id>` and the default view puts nothing in the URL.
    """
    milestones = dataset["milestones"]
    return (
        state.Param("years", "year_range", bounds=year_bounds(milestones), label="Years"),
        state.Param("area", "choices", default=(), options=tuple(dataset["policy_areas"]["area_id"]),
                    label="Policy areas"),
        state.Param("kind", "choices", default=(), options=kind_options(milestones), label="Kinds"),
        state.Param("actor", "choices", default=(), options=actor_options(milestones), label="Actors"),
        state.Param("q", "text", default="", label="Search titles and summaries"),
        state.Param("lane", "choice", default="area", options=tuple(LANES), label="One lane per"),
        state.Param("trade", "flag", default=False, label="Show annual trade turnover"),
        state.Param("milestone", "choice", default=NO_MILESTONE,
                    options=(NO_MILESTONE, *date_order(milestones)["milestone_id"]), label="Milestone"),
        state.Param("present", "flag", default=False, label="Presentation view"),
    )


def area_query(timeline_params: tuple[state.Param, ...], area_id: str) -> dict[str, list[str]]:
    """The Timeline query showing one policy area, written by the same rules the page reads:
    every other parameter at its default, so the link is just `?area=<id>`."""
    values = {p.key: p.bounds if p.kind == "year_range" else p.default for p in timeline_params}
    return state.to_query(timeline_params, {**values, "area": (area_id,)})


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int]
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    text: str = ""

    @classmethod
    def from_values(cls, values: dict) -> "Filters":
        return cls(tuple(values["years"]), tuple(values["area"]), tuple(values["kind"]),
                   tuple(values["actor"]), (values["q"] or "").strip())


# ---- filters: each a boolean mask over the milestones ---------------------------------------


def overlaps_years(milestones: pd.DataFrame, years: tuple[int, int]) -> pd.Series:
    """True where the date span shares at least one day with the years [from, to] (inclusive).

    So "2019" (a year-only date) is in 2019–2019, "December 2018" is not, and a visit from
    30 December 2018 to 2 January 2019 is in both 2018–2018 and 2019–2019. Undated rows never are.
    """
    first, last = years
    start, end = milestones["date_start"], milestones["date_end"]
    return (start.notna() & (start.dt.year <= last) & (end.dt.year >= first)).astype(bool)


def _touches(lists: pd.Series, wanted) -> pd.Series:
    wanted = set(wanted)
    return lists.map(lambda values: bool(wanted.intersection(values))).astype(bool)


def in_areas(milestones: pd.DataFrame, areas) -> pd.Series:
    """Tagged with any of the areas; no areas means no restriction."""
    if not len(areas):
        return pd.Series(True, index=milestones.index)
    return _touches(milestones["policy_areas"], areas)


def of_kinds(milestones: pd.DataFrame, kinds) -> pd.Series:
    if not len(kinds):
        return pd.Series(True, index=milestones.index)
    return milestones["kind"].isin(list(kinds)).astype(bool)


def with_actors(milestones: pd.DataFrame, actors) -> pd.Series:
    """Naming any of the actors; no actors means no restriction."""
    if not len(actors):
        return pd.Series(True, index=milestones.index)
    return _touches(milestones["actors"], actors)


def matching_text(milestones: pd.DataFrame, text: str) -> pd.Series:
    """Title or summary contains the text: case-insensitive plain text, never a pattern, so
    "c++" or "(SCO)" search for exactly those characters."""
    needle = text.strip().casefold()
    if not needle:
        return pd.Series(True, index=milestones.index)
    hit = pd.Series(False, index=milestones.index)
    for column in ("title", "summary"):
        hit |= milestones[column].fillna("").str.casefold().str.contains(needle, regex=False)
    return hit.astype(bool)


def _without_dates(milestones: pd.DataFrame, f: Filters) -> pd.Series:
    return (in_areas(milestones, f.areas) & of_kinds(milestones, f.kinds)
            & with_actors(milestones, f.actors) & matching_text(milestones, f.text))


def filter_milestones(milestones: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Dated milestones passing every filter, in date order: the rows drawn and listed."""
    keep = overlaps_years(milestones, f.years) & _without_dates(milestones, f)
    return date_order(milestones[keep])


def undated_matching(milestones: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Undated milestones passing every filter except the years, which cannot place them."""
    keep = milestones["date_start"].isna() & _without_dates(milestones, f)
    return milestones[keep].sort_values("milestone_id")


# ---- words ---------------------------------------------------------------------------------


def _join(items: list[str], word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def years_text(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def describe(f: Filters, names: dict[str, str]) -> str:
    """'milestones in Trade & investment, 2019–2025, visit or summit, with Xi Jinping, matching “sco”'
    — page heading, chart subtitle and file name."""
    narrowed = f.areas or f.kinds or f.actors or f.text
    head = "milestones" if narrowed else "all milestones"
    if f.areas:
        head += " in " + _join([names.get(a, a) for a in f.areas])
    parts = [head, years_text(f.years)]
    if f.kinds:
        parts.append(_join(list(f.kinds)))
    if f.actors:
        parts.append("with " + _join(list(f.actors)))
    if f.text:
        parts.append(f"matching “{f.text}”")
    return ", ".join(parts)


def empty_explanation(milestones: pd.DataFrame, f: Filters, names: dict[str, str]) -> str:
    """Which filter emptied the view, in words: undated statements that do match come first (they
    are listed apart); then the years; then the other filters in the order of the panel, naming
    the first that leaves nothing and what the earlier ones had left."""
    undated = undated_matching(milestones, f)
    also = ""
    if not undated.empty:
        also = (f" {plural(len(undated), 'undated statement')} {'matches' if len(undated) == 1 else 'match'} "
                "the other filters; without a date it cannot be placed in years, so it is listed below.")
    dated = milestones[milestones["date_start"].notna()]
    if dated.empty:
        return "No dated milestone is stored yet." + also
    rows = dated[overlaps_years(dated, f.years)]
    if rows.empty:
        low, high = state.year_bounds(pd.concat([dated["date_start"], dated["date_end"]]))
        return (f"No dated milestone falls in {years_text(f.years)}; the dated ones run from {low} to {high}. "
                "Widen the years." + also)
    if also:
        return "No dated milestone matches these filters." + also
    steps = [
        ("policy areas", bool(f.areas), lambda r: in_areas(r, f.areas),
         f"none is tagged {_join([names.get(a, a) for a in f.areas])}. Choose other policy areas or clear them."),
        ("kinds", bool(f.kinds), lambda r: of_kinds(r, f.kinds),
         f"none is of kind {_join(list(f.kinds))}. Choose other kinds or clear them."),
        ("actors", bool(f.actors), lambda r: with_actors(r, f.actors),
         f"none names {_join(list(f.actors))} among its actors. Choose other actors or clear them."),
        ("search", bool(f.text), lambda r: matching_text(r, f.text),
         f"no title or summary contains “{f.text}”. Check the spelling or clear the search."),
    ]
    matched: list[str] = []
    for name, active, mask, why in steps:
        if not active:
            continue
        kept = rows[mask(rows)]
        if kept.empty:
            one = len(rows) == 1
            left = f"{plural(len(rows), 'milestone')} {'falls' if one else 'fall'} in {years_text(f.years)}"
            if matched:
                left += f" and {'matches' if one else 'match'} the {_join(matched, 'and')}"
            return f"{left}, but {why}"
        rows = kept
        matched.append(name)
    return "No milestone matches these filters."


def undated_note(count: int) -> str:
    return f"{plural(count, 'undated statement')} not drawn (listed below the table)" if count else ""


@dataclass
class TimelineView:
    filters: Filters
    shown: pd.DataFrame
    undated: pd.DataFrame
    description: str
    empty_reason: str = ""

    @property
    def count_text(self) -> str:
        text = f"{plural(len(self.shown), 'milestone')} shown"
        note = undated_note(len(self.undated))
        return f"{text} · {note}" if note else text


def select(milestones: pd.DataFrame, values: dict, names: dict[str, str]) -> TimelineView:
    f = Filters.from_values(values)
    shown = filter_milestones(milestones, f)
    reason = empty_explanation(milestones, f, names) if shown.empty else ""
    return TimelineView(f, shown, undated_matching(milestones, f), describe(f, names), reason)


# ---- chart ---------------------------------------------------------------------------------


def _lane_labels(milestones: pd.DataFrame, lane: str, names: dict[str, str], areas=()) -> pd.Series:
    """One label list per milestone: its kind, or the names of its areas (only of `areas` when
    the view is filtered to some, so a view of one area has one lane)."""
    if lane == "kind":
        return milestones["kind"].map(lambda k: [k.capitalize()])
    wanted = set(areas)
    return milestones["policy_areas"].map(
        lambda tags: [names.get(a, a) for a in tags if not wanted or a in wanted] or ["(no area)"])


def lane_order(lane: str, names: dict[str, str]) -> list[str]:
    if lane == "kind":
        return [k.capitalize() for k in schema.MILESTONE_KINDS]
    return list(names.values())


def chart_frame(shown: pd.DataFrame, lane: str, names: dict[str, str], selected: str = NO_MILESTONE,
                areas=()) -> pd.DataFrame:
    """One row per mark: a milestone with two policy areas appears once in each area's lane
    (of the chosen `areas` only, when there are some).

    `end` is the day after the span, so a one-day event still has width, and `mid` is where the
    point sits: the middle of the known span (2 July for a year-only date, not 1 January).
    """
    frame = shown.assign(lane=_lane_labels(shown, lane, names, areas)).explode("lane").reset_index(drop=True)
    end = (frame["date_end"] + pd.Timedelta(days=1)).astype("datetime64[ms]")
    return pd.DataFrame({
        "milestone_id": frame["milestone_id"].astype("str"),
        "lane": frame["lane"].astype("str"),
        "start": frame["date_start"],
        "end": end,
        "mid": (frame["date_start"] + (end - frame["date_start"]) / 2).astype("datetime64[ms]"),
        "date_label": frame["date_label"].astype("str"),
        "precision": frame["date_precision"].map(PRECISION_WORDS).astype("str"),
        "title": frame["title"].astype("str"),
        "kind": frame["kind"].astype("str"),
        "areas": frame["policy_areas"].map(lambda a: ", ".join(names.get(x, x) for x in a)).astype("str"),
        "actors": frame["actors"].map(", ".join).astype("str"),
        "source": frame["source_title"].fillna("").astype("str"),
        "selected": (frame["milestone_id"] == selected).astype(bool),
    })


def annual_turnover(dataset: Dataset, years: tuple[int, int]) -> pd.DataFrame:
    """The preferred full-year turnover figure of each year in the range (the figure the trade
    charts use), spanning its year on the same time axis as the milestones."""
    trade = metrics.preferred(filters.attach_sources(dataset["trade"], dataset["sources"]), dataset["sources"])
    annual = metrics.period_kind(trade["period_start"], trade["period_end"]) == "annual"
    rows = trade[trade["preferred"] & (trade["flow"] == "turnover") & annual]
    rows = rows[filters.overlaps_years(rows["period_start"], rows["period_end"], years)]
    rows = rows.sort_values("period_start")
    end = (rows["period_end"] + pd.Timedelta(days=1)).astype("datetime64[ms]")
    return pd.DataFrame({
        "year": rows["period_start"].dt.year.astype("int64"),
        "start": rows["period_start"],
        "end": end,
        "mid": (rows["period_start"] + (end - rows["period_start"]) / 2).astype("datetime64[ms]"),
        "value": rows["value"].astype("float64"),
        "value_label": [metrics.format_value(v, u, q) for v, u, q in zip(rows["value"], rows["unit"], rows["qualifier"])],
        "source": rows["source_title"].astype("str"),
        "record_id": rows["record_id"].astype("str"),
    }).reset_index(drop=True)


TOOLTIP = [
    alt.Tooltip("date_label:N", title="Date"),
    alt.Tooltip("title:N", title="Milestone"),
    alt.Tooltip("kind:N", title="Kind"),
    alt.Tooltip("areas:N", title="Policy areas"),
    alt.Tooltip("actors:N", title="Actors"),
    alt.Tooltip("precision:N", title="Date known to the"),
    alt.Tooltip("source:N", title="Source"),
]


def _year_start(year: int) -> alt.DateTime:
    return alt.DateTime(year=year, month=1, date=1)


def timeline_chart(frame: pd.DataFrame, lane: str, names: dict[str, str], years: tuple[int, int],
                   turnover: pd.DataFrame | None = None, subtitle: str = "") -> alt.LayerChart:
    """Lanes of milestones on a time axis over exactly the chosen years.

    Each milestone is a point at the middle of its known span (shape = how precisely the date is
    known, hollow when only the month or year is known) over a pale bar across the span. Clicking
    a point selects the milestone; the selected one is larger and labelled. Annual turnover, if
    given, is a pale grey bar across each year, on its own axis at the right.
    """
    lanes = [name for name in lane_order(lane, names) if name in set(frame["lane"])]
    lanes += sorted(set(frame["lane"]) - set(lanes))
    time_scale = alt.Scale(domain=[_year_start(years[0]), _year_start(years[1] + 1)])
    span = years[1] - years[0] + 1
    x = alt.X("mid:T", title=None, scale=time_scale,
              axis=alt.Axis(format="%Y", labelAngle=0, grid=True, tickCount={"interval": "year", "step": max(1, span // 12)}))
    y = alt.Y("lane:N", title=None, sort=lanes, scale=alt.Scale(domain=lanes),
              axis=alt.Axis(labelLimit=260, labelFontWeight="bold"))
    colour = alt.Color("lane:N", legend=None, scale=alt.Scale(domain=lanes, scheme="tableau10"))
    pick = alt.selection_point(name=SELECTION, fields=["milestone_id"], on="click", clear="dblclick")
    base = alt.Chart(frame).encode(y=y, color=colour, tooltip=TOOLTIP)
    spans = base.mark_bar(opacity=0.25, height=alt.RelativeBandSize(0.5), clip=True).encode(
        x=alt.X("start:T", scale=time_scale), x2="end:T")
    precision_domain = list(PRECISION_WORDS.values())
    points = base.mark_point(strokeWidth=2.5, clip=True).encode(
        x=x,
        shape=alt.Shape("precision:N", title="Date known to the",
                        scale=alt.Scale(domain=precision_domain, range=list(PRECISION_SHAPES.values()))),
        fill=alt.Fill("lane:N", legend=None, scale=alt.Scale(domain=lanes, scheme="tableau10")),
        fillOpacity=alt.FillOpacity("precision:N", legend=None,
                                    scale=alt.Scale(domain=precision_domain, range=[0.9, 0.15, 0.15])),
        size=alt.condition(alt.datum.selected, alt.value(560), alt.value(260)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
    ).add_params(pick)
    label = base.transform_filter(alt.datum.selected).mark_text(
        align="left", dx=16, dy=-16, fontSize=charts.LABEL_SIZE, fontWeight="bold", color="#222",
    ).encode(x=x, text="title:N")
    marks = alt.layer(spans, points, label)
    height = max(180, 64 * len(lanes))
    if turnover is not None and not turnover.empty:
        # A pale backdrop behind the lanes, so milestones stay in front and read first.
        value = alt.Y("value:Q", title="Trade turnover, USD m (grey)",
                      scale=alt.Scale(domain=[0, float(turnover["value"].max()) * 1.15]),
                      axis=alt.Axis(orient="right", titleColor="#666", labelColor="#666", grid=False))
        # Each year's figure spans its year, so a year without a figure is a visible gap.
        trade_base = alt.Chart(turnover).encode(
            x=alt.X("start:T", scale=time_scale), x2="end:T", y=value,
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("value_label:N", title="Trade turnover"),
                     alt.Tooltip("source:N", title="Source")])
        trade = alt.layer(
            trade_base.mark_rect(color="#999", opacity=0.15, clip=True).encode(y2=alt.datum(0)),
            trade_base.mark_rule(color="#777", strokeWidth=2.5, clip=True),
        )
        marks = alt.layer(trade, marks).resolve_scale(y="independent")
    return charts.projector_config(marks.properties(
        title=alt.Title("Azerbaijan–China milestones", subtitle=subtitle or ""),
        height=height, width="container",
        # fit-x: the height is the lanes' own; Streamlit's default "fit" would squeeze them under
        # the title and legend.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    ))


def picked_milestone(event) -> str | None:
    """The milestone clicked on the chart, from Streamlit's selection state (a plain dict under
    AppTest, a dict-like object live)."""
    picked = ((event or {}).get("selection") or {}).get(SELECTION) or []
    return picked[0].get("milestone_id") if picked else None


def picked_row(event, ids: list[str]) -> str | None:
    """The milestone of the row selected in the table, from the dataframe's selection state;
    `ids` are the milestone ids of the table's rows in the order shown."""
    rows = ((event or {}).get("selection") or {}).get("rows") or []
    return ids[rows[0]] if rows and 0 <= rows[0] < len(ids) else None


def milestone_labels(milestones: pd.DataFrame) -> dict[str, str]:
    labels = {NO_MILESTONE: "— choose a milestone —"}
    for row in date_order(milestones).itertuples(index=False):
        labels[row.milestone_id] = f"{row.date_label} · {row.title} · {row.source_title}"
    return labels


@dataclass
class Detail:
    milestone_id: str
    title: str
    date_label: str
    precision_note: str
    kind: str
    summary: str
    actors: list[str]
    areas: list[str]
    source_markdown: str
    sentence: str
    article_link: dict[str, str] | None
    note: str
    same_event: list[str] = field(default_factory=list)


def precision_note(precision: str, label: str) -> str:
    if precision == "year":
        return f"Only the year is known: drawn across {label}."
    if precision == "month":
        return f"Only the month is known: drawn across {label}."
    if precision == "undated":
        return "The source gives no date, so it is not drawn on the timeline."
    return "Exact date."


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def milestone_detail(milestones: pd.DataFrame, milestone_id: str, names: dict[str, str]) -> Detail | None:
    """Everything the page shows about one milestone; None for an id not in the data."""
    match = milestones[milestones["milestone_id"] == milestone_id]
    if not milestone_id or match.empty:
        return None
    row = match.iloc[0]
    link = None
    if row["source_kind"] == "article":
        # Article ids equal source ids, so the reader opens at the article that holds the sentence.
        link = {"article": row["source_id"], "record": row["milestone_id"]}
    others = milestones[(milestones["event_key"] == row["event_key"]) & (milestones["milestone_id"] != milestone_id)]
    return Detail(
        milestone_id=row["milestone_id"],
        title=row["title"],
        date_label=row["date_label"],
        precision_note=precision_note(row["date_precision"], row["date_label"]),
        kind=row["kind"],
        summary=row["summary"],
        actors=list(row["actors"]),
        areas=[names.get(a, a) for a in row["policy_areas"]],
        source_markdown=provenance.source_line(row),
        sentence=_text(row["source_sentence"]),
        article_link=link,
        note=_text(row["note"]),
        same_event=[f"{r.date_label}: {r.title} ({r.source_title})" for r in date_order(others).itertuples(index=False)],
    )


# ---- tables --------------------------------------------------------------------------------

EXPORT_COLUMNS = ["milestone_id", "date_label", "date_start", "date_end", "date_precision", "title", "summary",
                  "kind", "actors", "policy_areas", "event_key", "source_id", "source_title", "source_url",
                  "source_published_label", "source_sentence", "confidence", "note"]


def export_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in view with their provenance: the table on screen and the CSV alike."""
    return rows[EXPORT_COLUMNS].reset_index(drop=True)


# ---- policy areas --------------------------------------------------------------------------


@dataclass
class AreaCard:
    area_id: str
    name: str
    description: str
    milestones: int
    undated: int
    figures: int
    latest: str | None
    passages: list[tuple[str, dict[str, str]]]
    timeline_query: dict[str, list[str]]


def _passages(milestones: pd.DataFrame, trade: pd.DataFrame) -> pd.DataFrame:
    """Article sentences behind milestones and trade figures, newest first (undated last), each
    with the record it supports: date, sentence, article, record."""
    def from_articles(rows, date_column, id_column):
        rows = rows[(rows["source_kind"] == "article") & rows["source_sentence"].notna()]
        return pd.DataFrame({"date": rows[date_column], "sentence": rows["source_sentence"].astype("str"),
                             "article": rows["source_id"].astype("str"), "record": rows[id_column].astype("str")})
    both = pd.concat([from_articles(milestones, "date_start", "milestone_id"),
                      from_articles(trade, "period_end", "record_id")], ignore_index=True)
    return both.sort_values(["date", "record"], ascending=[False, True], na_position="last")


def area_cards(dataset: Dataset, timeline_params: tuple[state.Param, ...]) -> list[AreaCard]:
    """One card per policy area, in the table's order.

    milestones: rows tagged with the area, dated and undated (`undated` says how many have no
    date); figures: indicator rows of the area, plus every trade figure for the trade area
    (trade rows carry no area of their own); latest: the dated event that started last (so a
    precise date beats a year-only one that starts earlier); passages: up to three distinct
    article sentences behind the area's milestones (and, for the trade area, its figures),
    newest first, each with the reader link that opens it at that record.
    """
    milestones = prepare(dataset)
    indicators = dataset["indicators"]
    trade = filters.attach_sources(dataset["trade"], dataset["sources"])
    cards = []
    for area in dataset["policy_areas"].itertuples(index=False):
        tagged = milestones[in_areas(milestones, [area.area_id])]
        dated = date_order(tagged[tagged["date_start"].notna()])
        latest = None
        if not dated.empty:
            last = dated.iloc[-1]
            latest = f"{last['title']} ({last['date_label']})"
        figures = int((indicators["policy_area"] == area.area_id).sum())
        area_trade = trade if area.area_id == TRADE_AREA else trade.iloc[0:0]
        figures += len(area_trade)
        sentences = _passages(tagged, area_trade).drop_duplicates("sentence").head(MAX_PASSAGES)
        passages = [(row.sentence, {"article": row.article, "record": row.record})
                    for row in sentences.itertuples(index=False)]
        cards.append(AreaCard(
            area_id=area.area_id, name=area.name, description=area.description,
            milestones=len(tagged), undated=int(tagged["date_start"].isna().sum()), figures=figures,
            latest=latest, passages=passages, timeline_query=area_query(timeline_params, area.area_id),
        ))
    return cards
