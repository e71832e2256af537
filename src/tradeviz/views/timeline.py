"""The Timeline page: diplomatic milestones on a time axis, filterable, each with its source.

A milestone's date is a span: a year-only date runs 1 January–31 December and a month-only date
the whole month (records enforces this). Filters and charts work on the span, so an event known
only to the year is "in" every range that touches its year and is drawn across that year,
never pinned to 1 January. Undated milestones cannot be placed on a time axis; they are counted
and listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tradeviz import charts, filters, metrics, periods, provenance, schema, state, words
from tradeviz.store import Dataset
from tradeviz.views import (Download, reader_link, Ids, RecordCard, Section, Selection, Table, picked, picked_row, area_names, defaults, memoized, milestone_order,
                            milestone_rows, ordered, sourced, table, trade_rows)

PAGE = "timeline"
# The story's small timeline puts every event in one lane.
ONE_LANE, ONE_LANE_LABEL = "one", "Events"
MILESTONE_SELECTION = charts.MILESTONE_SELECTION
LANES = {"area": "Policy area", "kind": "Kind of event"}
# The parts of the page under the chart, one tab each; only the open one is drawn.
TABS = {"read": "Read a milestone", "milestones": "Milestones in date order", "undated": "Undated statements"}
NO_MILESTONE = ""
MAX_PICKER = 200


# ---- data and parameters ----------------------------------------------------------------------


def date_order(milestones: pd.DataFrame) -> pd.DataFrame:
    """Dated rows by start, then end, then id; undated rows last."""
    return milestones.sort_values(["date_start", "date_end", "milestone_id"], na_position="last")


def actor_options(milestones: pd.DataFrame) -> tuple[str, ...]:
    actors = milestones["actors"]
    if isinstance(actors.dtype, pd.ArrowDtype):
        names = set(pc.unique(pc.list_flatten(pa.array(actors.array))).to_pylist()) if len(actors) else set()
    else:
        names = set(actors.explode().dropna())
    return tuple(sorted(names, key=lambda name: (name.casefold(), name)))


def kind_options(milestones: pd.DataFrame) -> tuple[str, ...]:
    present = set(milestones["kind"].unique())
    return tuple(k for k in schema.MILESTONE_KINDS if k in present)


def year_bounds(milestones: pd.DataFrame) -> tuple[int, int]:
    low, high = periods.column_year_bounds(milestones["date_start"], milestones["date_end"])
    # A slider needs two distinct ends; a dataset of one year still gets a usable range.
    return (low - 1, high) if low == high else (low, high)


def _params(dataset: Dataset) -> tuple[state.Param, ...]:
    milestones = dataset["milestones"]
    names = area_names(dataset)
    return (
        state.Param("years", "year_range", bounds=year_bounds(milestones), label="Years", widget="slider"),
        # A handful of areas and kinds: pills show every option and what is chosen; none
        # chosen means all of them.
        state.Param("area", "choices", options=tuple(names), label="Policy areas (none chosen: all)", widget="pills",
                    labels=names),
        state.Param("kind", "choices", options=kind_options(milestones), label="Kinds (none chosen: all)",
                    widget="pills", labels={k: k.capitalize() for k in schema.MILESTONE_KINDS}),
        state.Param("actor", "choices", options=actor_options(milestones), label="Actors", widget="multiselect",
                    placeholder="Any actor"),
        state.Param("q", "text", default="", label="Search titles and summaries", widget="text",
                    placeholder="e.g. visa, SCO, Tianjin"),
        state.Param("lane", "choice", default="area", options=tuple(LANES), label="One lane per",
                    widget="segmented", labels=LANES),
        state.Param("trade", "flag", default=False, label="Show annual trade turnover", widget="toggle"),
        state.Param("milestone", "id", default=NO_MILESTONE, label="Read a milestone", widget="selectbox",
                    members=Ids(milestones["milestone_id"]), noun="milestone"),
        state.Param("present", "flag", default=False, label="Presentation view (chart and selected milestone only)",
                    widget="toggle"),
        state.Param("story", "flag", default=False, label="Story: one event at a time", widget="toggle",
                    help="Each event of this view in date order, with its source, over a small timeline. "
                         "Left and right arrow keys move between events."),
        state.Param("tab", "choice", default="read", options=tuple(TABS), label="Part of the page",
                    widget="tabs", labels=TABS),
    )


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    """The Timeline page's query parameters; options come from the data.

    Empty area, kind and actor selections mean "any", so a link filtered to one area is just
    `?area=<id>` and the default view puts nothing in the URL.
    """
    return dataset.derived("timeline.params", _params)


def area_query(timeline_params: tuple[state.Param, ...], area_id: str) -> dict[str, list[str]]:
    """The Timeline query showing one policy area, written by the same rules the page reads:
    every other parameter at its default, so the link is just `?area=<id>`."""
    return state.to_query(timeline_params, {**defaults(timeline_params), "area": (area_id,)})


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


# ---- filters ----------------------------------------------------------------------------------

TEXT_COLUMNS = ["title", "summary"]


def in_years(milestones: pd.DataFrame, years: tuple[int, int]) -> pd.Series:
    if "start_year" in milestones:  # worked out once per dataset (milestone_rows)
        return filters.overlaps_years(milestones["start_year"], milestones["end_year"], years)
    return filters.overlaps_years(milestones["date_start"], milestones["date_end"], years)


def _without_dates(milestones: pd.DataFrame, f: Filters) -> pd.Series:
    return (filters.tagged_with_any(milestones["policy_areas"], f.areas) & filters.one_of(milestones["kind"], f.kinds)
            & filters.tagged_with_any(milestones["actors"], f.actors)
            & filters.containing_text(milestones, TEXT_COLUMNS, f.text))


def dated_in_view(milestones: pd.DataFrame, f: Filters) -> pd.Series:
    """Dated milestones passing every filter: the rows drawn and listed."""
    return milestones["date_start"].notna() & in_years(milestones, f.years) & _without_dates(milestones, f)


def undated_in_view(milestones: pd.DataFrame, f: Filters) -> pd.Series:
    """Undated milestones passing every filter except the years, which cannot place them."""
    return milestones["date_start"].isna() & _without_dates(milestones, f)


# ---- words ------------------------------------------------------------------------------------


def describe(f: Filters, names: dict[str, str]) -> str:
    """'milestones in Trade & investment, 2019–2025, visit or summit, with Xi Jinping, matching “sco”'
    — page heading, chart subtitle and file name."""
    narrowed = f.areas or f.kinds or f.actors or f.text
    head = "milestones" if narrowed else "all milestones"
    if f.areas:
        head += " in " + words.join([names.get(a, a) for a in f.areas], "or")
    parts = [head, words.years_text(f.years)]
    if f.kinds:
        parts.append(words.join(list(f.kinds), "or"))
    if f.actors:
        parts.append("with " + words.join(list(f.actors), "or"))
    if f.text:
        parts.append(f"matching “{f.text}”")
    return ", ".join(parts)


def empty_explanation(milestones: pd.DataFrame, f: Filters, names: dict[str, str]) -> str:
    """Which filter emptied the view, in words: undated statements that do match come first (they
    are listed apart); then the years; then the other filters in the order of the panel, naming
    the first that leaves nothing and what the earlier ones had left. Counts rows through masks,
    never copies them."""
    dated = milestones["date_start"].notna()
    undated = int((~dated & _without_dates(milestones, f)).sum())
    also = ""
    if undated:
        also = (f" {words.plural(undated, 'undated statement')} {'matches' if undated == 1 else 'match'} "
                "the other filters; without a date it cannot be placed in years, so it is listed under Undated statements.")
    if not dated.any():
        return "No dated milestone is stored yet." + also
    rows = dated & in_years(milestones, f.years)
    if not rows.any():
        low, high = periods.column_year_bounds(milestones.loc[dated, "date_start"], milestones.loc[dated, "date_end"])
        return (f"No dated milestone falls in {words.years_text(f.years)}; the dated ones run from {low} to {high}. "
                "Widen the years." + also)
    if also:
        return "No dated milestone matches these filters." + also
    steps = [
        ("policy areas", bool(f.areas), lambda: filters.tagged_with_any(milestones["policy_areas"], f.areas),
         f"none is tagged {words.join([names.get(a, a) for a in f.areas], 'or')}. "
         "Choose other policy areas or clear them."),
        ("kinds", bool(f.kinds), lambda: filters.one_of(milestones["kind"], f.kinds),
         f"none is of kind {words.join(list(f.kinds), 'or')}. Choose other kinds or clear them."),
        ("actors", bool(f.actors), lambda: filters.tagged_with_any(milestones["actors"], f.actors),
         f"none names {words.join(list(f.actors), 'or')} among its actors. Choose other actors or clear them."),
        ("search", bool(f.text), lambda: filters.containing_text(milestones, TEXT_COLUMNS, f.text),
         f"no title or summary contains “{f.text}”. Check the spelling or clear the search."),
    ]
    matched: list[str] = []
    for name, active, mask, why in steps:
        if not active:
            continue
        kept = rows & mask()
        if not kept.any():
            count = int(rows.sum())
            one = count == 1
            left = f"{words.plural(count, 'milestone')} {'falls' if one else 'fall'} in {words.years_text(f.years)}"
            if matched:
                left += f" and {'matches' if one else 'match'} the {words.join(matched)}"
            return f"{left}, but {why}"
        rows = kept
        matched.append(name)
    return "No milestone matches these filters."


def undated_note(count: int) -> str:
    return f"{words.plural(count, 'undated statement')} not drawn (see Undated statements)" if count else ""


def precision_note(precision: str, label: str) -> str:
    if precision == "year":
        return f"Only the year is known: drawn across {label}."
    if precision == "month":
        return f"Only the month is known: drawn across {label}."
    if precision == "undated":
        return "The source gives no date, so it is not drawn on the timeline."
    return "Exact date."


# ---- chart ------------------------------------------------------------------------------------


def _lane_labels(milestones: pd.DataFrame, lane: str, names: dict[str, str], areas=()) -> pd.Series:
    """One label list per milestone: its kind, or the names of its areas (only of `areas` when
    the view is filtered to some, so a view of one area has one lane)."""
    if lane == "kind":
        return milestones["kind"].map(lambda k: [k.capitalize()])
    if lane == ONE_LANE:
        return milestones["kind"].map(lambda k: [ONE_LANE_LABEL])
    wanted = set(areas)
    return milestones["policy_areas"].map(
        lambda tags: [names.get(a, a) for a in tags if not wanted or a in wanted] or ["(no area)"])


def lane_order(lane: str, names: dict[str, str]) -> list[str]:
    if lane == "kind":
        return [k.capitalize() for k in schema.MILESTONE_KINDS]
    return list(names.values())


def lanes_in(frame: pd.DataFrame, lane: str, names: dict[str, str]) -> list[str]:
    present = set(frame["lane"])
    ordered = [name for name in lane_order(lane, names) if name in present]
    return ordered + sorted(present - set(ordered))


def one_per_event(shown: pd.DataFrame, selected: str = NO_MILESTONE) -> pd.DataFrame:
    """One row per event: the first of its statements in view (the selected one, if it is among
    them), tagged with every policy area any of its statements gives, and `statements`, how
    many statements in view describe it. `shown` is in date order."""
    if shown.empty:
        return shown.assign(statements=pd.Series(dtype="int64"))
    keys = shown["event_key"].astype("str")
    counts = keys.map(keys.value_counts()).astype("int64")
    chosen = shown["milestone_id"] == selected
    # The selected statement stands for its event; otherwise the event's first statement does.
    first = ~keys.duplicated()
    has_selected = keys.isin(set(keys[chosen]))
    keep = np.where(has_selected, chosen, first)
    areas: dict[str, list[str]] = {}
    for key, tags in zip(keys, shown["policy_areas"]):
        merged = areas.setdefault(key, [])
        merged.extend(t for t in tags if t not in merged)
    kept = shown[keep]
    return kept.assign(policy_areas=[areas[k] for k in kept["event_key"].astype("str")],
                       statements=counts[keep].to_numpy())


# Labels written on the chart: kinds that make the story of a relationship, labelled before
# other events when there is room.
LABEL_KINDS = ("visit", "summit", "agreement", "meeting")


def label_ranks(frame: pd.DataFrame) -> np.ndarray:
    """The order in which a lane's marks get their title written (0 first), where the chart has
    room for only some: in each lane the selected event, then the latest, then the first, then
    visits, summits, agreements and meetings from the latest back, then the rest from the latest
    back. A reference mark (an event drawn in another lane) gets -1: never labelled here."""
    ranks = np.full(len(frame), -1, dtype="int64")
    drawn = ~frame["reference"].to_numpy(dtype=bool)
    lanes = frame["lane"].to_numpy(dtype=object)
    mid = frame["mid"].to_numpy(dtype="datetime64[ms]").astype("int64")
    selected = frame["selected"].to_numpy(dtype=bool)
    other_kind = ~frame["kind"].isin(LABEL_KINDS).to_numpy(dtype=bool)
    for name in pd.unique(lanes[drawn]):
        at = np.flatnonzero(drawn & (lanes == name))
        latest, first = at[mid[at].argmax()], at[mid[at].argmin()]
        # np.lexsort sorts by its last key first, and keeps ties in row order.
        order = at[np.lexsort((-mid[at], other_kind[at], at != first, at != latest, ~selected[at]))]
        ranks[order] = np.arange(len(order))
    return ranks


def chart_frame(shown: pd.DataFrame, lane: str, names: dict[str, str], selected: str = NO_MILESTONE,
                areas=()) -> pd.DataFrame:
    """One row per mark: one mark per event (`one_per_event`) in the first of its lanes (of the
    chosen `areas` only, when there are some), and a reference mark in each of its other lanes
    (`reference`, `drawn_in` naming the lane that draws it), with how many statements describe
    it and `label_rank`, the order in which the chart writes titles where it has room.

    `end` is the day after the span, so a one-day event still has width, and `mid` is where the
    point sits: the middle of the known span (2 July for a year-only date, not 1 January).
    `precision` is the precision code (the mark's shape); `precision_words` says it in words.
    `description` names the mark for a screen reader (and for finding its title on the chart).
    """
    events = one_per_event(shown, selected)
    lanes = _lane_labels(events, lane, names, areas)
    frame = events.assign(lane=lanes, drawn_in=lanes.map(lambda names_: names_[0])).explode("lane").reset_index(drop=True)
    end = (frame["date_end"] + pd.Timedelta(days=1)).astype("datetime64[ms]")
    reference = (frame["lane"] != frame["drawn_in"]).to_numpy(dtype=bool)
    title = frame["title"].astype("str")
    date_label = frame["date_label"].astype("str")
    out = pd.DataFrame({
        "milestone_id": frame["milestone_id"].astype("str"),
        "event_key": frame["event_key"].astype("str"),
        "lane": frame["lane"].astype("str"),
        "start": frame["date_start"],
        "end": end,
        "mid": (frame["date_start"] + (end - frame["date_start"]) / 2).astype("datetime64[ms]"),
        "date_label": date_label,
        "precision": frame["date_precision"].astype("str"),
        "precision_words": frame["date_precision"].map(charts.PRECISION_WORDS).astype("str"),
        "status": frame["status"].map(charts.STATUS_WORDS).astype("str"),
        "title": title,
        "kind": frame["kind"].astype("str"),
        "areas": frame["policy_areas"].map(lambda a: ", ".join(names.get(x, x) for x in a)).astype("str"),
        "actors": frame["actors"].map(", ".join).astype("str"),
        "source": frame["source_title"].fillna("").astype("str"),
        "statements": frame["statements"].astype("int64"),
        "selected": (frame["milestone_id"] == selected).astype(bool),
        "reference": reference,
        "drawn_in": frame["drawn_in"].astype("str"),
        "description": np.where(reference, "Also " + title + " (" + date_label + "), drawn in the "
                                + frame["drawn_in"].astype("str") + " lane", title + " (" + date_label + ")"),
    })
    out["description"] = out["description"].astype("str")
    return out.assign(label_rank=label_ranks(out))


@dataclass(frozen=True)
class SummaryItems:
    """What a summarised timeline counts, one item per milestone and lane it falls in: the row
    (position in the frame), the raw lane value (area id or kind), the lane's code into `labels`
    (the lane's name), and the year of the middle of the milestone's span (-1: undated)."""

    rows: np.ndarray
    raw: np.ndarray
    lane: np.ndarray
    labels: np.ndarray
    year: np.ndarray


def summary_items(frame: pd.DataFrame, lane: str, names: dict[str, str]) -> SummaryItems:
    """The items of every row of `frame` (date_start, date_end and kind or policy_areas)."""
    middle = (frame["date_start"] + (frame["date_end"] - frame["date_start"]) / 2).dt.year
    middle = middle.fillna(-1).to_numpy(dtype="int64")
    if lane == "kind":
        raw = frame["kind"].astype("str").to_numpy(dtype=object)
        rows = np.arange(len(frame))
        named = np.array([str(k).capitalize() for k in raw], dtype=object)
    else:
        tags = pa.array(frame["policy_areas"].array) if isinstance(frame["policy_areas"].dtype, pd.ArrowDtype) \
            else pa.array(frame["policy_areas"].map(list).tolist(), pa.list_(pa.string()))
        raw = pc.list_flatten(tags).to_numpy(zero_copy_only=False)
        rows = pc.list_parent_indices(tags).to_numpy().astype("int64")
        ids, found = pd.factorize(raw)
        named = np.array([names.get(a, a) for a in found], dtype=object)[ids] if len(found) else np.array([], object)
    codes, labels = pd.factorize(pd.Series(named, dtype=object))
    return SummaryItems(rows, raw, codes.astype("int64"), np.asarray(labels, dtype=object), middle[rows])


def summary_counts(items: SummaryItems, keep: np.ndarray) -> pd.DataFrame:
    """How many of the kept items each lane holds in each year, by lane name and year (one
    bincount over lane and year codes, whatever the number of items)."""
    lane, year = items.lane[keep], items.year[keep]
    if len(lane):
        first = int(year.min())
        span = int(year.max()) - first + 1
        found = np.bincount(lane * span + (year - first), minlength=len(items.labels) * span)
        cells = np.flatnonzero(found)
        counts = pd.DataFrame({"lane": items.labels[cells // span], "year": cells % span + first, "count": found[cells]})
        counts = counts.sort_values(["lane", "year"], kind="stable").reset_index(drop=True)
    else:
        counts = pd.DataFrame({"lane": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                               "count": pd.Series(dtype="int64")})
    counts["lane"] = counts["lane"].astype("str")
    counts["year"] = counts["year"].astype("int64")
    counts["count"] = counts["count"].astype("int64")
    counts["start"] = pd.to_datetime(counts["year"].astype("str") + "-01-01").astype("datetime64[ms]")
    counts["end"] = pd.to_datetime((counts["year"] + 1).astype("str") + "-01-01").astype("datetime64[ms]")
    counts["mid"] = (counts["start"] + (counts["end"] - counts["start"]) / 2).astype("datetime64[ms]")
    counts["count_label"] = counts["count"].map(lambda n: f"{n:,}").astype("str")
    counts["count_short"] = counts["count"].map(_short_count).astype("str")
    return counts


def _kept(items: SummaryItems, rows: np.ndarray, total: int, lane: str, areas) -> np.ndarray:
    chosen = np.zeros(total, dtype=bool)
    chosen[rows] = True
    keep = chosen[items.rows]
    if areas and lane != "kind":
        keep &= np.isin(items.raw, list(areas))
    return keep


def summary_frame(shown: pd.DataFrame, lane: str, names: dict[str, str], areas=()) -> pd.DataFrame:
    """How many milestones each lane holds in each year (by the middle of their span): what the
    chart draws when there are too many milestones to draw one by one. `shown` needs only
    date_start, date_end and kind or policy_areas."""
    items = summary_items(shown, lane, names)
    return summary_counts(items, _kept(items, np.arange(len(shown)), len(shown), lane, areas))


def summary_in_view(dataset: Dataset, shown: Selection, lane: str, names: dict[str, str], areas=()) -> pd.DataFrame:
    """`summary_frame` of the milestones in view, from items made once per dataset and lane: a
    change of years or filters counts integers, and takes no column out of the rows."""
    items = dataset.derived(f"timeline_summary_items_{lane}",
                            lambda d: summary_items(milestone_rows(d), lane, area_names(d)))
    return summary_counts(items, _kept(items, shown.positions, len(shown.frame), lane, areas))


def _short_count(n: int) -> str:
    return f"{n / 1000:.0f}k" if n >= 10_000 else (f"{n / 1000:.1f}k" if n >= 1000 else str(n))


def annual_turnover(dataset: Dataset, years: tuple[int, int]) -> pd.DataFrame:
    """The preferred full-year turnover figure of each year in the range (the figure the trade
    charts use), spanning its year on the same time axis as the milestones."""
    trade = trade_rows(dataset)
    rows = trade[trade["preferred"] & (trade["flow"] == "turnover") & (trade["period_kind"] == periods.ANNUAL)]
    rows = rows[filters.within_years(rows["period_start"], rows["period_end"], years)].sort_values("period_start")
    rows = sourced(rows, dataset)
    end = (rows["period_end"] + pd.Timedelta(days=1)).astype("datetime64[ms]")
    return pd.DataFrame({
        "year": rows["period_start"].dt.year.astype("int64"),
        "start": rows["period_start"],
        "end": end,
        "mid": (rows["period_start"] + (end - rows["period_start"]) / 2).astype("datetime64[ms]"),
        "value": rows["value"].astype("float64"),
        "value_label": words.values_text(rows["value"], rows["unit"], rows["qualifier"]),
        "source": rows["source_title"].astype("str"),
        "record_id": rows["record_id"].astype("str"),
    }).reset_index(drop=True)


def picked_milestone(event) -> str | None:
    """The milestone clicked on the chart."""
    return picked(event, charts.MILESTONE_SELECTION, "milestone_id")


def milestone_labels(milestones: pd.DataFrame) -> dict[str, str]:
    """'December 2018 · First block train arrives · <source title>' for each milestone given (with
    its source), in the order given."""
    labels = {NO_MILESTONE: "— choose a milestone —"}
    for row in milestones.itertuples(index=False):
        planned = " (planned)" if row.status == "planned" else ""
        labels[row.milestone_id] = f"{row.date_label} · {row.title}{planned} · {row.source_title}"
    return labels


PLANNED_FACT = "planned (still to come at the source's date)"


def status_note(status: str, published: str) -> str:
    """What a statement's status means for a reader."""
    if status == "planned":
        return (f"Planned: the source ({published}) announces it as still to come; it is not recorded as having "
                "taken place.")
    return ""


def _text(value) -> str:
    return value if isinstance(value, str) else ""


OUTSIDE_FILTERS = "This milestone is outside the current filters."


def milestone_card(milestones: pd.DataFrame, milestone_id: str, names: dict[str, str],
                   in_view: bool = True) -> RecordCard | None:
    """Everything the page shows about one milestone (`milestones` carry their sources); None for
    no id or an id not in the data."""
    if not milestone_id:
        return None
    match = milestones[milestones["milestone_id"] == milestone_id]
    if match.empty:
        return None
    row = match.iloc[0]
    link = None
    if row["source_kind"] == "article":
        # Article ids equal source ids, so the reader opens at the article that holds the sentence.
        link = reader_link(row["source_id"], row["milestone_id"])
    others = milestones[(milestones["event_key"] == row["event_key"]) & (milestones["milestone_id"] != milestone_id)]
    same_event = [f"{r.date_label}: {r.title} ({r.source_title})"
                  for r in date_order(others).head(MAX_PICKER).itertuples(index=False)]
    notes = []
    if same_event:
        notes.append("The same event in other sources: " + "; ".join(same_event))
    if _text(row["note"]):
        notes.append(f"Note: {row['note']}")
    if not in_view:
        notes.append(OUTSIDE_FILTERS)
    lines = [precision_note(row["date_precision"], row["date_label"])]
    if row["status"] == "planned":
        lines.insert(0, status_note(row["status"], _text(row["source_published_label"]) or "undated"))
    return RecordCard(
        record_id=row["milestone_id"],
        title=row["title"],
        subtitle=row["date_label"] + (" · planned" if row["status"] == "planned" else ""),
        lines=tuple(lines),
        body=row["summary"],
        facts=(("Kind", row["kind"]), *((("Status", PLANNED_FACT),) if row["status"] == "planned" else ()),
               ("Actors", ", ".join(row["actors"])),
               ("Policy areas", ", ".join(names.get(a, a) for a in row["policy_areas"]))),
        sentence=_text(row["source_sentence"]),
        source_markdown=provenance.source_line(row),
        article_link=link,
        notes=tuple(notes),
    )


EXPORT_COLUMNS = ["milestone_id", "date_label", "date_start", "date_end", "date_precision", "title", "summary",
                  "kind", "status", "actors", "policy_areas", "event_key", "source_id", "source_title", "source_url",
                  "source_published_label", "source_sentence", "confidence", "note"]


def export_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in view with their provenance: the CSV."""
    return rows[EXPORT_COLUMNS].reset_index(drop=True)


# On screen the most useful columns come first (a phone shows only the first few); the CSV
# keeps the dataset's order.
TABLE_COLUMNS = ["date_label", "title", "kind", "status", "policy_areas", "actors", "source_title",
                 "source_published_label", "summary", "source_sentence", "date_start", "date_end", "date_precision",
                 "event_key", "milestone_id", "source_id", "source_url", "confidence", "note"]


def table_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in view as the on-screen table lists them."""
    return rows[TABLE_COLUMNS].reset_index(drop=True)


# ---- the view ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineView:
    filters: Filters
    shown: Selection                     # dated milestones in view, in date order
    undated: Selection                   # undated ones matching the other filters, by id
    description: str
    empty_reason: str = ""
    chart: charts.ChartSpec | None = None
    turnover_note: str = ""
    picker: tuple[str, ...] = (NO_MILESTONE,)
    picker_labels: dict[str, str] = field(default_factory=dict)
    card: RecordCard | None = None
    table: Table | None = None
    table_ids: tuple[str, ...] = ()
    undated_table: Table | None = None
    download: Download | None = None
    story: "Story | None" = None
    events: int = 0                      # distinct event keys among `shown`
    occurred: np.ndarray | None = field(default=None, repr=False, compare=False)  # occurred_rows

    @property
    def heading(self) -> str:
        return words.sentence_case(self.description)

    @property
    def undated_section(self) -> Section:
        return Section("undated", TABS["undated"], table=self.undated_table,
                       empty="No undated statement matches these filters.")

    @cached_property
    def count_text(self) -> str:
        """'68 statements about 50 events shown': a row is one source's statement; statements
        about the same event share its event key (the Overview counts events). `events` is
        counted once, when the view is made (`distinct_events`)."""
        text = (f"{words.plural(len(self.shown), 'statement')} about "
                f"{words.plural(self.events, 'event')} shown")
        note = undated_note(len(self.undated))
        return f"{text} · {note}" if note else text


LABEL_COLUMNS = ["milestone_id", "date_label", "title", "status", "source_id"]
SUMMARY_COLUMNS = ["date_start", "date_end", "kind", "policy_areas"]


def _picker(shown: Selection, undated: Selection, dataset: Dataset, ids: Ids,
            selected: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The milestones in view (at most MAX_PICKER, dated first) and the selected one."""
    listed = pd.concat([shown.take(LABEL_COLUMNS, limit=MAX_PICKER),
                        undated.take(LABEL_COLUMNS, limit=max(0, MAX_PICKER - len(shown)))])
    if selected and not (listed["milestone_id"] == selected).any():
        position = ids.position(selected)
        listed = pd.concat([shown.frame[LABEL_COLUMNS].iloc[[position] if position >= 0 else []], listed])
    return (NO_MILESTONE, *listed["milestone_id"]), milestone_labels(sourced(listed, dataset))


CHART_CAPTION = ("One mark per event, in its first lane; a grey tick marks it in its other lanes. A number on a "
                 "mark says how many statements describe it (on marks too close to draw apart, how many describe "
                 "them together). Titles stand under their marks where there is room; hover or click any mark to "
                 "read it. Filled circle: exact day; hollow diamond: only the month is known; hollow square: only "
                 "the year is known; dashed: planned. Pale bars span the dates each could be.")
TURNOVER_NOTE = ("Grey bars, right axis: annual trade turnover, one bar across each year (a gap is a year "
                 "without a figure). ")


def event_codes(dataset: Dataset) -> np.ndarray:
    """Each milestone row's event as a small integer (-1: no event key), once per dataset: counting
    the events of a selection is then a count over integers, whatever the number of rows."""
    return dataset.derived("timeline_event_codes",
                           lambda d: pd.factorize(milestone_rows(d)["event_key"])[0].astype("int64"))


def distinct_events(codes: np.ndarray, positions: np.ndarray) -> int:
    """How many different events the rows at `positions` describe (rows without an event key
    count as one, as pandas' unique does)."""
    chosen = codes[positions]
    known = chosen[chosen >= 0]
    return int(np.count_nonzero(np.bincount(known))) + int(bool((chosen < 0).any()))


def occurred_rows(dataset: Dataset) -> np.ndarray:
    """Which milestone rows took place (status "occurred"), once per dataset."""
    return dataset.derived("timeline_occurred",
                           lambda d: (milestone_rows(d)["status"] == "occurred").to_numpy(dtype=bool, na_value=False))


def latest_occurred(shown: Selection, occurred: np.ndarray) -> tuple[str, str] | None:
    """Title and date label of the last row in view (date order) that took place (`occurred`:
    one flag per row of `shown.frame`), or None; only that row's texts are taken out."""
    occurred = np.flatnonzero(occurred[shown.positions])
    if not len(occurred):
        return None
    row = shown.frame.iloc[shown.positions[occurred[-1]]]
    return str(row["title"]), str(row["date_label"])


@memoized
def select(dataset: Dataset, values: dict) -> TimelineView:
    milestones = milestone_rows(dataset)
    order = milestone_order(dataset)
    ids = next(p for p in params(dataset) if p.key == "milestone").members
    names = area_names(dataset)
    f = Filters.from_values(values)
    shown = Selection(milestones, ordered(order, dated_in_view(milestones, f)))
    undated = Selection(milestones, ordered(order, undated_in_view(milestones, f)))
    events = distinct_events(event_codes(dataset), shown.positions)
    description = describe(f, names)
    selected = values["milestone"]
    picker, picker_labels = _picker(shown, undated, dataset, ids, selected)
    card = None
    if selected:
        position = ids.position(selected)
        in_view = position >= 0 and bool(np.isin(position, shown.positions) or np.isin(position, undated.positions))
        card = milestone_card(_with_event(milestones, selected, dataset), selected, names, in_view)
    common = dict(filters=f, shown=shown, undated=undated, events=events, occurred=occurred_rows(dataset),
                  description=description, picker=picker,
                  picker_labels=picker_labels, card=card,
                  undated_table=table(undated, lambda r: export_rows(sourced(r, dataset))) if len(undated) else None)
    if shown.empty:
        return TimelineView(empty_reason=empty_explanation(milestones, f, names), **common)
    turnover = annual_turnover(dataset, f.years) if values["trade"] else None
    turnover_note = ""
    if turnover is not None:
        turnover_note = ("No full-year turnover figure falls in these years." if turnover.empty
                         else TURNOVER_NOTE + metrics.PREFERENCE_RULE)
    source_note = provenance.sources_note_for(shown.column("source_id"), dataset["sources"])
    if len(shown) <= charts.MAX_MARKS:
        frame = chart_frame(sourced(shown.take(), dataset), values["lane"], names, selected, f.areas)
        chart = charts.timeline(frame, lanes_in(frame, values["lane"], names), f.years, turnover,
                                subtitle=description, source_note=source_note)
    else:
        summary = summary_in_view(dataset, shown, values["lane"], names, f.areas)
        chart = charts.timeline(pd.DataFrame(), lanes_in(summary, values["lane"], names), f.years, turnover,
                                subtitle=description, source_note=source_note, summary=summary)
        chart = replace(chart, note=(
            f"{len(shown):,} milestones are too many to draw one by one: each cell counts the milestones of a "
            "lane in a year. Narrow the years or filters to see each milestone."))
    listed = table(shown, lambda r: table_rows(sourced(r, dataset)))
    chart = charts.described(chart, chart_text(shown, f, values["lane"], events, occurred_rows(dataset)))
    return TimelineView(
        chart=chart, turnover_note=turnover_note, table=listed, story=story(dataset, shown, values, names) if
        values["story"] else None,
        table_ids=tuple(listed.frame["milestone_id"]),
        download=Download(shown, PAGE, description, shape=lambda r: export_rows(sourced(r, dataset)),
                          version=dataset.version), **common,
    )


def chart_text(shown: Selection, f: Filters, lane: str, events: int, occurred: np.ndarray) -> str:
    """The timeline in one sentence: its text alternative (`events`: distinct events in `shown`;
    `occurred`: `occurred_rows`)."""
    found = latest_occurred(shown, occurred)
    latest = f"; the latest that took place: {found[0]} ({found[1]})" if found else ""
    lanes = "one lane per policy area" if lane == "area" else "one lane per kind of event"
    return (f"Timeline of {words.plural(events, 'event')} ({words.plural(len(shown), 'statement')}), "
            f"{words.years_text(f.years)}, {lanes}{latest}. The list of milestones below holds each one.")


def takeaway(view: TimelineView) -> str:
    """One line for a slide: how many events the view holds, over which years, and the latest
    that took place."""
    if view.shown.empty:
        return view.empty_reason
    found = latest_occurred(view.shown, view.occurred)
    latest = f"; the latest: {found[0]} ({found[1]})" if found else ""
    years = view.filters.years
    return f"{words.plural(view.events, 'event')} in {years[0]}–{years[1]}{latest}."


@dataclass(frozen=True)
class Story:
    """One event of the view at a time, in date order: where it stands, its card, and a small
    timeline of the view's events with this one marked."""

    position: int                       # 0-based, among the events in view
    count: int
    milestone_id: str
    card: RecordCard
    chart: charts.ChartSpec | None
    previous: str = ""                  # the milestone id of the event before ('' at the first)
    next: str = ""

    @property
    def heading(self) -> str:
        return f"Event {self.position + 1} of {self.count}"


def story(dataset: Dataset, shown: Selection, values: dict, names: dict[str, str]) -> Story | None:
    """The story of the view's events: each event once (its first statement in view), the one
    chosen (`values["milestone"]`, or the first) on show. Costs one pass over the event keys in
    view; the small timeline is drawn while the view holds at most MAX_MARKS statements."""
    if shown.empty:
        return None
    keys = shown.column("event_key")
    firsts = shown.positions[~pd.Series(keys).duplicated().to_numpy()]
    milestones = shown.frame
    ids = milestones["milestone_id"].to_numpy()[firsts]
    chosen = values["milestone"]
    at, current = 0, str(ids[0])
    if chosen:
        event = milestones.loc[milestones["milestone_id"] == chosen, "event_key"]
        if len(event):
            hits = np.flatnonzero(milestones["event_key"].to_numpy()[firsts] == event.iloc[0])
            if len(hits):
                # The statement chosen stands for its event (it may not be the event's first).
                at, current = int(hits[0]), chosen
    card = milestone_card(_with_event(milestones, current, dataset), current, names)
    chart = None
    if len(shown) <= charts.MAX_MARKS:
        frame = chart_frame(sourced(shown.take(), dataset), ONE_LANE, names, current)
        # Only the event on show is named: the strip says where it sits, the card says the rest.
        frame = frame.assign(label_rank=np.where(frame["selected"], 0, -1))
        chart = charts.described(
            charts.timeline(frame, [ONE_LANE_LABEL], tuple(values["years"]),
                            subtitle=f"{card.title} among the events of this view", source_note=""),
            f"Timeline strip of the view's {words.plural(len(ids), 'event')}, {card.title} ({card.subtitle}) "
            f"marked: event {at + 1} of {len(ids)}.")
    return Story(position=at, count=len(ids), milestone_id=current, card=card, chart=chart,
                 previous=str(ids[at - 1]) if at > 0 else "", next=str(ids[at + 1]) if at + 1 < len(ids) else "")


def _with_event(milestones: pd.DataFrame, selected: str, dataset: Dataset) -> pd.DataFrame:
    """The selected milestone and the other statements of its event, with their sources: what
    its card needs, without attaching sources to every row."""
    key = milestones.loc[milestones["milestone_id"] == selected, "event_key"]
    return sourced(milestones[milestones["event_key"].isin(key)], dataset)
