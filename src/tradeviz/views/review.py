"""The Review page: the candidates an added article proposed (tradeviz.review), to correct and
accept or reject; accepting writes the sources and rebuilds the dataset."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradeviz import records, review, schema, state
from tradeviz.store import Dataset

PAGE = "review"
SHOWN = {"candidate": "Still to decide", "all": "Every candidate"}
EDITABLE = ("status", *review.FIGURE_FIELDS, *review.EVENT_FIELDS, *review.SHARED_FIELDS)
# Choices offered in the editor's cells.
CHOICES = {"status": review.STATUSES, "flow": schema.FLOWS, "unit": schema.UNITS, "qualifier": schema.QUALIFIERS,
           "growth_unit": ("", *schema.GROWTH_UNITS), "growth_qualifier": ("", *schema.QUALIFIERS),
           "date_precision": ("", *schema.DATE_PRECISIONS), "milestone_kind": schema.MILESTONE_KINDS,
           "event_status": schema.MILESTONE_STATUSES, "reporter": schema.REPORTERS, "stat_basis": schema.STAT_BASES,
           "confidence": schema.CONFIDENCES}


def params(dataset: Dataset) -> tuple[state.Param, ...]:
    articles = tuple(sorted(set(_read(dataset.folder)[0].rows["article_id"]))) if dataset.folder else ()
    return (
        state.Param("article", "choice", default=articles[0] if articles else "", options=("", *articles),
                    label="Article", widget="selectbox", labels={"": "(every article)"}),
        state.Param("show", "choice", default="candidate", options=tuple(SHOWN), label="Show", widget="segmented",
                    labels=SHOWN),
    )


@dataclass(frozen=True)
class ReviewView:
    rows: pd.DataFrame          # the review rows in view, for st.data_editor
    revision: str               # the review file's revision these rows come from
    count_text: str
    empty_reason: str
    problem: str = ""           # the review file cannot be read: what is wrong, naming the file


def _read(folder: Path) -> tuple[review.Snapshot, str]:
    try:
        return review.read(folder), ""
    except records.Unreadable as exc:
        return review.Snapshot(pd.DataFrame(columns=list(review.COLUMNS), dtype=str), ""), str(exc)


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


def decisions(edited: pd.DataFrame, shown: pd.DataFrame) -> dict[str, dict[str, str]]:
    """What a reviewer changed, by candidate id: the rows whose editable fields differ from the
    rows shown, each with those fields. A row is matched by its index in `shown` (the rows the
    server handed out), so its candidate id never comes from the client; a row the client added
    is ignored, and so is every field that is not editable."""
    edited = edited.fillna("").astype(str)
    out = {}
    for label in edited.index.intersection(shown.index):
        before, after = shown.loc[label], edited.loc[label]
        if any(str(before[c]) != after[c] for c in EDITABLE):
            out[str(before["candidate_id"])] = {c: after[c] for c in EDITABLE}
    return out
