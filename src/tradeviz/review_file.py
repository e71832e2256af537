"""The review file, read: the candidates that added articles proposed and the decisions taken on
them, as `data/sources/review.csv` holds them. Reading only; tradeviz.review writes the file (and
the records a decision makes), so a page that shows the candidates never reaches the write side.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradeviz import records
from tradeviz.schema import Problem

REVIEW_FILE = "review.csv"
REVIEW_LABEL = f"data/sources/{REVIEW_FILE}"
STATUSES = ("candidate", "accepted", "rejected")
FIGURE_FIELDS = ("flow", "value", "unit", "qualifier", "period_start", "period_end", "growth_reported",
                 "growth_unit", "growth_qualifier", "growth_basis", "reporter", "reporter_detail", "stat_basis")
# event_status beside the date it qualifies: the Review page's editor shows columns in this order.
EVENT_FIELDS = ("date_start", "date_end", "date_precision", "event_status", "title", "summary", "milestone_kind",
                "actors", "policy_areas", "event_key")
# Fields of every candidate: the editor's research flag and note, which the record keeps.
SHARED_FIELDS = ("confidence", "note")
COLUMNS = ("candidate_id", "article_id", "kind", "status", "reviewer", "reviewed_at", "record_id",
           *FIGURE_FIELDS, *EVENT_FIELDS, *SHARED_FIELDS, "sentence", "span_start", "span_end")
# What a save may change in a candidate of each kind: its decision and its coded fields.
EDITABLE = {"figure": ("status", *FIGURE_FIELDS, *SHARED_FIELDS), "event": ("status", *EVENT_FIELDS, *SHARED_FIELDS)}


@dataclass(frozen=True)
class Snapshot:
    rows: pd.DataFrame      # COLUMNS, every value a string ("" for empty)
    revision: str           # hash of the file's bytes: what a save was made from
    payload: bytes = b""    # the file's bytes, which a write appends to



def review_path(data_dir: Path) -> Path:
    return data_dir / "sources" / REVIEW_FILE


def read(data_dir: Path) -> Snapshot:
    """The review file's rows. Raises records.Unreadable, naming the file, when it cannot be read
    as the review file (binary, not UTF-8, a row of the wrong length, a folder)."""
    path = review_path(data_dir)
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        payload = b""
    except OSError as exc:
        raise records.Unreadable(Problem(REVIEW_LABEL, f"cannot be read ({exc.strerror or exc})")) from None
    cells = records.parse_csv(payload, REVIEW_LABEL) if payload else []
    if cells:
        header = cells[0]
        if "candidate_id" not in header:
            raise records.Unreadable(Problem(REVIEW_LABEL, "has no candidate_id column: this is not a review file",
                                             row=1))
        for number, row in enumerate(cells[1:], start=2):
            if len(row) != len(header):
                raise records.Unreadable(Problem(REVIEW_LABEL, f"has {len(row)} cells, the header has {len(header)}",
                                                 row=number))
        seen: dict[str, int] = {}
        for number, row in enumerate(cells[1:], start=2):
            cid = row[header.index("candidate_id")]
            if cid in seen:
                raise records.Unreadable(Problem(REVIEW_LABEL, f"candidate {cid[:80]!r} repeats row {seen[cid]}",
                                                 row=number, column="candidate_id"))
            seen[cid] = number
        rows = pd.DataFrame(cells[1:], columns=header, dtype=str).reindex(columns=list(COLUMNS), fill_value="")
    else:
        rows = pd.DataFrame(columns=list(COLUMNS), dtype=str)
    return Snapshot(rows.reset_index(drop=True), hashlib.sha256(payload).hexdigest()[:16], payload)
