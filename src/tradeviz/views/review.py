"""The Review page: the candidates an added article proposed (tradeviz.review_file), each as a card
in words beside the sentence it comes from, to accept or reject with one click and to correct
before accepting. Saving is tradeviz.review's, reached only through ui, for a signed-in editor.

Everything here is plain: the cards and their words, the fields an editor may correct with the
page's names for them, and what a save still needs before it can be made."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradeviz import periods, records, review_file, rules, schema, state, words
from tradeviz.store import Dataset

PAGE = "review"
SHOWN = {"candidate": "Still to decide", "all": "Every candidate"}
KIND_LABELS = {"figure": "Trade figure", "event": "Event"}
# The two decisions, as the page's one-click control offers them.
DECISIONS = ("accepted", "rejected")
DECISION_LABELS = {"accepted": "Accept", "rejected": "Reject"}
STATUS_LABELS = {"candidate": "To decide", "accepted": "Accepted", "rejected": "Rejected"}
EVENT_STATUS_LABELS = {"occurred": "Occurred", "planned": "Planned"}
UNIT_LABELS = {"usd_million": "USD million", "rank": "Rank", "percent": "Percent"}
QUALIFIER_LABELS = {"exact": "Exactly", "about": "About", "more_than": "More than", "less_than": "Less than"}
BASIS_LABELS = {"same_period_prior_year": "The same period of the previous year", "year_on_year": "The previous year"}
PRECISION_LABELS = {"": "Taken from the dates", "day": "Day", "month": "Month", "year": "Year only",
                    "undated": "Undated"}
NOT_STATED = "—"
# Who produced a figure, as the Review page names them: schema.REPORTER_LABELS calls the
# default "Seed news article", which is true of the seeds only.
REPORTER_LABELS = {**schema.REPORTER_LABELS, "press_article": "A news article (the article itself)"}
STAT_BASIS_LABELS = {"azerbaijan": "Azerbaijan's", "china": "China's", "not_stated": "Not stated"}
WHOSE_STATISTICS = {"azerbaijan": "Azerbaijan's statistics", "china": "China's statistics",
                    "not_stated": "whose statistics not stated"}
CONFIDENCE_LABELS = {"normal": "Normal", "low": "Low (to check)", "inconsistent": "Inconsistent with other sources"}
OWN_EVENT = "An event of its own"


@dataclass(frozen=True)
class Field:
    """One field an editor may correct: the review file's column, the page's name for it, and
    how it is entered: 'choice' (from `options`, shown by `option_labels`), 'text', 'number',
    'date' (YYYY-MM-DD), 'areas' (policy areas, stored as '; '-separated ids) or 'event' (the
    event_key of an event the dataset holds, or none: an event of its own)."""

    name: str
    label: str
    kind: str
    options: tuple[str, ...] = ()
    option_labels: dict[str, str] = field(default_factory=dict)
    help: str | None = None

    def label_of(self, option: str) -> str:
        return self.option_labels.get(option, option) or NOT_STATED


def _choice(name: str, label: str, options, labels: dict[str, str], blank: str | None = None) -> Field:
    options = tuple(options)
    labels = dict(labels)
    if blank is not None:
        options, labels = ("", *options), {"": blank, **labels}
    return Field(name, label, "choice", options, labels)


FIELDS = {f.name: f for f in (
    _choice("flow", "Figure", schema.FLOWS, schema.FLOW_LABELS),
    Field("value", "Value", "number", help="As the sentence states it, in the unit below (USD million: 4800 for $4.8 bn)."),
    _choice("unit", "Unit", schema.UNITS, UNIT_LABELS),
    _choice("qualifier", "As stated", schema.QUALIFIERS, QUALIFIER_LABELS),
    Field("period_start", "Period from", "date"),
    Field("period_end", "Period to", "date"),
    Field("growth_reported", "Growth reported", "number", help="17.7 for 17.7 percent; 2 for twice as much."),
    _choice("growth_unit", "Growth in", schema.GROWTH_UNITS, {"percent": "Percent", "multiple": "Times (×)"},
            blank=NOT_STATED),
    _choice("growth_qualifier", "Growth as stated", schema.QUALIFIERS, QUALIFIER_LABELS, blank=NOT_STATED),
    _choice("growth_basis", "Growth compared with", BASIS_LABELS, BASIS_LABELS, blank=NOT_STATED),
    Field("title", "Title", "text"),
    Field("date_start", "From", "date"),
    Field("date_end", "To", "date"),
    _choice("date_precision", "Date known to the", schema.DATE_PRECISIONS, PRECISION_LABELS,
            blank=PRECISION_LABELS[""]),
    _choice("event_status", "Status", schema.MILESTONE_STATUSES, EVENT_STATUS_LABELS),
    _choice("milestone_kind", "Kind", schema.MILESTONE_KINDS, {k: k.capitalize() for k in schema.MILESTONE_KINDS}),
    Field("summary", "Summary", "text"),
    Field("actors", "Who", "text", help="Names separated by “;”."),
    Field("policy_areas", "Policy areas", "areas"),
    _choice("reporter", "Reported by", schema.REPORTERS, REPORTER_LABELS),
    Field("reporter_detail", "Reporter, as named", "text",
          help="Who gave the figure, as the article names them; left blank, the article's publisher."),
    _choice("stat_basis", "Whose statistics", schema.STAT_BASES, STAT_BASIS_LABELS),
    Field("event_key", "Same event as", "event",
          help="Another record of the same event (its other statements are then shown with it), or none."),
    _choice("confidence", "Confidence", schema.CONFIDENCES, CONFIDENCE_LABELS),
    Field("note", "Note", "text", help="Kept with the record, for the next researcher."),
)}
# The fields of each kind, in the order the page shows them (review_file.EDITABLE less the status).
KIND_FIELDS = {kind: tuple(name for name in names if name != "status") for kind, names in review_file.EDITABLE.items()}
KIND_FIELDS["event"] = ("title", "date_start", "date_end", "date_precision", "event_status", "milestone_kind",
                        "summary", "actors", "policy_areas", "event_key", "confidence", "note")


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    articles = tuple(sorted(set(_read(dataset.folder)[0].rows["article_id"]))) if dataset.folder else ()
    return (
        state.Param("article", "choice", default=articles[0] if articles else "", options=("", *articles),
                    label="Article", widget="selectbox", labels={"": "(every article)", **article_labels(dataset)}),
        state.Param("show", "choice", default="candidate", options=tuple(SHOWN), label="Show", widget="segmented",
                    labels=SHOWN),
    )


@dataclass(frozen=True)
class ReviewView:
    rows: pd.DataFrame          # the review rows in view
    revision: str               # the review file's revision these rows come from
    count_text: str
    empty_reason: str
    problem: str = ""           # the review file cannot be read: what is wrong, naming the file


def _read(folder: Path) -> tuple[review_file.Snapshot, str]:
    try:
        return review_file.read(folder), ""
    except records.Unreadable as exc:
        return review_file.Snapshot(pd.DataFrame(columns=list(review_file.COLUMNS), dtype=str), ""), str(exc)


def select(folder: Path, values: dict) -> ReviewView:
    """Read from disk on every run (not memoised): another reviewer may have saved since."""
    snapshot, problem = _read(folder)
    if problem:
        return ReviewView(snapshot.rows, "", "", f"The review file cannot be read, so there is nothing to review "
                                                 f"here until it is fixed or removed: {problem}", problem)
    rows = snapshot.rows
    if values["article"]:
        rows = rows[rows["article_id"] == values["article"]]
    if values["show"] == "candidate":
        rows = rows[rows["status"] == "candidate"]
    decided = (snapshot.rows["status"] != "candidate").sum()
    count = f"{len(rows)} shown; {decided} of {len(snapshot.rows)} candidates decided"
    empty = "" if len(rows) else (
        "Nothing to review: add an article with `python -m tradeviz add-article FILE`." if snapshot.rows.empty
        else "Every candidate here is decided.")
    return ReviewView(rows.reset_index(drop=True), snapshot.revision, count, empty)


def article_labels(dataset: Dataset) -> dict[str, str]:
    """Article id -> 'Its title · 14 Apr 2026', for the article picker."""
    table = dataset.tables.get("articles")
    if table is None or table.empty:
        return {}
    return {str(row["article_id"]): f"{row['title']} · {pd.Timestamp(row['published']):%-d %b %Y}"
            for row in table[["article_id", "title", "published"]].to_dict("records")}


def area_names(dataset: Dataset) -> dict[str, str]:
    """Policy area id -> its name, for the areas field."""
    table = dataset.tables.get("policy_areas")
    if table is None or table.empty:
        return {}
    return dict(zip(table["area_id"].astype(str), table["name"].astype(str)))


def event_names(dataset: Dataset) -> dict[str, str]:
    """Event key -> 'Its title (its date)', for the 'Same event as' field: one name an event,
    from its first statement by date."""
    table = dataset.tables.get("milestones")
    if table is None or table.empty:
        return {}
    ordered = table.sort_values(["date_start", "milestone_id"], kind="stable", na_position="last")
    first = ordered.drop_duplicates("event_key")
    return {str(row["event_key"]): f"{row['title']} ({row['date_label']})"
            for row in first[["event_key", "title", "date_label"]].to_dict("records")}


# ---- a card -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    number: int                 # its place on the page, from 1
    candidate_id: str
    kind: str                   # figure, event
    status: str                 # candidate, accepted, rejected
    sentence: str               # the article's sentence it comes from
    values: dict[str, str]      # its fields as proposed (or as decided), by review column
    decided: str                # who decided it, when and what it became; "" while to decide

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(FIELDS[name] for name in KIND_FIELDS.get(self.kind, ()))


def cards(rows: pd.DataFrame) -> list[Card]:
    out = []
    for number, row in enumerate(rows.fillna("").astype(str).to_dict("records"), start=1):
        kind = row["kind"]
        values = {name: row.get(name, "") for name in KIND_FIELDS.get(kind, ())}
        out.append(Card(number, row["candidate_id"], kind, row["status"], row["sentence"], values, _decided(row)))
    return out


def _decided(row: dict) -> str:
    """'Accepted by aysel@example.org on 2026-04-15, as record fx-r001'; '' while to decide."""
    if row["status"] == "candidate":
        return ""
    parts = [STATUS_LABELS.get(row["status"], row["status"])]
    if row["reviewer"]:
        parts.append(f"by {row['reviewer']}")
    if row["reviewed_at"]:
        parts.append(f"on {row['reviewed_at'][:10]}")
    return " ".join(parts) + (f", as record {row['record_id']}" if row["record_id"] else "")


def _number(text: str) -> float | None:
    """A number as an editor types it ('4800', '53.3', '1,234.5'); None when it is not one."""
    try:
        value = float(text.replace(",", "").replace("\u2212", "-").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def date_text(start: str, end: str, precision: str) -> str:
    """'7 March 1994', '7–10 March 1994', 'March 2026', '2026', 'undated': an event's date in words."""
    first, last = _date(start), _date(end)
    if first is None:
        return "undated" if not start.strip() else start
    precision = precision or "day"
    if precision == "year":
        return str(first.year)
    if precision == "month":
        return f"{first:%B %Y}"
    if last is None or last == first:
        return f"{first.day} {first:%B %Y}"
    if (last.year, last.month) == (first.year, first.month):
        return f"{first.day}–{last.day} {first:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def period_text(start: str, end: str) -> str:
    first, last = _date(start), _date(end)
    if first is None or last is None:
        return "not stated (the article's date stands for it)" if not (start or end) else f"{start} – {end}"
    return periods.label(pd.Timestamp(first), pd.Timestamp(last))


def heading(kind: str, values: dict[str, str]) -> str:
    """A card's heading: what the figure is and when ('Trade turnover, 2026 Jan–Mar'), or the
    event's title."""
    if kind == "figure":
        what = schema.FLOW_LABELS.get(values.get("flow", ""), values.get("flow", "") or "A figure")
        start, end = values.get("period_start", ""), values.get("period_end", "")
        return f"{what}, {period_text(start, end)}" if _date(start) and _date(end) else what
    return values.get("title", "").strip() or "(no title)"


def facts(kind: str, values: dict[str, str], areas: dict[str, str],
          events: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """What a card proposes, in words, as (label, text) pairs; `events` names the events the
    dataset holds by their event_key."""
    get = values.get
    out = _kind_facts(kind, values, areas, events or {})
    if get("confidence", "") not in ("", "normal"):
        out.append(("Confidence", CONFIDENCE_LABELS.get(get("confidence", ""), get("confidence", ""))))
    if get("note", "").strip():
        out.append(("Note", get("note", "").strip()))
    return out


def _kind_facts(kind: str, values: dict[str, str], areas: dict[str, str], events: dict[str, str]):
    get = values.get
    if kind == "figure":
        value = _number(get("value", ""))
        out = [("Value", words.value_text(value, get("unit", ""), get("qualifier", "")) if value is not None
                else (get("value") or "not stated")),
               ("Period", period_text(get("period_start", ""), get("period_end", "")))]
        growth = _number(get("growth_reported", ""))
        if growth is not None:
            text = words.growth_text(growth, get("growth_unit") or None, get("growth_qualifier") or None) or f"{growth:g}"
            basis = BASIS_LABELS.get(get("growth_basis", ""), get("growth_basis", ""))
            out.append(("Growth", f"{text} on {basis[0].lower() + basis[1:]}" if basis else text))
        reporter = REPORTER_LABELS.get(get("reporter", ""), get("reporter", ""))
        detail = get("reporter_detail", "").strip()
        whose = WHOSE_STATISTICS.get(get("stat_basis", ""), get("stat_basis", ""))
        said = ", ".join(part for part in (f"{reporter}: {detail}" if reporter and detail else reporter or detail, whose)
                         if part)
        if said:
            out.append(("Reported by", said))
        return out
    out = [("Date", date_text(get("date_start", ""), get("date_end", ""), get("date_precision", ""))),
           ("Status", EVENT_STATUS_LABELS.get(get("event_status", ""), get("event_status", "") or "not stated")),
           ("Kind", FIELDS["milestone_kind"].label_of(get("milestone_kind", "")) or NOT_STATED)]
    if get("actors", "").strip():
        out.append(("Who", get("actors", "").strip()))
    chosen = split_areas(get("policy_areas", ""))
    if chosen:
        out.append(("Policy areas", ", ".join(areas.get(a, a) for a in chosen)))
    if get("event_key", "").strip():
        out.append(("Same event as", events.get(get("event_key", "").strip(), get("event_key", "").strip())))
    return out


def split_areas(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def join_areas(chosen) -> str:
    return "; ".join(chosen)


# ---- what a save needs --------------------------------------------------------------------------


def needs(kind: str, values: dict[str, str], areas: dict[str, str]) -> list[str]:
    """What an accepted candidate still lacks before it can become a record, in words (empty:
    nothing). The build checks the same rules again when the save is made; this says them first."""
    get = lambda name: values.get(name, "").strip()  # noqa: E731
    out = [f"{what} from the list (not “{get(name)[:20]}”)"
           for name, what, allowed in (("reporter", "who reported it", schema.REPORTERS),
                                       ("stat_basis", "whose statistics", schema.STAT_BASES),
                                       ("confidence", "a confidence", schema.CONFIDENCES))
           if name in KIND_FIELDS.get(kind, ()) and get(name) and get(name) not in allowed]
    if kind == "figure":
        if get("flow") not in schema.FLOWS:
            out.append("what the figure is")
        for name in ("value", "growth_reported"):
            if get(name) and _number(get(name)) is None:
                out.append(f"a number as its {FIELDS[name].label.lower()} (not “{get(name)[:20]}”)")
        if not get("value") and not get("growth_reported"):
            out.append("a value or a reported growth")
        if get("growth_reported") and not get("growth_unit"):
            out.append("the unit of its growth")
        if get("growth_unit") and not get("growth_reported"):
            out.append("a reported growth for its growth unit (or no growth unit)")
        expected = rules.UNIT_OF_FLOW.get(get("flow"), "usd_million")
        if get("flow") in schema.FLOWS and get("unit") != expected:
            out.append(f"the unit its figure is measured in ({UNIT_LABELS.get(expected, expected)})")
        out += _dates_need(get("period_start"), get("period_end"), "period")
        return out
    if kind == "event":
        if not get("title"):
            out.append("a title")
        dated = _dates_need(get("date_start"), get("date_end"), "date")
        out += dated
        if not dated:
            precision = get("date_precision") or ("day" if get("date_start") else "undated")
            problem = rules.date_precision_problem(_date(get("date_start")), _date(get("date_end")), precision)
            if problem:
                out.append(f"dates that fit its precision ({problem})")
        if not split_areas(get("actors")):
            out.append("who took part (Who)")
        chosen = split_areas(get("policy_areas"))
        unknown = [a for a in chosen if areas and a not in areas]
        if not chosen:
            out.append("a policy area")
        elif unknown:
            out.append(f"policy areas from the list (not {', '.join(unknown[:3])})")
        return out
    return [f"a known kind (not “{kind[:20]}”)"]


def _dates_need(start: str, end: str, what: str) -> list[str]:
    bad = [text for text in (start, end) if text and _date(text) is None]
    if bad:
        return [f"{what} dates as YYYY-MM-DD (not “{bad[0][:20]}”)"]
    if bool(start) != bool(end):
        return [f"both {what} dates, or neither"]
    if start and _date(end) < _date(start):
        return [f"a {what} that ends after it starts"]
    return []


@dataclass(frozen=True)
class SaveState:
    ready: bool
    message: str


def save_state(chosen: dict[str, dict[str, str]], shown: list[Card], areas: dict[str, str]) -> SaveState:
    """Whether Save can be pressed, and what it says: what it will do, or what it still needs.
    `chosen` holds candidate id -> the fields with the decision in 'status', for the candidates
    an editor has decided on the page."""
    if not chosen:
        return SaveState(False, "Nothing to save yet: choose Accept or Reject on a candidate.")
    by_id = {card.candidate_id: card for card in shown}
    lacking = []
    for cid, fields in chosen.items():
        card = by_id.get(cid)
        if card is None or fields.get("status") != "accepted":
            continue
        missing = needs(card.kind, fields, areas)
        if missing:
            lacking.append(f"#{card.number} ({shortened(heading(card.kind, fields))}) needs {and_list(missing)}")
    if lacking:
        return SaveState(False, "Save needs, before it can accept: " + "; ".join(lacking) + ".")
    accepted = sum(f.get("status") == "accepted" for f in chosen.values())
    rejected = len(chosen) - accepted
    parts = [x for x in (f"{accepted} to accept" if accepted else "", f"{rejected} to reject" if rejected else "") if x]
    it = "it" if len(chosen) == 1 else "them"
    return SaveState(True, f"Ready: {' and '.join(parts)}. Saving records {it} under your address and rebuilds "
                           "the dataset; a decision is final.")


def shortened(text: str, most: int = 48) -> str:
    """`text` cut at a word to at most `most` characters, with '…' when cut."""
    if len(text) <= most:
        return text
    return text[:most - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
